"""Review requests and answers through a real PostgreSQL hub: Ann sends Priya a signed request for a review
of her application; Priya's MasteryDesk lists it, answers it signed, and the answer goes back sealed while
the request is deleted; Ann's sync imports it as a verified review, once. Zed sees no row and can answer
nobody; a changed byte or another key is one sentence and the rest goes on, said once and deleted, while
an answer refused for now stays until it holds; nothing private, nor the words of the review, is readable
on the hub. Priya may decline a request instead: it is deleted unanswered, Ann hears nothing, and nobody
else can decline it."""

from __future__ import annotations

import datetime as dt
import json

import psycopg
import pytest

from masterydesk.domain import records as r
from masterydesk.services.editing import delete_records, read_records, restore_deletion
from masterydesk.services.figures import day_text
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from masterydesk.sync import review_mail, shares, syncing
from masterydesk.sync.postgres_hub import add_user, open_postgres_hub
from masterydesk.trust import feedback, hub_reviews
from masterydesk.trust.did_key import public_key_from_did
from masterydesk.trust.identity import journal_identity, set_owner_name
from masterydesk.trust.reviews import ReviewRefused, answer_request, review_request, verified_review
from tests.builders import app, contact, fill, skill
from tests.interchange.helpers import is_one_sentence, run_cli
from tests.sync.postgres_cluster import query

MARKER = "PRIVATE-MARKER-rv93d1"
PASS = "correct horse battery staple"
TODAY = dt.date.today()
WORDS = "Tidy window functions"


@pytest.fixture
def urls(hub_admin) -> dict[str, str]:
    return {name: add_user(name, hub_admin) for name in ("ann", "priya", "zed")}


@pytest.fixture
def journals(tmp_path):
    ann = open_journal(tmp_path / "ann.sqlite", create=True)
    fill(ann, skills=[skill("sql", name="SQL")], contacts=[contact("pp", name="Priya")],
         applications=[app("a1", "sql", TODAY - dt.timedelta(days=5), notes="joins"),
                       app("a2", "sql", TODAY - dt.timedelta(days=4), reviewer_id="pp")],
         journal=[r.JournalEntry("e1", TODAY, r.EntryKind.REFLECTION, f"doubts {MARKER}", 20, ("sql",), private=True)])
    set_owner_name(ann, "Ann Smith")
    priya = open_journal(tmp_path / "priya.sqlite", create=True)
    set_owner_name(priya, "Priya Patel")
    zed = open_journal(tmp_path / "zed.sqlite", create=True)
    yield {"ann": ann, "priya": priya, "zed": zed}
    for journal in (ann, priya, zed):
        journal.close()


@pytest.fixture
def hubs(urls, journals):
    """Priya and Zed have published their keys; Ann publishes hers when she first asks."""
    opened = {name: open_postgres_hub(url) for name, url in urls.items()}
    for name in ("priya", "zed"):
        shares.publish_key(opened[name], journal_identity(journals[name]).did)
    yield opened
    for hub in opened.values():
        hub.close()


def count(url: str, table: str) -> int:
    return query(url, f"SELECT count(*) FROM {table}")[0][0]


def ann_asks(hubs, journals, application_id: str = "a1") -> None:
    said = hub_reviews.send_request(journals["ann"], hubs["ann"], application_id, "priya")
    assert said.startswith("Sent hub user priya your signed request for a review of SQL, applied on ")
    assert said.endswith("; their answer comes in with a sync.")


def priya_answers(hubs, journals) -> str:
    [incoming] = hub_reviews.inbox(journals["priya"], hubs["priya"]).requests
    return hub_reviews.answer_from_hub(journals["priya"], hubs["priya"], incoming.id, 4, WORDS)


def test_a_request_through_the_hub_comes_back_as_a_verified_review(hubs, journals, urls):
    ann_asks(hubs, journals)

    inbox = hub_reviews.inbox(journals["priya"], hubs["priya"])
    assert inbox.problems == ()
    [incoming] = inbox.requests
    assert incoming.sender == "ann" and incoming.sentence.startswith("Ann Smith asks for a review of SQL, applied on ")
    assert incoming.request["application"]["notes"] == "joins"
    said = hub_reviews.answer_from_hub(journals["priya"], hubs["priya"], incoming.id, 4, WORDS)
    assert said == "Sent your signed answer (4/5) to Ann Smith (hub user ann), sealed to their key."
    assert (count(urls["priya"], "hub_review_requests"), count(urls["ann"], "hub_review_answers")) == (0, 1)

    got = hub_reviews.receive_answers(journals["ann"], hubs["ann"])

    assert got.problems == () and got.imported == 1
    assert got.sentences[0].startswith("Priya Patel reviewed the application of ")
    [application] = read_records(journals["ann"], "applications", ["a1"]).applications
    [reviewer] = read_records(journals["ann"], "contacts", [application.reviewer_id]).contacts
    assert reviewer.did == journal_identity(journals["priya"]).did and application.quality == 4
    assert verified_review(application, reviewer) == "Verified review by Priya Patel: 4/5"
    assert count(urls["ann"], "hub_review_answers") == 0


def test_an_answer_imported_twice_changes_nothing(hubs, journals, urls, postgres_hub_db):
    ann_asks(hubs, journals)
    priya_answers(hubs, journals)
    rows = query(postgres_hub_db, "SELECT owner::text, id, reader::text, data FROM hub_review_answers")
    hub_reviews.receive_answers(journals["ann"], hubs["ann"])
    before = export_bundle(journals["ann"])
    for row in rows:  # delivered again (the admin puts the row back)
        query(postgres_hub_db, "INSERT INTO hub_review_answers (owner, id, reader, data) VALUES (%s, %s, %s, %s)", *row)

    got = hub_reviews.receive_answers(journals["ann"], hubs["ann"])

    assert got == feedback.Received(0, (), ())
    assert export_bundle(journals["ann"]) == before
    assert count(postgres_hub_db, "hub_review_answers") == 0


def test_only_the_two_parties_see_the_rows_and_nobody_answers_unasked(hubs, journals, urls, postgres_hub_db):
    ann_asks(hubs, journals)
    assert [count(urls[name], "hub_review_requests") for name in ("ann", "priya", "zed")] == [1, 1, 0]
    query(urls["zed"], "DELETE FROM hub_review_requests")
    query(urls["priya"], "UPDATE hub_review_requests SET data = 'forged'")  # the addressee reads, never rewrites
    assert query(postgres_hub_db, "SELECT count(*) FROM hub_review_requests WHERE data <> 'forged'") == [(1,)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):  # an answer nobody asked for
        query(urls["zed"], "INSERT INTO hub_review_answers (id, reader, data) VALUES ('x', 'ann', 'spam')")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):  # under another's name
        query(urls["zed"], "INSERT INTO hub_review_requests (owner, id, reader, data) VALUES ('ann', 'x', 'priya', 'x')")
    query(urls["zed"], "INSERT INTO hub_review_requests (id, reader, data) VALUES ('y', 'priya', 'x')")  # anyone asks
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):  # but only who has a key
        query(urls["priya"], "INSERT INTO hub_review_requests (id, reader, data) VALUES ('z', 'nobody', 'x')")

    priya_answers_all = hub_reviews.inbox(journals["priya"], hubs["priya"])
    assert [i.sender for i in priya_answers_all.requests] == ["ann"]
    assert priya_answers_all.problems == ("A review request from hub user zed cannot be answered: this review request "
                                          "was changed on the hub, or sealed to another key.",)
    priya_answers(hubs, journals)
    assert [count(urls[name], "hub_review_answers") for name in ("ann", "priya", "zed")] == [1, 1, 0]
    query(urls["zed"], "DELETE FROM hub_review_answers")
    query(urls["ann"], "UPDATE hub_review_answers SET data = 'forged'")
    assert query(postgres_hub_db, "SELECT count(*) FROM hub_review_answers WHERE data <> 'forged'") == [(1,)]


def test_nothing_private_nor_the_words_of_the_review_are_on_the_hub(hubs, journals, postgres_hub_db):
    ann_asks(hubs, journals)
    ann_asks(hubs, journals, "a2")
    priya_answers_first = hub_reviews.inbox(journals["priya"], hubs["priya"]).requests[0]
    hub_reviews.answer_from_hub(journals["priya"], hubs["priya"], priya_answers_first.id, 5, WORDS)

    seen = 0
    for table in ("hub_keys", "hub_review_requests", "hub_review_answers"):
        for row in query(postgres_hub_db, f"SELECT * FROM {table}"):
            stored = b"".join(v if isinstance(v, bytes) else str(v).encode() for v in row)
            assert MARKER.encode() not in stored and WORDS.encode() not in stored
            # The skill as JSON or in words ("SQL" alone turns up in base64 by chance).
            assert b"joins" not in stored and b'"SQL"' not in stored and b"of SQL" not in stored
            assert b"Ann Smith" not in stored
            seen += 1
    assert seen == 5  # three keys, the second request, the answer to the first


def test_a_changed_byte_is_one_sentence_and_the_rest_goes_on(hubs, journals, postgres_hub_db):
    ann_asks(hubs, journals)
    ann_asks(hubs, journals, "a2")
    for incoming in hub_reviews.inbox(journals["priya"], hubs["priya"]).requests:
        hub_reviews.answer_from_hub(journals["priya"], hubs["priya"], incoming.id, 3)
    query(postgres_hub_db, "UPDATE hub_review_answers SET data = overlay(data PLACING set_byte('\\x00'::bytea, 0,"
                           " get_byte(data, 60) # 1) FROM 61) WHERE id = (SELECT min(id) FROM hub_review_answers)")

    got = hub_reviews.receive_answers(journals["ann"], hubs["ann"])

    assert got.imported == 1
    assert got.problems == ("A review answer from hub user priya was refused: this review answer was changed on the "
                            "hub, or sealed to another key.",)
    assert is_one_sentence(got.problems[0])
    # Ann's key is the one ann publishes, so the answer never opens: said once, then gone from the hub.
    assert count(postgres_hub_db, "hub_review_answers") == 0
    assert hub_reviews.receive_answers(journals["ann"], hubs["ann"]) == feedback.Received(0, (), ())


def test_an_answer_not_signed_with_the_writers_published_key_is_refused(hubs, journals, tmp_path, postgres_hub_db):
    ann_asks(hubs, journals)
    priya_answers(hubs, journals)
    other = open_journal(tmp_path / "other.sqlite", create=True)
    shares.publish_key(hubs["priya"], journal_identity(other).did)
    other.close()
    before = export_bundle(journals["ann"])

    got = hub_reviews.receive_answers(journals["ann"], hubs["ann"])

    assert got.problems == ("A review answer from hub user priya was refused: this review answer is not signed with "
                            "the key priya publishes on the hub.",)
    assert export_bundle(journals["ann"]) == before
    assert count(postgres_hub_db, "hub_review_answers") == 0  # refused for good: said once, gone
    assert hub_reviews.receive_answers(journals["ann"], hubs["ann"]) == feedback.Received(0, (), ())


def test_an_answer_whose_writer_publishes_no_key_yet_stays_and_comes_in_once_it_is(hubs, journals, postgres_hub_db):
    ann_asks(hubs, journals)
    priya_answers(hubs, journals)
    query(postgres_hub_db, "DELETE FROM hub_keys WHERE owner = 'priya'")

    got = hub_reviews.receive_answers(journals["ann"], hubs["ann"])

    assert got.imported == 0
    assert got.problems == ("A review answer from hub user priya was refused: this review answer is not signed with "
                            "the key priya publishes on the hub.",)
    assert count(postgres_hub_db, "hub_review_answers") == 1  # refused for now: it stays
    shares.publish_key(hubs["priya"], journal_identity(journals["priya"]).did)
    got = hub_reviews.receive_answers(journals["ann"], hubs["ann"])
    assert got.imported == 1 and got.problems == ()
    assert count(postgres_hub_db, "hub_review_answers") == 0


def test_an_answer_for_an_application_not_in_the_journal_stays_until_it_is_again(hubs, journals, postgres_hub_db):
    ann_asks(hubs, journals)
    priya_answers(hubs, journals)
    deletion = delete_records(journals["ann"], "applications", ["a1"])

    got = hub_reviews.receive_answers(journals["ann"], hubs["ann"])

    assert got.problems == ("A review answer from hub user priya was refused: The application this review is for is "
                            "no longer in the journal; nothing was changed.",)
    assert count(postgres_hub_db, "hub_review_answers") == 1  # refused for now: it stays
    restore_deletion(journals["ann"], deletion)  # the delete undone
    got = hub_reviews.receive_answers(journals["ann"], hubs["ann"])
    assert got.imported == 1 and got.problems == ()
    assert count(postgres_hub_db, "hub_review_answers") == 0


def test_an_answer_to_a_request_from_another_journal_is_said_once_and_deleted(hubs, journals, postgres_hub_db):
    zed = journals["zed"]
    fill(zed, skills=[skill("go", name="Go")], applications=[app("g1", "go", TODAY)])
    shares.publish_key(hubs["ann"], journal_identity(journals["ann"]).did)
    zeds_request = review_request(zed, "g1")  # zed's request, answered by priya but sealed to ann
    answer = answer_request(zeds_request, journal_identity(journals["priya"]), 5)
    query(postgres_hub_db, "INSERT INTO hub_review_requests (owner, id, reader, data) VALUES ('ann', 'r', 'priya', 'x')")
    review_mail.send_answer(hubs["priya"], "r", "ann", public_key_from_did(journal_identity(journals["ann"]).did),
                            json.dumps(answer).encode())

    got = hub_reviews.receive_answers(journals["ann"], hubs["ann"])

    assert got.problems == ("A review answer from hub user priya was refused: this review answers a request from "
                            "another journal; nothing was changed.",)
    assert count(postgres_hub_db, "hub_review_answers") == 0


def test_bad_requests_are_one_sentence_and_send_nothing(hubs, journals, urls, postgres_hub_db):
    ann, hub = journals["ann"], hubs["ann"]
    refusals = {
        ("a1", "no one"): "'no one' is not a hub user name (letters, digits and _); nothing was sent.",
        ("a1", "nobody"): "Hub user nobody has published no key on this hub (or there is no such user); they need "
                          "to publish theirs first: opening File ▸ Review requests on the hub… in MasteryDesk (or "
                          "`masterydesk review inbox`) does it; nothing was sent.",
        ("a1", "ann"): "A review request goes to another person: a review of your own work vouches for nothing; "
                       "nothing was sent.",
        ("nope", "priya"): "There is no application nope in ann.sqlite.",
    }
    for (application_id, reviewer), refusal in refusals.items():
        with pytest.raises(ReviewRefused) as raised:
            hub_reviews.send_request(ann, hub, application_id, reviewer)
        assert str(raised.value) == refusal
    assert count(postgres_hub_db, "hub_review_requests") == 0


def test_the_reviewer_contacts_key_must_be_the_published_one(hubs, journals, postgres_hub_db):
    from dataclasses import replace

    from masterydesk.services.editing import save_with_undo

    [priya] = read_records(journals["ann"], "contacts", ["pp"]).contacts
    save_with_undo(journals["ann"], replace(priya, did=journal_identity(journals["zed"]).did))

    with pytest.raises(ReviewRefused, match=r"^Hub user priya publishes another key than the one held for Priya, the "
                                            r"application's reviewer; nothing was sent\.$"):
        hub_reviews.send_request(journals["ann"], hubs["ann"], "a2", "priya")
    hub_reviews.send_request(journals["ann"], hubs["ann"], "a2", "zed")  # the key held for Priya is zed's
    assert count(postgres_hub_db, "hub_review_requests") == 1


def test_ones_own_request_cannot_be_answered_and_a_missing_one_is_a_sentence(hubs, journals, postgres_hub_db):
    priya = journals["priya"]
    with pytest.raises(ReviewRefused, match=r"^No review request nope is addressed to you on this hub; nothing was sent\.$"):
        hub_reviews.answer_from_hub(priya, hubs["priya"], "nope", 4)
    fill(priya, skills=[skill("go", name="Go")], applications=[app("g1", "go", TODAY)])
    shares.publish_key(hubs["zed"], journal_identity(priya).did)  # Priya's second hub user asks her first
    own = json.dumps(review_request(priya, "g1")).encode()
    review_mail.send_request(hubs["zed"], "priya", public_key_from_did(journal_identity(priya).did), own)

    inbox = hub_reviews.inbox(priya, hubs["priya"])

    [row] = review_mail.requests_to_me(hubs["priya"])
    assert inbox == hub_reviews.Inbox((), (hub_reviews.UnreadableRequest(
        row.id, "zed", "A review request from hub user zed cannot be answered: this request comes from your own "
                       "journal: send it to a peer to answer."),))
    assert inbox.problems == (inbox.unreadable[0].problem,)
    with pytest.raises(ReviewRefused, match=r"^This request comes from your own journal"):
        hub_reviews.answer_from_hub(priya, hubs["priya"], row.id, 4)
    assert count(postgres_hub_db, "hub_review_requests") == 1 and count(postgres_hub_db, "hub_review_answers") == 0


def test_the_requesters_sync_imports_the_answer(hubs, urls, journals):
    syncing.set_up(journals["ann"], urls["ann"], syncing.hub_key_for(urls["ann"], PASS))
    ann_asks(hubs, journals)
    priya_answers(hubs, journals)

    result = feedback.after_sync(journals["ann"], syncing.sync_now(journals["ann"]))

    assert result.received >= 1
    assert any(p.startswith("Priya Patel reviewed the application of ") for p in result.problems)
    assert read_records(journals["ann"], "applications", ["a1"]).applications[0].quality == 4


def test_review_requests_through_the_command_line(urls, hubs, journals):
    ann, priya = (str(journals[name].path) for name in ("ann", "priya"))
    for journal in journals.values():
        journal.close()

    sent = run_cli("review", "request", "--application", "a1", "--to", "priya", "--hub", urls["ann"], "--db", ann)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.startswith("Sent hub user priya your signed request for a review of SQL")
    listed = run_cli("review", "inbox", "--json", "--hub", urls["priya"], "--db", priya)
    assert listed.returncode == 0, listed.stderr
    [request] = json.loads(listed.stdout)["requests"]
    assert request["from"] == "ann" and request["application"]["skill"] == "SQL"
    both = run_cli("review", "answer", "request.json", "--from-hub", request["id"], "--quality", "4",
                   "--hub", urls["priya"], "--db", priya)
    assert both.returncode == 1 and is_one_sentence(both.stderr)
    answered = run_cli("review", "answer", "--from-hub", request["id"], "--quality", "5", "--comment", "Neat",
                       "--hub", urls["priya"], "--db", priya)
    assert answered.stdout == "Sent your signed answer (5/5) to Ann Smith (hub user ann), sealed to their key.\n"
    empty = run_cli("review", "inbox", "--hub", urls["priya"], "--db", priya)
    assert empty.stdout == "No review request is addressed to you on the hub.\n"

    hub = open_postgres_hub(urls["ann"])
    journal = open_journal(journals["ann"].path)
    try:
        assert hub_reviews.receive_answers(journal, hub).imported == 1
        assert read_records(journal, "applications", ["a1"]).applications[0].quality == 5
    finally:
        journal.close()
        hub.close()


# Declining


def declined_sentence(application_id: str = "a1") -> str:
    days = {"a1": 5, "a2": 4}[application_id]
    return (f"Declined Ann Smith's request for a review of SQL, applied on {day_text(TODAY - dt.timedelta(days=days))}; "
            "it is gone from your inbox.")


def test_a_declined_request_leaves_the_inbox_and_nothing_goes_back(hubs, journals, urls):
    ann_asks(hubs, journals)
    ann_asks(hubs, journals, "a2")
    before = export_bundle(journals["ann"])
    first, second = hub_reviews.inbox(journals["priya"], hubs["priya"]).requests

    said = hub_reviews.decline_from_hub(journals["priya"], hubs["priya"], first.id)

    assert said == declined_sentence("a1")
    assert [request.id for request in hub_reviews.inbox(journals["priya"], hubs["priya"]).requests] == [second.id]
    assert [count(urls[name], "hub_review_requests") for name in ("ann", "priya")] == [1, 1]  # the other one stays
    assert count(urls["ann"], "hub_review_answers") == 0  # nothing goes back: Ann is not told
    assert hub_reviews.receive_answers(journals["ann"], hubs["ann"]) == feedback.Received(0, (), ())
    assert export_bundle(journals["ann"]) == before


def test_a_request_that_cannot_be_answered_can_be_declined(hubs, journals, urls):
    ann_asks(hubs, journals)
    query(urls["zed"], "INSERT INTO hub_review_requests (id, reader, data) VALUES ('y', 'priya', 'x')")
    inbox = hub_reviews.inbox(journals["priya"], hubs["priya"])
    assert [(request.id, request.sender) for request in inbox.unreadable] == [("y", "zed")]

    said = hub_reviews.decline_from_hub(journals["priya"], hubs["priya"], "y")

    assert said == ("Declined the review request from hub user zed, which could not be answered; it is gone from "
                    "your inbox.")
    assert is_one_sentence(said)
    inbox = hub_reviews.inbox(journals["priya"], hubs["priya"])
    assert inbox.unreadable == () and [request.sender for request in inbox.requests] == ["ann"]
    assert count(urls["zed"], "hub_review_requests") == 0


def test_only_the_one_asked_can_decline_and_a_missing_request_is_a_sentence(hubs, journals, urls, postgres_hub_db):
    ann_asks(hubs, journals)
    [row] = review_mail.requests_to_me(hubs["priya"])

    for name, request_id in (("zed", row.id), ("ann", row.id), ("priya", "nope")):
        with pytest.raises(ReviewRefused) as raised:
            hub_reviews.decline_from_hub(journals[name], hubs[name], request_id)
        assert str(raised.value) == f"No review request {request_id} is addressed to you on this hub; nothing was declined."
        # the hub itself would delete nothing for them either
        assert review_mail.decline_request(hubs[name], request_id) is False
    assert query(postgres_hub_db, "SELECT owner::text, reader::text FROM hub_review_requests") == [("ann", "priya")]
    assert review_mail.decline_request(hubs["priya"], row.id) is True
    assert review_mail.decline_request(hubs["priya"], row.id) is False  # declined once: gone
    assert count(postgres_hub_db, "hub_review_requests") == 0


def test_declining_through_the_command_line(urls, hubs, journals):
    ann_asks(hubs, journals)
    ann, priya, zed = (str(journals[name].path) for name in ("ann", "priya", "zed"))
    for journal in journals.values():
        journal.close()
    listed = run_cli("review", "inbox", "--json", "--hub", urls["priya"], "--db", priya)
    [request] = json.loads(listed.stdout)["requests"]

    for name, db, request_id in (("zed", zed, request["id"]), ("ann", ann, request["id"]), ("priya", priya, "nope")):
        refused = run_cli("review", "decline", "--from-hub", request_id, "--hub", urls[name], "--db", db)
        assert refused.returncode == 1 and refused.stdout == ""
        assert refused.stderr == (f"masterydesk: No review request {request_id} is addressed to you on this hub; "
                                  "nothing was declined.\n")
    assert [count(urls[name], "hub_review_requests") for name in ("ann", "priya", "zed")] == [1, 1, 0]

    declined = run_cli("review", "decline", "--from-hub", request["id"], "--hub", urls["priya"], "--db", priya)

    assert declined.returncode == 0, declined.stderr
    assert declined.stdout == declined_sentence() + "\n"
    assert [count(urls[name], "hub_review_requests") for name in ("ann", "priya")] == [0, 0]  # as each party's role
    assert count(urls["ann"], "hub_review_answers") == 0
    empty = run_cli("review", "inbox", "--hub", urls["priya"], "--db", priya)
    assert empty.stdout == "No review request is addressed to you on the hub.\n"
    hub = open_postgres_hub(urls["ann"])
    journal = open_journal(journals["ann"].path)
    try:
        assert hub_reviews.receive_answers(journal, hub) == feedback.Received(0, (), ())
        assert read_records(journal, "applications", ["a1"]).applications[0].quality is None
    finally:
        journal.close()
        hub.close()


def test_the_inbox_gives_the_id_of_a_request_that_cannot_be_answered(urls, hubs, journals):
    query(urls["zed"], "INSERT INTO hub_review_requests (id, reader, data) VALUES ('y', 'priya', 'x')")
    priya = str(journals["priya"].path)
    journals["priya"].close()
    problem = ("A review request from hub user zed cannot be answered: this review request was changed on the hub, "
               "or sealed to another key.")

    listed = run_cli("review", "inbox", "--hub", urls["priya"], "--db", priya)
    as_json = run_cli("review", "inbox", "--json", "--hub", urls["priya"], "--db", priya)

    assert listed.returncode == 1 and listed.stdout == f"y  {problem}\n"
    assert json.loads(as_json.stdout) == {"requests": [], "problems": [problem],
                                          "unreadable": [{"id": "y", "from": "zed", "problem": problem}]}
    declined = run_cli("review", "decline", "--from-hub", "y", "--hub", urls["priya"], "--db", priya)
    assert declined.returncode == 0, declined.stderr
    assert count(urls["zed"], "hub_review_requests") == 0


def test_looking_at_the_inbox_publishes_a_key_so_that_one_can_be_asked(hubs, journals, postgres_hub_db):
    query(postgres_hub_db, "DELETE FROM hub_keys WHERE owner = 'priya'")
    with pytest.raises(hub_reviews.ReviewRefused, match="has published no key"):
        ann_asks(hubs, journals)
    assert hub_reviews.inbox(journals["priya"], hubs["priya"]).requests == ()
    assert query(postgres_hub_db, "SELECT did FROM hub_keys WHERE owner = 'priya'") == [
        (journal_identity(journals["priya"]).did,)]
    ann_asks(hubs, journals)
    assert len(hub_reviews.inbox(journals["priya"], hubs["priya"]).requests) == 1


def test_looking_at_the_inbox_keeps_a_key_published_before(hubs, journals, postgres_hub_db):
    other = journal_identity(journals["zed"]).did
    shares.publish_key(hubs["priya"], other)  # another journal's key, published by hand
    hub_reviews.inbox(journals["priya"], hubs["priya"])
    assert query(postgres_hub_db, "SELECT did FROM hub_keys WHERE owner = 'priya'") == [(other,)]

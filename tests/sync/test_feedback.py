"""A coach's comments and reviews going back signed, through a real PostgreSQL hub: Kim reviews Ann's
application and comments on her check-in; Ann's MasteryDesk imports both (the review verified), once;
Zed sees nothing and can write nothing to Ann; a changed byte or another key is one sentence and the
rest goes on, said once and deleted, while a row refused for now stays until it holds; a sync opens the
hub once; nothing private, nor the words of a comment, is readable on the hub."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.pool import Pool

from masterydesk.domain import records as r
from masterydesk.services.editing import delete_records, read_records, restore_deletion
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from masterydesk.sync import shares, syncing
from masterydesk.sync.postgres_hub import add_user, open_postgres_hub
from masterydesk.trust import feedback
from masterydesk.trust.did_key import public_key_from_did
from masterydesk.trust.identity import journal_identity, set_owner_name
from masterydesk.trust.reviews import verified_review
from tests.sync.postgres_cluster import query
from tests.builders import app, fill, skill
from tests.interchange.helpers import is_one_sentence, run_cli

MARKER = "PRIVATE-MARKER-fb17c2"
PASS = "correct horse battery staple"
TODAY = dt.date.today()
WORDS = "Lovely window functions, now teach them"


@pytest.fixture
def urls(hub_admin) -> dict[str, str]:
    return {name: add_user(name, hub_admin) for name in ("ann", "kim", "zed")}


@pytest.fixture
def ann_journal(tmp_path):
    journal = open_journal(tmp_path / "ann.sqlite", create=True)
    fill(journal, skills=[skill("sql", name="SQL")],
         applications=[app("a1", "sql", TODAY - dt.timedelta(days=5), notes="joins")],
         journal=[r.JournalEntry("e1", TODAY, r.EntryKind.REFLECTION, f"doubts {MARKER}", 20, ("sql",), private=True)],
         checkins=[r.CheckIn("c1", TODAY - dt.timedelta(days=1), "applying SQL", "teach more", "my own notes")])
    set_owner_name(journal, "Ann Smith")
    yield journal
    journal.close()


@pytest.fixture
def kim_journal(tmp_path):
    journal = open_journal(tmp_path / "kim.sqlite", create=True)
    set_owner_name(journal, "Kim Coach")
    yield journal
    journal.close()


@pytest.fixture
def hubs(urls, ann_journal, kim_journal):
    """Kim has published her key and Ann shares with her; Zed has a key too but no share."""
    opened = {name: open_postgres_hub(url) for name, url in urls.items()}
    shares.publish_key(opened["kim"], feedback.me(journal_identity(kim_journal)).did)
    zed = open_journal(ann_journal.path.with_name("zed.sqlite"), create=True)
    shares.publish_key(opened["zed"], journal_identity(zed).did)
    zed.close()
    shares.share_with(ann_journal, opened["ann"], feedback.me(journal_identity(ann_journal)), "kim", public_key_from_did)
    yield opened
    for hub in opened.values():
        hub.close()



def kim_writes_both(hubs, kim_journal) -> None:
    said = feedback.send_review(kim_journal, hubs["kim"], "ann", "a1", 4, "Clean joins")
    assert said == "Sent your review of ann's application a1 (quality 4), signed and sealed to them."
    said = feedback.send_comment(kim_journal, hubs["kim"], "ann", TODAY - dt.timedelta(days=1), WORDS)
    assert said.startswith("Sent your comment on ann's check-in of ")


def test_the_coachs_review_and_comment_are_imported_signed_and_verified(hubs, ann_journal, kim_journal, hub_admin):
    kim_writes_both(hubs, kim_journal)

    got = feedback.receive(ann_journal, hubs["ann"])

    assert got.problems == () and got.imported == 2
    assert got.sentences[0].startswith("Kim Coach reviewed the application of ") and got.sentences[0].endswith(
        ": quality 4, verified.")
    [application] = read_records(ann_journal, "applications", ["a1"]).applications
    [coach] = read_records(ann_journal, "contacts", [application.reviewer_id]).contacts
    assert (coach.name, coach.relationship, coach.did) == ("Kim Coach", r.Relationship.COACH,
                                                           journal_identity(kim_journal).did)
    assert application.quality == 4
    assert verified_review(application, coach) == "Verified review by Kim Coach (coach): 4/5"
    [checkin] = read_records(ann_journal, "checkins", ["c1"]).checkins
    assert checkin.notes.startswith("my own notes\n\nComment from Kim Coach (coach, kim; signature checked) on ")
    assert checkin.notes.endswith(f": {WORDS}")
    assert query(hub_admin, "SELECT count(*) FROM hub_feedback") == [(0,)]  # imported rows are gone from the hub


def test_a_document_imported_twice_changes_nothing(hubs, ann_journal, kim_journal, hub_admin):
    kim_writes_both(hubs, kim_journal)
    rows = query(hub_admin, "SELECT owner::text, id, reader::text, data FROM hub_feedback")
    feedback.receive(ann_journal, hubs["ann"])
    before = export_bundle(ann_journal)
    for row in rows:  # delivered again (the admin puts the rows back)
        query(hub_admin, "INSERT INTO hub_feedback (owner, id, reader, data) VALUES (%s, %s, %s, %s)", *row)

    got = feedback.receive(ann_journal, hubs["ann"])

    assert got == feedback.Received(0, (), ())
    assert export_bundle(ann_journal) == before
    assert query(hub_admin, "SELECT count(*) FROM hub_feedback") == [(0,)]


def test_only_the_writer_and_the_client_see_feedback_and_only_to_who_shares(hubs, urls, kim_journal, hub_admin):
    kim_writes_both(hubs, kim_journal)

    assert query(urls["zed"], "SELECT count(*) FROM hub_feedback") == [(0,)]
    assert query(urls["kim"], "SELECT count(*) FROM hub_feedback") == [(2,)]
    assert query(urls["ann"], "SELECT count(*) FROM hub_feedback") == [(2,)]
    query(urls["zed"], "DELETE FROM hub_feedback")
    query(urls["ann"], "UPDATE hub_feedback SET data = 'forged'")
    assert query(hub_admin, "SELECT count(*) FROM hub_feedback WHERE data = 'forged'") == [(0,)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        query(urls["zed"], "INSERT INTO hub_feedback (id, reader, data) VALUES ('x', 'ann', 'spam')")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        query(urls["zed"], "INSERT INTO hub_feedback (owner, id, reader, data) VALUES ('kim', 'x', 'ann', 'forged')")
    with pytest.raises(shares.ShareRefused, match=r"^No share from zed is addressed to you on this hub\.$"):
        feedback.send_comment(kim_journal, hubs["kim"], "zed", TODAY, "hello")
    assert query(hub_admin, "SELECT count(*) FROM hub_feedback") == [(2,)]


def test_nothing_private_nor_the_comments_words_are_on_the_hub(hubs, kim_journal, hub_admin):
    kim_writes_both(hubs, kim_journal)

    for table in ("hub_keys", "hub_shares", "hub_feedback"):
        for row in query(hub_admin, f"SELECT * FROM {table}"):
            stored = b"".join(v if isinstance(v, bytes) else str(v).encode() for v in row)
            assert MARKER.encode() not in stored and WORDS.encode() not in stored and b"Clean joins" not in stored


def test_a_changed_byte_is_refused_with_a_sentence_and_the_rest_goes_on(hubs, ann_journal, kim_journal, hub_admin):
    kim_writes_both(hubs, kim_journal)
    query(hub_admin, "UPDATE hub_feedback SET data = overlay(data PLACING set_byte('\\x00'::bytea, 0,"
                     " get_byte(data, 60) # 1) FROM 61) WHERE id = (SELECT min(id) FROM hub_feedback)")

    got = feedback.receive(ann_journal, hubs["ann"])

    assert got.imported == 1
    assert got.problems == ("A comment or review from kim was refused: it was changed on the hub, or sealed to "
                            "another key; nothing was changed.",)
    assert is_one_sentence(got.problems[0])
    # Ann's key is the one ann publishes, so the row never opens: said once, then gone from the hub.
    assert query(hub_admin, "SELECT count(*) FROM hub_feedback") == [(0,)]
    assert feedback.receive(ann_journal, hubs["ann"]) == feedback.Received(0, (), ())


def test_feedback_not_signed_with_the_writers_published_key_is_refused(hubs, ann_journal, kim_journal, tmp_path,
                                                                      hub_admin):
    kim_writes_both(hubs, kim_journal)
    other = open_journal(tmp_path / "other.sqlite", create=True)
    shares.publish_key(hubs["kim"], journal_identity(other).did)  # kim's hub key is no longer the signer's
    other.close()
    before = export_bundle(ann_journal)

    got = feedback.receive(ann_journal, hubs["ann"])

    assert got.imported == 0 and len(got.problems) == 2
    assert got.problems[0] == ("A comment or review from kim was refused: it is not signed with the key kim "
                               "publishes on the hub; nothing was changed.")
    assert export_bundle(ann_journal) == before
    assert query(hub_admin, "SELECT count(*) FROM hub_feedback") == [(0,)]  # refused for good: said once, gone
    assert feedback.receive(ann_journal, hubs["ann"]) == feedback.Received(0, (), ())


def test_feedback_whose_writer_publishes_no_key_yet_stays_and_comes_in_once_it_is(hubs, ann_journal, kim_journal,
                                                                                   hub_admin):
    kim_writes_both(hubs, kim_journal)
    query(hub_admin, "DELETE FROM hub_keys WHERE owner = 'kim'")

    got = feedback.receive(ann_journal, hubs["ann"])

    assert got.imported == 0
    assert got.problems == ("A comment or review from kim was refused: it is not signed with the key kim publishes "
                            "on the hub; nothing was changed.",) * 2
    assert query(hub_admin, "SELECT count(*) FROM hub_feedback") == [(2,)]  # refused for now: both stay
    shares.publish_key(hubs["kim"], journal_identity(kim_journal).did)
    got = feedback.receive(ann_journal, hubs["ann"])
    assert got.imported == 2 and got.problems == ()
    assert query(hub_admin, "SELECT count(*) FROM hub_feedback") == [(0,)]


def test_feedback_another_journal_cannot_open_stays_for_the_journal_whose_key_is_published(
        hubs, ann_journal, kim_journal, hub_admin, tmp_path):
    kim_writes_both(hubs, kim_journal)
    other = open_journal(tmp_path / "other.sqlite", create=True)  # a journal that syncs as ann, key not published
    try:
        got = feedback.receive(other, hubs["ann"])
    finally:
        other.close()

    assert got.imported == 0 and len(got.problems) == 2
    assert got.problems[0].endswith("it was changed on the hub, or sealed to another key; nothing was changed.")
    assert query(hub_admin, "SELECT count(*) FROM hub_feedback") == [(2,)]
    assert feedback.receive(ann_journal, hubs["ann"]).imported == 2


def test_a_review_of_an_application_not_in_the_journal_stays_until_it_is_again(hubs, ann_journal, kim_journal,
                                                                                hub_admin):
    kim_writes_both(hubs, kim_journal)
    deletion = delete_records(ann_journal, "applications", ["a1"])

    got = feedback.receive(ann_journal, hubs["ann"])

    assert got.imported == 1  # the comment
    assert got.problems == ("A comment or review from kim was refused: the application it reviews is no longer in "
                            "the journal; nothing was changed.",)
    assert query(hub_admin, "SELECT count(*) FROM hub_feedback") == [(1,)]  # refused for now: it stays
    restore_deletion(ann_journal, deletion)  # the delete undone
    got = feedback.receive(ann_journal, hubs["ann"])
    assert got.imported == 1 and got.problems == ()
    assert read_records(ann_journal, "applications", ["a1"]).applications[0].quality == 4
    assert query(hub_admin, "SELECT count(*) FROM hub_feedback") == [(0,)]


def test_a_changed_document_signed_anew_by_another_key_does_not_verify(hubs, ann_journal, kim_journal):
    kim_writes_both(hubs, kim_journal)
    feedback.receive(ann_journal, hubs["ann"])
    [application] = read_records(ann_journal, "applications", ["a1"]).applications
    [coach] = read_records(ann_journal, "contacts", [application.reviewer_id]).contacts
    changed = json.loads(application.review)
    changed["quality"] = 5

    shown = verified_review(replace(application, review=json.dumps(changed)), coach)

    assert shown.startswith("Review not verified: it does not hold: the signature of did:key:")


def test_bad_input_is_one_sentence_and_sends_nothing(hubs, kim_journal, hub_admin):
    with pytest.raises(feedback.FeedbackRefused, match=r"^Ann Smith shared no application nope; nothing was sent\.$"):
        feedback.send_review(kim_journal, hubs["kim"], "ann", "nope", 3)
    with pytest.raises(feedback.FeedbackRefused, match=r"^The quality of a review is a whole number from 1 to 5"):
        feedback.send_review(kim_journal, hubs["kim"], "ann", "a1", 7)
    with pytest.raises(feedback.FeedbackRefused, match=r"^Ann Smith shared no check-in of .*; nothing was sent\.$"):
        feedback.send_comment(kim_journal, hubs["kim"], "ann", TODAY - dt.timedelta(days=30), "hello")
    with pytest.raises(feedback.FeedbackRefused, match=r"^Write the comment first; nothing was sent\.$"):
        feedback.send_comment(kim_journal, hubs["kim"], "ann", TODAY, "   ")
    assert query(hub_admin, "SELECT count(*) FROM hub_feedback") == [(0,)]


def test_the_clients_sync_imports_the_feedback(hubs, urls, ann_journal, kim_journal):
    syncing.set_up(ann_journal, urls["ann"], syncing.hub_key_for(urls["ann"], PASS))
    kim_writes_both(hubs, kim_journal)

    result = feedback.after_sync(ann_journal, syncing.sync_now(ann_journal))

    assert result.received >= 2
    assert any(p.startswith("Kim Coach reviewed the application of ") for p in result.problems)
    assert read_records(ann_journal, "applications", ["a1"]).applications[0].quality == 4


def test_a_sync_opens_the_hub_once_and_says_a_refusal_once(hubs, urls, ann_journal, kim_journal, hub_admin):
    syncing.set_up(ann_journal, urls["ann"], syncing.hub_key_for(urls["ann"], PASS))
    kim_writes_both(hubs, kim_journal)
    query(hub_admin, "UPDATE hub_feedback SET data = overlay(data PLACING set_byte('\\x00'::bytea, 0,"
                     " get_byte(data, 60) # 1) FROM 61) WHERE id = (SELECT min(id) FROM hub_feedback)")
    connected = []

    def on_connect(_dbapi_connection, _record) -> None:
        connected.append(1)

    synced = syncing.sync_now(ann_journal)
    event.listen(Pool, "connect", on_connect)  # every connection made to the server, by any engine
    try:
        first = feedback.after_sync(ann_journal, synced)
    finally:
        event.remove(Pool, "connect", on_connect)
    second = feedback.after_sync(ann_journal, syncing.sync_now(ann_journal))

    assert len(connected) == 1  # one hub, one connection, for both the coach's feedback and the review answers
    refusal = ("A comment or review from kim was refused: it was changed on the hub, or sealed to another key; "
               "nothing was changed.")
    assert first.received - synced.received == 1 and refusal in first.problems
    assert refusal not in second.problems
    assert query(hub_admin, "SELECT count(*) FROM hub_feedback") == [(0,)]


def test_coaching_feedback_through_the_command_line(urls, hubs, ann_journal, kim_journal):
    ann, kim = str(ann_journal.path), str(kim_journal.path)
    day = (TODAY - dt.timedelta(days=1)).isoformat()
    ann_journal.close()
    kim_journal.close()

    commented = run_cli("coach", "--client", "ann", "--comment-checkin", day, "--text", WORDS,
                        "--hub", urls["kim"], "--db", kim)
    assert commented.returncode == 0, commented.stderr
    reviewed = run_cli("coach", "--client", "ann", "--review-application", "a1", "--quality", "5", "--comment", "Neat",
                       "--hub", urls["kim"], "--db", kim)
    assert reviewed.stdout == "Sent your review of ann's application a1 (quality 5), signed and sealed to them.\n"
    bad = run_cli("coach", "--client", "ann", "--review-application", "a1", "--hub", urls["kim"], "--db", kim)
    assert bad.returncode == 1 and bad.stderr == "masterydesk: --review-application needs --quality 1-5.\n"

    got = run_cli("share", "--feedback", "--hub", urls["ann"], "--db", ann)
    assert got.returncode == 0, got.stderr
    assert got.stdout.splitlines()[0] == f"Kim Coach commented on your check-in of {_day_text(day)}."
    again = run_cli("share", "--feedback", "--hub", urls["ann"], "--db", ann)
    assert again.stdout == "No new comment or review from a coach.\n"
    journal = open_journal(ann_journal.path, read_only=True)
    try:
        assert read_records(journal, "applications", ["a1"]).applications[0].quality == 5
    finally:
        journal.close()


def _day_text(day: str) -> str:
    from masterydesk.services.figures import day_text

    return day_text(dt.date.fromisoformat(day))

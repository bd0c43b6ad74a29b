"""Mastermind groups through a real PostgreSQL hub: Cy's community lists Ann and Bo, who share with Cy;
the group page shows their shared skills and tiers, the next session by the cadence and the work they
presented; Cy's signed review of Ann's application reaches Ann's journal verified, as a group member's;
Zed, outside the group, sees nothing and can send nothing; nothing private is on the hub."""

from __future__ import annotations

import datetime as dt
import json

import psycopg
import pytest

from masterydesk.domain import records as r
from masterydesk.services.editing import read_records
from masterydesk.services.figures import day_text
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from masterydesk.sync import feedback as hub_feedback
from masterydesk.sync import groups, shares
from masterydesk.sync.postgres_hub import add_user, open_postgres_hub
from masterydesk.trust import feedback
from masterydesk.trust.did_key import public_key_from_did
from masterydesk.trust.identity import journal_identity, set_owner_name
from masterydesk.trust.reviews import verified_review
from tests.sync.postgres_cluster import query
from tests.builders import app, contact, fill, skill, teach
from tests.interchange.helpers import is_one_sentence

ANN_MARKER, CY_MARKER = "PRIVATE-MARKER-ann-9e1d", "PRIVATE-MARKER-cy-4b7a"
TODAY = dt.date.today()
USERS = ("ann", "bo", "cy", "zed")


def days_ago(count: int) -> dt.date:
    return TODAY - dt.timedelta(days=count)


def did_of(journal) -> str:
    return journal_identity(journal).did



@pytest.fixture
def urls(hub_admin) -> dict[str, str]:
    return {name: add_user(name, hub_admin) for name in USERS}


@pytest.fixture
def journals(tmp_path):
    """Ann (SQL at Applied, an archived skill, a private entry), Bo (Kafka), Cy and Zed, each named."""
    made = {name: open_journal(tmp_path / f"{name}.sqlite", create=True) for name in USERS}
    fill(made["ann"], skills=[skill("sql", name="SQL"), skill("old", name="Perl", archived=True)],
         projects=[r.Project("p1", "Billing", r.ProjectStatus.ACTIVE)],
         applications=[app("a1", "sql", days_ago(9), project_id="p1", notes="window functions"),
                       app("a2", "sql", days_ago(5), reviewer_id="lee", quality=4),
                       app("a3", "sql", days_ago(2), notes="query plans"),
                       app("a4", "old", days_ago(30))],
         contacts=[contact("lee", name="Lee Wong")],
         journal=[r.JournalEntry("e1", days_ago(1), r.EntryKind.REFLECTION, f"doubts {ANN_MARKER}", 30, ("sql",),
                                 private=True)])
    fill(made["bo"], skills=[skill("kafka", name="Kafka")], teaching=[teach("t1", "kafka", days_ago(3))])
    fill(made["cy"], journal=[r.JournalEntry("e1", days_ago(1), r.EntryKind.PRACTICE, f"mine {CY_MARKER}", 20,
                                             private=True)])
    for name, full in (("ann", "Ann Smith"), ("bo", "Bo Lee"), ("cy", "Cy Chen"), ("zed", "Zed Roe")):
        set_owner_name(made[name], full)
    yield made
    for journal in made.values():
        journal.close()


@pytest.fixture
def hubs(urls, journals):
    """Every user has published a key; Ann and Bo share with Cy (and Ann with Bo); nobody shares with Zed."""
    opened = {name: open_postgres_hub(url) for name, url in urls.items()}
    for name in USERS:
        shares.publish_key(opened[name], did_of(journals[name]))
    for owner, reader in (("ann", "cy"), ("bo", "cy"), ("ann", "bo")):
        shares.share_with(journals[owner], opened[owner], feedback.me(journal_identity(journals[owner])), reader,
                          public_key_from_did)
    yield opened
    for hub in opened.values():
        hub.close()


def a_group(journal, members: dict[str, str], cadence: int | None = 14, sessions=(days_ago(20),)) -> None:
    """The Thursday Mastermind in this journal: member contacts holding the given dids, and its sessions."""
    fill(journal,
         contacts=[contact(cid, name=name, did=did) for cid, (name, did) in members.items()],
         communities=[r.Community("g1", "Thursday Mastermind", "craft", cadence, tuple(members))],
         interactions=[r.Interaction(f"s{n}", day, r.InteractionKind.MEETING, community_id="g1")
                       for n, day in enumerate(sessions)])


def cys_group(journals) -> None:
    a_group(journals["cy"], {"ann": ("Ann Smith", did_of(journals["ann"])), "bo": ("Bo Lee", did_of(journals["bo"])),
                             "dee": ("Dee Park", ""), "zed": ("Zed Roe", did_of(journals["zed"]))})


def page_of(journals, hubs, name: str = "cy") -> groups.GroupPage:
    return groups.group_page(journals[name], hubs[name], feedback.me(journal_identity(journals[name])),
                             public_key_from_did, "g1", TODAY)


def test_the_group_page_lists_each_members_shared_skills_tiers_and_presented_work(journals, hubs):
    cys_group(journals)

    page = page_of(journals, hubs)

    assert page.sessions.sentence() == (f"Meets every 14 days. Last session: {day_text(days_ago(20))}. "
                                        f"Next session: {day_text(days_ago(20) + dt.timedelta(days=28))}.")
    ann, bo, dee, zed = page.members
    assert (ann.contact_name, ann.user, ann.shared_name, ann.problem) == ("Ann Smith", "ann", "Ann Smith", "")
    assert ann.skills == (("SQL", "Applied"),)  # the archived Perl is not listed
    assert [(w.id, w.skill, w.project, w.quality) for w in ann.work] == [
        ("a3", "SQL", "", None), ("a2", "SQL", "", 4), ("a1", "SQL", "Billing", None), ("a4", "Perl", "", None)]
    assert (bo.user, bo.skills_text(), bo.work) == ("bo", "Kafka (Foundation)", ())
    assert dee.problem == ("Dee Park's contact holds no key: import their identity card (File ▸ Import…) to find "
                           "them on the hub.")
    assert (zed.user, zed.skills, zed.problem) == ("zed", (), "Zed Roe (zed) does not share with you yet.")
    assert page.problems == ()
    assert all(is_one_sentence(m.problem) for m in (dee, zed))


def test_the_next_session_follows_the_cadence_or_the_one_planned():
    last = dt.date(2026, 3, 5)
    assert groups.next_session(last, 14, dt.date(2026, 3, 6)) == dt.date(2026, 3, 19)
    assert groups.next_session(last, 14, dt.date(2026, 3, 19)) == dt.date(2026, 3, 19)
    assert groups.next_session(last, 14, dt.date(2026, 3, 20)) == dt.date(2026, 4, 2)  # one missed: on the rhythm
    assert groups.next_session(last, 14, last) == dt.date(2026, 3, 19)
    assert groups.next_session(None, 14, last) is None
    assert groups.next_session(last, None, last) is None and groups.next_session(last, 0, last) is None


def test_a_planned_session_is_the_next_one_and_a_group_without_sessions_says_so(journals):
    a_group(journals["cy"], {}, sessions=(days_ago(3), TODAY + dt.timedelta(days=4)))
    sessions = groups.group_sessions(journals["cy"], "g1", TODAY)
    assert (sessions.last, sessions.next) == (days_ago(3), TODAY + dt.timedelta(days=4))

    journal = journals["bo"]
    a_group(journal, {}, cadence=None, sessions=())
    assert groups.group_sessions(journal, "g1", TODAY).sentence() == (
        "No cadence set. No session logged yet (log one as an interaction with the group).")
    with pytest.raises(groups.GroupRefused, match=r"^That community is no longer in the journal\.$"):
        groups.group_sessions(journal, "nope", TODAY)


def test_a_members_review_reaches_the_other_member_verified_as_a_group_members(journals, hubs, hub_admin):
    cys_group(journals)
    fill(journals["ann"], contacts=[contact("cy", name="Cy Chen", did=did_of(journals["cy"]))])

    said = feedback.send_review(journals["cy"], hubs["cy"], "ann", "a3", 4, "Clear plans", relation=feedback.PEER)
    got = feedback.receive(journals["ann"], hubs["ann"])

    assert said == "Sent your review of ann's application a3 (quality 4), signed and sealed to them."
    assert got.problems == () and got.imported == 1
    assert got.sentences == (f"Cy Chen, a member of your group, reviewed the application of "
                             f"{day_text(days_ago(2))}: quality 4, verified.",)
    [application] = read_records(journals["ann"], "applications", ["a3"]).applications
    assert (application.reviewer_id, application.quality) == ("cy", 4)  # the contact holding Cy's key
    [cy] = read_records(journals["ann"], "contacts", ["cy"]).contacts
    assert verified_review(application, cy) == "Verified review by Cy Chen (group member): 4/5"
    assert json.loads(application.review)["relation"] == "peer"
    assert query(hub_admin, "SELECT count(*) FROM hub_feedback") == [(0,)]


def test_a_reviewing_member_unknown_to_the_reviewed_one_becomes_a_peer_contact(journals, hubs):
    feedback.send_review(journals["bo"], hubs["bo"], "ann", "a1", 5, relation=feedback.PEER)

    got = feedback.receive(journals["ann"], hubs["ann"])

    assert got.imported == 1
    [application] = read_records(journals["ann"], "applications", ["a1"]).applications
    [bo] = read_records(journals["ann"], "contacts", [application.reviewer_id]).contacts
    assert (bo.name, bo.relationship, bo.did) == ("Bo Lee", r.Relationship.PEER, did_of(journals["bo"]))


def test_a_relation_changed_on_the_way_is_refused_and_nothing_changes(journals, hubs, hub_admin):
    feedback.send_review(journals["cy"], hubs["cy"], "ann", "a1", 5, relation=feedback.PEER)
    [(row_id, data)] = query(hub_admin, "SELECT id, data FROM hub_feedback")
    document = json.loads(hub_feedback.unseal(data, journal_identity(journals["ann"]).seed))
    document["relation"] = "coach"  # someone on the way tries to make it weigh as a coach's
    resealed = hub_feedback.seal(json.dumps(document).encode(), public_key_from_did(did_of(journals["ann"])))
    query(hub_admin, "UPDATE hub_feedback SET data = %s WHERE id = %s", resealed, row_id)
    before = export_bundle(journals["ann"])

    got = feedback.receive(journals["ann"], hubs["ann"])

    assert got.imported == 0 and len(got.problems) == 1 and is_one_sentence(got.problems[0])
    assert got.problems[0].startswith("A comment or review from cy was refused: it does not hold: ")
    assert export_bundle(journals["ann"]) == before


def test_someone_outside_the_group_sees_nothing_and_can_send_nothing(journals, hubs, urls, hub_admin):
    a_group(journals["zed"], {"ann": ("Ann Smith", did_of(journals["ann"]))})

    page = page_of(journals, hubs, "zed")

    [ann] = page.members
    assert (ann.skills, ann.work, ann.problem) == ((), (), "Ann Smith (ann) does not share with you yet.")
    assert query(urls["zed"], "SELECT count(*) FROM hub_shares") == [(0,)]
    assert query(urls["zed"], "SELECT count(*) FROM hub_feedback") == [(0,)]
    with pytest.raises(shares.ShareRefused, match=r"^No share from ann is addressed to you on this hub\.$"):
        feedback.send_review(journals["zed"], hubs["zed"], "ann", "a1", 5, relation=feedback.PEER)
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        query(urls["zed"], "INSERT INTO hub_feedback (id, reader, data) VALUES ('x', 'ann', 'spam')")
    assert query(hub_admin, "SELECT count(*) FROM hub_feedback") == [(0,)]


def test_nothing_private_is_on_the_hub_or_in_the_page(journals, hubs, hub_admin):
    cys_group(journals)
    page = page_of(journals, hubs)
    feedback.send_review(journals["cy"], hubs["cy"], "ann", "a3", 4, "Clear plans", relation=feedback.PEER)

    assert ANN_MARKER not in repr(page) and "doubts" not in repr(page)
    for table in ("hub_keys", "hub_shares", "hub_feedback"):
        for row in query(hub_admin, f"SELECT * FROM {table}"):
            stored = b"".join(v if isinstance(v, bytes) else str(v).encode() for v in row)
            assert ANN_MARKER.encode() not in stored and CY_MARKER.encode() not in stored
            assert b"Clear plans" not in stored  # sealed: the hub cannot read the comment either
    [(data,)] = query(hub_admin, "SELECT data FROM hub_feedback")
    sent = hub_feedback.unseal(data, journal_identity(journals["ann"]).seed).decode()
    assert CY_MARKER not in sent and "Clear plans" in sent


def test_bad_input_is_one_sentence_and_sends_nothing(journals, hubs, hub_admin):
    for quality in (0, 6, True):
        with pytest.raises(feedback.FeedbackRefused, match=r"^The quality of a review is a whole number from 1 to 5"):
            feedback.send_review(journals["cy"], hubs["cy"], "ann", "a1", quality, relation=feedback.PEER)
    with pytest.raises(feedback.FeedbackRefused, match=r"^A review is written as coach or peer; nothing was sent\.$"):
        feedback.send_review(journals["cy"], hubs["cy"], "ann", "a1", 3, relation="boss")
    with pytest.raises(feedback.FeedbackRefused, match=r"^Ann Smith shared no application nope; nothing was sent\.$"):
        feedback.send_review(journals["cy"], hubs["cy"], "ann", "nope", 3, relation=feedback.PEER)
    with pytest.raises(groups.GroupRefused, match=r"^That community is no longer in the journal\.$"):
        page_of(journals, hubs)
    assert query(hub_admin, "SELECT count(*) FROM hub_feedback") == [(0,)]


def test_users_with_dids_finds_who_published_a_key(journals, hubs):
    found = shares.users_with_dids(hubs["cy"], [did_of(journals["ann"]), did_of(journals["bo"]), "did:key:zNone", ""])
    assert found == {did_of(journals["ann"]): ["ann"], did_of(journals["bo"]): ["bo"]}
    assert shares.users_with_dids(hubs["cy"], []) == {}

"""Sharing a coaching view through a real PostgreSQL hub: Ann shares with her coach Kim; Zed, another
hub user, sees nothing; Kim's figures are Ann's own; no private text leaves; a changed byte, a key
that does not match, a folder hub and a reader without a key are one sentence each."""

from __future__ import annotations

import datetime as dt
import json

import psycopg
import pytest

from masterydesk.domain import records as r
from masterydesk.interchange.metrics_json import metrics_to_json
from masterydesk.services.browse import today_items
from masterydesk.services.checkins import past_checkins, save_checkin, start_checkin
from masterydesk.services.metrics import file_metrics
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from masterydesk.sync import shares, syncing
from masterydesk.sync.postgres_hub import add_user, init_hub, open_postgres_hub
from masterydesk.trust.did_key import public_key_from_did
from masterydesk.trust.identity import journal_identity, set_owner_name
from tests.sync.postgres_cluster import query
from tests.builders import app, contact, fill, skill, teach
from tests.interchange.helpers import is_one_sentence, run_cli

MARKER = "PRIVATE-MARKER-7f3a9c"
PASS = "correct horse battery staple"
TODAY = dt.date.today()


def days_ago(count: int) -> dt.date:
    return TODAY - dt.timedelta(days=count)


@pytest.fixture
def urls(hub_admin) -> dict[str, str]:
    """Hub URLs of Ann (the client), Kim (her coach) and Zed (another hub user)."""
    return {name: add_user(name, hub_admin) for name in ("ann", "kim", "zed")}


@pytest.fixture
def ann_journal(tmp_path):
    """Ann's journal: skills, evidence, a check-in, an ordinary entry and a private one holding MARKER."""
    journal = open_journal(tmp_path / "ann.sqlite", create=True)
    fill(
        journal,
        skills=[skill("sql", name="SQL", learned_on=days_ago(60)), skill("talks", name="Public speaking"),
                skill("kafka", name="Kafka", learned_on=days_ago(20))],
        contacts=[contact("priya", name="Priya Patel"), contact("lee", name="Lee Wong", follow_up_on=days_ago(2))],
        applications=[
            app("a1", "sql", days_ago(50), reviewer_id="priya", quality=4, notes="joins"),
            app("a2", "sql", days_ago(45)),
            app("a3", "sql", days_ago(40), novel_context=True),
        ],
        teaching=[teach("t1", "sql", days_ago(20), rating=5, audience_size=4)],
        journal=[
            r.JournalEntry("e1", days_ago(30), r.EntryKind.PRACTICE, "window functions", 45, ("sql",)),
            r.JournalEntry("e2", days_ago(10), r.EntryKind.REFLECTION, f"my doubts {MARKER}", 30, ("talks",),
                           private=True),
        ],
    )
    save_checkin(journal, start_checkin(journal), "applying SQL weekly", "teach more")
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
def hubs(urls):
    opened = {name: open_postgres_hub(url) for name, url in urls.items()}
    yield opened
    for hub in opened.values():
        hub.close()


def me(journal) -> shares.Me:
    identity = journal_identity(journal)
    return shares.Me(identity.name, identity.seed, identity.did)


def kim_receives(hubs, kim_journal, owner=None):
    return shares.received_shares(hubs["kim"], me(kim_journal), public_key_from_did, owner=owner)


def shared(hubs, ann_journal, kim_journal) -> None:
    """Kim publishes her key; Ann shares with her."""
    shares.publish_key(hubs["kim"], me(kim_journal).did)
    said = shares.share_with(ann_journal, hubs["ann"], me(ann_journal), "kim", public_key_from_did)
    assert said.startswith("Shared your journal's non-private records with kim (")



# What the coach sees


def test_the_coach_lists_the_client_with_the_clients_own_figures(hubs, ann_journal, kim_journal):
    shared(hubs, ann_journal, kim_journal)

    received, problems = kim_receives(hubs, kim_journal)

    assert problems == [] and [share.owner for share in received] == ["ann"]
    view = shares.client_view(received[0], TODAY)
    assert (view.user, view.name) == ("ann", "Ann Smith")
    assert view.metrics == metrics_to_json(file_metrics(ann_journal.path, today=TODAY))
    assert view.metrics["overall"]["practice_minutes"] == 75  # the private entry's minutes count, as at home
    assert view.last_checkin == TODAY
    assert list(view.attention) == [item.text for item in today_items(ann_journal, TODAY)]
    assert view.attention[0] == f"Follow up with Lee Wong (due {days_ago(2):%d %b})"
    assert "Kafka: learned 20 days ago, not applied yet" in view.attention
    assert view.headline().startswith("3 applications (")


def test_the_coachs_copy_holds_the_shared_records_rules_and_check_in_figures(hubs, ann_journal, kim_journal, tmp_path):
    shared(hubs, ann_journal, kim_journal)
    [share], _ = kim_receives(hubs, kim_journal, owner="ann")

    copy = shares.save_copy(share, tmp_path / "coach" / "ann copy.sqlite")

    journal = open_journal(copy, read_only=True)
    try:
        theirs, mine = export_bundle(journal), export_bundle(ann_journal)
        assert theirs.skills == mine.skills and theirs.applications == mine.applications
        assert theirs.checkins == mine.checkins
        assert [c.figures for c in past_checkins(journal)] == [c.figures for c in past_checkins(ann_journal)]
        assert [e for e in theirs.journal if not e.private] == [e for e in mine.journal if not e.private]
        [practice] = [e for e in theirs.journal if e.private]
        assert (practice.text, practice.minutes, practice.skill_ids) == ("", 30, ("talks",))
    finally:
        journal.close()
    with pytest.raises(shares.ShareRefused, match=r"exists already; delete it or choose another file name"):
        shares.save_copy(share, ann_journal.path)


# Who sees what


def test_only_the_owner_and_the_reader_see_a_share(hubs, urls, ann_journal, kim_journal, hub_admin):
    shared(hubs, ann_journal, kim_journal)

    assert query(urls["zed"], "SELECT count(*) FROM hub_shares") == [(0,)]
    assert query(urls["kim"], "SELECT count(*) FROM hub_shares") == [(1,)]
    assert query(urls["ann"], "SELECT count(*) FROM hub_shares") == [(1,)]
    assert query(urls["zed"], "SELECT owner::text FROM hub_keys ORDER BY 1") == [("ann",), ("kim",)]
    # The reader may not change or delete the copy; nobody may write a row or a key as another user.
    query(urls["kim"], "UPDATE hub_shares SET data = 'forged'")
    query(urls["kim"], "DELETE FROM hub_shares")
    query(urls["zed"], "UPDATE hub_keys SET did = 'did:key:forged'")
    query(urls["zed"], "DELETE FROM hub_keys")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        query(urls["zed"], "INSERT INTO hub_shares (owner, reader, reader_did, reader_key, data)"
                           " VALUES ('ann', 'kim', 'x', 'x', 'forged')")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        query(urls["zed"], "INSERT INTO hub_keys (owner, did) VALUES ('kim', 'did:key:forged')")
    assert query(hub_admin, "SELECT owner::text, reader::text, length(data) > 100 FROM hub_shares") == [("ann", "kim", True)]
    assert [did.startswith("did:key:z6Mk") for (did,) in query(hub_admin, "SELECT did FROM hub_keys")] == [True, True]
    assert kim_receives(hubs, kim_journal)[1] == []
    assert shares.received_shares(hubs["zed"], me_of_new_journal(ann_journal), public_key_from_did) == ([], [])


def me_of_new_journal(like) -> shares.Me:
    """Zed's identity: a journal of his own beside Ann's."""
    journal = open_journal(like.path.with_name("zed.sqlite"), create=True)
    try:
        return me(journal)
    finally:
        journal.close()


def test_stopping_a_share_deletes_the_readers_copy(hubs, ann_journal, kim_journal, hub_admin):
    shared(hubs, ann_journal, kim_journal)

    assert shares.stop_sharing(hubs["ann"], "kim") == "Stopped sharing with kim: their copy is deleted from the hub."

    assert query(hub_admin, "SELECT count(*) FROM hub_shares") == [(0,)]
    assert kim_receives(hubs, kim_journal) == ([], [])
    with pytest.raises(shares.ShareRefused, match=r"^No share from ann is addressed to you on this hub\.$"):
        kim_receives(hubs, kim_journal, owner="ann")
    with pytest.raises(shares.ShareRefused, match=r"^You do not share with kim; nothing was changed\.$"):
        shares.stop_sharing(hubs["ann"], "kim")


# Nothing private leaves


def test_no_private_text_is_on_the_hub_or_in_the_coachs_copy(hubs, ann_journal, kim_journal, hub_admin, tmp_path):
    shared(hubs, ann_journal, kim_journal)
    [share], _ = kim_receives(hubs, kim_journal)

    for table in ("hub_keys", "hub_shares"):
        for row in query(hub_admin, f"SELECT * FROM {table}"):
            assert MARKER.encode() not in b"".join(v if isinstance(v, bytes) else str(v).encode() for v in row)
    opened = json.dumps(share.document, ensure_ascii=False)
    assert MARKER not in opened and '"e2"' not in opened and "my doubts" not in opened
    copy = shares.save_copy(share, tmp_path / "copy.sqlite")
    for path in copy.parent.glob("copy.sqlite*"):
        assert MARKER.encode() not in path.read_bytes()
    assert not list(tmp_path.glob(".masterydesk-coach-*"))  # the private temporary folder is gone


# Refusals: one sentence, nothing written


def test_a_changed_byte_in_the_share_is_refused_with_a_sentence(hubs, urls, ann_journal, kim_journal, hub_admin, tmp_path):
    shared(hubs, ann_journal, kim_journal)
    query(hub_admin, "UPDATE hub_shares SET data = overlay(data PLACING set_byte('\\x00'::bytea, 0,"
                     " get_byte(data, 100) # 1) FROM 101)")

    received, problems = kim_receives(hubs, kim_journal)

    assert received == []
    assert problems == ["The share from ann cannot be opened: it was changed on the hub, or sealed to another key; "
                        "nothing was written."]
    with pytest.raises(shares.ShareRefused, match=r"^The share from ann cannot be opened"):
        kim_receives(hubs, kim_journal, owner="ann")
    refused = run_cli("coach", "--client", "ann", "--out", str(tmp_path / "copy.sqlite"),
                      "--db", str(kim_journal.path), "--hub", urls["kim"])
    assert refused.returncode == 1 and refused.stderr == f"masterydesk: {problems[0]}\n"
    assert not (tmp_path / "copy.sqlite").exists()


def test_a_share_whose_signature_is_not_the_owners_published_key_is_refused(hubs, ann_journal, kim_journal, tmp_path):
    shared(hubs, ann_journal, kim_journal)
    shares.publish_key(hubs["ann"], me_of_new_journal(ann_journal).did)  # Ann's hub key no longer signs her share

    received, problems = kim_receives(hubs, kim_journal)

    assert received == [] and len(problems) == 1
    assert problems[0].startswith("The share from ann does not hold: its signature does not match ann's key")
    assert is_one_sentence(problems[0])


def test_sharing_with_a_user_without_a_key_or_through_a_folder_is_refused(hubs, ann_journal, tmp_path):
    with pytest.raises(shares.ShareRefused) as raised:
        shares.share_with(ann_journal, hubs["ann"], me(ann_journal), "zed", public_key_from_did)
    assert str(raised.value) == ("Hub user zed has not published a key on this hub yet; they need to publish theirs "
                                 "first, with File ▸ Open coaching views… in MasteryDesk or "
                                 "`masterydesk share --publish-key`.")
    with pytest.raises(shares.ShareRefused, match=r"^Sharing needs a PostgreSQL hub\.$"):
        shares.hub_address(ann_journal, str(tmp_path / "folder-hub"))
    with pytest.raises(shares.ShareRefused, match=r"^Sharing needs a PostgreSQL hub: give --hub"):
        shares.hub_address(ann_journal, None)
    folder = tmp_path / "folder-hub"
    folder.mkdir()
    syncing.set_up(ann_journal, str(folder), syncing.hub_key_for(str(folder), PASS))
    with pytest.raises(shares.ShareRefused, match=r"^Sharing needs a PostgreSQL hub\.$"):
        shares.hub_address(ann_journal, None)


def test_a_second_journal_cannot_take_over_a_published_key_unasked(hubs, ann_journal, kim_journal):
    shared(hubs, ann_journal, kim_journal)
    other = me_of_new_journal(ann_journal)

    with pytest.raises(shares.ShareRefused) as raised:
        shares.share_with(ann_journal, hubs["ann"], other, "kim", public_key_from_did)
    assert str(raised.value) == ("Hub user ann has published the key of another journal; to publish this journal's "
                                 "key instead, run the command `masterydesk share --publish-key` (shares sealed to "
                                 "the old key then need making again).")


# Kept current


def make_share_older(admin_url: str) -> None:
    query(admin_url, "UPDATE hub_shares SET updated_at = updated_at - interval '11 minutes'")


def test_a_sync_brings_the_share_up_to_date_and_a_new_reader_key_is_not_followed(
    hubs, urls, ann_journal, kim_journal, hub_admin
):
    syncing.set_up(ann_journal, urls["ann"], syncing.hub_key_for(urls["ann"], PASS))
    shared(hubs, ann_journal, kim_journal)
    fill(ann_journal, applications=[app("a4", "sql", days_ago(1))])

    assert syncing.sync_now(ann_journal).problems == ()
    [share], _ = kim_receives(hubs, kim_journal)
    assert len(share.document["records"]["applications"]) == 3  # made a moment ago: left for a later sync
    make_share_older(hub_admin)
    fill(ann_journal, applications=[app("a5", "sql", days_ago(1))])

    assert syncing.sync_now(ann_journal).problems == ()
    [share], _ = kim_receives(hubs, kim_journal)
    assert [a["id"] for a in share.document["records"]["applications"]] == ["a1", "a2", "a3", "a4", "a5"]
    make_share_older(hub_admin)
    shares.publish_key(hubs["kim"], me_of_new_journal(kim_journal).did)  # Kim's key changes on the hub
    fill(ann_journal, applications=[app("a6", "sql", days_ago(0))])
    result = syncing.sync_now(ann_journal)
    assert result.problems == ("kim has published another key since you shared with them, so their copy was not "
                               "brought up to date; share with them again (File ▸ Sync ▸ Share… or "
                               "`masterydesk share --with kim`) to accept it.",)
    assert [s.key_changed for s in shares.own_shares(hubs["ann"])] == [True]
    shares.publish_key(hubs["kim"], me(kim_journal).did)  # Kim's own key again: the copy still opens
    [share], _ = kim_receives(hubs, kim_journal)
    assert len(share.document["records"]["applications"]) == 5


def test_share_refresh_remakes_every_share_at_once(hubs, ann_journal, kim_journal):
    shared(hubs, ann_journal, kim_journal)
    fill(ann_journal, applications=[app("a4", "sql", days_ago(1))])

    assert shares.refresh_shares(ann_journal, hubs["ann"], me(ann_journal)) == []

    [share], _ = kim_receives(hubs, kim_journal)
    assert len(share.document["records"]["applications"]) == 4


# An older hub


def test_init_hub_on_an_older_hub_adds_the_share_tables_for_its_users(postgres_hub_db):
    init_hub(postgres_hub_db)
    url = add_user("ann", postgres_hub_db)
    query(postgres_hub_db, "DROP TABLE hub_review_answers, hub_review_requests, hub_feedback, hub_keys, hub_shares")  # as a hub made before sharing was
    hub = open_postgres_hub(url)
    try:
        with pytest.raises(shares.ShareRefused, match=r"has no share tables yet; its admin runs `masterydesk hub init`"):
            shares.publish_key(hub, "did:key:z6Mkexample")
        init_hub(postgres_hub_db)
        assert shares.publish_key(hub, "did:key:z6Mkexample").startswith("Published your key on the hub as ann")
    finally:
        hub.close()
    policies = query(postgres_hub_db, "SELECT tablename, policyname, cmd, qual FROM pg_policies"
                                      " WHERE tablename IN ('hub_keys', 'hub_shares', 'hub_feedback') ORDER BY 1, 2")
    assert [(table, name, cmd) for table, name, cmd, _qual in policies[:4]] == [
        ("hub_feedback", "hub_feedback_deleted_by_reader", "DELETE"),
        ("hub_feedback", "hub_feedback_read_by_reader", "SELECT"),
        ("hub_feedback", "hub_feedback_to_who_shares", "INSERT"),
        ("hub_feedback", "hub_own_rows", "ALL"),
    ]
    assert policies[4:] == [
        ("hub_keys", "hub_keys_read_by_all", "SELECT", "true"),
        ("hub_keys", "hub_own_rows", "ALL", "(owner = CURRENT_USER)"),
        ("hub_shares", "hub_own_rows", "ALL", "(owner = CURRENT_USER)"),
        ("hub_shares", "hub_shares_read_by_reader", "SELECT", "(reader = CURRENT_USER)"),
    ]


# The command line


def test_sharing_and_coaching_through_the_command_line(urls, ann_journal, kim_journal, tmp_path):
    ann, kim = str(ann_journal.path), str(kim_journal.path)
    ann_journal.close()
    kim_journal.close()

    published = run_cli("share", "--publish-key", "--hub", urls["kim"], "--db", kim)
    assert published.returncode == 0 and published.stdout.startswith("Published your key on the hub as kim: did:key:")
    done = run_cli("share", "--with", "kim", "--hub", urls["ann"], "--db", ann)
    assert done.returncode == 0, done.stderr
    listed = json.loads(run_cli("share", "--list", "--json", "--hub", urls["ann"], "--db", ann).stdout)
    assert [(s["reader"], s["key_changed"]) for s in listed] == [("kim", False)]

    clients = run_cli("coach", "--json", "--hub", urls["kim"], "--db", kim)
    assert clients.returncode == 0, clients.stderr
    [client] = json.loads(clients.stdout)["clients"]
    own = json.loads(run_cli("metrics", "--json", "--db", ann).stdout)
    assert (client["user"], client["name"], client["overall"], client["window"]) == (
        "ann", "Ann Smith", own["overall"], own["window"])
    assert client["last_checkin"] == TODAY.isoformat()
    words = run_cli("coach", "--hub", urls["kim"], "--db", kim).stdout
    assert words.startswith("ann — Ann Smith (shared ") and "needs attention:" in words

    copy, report = tmp_path / "ann-copy.sqlite", tmp_path / "ann.pdf"
    assert run_cli("coach", "--client", "ann", "--export", str(copy), "--hub", urls["kim"], "--db", kim).returncode == 0
    assert MARKER.encode() not in copy.read_bytes()
    made = run_cli("coach", "--client", "ann", "--report", str(report), "--hub", urls["kim"], "--db", kim)
    assert made.returncode == 0 and made.stdout.startswith("Wrote Ann Smith's coaching report (")
    assert report.read_bytes().startswith(b"%PDF")

    stopped = run_cli("share", "--stop", "kim", "--hub", urls["ann"], "--db", ann)
    assert stopped.stdout == "Stopped sharing with kim: their copy is deleted from the hub.\n"
    assert json.loads(run_cli("coach", "--json", "--hub", urls["kim"], "--db", kim).stdout)["clients"] == []
    gone = run_cli("coach", "--client", "ann", "--out", str(tmp_path / "again.sqlite"), "--hub", urls["kim"], "--db", kim)
    assert gone.returncode == 1 and gone.stderr == "masterydesk: No share from ann is addressed to you on this hub.\n"
    assert not (tmp_path / "again.sqlite").exists()


def test_the_command_line_refuses_a_folder_hub_and_a_reader_without_a_key(urls, ann_journal, tmp_path):
    ann = str(ann_journal.path)
    ann_journal.close()

    folder = run_cli("share", "--with", "kim", "--hub", str(tmp_path), "--db", ann)
    assert folder.returncode == 1 and folder.stderr == "masterydesk: Sharing needs a PostgreSQL hub.\n"
    keyless = run_cli("share", "--with", "zed", "--hub", urls["ann"], "--db", ann)
    assert keyless.returncode == 1 and is_one_sentence(keyless.stderr)
    assert "zed has not published a key" in keyless.stderr

"""The PostgreSQL hub against a real PostgreSQL server: tables, row-level security, blobs, failures."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from sqlalchemy.engine import make_url

from masterydesk.sync import postgres_hub
from masterydesk.sync.hub import Blob, HubError
from masterydesk.sync.postgres_hub import add_user, init_hub, open_postgres_hub
from tests.sync.postgres_cluster import query, PostgresCluster, wait_until

HUB_TABLES = ["hub_changes", "hub_devices", "hub_headers", "hub_snapshots"]
# with the coach's shares and feedback, and review requests and answers through the hub
ALL_TABLES = sorted(HUB_TABLES + ["hub_keys", "hub_shares", "hub_feedback", "hub_review_requests", "hub_review_answers"])


@pytest.fixture
def ann_url(hub_admin) -> str:
    return add_user("ann", hub_admin)


@pytest.fixture
def bob_url(hub_admin) -> str:
    return add_user("bob", hub_admin)


@pytest.fixture
def ann(ann_url):
    hub = open_postgres_hub(ann_url)
    yield hub
    hub.close()


@pytest.fixture
def bob(bob_url):
    hub = open_postgres_hub(bob_url)
    yield hub
    hub.close()



def seqs(blobs) -> list[tuple[str, int]]:
    return [(blob.device, blob.seq) for blob in blobs]


# Setting up a hub


def test_init_hub_twice_makes_the_tables_with_forced_row_level_security(postgres_hub_db):
    first = init_hub(postgres_hub_db)
    second = init_hub(postgres_hub_db)

    assert first == second
    assert first.startswith("The hub at postgresql://postgres@127.0.0.1:") and first.endswith(".")
    assert "password" not in first and make_url(postgres_hub_db).password not in first
    tables = query(
        postgres_hub_db,
        "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class"
        " WHERE relname LIKE 'hub\\_%%' AND relkind = 'r' ORDER BY relname",
    )
    assert tables == [(name, True, True) for name in ALL_TABLES]
    policies = query(postgres_hub_db, "SELECT tablename, qual, with_check FROM pg_policies"
                     " WHERE policyname = 'hub_own_rows' ORDER BY tablename")
    assert [policy[0] for policy in policies] == ALL_TABLES  # one policy each, not two after the second run
    assert all(qual == check == "(owner = CURRENT_USER)" for _, qual, check in policies)


def test_a_hub_without_tables_says_init_comes_first(postgres_hub_db):
    hub = open_postgres_hub(add_user_without_tables(postgres_hub_db))
    with pytest.raises(HubError, match=r"has no hub tables yet; its admin runs `masterydesk hub init` first\.$"):
        hub.read_header()
    hub.close()


def add_user_without_tables(admin_url: str) -> str:
    """A login role in a database nobody ran init_hub on."""
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute("CREATE ROLE carol LOGIN PASSWORD 'carol-secret-1'")
    return make_url(admin_url).set(username="carol", password="carol-secret-1").render_as_string(False)


def test_add_user_returns_a_url_that_works(hub_admin):
    url = add_user("ann", hub_admin)

    parsed = make_url(url)
    admin = make_url(hub_admin)
    assert parsed.drivername == "postgresql" and parsed.username == "ann"
    assert (parsed.host, parsed.port, parsed.database) == (admin.host, admin.port, admin.database)
    assert len(parsed.password) >= 32
    hub = open_postgres_hub(url)
    hub.put_changes("aaaaaaaaaaaa", 1, b"\x00sealed\xff")
    assert list(hub.changes_after({}, "bbbbbbbbbbbb")) == [Blob("aaaaaaaaaaaa", 1, b"\x00sealed\xff")]
    assert hub.location == f"postgresql://ann@{admin.host}:{admin.port}/{admin.database}"
    hub.close()


def test_a_new_user_has_a_scram_password_and_only_the_four_table_privileges(hub_admin):
    add_user("ann", hub_admin)

    [(verifier, superuser, create_role, create_db, bypass)] = query(
        hub_admin, "SELECT rolpassword, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_authid"
        " WHERE rolname = 'ann'"
    )
    assert verifier.startswith("SCRAM-SHA-256$")
    assert (superuser, create_role, create_db, bypass) == (False, False, False, False)
    [(may_create,)] = query(hub_admin, "SELECT has_schema_privilege('ann', 'public', 'CREATE')")
    assert may_create is False
    granted = query(
        hub_admin, "SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type)"
        " FROM information_schema.role_table_grants WHERE grantee = 'ann' GROUP BY table_name ORDER BY 1"
    )
    assert granted == [(name, "DELETE,INSERT,SELECT,UPDATE") for name in ALL_TABLES]


@pytest.mark.parametrize("name", ["ann; drop table hub_changes", "", "1ann", "_ann", "ann-x", "a" * 41, 'an"n'])
def test_a_name_that_is_not_letters_digits_and_underscore_is_refused(hub_admin, name):
    with pytest.raises(HubError, match=r"^A hub user name is letters, digits and _"):
        add_user(name, hub_admin)
    assert query(hub_admin, "SELECT count(*) FROM pg_roles WHERE rolname = %s", name) == [(0,)]


def test_a_user_that_exists_already_is_refused_with_a_sentence(hub_admin):
    add_user("ann", hub_admin)
    with pytest.raises(HubError, match=r"^A user named ann already exists"):
        add_user("ann", hub_admin)


def test_a_mixed_case_name_is_kept_as_typed(hub_admin):
    hub = open_postgres_hub(add_user("Ann_2", hub_admin))
    hub.create_header(b"header")
    assert query(hub_admin, "SELECT owner::text FROM hub_headers") == [("Ann_2",)]
    hub.close()


# Row-level security


def test_bob_sees_none_of_anns_rows(ann, bob, ann_url, bob_url, hub_admin):
    ann.create_header(b"ann's header")
    ann.put_changes("aaaaaaaaaaaa", 1, b"one")
    ann.put_changes("aaaaaaaaaaaa", 2, b"two")
    ann.put_snapshot("aaaaaaaaaaaa", 2, b"snapshot")
    ann.put_device("aaaaaaaaaaaa", b"status")

    for table in HUB_TABLES:
        assert query(bob_url, f"SELECT count(*) FROM {table}") == [(0,)], table
        assert query(ann_url, f"SELECT count(*) FROM {table}")[0][0] >= 1, table
    assert bob.read_header() is None
    assert list(bob.changes_after({}, "bbbbbbbbbbbb")) == []
    assert list(bob.newest_snapshots()) == [] and list(bob.device_statuses()) == []
    assert query(hub_admin, "SELECT DISTINCT owner::text FROM hub_changes") == [("ann",)]


def test_bob_cannot_write_a_row_as_ann(ann, bob_url, hub_admin):
    ann.put_changes("aaaaaaaaaaaa", 1, b"one")

    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        query(bob_url, "INSERT INTO hub_changes (owner, device, seq, data) VALUES ('ann', 'bbbbbbbbbbbb', 9, 'x')")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        query(bob_url, "INSERT INTO hub_headers (owner, header) VALUES ('ann', 'forged')")
    query(bob_url, "UPDATE hub_changes SET data = 'forged'")
    query(bob_url, "DELETE FROM hub_changes")
    assert query(hub_admin, "SELECT owner::text, seq, data FROM hub_changes") == [("ann", 1, b"one")]


def test_bob_cannot_read_anns_header_and_keeps_his_own(ann, bob):
    assert ann.create_header(b"ann's header") == b"ann's header"

    assert bob.read_header() is None
    assert bob.create_header(b"bob's header") == b"bob's header"
    assert (ann.read_header(), bob.read_header()) == (b"ann's header", b"bob's header")


def test_bobs_prune_leaves_anns_blobs(ann, bob, hub_admin):
    ann.put_changes("aaaaaaaaaaaa", 1, b"one")
    ann.put_snapshot("aaaaaaaaaaaa", 1, b"snapshot")

    bob.prune("aaaaaaaaaaaa", 10, 10)

    assert query(hub_admin, "SELECT count(*) FROM hub_changes") == [(1,)]
    assert query(hub_admin, "SELECT count(*) FROM hub_snapshots") == [(1,)]


def test_a_superuser_cannot_sync_since_it_would_see_every_users_rows(ann, hub_admin):
    ann.put_changes("aaaaaaaaaaaa", 1, b"one")
    hub = open_postgres_hub(hub_admin)
    with pytest.raises(HubError, match=r"^User postgres sees every hub user's rows, so it cannot sync"):
        list(hub.changes_after({}, "bbbbbbbbbbbb"))
    hub.close()


# Blobs


def test_the_first_header_wins(ann):
    assert ann.read_header() is None
    assert ann.create_header(b"first") == b"first"
    assert ann.create_header(b"second") == b"first"
    assert ann.read_header() == b"first"


def test_putting_the_same_change_set_twice_keeps_the_first(ann, hub_admin):
    ann.put_changes("aaaaaaaaaaaa", 1, b"one")
    ann.put_changes("aaaaaaaaaaaa", 1, b"one again")

    assert list(ann.changes_after({}, "cccccccccccc")) == [Blob("aaaaaaaaaaaa", 1, b"one")]
    assert query(hub_admin, "SELECT count(*) FROM hub_changes") == [(1,)]


def test_changes_after_skips_what_was_seen_and_the_callers_own_device(ann):
    for device, seq in [("bbbbbbbbbbbb", 2), ("aaaaaaaaaaaa", 1), ("cccccccccccc", 1), ("aaaaaaaaaaaa", 3),
                        ("bbbbbbbbbbbb", 1), ("aaaaaaaaaaaa", 2), ("dddddddddddd", 5)]:
        ann.put_changes(device, seq, f"{device}-{seq}".encode())

    blobs = list(ann.changes_after({"aaaaaaaaaaaa": 1, "dddddddddddd": 5}, "cccccccccccc"))

    assert seqs(blobs) == [("aaaaaaaaaaaa", 2), ("aaaaaaaaaaaa", 3), ("bbbbbbbbbbbb", 1), ("bbbbbbbbbbbb", 2)]
    assert [blob.data for blob in blobs] == [b"aaaaaaaaaaaa-2", b"aaaaaaaaaaaa-3", b"bbbbbbbbbbbb-1", b"bbbbbbbbbbbb-2"]
    assert seqs(ann.changes_after({}, "aaaaaaaaaaaa")) == [
        ("bbbbbbbbbbbb", 1), ("bbbbbbbbbbbb", 2), ("cccccccccccc", 1), ("dddddddddddd", 5)
    ]


def test_changes_after_reads_page_by_page_without_losing_one(ann, monkeypatch):
    monkeypatch.setattr(postgres_hub, "PAGE", 3)
    expected = [("aaaaaaaaaaaa", seq) for seq in range(1, 6)] + [("bbbbbbbbbbbb", seq) for seq in range(1, 4)]
    for device, seq in reversed(expected):
        ann.put_changes(device, seq, b"x")

    assert seqs(ann.changes_after({"bbbbbbbbbbbb": 0}, "cccccccccccc")) == expected
    assert seqs(ann.changes_after({"aaaaaaaaaaaa": 2}, "cccccccccccc")) == expected[2:]


def test_prune_deletes_this_devices_old_change_sets_and_snapshots(ann, hub_admin):
    for seq in range(1, 6):
        ann.put_changes("aaaaaaaaaaaa", seq, b"a")
    for seq in range(1, 4):
        ann.put_changes("bbbbbbbbbbbb", seq, b"b")
        ann.put_snapshot("aaaaaaaaaaaa", seq, b"snapshot")
    ann.put_snapshot("bbbbbbbbbbbb", 1, b"snapshot")

    ann.prune("aaaaaaaaaaaa", 3, None)
    assert len(list(ann.newest_snapshots())) == 4
    ann.prune("aaaaaaaaaaaa", 3, 3)

    assert seqs(ann.changes_after({}, "cccccccccccc")) == [
        ("aaaaaaaaaaaa", 4), ("aaaaaaaaaaaa", 5), ("bbbbbbbbbbbb", 1), ("bbbbbbbbbbbb", 2), ("bbbbbbbbbbbb", 3)
    ]
    assert sorted(seqs(ann.newest_snapshots())) == [("aaaaaaaaaaaa", 3), ("bbbbbbbbbbbb", 1)]


def test_snapshots_come_newest_first(ann):
    ann.put_snapshot("aaaaaaaaaaaa", 1, b"oldest")
    ann.put_snapshot("bbbbbbbbbbbb", 7, b"middle")
    ann.put_snapshot("aaaaaaaaaaaa", 2, b"newest")

    assert list(ann.newest_snapshots()) == [
        Blob("aaaaaaaaaaaa", 2, b"newest"), Blob("bbbbbbbbbbbb", 7, b"middle"), Blob("aaaaaaaaaaaa", 1, b"oldest")
    ]


def test_a_device_status_is_replaced_and_dated(ann):
    before = int(time.time())
    ann.put_device("aaaaaaaaaaaa", b"seen 3")
    ann.put_device("aaaaaaaaaaaa", b"seen 5")
    ann.put_device("bbbbbbbbbbbb", b"seen 1")

    statuses = list(ann.device_statuses())

    assert [(status.device, status.data) for status in statuses] == [
        ("aaaaaaaaaaaa", b"seen 5"), ("bbbbbbbbbbbb", b"seen 1")
    ]
    assert all(before - 1 <= status.seq <= time.time() + 1 for status in statuses)


# URLs and failures


def test_open_accepts_the_psycopg_driver_and_shows_no_password(ann_url):
    hub = open_postgres_hub(ann_url.replace("postgresql://", "postgresql+psycopg://"))
    hub.put_changes("aaaaaaaaaaaa", 1, b"one")
    assert seqs(hub.changes_after({}, "bbbbbbbbbbbb")) == [("aaaaaaaaaaaa", 1)]
    assert hub.location.startswith("postgresql://ann@127.0.0.1:")
    assert make_url(ann_url).password not in hub.location
    hub.close()


@pytest.mark.parametrize("url", ["mysql://ann:secret@localhost/mastery", "not a url"])
def test_a_url_that_is_not_postgresql_is_refused(url):
    with pytest.raises(HubError, match="PostgreSQL") as refused:
        open_postgres_hub(url)
    assert "secret" not in str(refused.value)


def test_a_wrong_password_is_one_sentence_without_any_password(ann_url):
    right = make_url(ann_url).password
    hub = open_postgres_hub(make_url(ann_url).set(password="wrong-Secret-42").render_as_string(False))

    with pytest.raises(HubError) as refused:
        hub.read_header()

    assert str(refused.value) == "The hub refused user ann's password."
    assert "wrong-Secret-42" not in refused.value.details and right not in refused.value.details
    assert refused.value.__cause__ is None and refused.value.__suppress_context__
    hub.close()


def test_a_missing_database_is_named(ann_url):
    hub = open_postgres_hub(make_url(ann_url).set(database="no_such_hub").render_as_string(False))
    with pytest.raises(HubError, match=r"has no database named no_such_hub\.$"):
        hub.read_header()
    hub.close()


def test_a_stopped_server_cannot_be_reached_and_a_started_one_serves_again(postgres_cluster, ann):
    ann.put_changes("aaaaaaaaaaaa", 1, b"one")  # the pool now holds a connection the stop will break
    location = ann.location
    postgres_cluster.stop_server()
    try:
        with pytest.raises(HubError) as unreachable:
            ann.put_changes("aaaaaaaaaaaa", 2, b"two")
    finally:
        postgres_cluster.start_server()

    assert str(unreachable.value) == f"The hub at {location} cannot be reached: connection refused."
    ann.put_changes("aaaaaaaaaaaa", 2, b"two")
    assert seqs(ann.changes_after({}, "bbbbbbbbbbbb")) == [("aaaaaaaaaaaa", 1), ("aaaaaaaaaaaa", 2)]


def test_a_server_that_goes_away_during_a_put_is_a_hub_error(postgres_cluster, ann, hub_admin):
    ann.put_changes("aaaaaaaaaaaa", 1, b"one")
    outcome = []

    def put_while_locked():
        try:
            ann.put_changes("aaaaaaaaaaaa", 2, b"two")
            outcome.append("stored")
        except HubError as error:
            outcome.append(str(error))

    admin = psycopg.connect(hub_admin)
    # The admin's lock holds ann's insert inside the server until the server goes down.
    admin.execute("LOCK TABLE hub_changes IN ACCESS EXCLUSIVE MODE")
    putting = threading.Thread(target=put_while_locked)
    putting.start()
    waiting = "SELECT count(*) FROM pg_stat_activity WHERE usename = 'ann' AND wait_event_type = 'Lock'"
    try:
        assert wait_until(lambda: query(hub_admin, waiting) == [(1,)])
    finally:
        postgres_cluster.stop_server()
        putting.join(10)
        admin.close()
        postgres_cluster.start_server()

    assert outcome == [f"The hub at {ann.location} cannot be reached: the server closed the connection."]
    assert seqs(ann.changes_after({}, "bbbbbbbbbbbb")) == [("aaaaaaaaaaaa", 1)]


# A server with every connection slot taken


@pytest.fixture(scope="module")
def small_server():
    """A server of its own that allows three connections, none kept for the superuser; its hub
    user ann's URL. (Its own: filling every slot of the shared one would stall the other tests.)"""
    cluster = PostgresCluster.start()
    try:
        with psycopg.connect(cluster.admin_url, autocommit=True) as admin:
            admin.execute("ALTER SYSTEM SET max_connections = 3")
            admin.execute("ALTER SYSTEM SET superuser_reserved_connections = 0")
        cluster.restart()
        init_hub(cluster.admin_url)
        yield cluster, add_user("ann", cluster.admin_url)
    finally:
        cluster.stop()


def hold_every_slot(cluster) -> list[psycopg.Connection]:
    return [psycopg.connect(cluster.admin_url, connect_timeout=5) for _ in range(3)]


def test_a_server_with_every_slot_taken_is_a_sentence_after_a_few_quick_tries(small_server):
    cluster, ann_url = small_server
    held = hold_every_slot(cluster)
    hub = open_postgres_hub(ann_url)
    try:
        start = time.monotonic()
        with pytest.raises(HubError) as full:
            hub.read_header()
        waited = time.monotonic() - start
    finally:
        hub.close()
        for connection in held:
            connection.close()

    assert str(full.value) == (f"The hub at {hub.location} cannot be reached: every connection it allows is in use "
                               "(its admin can raise max_connections).")
    assert "too many clients" in full.value.details
    assert 0.7 <= waited <= 2.5  # tried three times, waiting 0.2-0.4 s and 0.5-1 s between


def test_a_connection_slot_that_frees_during_the_tries_is_taken(small_server):
    cluster, ann_url = small_server
    held = hold_every_slot(cluster)
    freeing = threading.Timer(0.15, held[0].close)
    freeing.start()
    hub = open_postgres_hub(ann_url)
    try:
        assert hub.read_header() is None
    finally:
        freeing.join()
        hub.close()
        for connection in held:
            connection.close()

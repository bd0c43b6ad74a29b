"""Sync through each hub (a folder, and a real PostgreSQL): journals on two and three devices
converge, edits merge per field, conflicts are kept, deletes travel, a damaged change set is
named and skipped, and nothing readable is written to the hub."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from pathlib import Path

import psycopg
import pytest

from masterydesk.domain import records as r
from masterydesk.services.editing import delete_records, save_records
from masterydesk.services.transfer import export_bundle
from masterydesk.store import sync_log
from masterydesk.store.database import open_journal
from masterydesk.store.journal_lock import JournalLock
from masterydesk.sync import syncing
from masterydesk.sync.conflicts import conflicts, restore
from masterydesk.sync.crypto import WrongPassphrase
from masterydesk.sync.postgres_hub import add_user, init_hub
from tests.builders import D, app, fill, skill

PASS = "correct horse battery staple"


class FolderUnderTest:
    def __init__(self, folder: Path) -> None:
        folder.mkdir()
        self.folder = folder

    def __str__(self) -> str:
        return str(self.folder)

    def stored(self) -> list[bytes]:
        return [p.read_bytes() for p in sorted(self.folder.rglob("*")) if p.is_file()]

    def last_synced_days_ago(self, device: str, days: int) -> None:
        moment = time.time() - days * 86400
        os.utime(self.folder / "devices" / device / "status.mdstat", (moment, moment))

    def flip_a_byte_of_change_set(self, seq: int) -> None:
        path = next(self.folder.rglob(f"{seq:010d}.mdsync"))
        data = bytearray(path.read_bytes())
        data[-5] ^= 1
        path.write_bytes(bytes(data))


class PostgresUnderTest:
    def __init__(self, admin_url: str) -> None:
        init_hub(admin_url)
        self.admin_url = admin_url
        self.url = add_user("ann", admin_url).splitlines()[-1]

    def __str__(self) -> str:
        return self.url

    def _admin(self):
        return psycopg.connect(self.admin_url, autocommit=True)

    def stored(self) -> list[bytes]:
        with self._admin() as admin:
            return [bytes(row[0]) for table in ("hub_headers", "hub_changes", "hub_snapshots", "hub_devices")
                    for row in admin.execute(f"SELECT * FROM {table}").fetchall()
                    for row in [[b"".join(str(v).encode() if not isinstance(v, bytes) else v for v in row)]]]

    def last_synced_days_ago(self, device: str, days: int) -> None:
        with self._admin() as admin:
            admin.execute("UPDATE hub_devices SET stored_at = now() - make_interval(days => %s) WHERE device = %s",
                          (days, device))

    def flip_a_byte_of_change_set(self, seq: int) -> None:
        with self._admin() as admin:
            admin.execute(
                "UPDATE hub_changes SET data = overlay(data PLACING set_byte(substring(data from length(data) - 4 for 1), 0,"
                " get_byte(substring(data from length(data) - 4 for 1), 0) # 1) FROM length(data) - 4) WHERE seq = %s",
                (seq,),
            )


@pytest.fixture(params=["folder", "postgres"])
def hub(request, tmp_path):
    if request.param == "folder":
        return FolderUnderTest(tmp_path / "hub")
    return PostgresUnderTest(request.getfixturevalue("postgres_hub_db"))


@pytest.fixture
def devices(tmp_path, hub):
    """Three journals (laptop, desktop, tablet) and an empty hub."""
    journals = [open_journal(tmp_path / f"{name}.sqlite", create=True) for name in ("laptop", "desktop", "tablet")]
    yield hub, journals
    for journal in journals:
        journal.close()


def records_of(journal) -> r.Bundle:
    return export_bundle(journal)


def join(journal, hub, passphrase=PASS) -> syncing.SyncResult:
    return syncing.set_up(journal, str(hub), syncing.hub_key_for(str(hub), passphrase))


def joined(hub, laptop, desktop, **collections) -> None:
    """The laptop holds the records and sets sync up first; then the desktop joins."""
    fill(laptop, **collections)
    join(laptop, hub)
    join(desktop, hub)


def test_a_second_device_receives_the_whole_journal(devices):
    hub, (laptop, desktop, _tablet) = devices
    fill(laptop, skills=[skill("sql"), skill("kafka")], applications=[app("a1", "sql", D(2026, 3, 1), notes="joins")])
    sent = join(laptop, hub)
    assert sent.sent == 3
    received = join(desktop, hub)
    assert received.received == 3
    assert records_of(desktop) == records_of(laptop)


def test_edits_of_different_fields_both_survive(devices):
    hub, (laptop, desktop, _tablet) = devices
    joined(hub, laptop, desktop, skills=[skill("sql", description="queries")])
    sql = records_of(laptop).skills[0]
    save_records(laptop, dataclasses.replace(sql, name="SQL (advanced)"))
    save_records(desktop, dataclasses.replace(sql, description="window functions"))
    for journal in (laptop, desktop, laptop):
        syncing.sync_now(journal)
    for journal in (laptop, desktop):
        merged = records_of(journal).skills[0]
        assert (merged.name, merged.description) == ("SQL (advanced)", "window functions")


def test_the_same_field_keeps_the_later_edit_and_lists_the_other(devices):
    hub, (laptop, desktop, _tablet) = devices
    joined(hub, laptop, desktop, skills=[skill("sql", description="queries")])
    sql = records_of(laptop).skills[0]
    save_records(laptop, dataclasses.replace(sql, description="from the laptop"))
    time.sleep(0.005)  # a later millisecond: two edits in one are ordered by device, not by time
    save_records(desktop, dataclasses.replace(sql, description="from the desktop"))  # later
    syncing.sync_now(laptop)
    result = syncing.sync_now(desktop)
    syncing.sync_now(laptop)
    assert records_of(laptop).skills[0].description == "from the desktop"
    assert records_of(desktop).skills[0].description == "from the desktop"
    assert result.conflicts == 1
    kept = conflicts(desktop)
    assert [(c.field, c.lost_value) for c in kept] == [("description", "from the laptop")]
    restore(desktop, kept[0])
    syncing.sync_now(desktop)
    syncing.sync_now(laptop)
    assert records_of(laptop).skills[0].description == "from the laptop"
    assert conflicts(desktop)[0].restored


def test_deletes_travel(devices):
    hub, (laptop, desktop, _tablet) = devices
    joined(hub, laptop, desktop, skills=[skill("sql"), skill("kafka")])
    delete_records(desktop, "skills", ["kafka"])
    syncing.sync_now(desktop)
    syncing.sync_now(laptop)
    assert [s.id for s in records_of(laptop).skills] == ["sql"]


def test_a_skill_deleted_elsewhere_is_kept_while_a_new_application_uses_it(devices):
    hub, (laptop, desktop, _tablet) = devices
    joined(hub, laptop, desktop, skills=[skill("sql"), skill("kafka")])
    delete_records(desktop, "skills", ["kafka"])
    save_records(laptop, app("new-app", "kafka", D(2026, 5, 1)))
    syncing.sync_now(desktop)
    result = syncing.sync_now(laptop)
    syncing.sync_now(desktop)
    for journal in (laptop, desktop):
        bundle = records_of(journal)
        assert {s.id for s in bundle.skills} == {"sql", "kafka"}
        assert [a.id for a in bundle.applications] == ["new-app"]
    assert result.conflicts == 1


def test_a_first_upload_goes_once_as_a_snapshot_that_earlier_and_new_devices_apply(devices, monkeypatch):
    """A big first upload is sent once, as a snapshot with an empty change set pointing at it (not
    as change sets and a snapshot): a device that synced before applies the snapshot when it meets
    the pointer; a new, empty device loads the newest snapshot whole, tombstones included."""
    hub, (laptop, desktop, tablet) = devices
    monkeypatch.setattr(syncing, "SNAPSHOT_AFTER_RECORDS", 3)
    fill(desktop, skills=[skill("go")])
    join(desktop, hub)
    fill(laptop, skills=[skill("sql"), skill("kafka")],
         applications=[app("a1", "sql", D(2026, 3, 1)), app("a2", "kafka", D(2026, 3, 2))])
    assert join(laptop, hub).sent == 4
    with laptop.reading() as connection:
        state = sync_log.read_state(connection)
    assert state[syncing.PUSHED] == state[syncing.SNAPSHOT_SEQ] == "1"  # one seq: the snapshot
    syncing.sync_now(desktop)
    assert records_of(desktop) == records_of(laptop)

    delete_records(laptop, "applications", ["a2"])
    monkeypatch.setattr(syncing, "SNAPSHOT_EVERY", 1)
    syncing.sync_now(laptop)  # a second snapshot, holding a2's tombstone
    assert join(tablet, hub).received == 5
    assert records_of(tablet) == records_of(laptop)
    with tablet.reading() as connection:
        assert sync_log.read_states(connection, [("applications", "a2")])["applications", "a2"]["_deleted"][0] is True

    save_records(tablet, skill("go", description="from the tablet"))
    for journal in (tablet, laptop, desktop):
        syncing.sync_now(journal)
    assert records_of(laptop).skills[0].description == "from the tablet"
    assert records_of(desktop) == records_of(laptop) == records_of(tablet)


def test_three_devices_converge(devices):
    hub, journals = devices
    fill(journals[0], skills=[skill("sql")])
    for journal in journals:
        join(journal, hub)
    for n, journal in enumerate(journals):
        save_records(journal, skill(f"s{n}", description=f"made on device {n}"))
    for _round in range(2):
        for journal in journals:
            syncing.sync_now(journal)
    first = records_of(journals[0])
    assert len(first.skills) == 4
    assert all(records_of(j) == first for j in journals[1:])


def test_a_wrong_passphrase_is_refused_and_changes_nothing(devices):
    hub, (laptop, desktop, _tablet) = devices
    fill(laptop, skills=[skill("sql")])
    join(laptop, hub)
    with pytest.raises(WrongPassphrase, match="does not open this hub"):
        join(desktop, hub, "wrong")
    assert not syncing.is_set_up(desktop)
    assert records_of(desktop).skills == ()


def test_nothing_readable_reaches_the_hub(devices):
    hub, (laptop, _desktop, _tablet) = devices
    marker = "PLANTED-MARKER-7731"
    # Long markers only: a stored record is base64, where "sql" turned up by chance (one run in tens).
    skill_id = "planted-skill-id-5521"
    fill(laptop, skills=[skill(skill_id, name=f"SQL {marker}")],
         journal=[r.JournalEntry("e1", D(2026, 1, 2), r.EntryKind.PRACTICE, f"private {marker}", private=True)])
    join(laptop, hub)
    stored = hub.stored()
    assert len(stored) >= 3  # header, a change set, a status
    for data in stored:
        assert marker.encode() not in data and skill_id.encode() not in data


def test_a_tampered_change_set_is_named_and_the_rest_goes_on(devices):
    hub, (laptop, desktop, _tablet) = devices
    fill(laptop, skills=[skill("sql")])
    join(laptop, hub)
    save_records(laptop, skill("kafka"))
    syncing.sync_now(laptop)
    hub.flip_a_byte_of_change_set(1)
    result = join(desktop, hub)
    assert any("Change set 1 of device" in p and "refused" in p for p in result.problems)
    assert [s.id for s in records_of(desktop).skills] == ["kafka"]


def test_a_second_sync_of_one_journal_at_once_is_refused(devices):
    hub, (laptop, _desktop, _tablet) = devices
    join(laptop, hub)
    running = JournalLock(laptop.path, "sync-lock")
    assert running.try_lock()
    try:
        with pytest.raises(syncing.SyncRefused, match="already running"):
            syncing.sync_now(laptop)
    finally:
        running.unlock()
    assert syncing.sync_now(laptop).sent == 0


def test_a_lone_device_does_not_start_again_from_its_own_snapshot(devices, monkeypatch):
    """Until another device has sent something, a device had seen no one's change sets and
    re-applied the newest snapshot — its own — at every sync (15 s each on ten years)."""
    hub, (laptop, _desktop, _tablet) = devices
    monkeypatch.setattr(syncing, "SNAPSHOT_EVERY", 1)  # a snapshot at the first sync
    fill(laptop, skills=[skill("sql"), skill("kafka")])
    join(laptop, hub)
    assert syncing.sync_now(laptop).received == 0
    assert syncing.sync_now(laptop).received == 0


def test_a_device_back_after_its_missed_changes_were_pruned_starts_again_from_a_snapshot(devices, monkeypatch):
    """A device unseen for over 90 days is no longer waited for: the others prune the change sets it
    missed. Back, it must start again from a snapshot, not go on from the next set and lose them."""
    hub, (laptop, desktop, _tablet) = devices
    monkeypatch.setattr(syncing, "SNAPSHOT_EVERY", 1)  # a snapshot at every sync: pruning can happen
    joined(hub, laptop, desktop, skills=[skill("sql", description="queries"), skill("kafka")])
    syncing.sync_now(desktop)
    with desktop.reading() as connection:
        away = sync_log.read_state(connection)[syncing.DEVICE]
    hub.last_synced_days_ago(away, 100)  # as the others see it, and as the desktop remembers it:
    long_ago = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=100)).replace(microsecond=0).isoformat()
    with desktop.writing() as connection:
        sync_log.write_state(connection, {syncing.LAST_OK: long_ago})
    kafka, sql = records_of(laptop).skills  # by id
    save_records(laptop, dataclasses.replace(sql, description="window functions"))
    syncing.sync_now(laptop)
    save_records(laptop, dataclasses.replace(kafka, description="streams"))
    syncing.sync_now(laptop)  # its change sets the desktop never saw are pruned now
    back = syncing.sync_now(desktop)
    assert back.problems == ()
    assert records_of(desktop) == records_of(laptop)
    assert {s.description for s in records_of(desktop).skills} == {"window functions", "streams"}

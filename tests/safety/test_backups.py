"""Automatic, checked, private backups; a retention schedule; restores that lose nothing."""

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from masterydesk.services.backups import (
    backups_to_keep,
    ensure_recent_backup,
    list_backups,
    make_backup,
    prune_backups,
    restore_backup,
)
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import backups_folder, open_journal
from tests.builders import fill, skill
from tests.safety.conftest import skill_ids

T = dt.datetime
NOW = T(2025, 6, 15, 12, 0)  # a Sunday, so ISO weeks end on the backups at noon


def noon(year, month, day):
    return T(year, month, day, 12, 0)


def test_the_retention_schedule_on_two_backups_a_day_for_400_days():
    taken = [NOW - dt.timedelta(days=d, hours=h) for d in range(400) for h in (0, 4)]
    expected = {
        # every backup of the last 2 days
        NOW, T(2025, 6, 15, 8), noon(2025, 6, 14), T(2025, 6, 14, 8), noon(2025, 6, 13),
        # then the newest of each day for 2 weeks
        *(noon(2025, 6, d) for d in range(1, 13)),
        # the newest of each (ISO, Monday to Sunday) week for 2 months
        *(noon(2025, 5, d) for d in (4, 11, 18, 25)), noon(2025, 4, 20), noon(2025, 4, 27),
        # the newest of each month for a year
        noon(2025, 5, 31), noon(2025, 4, 30), noon(2025, 3, 31), noon(2025, 2, 28), noon(2025, 1, 31),
        noon(2024, 12, 31), noon(2024, 11, 30), noon(2024, 10, 31), noon(2024, 9, 30),
        noon(2024, 8, 31), noon(2024, 7, 31), noon(2024, 6, 30),
    }
    assert backups_to_keep(taken, NOW) == expected


def test_backups_in_the_future_of_a_clock_set_back_are_kept():
    ahead = NOW + dt.timedelta(days=30)
    assert backups_to_keep([ahead, NOW], NOW) == {ahead, NOW}


moments = st.datetimes(min_value=T(2023, 1, 1), max_value=T(2025, 6, 15))


@settings(max_examples=200, deadline=None)
@given(st.lists(moments, max_size=60), moments, st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=400)))
def test_pruning_often_keeps_exactly_what_pruning_once_keeps(taken, first, later):
    """Pruning at every backup never loses what one late prune would keep: no period is left bare."""
    second = first + later
    assert backups_to_keep(backups_to_keep(taken, first), second) == backups_to_keep(taken, second)


@settings(max_examples=200, deadline=None)
@given(st.lists(moments, min_size=1, max_size=60), moments)
def test_every_day_week_and_month_in_reach_keeps_a_backup(taken, now):
    kept = backups_to_keep(taken, now)
    for t in taken:
        age = now - t
        if age <= dt.timedelta(days=2):
            assert t in kept
        for reach, period in ((14, lambda x: x.date()), (61, lambda x: x.isocalendar()[:2]), (365, lambda x: (x.year, x.month))):
            if age <= dt.timedelta(days=reach) or t > now:
                assert any(period(k) == period(t) for k in kept)
    assert all(now - k <= dt.timedelta(days=365) for k in kept)


def test_daily_backups_over_four_months_are_pruned_to_the_schedule(journal):
    start = T(2025, 2, 1, 9, 30)
    days = [start + dt.timedelta(days=d) for d in range(120)]
    for day in days:
        assert ensure_recent_backup(journal.path, now=day) is not None
        assert ensure_recent_backup(journal.path, now=day + dt.timedelta(hours=5)) is None
    remaining = [info.taken_at for info in list_backups(journal.path)]
    assert remaining == sorted(backups_to_keep(days, days[-1]), reverse=True)
    assert 20 < len(remaining) < 30


def test_each_journal_is_pruned_on_its_own_and_other_files_are_left_alone(filled_journal):
    morning = make_backup(filled_journal, now=T(2025, 6, 10, 8))
    evening = make_backup(filled_journal, now=T(2025, 6, 10, 20))
    ancient = make_backup(filled_journal, now=T(2020, 1, 1))
    other_journal = backups_folder(filled_journal) / "demo-20250610-100000-000000-daily.sqlite"
    shutil.copyfile(evening, other_journal)
    notes = backups_folder(filled_journal) / "notes.txt"
    notes.write_text("mine")
    assert set(prune_backups(backups_folder(filled_journal), NOW)) == {ancient, morning}
    assert evening.exists() and other_journal.exists() and notes.read_text() == "mine"


def test_a_backup_is_listed_with_its_date_size_and_reason(filled_journal):
    backup = make_backup(filled_journal, reason="before-import", now=NOW)
    [info] = list_backups(filled_journal)
    assert (info.path, info.taken_at, info.size, info.reason) == (backup, NOW, backup.stat().st_size, "before-import")
    assert skill_ids(backup) == skill_ids(filled_journal)
    # self-contained: a backup needs no -wal beside it, and opening it read-only creates none
    with sqlite3.connect(backup) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    raw.close()


def test_a_backup_of_an_open_journal_holds_every_committed_change(filled_journal):
    journal = open_journal(filled_journal)
    try:
        fill(journal, skills=[skill("late")])
        backup = make_backup(filled_journal)
    finally:
        journal.close()
    assert "late" in skill_ids(backup)


def test_restore_keeps_the_current_journal_and_an_open_journal_sees_the_backup(filled_journal):
    backup = make_backup(filled_journal)
    journal = open_journal(filled_journal)  # the window that stays open across the restore
    try:
        fill(journal, skills=[skill("after-backup")])
        kept = restore_backup(backup, filled_journal)
        assert "after-backup" not in {s.id for s in export_bundle(journal).skills}
        fill(journal, skills=[skill("after-restore")])
    finally:
        journal.close()
    assert "after-backup" in skill_ids(kept)
    assert kept.name.endswith("-before-restore.sqlite")
    assert skill_ids(filled_journal) == skill_ids(backup) | {"after-restore"}


def test_an_old_backup_is_restored_though_the_schedule_no_longer_keeps_it(filled_journal):
    old = make_backup(filled_journal, now=T.now() - dt.timedelta(days=800))
    journal = open_journal(filled_journal)
    fill(journal, skills=[skill("later")])
    journal.close()
    restore_backup(old, filled_journal)
    assert "later" not in skill_ids(filled_journal)
    assert skill_ids(filled_journal) == skill_ids(old)


def test_a_stale_wal_of_a_damaged_journal_is_not_replayed_onto_the_restored_one(filled_journal):
    backup = make_backup(filled_journal)
    raw = sqlite3.connect(filled_journal)
    raw.execute("PRAGMA wal_autocheckpoint = 0")
    raw.execute("DELETE FROM applications")
    raw.execute("DELETE FROM skills")
    raw.commit()
    wal = filled_journal.with_name("journal.sqlite-wal")
    stale = wal.read_bytes()
    raw.close()
    wal.write_bytes(stale)  # as a crash leaves it: every skill deleted, not yet checkpointed
    data = bytearray(filled_journal.read_bytes())
    data[:16] = b"garbage garbage!"
    filled_journal.write_bytes(bytes(data))

    kept = restore_backup(backup, filled_journal)
    assert skill_ids(filled_journal) == skill_ids(backup)
    assert kept.with_name(kept.name + "-wal").read_bytes() == stale


def test_a_backup_from_an_older_version_is_upgraded_after_the_restore(filled_journal, tmp_path):
    from tests.safety.old_journals import first_revision_journal

    old = first_revision_journal(tmp_path / "old.sqlite")
    older = open_journal(old)  # upgrades, keeping the 0001 file as a backup
    older.close()
    [before_upgrade] = [b.path for b in list_backups(old) if b.reason == "before-upgrade-from-0001"]
    restore_backup(before_upgrade, filled_journal)
    journal = open_journal(filled_journal)
    try:
        assert journal.upgraded_from is None  # already upgraded by the restore
        assert [s.id for s in export_bundle(journal).skills] == ["sql"]
    finally:
        journal.close()


def test_backup_and_restore_from_the_command_line(filled_journal):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "masterydesk", *args, "--db", str(filled_journal)],
                              capture_output=True, text=True)

    made = cli("backup")
    assert made.returncode == 0, made.stderr
    [info] = list_backups(filled_journal)
    assert made.stdout.strip() == f"Backed up to {info.path}."
    journal = open_journal(filled_journal)
    fill(journal, skills=[skill("later")])
    journal.close()
    restored = cli("restore", str(info.path))
    assert restored.returncode == 0, restored.stderr
    assert "later" not in skill_ids(filled_journal)
    refused = cli("restore", str(filled_journal.with_name("missing.sqlite")))
    assert refused.returncode == 1
    assert refused.stderr.strip() == f"masterydesk: There is no journal at {filled_journal.with_name('missing.sqlite')}."

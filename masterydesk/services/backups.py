"""Backups of a journal: checked copies made with SQLite's online backup API, kept on a schedule."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from masterydesk.domain.errors import JournalRefused, MasteryDeskError
from masterydesk.store import sqlite
from masterydesk.store.database import (
    FILE_MODE,
    backups_folder,
    new_backup_path,
    open_journal,
    parse_backup_name,
    private_folder,
    write_backup,
)
from masterydesk.store.versions import check_version, head_revision

BACKUP_INTERVAL = dt.timedelta(days=1)
KEEP_ALL = dt.timedelta(days=2)
# (how far back, the period of which one backup is kept)
KEEP_ONE_PER: tuple[tuple[dt.timedelta, Callable[[dt.datetime], tuple]], ...] = (
    (dt.timedelta(days=14), lambda t: (t.date(),)),
    (dt.timedelta(days=61), lambda t: tuple(t.isocalendar())[:2]),
    (dt.timedelta(days=365), lambda t: (t.year, t.month)),
)
DAMAGED_SUFFIX = ".damaged-copy"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file of a journal."""

    path: Path
    taken_at: dt.datetime
    size: int
    reason: str


def backups_to_keep(taken: Iterable[dt.datetime], now: dt.datetime) -> set[dt.datetime]:
    """Which backup times the retention policy keeps.

    Every backup of the last 2 days; then the newest of each day for 2 weeks, of each week
    for 2 months, of each month for a year. Each rule looks at all backups, so a period's newest
    backup is never removed while the period is in reach, and none is left without one.
    """
    taken = sorted(set(taken))
    keep = {t for t in taken if now - t <= KEEP_ALL}
    for reach, period in KEEP_ONE_PER:
        newest: dict[tuple, dt.datetime] = {}
        for t in taken:
            newest[period(t)] = t
        keep.update(t for t in newest.values() if now - t <= reach)
    return keep


def backup_info(path: Path) -> BackupInfo | None:
    """What a backup's name and size tell about it; None for a file that is not a backup."""
    named = parse_backup_name(Path(path))
    return None if named is None else BackupInfo(Path(path), named[1], Path(path).stat().st_size, named[2])


def list_backups(journal_path: Path) -> list[BackupInfo]:
    """The journal's backups, newest first."""
    journal_path = Path(journal_path)
    found = []
    for path in backups_folder(journal_path).glob("*.sqlite"):
        named = parse_backup_name(path)
        if named is not None and named[0] == journal_path.stem:
            found.append(backup_info(path))
    return sorted(found, key=lambda info: info.taken_at, reverse=True)


def damaged_copies(journal_path: Path) -> list[Path]:
    """The raw copies kept of the journal when it was found damaged and replaced by a backup."""
    journal_path = Path(journal_path)
    return sorted(backups_folder(journal_path).glob(f"{journal_path.stem}-*{DAMAGED_SUFFIX}"))


def prune_backups(folder: Path, now: dt.datetime | None = None) -> list[Path]:
    """Remove the backups in folder the retention policy no longer keeps; return them."""
    now = now or dt.datetime.now()
    by_journal: dict[str, list[tuple[dt.datetime, Path]]] = {}
    for path in Path(folder).glob("*.sqlite"):
        named = parse_backup_name(path)
        if named is not None:
            by_journal.setdefault(named[0], []).append((named[1], path))
    removed = []
    for backups in by_journal.values():
        keep = backups_to_keep((taken for taken, _ in backups), now)
        for taken, path in backups:
            if taken not in keep:
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def make_backup(journal_path: Path, reason: str = "manual", now: dt.datetime | None = None) -> Path:
    """Copy the journal into its backups folder, then prune old backups; return the copy's path."""
    journal_path = Path(journal_path)
    if not journal_path.is_file():
        raise MasteryDeskError(f"There is no journal at {journal_path} to back up.")
    _check_backup(journal_path)  # what every other command refuses (damaged, newer) is refused here too
    target = write_backup(journal_path, reason, now)
    prune_backups(target.parent, now)
    return target


def ensure_recent_backup(journal_path: Path, now: dt.datetime | None = None) -> Path | None:
    """Back up the journal when its newest backup is older than a day; return the new backup."""
    now = now or dt.datetime.now()
    backups = list_backups(journal_path)
    if backups and now - backups[0].taken_at < BACKUP_INTERVAL:
        return None
    return make_backup(journal_path, reason="daily", now=now)


def _check_backup(backup: Path) -> str:
    """The file's revision, once it passes the checks a journal must pass to be opened."""
    revision, user_version = sqlite.inspect_journal(backup)
    check_version(backup, revision, user_version)
    return revision


def newest_good_backup(journal_path: Path) -> Path | None:
    """The newest backup of the journal that passes the opening checks, if any."""
    for info in list_backups(journal_path):
        try:
            _check_backup(info.path)
        except JournalRefused:
            continue
        return info.path
    return None


def _keep_damaged_copy(journal_path: Path) -> Path:
    """A byte-for-byte copy of a journal SQLite cannot read, with its -wal, kept out of pruning."""
    private_folder(backups_folder(journal_path))
    copy = new_backup_path(journal_path, "damaged").with_suffix(DAMAGED_SUFFIX)
    for source, target in ((journal_path, copy), (Path(f"{journal_path}-wal"), Path(f"{copy}-wal"))):
        if source.exists():
            sqlite.create_private_file(target)
            shutil.copyfile(source, target)
    return copy


def restore_backup(backup: Path, journal_path: Path) -> Path:
    """Put a checked backup in the journal's place; return where the replaced journal is kept.

    A sound journal is kept as one more backup and overwritten through SQLite in one
    transaction; a damaged one is kept as a raw copy and replaced. A backup from an older
    version is upgraded afterwards (after its own backup).
    """
    backup, journal_path = Path(backup), Path(journal_path)
    revision = _check_backup(backup)
    if not journal_path.exists():
        private_folder(journal_path.parent)
        sqlite.backup_database(backup, journal_path)
        kept = backup
    else:
        try:
            sqlite.inspect_journal(journal_path)
        except JournalRefused:
            with sqlite.disk_failures_explained("The damaged journal could not be copied aside"):
                kept = _keep_damaged_copy(journal_path)
            sqlite.replace_damaged(backup, journal_path)
        else:
            # Not make_backup: its pruning could remove the very backup being restored.
            kept = write_backup(journal_path, "before-restore")
            sqlite.restore_in_place(backup, journal_path)
    journal_path.chmod(FILE_MODE)
    if revision != head_revision():
        open_journal(journal_path).close()
    return kept

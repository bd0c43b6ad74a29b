"""Backups of a journal: consistent copies made with SQLite's online backup API."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.store import sqlite
from masterydesk.store.database import FILE_MODE, FOLDER_MODE, backups_folder


def make_backup(journal_path: Path, reason: str = "manual", now: dt.datetime | None = None) -> Path:
    """Copy the journal into its backups folder; return the copy's path."""
    journal_path = Path(journal_path)
    if not journal_path.is_file():
        raise MasteryDeskError(f"There is no journal at {journal_path} to back up.")
    sqlite.inspect_journal(journal_path)
    folder = backups_folder(journal_path)
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{journal_path.stem}-{stamp}-{reason}.sqlite"
    sqlite.backup_database(journal_path, target)
    os.chmod(target, FILE_MODE)
    return target


def restore_backup(backup: Path, journal_path: Path) -> Path:
    """Put a checked backup in the journal's place, keeping the current journal as a backup."""
    backup, journal_path = Path(backup), Path(journal_path)
    sqlite.inspect_journal(backup)
    kept = make_backup(journal_path, reason="before-restore") if journal_path.exists() else backup
    partial = journal_path.with_name(f".{journal_path.name}.restoring")
    partial.unlink(missing_ok=True)
    sqlite.backup_database(backup, partial)
    os.chmod(partial, FILE_MODE)
    for suffix in ("-wal", "-shm"):
        Path(f"{journal_path}{suffix}").unlink(missing_ok=True)
    os.replace(partial, journal_path)
    return kept

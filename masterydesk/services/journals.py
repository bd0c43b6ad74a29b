"""Opening a journal file for the app: the early look at its newest entries, and the checked open.

The early look loads no SQLAlchemy (store.snapshot); the checked open does, so it is imported
only when called: the window shows the newest entries while it runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from masterydesk.store import sqlite
from masterydesk.store.snapshot import JournalSnapshot

if TYPE_CHECKING:
    from masterydesk.store.database import Journal

__all__ = ["JournalSnapshot", "backups_folder_of", "open_journal_file", "peek_journal", "starts_like_a_database"]


def peek_journal(path: Path) -> JournalSnapshot:
    """A read-only look at a journal whose header and version pass; its pages are checked on open."""
    return JournalSnapshot.open(path, checked_tables=None)


def open_journal_file(
    path: Path, *, create: bool = False, read_only: bool = False, even_if_damaged: bool = False
) -> Journal:
    """The journal at path, checked page by page; upgraded after a backup; refused with a sentence."""
    from masterydesk.store.database import open_journal

    return open_journal(path, create=create, read_only=read_only, even_if_damaged=even_if_damaged)


def starts_like_a_database(path: Path) -> bool:
    """Whether the file's first bytes are SQLite's: something of a damaged journal may still be read."""
    with Path(path).open("rb") as handle:
        return handle.read(len(sqlite.SQLITE_HEADER)) == sqlite.SQLITE_HEADER


def backups_folder_of(journal_path: Path) -> Path:
    """Where the journal's backups are kept."""
    from masterydesk.store.database import backups_folder

    return backups_folder(journal_path)

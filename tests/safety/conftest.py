"""Journals with real content on disk, and ways to look at files without touching them."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest

from masterydesk.store.database import open_journal
from tests.builders import app, fill, skill

D = dt.date


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def skill_ids(path: Path) -> set[str]:
    """The skills in a journal file, read with plain sqlite3 (which also replays its -wal)."""
    with sqlite3.connect(path) as raw:
        return {row[0] for row in raw.execute("SELECT id FROM skills")}


@pytest.fixture
def filled_journal(journal_path) -> Path:
    """A closed journal of 40 skills with long descriptions (several dozen pages) and applications."""
    journal = open_journal(journal_path, create=True)
    try:
        fill(
            journal,
            skills=[skill(f"s{i:02}", description="practice " * 400) for i in range(40)],
            applications=[app(f"a{i:02}", f"s{i:02}", D(2024, 1, 1 + i % 28)) for i in range(40)],
        )
    finally:
        journal.close()
    return journal_path

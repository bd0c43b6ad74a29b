"""Which schema revisions this version of MasteryDesk knows, without importing SQLAlchemy or Alembic."""

from __future__ import annotations

from pathlib import Path

from masterydesk.domain.errors import JournalTooNew

# Every Alembic revision, oldest first. Opening a journal checks its revision against this list
# without importing Alembic (0.3-0.45 s of start-up); a test keeps it equal to the scripts.
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")


def known_revisions() -> list[str]:
    """Revisions this version knows, oldest first."""
    return list(REVISIONS)


def head_revision() -> str:
    return known_revisions()[-1]


def check_version(path: Path, revision: str, user_version: int) -> None:
    """Refuse a journal written by a newer MasteryDesk than this one."""
    revisions = known_revisions()
    if revision not in revisions or user_version > len(revisions):
        raise JournalTooNew(
            f"{path.name} was written by a newer version of MasteryDesk; "
            "update the app to open it. The file was left untouched."
        )

"""The one write door: every change to a journal's records goes through writing().

A dialog, the quick log, an import, the settings and a check-in all end here, in one transaction
each; sync's change log will be written here, inside the same transaction as the change it logs.
tests/test_architecture.py lists the write paths that use it and checks that nothing else writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from masterydesk.store.database import Journal

ACTIONS = ("save", "undo", "delete", "import", "settings", "check-in", "sync", "identity")


@contextmanager
def writing(journal: Journal, action: str) -> Iterator[Connection]:
    """One transaction that changes records (action says which kind of change): all of it, or nothing."""
    if action not in ACTIONS:
        raise ValueError(f"unknown write action {action!r}")
    with journal.writing() as connection:
        yield connection

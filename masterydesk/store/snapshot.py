"""Reading a journal through the sqlite3 module alone, for work that must start fast.

`masterydesk metrics` would spend most of a third of a second importing SQLAlchemy, and the app
would show its newest entries half a second later; their readers are plain SQL, so they run on
sqlite3 directly, behind the same header and version checks as open_journal.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from masterydesk.domain.errors import JournalRefused
from masterydesk.store import cipher, sqlite
from masterydesk.store.versions import check_version, head_revision


class PlainConnection:
    """The one method of SQLAlchemy's Connection that the plain-SQL readers call, over sqlite3."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def exec_driver_sql(self, sql: str, parameters: tuple | dict = ()) -> sqlite3.Cursor:
        return self._connection.execute(sql, parameters)


class JournalSnapshot:
    """A journal file open for reading only, through sqlite3; reads as a Journal's reading() does."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.read_only = True
        self._connection = sqlite.read_only_connection(path)

    @classmethod
    def open(cls, path: Path | str, checked_tables: tuple[str, ...] | None = ()) -> JournalSnapshot:
        """Check the file as open_journal does, then open it.

        checked_tables: the tables whose pages are checked (every table when empty); None checks
        no page, for a read that a checked open follows at once.
        """
        path = Path(path).expanduser().resolve()
        revision, user_version = sqlite.inspect_journal(path, checked_tables)
        check_version(path, revision, user_version)
        if revision != head_revision():
            raise JournalRefused(f"{path.name} needs an upgrade first: open it in the app, or import into it.")
        return cls(path)

    @contextmanager
    def reading(self) -> Iterator[PlainConnection]:
        """One read transaction; damage met while reading is refused in one sentence."""
        try:
            self._connection.execute("BEGIN")
            try:
                yield PlainConnection(self._connection)
            finally:
                self._connection.execute("ROLLBACK")
        except cipher.database_errors() as error:
            if not sqlite.is_damage(error):
                raise
            raise sqlite.damaged_part(self.path) from error

    def close(self) -> None:
        self._connection.close()


@contextmanager
def reading_file(path: Path | str, tables: tuple[str, ...]) -> Iterator[PlainConnection]:
    """One read transaction on a journal file whose pages of tables were checked first."""
    snapshot = JournalSnapshot.open(path, tables)
    try:
        with snapshot.reading() as connection:
            yield connection
    finally:
        snapshot.close()

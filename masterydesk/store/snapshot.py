"""Reading a journal through the sqlite3 module alone, for a command that must start fast.

`masterydesk metrics` spends most of a third of a second importing SQLAlchemy if it opens the
journal as the app does; its readers are plain SQL, so they run on sqlite3 directly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from masterydesk.domain.errors import JournalRefused
from masterydesk.store import sqlite
from masterydesk.store.versions import check_version, head_revision


class PlainConnection:
    """The one method of SQLAlchemy's Connection that the plain-SQL readers call, over sqlite3."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def exec_driver_sql(self, sql: str, parameters: tuple = ()) -> sqlite3.Cursor:
        return self._connection.execute(sql, parameters)


@contextmanager
def reading_file(path: Path | str, tables: tuple[str, ...]) -> Iterator[PlainConnection]:
    """One read transaction on a journal file, after the checks open_journal makes.

    The page check covers only the tables the caller reads in full; damage met anywhere else
    while reading is refused in one sentence, as the app's reads are. Nothing is written.
    """
    path = Path(path).expanduser().resolve()
    revision, user_version = sqlite.inspect_journal(path, tables)
    check_version(path, revision, user_version)
    if revision != head_revision():
        raise JournalRefused(f"{path.name} needs an upgrade first: open it in the app, or import into it.")
    connection = sqlite.read_only_connection(path)
    try:
        connection.execute("BEGIN")
        yield PlainConnection(connection)
    except sqlite3.DatabaseError as error:
        if not sqlite.is_damage(error):
            raise
        raise sqlite.damaged_part(path) from error
    finally:
        connection.close()

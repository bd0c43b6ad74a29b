"""Everything that only SQLite understands, in one place, so the schema can move to PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite

from masterydesk.domain.errors import JournalRefused

# PRAGMA application_id of every MasteryDesk journal: "MDSK".
APPLICATION_ID = 0x4D44534B
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def configure_connection(dbapi_connection: sqlite3.Connection, read_only: bool) -> None:
    """Pragmas every connection needs; autocommit so that our own BEGIN controls transactions."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    if not read_only:
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def begin_statement(read_only: bool) -> str:
    # IMMEDIATE takes the write lock up front, so a writer never fails half-way on SQLITE_BUSY.
    return "BEGIN" if read_only else "BEGIN IMMEDIATE"


def engine_url(path: Path, read_only: bool) -> str:
    if read_only:
        return f"sqlite:///file:{path}?mode=ro&uri=true"
    return f"sqlite:///{path}"


def stamp_application_id(connection: Connection, schema_number: int) -> None:
    connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.exec_driver_sql(f"PRAGMA user_version = {schema_number}")


def upsert(connection: Connection, table: Table, rows: list[dict], key: tuple[str, ...]) -> None:
    """Insert rows, updating those whose key exists (SQLite and PostgreSQL share the syntax)."""
    if not rows:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    updates = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in key and c.name in rows[0]}
    if updates:
        statement = statement.on_conflict_do_update(index_elements=list(key), set_=updates)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=list(key))
    connection.execute(statement, rows)


# --- full-text search over journal entries -------------------------------------------------

FTS_TABLE = "journal_fts"

FTS_TRIGGERS = {
    "journal_fts_after_insert": """
        CREATE TRIGGER journal_fts_after_insert AFTER INSERT ON journal_entries BEGIN
          INSERT INTO journal_fts(rowid, text) VALUES (new.pk, new.text);
        END""",
    "journal_fts_after_delete": """
        CREATE TRIGGER journal_fts_after_delete AFTER DELETE ON journal_entries BEGIN
          INSERT INTO journal_fts(journal_fts, rowid, text) VALUES ('delete', old.pk, old.text);
        END""",
    "journal_fts_after_update": """
        CREATE TRIGGER journal_fts_after_update AFTER UPDATE OF text ON journal_entries BEGIN
          INSERT INTO journal_fts(journal_fts, rowid, text) VALUES ('delete', old.pk, old.text);
          INSERT INTO journal_fts(rowid, text) VALUES (new.pk, new.text);
        END""",
}


def create_fts(connection: Connection) -> None:
    connection.exec_driver_sql(
        "CREATE VIRTUAL TABLE journal_fts USING fts5("
        "text, content='journal_entries', content_rowid='pk', "
        "tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
    )
    create_fts_triggers(connection)
    rebuild_fts(connection)


def create_fts_triggers(connection: Connection) -> None:
    for ddl in FTS_TRIGGERS.values():
        connection.exec_driver_sql(ddl)


def drop_fts_triggers(connection: Connection) -> None:
    for name in FTS_TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def drop_fts(connection: Connection) -> None:
    drop_fts_triggers(connection)
    connection.exec_driver_sql("DROP TABLE IF EXISTS journal_fts")


def rebuild_fts(connection: Connection) -> None:
    connection.exec_driver_sql("INSERT INTO journal_fts(journal_fts) VALUES ('rebuild')")


def fts_query(words: str) -> str:
    """A user's words as an FTS5 query: every word must appear, the last one as a prefix."""
    tokens = [t for t in "".join(c if c.isalnum() else " " for c in words).split() if t]
    if not tokens:
        return ""
    quoted = [f'"{t}"' for t in tokens]
    quoted[-1] += "*"
    return " ".join(quoted)


# --- checks before a file is opened -----------------------------------------------------------


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that cannot write the file."""
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def inspect_journal(path: Path) -> tuple[str | None, int]:
    """Check that the file is a sound MasteryDesk journal; return its revision and user_version.

    Reads only: a file that fails is left exactly as it was.
    """
    if not path.is_file():
        raise JournalRefused(f"There is no journal at {path}.")
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) == 0:
        raise JournalRefused(f"{path.name} is empty, so it is not a MasteryDesk journal.")
    if not header.startswith(SQLITE_HEADER) or len(header) < 100:
        raise JournalRefused(f"{path.name} is not a MasteryDesk journal (it is not a SQLite database).")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id != APPLICATION_ID:
        raise JournalRefused(f"{path.name} is a SQLite database but not a MasteryDesk journal.")
    try:
        connection = read_only_connection(path)
        try:
            check = connection.execute("PRAGMA quick_check").fetchall()
            if check != [("ok",)]:
                raise JournalRefused(f"{path.name} is damaged ({check[0][0]}); it was left untouched.")
            user_version = connection.execute("PRAGMA user_version").fetchone()[0]
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise JournalRefused(f"{path.name} is damaged ({error}); it was left untouched.") from error
    return (revision[0] if revision else None), user_version


def backup_database(source: Path, destination: Path) -> None:
    """Copy a live journal with SQLite's online backup API (consistent even while in use)."""
    source_connection = read_only_connection(source)
    try:
        target = sqlite3.connect(destination)
        try:
            source_connection.backup(target)
        finally:
            target.close()
    finally:
        source_connection.close()

"""Everything that only SQLite understands, in one place, so the schema can move to PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote

from masterydesk.domain.errors import JournalBusy, JournalDamaged, JournalRefused, MasteryDeskError, shown_path
from masterydesk.store import cipher

if TYPE_CHECKING:  # SQLAlchemy is imported where it is used: `masterydesk metrics` runs without it
    from sqlalchemy import Connection, Table

# PRAGMA application_id of every MasteryDesk journal: "MDSK".
APPLICATION_ID = 0x4D44534B
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
FOLDER_MODE = 0o700


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


def stamp_application_id(connection: Connection, schema_number: int) -> None:
    connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.exec_driver_sql(f"PRAGMA user_version = {schema_number}")


def _values(connection: Connection, table: Table, names: list[str], rows: list[dict]) -> list[tuple]:
    """The rows as tuples of the named columns, converted as SQLAlchemy would bind them."""
    dialect = connection.dialect
    processors = [(i, table.c[n].type.dialect_impl(dialect).bind_processor(dialect)) for i, n in enumerate(names)]
    processors = [(i, process) for i, process in processors if process is not None]
    values = [[row[n] for n in names] for row in rows]
    for row in values:
        for i, process in processors:
            row[i] = process(row[i])
    return [tuple(row) for row in values]


def insert_rows(connection: Connection, table: Table, rows: list[dict], conflict: str = "") -> None:
    """Insert rows with one prepared statement run for them all.

    Core's executemany binds each row's dict in Python: 1.3 s of a ten-year import, a third of this.
    """
    if not rows:
        return
    names = [c.name for c in table.columns if c.name in rows[0]]
    columns = ", ".join(f'"{n}"' for n in names)
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({", ".join("?" * len(names))}) {conflict}'
    connection.exec_driver_sql(sql, _values(connection, table, names, rows))


def delete_where(connection: Connection, table: Table, column: str, values: Sequence) -> None:
    """Delete the rows whose column holds one of values, one prepared statement run for them all."""
    if values:
        connection.exec_driver_sql(f'DELETE FROM "{table.name}" WHERE "{column}" = ?', [(v,) for v in values])


def upsert(connection: Connection, table: Table, rows: list[dict], key: tuple[str, ...]) -> None:
    """Insert rows, updating those whose key exists (SQLite's ? placeholders: a PostgreSQL store needs %s)."""
    if not rows:
        return
    updates = [f'"{c.name}" = excluded."{c.name}"' for c in table.columns if c.name not in key and c.name in rows[0]]
    action = f"DO UPDATE SET {', '.join(updates)}" if updates else "DO NOTHING"
    insert_rows(connection, table, rows, f"ON CONFLICT ({', '.join(key)}) {action}")


# --- each skill's practice, beside its links to the entries ---------------------------------

# entry_skills keeps a copy of each entry's date and minutes (see models.EntrySkillRow); the
# writer fills it with the links, and this keeps it when an entry's date or minutes change.
PRACTICE_TRIGGER = """
    CREATE TRIGGER entry_skills_follow_their_entry AFTER UPDATE OF date, minutes ON journal_entries BEGIN
      UPDATE entry_skills SET date = new.date, minutes = new.minutes WHERE entry_pk = new.pk;
    END"""


def create_practice_trigger(connection: Connection) -> None:
    connection.exec_driver_sql(PRACTICE_TRIGGER)


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


# An index of two-letter prefixes keeps the first keystrokes of a search fast; one of
# three-letter prefixes too made a rebuild twice as slow and no query measurably faster.
FTS_PREFIXES = "2"
# The index keeps which entries hold a word, not where: searches are words that must all appear
# and matches are highlighted in Python (store.browse), so positions were never read. Without
# them the index is a fifth of the size and a ten-year rebuild takes half the time.
FTS_DETAIL = "none"


def create_fts(connection: Connection, prefixes: str = FTS_PREFIXES, detail: str = FTS_DETAIL) -> None:
    connection.exec_driver_sql(
        "CREATE VIRTUAL TABLE journal_fts USING fts5("
        "text, content='journal_entries', content_rowid='pk', "
        f"tokenize='unicode61 remove_diacritics 2', prefix='{prefixes}', detail={detail})"
    )
    create_fts_triggers(connection)
    rebuild_fts(connection, bulk=True)  # all of a journal's entries at once (an upgrade): merged too


def create_fts_triggers(connection: Connection) -> None:
    for ddl in FTS_TRIGGERS.values():
        connection.exec_driver_sql(ddl)


def drop_fts_triggers(connection: Connection) -> None:
    for name in FTS_TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def drop_fts(connection: Connection) -> None:
    drop_fts_triggers(connection)
    connection.exec_driver_sql("DROP TABLE IF EXISTS journal_fts")


# A bulk rebuild writes out in pieces of this much (1 MiB by default: a third slower). Not more:
# 'optimize' below then has several pieces to merge into one at the top level, while a rebuild
# that fits in one piece leaves it where small writes land, and FTS5 later merged it on a save.
REBUILD_HASH_BYTES = 4 * 2**20
DEFAULT_HASH_BYTES = 2**20


def rebuild_fts(connection: Connection, bulk: bool = False) -> None:
    """Rebuild the journal's full-text index from the entries."""
    set_hash_size = "INSERT INTO journal_fts(journal_fts, rank) VALUES ('hashsize', ?)"
    if bulk:
        connection.exec_driver_sql(set_hash_size, (REBUILD_HASH_BYTES,))
    connection.exec_driver_sql("INSERT INTO journal_fts(journal_fts) VALUES ('rebuild')")
    if bulk:
        connection.exec_driver_sql(set_hash_size, (DEFAULT_HASH_BYTES,))
        # The pieces a bulk rebuild writes sit where the next small writes land: a dozen saves
        # later FTS5 merged them all at once, and one save took 0.3-0.9 s (ten years). Merged
        # into one now (0.3 s more for the import), later saves stay under a millisecond.
        connection.exec_driver_sql("INSERT INTO journal_fts(journal_fts) VALUES ('optimize')")


def _word_character(char: str) -> bool:
    # SQLite's unicode61 tokenizer knows Unicode 6.1: a letter or digit newer than that separates
    # words for it, and a quoted "word" it splits in two is a phrase, which an index without
    # positions refuses. Python's Unicode 3.2 table knows no letter SQLite does not.
    return unicodedata.ucd_3_2_0.category(char)[0] in "LN"


def search_words(text: str) -> list[str]:
    """The words of a search as the full-text index splits them (or finer, never coarser)."""
    return "".join(c if _word_character(c) else " " for c in text).split()


def fts_query(words: str) -> str:
    """A user's words as an FTS5 query: every word must appear, the last one as a prefix."""
    tokens = search_words(words)
    if not tokens:
        return ""
    quoted = [f'"{t}"' for t in tokens]
    quoted[-1] += "*"
    return " ".join(quoted)


# --- full-text search over the timeline's other records ----------------------------------------

# The Journal tab's timeline searches applications, teaching events, interactions (with their
# ideas) and check-ins beside the entries (journal_fts). Their words lie in several tables (a
# skill's, a project's, a contact's or a community's name; an interaction's ideas), so this index
# keeps its own copy of each record's words: one row per record, whose rowid is the kind's code
# times TIMELINE_SPAN plus the record's rowid in its table, so that a search reads one kind's hits
# as one rowid range. Triggers keep it in the transaction of every change, renames included.
# A migration that rebuilds one of these tables (batch mode) drops its triggers and may renumber
# its rows: it must call create_timeline_index again (which rebuilds the index).
TIMELINE_SPAN = 2**40


class TimelineSource(NamedTuple):  # a named tuple: loaded for the first frame (see store.timeline)
    """A table whose records the timeline index holds, and the SQL that gathers each record's words."""

    table: str
    code: int
    words: str  # an expression over `x` (the record) and the joined tables
    joins: str
    indexed: tuple[str, ...]  # the record's columns the words come from


def _words(*parts: str) -> str:
    """The parts as one text, a space between them (a missing one as nothing)."""
    return " || ' ' || ".join(f"coalesce({part}, '')" for part in parts)


TIMELINE_SOURCES = (
    TimelineSource(
        "applications", 1, _words("s.name", "p.name", "c.name", "x.notes"),
        "LEFT JOIN skills s ON s.id = x.skill_id LEFT JOIN projects p ON p.id = x.project_id "
        "LEFT JOIN contacts c ON c.id = x.reviewer_id",
        ("skill_id", "project_id", "reviewer_id", "notes"),
    ),
    TimelineSource(
        "teaching_events", 2, _words("s.name", "c.name", "x.notes"),
        "LEFT JOIN skills s ON s.id = x.skill_id LEFT JOIN contacts c ON c.id = x.contact_id",
        ("skill_id", "contact_id", "notes"),
    ),
    TimelineSource(
        "interactions", 3,
        _words("c.name", "g.name", "x.notes", "(SELECT group_concat(text, ' ') FROM ideas WHERE interaction_id = x.id)"),
        "LEFT JOIN contacts c ON c.id = x.contact_id LEFT JOIN communities g ON g.id = x.community_id",
        ("contact_id", "community_id", "notes"),
    ),
    TimelineSource("checkins", 4, _words("x.working", "x.adjust", "x.notes"), "", ("working", "adjust", "notes")),
)
TIMELINE_SOURCE = {source.table: source for source in TIMELINE_SOURCES}

# A renamed record changes the words of the records that name it: (table, its column naming it).
NAMED_BY = {
    "skills": (("applications", "skill_id"), ("teaching_events", "skill_id")),
    "projects": (("applications", "project_id"),),
    "contacts": (("applications", "reviewer_id"), ("teaching_events", "contact_id"), ("interactions", "contact_id")),
    "communities": (("interactions", "community_id"),),
}


def timeline_key(table: str, rowid: str) -> str:
    """The index's rowid of a record, as SQL: its kind's range, then its rowid in its table."""
    return f"{TIMELINE_SOURCE[table].code * TIMELINE_SPAN} + {rowid}"


def _reindexed(table: str, where: str) -> str:
    """Statements that index anew the records of the table that match `where` (over `x`)."""
    source = TIMELINE_SOURCE[table]
    key = timeline_key(table, "x.rowid")
    return (
        f"DELETE FROM timeline_fts WHERE rowid IN (SELECT {key} FROM {table} x WHERE {where});\n"
        f"INSERT INTO timeline_fts(rowid, words) SELECT {key}, {source.words} FROM {table} x {source.joins} "
        f"WHERE {where};"
    )


def _timeline_triggers() -> dict[str, str]:
    """Each trigger that keeps the timeline index, by name."""
    triggers = {}
    for source in TIMELINE_SOURCES:
        table = source.table
        columns = ", ".join(source.indexed)
        triggers[f"timeline_fts_{table}_insert"] = (
            f"AFTER INSERT ON {table} BEGIN {_reindexed(table, 'x.rowid = new.rowid')} END")
        triggers[f"timeline_fts_{table}_update"] = (
            f"AFTER UPDATE OF {columns} ON {table} BEGIN {_reindexed(table, 'x.rowid = new.rowid')} END")
        triggers[f"timeline_fts_{table}_delete"] = (
            f"AFTER DELETE ON {table} BEGIN DELETE FROM timeline_fts WHERE rowid = {timeline_key(table, 'old.rowid')}; END")
    for named, referrers in NAMED_BY.items():
        statements = " ".join(_reindexed(table, f"x.{column} = new.id") for table, column in referrers)
        triggers[f"timeline_fts_{named}_rename"] = (
            f"AFTER UPDATE OF name ON {named} WHEN new.name IS NOT old.name BEGIN {statements} END")
    for event, row in (("insert", "new"), ("delete", "old")):
        triggers[f"timeline_fts_ideas_{event}"] = (
            f"AFTER {event.upper()} ON ideas BEGIN {_reindexed('interactions', f'x.id = {row}.interaction_id')} END")
    triggers["timeline_fts_ideas_update"] = (
        "AFTER UPDATE OF text, interaction_id ON ideas BEGIN "
        f"{_reindexed('interactions', 'x.id IN (old.interaction_id, new.interaction_id)')} END")
    return triggers


def create_timeline_index(connection: Connection) -> None:
    """The timeline's search index, filled from the records, and the triggers that keep it.

    Any index already there is dropped first: this also rebuilds it, after a bulk write made
    without the triggers, or a migration that rebuilt one of its tables.
    """
    drop_timeline_index(connection)
    connection.exec_driver_sql(
        "CREATE VIRTUAL TABLE timeline_fts USING fts5("
        f"words, tokenize='unicode61 remove_diacritics 2', prefix='{FTS_PREFIXES}', detail={FTS_DETAIL})"
    )
    for source in TIMELINE_SOURCES:
        connection.exec_driver_sql(
            f"INSERT INTO timeline_fts(rowid, words) SELECT {timeline_key(source.table, 'x.rowid')}, {source.words} "
            f"FROM {source.table} x {source.joins}"
        )
    # Merged into one piece, for the reason rebuild_fts gives.
    connection.exec_driver_sql("INSERT INTO timeline_fts(timeline_fts) VALUES ('optimize')")
    create_timeline_triggers(connection)


def create_timeline_triggers(connection: Connection) -> None:
    for name, body in _timeline_triggers().items():
        connection.exec_driver_sql(f"CREATE TRIGGER {name} {body}")


def drop_timeline_triggers(connection: Connection) -> None:
    for name in _timeline_triggers():
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def drop_timeline_index(connection: Connection) -> None:
    drop_timeline_triggers(connection)
    connection.exec_driver_sql("DROP TABLE IF EXISTS timeline_fts")


# --- checks before a file is opened -----------------------------------------------------------

HEADER_SIZE = 100
# Primary result codes meaning the disk refused a write, and what to tell the user.
WRITE_FAILURES = {
    13: "The disk is full",  # SQLITE_FULL
    8: "The journal file or its folder cannot be written",  # SQLITE_READONLY
    14: "The journal file or its folder cannot be written",  # SQLITE_CANTOPEN
    10: "The disk reported an error while saving",  # SQLITE_IOERR
    11: "The journal is damaged",  # SQLITE_CORRUPT
    26: "The journal is damaged",  # SQLITE_NOTADB
}


def write_failure(error: BaseException) -> str | None:
    """The sentence for a write the disk refused, or None when the error is something else."""
    code = getattr(error, "sqlite_errorcode", None)
    cause = WRITE_FAILURES.get(code & 0xFF) if code is not None else None
    return f"{cause}; the change was not saved and the journal is now read-only." if cause else None


def wal_has_content(path: Path) -> bool:
    """Whether committed changes may still wait in the -wal file beside path."""
    wal = Path(f"{path}-wal")
    return wal.exists() and wal.stat().st_size > 0


def read_only_uri(path: Path, *, live: bool = True) -> str:
    """A URI that opens path without writing it.

    immutable=1 creates no -wal/-shm beside the file, but is only right when nothing else writes
    the file: so for a file that is not live (a backup, a candidate being checked) or that sits
    where nothing can write, and only when no -wal holds changes the main file lacks.
    """
    quiet = not wal_has_content(path) and (not live or not os.access(path.parent, os.W_OK))
    # mode=ro also keeps SQLite from creating an empty database where the file has gone.
    return f"file:{quote(str(path))}?mode=ro{'&immutable=1' if quiet else ''}"


def read_only_connection(path: Path, *, live: bool = True) -> sqlite3.Connection:
    """A connection that cannot write the file (through SQLCipher, with its key, for a protected one)."""
    key = cipher.key_for(path)
    if key is not None:
        return cipher.connect(read_only_uri(path, live=live), key, uri=True)
    return sqlite3.connect(read_only_uri(path, live=live), uri=True)


def writing_connection(path: Path, key: str | None = None) -> sqlite3.Connection:
    """A connection that may write the file, keyed for a protected one."""
    if key is not None:
        return cipher.connect(str(path), key)
    return sqlite3.connect(path)


BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED


def is_busy(error: BaseException) -> bool:
    """Whether SQLite gave up waiting for another connection's lock."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in BUSY


def busy_refusal(path: Path | None = None) -> JournalBusy:
    """Another program held the lock too long: the sentence names the journal when it is known."""
    return JournalBusy(
        f"{path.name if path else 'The journal'} is busy: another program is using it and would not let go; "
        "nothing was changed, try again when it has finished."
    )


def _first_finding(text: str) -> str:
    """SQLite's check output runs to many lines ("*** in database main ***", then each finding):
    the sentence takes the first finding, the log all of them."""
    findings = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("***")]
    return findings[0].rstrip(".") if findings else "unreadable"


def _damage_details(path: Path, result: list[tuple]) -> str:
    """The whole of SQLite's check output, for the log (the sentence keeps the first finding)."""
    findings = "\n".join(str(row[0]) for row in result)
    return f"{path} failed its page check:\n{findings}"


def _refuse_damaged(path: Path, what: str, details: str = "") -> JournalDamaged:
    return JournalDamaged(f"{path.name} is damaged ({what}); it was left untouched.", details)


JOURNAL_COMPANIONS = ("-wal", "-shm", "-journal", ".lock")
# Names a protected journal or backup may have: ciphertext alone would also match other binary files.
JOURNAL_SUFFIXES = (".sqlite", ".mdj", ".db", ".sqlite3", ".damaged-copy")


def is_journal_file(path: Path) -> bool:
    """Whether path is a MasteryDesk journal (or backup) by its header, even a damaged one."""
    try:
        with Path(path).open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError:
        return False
    return header.startswith(SQLITE_HEADER) and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def _is_any_journal(path: Path) -> bool:
    """A journal or backup, plain (by its header) or protected (a key is held for it, or it looks
    protected and is named like a journal)."""
    if not path.is_file():
        return False
    if is_journal_file(path) or cipher.key_for(path) is not None:
        return True
    return path.suffix.lower() in JOURNAL_SUFFIXES and cipher.looks_protected(path)


def journal_owning(path: Path) -> Path | None:
    """The journal that path is, or that path belongs to (its -wal, -shm, rollback journal or lock)."""
    path = Path(path)
    if _is_any_journal(path):
        return path
    for suffix in JOURNAL_COMPANIONS:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            owner = path.with_name(path.name[: -len(suffix)])
            if _is_any_journal(owner):
                return owner
    return None


def _read_header(path: Path) -> bytes | None:
    """The first bytes of a MasteryDesk journal; refuse what is not one. None for a protected
    journal, whose header only its key can read (its application id is checked once it is open)."""
    if not path.is_file():
        raise JournalRefused(f"There is no journal at {path}.")
    with path.open("rb") as handle:
        header = handle.read(HEADER_SIZE)
    if not header:
        raise JournalRefused(f"{path.name} is empty, so it is not a MasteryDesk journal.")
    if not header.startswith(SQLITE_HEADER) and cipher.looks_protected(path):  # a held key counts
        if cipher.key_for(path) is None:
            raise cipher.PassphraseNeeded(
                f"{path.name} is protected with a passphrase (or it is damaged); "
                "the passphrase is needed to open it."
            )
        return None
    if not header.startswith(SQLITE_HEADER):
        raise JournalDamaged(
            f"{path.name} is not a MasteryDesk journal, or its first bytes are damaged: "
            "it does not start like a SQLite database."
        )
    if len(header) < HEADER_SIZE:
        raise _refuse_damaged(path, "it is cut short")
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise JournalRefused(f"{path.name} is a SQLite database but not a MasteryDesk journal.")
    return header


def _check_length(path: Path, header: bytes) -> None:
    """Refuse a file shorter than its header says."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise _refuse_damaged(path, "its header is unreadable")
    # The page count in the header is trustworthy only when the two counters agree (SQLite 3.7+),
    # and the file may lag behind it while a -wal still holds pages.
    pages = int.from_bytes(header[28:32], "big")
    counted = header[24:28] == header[92:96]
    size = path.stat().st_size
    if not wal_has_content(path) and (size % page_size or (counted and size < pages * page_size)):
        raise _refuse_damaged(path, "it is cut short")


def _quick_check(connection: sqlite3.Connection, tables: tuple[str, ...]) -> list[tuple]:
    """PRAGMA quick_check of the whole file, or of just these tables and their indexes."""
    if not tables or sqlite3.sqlite_version_info < (3, 33):  # a table argument needs SQLite 3.33
        return connection.execute("PRAGMA quick_check").fetchall()
    for table in tables:
        result = connection.execute(f'PRAGMA quick_check("{table}")').fetchall()
        if result != [("ok",)]:
            return result
    return result


def resolved(path: Path | str) -> Path:
    """The absolute path with symbolic links followed; a loop of links is refused with a sentence."""
    try:
        return Path(path).expanduser().resolve()
    except (RuntimeError, OSError) as error:  # Python 3.11 says RuntimeError, later versions OSError(ELOOP)
        raise JournalRefused(f"{shown_path(path)} is a loop of symbolic links, not a journal.") from error


def in_use(path: Path) -> bool:
    """Whether a -wal or -shm lies beside path: another connection may have the journal open."""
    return any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm"))


def _file_state(path: Path) -> tuple:
    """What changes when anything writes the journal: its companions, size, times and inode."""
    info = path.stat()
    return in_use(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def _read_marks(path: Path, checked: tuple[str, ...] | None) -> tuple[str, int]:
    """The Alembic revision and user_version, after PRAGMA quick_check of the checked tables
    (every table when empty, none when None).

    A journal nobody has open is read without locks (immutable: nothing is created beside it,
    so a refused file is left exactly as it was). A journal in use is read through SQLite's
    locks, and so is one that changed while it was read without them: another process's
    checkpoint moves pages into the file, and a lock-free read racing it saw a healthy journal
    as damaged (1 pair in 20-200 of simultaneous imports).
    """
    before = _file_state(path)
    if before[0]:
        return _read_marks_once(path, checked, live=True)
    try:
        return _read_marks_once(path, checked, live=False)
    except JournalDamaged:
        if _file_state(path) == before:
            raise  # nothing wrote the file while it was read: the damage is real
        return _read_marks_once(path, checked, live=True)


def _read_marks_once(path: Path, checked: tuple[str, ...] | None, live: bool) -> tuple[str, int]:
    try:
        connection = read_only_connection(path, live=live)
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            result = _quick_check(connection, checked) if checked is not None else [("ok",)]
            if result != [("ok",)]:
                raise _refuse_damaged(path, _first_finding(result[0][0]), _damage_details(path, result))
            if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise JournalRefused(f"{path.name} is a SQLite database but not a MasteryDesk journal.")
            user_version = connection.execute("PRAGMA user_version").fetchone()[0]
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = None
            if "alembic_version" in names:
                revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except cipher.database_errors() as error:
        if is_busy(error):
            raise busy_refusal(path) from error
        raise _refuse_damaged(path, _first_finding(str(error)), _damage_details(path, [(str(error),)])) from error
    if user_version == 0 or revision is None:
        raise _refuse_damaged(path, "it carries no MasteryDesk version")
    return revision[0], user_version


def inspect_journal(path: Path, checked: tuple[str, ...] | None = ()) -> tuple[str, int]:
    """Check that the file is a sound MasteryDesk journal; return its revision and user_version.

    Reads only, and the header before any SQLite connection: a file that fails is left exactly
    as it was, with nothing created beside it. The page check covers every table, or only the
    tables named (for a command that reads only them), or none (None: for a read that a checked
    open follows at once).
    """
    header = _read_header(path)
    if header is not None:
        _check_length(path, header)
    return _read_marks(path, checked)


def inspect_damaged_journal(path: Path) -> tuple[str, int]:
    """The revision and user_version of a journal that failed its checks, if they can still be read."""
    _read_header(path)
    return _read_marks(path, None)


DAMAGE = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


def damaged_part(path: Path) -> JournalRefused:
    """The refusal when SQLite meets a damaged page while reading."""
    return JournalRefused(f"Part of {path.name} is damaged and cannot be read; a backup can bring it back.")


def is_damage(error: BaseException) -> bool:
    """Whether SQLite raised the error because the file is damaged."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in DAMAGE


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk: a rename is durable only once its folder is."""
    if os.name != "posix":  # Windows cannot open a folder as a file; NTFS journals renames itself
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def private_folder(folder: Path) -> Path:
    """Make folder and any missing parents, each readable by its owner only; return it.

    mkdir's mode is masked by the umask and parents=True gives parents the default mode, so
    every level made here is set to 0700 by hand (under umask 000 they were 0777).
    """
    missing, level = [], Path(folder)
    while not level.is_dir() and level != level.parent:
        missing.append(level)
        level = level.parent
    for level in reversed(missing):
        level.mkdir(exist_ok=True)
        os.chmod(level, FOLDER_MODE)
    return Path(folder)


def remove_with_companions(path: Path) -> None:
    """Remove a file and the -wal and -shm SQLite may have left beside it (those that exist)."""
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)


def create_private_file(path: Path) -> None:
    """An empty file only its owner can read; refuses to reuse an existing one."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


@contextmanager
def disk_failures_explained(what: str) -> Iterator[None]:
    """Report a file copy the disk or SQLite refused as one sentence (the journal is never the target)."""
    try:
        yield
    except (OSError, *cipher.database_errors(), sqlite3.Error) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise MasteryDeskError(f"{what} ({reason}); the journal itself is unchanged.") from error


def copy_database(source: sqlite3.Connection, destination: Path, key: str | None = None) -> None:
    """Write a self-contained copy of source to destination atomically, readable by its owner only.

    The copy is made beside destination, left in rollback mode (so it needs no -wal),
    synced, checked, and only then renamed into place. A protected source is copied with its key.
    """
    partial = destination.with_name(f".{destination.name}.partial")
    partial.unlink(missing_ok=True)
    create_private_file(partial)
    try:
        target = writing_connection(partial, key)
        try:
            # The partial file is synced and checked below and discarded if anything fails,
            # so SQLite need not journal or sync each step of the copy.
            target.execute("PRAGMA synchronous = OFF")
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        inspect_journal(partial)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    sync_folder(destination.parent)


def backup_database(source: Path, destination: Path) -> None:
    """Copy a live journal with SQLite's online backup API (consistent even while in use)."""
    with disk_failures_explained("The backup could not be written"):
        connection = read_only_connection(source)
        try:
            copy_database(connection, destination, cipher.key_for(source))
        finally:
            connection.close()


def restore_in_place(backup: Path, journal: Path) -> None:
    """Write a backup's pages into a sound journal in one SQLite transaction.

    Going through SQLite keeps the journal's own -wal consistent, and a process that has the
    journal open sees the restored content on its next read instead of writing to a replaced file.
    """
    with disk_failures_explained("The backup could not be put in place"):
        if cipher.key_for(backup) != cipher.key_for(journal):
            raise MasteryDeskError("The backup and the journal are not protected by the same passphrase; "
                                   "the journal is unchanged.")
        source = read_only_connection(backup, live=False)
        try:
            target = writing_connection(journal, cipher.key_for(journal))
            try:
                target.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()


def replace_damaged(backup: Path, journal: Path) -> None:
    """Put a copy of a backup where a damaged journal was; its stale -wal/-shm go first.

    A plain backup never replaces a journal that was protected: that would unprotect its text.
    """
    if cipher.key_for(backup) is None and cipher.looks_protected(journal):
        raise MasteryDeskError("This backup is not protected with a passphrase but the journal is; "
                               "choose a protected backup. The journal is unchanged.")
    fresh = journal.with_name(f".{journal.name}.restoring")
    with disk_failures_explained("The backup could not be put in place"):
        source = read_only_connection(backup, live=False)
        try:
            copy_database(source, fresh, cipher.key_for(backup))
        finally:
            source.close()
    # An old -wal beside the new file would be replayed onto it: remove it before the rename.
    for suffix in ("-wal", "-shm"):
        Path(f"{journal}{suffix}").unlink(missing_ok=True)
    os.replace(fresh, journal)
    sync_folder(journal.parent)

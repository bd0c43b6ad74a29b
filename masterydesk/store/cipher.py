"""Journals protected with a passphrase: SQLCipher encrypts every page of the file, its -wal and its backups.

A passphrase is stretched once per process into a 256-bit key with scrypt and the file's own
random salt (its first 16 bytes, which SQLCipher keeps in the clear); connections open with the
key, not the passphrase, so none pays for the stretching. The keys are kept in memory by salt:
a backup carries its journal's salt, so one passphrase opens both, and every door to a file (the
SQLAlchemy engine, the sqlite3-speed readers, backups) finds the key without the passphrase being
handed through each call. sqlcipher3 is imported only for a protected journal.
"""

from __future__ import annotations

from pathlib import Path

from masterydesk.domain.errors import JournalRefused

SALT_BYTES = 16
KEY_BYTES = 32
PAGE_SIZE = 4096  # SQLCipher 4's default, and the size of every page a protected journal has
# scrypt at 32 MiB of memory: about 0.1 s here, once per journal and process.
SCRYPT = {"n": 2**15, "r": 8, "p": 1, "maxmem": 64 * 2**20}
SQLITE_HEADER = b"SQLite format 3\x00"

_keys: dict[bytes, str] = {}  # salt -> the key as SQLCipher takes it


class PassphraseNeeded(JournalRefused):
    """A protected journal whose passphrase has not been given."""


class WrongPassphrase(JournalRefused):
    """The passphrase given does not open the journal; nothing was changed."""


def _plain_first_page(head: bytes) -> bool:
    """Whether byte 100 on is the plain b-tree page of a SQLite schema, as in any unencrypted file
    (one whose first bytes were damaged): a page type, a cell count, a content area and cell
    pointers that all fit the page. Ciphertext passes all of these about once in ten million."""
    if len(head) < PAGE_SIZE or head[100] not in (0x05, 0x0D):
        return False
    header_size = 12 if head[100] == 0x05 else 8
    cells = int.from_bytes(head[103:105], "big")
    content_start = int.from_bytes(head[105:107], "big") or 65536
    pointers_end = 100 + header_size + 2 * cells
    if not 1 <= cells or pointers_end > content_start or content_start > PAGE_SIZE or head[107] > 60:
        return False
    pointers = (int.from_bytes(head[i:i + 2], "big") for i in range(100 + header_size, pointers_end, 2))
    return all(content_start <= pointer < PAGE_SIZE for pointer in pointers)


def looks_protected(path: Path) -> bool:
    """Whether the file is (or may be) a protected journal: one whose key this process holds, or
    one of whole pages with neither a plain SQLite header nor a plain schema page."""
    if key_for(path) is not None:
        return True
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(PAGE_SIZE)
    except OSError:
        return False
    if size < PAGE_SIZE or size % PAGE_SIZE or head.startswith(SQLITE_HEADER):
        return False
    return not _plain_first_page(head)


def salt_of(path: Path) -> bytes:
    with Path(path).open("rb") as handle:
        return handle.read(SALT_BYTES)


def key_for(path: Path) -> str | None:
    """The key of a protected file, once its passphrase was given in this process."""
    try:
        return _keys.get(salt_of(path))
    except OSError:
        return None


def _key(passphrase: str, salt: bytes) -> str:
    import hashlib  # here, not at import: every command checks for protection, few stretch a key

    stretched = hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, dklen=KEY_BYTES, **SCRYPT)
    return f"x'{stretched.hex()}{salt.hex()}'"


def connect(database: str, key: str, *, uri: bool = False, check_same_thread: bool = True):
    """A SQLCipher connection opened with the key (database may be a file: URI)."""
    from sqlcipher3 import dbapi2

    connection = dbapi2.connect(database, uri=uri, check_same_thread=check_same_thread)
    connection.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our sentence, not a log line
    connection.execute(f'PRAGMA key = "{key}"')
    return connection


def unlock(path: Path, passphrase: str) -> None:
    """Check the passphrase against the journal and keep its key for this process; the file is only read."""
    salt = salt_of(path)
    key = _key(passphrase, salt)
    # immutable: the check reads page 1 of the file alone and creates no -shm beside it.
    connection = connect(f"file:{_quoted(path)}?mode=ro&immutable=1", key, uri=True)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as error:
        raise WrongPassphrase(f"The passphrase does not open {path.name}; it was left untouched.") from error
    finally:
        connection.close()
    _keys[salt] = key


def new_key(passphrase: str) -> str:
    """A key for a file about to be protected, with a fresh salt; kept for this process."""
    import secrets

    salt = secrets.token_bytes(SALT_BYTES)
    key = _key(passphrase, salt)
    _keys[salt] = key
    return key


def forget_all() -> None:
    """Drop every key held in memory (a test starts each case from nothing)."""
    _keys.clear()


def _quoted(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path))


def database_errors() -> tuple[type[BaseException], ...]:
    """The DatabaseError classes of the drivers in use: sqlite3's, and SQLCipher's once it is loaded."""
    import sqlite3
    import sys

    module = sys.modules.get("sqlcipher3.dbapi2")
    return (sqlite3.DatabaseError,) + ((module.DatabaseError,) if module is not None else ())


def convert_file(source: Path, target: Path, source_key: str | None, target_key: str | None) -> None:
    """Write source's content to the new file target, encrypted with target_key (plain when None).

    SQLCipher's sqlcipher_export copies the schema and every row, the search index's tables
    included; the marks MasteryDesk checks (application_id, user_version) are copied after.
    """
    from sqlcipher3 import dbapi2

    connection = dbapi2.connect(f"file:{_quoted(source)}?mode=ro", uri=True, isolation_level=None)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        if source_key is not None:
            connection.execute(f'PRAGMA key = "{source_key}"')
        marks = [connection.execute(f"PRAGMA {name}").fetchone()[0] for name in ("application_id", "user_version")]
        connection.execute("ATTACH DATABASE ? AS converted KEY ?", (str(target), target_key or ""))
        connection.execute("SELECT sqlcipher_export('converted')")
        for name, value in zip(("application_id", "user_version"), marks):
            connection.execute(f"PRAGMA converted.{name} = {int(value)}")
        connection.execute("DETACH DATABASE converted")
    finally:
        connection.close()

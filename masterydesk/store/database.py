"""Opening, creating and upgrading a journal file."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event

from masterydesk.domain.errors import JournalRefused, ReadOnlyJournal
from masterydesk.store import sqlite

MIGRATIONS = Path(__file__).parent / "migrations"
FILE_MODE = 0o600
FOLDER_MODE = 0o700


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def known_revisions() -> list[str]:
    """Revisions this version knows, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    return known_revisions()[-1]


def backups_folder(journal_path: Path) -> Path:
    return journal_path.parent / "backups"


def _make_engine(path: Path, read_only: bool) -> Engine:
    engine = create_engine(sqlite.engine_url(path, read_only))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        sqlite.configure_connection(dbapi_connection, read_only)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql(sqlite.begin_statement(read_only))

    return engine


@dataclass
class Journal:
    """An open journal file: where it is and the engine that reads and writes it."""

    path: Path
    engine: Engine
    read_only: bool = False
    upgraded_from: str | None = field(default=None)

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One transaction that commits on success and rolls back on any error."""
        if self.read_only:
            raise ReadOnlyJournal(f"{self.path.name} is open read-only; the change was not saved.")
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """One read transaction: a consistent view of the journal."""
        with self.engine.connect() as connection:
            with connection.begin():
                yield connection

    def close(self) -> None:
        self.engine.dispose()


def _upgrade(engine: Engine) -> None:
    """Bring the schema to head in one transaction: a failure leaves it as it was."""
    config = alembic_config()
    revisions = known_revisions()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        sqlite.stamp_application_id(connection, len(revisions))


def create_journal(path: Path) -> None:
    """Make a new, empty journal at path (readable by its owner only); atomic."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    if path.exists():
        raise JournalRefused(f"{path} already exists; open it instead of creating it.")
    partial = path.with_name(f".{path.name}.creating")
    for leftover in (partial, *(partial.with_name(partial.name + s) for s in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY, FILE_MODE))
    engine = _make_engine(partial, read_only=False)
    try:
        _upgrade(engine)
    finally:
        engine.dispose()  # the last connection closed checkpoints the WAL into the file
    os.replace(partial, path)


def _backup_before_upgrade(path: Path, revision: str | None) -> Path:
    folder = backups_folder(path)
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-{stamp}-before-upgrade-from-{revision or 'none'}.sqlite"
    sqlite.backup_database(path, target)
    os.chmod(target, FILE_MODE)
    return target


def open_journal(path: Path | str, *, create: bool = False, read_only: bool = False) -> Journal:
    """Open a journal after checking it; upgrade an older one after a backup; refuse the rest."""
    path = Path(path).expanduser().resolve()
    if create and not path.exists():
        create_journal(path)
    revision, user_version = sqlite.inspect_journal(path)
    revisions = known_revisions()
    if revision not in revisions or user_version > len(revisions):
        raise JournalRefused(
            f"{path.name} was written by a newer version of MasteryDesk; "
            "update the app to open it. The file was left untouched."
        )
    upgraded_from = None
    if revision != revisions[-1]:
        if read_only:
            raise JournalRefused(
                f"{path.name} needs an upgrade, which a read-only journal cannot take."
            )
        _backup_before_upgrade(path, revision)
        upgraded_from = revision
        engine = _make_engine(path, read_only=False)
        try:
            _upgrade(engine)
        finally:
            engine.dispose()
    return Journal(path, _make_engine(path, read_only), read_only, upgraded_from)

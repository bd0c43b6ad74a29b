"""Journals as an older MasteryDesk left them: at the first schema revision."""

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from masterydesk.store import sqlite as store_sqlite
from masterydesk.store.database import alembic_config


def first_revision_journal(path: Path, revision: str = "0001") -> Path:
    """A journal at revision 0001 (or the one given) holding one skill and one entry."""
    engine = create_engine(f"sqlite:///{path}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        store_sqlite.stamp_application_id(connection, int(revision))
        connection.exec_driver_sql(
            "INSERT INTO skills (id, name, category, description, archived) VALUES ('sql', 'SQL', 'technical', '', 0)"
        )
        connection.exec_driver_sql(
            "INSERT INTO journal_entries (id, date, kind, minutes, text, private) "
            "VALUES ('e1', '2024-01-01', 'practice', 30, 'window functions drill', 0)"
        )
    engine.dispose()
    return path

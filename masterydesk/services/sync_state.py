"""Whether this journal syncs: a look the window takes when a journal opens, without loading sync."""

from __future__ import annotations

from masterydesk.store.database import Journal


def sync_is_set_up(journal: Journal) -> bool:
    return "device" in _sync_settings(journal)


def postgres_hub_address(journal: Journal) -> str | None:
    """The PostgreSQL hub this journal syncs with (for review requests through it), or None."""
    address = _sync_settings(journal).get("hub") or ""
    return address if address.startswith(("postgresql:", "postgresql+psycopg:", "postgres:")) else None


def _sync_settings(journal: Journal) -> dict[str, str]:
    """This device's sync settings (store.sync_log's sync_state table), read in plain SQL: sync_log's
    table models load SQLAlchemy's ORM, which the journal's open does not wait for."""
    with journal.reading() as connection:
        return dict(connection.exec_driver_sql("SELECT key, value FROM sync_state").all())

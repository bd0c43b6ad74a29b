"""Whether this journal syncs: a look the window takes when a journal opens, without loading sync."""

from __future__ import annotations

from masterydesk.store import sync_log
from masterydesk.store.database import Journal


def sync_is_set_up(journal: Journal) -> bool:
    with journal.reading() as connection:
        return "device" in sync_log.read_state(connection)


def postgres_hub_address(journal: Journal) -> str | None:
    """The PostgreSQL hub this journal syncs with (for review requests through it), or None."""
    with journal.reading() as connection:
        address = sync_log.read_state(connection).get("hub") or ""
    return address if address.startswith(("postgresql:", "postgresql+psycopg:", "postgres:")) else None

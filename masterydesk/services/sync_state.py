"""Whether this journal syncs: a look the window takes when a journal opens, without loading sync."""

from __future__ import annotations

from masterydesk.store import related
from masterydesk.store.database import Journal


def sync_is_set_up(journal: Journal) -> bool:
    return "device" in _sync_settings(journal)


def postgres_hub_address(journal: Journal) -> str | None:
    """The PostgreSQL hub this journal syncs with (for review requests through it), or None."""
    address = _sync_settings(journal).get("hub") or ""
    return address if address.startswith(("postgresql:", "postgresql+psycopg:", "postgres:")) else None


def _sync_settings(journal: Journal) -> dict[str, str]:
    with journal.reading() as connection:
        return related.sync_settings(connection)

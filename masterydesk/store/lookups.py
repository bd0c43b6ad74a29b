"""Small existence checks, so that saving one record does not read every id of the journal."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select

from masterydesk.store.bundles import COLLECTION_MODELS

CHUNK = 900


def existing_among(connection: Connection, wanted: dict[str, Iterable[str]]) -> dict[str, set[str]]:
    """Of the ids asked for, per collection, those that exist."""
    found: dict[str, set[str]] = {}
    for collection, ids in wanted.items():
        table = COLLECTION_MODELS[collection].__table__
        ids = list(ids)
        found[collection] = set()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            found[collection].update(connection.execute(select(table.c.id).where(table.c.id.in_(chunk))).scalars())
    return found

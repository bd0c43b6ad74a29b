"""Records as fields and back: what a sync compares, and what it writes into the journal.

A record's fields are its portable JSON (interchange.portable), so a change set carries exactly
what an export does; the tier rules travel as a pseudo-collection "settings", one record per key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from masterydesk.domain import records as r
from masterydesk.domain.validation import referenced_ids
from masterydesk.interchange.portable import record_from_json, record_to_json
from masterydesk.store import bundles, related, sync_log

if TYPE_CHECKING:
    from sqlalchemy import Connection

Key = tuple[str, str]  # (collection, record id)
SETTINGS = "settings"
COLLECTIONS = (*r.COLLECTIONS, SETTINGS)


def every_key(connection: Connection) -> list[Key]:
    """Every record of the journal that sync carries."""
    keys = [(c, i) for c, ids in bundles.existing_ids(connection).items() for i in ids]
    keys += [(SETTINGS, key) for key, _value in synced_settings(connection)]
    return keys


def synced_settings(connection: Connection) -> list[tuple[str, str]]:
    return [pair for prefix in sync_log.SYNCED_SETTINGS for pair in related.read_settings(connection, prefix)]


def current_fields(connection: Connection, keys: Iterable[Key]) -> dict[Key, dict]:
    """The fields of each named record as it is now (a deleted record is absent)."""
    wanted: dict[str, list[str]] = defaultdict(list)
    for collection, record_id in keys:
        wanted[collection].append(record_id)
    settings = set(wanted.pop(SETTINGS, ()))
    found: dict[Key, dict] = {}
    bundle = bundles.read_records(connection, wanted)
    for collection in r.COLLECTIONS:
        for record in getattr(bundle, collection):
            found[collection, record.id] = record_to_json(record)
    for key, value in synced_settings(connection):
        if key in settings:
            found[SETTINGS, key] = {"value": value}
    return found


def write_live(connection: Connection, records: dict[Key, dict]) -> None:
    """Write records (each its complete fields) into the journal, replacing what is there."""
    bundle, settings = _grouped(records)
    bundles.write_bundle(connection, bundle)
    if settings:
        related.write_settings(connection, settings)


def write_new(connection: Connection, records: dict[Key, dict]) -> None:
    """Write records into a journal that holds none yet; ValueError if one refers to a record not among them."""
    bundle, settings = _grouped(records)
    present: dict[str, set[str]] = defaultdict(set)
    for collection, record_id in records:
        present[collection].add(record_id)
    for collection, ids in referenced_ids(bundle).items():
        if ids - present[collection]:
            raise ValueError(f"{collection} records it refers to are not in it")
    bundles.write_bundle(connection, bundle)
    if settings:
        related.write_settings(connection, settings)


def _grouped(records: dict[Key, dict]) -> tuple[r.Bundle, dict[str, str]]:
    """The records as a bundle, and the settings among them."""
    grouped: dict[str, list] = defaultdict(list)
    settings: dict[str, str] = {}
    for (collection, record_id), values in records.items():
        if collection == SETTINGS:
            settings[record_id] = str(values["value"])
        else:
            grouped[collection].append(record_from_json(collection, values))
    return r.Bundle(**{c: tuple(items) for c, items in grouped.items()}), settings


def missing_references(connection: Connection, records: dict[Key, dict]) -> dict[str, set[str]]:
    """The ids the records refer to that neither the journal nor the records themselves hold."""
    bundle = r.Bundle(**{
        c: tuple(record_from_json(c, v) for (cc, _i), v in records.items() if cc == c)
        for c in r.COLLECTIONS
    })
    present = bundles.existing_ids(connection)
    for (collection, record_id) in records:
        present.setdefault(collection, set()).add(record_id)
    return {
        collection: missing
        for collection, ids in referenced_ids(bundle).items()
        if (missing := ids - present.get(collection, set()))
    }


def delete_records(connection: Connection, keys: Iterable[Key]) -> None:
    grouped: dict[str, list[str]] = defaultdict(list)
    for collection, record_id in keys:
        grouped[collection].append(record_id)
    for key in grouped.pop(SETTINGS, ()):
        related.delete_setting(connection, key)
    for collection, ids in grouped.items():
        bundles.delete_records(connection, collection, ids)


def users_of(connection: Connection, keys: Iterable[Key]) -> dict[Key, set[Key]]:
    """For each record, the records that refer to it (and would go or lose the reference with it)."""
    users: dict[Key, set[Key]] = {}
    for collection, record_id in keys:
        if collection == SETTINGS:
            continue
        found = bundles.referrers(connection, collection, [record_id])
        users[collection, record_id] = {(c, i) for c, ids in found.items() for i in ids}
    return users

"""Adding, changing and deleting records, each one transaction, with what undo needs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from masterydesk.domain import records as r
from masterydesk.domain.validation import check_bundle, referenced_ids
from masterydesk.services.changes import Changes
from masterydesk.services.transfer import import_bundle
from masterydesk.store import bundles, lookups
from masterydesk.store.database import Journal

COLLECTION_OF: dict[type, str] = {
    r.Skill: "skills",
    r.Project: "projects",
    r.Contact: "contacts",
    r.Community: "communities",
    r.JournalEntry: "journal",
    r.Application: "applications",
    r.TeachingEvent: "teaching",
    r.Interaction: "interactions",
    r.Role: "roles",
    r.CheckIn: "checkins",
}
def bundle_of(records: Iterable) -> r.Bundle:
    """Records of any kinds gathered into a bundle."""
    grouped: dict[str, list] = {}
    for record in records:
        grouped.setdefault(COLLECTION_OF[type(record)], []).append(record)
    return r.Bundle(**{name: tuple(items) for name, items in grouped.items()})


def save_records(journal: Journal, *records) -> Changes:
    """Add or update records in one transaction; references and cycles are checked first."""
    bundle = bundle_of(records)
    with journal.writing() as connection:
        existing = lookups.existing_among(connection, referenced_ids(bundle))
        prerequisites = bundles.existing_prerequisites(connection) if bundle.skills else {}
        check_bundle(bundle, existing, prerequisites)
        bundles.write_bundle(connection, bundle)
    touched = [name for name in r.COLLECTIONS if getattr(bundle, name)]
    return Changes.of(*touched, ids=tuple(x.id for x in records))


def read_records(journal: Journal, collection: str, ids: Sequence[str]) -> r.Bundle:
    """The records of one collection with those ids, as they are now."""
    with journal.reading() as connection:
        return bundles.read_records(connection, {collection: ids})


@dataclass(frozen=True, slots=True)
class Deletion:
    """What a delete removed, and every record that referred to it, as they were: undo re-saves them."""

    collection: str
    ids: tuple[str, ...]
    before: r.Bundle
    changes: Changes


def delete_records(journal: Journal, collection: str, ids: Sequence[str]) -> Deletion:
    """Delete records (what they own goes with them) in one transaction."""
    with journal.writing() as connection:
        wanted = bundles.referrers(connection, collection, ids)
        wanted.setdefault(collection, set()).update(ids)
        before = bundles.read_records(connection, wanted)
        bundles.delete_records(connection, collection, ids)
    touched = [name for name in r.COLLECTIONS if getattr(before, name)]
    return Deletion(collection, tuple(ids), before, Changes.of(*touched, ids=tuple(ids)))


def restore_deletion(journal: Journal, deletion: Deletion) -> Changes:
    """Put deleted records back, with the links other records had to them."""
    return import_bundle(journal, deletion.before)

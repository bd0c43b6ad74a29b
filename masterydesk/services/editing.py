"""Adding, changing and deleting records, each one transaction, with what undo needs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from masterydesk.domain import records as r
from masterydesk.domain.follow_ups import FollowUpMove, follow_ups_answered, is_due
from masterydesk.domain.validation import check_bundle, referenced_ids
from masterydesk.services.changes import Changes
from masterydesk.services.figures import day_text
from masterydesk.services.transfer import import_bundle
from masterydesk.services.writes import writing
from masterydesk.store import bundles, lookups
from masterydesk.store.database import Journal

if TYPE_CHECKING:
    from sqlalchemy import Connection

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


@dataclass(frozen=True, slots=True)
class Saving:
    """What a save changed, and what undoing it needs, read inside the save's own transaction."""

    changes: Changes
    before: r.Bundle  # the saved records that existed, as they were
    created: dict[str, tuple[str, ...]]  # the ids the save added, by collection
    follow_ups: tuple[FollowUpMove, ...] = ()  # follow-ups the save's new interactions moved on or cleared

    @property
    def sentences(self) -> tuple[str, ...]:
        """What the save did besides what was asked, for the status bar: each follow-up moved or done."""
        return tuple(follow_up_sentence(move) for move in self.follow_ups)


def follow_up_sentence(move: FollowUpMove) -> str:
    """Follow-up with Ann moved to 20 Dec 2026, or Follow-up with Ann done."""
    name = move.after.name
    if move.done:
        return f"Follow-up with {name} done"
    return f"Follow-up with {name} moved to {day_text(move.after.follow_up_on)}"


def save_records(journal: Journal, *records) -> Changes:
    """Add or update records in one transaction; every rule is checked first."""
    return save_with_undo(journal, *records).changes


def save_with_undo(journal: Journal, *records) -> Saving:
    """Add or update records in one transaction, reading there what undo_saving needs.

    A new interaction with a person whose follow-up is due moves that follow-up on (domain.follow_ups):
    the contact is saved with the records, in the same transaction, so undo puts it back as well.
    """
    with writing(journal, "save") as connection:
        moves = _follow_ups_answered(connection, records)
        moved = {move.after.id: move.after for move in moves}
        saved = [moved.pop(x.id) if isinstance(x, r.Contact) and x.id in moved else x for x in records]
        bundle = bundle_of([*saved, *moved.values()])
        wanted = {name: [x.id for x in getattr(bundle, name)] for name in r.COLLECTIONS if getattr(bundle, name)}
        existing = lookups.existing_among(connection, referenced_ids(bundle))
        prerequisites = bundles.existing_prerequisites(connection) if bundle.skills else {}
        check_bundle(bundle, existing, prerequisites)
        before = bundles.read_records(connection, wanted)
        bundles.write_bundle(connection, bundle)
    created = {
        name: tuple(i for i in ids if i not in {x.id for x in getattr(before, name)})
        for name, ids in wanted.items()
    }
    ids = tuple(i for collection in wanted.values() for i in collection)
    return Saving(Changes.of(*wanted, ids=ids), before, created, tuple(moves))


def _follow_ups_answered(connection: Connection, records: Sequence) -> list[FollowUpMove]:
    """The due follow-ups that the new interactions among the records answer, moved on or cleared.

    A contact or community saved with the interactions counts as it is saved, not as it was.
    """
    interactions = [x for x in records if isinstance(x, r.Interaction) and x.contact_id is not None]
    if not interactions:
        return []
    known = lookups.existing_among(connection, {"interactions": [x.id for x in interactions]})["interactions"]
    new = [x for x in interactions if x.id not in known]
    given = {x.id: x for x in records if isinstance(x, r.Contact)}
    stored = {x.contact_id for x in new} - given.keys()
    contacts = {**{c.id: c for c in bundles.read_records(connection, {"contacts": stored}).contacts}, **given}
    if not any(x.contact_id in contacts and is_due(contacts[x.contact_id], x.date) for x in new):
        return []
    communities = {c.id: c for c in bundles.read_communities(connection)}
    communities.update((x.id, x) for x in records if isinstance(x, r.Community))
    return follow_ups_answered(new, contacts, communities.values())


def undo_saving(journal: Journal, saving: Saving) -> Changes:
    """Put back what a save changed, in one transaction: what it added goes, what it changed returns."""
    with writing(journal, "undo") as connection:
        for collection, ids in saving.created.items():
            if ids:
                bundles.delete_records(connection, collection, ids)
        bundles.write_bundle(connection, saving.before)
    return saving.changes


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
    with writing(journal, "delete") as connection:
        wanted = bundles.referrers(connection, collection, ids)
        wanted.setdefault(collection, set()).update(ids)
        before = bundles.read_records(connection, wanted)
        bundles.delete_records(connection, collection, ids)
    touched = [name for name in r.COLLECTIONS if getattr(before, name)]
    return Deletion(collection, tuple(ids), before, Changes.of(*touched, ids=tuple(ids)))


def restore_deletion(journal: Journal, deletion: Deletion) -> Changes:
    """Put deleted records back, with the links other records had to them."""
    return import_bundle(journal, deletion.before)

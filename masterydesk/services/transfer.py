"""Whole-journal actions: apply a set of records in one transaction, read them all back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from masterydesk.domain.records import Bundle
from masterydesk.domain.validation import check_bundle
from masterydesk.services.changes import Changes
from masterydesk.services.writes import writing
from masterydesk.store import bundles
from masterydesk.store.database import Journal


def import_bundle(journal: Journal, bundle: Bundle) -> Changes:
    """Check the records against the journal, then upsert them all by id, or change nothing."""
    with writing(journal, "import") as connection:
        check_bundle(
            bundle,
            bundles.existing_ids(connection),
            bundles.existing_prerequisites(connection),
        )
        bundles.write_bundle(connection, bundle)
    return _touched(bundle)


def import_as_new_journal(path: Path, bundle: Bundle, check: Callable[[], None] | None = None) -> Changes:
    """Make a new journal at path holding the records once they pass every check, or make nothing.

    check (by default the journal's rules) runs while the journal is built beside path; it is put
    in place only if the check passes.
    """
    bundles.write_new_journal(path, bundle, check or (lambda: check_bundle(bundle)))
    return _touched(bundle)


def _touched(bundle: Bundle) -> Changes:
    return Changes.of(*(name for name in Bundle.__dataclass_fields__ if getattr(bundle, name)))


def export_bundle(journal: Journal, *, journal_entries: bool = True) -> Bundle:
    """Every record of the journal, in one consistent read."""
    with journal.reading() as connection:
        return bundles.read_bundle(connection, journal=journal_entries)

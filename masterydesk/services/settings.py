"""Settings kept inside the journal: the thresholds of the tiers and of application strength."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import TYPE_CHECKING

from masterydesk.domain.records import TierRules
from masterydesk.domain.thresholds import check_rules, is_whole
from masterydesk.services.changes import Changes
from masterydesk.services.writes import writing
from masterydesk.store import related

if TYPE_CHECKING:  # read_rules runs in `masterydesk metrics`, which does not import SQLAlchemy
    from sqlalchemy import Connection

    from masterydesk.store.database import Journal

PREFIX = "tier."


def read_rules(connection: Connection) -> TierRules:
    """The thresholds stored in the journal (defaults for those never set)."""
    stored = {key.removeprefix(PREFIX): value for key, value in related.read_settings(connection, PREFIX)}
    return TierRules(**{
        f.name: int(float(stored[f.name])) if is_whole(f.name) else float(stored[f.name])
        for f in fields(TierRules)
        if f.name in stored
    })


def journal_rules(journal: Journal) -> TierRules:
    """The thresholds of an open journal."""
    with journal.reading() as connection:
        return read_rules(connection)


def save_rules(journal: Journal, rules: TierRules) -> Changes:
    """Store new thresholds in one transaction; every tier and figure is recomputed from them."""
    check_rules(rules)
    with writing(journal, "settings") as connection:
        related.write_settings(connection, {PREFIX + k: repr(v) for k, v in asdict(rules).items()})
    return Changes.of("settings")

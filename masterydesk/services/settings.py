"""Settings kept inside the journal: the tier thresholds."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import TYPE_CHECKING

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.records import TierRules
from masterydesk.services.changes import Changes
from masterydesk.services.writes import writing
from masterydesk.store import related

if TYPE_CHECKING:  # read_rules runs in `masterydesk metrics`, which does not import SQLAlchemy
    from sqlalchemy import Connection

    from masterydesk.store.database import Journal

PREFIX = "tier."
RANGES = {
    "applied_min_applications": (1, 1000),
    "applied_min_reviewed": (0, 1000),
    "applied_min_quality": (1, 5),
    "mastery_min_teaching": (0, 1000),
    "mastery_min_mean_rating": (1, 5),
    "mastery_min_novel": (0, 1000),
}


def read_rules(connection: Connection) -> TierRules:
    """The tier thresholds stored in the journal (defaults for those never set)."""
    stored = {key.removeprefix(PREFIX): value for key, value in related.read_settings(connection, PREFIX)}
    return TierRules(**{
        f.name: float(stored[f.name]) if f.type in ("float", float) else int(float(stored[f.name]))
        for f in fields(TierRules)
        if f.name in stored
    })


def save_rules(journal: Journal, rules: TierRules) -> Changes:
    """Store new thresholds; every tier is recomputed from them."""
    for name, value in asdict(rules).items():
        low, high = RANGES[name]
        if not low <= value <= high:
            raise MasteryDeskError(f"The tier setting '{name}' must be from {low} to {high}, not {value}.")
    with writing(journal, "settings") as connection:
        related.write_settings(connection, {PREFIX + k: str(v) for k, v in asdict(rules).items()})
    return Changes.of("settings")

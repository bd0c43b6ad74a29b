"""The thresholds a user may change in Settings: what each means, and the values it may take.

TierRules (records.py) is the typed value; this table gives each field its label in the
Settings dialog, its unit and its range, and refuses a value out of range with one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.records import TierRules


@dataclass(frozen=True, slots=True)
class Threshold:
    name: str  # the field of TierRules
    label: str  # how the Settings dialog names it
    low: float
    high: float
    group: str  # Applied | Mastery | Application strength


THRESHOLDS = (
    Threshold("applied_min_applications", "Applications at least", 1, 1000, "Applied"),
    Threshold("applied_min_days", "on different days, at least", 1, 1000, "Applied"),
    Threshold("applied_min_reviewed", "Reviewed applications at least", 0, 1000, "Applied"),
    Threshold("applied_min_quality", "with a quality of at least", 1, 5, "Applied"),
    Threshold("mastery_min_teaching", "Teaching events at least", 1, 1000, "Mastery"),
    Threshold("mastery_min_teaching_days", "on different days, at least", 1, 1000, "Mastery"),
    Threshold("mastery_min_mean_rating", "Mean teaching rating at least", 1, 5, "Mastery"),
    Threshold("mastery_min_novel", "Novel-context applications since Applied", 0, 1000, "Mastery"),
    Threshold("strength_half_life_days", "An application weighs half after (days)", 1, 3650, "Application strength"),
    Threshold("at_risk_below", "At risk below a strength of", 0, 1000, "Application strength"),
)
GROUPS = ("Applied", "Mastery", "Application strength")


def is_whole(name: str) -> bool:
    """Whether the field holds a whole number (counts and quality) rather than a decimal."""
    return next(f for f in fields(TierRules) if f.name == name).type in ("int", int)


def check_rules(rules: TierRules) -> None:
    """Refuse a threshold out of its range, naming it as the Settings dialog does."""
    for threshold in THRESHOLDS:
        value = getattr(rules, threshold.name)
        if not threshold.low <= value <= threshold.high:
            raise MasteryDeskError(
                f"{threshold.group}: '{threshold.label}' must be from {threshold.low:g} to "
                f"{threshold.high:g}, not {value:g}."
            )

"""Tier rules: when a skill reached Applied and Mastery, derived from its evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from masterydesk.domain.records import Application, Evidence, TeachingEvent, Tier, TierRules


@dataclass(frozen=True, slots=True)
class TierHistory:
    """The dates a skill reached each tier (None when not reached)."""

    applied_on: dt.date | None = None
    mastery_on: dt.date | None = None

    def tier_as_of(self, day: dt.date) -> Tier:
        """The highest tier reached on or before the day."""
        if self.mastery_on is not None and self.mastery_on <= day:
            return Tier.MASTERY
        if self.applied_on is not None and self.applied_on <= day:
            return Tier.APPLIED
        return Tier.FOUNDATION

    def until(self, day: dt.date) -> TierHistory:
        """The history as known on the day: later promotions dropped."""
        return TierHistory(
            self.applied_on if self.applied_on and self.applied_on <= day else None,
            self.mastery_on if self.mastery_on and self.mastery_on <= day else None,
        )


@dataclass(slots=True)
class EvidenceTally:
    """Running counts of the evidence the rules look at."""

    applications: int = 0
    reviewed: int = 0
    novel: int = 0
    teaching: int = 0
    rated: int = 0
    rating_sum: int = 0

    def add(self, record: Application | TeachingEvent, rules: TierRules) -> None:
        if isinstance(record, Application):
            self.applications += 1
            self.novel += record.novel_context
            if record.reviewer_id is not None and (record.quality or 0) >= rules.applied_min_quality:
                self.reviewed += 1
        else:
            self.teaching += 1
            if record.rating is not None:
                self.rated += 1
                self.rating_sum += record.rating

    @property
    def mean_rating(self) -> float | None:
        return self.rating_sum / self.rated if self.rated else None

    def meets_applied(self, rules: TierRules) -> bool:
        return (
            self.applications >= rules.applied_min_applications
            and self.reviewed >= rules.applied_min_reviewed
        )

    def meets_mastery_evidence(self, rules: TierRules) -> bool:
        """The teaching and novel-context part of the Mastery rule (Applied is checked apart)."""
        mean = self.mean_rating
        return (
            self.teaching >= rules.mastery_min_teaching
            and mean is not None
            and mean >= rules.mastery_min_mean_rating
            and self.novel >= rules.mastery_min_novel
        )


def tally(evidence: Evidence, rules: TierRules, as_of: dt.date | None = None) -> EvidenceTally:
    """Counts of the evidence dated on or before as_of (all of it when None)."""
    counts = EvidenceTally()
    for record in (*evidence.applications, *evidence.teaching):
        if as_of is None or record.date <= as_of:
            counts.add(record, rules)
    return counts


def tier_history(evidence: Evidence, rules: TierRules) -> TierHistory:
    """Walk the evidence day by day; a rule holds from the first day its counts are met."""
    records = sorted((*evidence.applications, *evidence.teaching), key=lambda r: r.date)
    counts = EvidenceTally()
    applied_on = mastery_on = None
    for day, same_day in groupby(records, key=lambda r: r.date):
        for record in same_day:
            counts.add(record, rules)
        if applied_on is None and counts.meets_applied(rules):
            applied_on = day
        if applied_on is not None and counts.meets_mastery_evidence(rules):
            mastery_on = day
            break
    return TierHistory(applied_on, mastery_on)


@dataclass(frozen=True, slots=True)
class Milestone:
    """One process milestone towards the next tier: 'have of need label'."""

    label: str
    have: float
    need: float

    @property
    def met(self) -> bool:
        return self.have >= self.need

    def __str__(self) -> str:
        if isinstance(self.need, float):
            return f"{self.label} {self.have:.1f} (needs {self.need:.1f})" + (" ✓" if self.met else "")
        if self.met:
            return f"{self.need} of {self.need} {self.label} ✓"
        return f"{self.have} of {self.need} {self.label}"


def next_tier_milestones(counts: EvidenceTally, current: Tier, rules: TierRules) -> list[Milestone]:
    """What the next tier asks for, against what the evidence holds (empty at Mastery)."""
    if current is Tier.FOUNDATION:
        return [
            Milestone("applications", counts.applications, rules.applied_min_applications),
            Milestone(
                f"reviewed applications (quality ≥ {rules.applied_min_quality})",
                counts.reviewed,
                rules.applied_min_reviewed,
            ),
        ]
    if current is Tier.APPLIED:
        mean = counts.mean_rating
        return [
            Milestone("teaching events", counts.teaching, rules.mastery_min_teaching),
            Milestone("mean teaching rating", round(mean or 0.0, 1), rules.mastery_min_mean_rating),
            Milestone("novel-context applications", counts.novel, rules.mastery_min_novel),
        ]
    return []

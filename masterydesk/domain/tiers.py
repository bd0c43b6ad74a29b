"""Tier rules (DESIGN.md, second edition): when a skill started, reached Applied and Mastery.

Everything here is derived from the evidence and the thresholds, never typed in, so a change of
the thresholds in Settings recomputes every tier and every date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter

from masterydesk.domain.records import Application, Evidence, TeachingEvent, Tier, TierRules


@dataclass(frozen=True, slots=True)
class TierHistory:
    """The dates a skill started and reached each tier (None when not yet)."""

    started_on: dt.date | None = None
    applied_on: dt.date | None = None
    mastery_on: dt.date | None = None

    def tier_as_of(self, day: dt.date) -> Tier:
        """The highest tier reached on or before the day."""
        for tier, reached in ((Tier.MASTERY, self.mastery_on), (Tier.APPLIED, self.applied_on),
                              (Tier.FOUNDATION, self.started_on)):
            if reached is not None and reached <= day:
                return tier
        return Tier.NONE

    def until(self, day: dt.date) -> TierHistory:
        """The history as known on the day: later dates dropped."""
        return TierHistory(*(d if d is not None and d <= day else None
                             for d in (self.started_on, self.applied_on, self.mastery_on)))

    def days_to_applied(self) -> int | None:
        """Days from starting to Applied (None when not reached)."""
        return _days_between(self.started_on, self.applied_on)

    def days_to_mastery(self) -> int | None:
        """Days from Applied to Mastery (None when not reached)."""
        return _days_between(self.applied_on, self.mastery_on)


def _days_between(start: dt.date | None, end: dt.date | None) -> int | None:
    return (end - start).days if start is not None and end is not None else None


@dataclass(slots=True)
class EvidenceTally:
    """Running counts of the evidence the rules look at, day by day."""

    applications: int = 0
    application_days: set[dt.date] = field(default_factory=set)
    reviewed: int = 0
    novel_since_applied: int = 0
    teaching: int = 0
    teaching_days: set[dt.date] = field(default_factory=set)
    rated: int = 0
    rating_sum: int = 0

    def add(self, record: Application | TeachingEvent, rules: TierRules, applied_on: dt.date | None) -> None:
        """Count one record; a novel-context use counts towards Mastery from the day Applied was reached."""
        if isinstance(record, Application):
            self.applications += 1
            self.application_days.add(record.date)
            if record.reviewer_id is not None and (record.quality or 0) >= rules.applied_min_quality:
                self.reviewed += 1
            if record.novel_context and applied_on is not None and record.date >= applied_on:
                self.novel_since_applied += 1
        else:
            self.teaching += 1
            self.teaching_days.add(record.date)
            if record.rating is not None:
                self.rated += 1
                self.rating_sum += record.rating

    @property
    def mean_rating(self) -> float | None:
        return self.rating_sum / self.rated if self.rated else None

    def meets_applied(self, rules: TierRules) -> bool:
        return (
            self.applications >= rules.applied_min_applications
            and len(self.application_days) >= rules.applied_min_days
            and self.reviewed >= rules.applied_min_reviewed
        )

    def meets_mastery_evidence(self, rules: TierRules) -> bool:
        """The teaching and novel-context part of the Mastery rule (Applied is checked apart)."""
        mean = self.mean_rating
        return (
            self.teaching >= rules.mastery_min_teaching
            and len(self.teaching_days) >= rules.mastery_min_teaching_days
            and mean is not None
            and mean >= rules.mastery_min_mean_rating
            and self.novel_since_applied >= rules.mastery_min_novel
        )


def started_on(evidence: Evidence) -> dt.date | None:
    """The earliest of learned_on and the dates of the skill's entries, applications and teaching."""
    days = [evidence.learned_on] if evidence.learned_on is not None else []
    days.extend(record.date for record in (*evidence.practice, *evidence.applications, *evidence.teaching))
    return min(days, default=None)


BY_DATE = attrgetter("date")


def _walk(
    evidence: Evidence, rules: TierRules, as_of: dt.date | None = None, counting: bool = True
) -> tuple[TierHistory, EvidenceTally]:
    """Walk the evidence day by day (to as_of); a rule holds from the first day its counts are met.

    Without counting, the walk stops at Mastery (the dates are known; the counts are not wanted).
    """
    records = sorted((*evidence.applications, *evidence.teaching), key=BY_DATE)
    counts = EvidenceTally()
    applied_on = mastery_on = None
    for day, same_day in groupby(records, key=BY_DATE):
        if as_of is not None and day > as_of:
            break
        same_day = list(same_day)
        for record in same_day:
            counts.add(record, rules, applied_on)
        if applied_on is None and counts.meets_applied(rules):
            applied_on = day
            counts.novel_since_applied = sum(isinstance(r, Application) and r.novel_context for r in same_day)
        if applied_on is not None and mastery_on is None and counts.meets_mastery_evidence(rules):
            mastery_on = day
            if not counting:
                break
    start = started_on(evidence)
    history = TierHistory(start, applied_on, mastery_on)
    return (history.until(as_of) if as_of is not None else history), counts


def tier_history(evidence: Evidence, rules: TierRules) -> TierHistory:
    """The dates the skill started and reached Applied and Mastery, from all its evidence."""
    return _walk(evidence, rules, counting=False)[0]


def tally(evidence: Evidence, rules: TierRules, as_of: dt.date | None = None) -> EvidenceTally:
    """Counts of the evidence dated on or before as_of (all of it when None)."""
    return _walk(evidence, rules, as_of)[1]


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


def next_tier_milestones(evidence: Evidence, rules: TierRules, as_of: dt.date) -> list[Milestone]:
    """What the next tier asks for, against the evidence dated on or before as_of (empty at Mastery)."""
    history, counts = _walk(evidence, rules, as_of)
    current = history.tier_as_of(as_of)
    if current is Tier.NONE:
        return [Milestone("journal entries, applications or teaching events", 0, 1)]
    if current is Tier.FOUNDATION:
        return [
            Milestone("applications", counts.applications, rules.applied_min_applications),
            Milestone("days with an application", len(counts.application_days), rules.applied_min_days),
            Milestone(
                f"reviewed applications (quality ≥ {rules.applied_min_quality})",
                counts.reviewed,
                rules.applied_min_reviewed,
            ),
        ]
    if current is Tier.APPLIED:
        return [
            Milestone("teaching events", counts.teaching, rules.mastery_min_teaching),
            Milestone("days with teaching", len(counts.teaching_days), rules.mastery_min_teaching_days),
            _rating_milestone(counts, rules),
            Milestone("novel-context applications since Applied", counts.novel_since_applied, rules.mastery_min_novel),
        ]
    return []


def _rating_milestone(counts: EvidenceTally, rules: TierRules) -> Milestone:
    """The mean teaching rating, once one teaching event is rated; before that, a rated event."""
    if counts.mean_rating is None:
        return Milestone("rated teaching events", 0, 1)
    return Milestone("mean teaching rating", round(counts.mean_rating, 1), rules.mastery_min_mean_rating)


def application_strength(applications, day: dt.date, half_life_days: float) -> float:
    """Σ 0.5^((day − date)/half-life) over the applications dated on or before the day."""
    return sum(0.5 ** ((day - a.date).days / half_life_days) for a in applications if a.date <= day)


def is_at_risk(tier: Tier, strength: float, rules: TierRules) -> bool:
    """A skill at Applied or Mastery whose application strength fell below the line."""
    return tier.ordinal >= Tier.APPLIED.ordinal and strength < rules.at_risk_below


UNAPPLIED_AFTER_DAYS = 10  # a skill learned this many days ago and never used since asks for a use


def learned_not_applied(skill, applications, day: dt.date) -> int | None:
    """Days since learning, when the skill was learned over 10 days before the day and not applied since."""
    if skill.learned_on is None or (day - skill.learned_on).days <= UNAPPLIED_AFTER_DAYS:
        return None
    if any(skill.learned_on <= a.date <= day for a in applications):
        return None
    return (day - skill.learned_on).days

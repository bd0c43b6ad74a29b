"""What Insights is computed from: a journal's records read once, scopes, and the metrics of a window.

Everything a chart or a headline figure shows is computed from InsightsData with the domain's
metric functions (services/series.py turns it into the charts' series), so the charts and
`masterydesk metrics --json` cannot disagree. Journal entries are held as compact arrays of day
numbers (days since 1970-01-01) and minutes, in the order of their days: any window's practice is
a slice of them, found by bisection.
"""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from masterydesk.domain import records as r
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.metrics import (
    APPLIED_WITHIN_DAYS,
    MetricsReport,
    evidence_by_skill,
    network_counts,
    overall_metrics,
    role_readiness,
    skill_metrics,
    tier_histories,
    tiers_as_of,
)
from masterydesk.domain.tiers import TierHistory
from masterydesk.services.figures import Measure
from masterydesk.services.settings import read_rules
from masterydesk.store import bundles, related
from masterydesk.store.readers import earliest_record_date

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from masterydesk.store.database import Journal

EPOCH = dt.date(1970, 1, 1)


# --- what the charts are computed from ------------------------------------------------------


@dataclass(frozen=True)
class InsightsData:
    """A journal's records as the charts need them, read once; the journal text is never read.

    Journal entries are held as compact arrays in the order of their days (a day number and minutes
    each, and the positions of each skill's entries, ascending): a window's practice is a slice.
    numpy did this before; it alone held 6-11 MiB of the app's memory.
    """

    bundle: r.Bundle
    rules: r.TierRules
    today: dt.date
    earliest: dt.date | None
    evidence: dict[str, r.Evidence]  # each skill's practice reduced to its first day
    histories: dict[str, TierHistory]
    entry_days: array  # the day number of every journal entry, ascending ("i")
    entry_minutes: array  # the minutes of each ("i")
    entries_by_skill: dict[str, array]  # positions in those arrays of the entries naming each skill, ascending
    skill_names: dict[str, str] = field(default_factory=dict)


def load_insights(journal: Journal, today: dt.date | None = None) -> InsightsData:
    """Read what the Insights charts need, in one consistent read."""
    with journal.reading() as connection:
        bundle = bundles.read_bundle(connection, journal=False)
        rules = read_rules(connection)
        earliest = earliest_record_date(connection)
        position_of, entry_days, entry_minutes = _read_entries(connection)
        entries_by_skill = _read_entry_links(connection, position_of)  # the keys are not kept: only positions
    first_days = {s: (r.Practice(_date(entry_days[p[0]]), 0, 0),) for s, p in entries_by_skill.items() if p}
    evidence = evidence_by_skill(bundle, r.PracticeLog(by_skill=first_days))
    return InsightsData(
        bundle=bundle,
        rules=rules,
        today=today or dt.date.today(),
        earliest=earliest,
        evidence=evidence,
        histories=tier_histories(evidence, rules),
        entry_days=entry_days,
        entry_minutes=entry_minutes,
        entries_by_skill=entries_by_skill,
        skill_names={s.id: s.name for s in bundle.skills},
    )


def _date(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=number)


def _read_entries(connection: Connection) -> tuple[dict[int, int], array, array]:
    """Every journal entry's position by its key, and the day numbers and minutes in the order of
    their days (then of their keys); never the text."""
    pks, days, minutes = related.entry_keys_days_and_minutes(connection)
    if pks is None:
        return {}, array("i"), array("i")
    numbers: dict[str, int] = {}  # a day's number, worked out once however many entries it has
    rows = sorted(
        (numbers.get(day) or numbers.setdefault(day, day_number(dt.date.fromisoformat(day))), int(key), int(spent))
        for day, key, spent in zip(days.split(","), pks.split(","), minutes.split(","))
    )
    position_of = {key: position for position, (_day, key, _spent) in enumerate(rows)}
    return position_of, array("i", (row[0] for row in rows)), array("i", (row[2] for row in rows))


def _read_entry_links(connection: Connection, position_of: dict[int, int]) -> dict[str, array]:
    """For each skill, the positions of the entries that name it, ascending."""
    found = {}
    for skill_id, keys in related.entry_keys_by_skill(connection):
        # Entries written after the load have no position; they wait for the next reload.
        positions = sorted(position_of[key] for key in map(int, keys.split(",")) if key in position_of)
        found[skill_id] = array("i", positions)
    return found


# --- scopes ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scope:
    """Which skills the charts look at: all, one category, one skill, or those a role needs."""

    kind: str = "all"  # all | category | skill | role
    value: str | None = None

    def skill_ids(self, bundle: r.Bundle) -> frozenset[str] | None:
        """The skills in scope (None for all skills)."""
        if self.kind == "category":
            return frozenset(s.id for s in bundle.skills if s.category == self.value)
        if self.kind == "skill":
            return frozenset((self.value,))
        if self.kind == "role":
            roles = [x for x in bundle.roles if x.id == self.value]
            return frozenset(q.skill_id for x in roles for q in x.requirements)
        return None

    def label(self, bundle: r.Bundle) -> str:
        """How the scope reads in a title."""
        if self.kind == "category":
            return f"{self.value} skills"
        if self.kind == "skill":
            return next((s.name for s in bundle.skills if s.id == self.value), "one skill")
        if self.kind == "role":
            title = next((x.title for x in bundle.roles if x.id == self.value), "a role")
            return f"skills for {title}"
        return "all skills"


ALL_SKILLS = Scope()


def scoped_bundle(bundle: r.Bundle, skill_ids: frozenset[str] | None) -> r.Bundle:
    """The records of the skills in scope (roles left out: readiness needs every skill)."""
    if skill_ids is None:
        return replace(bundle, roles=())
    return replace(
        bundle,
        skills=tuple(s for s in bundle.skills if s.id in skill_ids),
        applications=tuple(a for a in bundle.applications if a.skill_id in skill_ids),
        teaching=tuple(t for t in bundle.teaching if t.skill_id in skill_ids),
        roles=(),
    )


# --- the metrics of a window ------------------------------------------------------------


def window_metrics(data: InsightsData, bundle: r.Bundle, window: r.Window) -> MetricsReport:
    """The metrics of the scoped records in the window, with readiness from every skill."""
    # compute_metrics' own steps, but the tier histories (half its time, and independent of the
    # window) are reused from the load instead of recomputed on each redraw.
    if window.start > window.end:
        raise MasteryDeskError(f"The window starts on {window.start}, after it ends on {window.end}.")
    practice = window_practice(data, frozenset(s.id for s in bundle.skills), window)
    evidence = {s.id: replace(data.evidence[s.id], practice=practice.by_skill.get(s.id, ())) for s in bundle.skills}
    skills = [skill_metrics(s, evidence[s.id], data.histories[s.id], window, data.rules) for s in bundle.skills]
    tiers = tiers_as_of(data.histories, window.end)
    status = {p.id: p.status for p in data.bundle.projects}
    roles = tuple(role_readiness(role, tiers, status) for role in data.bundle.roles)
    overall = overall_metrics(bundle, skills, evidence, practice, network_counts(bundle, window), window)
    return MetricsReport(window, overall, tuple(skills), roles)


def window_practice(data: InsightsData, skill_ids: frozenset[str], window: r.Window) -> r.PracticeLog:
    """The practice of one window: each skill's first day, and what it practised in the window.

    Overall, the entries naming a skill in scope (each once) when the scope is some skills.
    """
    low = bisect_left(data.entry_days, day_number(window.start))
    high = bisect_right(data.entry_days, day_number(window.end))
    by_skill = {}
    for skill_id in skill_ids:
        positions = data.entries_by_skill.get(skill_id)
        if positions:
            inside = positions[bisect_left(positions, low):bisect_left(positions, high)]
            by_skill[skill_id] = (r.Practice(_date(data.entry_days[positions[0]]), 0, 0),
                                  *_practice_inside(data, inside))
    scoped = len(skill_ids) != len(data.bundle.skills)
    if scoped:
        entries = positions_in_scope(data, skill_ids)
        inside = entries[bisect_left(entries, low):bisect_left(entries, high)]
    else:
        inside = range(low, high)
    return r.PracticeLog(tuple(_practice_inside(data, inside)), by_skill)


def _practice_inside(data: InsightsData, positions) -> tuple[r.Practice, ...]:
    """The entries at these positions (ascending) as one day of practice (their first), or nothing."""
    if not len(positions):
        return ()
    minutes = data.entry_minutes
    return (r.Practice(_date(data.entry_days[positions[0]]), sum(minutes[p] for p in positions), len(positions)),)


def positions_in_scope(data: InsightsData, skill_ids: frozenset[str] | None):
    """Positions of the entries naming a skill in scope, each once, ascending (every entry for all skills)."""
    if skill_ids is None:
        return range(len(data.entry_days))
    parts = [data.entries_by_skill[s] for s in skill_ids if s in data.entries_by_skill]
    if len(parts) == 1:
        return parts[0]
    return array("i", sorted(set().union(*parts)))


def practice_arrays(data: InsightsData, skill_ids: frozenset[str] | None) -> tuple[list[int], list[int]]:
    """Day numbers and minutes of the journal entries in scope (an entry naming two skills of it once)."""
    positions = positions_in_scope(data, skill_ids)
    if isinstance(positions, range):
        return list(data.entry_days), list(data.entry_minutes)
    return [data.entry_days[p] for p in positions], [data.entry_minutes[p] for p in positions]


def headline(report: MetricsReport, previous: MetricsReport) -> list[Measure]:
    """The window's headline figures beside those of the previous window of equal length."""
    now, before = report.overall, previous.overall
    rows = (
        ("Practice time", "practice_minutes", "minutes"),
        ("Applications", "applications", "count"),
        ("Applications per week", "applications_per_week", "rate"),
        ("Novel-context share", "novel_context_share", "share"),
        ("Teaching events", "teaching_events", "count"),
        ("Audience reached", "teaching_audience", "count"),
        ("Mean teaching rating", "teaching_mean_rating", "rating"),
        ("Tier promotions", "promotions", "count"),
        ("Median days to Applied", "median_days_to_applied", "days"),
        ("Median days to Mastery", "median_days_to_mastery", "days"),
        ("Skills at risk", "skills_at_risk", "count"),
        (f"Applied within {APPLIED_WITHIN_DAYS} days of learning", "applied_within_14_days_share", "share"),
        ("Interactions", "interactions", "count"),
        ("Community ideas applied", "ideas_applied_share", "share"),
        ("Network resilience", "network_resilience", "share"),
    )
    return [Measure(label, getattr(now, name), getattr(before, name), unit) for label, name, unit in rows]


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days

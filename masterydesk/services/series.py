"""The series the Insights charts draw, from services.insights' data and window metrics.

Series are plain dataclasses of lists; dates are `datetime.date`. Binning bisects day numbers
(days since 1970-01-01) into the bins' edges.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, replace

from masterydesk.domain import records as r
from masterydesk.domain.metrics import (
    APPLIED_WITHIN_DAYS,
    MetricsReport,
    RoleReadiness,
    is_decided,
    role_added_by,
    role_readiness,
    tiers_as_of,
)
from masterydesk.domain.windows import previous_window
from masterydesk.services.figures import Measure
from masterydesk.services.insights import (
    ALL_SKILLS,
    InsightsData,
    Scope,
    day_number,
    headline,
    practice_arrays,
    scoped_bundle,
    window_metrics,
)

DAY = dt.timedelta(days=1)
TOP_SKILLS = 6  # skills drawn as their own band in the frequency chart; the rest are "Other skills"
ROLLING_DAYS = 28
CALENDAR_WEEKS = 53
LATENCY_BIN_DAYS = 7
LATENCY_BINS = 9  # eight weeks, then one bin for everything later
TIMELINE_ROWS = 12
READINESS_POINTS = 52
GAP_ROWS = 10


# --- the series ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Layer:
    """One band of a stacked chart: a label and a value per bin."""

    label: str
    values: list[float]


@dataclass(frozen=True)
class FrequencySeries:
    """Chart 1: applications per week; bin i runs from edges[i] to the day before edges[i + 1]."""

    edges: list[dt.date]
    layers: list[Layer]  # the busiest skills, one band each
    totals: list[int]  # every application in scope, the other skills' too
    rolling_mean: list[float]  # applications in the 28 days ending on each bin's last day, / 4
    rate: float
    previous_rate: float
    previous_window: r.Window
    scope_label: str = "all skills"
    other: Layer | None = None  # the rest of the skills as one band, "Other skills (N)"

    @property
    def empty(self) -> bool:
        return not any(self.totals)

    def without_other(self) -> FrequencySeries:
        """The same series with the other skills' band left out (the totals and rates still count them)."""
        return replace(self, other=None)


@dataclass(frozen=True)
class TeachingSeries:
    """Chart 2: teaching events per month by format, the mean rating and the audience."""

    edges: list[dt.date]
    layers: list[Layer]
    mean_rating: list[float | None]
    audience: list[int]
    events: int
    total_audience: int
    overall_rating: float | None

    @property
    def empty(self) -> bool:
        return self.events == 0


@dataclass(frozen=True)
class CalendarSeries:
    """Chart 3, practice: minutes of journal practice per week of the window, and activities per
    day, a 7 × 53 grid (rows Monday..Sunday) of the year to the window's end; None outside the window."""

    week_edges: list[dt.date]  # bin i runs from week_edges[i] to the day before week_edges[i + 1]
    week_minutes: list[int]
    first_monday: dt.date
    grid: list[list[int | None]]
    end: dt.date

    @property
    def empty(self) -> bool:
        return not any(self.week_minutes) and not any(v for row in self.grid for v in row if v)


@dataclass(frozen=True)
class LatencySeries:
    """Chart 4: days from learning to first application, for skills learned in the window."""

    latencies: list[tuple[str, int]]  # (skill name, days), applied ones
    not_applied: list[str]  # learned in the window, not applied within 14 days: decided
    pending: list[str]  # learned less than 14 days before the window's end, not applied yet
    bin_edges: list[int]  # bin i holds (edges[i], edges[i+1]] days, the first also 0; the last: all later
    counts: list[int]
    names: list[list[str]]  # the skills in each bin
    within_share: float | None
    within_days: int = APPLIED_WITHIN_DAYS

    @property
    def empty(self) -> bool:
        return not self.latencies and not self.not_applied and not self.pending


@dataclass(frozen=True, slots=True)
class Promotion:
    skill: str
    tier: r.Tier
    date: dt.date


@dataclass(frozen=True)
class TierSeries:
    """Chart 5: when skills reached Applied and Mastery, and promotions per quarter."""

    rows: list[str]  # skill names, the most recently promoted last
    promotions: list[Promotion]  # of the skills in rows
    hidden_rows: int  # skills promoted in the window but not in rows
    quarter_edges: list[dt.date]
    quarter_counts: list[int]

    @property
    def empty(self) -> bool:
        return not any(self.quarter_counts)


@dataclass(frozen=True, slots=True)
class GapRow:
    role: str
    skill: str
    held: r.Tier
    required: r.Tier


@dataclass(frozen=True)
class ReadinessSeries:
    """Chart 6: readiness per target role over time, and the gaps as of the window's end."""

    dates: list[dt.date]
    roles: list[Layer]  # readiness (0..1, None when a role has no requirements) per date
    gaps: list[GapRow]
    hidden_gaps: int

    @property
    def empty(self) -> bool:
        return not self.roles


@dataclass(frozen=True)
class CommunitySeries:
    """Chart 7: interactions per month by kind, contacts by relationship, resilience, ideas."""

    edges: list[dt.date]
    layers: list[Layer]
    relationships: list[tuple[str, int]]
    network_resilience: float | None
    ideas: int
    ideas_applied_share: float | None

    @property
    def empty(self) -> bool:
        return not self.layers and not self.relationships


@dataclass(frozen=True)
class InsightsSeries:
    """Everything the Insights tab shows for one window and scope."""

    window: r.Window
    scope: Scope
    report: MetricsReport  # the scoped metrics of the window (roles from every skill)
    previous: MetricsReport
    headline: list[Measure]
    frequency: FrequencySeries
    teaching: TeachingSeries
    calendar: CalendarSeries
    latency: LatencySeries
    tiers: TierSeries
    readiness: ReadinessSeries
    community: CommunitySeries


def insights_series(data: InsightsData, window: r.Window, scope: Scope = ALL_SKILLS) -> InsightsSeries:
    """Every chart's series for the window and scope."""
    skill_ids = scope.skill_ids(data.bundle)
    bundle = scoped_bundle(data.bundle, skill_ids)
    before = previous_window(window)
    report = window_metrics(data, bundle, window)
    previous = window_metrics(data, bundle, before)
    return InsightsSeries(
        window=window,
        scope=scope,
        report=report,
        previous=previous,
        headline=headline(report, previous),
        frequency=frequency_series(data, bundle, report, previous, scope),
        teaching=teaching_series(bundle, report),
        calendar=calendar_series(data, bundle, skill_ids, window),
        latency=latency_series(report, bundle),
        tiers=tier_series(data, bundle, window),
        readiness=readiness_series(data, window, scope),
        community=community_series(data.bundle, report),
    )


# --- binning --------------------------------------------------------------------------------


def record_days(records) -> list[int]:
    """The day numbers of dated records."""
    return [day_number(x.date) for x in records]


def _binned(days, edges: list[dt.date]):
    """(position in days, bin) of each day inside a bin [edges[i], edges[i + 1])."""
    numbers = [day_number(e) for e in edges]
    for n, day in enumerate(days):
        index = bisect_right(numbers, day) - 1
        if 0 <= index < len(numbers) - 1:
            yield n, index


def bin_sums(days, edges: list[dt.date], weights=None) -> list[float]:
    """How many days (or the sum of their weights) fall in each bin [edges[i], edges[i + 1])."""
    sums = [0] * (len(edges) - 1)
    for n, index in _binned(days, edges):
        sums[index] += 1 if weights is None else weights[n]
    return sums


def _bin_counts_by(days: list[int], groups: list, edges: list[dt.date]) -> dict[object, list[int]]:
    """For each group, how many of its days fall in each bin: one pass over the days."""
    counts: dict[object, list[int]] = {}
    for n, index in _binned(days, edges):
        counts.setdefault(groups[n], [0] * (len(edges) - 1))[index] += 1
    return counts


def week_edges(window: r.Window) -> list[dt.date]:
    """Seven-day bins ending on the window's last day; the first one is cut at the window's start."""
    stop = window.end + DAY
    weeks = -(-((stop - window.start).days) // 7)
    edges = [stop - dt.timedelta(days=7 * k) for k in range(weeks, -1, -1)]
    edges[0] = window.start
    return edges


def _next_month(day: dt.date, months: int = 1) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_edges(window: r.Window, months: int = 1) -> list[dt.date]:
    """Calendar months (or quarters, months=3) cut to the window."""
    first = dt.date(window.start.year, window.start.month - (window.start.month - 1) % months, 1)
    edges = [window.start]
    boundary = _next_month(first, months)
    while boundary <= window.end:
        edges.append(boundary)
        boundary = _next_month(boundary, months)
    edges.append(window.end + DAY)
    return edges


def _ints(values) -> list[int]:
    return [int(v) for v in values]


# --- one function per chart ---------------------------------------------------------------


def frequency_series(
    data: InsightsData, bundle: r.Bundle, report: MetricsReport, previous: MetricsReport, scope: Scope
) -> FrequencySeries:
    """Chart 1: weekly applications of the busiest skills, the 4-week mean and the rates."""
    window = report.window
    edges = week_edges(window)
    busy = sorted((s for s in report.skills if s.applications), key=lambda s: (-s.applications, s.name))
    shown = busy if len(busy) <= TOP_SKILLS + 1 else busy[:TOP_SKILLS]
    band = {s.id: n for n, s in enumerate(shown)}
    days = record_days(bundle.applications)
    counts = _bin_counts_by(days, [band.get(a.skill_id, len(shown)) for a in bundle.applications], edges)
    none = [0] * (len(edges) - 1)
    layers = [Layer(s.name, counts.get(n, none)) for n, s in enumerate(shown)]
    other = None
    if len(shown) < len(busy):
        other = Layer(f"Other skills ({len(busy) - len(shown)})", counts.get(len(shown), none))
    bands_drawn = [layer.values for layer in (*layers, *([other] if other else []))]
    totals = [sum(values) for values in zip(*bands_drawn)] or [0] * (len(edges) - 1)
    return FrequencySeries(
        edges=edges,
        layers=layers,
        other=other,
        totals=totals,
        rolling_mean=_rolling_mean(sorted(days), edges),
        rate=report.overall.applications_per_week,
        previous_rate=previous.overall.applications_per_week,
        previous_window=previous.window,
        scope_label=scope.label(data.bundle),
    )


def _rolling_mean(sorted_days: list[int], edges: list[dt.date]) -> list[float]:
    """Applications in the 28 days ending on each bin's last day, per week."""
    last_days = [day_number(e) - 1 for e in edges[1:]]
    counts = [bisect_right(sorted_days, last) - bisect_left(sorted_days, last - (ROLLING_DAYS - 1)) for last in last_days]
    return [float(c) / (ROLLING_DAYS / 7) for c in counts]


def _layers_by_kind(records: list, days, edges, kinds, kind_of) -> list[Layer]:
    """One layer of counts per bin for each kind (an enum) that the records have."""
    counts = _bin_counts_by(days, [str(kind_of(x)) for x in records], edges)
    present = {str(kind_of(x)) for x in records}
    none = [0] * (len(edges) - 1)
    return [Layer(str(kind).replace("_", " "), counts.get(str(kind), none)) for kind in kinds if str(kind) in present]


def teaching_series(bundle: r.Bundle, report: MetricsReport) -> TeachingSeries:
    """Chart 2: teaching events per month by format, with the mean rating and the audience."""
    window = report.window
    edges = period_edges(window)
    events = [t for t in bundle.teaching if t.date in window]
    days = record_days(events)
    layers = _layers_by_kind(events, days, edges, r.TeachingFormat, lambda t: t.format)
    rated = [(day, float(t.rating)) for day, t in zip(days, events) if t.rating is not None]
    rating_sums = bin_sums([day for day, _ in rated], edges, [rating for _, rating in rated])
    rated_counts = bin_sums([day for day, _ in rated], edges)
    audience = bin_sums(days, edges, [t.audience_size for t in events])
    return TeachingSeries(
        edges=edges,
        layers=layers,
        mean_rating=[float(s / n) if n else None for s, n in zip(rating_sums, rated_counts)],
        audience=_ints(audience),
        events=report.overall.teaching_events,
        total_audience=report.overall.teaching_audience,
        overall_rating=report.overall.teaching_mean_rating,
    )


def calendar_series(
    data: InsightsData, bundle: r.Bundle, skill_ids: frozenset[str] | None, window: r.Window
) -> CalendarSeries:
    """Chart 3: practice minutes per week; entries, applications and teaching per day, for the year to the window's end."""
    first = window.end - dt.timedelta(days=window.end.weekday() + 7 * (CALENDAR_WEEKS - 1))
    span = 7 * CALENDAR_WEEKS
    start = day_number(first)
    practice_days, practice_minutes = practice_arrays(data, skill_ids)  # the entries in scope, each once
    per_day = Counter(day - start for day in (*practice_days, *record_days(bundle.applications),
                                             *record_days(bundle.teaching)))
    grid: list[list[int | None]] = [[None] * CALENDAR_WEEKS for _ in range(7)]
    for offset in range(span):
        day = first + dt.timedelta(days=offset)
        if day in window:
            grid[offset % 7][offset // 7] = int(per_day[offset])
    edges = week_edges(window)
    minutes = _ints(bin_sums(practice_days, edges, practice_minutes))
    return CalendarSeries(edges, minutes, first, grid, window.end)


def latency_series(report: MetricsReport, bundle: r.Bundle) -> LatencySeries:
    """Chart 4: learn-to-apply latency of the skills learned in the window."""
    learned_on = {s.id: s.learned_on for s in bundle.skills}
    learned = [s for s in report.skills if learned_on[s.id] is not None and learned_on[s.id] in report.window]
    latencies = sorted(
        ((s.name, s.first_application_latency_days) for s in learned if s.first_application_latency_days is not None),
        key=lambda pair: (pair[1], pair[0]),
    )
    unapplied = [s for s in learned if s.first_application_latency_days is None]
    decided = {s.id: is_decided(learned_on[s.id], report.window.end) for s in unapplied}
    pending = sorted(s.name for s in unapplied if not decided[s.id])
    not_applied = sorted(s.name for s in unapplied if decided[s.id])
    names: list[list[str]] = [[] for _ in range(LATENCY_BINS)]
    for name, days in latencies:
        names[min(LATENCY_BINS - 1, max(0, -(-days // LATENCY_BIN_DAYS) - 1))].append(name)
    return LatencySeries(
        latencies=latencies,
        not_applied=not_applied,
        pending=pending,
        bin_edges=[LATENCY_BIN_DAYS * k for k in range(LATENCY_BINS + 1)],
        counts=[len(n) for n in names],
        names=names,
        within_share=report.overall.applied_within_14_days_share,
    )


def tier_series(data: InsightsData, bundle: r.Bundle, window: r.Window) -> TierSeries:
    """Chart 5: the promotions in the window, per skill and per quarter."""
    promotions = sorted(
        (
            Promotion(skill.name, tier, day)
            for skill in bundle.skills
            for tier, day in (
                (r.Tier.APPLIED, data.histories[skill.id].applied_on),
                (r.Tier.MASTERY, data.histories[skill.id].mastery_on),
            )
            if day is not None and day in window
        ),
        key=lambda p: (p.date, p.skill),
    )
    latest = {p.skill: p.date for p in promotions}  # sorted by date: the last one wins
    ordered = sorted(latest, key=lambda name: (latest[name], name))
    rows = ordered[-TIMELINE_ROWS:]
    shown = set(rows)
    edges = period_edges(window, months=3)
    return TierSeries(
        rows=rows,
        promotions=[p for p in promotions if p.skill in shown],
        hidden_rows=len(ordered) - len(rows),
        quarter_edges=edges,
        quarter_counts=_ints(bin_sums([day_number(p.date) for p in promotions], edges)),
    )


def sample_days(window: r.Window, points: int = READINESS_POINTS) -> list[dt.date]:
    """Up to `points` evenly spaced days ending on the window's last day."""
    step = max(1, -(-((window.end - window.start).days + 1) // points))
    days = []
    day = window.end
    while day >= window.start:
        days.append(day)
        day -= dt.timedelta(days=step)
    return days[::-1]


def readiness_series(data: InsightsData, window: r.Window, scope: Scope) -> ReadinessSeries:
    """Chart 6: each target role's readiness over the window, and its gaps at the end."""
    roles = [x for x in data.bundle.roles if scope.kind != "role" or x.id == scope.value]
    days = sample_days(window)
    status = {p.id: p.status for p in data.bundle.projects}
    needed = {q.skill_id for role in roles for q in role.requirements}
    histories = {s: data.histories[s] for s in needed if s in data.histories}
    readiness: dict[str, list[float | None]] = {role.id: [] for role in roles}
    last: list[RoleReadiness] = []
    for day in days:
        tiers = tiers_as_of(histories, day)
        last = [role_readiness(role, tiers, status) for role in roles]
        for role, result in zip(roles, last):
            readiness[result.id].append(result.readiness if role_added_by(role, day) else None)
    gaps = [
        GapRow(result.title, data.skill_names.get(gap.skill_id, gap.skill_id), gap.held, gap.required)
        for result in last
        for gap in result.gaps
    ]
    return ReadinessSeries(
        dates=days,
        roles=[Layer(role.title, readiness[role.id]) for role in roles],
        gaps=gaps[:GAP_ROWS],
        hidden_gaps=max(0, len(gaps) - GAP_ROWS),
    )


def community_series(bundle: r.Bundle, report: MetricsReport) -> CommunitySeries:
    """Chart 7: interactions per month by kind, contacts by relationship, resilience and ideas."""
    window = report.window
    edges = period_edges(window)
    interactions = [i for i in bundle.interactions if i.date in window]
    days = record_days(interactions)
    layers = _layers_by_kind(interactions, days, edges, r.InteractionKind, lambda i: i.kind)
    counted = Counter(c.relationship for c in bundle.contacts)
    relationships = [(str(rel).replace("_", " "), counted[rel]) for rel in r.Relationship if counted[rel]]
    return CommunitySeries(
        edges=edges,
        layers=layers,
        relationships=relationships,
        network_resilience=report.overall.network_resilience,
        ideas=report.overall.ideas,
        ideas_applied_share=report.overall.ideas_applied_share,
    )

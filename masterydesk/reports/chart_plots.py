"""The Insights charts as pictures to paint: panels of marks on axes, with legends and hover texts.

Each of the seven functions in PLOTS turns a series and a ChartColors into a Picture, which the
Insights tab paints (ui.widgets.chart_canvas) and the coaching report's PDF too (ui.report_pdf, in
paper colours). Positions are plain numbers: a date is its day number (date.toordinal()). Nothing here imports Qt or matplotlib.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from masterydesk.domain.records import TIER_ORDER, Tier
from masterydesk.reports.chart_style import (
    DAY,
    EMPTY,
    GAP_ROWS_SHOWN,
    PALETTE,
    TIER_COLORS,
    ChartColors,
    period_text,
    short,
)
from masterydesk.services.figures import day_text, format_value, minutes_text
from masterydesk.services.series import (
    CalendarSeries,
    CommunitySeries,
    FrequencySeries,
    Layer,
    LatencySeries,
    ReadinessSeries,
    TeachingSeries,
    TierSeries,
)

Describe = Callable[[int], "str | None"]


# --- what a picture is made of ------------------------------------------------------------------


@dataclass
class Axis:
    low: float
    high: float
    ticks: list[tuple[float, str]] = field(default_factory=list)
    label: str = ""


@dataclass
class Band:
    """A filled step between bottom and top over bins [edges[i], edges[i + 1])."""

    edges: list[float]
    bottom: list[float]
    top: list[float]
    color: str
    label: str
    describe: Describe


@dataclass
class Line:
    """Points joined by a line (style "" draws the markers only); None leaves a gap."""

    x: list[float]
    y: list[float | None]
    color: str
    label: str
    describe: Describe
    width: float = 1.5
    style: str = "solid"  # solid, dash, dot or ""
    marker: str = ""  # "", circle, star or diamond
    size: float = 0.0
    right: bool = False  # on the panel's right-hand axis


@dataclass
class Rule:
    """A line across the panel at one value: horizontal (a y) or vertical (an x)."""

    at: float
    color: str
    label: str
    text: str  # what hovering over it says
    vertical: bool = False
    width: float = 1.0
    style: str = "dash"


@dataclass
class Bars:
    """Bars from 0: upright ones span [start, start + size) along x; lying ones (horizontal) along y."""

    start: list[float]
    size: list[float]
    length: list[float]
    color: str
    label: str
    describe: Describe
    horizontal: bool = False
    hatched_last: bool = False  # the last bar gathers everything beyond the axis


@dataclass
class Spans:
    """Thick segments from x0 to x1 at each y (a tier held to a tier required), in each one's colour."""

    y: list[float]
    x0: list[float]
    x1: list[float]
    colors: list[str]


@dataclass
class Cells:
    """A grid of days: values[row][column], None outside the period; shade(value) gives its colour."""

    values: list[list[int | None]]
    most: float
    describe: Callable[[int, int], "str | None"]


@dataclass
class Key:
    """One legend entry: a swatch (box, line, dash, dot or a marker) and its label."""

    label: str
    color: str
    swatch: str = "box"


@dataclass
class Panel:
    title: str
    x: Axis
    y: Axis
    marks: list = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)
    key_title: str = ""
    keys_below: bool = False  # the legend under the panel, in rows, instead of beside it
    right: Axis | None = None  # a second value axis on the right
    labels_right: bool = False  # the y tick labels on the right (bars named by category)
    grid: str = "y"  # "y", "x" or ""
    message: str = ""  # an empty state: this text instead of axes
    note: str = ""  # a few lines under the panel
    small_title: bool = False
    share: float = 1.0  # of the picture's height (stacked) or width (side by side)
    frame: bool = True  # the left and bottom axis lines


@dataclass
class Picture:
    panels: list[Panel]
    colors: ChartColors
    side_by_side: bool = False
    shared_x: bool = False  # stacked panels on one time axis: their plots line up


# --- ticks --------------------------------------------------------------------------------------


def nice_ticks(low: float, high: float, most: int = 6, whole: bool = False) -> list[float]:
    """Round values from low to high, at most `most` of them (whole numbers only if whole)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(most - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if whole:
        step = max(1, math.ceil(step))
    first = math.ceil(low / step - 1e-9) * step
    ticks, value = [], first
    while value <= high + 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _number(value: float) -> str:
    return f"{value:g}"


def value_axis(top: float, label: str, whole: bool = True, most: int = 6) -> Axis:
    """A value axis from 0 to a little above top, with at most `most` round ticks."""
    high = max(float(top), 1.0) * 1.05
    ticks = nice_ticks(0, high, most, whole)
    return Axis(0.0, max(high, ticks[-1]), [(t, _number(t)) for t in ticks], label)


MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60)


def date_ticks(first: dt.date, last: dt.date, most: int = 7) -> list[tuple[float, str]]:
    """Ticks on the first days of months (or years) from one day to another; every week or two days
    for a short span. A month is named by itself and January by its year; the first tick carries
    the year too, so that a window without a January still says which year it shows."""
    days = (last - first).days
    if days <= 45:
        step = 7 if days > 14 else 2
        shown = [first + dt.timedelta(days=n) for n in range(0, days + 1, step)][:most + 1]
        return [(float(day.toordinal()), f"{day.day} {day:%b}" + (f" {day.year}" if n == 0 else ""))
                for n, day in enumerate(shown)]
    months = (last.year - first.year) * 12 + last.month - first.month
    step = next((s for s in MONTH_STEPS if months / s <= most), MONTH_STEPS[-1])
    ticks = []
    for index in range(first.year * 12 + first.month - 1, last.year * 12 + last.month):
        day = dt.date(index // 12, index % 12 + 1, 1)
        if first <= day <= last and index % step == 0:
            yearly = day.month == 1 or step >= 12
            label = f"{day:%Y}" if yearly else (f"{day:%b %Y}" if not ticks else f"{day:%b}")
            ticks.append((float(day.toordinal()), label))
    return ticks


def date_axis(edges: Sequence[dt.date], label: str = "", margin: float = 0.0) -> Axis:
    first, last = edges[0], edges[-1]
    span = (last - first).days
    return Axis(first.toordinal() - span * margin, last.toordinal() + span * margin,
                date_ticks(first, last), label)


def _days(edges: Sequence[dt.date]) -> list[float]:
    return [float(day.toordinal()) for day in edges]


def _centres(edges: Sequence[dt.date]) -> list[float]:
    x = _days(edges)
    return [(a + b) / 2 for a, b in zip(x, x[1:])]


# --- shared pieces ------------------------------------------------------------------------------


def _empty(title: str, name: str, colors: ChartColors) -> Picture:
    """The chart's empty state: its title, and what to log to fill it."""
    return Picture([Panel(title, Axis(0, 1), Axis(0, 1), message=EMPTY[name], grid="")], colors)


def _stacked(edges: list[dt.date], layers: list[Layer], unit: str, colors: ChartColors,
             other: Layer | None = None) -> tuple[list[Band], list[Key], list[float]]:
    """Stacked bands, one step per bin, other on top in a light tint; and the top of the stack."""
    x = _days(edges)
    base = [0.0] * (len(edges) - 1)
    bands, keys = [], []
    fills = [PALETTE[n % len(PALETTE)] for n in range(len(layers))]
    for layer, fill in zip([*layers, *([other] if other else [])], [*fills, colors.other]):
        top = [b + float(v) for b, v in zip(base, layer.values)]

        def describe(i: int, layer=layer) -> str:
            return f"{layer.label}: {layer.values[i]:g} {unit} — {period_text(edges[i], edges[i + 1])}"

        bands.append(Band(x, base, top, fill, short(layer.label), describe))
        keys.append(Key(short(layer.label), fill))
        base = top
    return bands, keys, base


def _point_text(label: str, values: Sequence[float | None], edges: list[dt.date], i: int,
                unit: str, ending: bool = False) -> str | None:
    if values[i] is None:
        return None
    when = f"28 days to {day_text(edges[i + 1] - DAY)}" if ending else period_text(edges[i], edges[i + 1])
    return f"{label}: {values[i]:.1f} {unit} — {when}"


# --- the seven charts ---------------------------------------------------------------------------


def application_frequency(series: FrequencySeries, colors: ChartColors) -> Picture:
    """Chart 1: applications per week, stacked by skill, with the 4-week mean and both rates."""
    title = f"Application frequency — {series.scope_label}"
    if series.empty:
        return _empty(title, "frequency", colors)
    edges = series.edges
    bands, keys, top = _stacked(edges, series.layers, "applications", colors, series.other)
    days = (series.previous_window.end - series.previous_window.start).days + 1
    mean = Line(_centres(edges), list(series.rolling_mean), colors.text, "4-week mean",
                lambda i: _point_text("4-week mean", series.rolling_mean, edges, i, "/ week", ending=True), width=1.6)
    now = Rule(series.rate, colors.text, f"this window: {series.rate:.1f} / week",
               f"This window: {series.rate:.2f} applications per week")
    before = Rule(series.previous_rate, colors.muted, f"previous {days} days: {series.previous_rate:.1f} / week",
                  f"Previous {days} days: {series.previous_rate:.2f} applications per week", style="dot", width=1.4)
    highest = max([*top, *series.rolling_mean, series.rate, series.previous_rate, 1.0])
    keys += [Key(mean.label, colors.text, "line"), Key(now.label, colors.text, "dash"),
             Key(before.label, colors.muted, "dot")]
    panel = Panel(title, date_axis(edges, "week"), value_axis(highest, "applications per week"),
                  [*bands, mean, now, before], keys)
    return Picture([panel], colors)


def teaching_capacity(series: TeachingSeries, colors: ChartColors) -> Picture:
    """Chart 2: teaching events per month by format, the mean rating and the audience reached."""
    title = "Teaching capacity — events per month by format"
    if series.empty:
        return _empty(title, "teaching", colors)
    bands, keys, top = _stacked(series.edges, series.layers, "events", colors)

    def describe(i: int) -> str | None:
        text = _point_text("Mean rating", series.mean_rating, series.edges, i, "/ 5")
        return text and f"{text} · audience {series.audience[i]}"

    rating = Line(_centres(series.edges), list(series.mean_rating), colors.text, "mean rating", describe,
                  width=1.2, marker="circle", size=3.5, right=True)
    keys.append(Key("mean rating", colors.text, "circle"))
    right = Axis(0, 5.4, [(float(n), str(n)) for n in range(6)], "mean rating (1–5)")
    summary = (f"{series.events} events · {series.total_audience} people reached\n"
               f"mean rating {format_value(series.overall_rating, 'rating')}")
    panel = Panel(title, date_axis(series.edges, "month"), value_axis(max(top, default=1), "events per month"),
                  [*bands, rating], keys, key_title=summary, right=right)
    return Picture([panel], colors)


def practice_calendar(series: CalendarSeries, colors: ChartColors) -> Picture:
    """Chart 3: hours of practice per week of the window, and below it a year of days shaded by
    the journal entries, applications and teaching logged."""
    if series.empty:
        return _empty("Practice — hours per week and activities per day", "calendar", colors)
    return Picture([_practice_hours(series, colors), _day_grid(series, colors)], colors)


def _practice_hours(series: CalendarSeries, colors: ChartColors) -> Panel:
    hours = [m / 60 for m in series.week_minutes]
    edges = series.week_edges

    def describe(i: int) -> str:
        return f"Practice: {minutes_text(series.week_minutes[i])} — {period_text(edges[i], edges[i + 1])}"

    band = Band(_days(edges), [0.0] * len(hours), hours, PALETTE[2], "practice", describe)
    return Panel("Practice — hours per week from the journal", date_axis(edges, "week"),
                 value_axis(max(hours, default=1), "practice hours", whole=False), [band],
                 [Key("practice", PALETTE[2])], key_title=f"{minutes_text(sum(series.week_minutes))} in all",
                 share=1.5)


def _day_grid(series: CalendarSeries, colors: ChartColors) -> Panel:
    """A year of days, shaded by how much was logged on each: one column per week, Monday on top."""
    columns = len(series.grid[0])
    most = max([1.0, *(float(v) for row in series.grid for v in row if v is not None)])

    def describe(weekday: int, week: int) -> str | None:
        value = series.grid[weekday][week]
        day = series.first_monday + dt.timedelta(days=7 * week + weekday)
        return None if value is None else f"{day:%a} {day_text(day)}: {value} logged"

    starts = [series.first_monday + dt.timedelta(days=7 * w) for w in range(columns)]
    months = [(float(w), f"{d:%b}" if d.month != 1 else f"{d:%b %Y}")
              for w, d in enumerate(starts) if w == 0 or d.month != starts[w - 1].month]
    levels = sorted({0, *(round(most * k / 3) for k in (1, 2, 3))})
    keys = [Key(str(level), colors.calendar_shade(level / most)) for level in levels]
    return Panel(f"Practice calendar — activities per day, year to {day_text(series.end)}",
                 Axis(-0.5, columns - 0.5, months, "month (one column per week)"),
                 Axis(6.5, -0.5, [(0.0, "Mon"), (2.0, "Wed"), (4.0, "Fri")]),
                 [Cells(series.grid, most, describe)], keys, key_title="logged per day", keys_below=True, grid="",
                 frame=False)


def learn_apply_latency(series: LatencySeries, colors: ChartColors) -> Picture:
    """Chart 4: how many days skills waited between learning and their first application."""
    title = "Learn → apply latency"
    if series.empty:
        return _empty(title, "latency", colors)
    edges = series.bin_edges
    last = len(series.counts) - 1

    def describe(i: int) -> str | None:
        names = series.names[i]
        low, high = edges[i] + (0 if i == 0 else 1), edges[i + 1]
        when = f"more than {edges[-2]}" if i == last else f"{low}–{high}"
        return names and (f"{len(names)} applied {when} days after learning: "
                          + ", ".join(names[:6]) + (" …" if len(names) > 6 else ""))

    bars = Bars([float(e) for e in edges[:-1]], [float(b - a) for a, b in zip(edges, edges[1:])],
                [float(c) for c in series.counts], PALETTE[0], "skills, by days to first use", describe,
                hatched_last=True)
    within = Rule(float(series.within_days), PALETTE[3], f"{series.within_days} days",
                  f"{series.within_days} days from learning", vertical=True, width=1.2)
    ticks = [(float(e), str(e)) for e in edges[:-1:2]] + [((edges[-2] + edges[-1]) / 2, "more")]
    applied = len(series.latencies)
    summary = (f"{format_value(series.within_share, 'share')} applied within {series.within_days} days\n"
               f"(of the {applied + len(series.not_applied)} skills decided)\n"
               f"{applied} applied · {len(series.not_applied)} not applied\n"
               f"{len(series.pending)} pending: learned in the\nlast {series.within_days} days, not applied yet")
    panel = Panel(title, Axis(0, float(edges[-1]), ticks, "days from learning to first application"),
                  value_axis(max(series.counts, default=1), "skills"), [bars, within],
                  [Key(bars.label, PALETTE[0]), Key(within.label, PALETTE[3], "dash")], key_title=summary)
    return Picture([panel], colors)


def tier_progression(series: TierSeries, colors: ChartColors) -> Picture:
    """Chart 5: when each skill reached Applied and Mastery, and promotions per quarter."""
    title = "Tier progression — promotions in this window"
    if series.empty:
        return _empty(title, "tiers", colors)
    row = {name: index for index, name in enumerate(series.rows)}
    x_axis = date_axis(series.quarter_edges, "date", margin=0.03)  # a promotion on the last day stays whole
    marks, keys = [], []
    for tier, marker, size in ((Tier.APPLIED, "circle", 6), (Tier.MASTERY, "star", 11)):
        chosen = [p for p in series.promotions if p.tier is tier]
        marks.append(Line([float(p.date.toordinal()) for p in chosen], [float(row[p.skill]) for p in chosen],
                          TIER_COLORS[tier], f"reached {tier.label}",
                          lambda i, c=chosen: f"{c[i].skill} reached {c[i].tier.label} on {day_text(c[i].date)}",
                          style="", marker=marker, size=size))
        keys.append(Key(f"reached {tier.label}", TIER_COLORS[tier], marker))
    rows = Axis(-0.7, len(series.rows) - 0.3, [(float(n), short(name)) for n, name in enumerate(series.rows)],
                "skill")
    timeline = Panel(title, Axis(x_axis.low, x_axis.high), rows, marks, keys,
                     key_title=f"+{series.hidden_rows} more promoted earlier" if series.hidden_rows else "", share=3)
    quarters = Bars(_days(series.quarter_edges[:-1]),
                    [float((b - a).days) for a, b in zip(series.quarter_edges, series.quarter_edges[1:])],
                    [float(n) for n in series.quarter_counts], PALETTE[4], "promotions per quarter",
                    lambda i: f"{series.quarter_counts[i]} promotions — "
                              f"{period_text(series.quarter_edges[i], series.quarter_edges[i + 1])}")
    top = max(series.quarter_counts, default=1)
    per_quarter = Panel("", x_axis, value_axis(top, "per quarter", most=3), [quarters],
                        [Key(quarters.label, PALETTE[4])], share=1.1)
    return Picture([timeline, per_quarter], colors, shared_x=True)


def role_readiness(series: ReadinessSeries, colors: ChartColors) -> Picture:
    """Chart 6: readiness per target role over time, and the gaps that remain."""
    title = "Role readiness"
    if series.empty:
        return _empty(title, "readiness", colors)
    x = _days(series.dates)
    role_colors, lines, keys = {}, [], []
    for index, role in enumerate(series.roles):
        role_colors[role.label] = PALETTE[index % len(PALETTE)]
        label = f"{short(role.label)} ({format_value(role.values[-1], 'share')})"
        lines.append(Line(x, [None if v is None else v * 100 for v in role.values], role_colors[role.label], label,
                          lambda i, role=role: f"{role.label}: {format_value(role.values[i], 'share')} ready "
                                               f"on {day_text(series.dates[i])}", width=2))
        keys.append(Key(label, role_colors[role.label], "line"))
    x_axis = date_axis(series.dates, "date") if len(x) > 1 else Axis(x[0] - 1, x[0] + 1, [(x[0], day_text(series.dates[0]))], "date")
    percent = Axis(0, 105, [(float(t), str(t)) for t in range(0, 101, 20)], "readiness (%)")
    readiness = Panel(title, x_axis, percent, lines, keys, keys_below=True, share=1.6)
    return Picture([readiness, _gap_panel(series, role_colors, colors)], colors, side_by_side=True)


def _gap_panel(series: ReadinessSeries, role_colors: dict[str, str], colors: ChartColors) -> Panel:
    """The requirements not met: a bar from the tier held to the tier required, in the role's colour."""
    tiers = Axis(0.6, 3.4, [(float(t.ordinal), t.label) for t in TIER_ORDER], "tier")
    if not series.gaps:
        return Panel("Gaps now", tiers, Axis(0, 1), message="No gaps: every\nrequirement is met.", grid="",
                     small_title=True)
    gaps = series.gaps
    y = [float(len(gaps) - 1 - n) for n in range(len(gaps))]
    held = [float(g.held.ordinal) for g in gaps]
    required = [float(g.required.ordinal) for g in gaps]

    def describe(i: int) -> str:
        gap = gaps[i]
        return f"{gap.skill} ({gap.role}): holds {gap.held.label}, needs {gap.required.label}"

    marks = [Spans(y, held, required, [role_colors[g.role] for g in gaps]),
             Line(held, y, colors.muted, "tier held", describe, style="", marker="circle", size=7),
             Line(required, y, colors.text, "tier required", describe, style="", marker="diamond", size=6)]
    rows = len(gaps)
    skills = Axis(rows - max(rows, GAP_ROWS_SHOWN) - 0.7, rows - 0.3,  # few gaps sit at the top
                  [(value, short(g.skill)) for value, g in zip(y, gaps)])
    more = f"+{series.hidden_gaps} more gaps" if series.hidden_gaps else ""
    return Panel("Gaps now", tiers, skills, marks,
                 [Key("tier held", colors.muted, "circle"), Key("tier required", colors.text, "diamond")],
                 key_title=more, keys_below=True, labels_right=True, grid="x", small_title=True, frame=False)


def community(series: CommunitySeries, colors: ChartColors) -> Picture:
    """Chart 7: interactions per month by kind, contacts by relationship, resilience and ideas."""
    title = "Community — interactions by kind"
    if series.empty:
        return _empty(title, "community", colors)
    if series.layers:
        bands, keys, top = _stacked(series.edges, series.layers, "interactions", colors)
        interactions = Panel(title, date_axis(series.edges, "month"),
                             value_axis(max(top, default=1), "interactions per month"), bands, keys,
                             keys_below=True, share=2.3)
    else:
        interactions = Panel(title, Axis(0, 1), Axis(0, 1), grid="", share=2.3,
                             message="No interactions in this window.\nLog each conversation with a contact.")
    return Picture([interactions, _relationship_panel(series, colors)], colors, side_by_side=True)


def _relationship_panel(series: CommunitySeries, colors: ChartColors) -> Panel:
    names = series.relationships
    y = [float(len(names) - 1 - n) for n in range(len(names))]
    bars = Bars([v - 0.3 for v in y], [0.6] * len(y), [float(n) for _, n in names], PALETTE[2], "contacts",
                lambda i: f"{names[i][1]} contacts: {names[i][0]}", horizontal=True)
    most = max((n for _, n in names), default=1)
    counts = value_axis(most, "contacts", most=4)
    summary = (f"Network resilience: {format_value(series.network_resilience, 'share')}\n"
               f"Ideas applied: {format_value(series.ideas_applied_share, 'share')} of {series.ideas}")
    return Panel("Contacts by relationship", counts,
                 Axis(-0.7, len(names) - 0.3, [(v, name) for v, (name, _) in zip(y, names)]),
                 [bars], note=summary, labels_right=True, grid="x", small_title=True)


PLOTS: dict[str, Callable[[object, ChartColors], Picture]] = {
    "frequency": application_frequency,
    "teaching": teaching_capacity,
    "calendar": practice_calendar,
    "latency": learn_apply_latency,
    "tiers": tier_progression,
    "readiness": role_readiness,
    "community": community,
}

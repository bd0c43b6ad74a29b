"""The Insights charts: each function takes a series and a matplotlib Axes and only draws.

The Insights tab and the PDF report draw with the same functions. A chart that needs a second
panel splits the grid cell of the Axes it was given, so any layout engine can place both.
Artists that show values carry a `hover_text(x, y, details)` function; `hover_text` finds it.
Charts draw in LIGHT colours (paper) unless `draw_chart` gives their figure others, such as the
app's dark palette.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib import dates as mdates
from matplotlib import rcParams
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, same_color, to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Patch, StepPatch
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from masterydesk.domain.records import TIER_ORDER, Tier
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
from masterydesk.services.figures import day_text, format_value, minutes_text

PALETTE = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3", "#CCB974", "#64B5CD")
TITLE_SIZE = 10
LABEL_SIZE = 8.5
SMALL_SIZE = 7.5
NAME_LENGTH = 26
GAP_ROWS_SHOWN = 8
READABLE = 4.5  # the least contrast of text with its background (WCAG AA)
# Days with more logged are darker greens on a light background and brighter ones on a dark one.
LIGHT_GREENS = ("#9BE9A8", "#40C463", "#216E39")
DARK_GREENS = ("#006D32", "#26A641", "#39D353")
TIER_COLORS = {Tier.FOUNDATION: "#B8B8B8", Tier.APPLIED: "#4C72B0", Tier.MASTERY: "#D4A017"}
HOVER = "hover_text"
COLORS = "chart_colors"  # the figure attribute holding the ChartColors its charts draw in
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class ChartColors:
    """The colours of everything in a chart but its series: background, text, quiet marks."""

    background: str = "#FFFFFF"
    text: str = "#222222"  # titles and labels, and the lines that sum up (means, rates, ratings)
    muted: str = "#666666"  # secondary lines and messages, still readable on the background
    grid: str = "#E6E6E6"
    other: str = "#EBEBEB"  # the "Other skills" band: a light tint behind the skills, never a dominant grey
    calendar: tuple[str, ...] = ("#E4E7EB", *LIGHT_GREENS)  # a day with nothing logged, then more and more

    @classmethod
    def on(cls, background: str, text: str) -> ChartColors:
        """Colours for a screen whose palette puts text on background, light or dark."""
        dark = luminance(background) < luminance(text)
        return cls(background=to_hex(background), text=to_hex(text), muted=_readable_mix(text, background),
                   grid=_mix(text, background, 0.16 if dark else 0.10),
                   other=_mix(text, background, 0.13 if dark else 0.08),
                   calendar=(_mix(text, background, 0.12), *(DARK_GREENS if dark else LIGHT_GREENS)))

    def calendar_map(self) -> LinearSegmentedColormap:
        """The practice calendar's shades; days outside the year take the background."""
        return LinearSegmentedColormap.from_list("practice", self.calendar).with_extremes(bad=self.background)


LIGHT = ChartColors()


def luminance(color: str) -> float:
    """The relative luminance of a colour (WCAG 2): 0 for black, 1 for white."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(color)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(one: str, other: str) -> float:
    """The contrast ratio of two colours (WCAG 2), from 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _mix(color: str, background: str, share: float) -> str:
    """share of color laid over background."""
    return to_hex([share * c + (1 - share) * b for c, b in zip(to_rgb(color), to_rgb(background))])


def _readable_mix(text: str, background: str) -> str:
    """The quietest mix of text into background that stays readable (the text itself if none is)."""
    for share in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
        muted = _mix(text, background, share)
        if contrast(muted, background) >= READABLE:
            return muted
    return to_hex(text)


EMPTY = {
    "frequency": "No applications in this window yet.\n"
                 "Log each use of a skill in real work (Quick log → Application, Ctrl+L).",
    "teaching": "No teaching in this window yet.\n"
                "Log each time you mentor, review, present or write about a skill (Quick log → Teaching).",
    "calendar": "Nothing logged in this year yet.\n"
                "Write a journal entry, or log an application or a teaching event.",
    "latency": "No skill in scope was started in this window.\n"
               "Set the date you started learning each skill on the Skill Map, then log its applications.",
    "tiers": "No skill reached Applied or Mastery in this window.\n"
             "Log reviewed applications to reach Applied; rated teaching and a novel-context use for Mastery.",
    "readiness": "No target roles yet.\n"
                 "Add a role and the skills it requires, at the tier it requires, on the Career tab.",
    "community": "No contacts or interactions yet.\n"
                 "Add your mentors and peers on the Community tab and log each conversation with them.",
}


# --- colours ------------------------------------------------------------------------------


def draw_chart(figure: Figure, draw: Callable[[Axes], None] | None, colors: ChartColors = LIGHT) -> None:
    """Draw draw(axes) on a new Axes of an empty figure, all in colors."""
    setattr(figure, COLORS, colors)
    figure.set_facecolor(colors.background)
    if draw is None:
        return
    draw(figure.add_subplot())
    _paint(figure, colors)


def _colors(ax: Axes) -> ChartColors:
    return getattr(ax.get_figure(root=True), COLORS, LIGHT)


def _paint(figure: Figure, colors: ChartColors) -> None:
    """Give the frames, ticks and text that kept matplotlib's defaults the figure's colours."""
    for ax in figure.axes:
        ax.set_facecolor(colors.background)
        for spine in ax.spines.values():
            spine.set_edgecolor(colors.muted)
        ax.tick_params(which="both", color=colors.muted, labelcolor=colors.text)
    for legend in figure.findobj(Legend):
        legend.get_frame().set_facecolor(colors.background)
        legend.get_frame().set_edgecolor(colors.grid)
    default = rcParams["text.color"]
    for text in figure.findobj(Text):  # titles, axis and legend labels: the colours a chart chose stay
        if same_color(text.get_color(), default):
            text.set_color(colors.text)


# --- shared drawing helpers ---------------------------------------------------------------


def _title(ax: Axes, text: str) -> None:
    ax.set_title(text, fontsize=TITLE_SIZE, loc="left", fontweight="bold")


def _labels(ax: Axes, x: str, y: str) -> None:
    ax.set_xlabel(x, fontsize=LABEL_SIZE)
    ax.set_ylabel(y, fontsize=LABEL_SIZE)
    ax.tick_params(labelsize=SMALL_SIZE)


def _frame(ax: Axes) -> None:
    """Light frame: the data, not the box, carries the eye."""
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color=_colors(ax).grid, linewidth=0.8)
    ax.set_axisbelow(True)


def _begin(series, ax: Axes, title: str, empty: str) -> bool:
    """Title a chart; for an empty series draw the empty state with EMPTY[empty] instead, and say False."""
    if series.empty:
        _empty(ax, title, EMPTY[empty])
        return False
    _title(ax, title)
    return True


def _empty(ax: Axes, title: str, message: str) -> None:
    """The empty state: the title, and what to log to fill the chart."""
    _title(ax, title)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes,
            fontsize=LABEL_SIZE, color=_colors(ax).muted, wrap=True)


def _legend(ax: Axes, handles: Sequence[Artist] | None = None, title: str | None = None) -> None:
    """A legend beside the plot, where it hides no data."""
    handles = handles if handles is not None else ax.get_legend_handles_labels()[0]
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=SMALL_SIZE,
                       title=title, title_fontsize=SMALL_SIZE, frameon=False, borderaxespad=0.0)
    legend._legend_box.align = "left"


def _short(name: str) -> str:
    return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1] + "…"


def _hover(artist: Artist, describe: Callable[[float, float, dict], str | None]) -> Artist:
    setattr(artist, HOVER, describe)
    return artist


def _hover_point(artist: Artist, describe: Callable[[int], str | None]) -> Artist:
    """Hover text for the marker under the mouse, described by its index in the plotted data."""

    def text(_x, _y, details: dict) -> str | None:
        indexes = details.get("ind", [])
        return describe(int(indexes[0])) if len(indexes) else None

    return _hover(artist, text)


def period_text(start: dt.date, stop: dt.date) -> str:
    """A bin [start, stop) as people say it: 'March 2025', 'Q1 2025' or '3 Mar 2025 – 9 Mar 2025'."""
    whole_month = start.day == 1 and stop.day == 1
    months = (stop.year - start.year) * 12 + stop.month - start.month
    if whole_month and months == 1:
        return f"{start:%B %Y}"
    if whole_month and months == 3 and start.month % 3 == 1:
        return f"Q{start.month // 3 + 1} {start.year}"
    return f"{day_text(start)} – {day_text(stop - DAY)}"


def _date_axis(ax: Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _bin_at(edges: np.ndarray, x: float) -> int | None:
    index = int(np.searchsorted(edges, x, side="right")) - 1
    return index if 0 <= index < len(edges) - 1 else None


def _stacked_steps(ax: Axes, edges: list[dt.date], layers: list[Layer], unit: str,
                   other: Layer | None = None) -> np.ndarray:
    """Stacked bands, one step per bin, other on top in a light tint; returns the top of the stack."""
    x = mdates.date2num(edges)
    base = np.zeros(len(edges) - 1)
    colors = _colors(ax)
    fills = [PALETTE[index % len(PALETTE)] for index in range(len(layers))]
    for layer, fill in zip([*layers, *([other] if other else [])], [*fills, colors.other]):
        values = np.asarray(layer.values, dtype=float)
        patch = StepPatch(base + values, x, baseline=base.copy(), fill=True, linewidth=0,
                          color=fill, label=_short(layer.label))
        # add_artist, not stairs(): stairs updates the data limits segment by segment in Python,
        # which costs a third of a second on ten years of weeks; the limits are set once below.
        ax.add_artist(patch)

        def describe(px, _py, _details, layer=layer):
            i = _bin_at(x, px)
            if i is None:
                return None
            return f"{layer.label}: {layer.values[i]:g} {unit} — {period_text(edges[i], edges[i + 1])}"

        _hover(patch, describe)
        base = base + values
    ax.update_datalim([(x[0], 0.0), (x[-1], float(base.max(initial=0.0)))])
    ax.autoscale_view()
    ax.set_xlim(x[0], x[-1])
    return base


def _centres(edges: list[dt.date]) -> np.ndarray:
    x = mdates.date2num(edges)
    return (x[:-1] + x[1:]) / 2


def _split(ax: Axes, ratios: tuple[float, float], *, vertical: bool = False, sharex: bool = False) -> Axes:
    """Give ax the first part of its grid cell; return a new Axes in the second part."""
    spec = ax.get_subplotspec()
    if vertical:
        cells = spec.subgridspec(2, 1, height_ratios=ratios, hspace=0.05)
    else:
        cells = spec.subgridspec(1, 2, width_ratios=ratios, wspace=0.05)
    ax.set_subplotspec(cells[0])
    return ax.figure.add_subplot(cells[1], sharex=ax if sharex else None)


def hover_text(figure: Figure, x: float, y: float) -> str | None:
    """What the chart shows at display point (x, y) in pixels: a value, with its label and date."""
    from matplotlib.backend_bases import MouseEvent

    event = MouseEvent("motion_notify_event", figure.canvas, x, y)
    for ax in reversed(figure.axes):
        if not ax.bbox.contains(x, y):
            continue
        data_x, data_y = ax.transData.inverted().transform((x, y))
        for artist in reversed(ax.get_children()):
            describe = getattr(artist, HOVER, None)
            if describe is None:
                continue
            hit, details = artist.contains(event)
            text = describe(data_x, data_y, details) if hit else None
            if text:
                return text
    return None


# --- the seven charts ---------------------------------------------------------------------


def application_frequency(series: FrequencySeries, ax: Axes) -> None:
    """Chart 1: applications per week, stacked by skill, with the 4-week mean and both rates."""
    if not _begin(series, ax, f"Application frequency — {series.scope_label}", "frequency"):
        return
    _stacked_steps(ax, series.edges, series.layers, "applications", series.other)
    edges = series.edges
    colors = _colors(ax)
    (mean_line,) = ax.plot(_centres(edges), series.rolling_mean, color=colors.text, linewidth=1.6, label="4-week mean")
    _hover_point(mean_line, lambda i: _point_text("4-week mean", series.rolling_mean, edges, i, "/ week", ending=True))
    days = (series.previous_window.end - series.previous_window.start).days + 1
    now = ax.axhline(series.rate, color=colors.text, linestyle="--", linewidth=1, label=f"this window: {series.rate:.1f} / week")
    before = ax.axhline(series.previous_rate, color=colors.muted, linestyle=":", linewidth=1.4,
                        label=f"previous {days} days: {series.previous_rate:.1f} / week")
    _hover(now, lambda *_: f"This window: {series.rate:.2f} applications per week")
    _hover(before, lambda *_: f"Previous {days} days: {series.previous_rate:.2f} applications per week")
    _date_axis(ax)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _labels(ax, "week", "applications per week")
    _frame(ax)
    _legend(ax)


def _practice_minutes(series: CalendarSeries, ax: Axes) -> None:
    """Hours of journal practice per week of the window."""
    hours = [m / 60 for m in series.week_minutes]
    x = mdates.date2num(series.week_edges)
    patch = StepPatch(hours, x, fill=True, linewidth=0, color=PALETTE[2], label="practice")
    ax.add_artist(patch)

    def describe(px, _py, _details):
        i = _bin_at(x, px)
        if i is None:
            return None
        return f"Practice: {minutes_text(series.week_minutes[i])} — {period_text(series.week_edges[i], series.week_edges[i + 1])}"

    _hover(patch, describe)
    ax.update_datalim([(x[0], 0.0), (x[-1], max(hours, default=0.0))])
    ax.autoscale_view()
    ax.set_xlim(x[0], x[-1])
    total = sum(series.week_minutes)
    _title(ax, "Practice — hours per week from the journal")
    _date_axis(ax)
    _labels(ax, "week", "practice hours")
    _frame(ax)
    _legend(ax, title=f"{minutes_text(total)} in all")


def _point_text(label: str, values: Sequence[float | None], edges: list[dt.date], i: int,
                unit: str, ending: bool = False) -> str | None:
    if values[i] is None:
        return None
    when = f"28 days to {day_text(edges[i + 1] - DAY)}" if ending else period_text(edges[i], edges[i + 1])
    return f"{label}: {values[i]:.1f} {unit} — {when}"


def teaching_capacity(series: TeachingSeries, ax: Axes) -> None:
    """Chart 2: teaching events per month by format, the mean rating and the audience reached."""
    if not _begin(series, ax, "Teaching capacity — events per month by format", "teaching"):
        return
    _stacked_steps(ax, series.edges, series.layers, "events")
    _date_axis(ax)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _labels(ax, "month", "teaching events per month")
    _frame(ax)
    rating_ax = ax.twinx()
    ratings = [np.nan if v is None else v for v in series.mean_rating]
    (line,) = rating_ax.plot(_centres(series.edges), ratings, color=_colors(ax).text, marker="o", markersize=3.5,
                             linewidth=1.2, label="mean rating")

    def describe(i):
        text = _point_text("Mean rating", series.mean_rating, series.edges, i, "/ 5")
        return text and f"{text} · audience {series.audience[i]}"

    _hover_point(line, describe)
    rating_ax.set_ylim(0, 5.4)
    rating_ax.set_ylabel("mean rating (1–5)", fontsize=LABEL_SIZE)
    rating_ax.tick_params(labelsize=SMALL_SIZE)
    rating_ax.spines[["top"]].set_visible(False)
    summary = (f"{series.events} events · {series.total_audience} people reached\n"
               f"mean rating {format_value(series.overall_rating, 'rating')}")
    handles = ax.get_legend_handles_labels()[0] + [line]
    legend = rating_ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.12, 1.0), fontsize=SMALL_SIZE,
                              title=summary, title_fontsize=SMALL_SIZE, frameon=False, borderaxespad=0.0)
    legend._legend_box.align = "left"


def practice_calendar(series: CalendarSeries, ax: Axes) -> None:
    """Chart 3: hours of practice per week of the window, and below it a year of days shaded by
    the journal entries, applications and teaching logged."""
    title = f"Practice calendar — activities per day, year to {day_text(series.end)}"
    if series.empty:
        return _empty(ax, "Practice — hours per week and activities per day", EMPTY["calendar"])
    _practice_minutes(series, ax)
    _day_grid(series, _split(ax, (1.0, 1.0), vertical=True), title)


def _day_grid(series: CalendarSeries, ax: Axes, title: str) -> None:
    """A year of days, shaded by how much was logged on each."""
    _title(ax, title)
    grid = np.ma.masked_invalid(np.array([[np.nan if v is None else v for v in row] for row in series.grid], dtype=float))
    image = ax.imshow(grid, cmap=_colors(ax).calendar_map(), aspect="equal", interpolation="nearest",
                      vmin=0, vmax=max(1.0, float(grid.max())))

    def describe(x, y, _details):
        week, weekday = int(round(x)), int(round(y))
        if not (0 <= week < len(series.grid[0]) and 0 <= weekday < 7):
            return None
        value = series.grid[weekday][week]
        day = series.first_monday + dt.timedelta(days=7 * week + weekday)
        return None if value is None else f"{day:%a} {day_text(day)}: {value} logged"

    _hover(image, describe)
    ax.set_yticks([0, 2, 4], ["Mon", "Wed", "Fri"])
    starts = [series.first_monday + dt.timedelta(days=7 * w) for w in range(len(series.grid[0]))]
    months = [(w, d) for w, d in enumerate(starts) if w == 0 or d.month != starts[w - 1].month]
    ax.set_xticks([w for w, _ in months], [f"{d:%b}" if d.month != 1 else f"{d:%b %Y}" for _, d in months])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.tick_params(length=0)
    _labels(ax, "month (one column per week)", "weekday")
    _calendar_key(ax, image, float(grid.max()))


def _calendar_key(ax: Axes, image, most: float) -> None:
    """A 'less … more' key of a few shades beside the grid (a colour bar would span the whole height)."""
    levels = sorted({0, *(round(most * k / 3) for k in (1, 2, 3))})
    handles = [Patch(facecolor=image.cmap(image.norm(level)), edgecolor="none", label=str(level)) for level in levels]
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=SMALL_SIZE,
                       title="logged per day", title_fontsize=SMALL_SIZE, frameon=False, borderaxespad=0.0,
                       handlelength=1.0, handleheight=1.0)
    legend._legend_box.align = "left"


def learn_apply_latency(series: LatencySeries, ax: Axes) -> None:
    """Chart 4: how many days skills waited between learning and their first application."""
    if not _begin(series, ax, "Learn → apply latency", "latency"):
        return
    edges = series.bin_edges
    bars = ax.bar(edges[:-1], series.counts, width=np.diff(edges), align="edge", color=PALETTE[0],
                  edgecolor=_colors(ax).background, label="skills, by days to first use")
    bars[-1].set_hatch("///")  # the last bin gathers every later first use
    for index, (bar, names) in enumerate(zip(bars, series.names)):
        low, high = edges[index] + (0 if index == 0 else 1), edges[index + 1]
        when = f"more than {edges[-2]}" if index == len(bars) - 1 else f"{low}–{high}"
        _hover(bar, lambda *_, n=names, w=when: n and f"{len(n)} applied {w} days after learning: "
               + ", ".join(n[:6]) + (" …" if len(n) > 6 else ""))
    ax.set_xticks([*edges[:-1:2], (edges[-2] + edges[-1]) / 2], [*map(str, edges[:-1:2]), "more"])
    ax.axvline(series.within_days, color=PALETTE[3], linestyle="--", linewidth=1.2, label=f"{series.within_days} days")
    ax.set_xlim(0, edges[-1])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _labels(ax, "days from learning to first application", "skills")
    _frame(ax)
    applied = len(series.latencies)
    summary = (f"{format_value(series.within_share, 'share')} applied within {series.within_days} days\n"
               f"(of the {applied + len(series.not_applied)} skills decided)\n"
               f"{applied} applied · {len(series.not_applied)} not applied\n"
               f"{len(series.pending)} pending: learned in the\nlast {series.within_days} days, not applied yet")
    _legend(ax, title=summary)


def tier_progression(series: TierSeries, ax: Axes) -> None:
    """Chart 5: when each skill reached Applied and Mastery, and promotions per quarter."""
    if not _begin(series, ax, "Tier progression — promotions in this window", "tiers"):
        return
    lower = _split(ax, (3, 1.1), vertical=True, sharex=True)
    row = {name: index for index, name in enumerate(series.rows)}
    for tier, marker, size in ((Tier.APPLIED, "o", 6), (Tier.MASTERY, "*", 11)):
        chosen = [p for p in series.promotions if p.tier is tier]
        (line,) = ax.plot([p.date for p in chosen], [row[p.skill] for p in chosen], linestyle="none",
                          marker=marker, markersize=size, color=TIER_COLORS[tier], label=f"reached {tier.label}")
        _hover_point(line, lambda i, c=chosen: _promotion_text(c[i]))
    ax.set_yticks(range(len(series.rows)), [_short(n) for n in series.rows])
    ax.set_ylim(-0.7, len(series.rows) - 0.3)
    ax.tick_params(labelbottom=False, labelsize=SMALL_SIZE)
    ax.set_ylabel("skill", fontsize=LABEL_SIZE)
    ax.grid(axis="y", color=_colors(ax).grid, linewidth=0.8)
    ax.spines[["top", "right"]].set_visible(False)
    hidden = f"+{series.hidden_rows} more promoted earlier" if series.hidden_rows else None
    _legend(ax, title=hidden)
    x = mdates.date2num(series.quarter_edges)
    bars = lower.bar(x[:-1], series.quarter_counts, width=np.diff(x), align="edge", color=PALETTE[4],
                     edgecolor=_colors(ax).background, label="promotions per quarter")
    for index, bar in enumerate(bars):
        when = period_text(series.quarter_edges[index], series.quarter_edges[index + 1])
        _hover(bar, lambda *_, n=series.quarter_counts[index], w=when: f"{n} promotions — {w}")
    margin = (x[-1] - x[0]) * 0.03  # keeps a promotion on the window's last day fully visible
    lower.set_xlim(x[0] - margin, x[-1] + margin)
    lower.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=3))
    _date_axis(lower)
    _labels(lower, "date", "per quarter")
    _frame(lower)


def _promotion_text(p) -> str:
    return f"{p.skill} reached {p.tier.label} on {day_text(p.date)}"


def role_readiness(series: ReadinessSeries, ax: Axes) -> None:
    """Chart 6: readiness per target role over time, and the gaps that remain."""
    if not _begin(series, ax, "Role readiness", "readiness"):
        return
    gaps_ax = _split(ax, (1.6, 1))
    x = mdates.date2num(series.dates)
    colors = {}
    for index, role in enumerate(series.roles):
        colors[role.label] = PALETTE[index % len(PALETTE)]
        percent = [np.nan if v is None else v * 100 for v in role.values]
        last = format_value(role.values[-1], "share")
        (line,) = ax.plot(x, percent, color=colors[role.label], linewidth=2, label=f"{_short(role.label)} ({last})")
        _hover_point(line, lambda i, role=role: _readiness_text(role, series.dates, i))
    ax.set_ylim(0, 105)
    if len(x) > 1:
        ax.set_xlim(x[0], x[-1])
    _date_axis(ax)
    _labels(ax, "date", "readiness (%)")
    _frame(ax)
    ax.legend(loc="lower right", fontsize=SMALL_SIZE, frameon=True, framealpha=0.9)
    _gap_bars(series, gaps_ax, colors)


def _readiness_text(role: Layer, dates: list[dt.date], i: int) -> str:
    return f"{role.label}: {format_value(role.values[i], 'share')} ready on {day_text(dates[i])}"


def _gap_text(gap) -> str:
    return f"{gap.skill} ({gap.role}): holds {gap.held.label}, needs {gap.required.label}"


def _gap_bars(series: ReadinessSeries, ax: Axes, colors: dict[str, str]) -> None:
    """The requirements not met: a bar from the tier held to the tier required, in the role's colour."""
    ax.set_title("Gaps now", fontsize=LABEL_SIZE, loc="left")
    theme = _colors(ax)
    if not series.gaps:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No gaps: every\nrequirement is met.", ha="center", va="center",
                transform=ax.transAxes, fontsize=LABEL_SIZE, color=theme.muted)
        return
    y = np.arange(len(series.gaps))[::-1]
    held = [g.held.ordinal for g in series.gaps]
    required = [g.required.ordinal for g in series.gaps]
    ax.hlines(y, held, required, colors=[colors[g.role] for g in series.gaps], linewidth=3, alpha=0.5)
    (held_marks,) = ax.plot(held, y, linestyle="none", marker="o", markersize=7, color=theme.muted, label="tier held")
    (required_marks,) = ax.plot(required, y, linestyle="none", marker="D", markersize=6, color=theme.text, label="tier required")
    for line in (held_marks, required_marks):
        _hover_point(line, lambda i: _gap_text(series.gaps[i]))
    ax.set_yticks(y, [_short(g.skill) for g in series.gaps])
    ax.yaxis.tick_right()
    ax.set_xticks([t.ordinal for t in TIER_ORDER], [t.label for t in TIER_ORDER])
    ax.set_xlim(0.6, 3.4)
    rows = len(series.gaps)
    ax.set_ylim(rows - max(rows, GAP_ROWS_SHOWN) - 0.7, rows - 0.3)  # few gaps sit at the top, not spread out
    ax.tick_params(labelsize=SMALL_SIZE, length=0)
    ax.set_xlabel("tier", fontsize=LABEL_SIZE)
    ax.grid(axis="x", color=theme.grid, linewidth=0.8)
    for spine in ax.spines.values():
        spine.set_visible(False)
    more = f"+{series.hidden_gaps} more gaps" if series.hidden_gaps else None
    legend = ax.legend(loc="upper left", bbox_to_anchor=(0, -0.16), ncols=2, fontsize=SMALL_SIZE, frameon=False,
                       title=more, title_fontsize=SMALL_SIZE, borderaxespad=0.0)
    legend._legend_box.align = "left"


def community(series: CommunitySeries, ax: Axes) -> None:
    """Chart 7: interactions per month by kind, contacts by relationship, resilience and ideas."""
    if not _begin(series, ax, "Community — interactions by kind", "community"):
        return
    contacts_ax = _split(ax, (2.3, 1))
    if series.layers:
        _stacked_steps(ax, series.edges, series.layers, "interactions")
        _date_axis(ax)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    else:
        ax.text(0.5, 0.5, "No interactions in this window.\nLog each conversation with a contact.",
                ha="center", va="center", transform=ax.transAxes, fontsize=LABEL_SIZE, color=_colors(ax).muted)
    _labels(ax, "month", "interactions per month")
    _frame(ax)
    if series.layers:
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.16), ncols=3, fontsize=SMALL_SIZE, frameon=False,
                  borderaxespad=0.0)
    _relationship_bars(series, contacts_ax)


def _relationship_bars(series: CommunitySeries, ax: Axes) -> None:
    ax.set_title("Contacts by relationship", fontsize=LABEL_SIZE, loc="left")
    y = np.arange(len(series.relationships))[::-1]
    bars = ax.barh(y, [n for _, n in series.relationships], color=PALETTE[2], height=0.6)
    for (name, count), bar in zip(series.relationships, bars):
        _hover(bar, lambda *_, n=name, c=count: f"{c} contacts: {n}")
    ax.set_yticks(y, [name for name, _ in series.relationships])
    ax.yaxis.tick_right()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    ax.tick_params(labelsize=SMALL_SIZE)
    ax.set_xlabel("contacts", fontsize=LABEL_SIZE)
    ax.spines[["top", "left"]].set_visible(False)
    summary = (f"Network resilience: {format_value(series.network_resilience, 'share')}\n"
               f"Ideas applied: {format_value(series.ideas_applied_share, 'share')} of {series.ideas}")
    ax.text(0, -0.16, summary, transform=ax.transAxes, va="top", fontsize=SMALL_SIZE)


CHARTS: dict[str, Callable] = {
    "frequency": application_frequency,
    "teaching": teaching_capacity,
    "calendar": practice_calendar,
    "latency": learn_apply_latency,
    "tiers": tier_progression,
    "readiness": role_readiness,
    "community": community,
}

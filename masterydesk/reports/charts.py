"""The coaching report's charts on paper: each function takes a series and a matplotlib Axes and only draws.

The Insights tab paints the same charts with Qt (reports.chart_plots); the PDF report draws these
three with matplotlib, in LIGHT colours. A chart that needs a second panel splits the grid cell of
the Axes it was given, so any layout engine can place both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
from matplotlib import dates as mdates
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.patches import StepPatch
from matplotlib.ticker import MaxNLocator

from masterydesk.domain.records import TIER_ORDER
from masterydesk.reports.chart_style import DAY, EMPTY, GAP_ROWS_SHOWN, LIGHT, PALETTE, period_text
from masterydesk.reports.chart_style import short as _short
from masterydesk.services.series import (
    FrequencySeries,
    Layer,
    ReadinessSeries,
    TeachingSeries,
)
from masterydesk.services.figures import day_text, format_value

TITLE_SIZE = 10
LABEL_SIZE = 8.5
SMALL_SIZE = 7.5


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
    ax.grid(axis="y", color=LIGHT.grid, linewidth=0.8)
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
            fontsize=LABEL_SIZE, color=LIGHT.muted, wrap=True)


def _legend(ax: Axes, handles: Sequence[Artist] | None = None, title: str | None = None) -> None:
    """A legend beside the plot, where it hides no data."""
    handles = handles if handles is not None else ax.get_legend_handles_labels()[0]
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=SMALL_SIZE,
                       title=title, title_fontsize=SMALL_SIZE, frameon=False, borderaxespad=0.0)
    legend._legend_box.align = "left"


def _date_axis(ax: Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _stacked_steps(ax: Axes, edges: list[dt.date], layers: list[Layer], unit: str,
                   other: Layer | None = None) -> np.ndarray:
    """Stacked bands, one step per bin, other on top in a light tint; returns the top of the stack."""
    x = mdates.date2num(edges)
    base = np.zeros(len(edges) - 1)
    colors = LIGHT
    fills = [PALETTE[index % len(PALETTE)] for index in range(len(layers))]
    for layer, fill in zip([*layers, *([other] if other else [])], [*fills, colors.other]):
        values = np.asarray(layer.values, dtype=float)
        patch = StepPatch(base + values, x, baseline=base.copy(), fill=True, linewidth=0,
                          color=fill, label=_short(layer.label))
        # add_artist, not stairs(): stairs updates the data limits segment by segment in Python,
        # which costs a third of a second on ten years of weeks; the limits are set once below.
        ax.add_artist(patch)

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


# --- the three charts of the report ---------------------------------------------------------------------


def application_frequency(series: FrequencySeries, ax: Axes) -> None:
    """Chart 1: applications per week, stacked by skill, with the 4-week mean and both rates."""
    if not _begin(series, ax, f"Application frequency — {series.scope_label}", "frequency"):
        return
    _stacked_steps(ax, series.edges, series.layers, "applications", series.other)
    edges = series.edges
    colors = LIGHT
    ax.plot(_centres(edges), series.rolling_mean, color=colors.text, linewidth=1.6, label="4-week mean")
    days = (series.previous_window.end - series.previous_window.start).days + 1
    ax.axhline(series.rate, color=colors.text, linestyle="--", linewidth=1, label=f"this window: {series.rate:.1f} / week")
    ax.axhline(series.previous_rate, color=colors.muted, linestyle=":", linewidth=1.4,
                        label=f"previous {days} days: {series.previous_rate:.1f} / week")
    _date_axis(ax)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _labels(ax, "week", "applications per week")
    _frame(ax)
    _legend(ax)


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
    (line,) = rating_ax.plot(_centres(series.edges), ratings, color=LIGHT.text, marker="o", markersize=3.5,
                             linewidth=1.2, label="mean rating")

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
        ax.plot(x, percent, color=colors[role.label], linewidth=2, label=f"{_short(role.label)} ({last})")
    ax.set_ylim(0, 105)
    if len(x) > 1:
        ax.set_xlim(x[0], x[-1])
    _date_axis(ax)
    _labels(ax, "date", "readiness (%)")
    _frame(ax)
    ax.legend(loc="lower right", fontsize=SMALL_SIZE, frameon=True, framealpha=0.9)
    _gap_bars(series, gaps_ax, colors)


def _gap_bars(series: ReadinessSeries, ax: Axes, colors: dict[str, str]) -> None:
    """The requirements not met: a bar from the tier held to the tier required, in the role's colour."""
    ax.set_title("Gaps now", fontsize=LABEL_SIZE, loc="left")
    theme = LIGHT
    if not series.gaps:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No gaps: every\nrequirement is met.", ha="center", va="center",
                transform=ax.transAxes, fontsize=LABEL_SIZE, color=theme.muted)
        return
    y = np.arange(len(series.gaps))[::-1]
    held = [g.held.ordinal for g in series.gaps]
    required = [g.required.ordinal for g in series.gaps]
    ax.hlines(y, held, required, colors=[colors[g.role] for g in series.gaps], linewidth=3, alpha=0.5)
    ax.plot(held, y, linestyle="none", marker="o", markersize=7, color=theme.muted, label="tier held")
    ax.plot(required, y, linestyle="none", marker="D", markersize=6, color=theme.text, label="tier required")
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

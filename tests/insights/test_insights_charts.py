"""Each chart draws its series: the artists hold the hand-computed values; empty journals say what to log."""

import dataclasses
import datetime as dt

import numpy as np
import pytest
from matplotlib import dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import StepPatch

from masterydesk.domain import records as r
from masterydesk.reports import charts
from masterydesk.services.editing import read_records, save_records
from masterydesk.services.insights import Scope, load_insights
from masterydesk.services.series import insights_series
from tests.insights.conftest import FOUR_WEEKS, TODAY

D = dt.date
MARCH = r.Window(D(2024, 3, 1), TODAY)
FEB_MARCH = r.Window(D(2024, 2, 1), TODAY)


def draw(name, series):
    """Draw one chart on a fresh figure, as the tab and the report do; return the figure."""
    figure = Figure(figsize=(8, 4.5), layout="constrained")
    FigureCanvasAgg(figure)
    charts.CHARTS[name](getattr(series, name), figure.add_subplot())
    figure.canvas.draw()
    return figure


def series_for(journal, window):
    return insights_series(load_insights(journal, TODAY), window)


def bands(ax):
    """{label: per-bin values} of the stacked step bands, with their bin edges."""
    found = {}
    for patch in ax.patches:
        if isinstance(patch, StepPatch):
            data = patch.get_data()
            found[patch.get_label()] = (list(data.values - data.baseline), list(data.edges))
    return found


def line(ax, label):
    return next(x for x in ax.lines if x.get_label() == label)


def days(*dates):
    return list(mdates.date2num(list(dates)))


def test_application_frequency(small):
    ax = draw("frequency", series_for(small, FOUR_WEEKS)).axes[0]
    edges = days(D(2024, 3, 4), D(2024, 3, 11), D(2024, 3, 18), D(2024, 3, 25), D(2024, 4, 1))
    assert bands(ax) == {"SQL": ([2, 1, 1, 0], edges), "Python": ([1, 0, 0, 1], edges)}
    mean = line(ax, "4-week mean")
    assert list(mean.get_ydata()) == [1.0, 1.25, 1.25, 1.5]
    assert list(mean.get_xdata()) == [(a + b) / 2 for a, b in zip(edges, edges[1:])]
    assert list(line(ax, "this window: 1.5 / week").get_ydata()) == [1.5, 1.5]
    assert list(line(ax, "previous 28 days: 0.2 / week").get_ydata()) == [0.25, 0.25]
    assert ax.get_ylabel() == "applications per week"


def test_teaching_capacity(small):
    ax, rating_ax = draw("teaching", series_for(small, FEB_MARCH)).axes
    edges = days(D(2024, 2, 1), D(2024, 3, 1), D(2024, 4, 1))
    assert bands(ax) == {"mentoring": ([0, 1], edges), "talk": ([0, 2], edges), "workshop": ([1, 0], edges)}
    assert list(line(rating_ax, "mean rating").get_ydata()) == [3.0, 4.5]
    assert rating_ax.get_legend().get_title().get_text() == "4 events · 19 people reached\nmean rating 4.0 / 5"


def test_practice_calendar(small):
    ax = draw("calendar", series_for(small, FOUR_WEEKS)).axes[1]
    grid = ax.images[0].get_array()
    assert grid.shape == (7, 53)
    # 2024-03-04 is the Monday of column 49 (the grid starts on Monday 2023-03-27); earlier days are blank.
    assert grid.mask[:, :49].all() and not grid.mask[:, 49:].any()
    expected = np.zeros((7, 4))
    for day, count in {D(2024, 3, 5): 4, D(2024, 3, 6): 1, D(2024, 3, 8): 1, D(2024, 3, 11): 1, D(2024, 3, 12): 1,
                       D(2024, 3, 15): 1, D(2024, 3, 20): 1, D(2024, 3, 26): 1, D(2024, 3, 28): 1}.items():
        offset = (day - D(2024, 3, 4)).days
        expected[offset % 7, offset // 7] = count
    assert grid[:, 49:].tolist() == expected.tolist()


def test_learn_apply_latency(small):
    ax = draw("latency", series_for(small, MARCH)).axes[0]
    assert [bar.get_height() for bar in ax.patches] == [1, 0, 0, 0, 0, 0, 0, 0, 0]
    assert [bar.get_x() for bar in ax.patches] == [0, 7, 14, 21, 28, 35, 42, 49, 56]
    assert list(line(ax, "14 days").get_xdata()) == [14, 14]
    assert ax.get_legend().get_title().get_text() == (
        "50 % applied within 14 days\n(of the 2 skills decided)\n1 applied · 1 not applied\n"
        "0 pending: learned in the\nlast 14 days, not applied yet")
    # On 20 March, Public speaking (learned on the 10th) still has four days: pending, not a failure.
    early = series_for(small, r.Window(D(2024, 3, 1), D(2024, 3, 20))).latency
    assert (early.within_share, early.not_applied, early.pending) == (1.0, [], ["Public speaking"])


def test_tier_progression(small):
    timeline, quarters = draw("tiers", series_for(small, r.Window(D(2024, 1, 1), D(2024, 6, 30)))).axes
    assert list(line(timeline, "reached Applied").get_xdata()) == [D(2024, 3, 12)]
    assert list(line(timeline, "reached Mastery").get_xdata()) == [D(2024, 3, 20)]
    assert [label.get_text() for label in timeline.get_yticklabels()] == ["SQL"]
    assert [bar.get_height() for bar in quarters.patches] == [2, 0]
    assert [bar.get_x() for bar in quarters.patches] == days(D(2024, 1, 1), D(2024, 4, 1))


def test_role_readiness(small):
    ax, gaps = draw("readiness", series_for(small, FOUR_WEEKS)).axes
    readiness = line(ax, "Data Lead (83 %)")
    # Before SQL reached Applied on 12 March: (2·½ + 1·½) / 3; after: (2·1 + 1·½) / 3.
    assert list(readiness.get_ydata()) == pytest.approx([50.0] * 8 + [250 / 3] * 20)
    assert list(readiness.get_xdata()) == days(*(D(2024, 3, 4) + dt.timedelta(days=n) for n in range(28)))
    assert list(line(gaps, "tier held").get_xdata()) == [1]
    assert list(line(gaps, "tier required").get_xdata()) == [2]
    assert [label.get_text() for label in gaps.get_yticklabels()] == ["Python"]


def test_community(small):
    ax, contacts = draw("community", series_for(small, FEB_MARCH)).axes
    edges = days(D(2024, 2, 1), D(2024, 3, 1), D(2024, 4, 1))
    assert bands(ax) == {"feedback": ([1, 1], edges), "meeting": ([0, 1], edges)}
    assert [bar.get_width() for bar in contacts.patches] == [1, 1, 1]
    assert [label.get_text() for label in contacts.get_yticklabels()] == ["mentor", "peer", "coach"]
    assert contacts.texts[0].get_text() == "Network resilience: 50 %\nIdeas applied: 50 % of 2"


@pytest.mark.parametrize("name", list(charts.CHARTS))
def test_an_empty_journal_says_what_to_log(journal, name):
    figure = draw(name, series_for(journal, FOUR_WEEKS))
    assert [t.get_text() for t in figure.axes[0].texts] == [charts.EMPTY[name]]
    assert figure.axes[0].get_title(loc="left")


def test_hovering_shows_the_value_under_the_pointer(small):
    figure = draw("frequency", series_for(small, FOUR_WEEKS))
    ax = figure.axes[0]
    mean = line(ax, "4-week mean")
    x, y = ax.transData.transform((mean.get_xdata()[0], mean.get_ydata()[0]))
    assert charts.hover_text(figure, x, y) == "4-week mean: 1.0 / week — 28 days to 10 Mar 2024"
    x, y = ax.transData.transform((mdates.date2num(D(2024, 3, 6)), 1.8))
    assert charts.hover_text(figure, x, y) == "SQL: 2 applications — 4 Mar 2024 – 10 Mar 2024"
    assert charts.hover_text(figure, 1, 1) is None


def test_practice_hours_per_week_above_the_calendar(small):
    practice = draw("calendar", series_for(small, FOUR_WEEKS)).axes[0]
    edges = days(D(2024, 3, 4), D(2024, 3, 11), D(2024, 3, 18), D(2024, 3, 25), D(2024, 4, 1))
    # e1 (30 min) and the private e2 (no minutes) on 5 March; e3 (20 min) on the 11th.
    assert bands(practice) == {"practice": ([0.5, pytest.approx(1 / 3), 0, 0], edges)}
    assert practice.get_legend().get_title().get_text() == "50 min in all"
    python_only = insights_series(load_insights(small, TODAY), FOUR_WEEKS, Scope("skill", "py")).calendar
    assert python_only.week_minutes == [0, 20, 0, 0]


def test_readiness_is_drawn_from_the_day_the_role_was_added(small):
    role = read_records(small, "roles", ["r1"]).roles[0]
    save_records(small, dataclasses.replace(role, created_on=D(2024, 3, 12)))
    readiness = line(draw("readiness", series_for(small, FOUR_WEEKS)).axes[0], "Data Lead (83 %)")
    values = list(readiness.get_ydata())
    assert all(np.isnan(v) for v in values[:8]) and values[8:] == pytest.approx([250 / 3] * 20)

"""The report's charts draw their series: the artists hold the hand-computed values; empty journals say what to log."""

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
from masterydesk.reports.chart_style import EMPTY
from masterydesk.services.editing import read_records, save_records
from masterydesk.services.insights import load_insights
from masterydesk.services.series import insights_series
from tests.insights.conftest import FOUR_WEEKS, TODAY

D = dt.date
MARCH = r.Window(D(2024, 3, 1), TODAY)
FEB_MARCH = r.Window(D(2024, 2, 1), TODAY)


REPORT_CHARTS = {"frequency": charts.application_frequency, "teaching": charts.teaching_capacity,
                 "readiness": charts.role_readiness}


def draw(name, series):
    """Draw one chart on a fresh figure, as the report does; return the figure."""
    figure = Figure(figsize=(8, 4.5), layout="constrained")
    FigureCanvasAgg(figure)
    REPORT_CHARTS[name](getattr(series, name), figure.add_subplot())
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


def test_role_readiness(small):
    ax, gaps = draw("readiness", series_for(small, FOUR_WEEKS)).axes
    readiness = line(ax, "Data Lead (83 %)")
    # Before SQL reached Applied on 12 March: (2·½ + 1·½) / 3; after: (2·1 + 1·½) / 3.
    assert list(readiness.get_ydata()) == pytest.approx([50.0] * 8 + [250 / 3] * 20)
    assert list(readiness.get_xdata()) == days(*(D(2024, 3, 4) + dt.timedelta(days=n) for n in range(28)))
    assert list(line(gaps, "tier held").get_xdata()) == [1]
    assert list(line(gaps, "tier required").get_xdata()) == [2]
    assert [label.get_text() for label in gaps.get_yticklabels()] == ["Python"]


def test_readiness_is_drawn_from_the_day_the_role_was_added(small):
    role = read_records(small, "roles", ["r1"]).roles[0]
    save_records(small, dataclasses.replace(role, created_on=D(2024, 3, 12)))
    readiness = line(draw("readiness", series_for(small, FOUR_WEEKS)).axes[0], "Data Lead (83 %)")
    values = list(readiness.get_ydata())
    assert all(np.isnan(v) for v in values[:8]) and values[8:] == pytest.approx([250 / 3] * 20)


@pytest.mark.parametrize("name", list(REPORT_CHARTS))
def test_an_empty_journal_says_what_to_log(journal, name):
    figure = draw(name, series_for(journal, FOUR_WEEKS))
    assert [t.get_text() for t in figure.axes[0].texts] == [EMPTY[name]]
    assert figure.axes[0].get_title(loc="left")

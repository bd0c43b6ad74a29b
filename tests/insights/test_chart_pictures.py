"""The charts the Insights tab paints: each picture holds the hand-computed values of its series,
empty journals say what to log, and hovering over the painted chart names what is under the pointer."""

import dataclasses
from io import BytesIO
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPointF, QSize
from PySide6.QtGui import QFont, QImage

from masterydesk.domain import records as r
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.reports.chart_plots import PLOTS, Bars, Band, Cells, Line, Rule, date_ticks, nice_ticks
from masterydesk.reports.chart_style import EMPTY, LIGHT
from masterydesk.services.editing import read_records, save_records
from masterydesk.services.insights import Scope, load_insights
from masterydesk.services.series import insights_series
from masterydesk.ui.widgets.chart_canvas import ChartCanvas
from masterydesk.ui.widgets.plot_painter import picture_bytes
from tests.insights.conftest import FOUR_WEEKS, TODAY

D = dt.date
ROOT = Path(__file__).parents[2]
MARCH = r.Window(D(2024, 3, 1), TODAY)
FEB_MARCH = r.Window(D(2024, 2, 1), TODAY)


def series_for(journal, window, scope=None):
    data = load_insights(journal, TODAY)
    return insights_series(data, window, scope) if scope else insights_series(data, window)


def picture(journal, name, window):
    return PLOTS[name](getattr(series_for(journal, window), name), LIGHT)


def marks(panel, kind):
    return [mark for mark in panel.marks if isinstance(mark, kind)]


def bands(panel):
    """{label: (per-bin values, bin edges)} of the stacked bands."""
    return {b.label: ([t - low for t, low in zip(b.top, b.bottom)], b.edges) for b in marks(panel, Band)}


def line(panel, label):
    return next(mark for mark in marks(panel, Line) if mark.label == label)


def days(*dates):
    return [float(day.toordinal()) for day in dates]


def test_application_frequency(small):
    (panel,) = picture(small, "frequency", FOUR_WEEKS).panels
    edges = days(D(2024, 3, 4), D(2024, 3, 11), D(2024, 3, 18), D(2024, 3, 25), D(2024, 4, 1))
    assert bands(panel) == {"SQL": ([2, 1, 1, 0], edges), "Python": ([1, 0, 0, 1], edges)}
    mean = line(panel, "4-week mean")
    assert mean.y == [1.0, 1.25, 1.25, 1.5]
    assert mean.x == [(a + b) / 2 for a, b in zip(edges, edges[1:])]
    assert {rule.label: rule.at for rule in marks(panel, Rule)} == {
        "this window: 1.5 / week": 1.5, "previous 28 days: 0.2 / week": 0.25}
    assert panel.y.label == "applications per week"
    assert [key.label for key in panel.keys] == ["SQL", "Python", "4-week mean", "this window: 1.5 / week",
                                                 "previous 28 days: 0.2 / week"]


def test_teaching_capacity(small):
    (panel,) = picture(small, "teaching", FEB_MARCH).panels
    edges = days(D(2024, 2, 1), D(2024, 3, 1), D(2024, 4, 1))
    assert bands(panel) == {"mentoring": ([0, 1], edges), "talk": ([0, 2], edges), "workshop": ([1, 0], edges)}
    rating = line(panel, "mean rating")
    assert rating.y == [3.0, 4.5] and rating.right and panel.right.high == 5.4
    assert panel.key_title == "4 events · 19 people reached\nmean rating 4.0 / 5"


def test_practice_calendar(small):
    hours, grid = picture(small, "calendar", FOUR_WEEKS).panels
    edges = days(D(2024, 3, 4), D(2024, 3, 11), D(2024, 3, 18), D(2024, 3, 25), D(2024, 4, 1))
    # e1 (30 min) and the private e2 (no minutes) on 5 March; e3 (20 min) on the 11th.
    assert bands(hours) == {"practice": ([0.5, pytest.approx(1 / 3), 0, 0], edges)}
    assert hours.key_title == "50 min in all"
    (cells,) = marks(grid, Cells)
    assert (len(cells.values), len(cells.values[0])) == (7, 53)
    # 2024-03-04 is the Monday of column 49 (the grid starts on Monday 2023-03-27); earlier days are blank.
    assert all(value is None for row in cells.values for value in row[:49])
    expected = [[0] * 4 for _ in range(7)]
    for day, count in {D(2024, 3, 5): 4, D(2024, 3, 6): 1, D(2024, 3, 8): 1, D(2024, 3, 11): 1, D(2024, 3, 12): 1,
                       D(2024, 3, 15): 1, D(2024, 3, 20): 1, D(2024, 3, 26): 1, D(2024, 3, 28): 1}.items():
        offset = (day - D(2024, 3, 4)).days
        expected[offset % 7][offset // 7] = count
    assert [row[49:] for row in cells.values] == expected
    assert cells.describe(1, 49) == "Tue 5 Mar 2024: 4 logged"


def test_learn_apply_latency(small):
    (panel,) = picture(small, "latency", MARCH).panels
    (bars,) = marks(panel, Bars)
    assert bars.length == [1, 0, 0, 0, 0, 0, 0, 0, 0]
    assert bars.start == [0, 7, 14, 21, 28, 35, 42, 49, 56] and bars.hatched_last
    assert [(rule.at, rule.vertical) for rule in marks(panel, Rule)] == [(14, True)]
    assert panel.key_title == ("50 % applied within 14 days\n(of the 2 skills decided)\n1 applied · 1 not applied\n"
                               "0 pending: learned in the\nlast 14 days, not applied yet")
    # On 20 March, Public speaking (learned on the 10th) still has four days: pending, not a failure.
    early = series_for(small, r.Window(D(2024, 3, 1), D(2024, 3, 20))).latency
    assert (early.within_share, early.not_applied, early.pending) == (1.0, [], ["Public speaking"])


def test_tier_progression(small):
    drawn = picture(small, "tiers", r.Window(D(2024, 1, 1), D(2024, 6, 30)))
    timeline, quarters = drawn.panels
    assert drawn.shared_x
    assert line(timeline, "reached Applied").x == days(D(2024, 3, 12))
    assert line(timeline, "reached Mastery").x == days(D(2024, 3, 20))
    assert [text for _, text in timeline.y.ticks] == ["SQL"]
    (bars,) = marks(quarters, Bars)
    assert bars.length == [2, 0] and bars.start == days(D(2024, 1, 1), D(2024, 4, 1))


def test_role_readiness(small):
    readiness, gaps = picture(small, "readiness", FOUR_WEEKS).panels
    data_lead = line(readiness, "Data Lead (83 %)")
    # Before SQL reached Applied on 12 March: (2·½ + 1·½) / 3; after: (2·1 + 1·½) / 3.
    assert data_lead.y == pytest.approx([50.0] * 8 + [250 / 3] * 20)
    assert data_lead.x == days(*(D(2024, 3, 4) + dt.timedelta(days=n) for n in range(28)))
    assert line(gaps, "tier held").x == [1] and line(gaps, "tier required").x == [2]
    assert [text for _, text in gaps.y.ticks] == ["Python"]


def test_community(small):
    interactions, contacts = picture(small, "community", FEB_MARCH).panels
    edges = days(D(2024, 2, 1), D(2024, 3, 1), D(2024, 4, 1))
    assert bands(interactions) == {"feedback": ([1, 1], edges), "meeting": ([0, 1], edges)}
    (bars,) = marks(contacts, Bars)
    assert bars.length == [1, 1, 1] and bars.horizontal
    assert [text for _, text in contacts.y.ticks] == ["mentor", "peer", "coach"]
    assert contacts.note == "Network resilience: 50 %\nIdeas applied: 50 % of 2"


@pytest.mark.parametrize("name", list(PLOTS))
def test_an_empty_journal_says_what_to_log(journal, name):
    (panel,) = picture(journal, name, FOUR_WEEKS).panels
    assert panel.message == EMPTY[name] and panel.title


def test_readiness_is_drawn_from_the_day_the_role_was_added(small):
    role = read_records(small, "roles", ["r1"]).roles[0]
    save_records(small, dataclasses.replace(role, created_on=D(2024, 3, 12)))
    values = line(picture(small, "readiness", FOUR_WEEKS).panels[0], "Data Lead (83 %)").y
    assert values[:8] == [None] * 8 and values[8:] == pytest.approx([250 / 3] * 20)


def test_practice_of_one_skill(small):
    python_only = series_for(small, FOUR_WEEKS, Scope("skill", "py")).calendar
    assert python_only.week_minutes == [0, 20, 0, 0]


def test_round_ticks():
    assert nice_ticks(0, 7.35, whole=True) == [0, 2, 4, 6]
    assert nice_ticks(0, 105) == [0, 25, 50, 75, 100]
    assert nice_ticks(0, 1.05, whole=True) == [0, 1]
    assert nice_ticks(0, 0.6) == [0, 0.2, 0.4, 0.6]
    weeks = date_ticks(D(2024, 3, 4), D(2024, 4, 1))
    assert weeks == [(float(D(2024, 3, 4 + 7 * n).toordinal()), f"{4 + 7 * n} Mar" + (" 2024" if n == 0 else ""))
                     for n in range(4)] + [(float(D(2024, 4, 1).toordinal()), "1 Apr")]
    yearly = date_ticks(D(2015, 1, 5), D(2025, 1, 6))
    assert [text for _, text in yearly] == ["2016", "2018", "2020", "2022", "2024"]
    months = date_ticks(D(2025, 12, 8), D(2026, 12, 7))
    assert [text for _, text in months] == ["2026", "Mar", "May", "Jul", "Sep", "Nov"]
    # A window starting on the 1st has its tick there, and the first tick says the year.
    half = date_ticks(D(2024, 3, 1), D(2024, 8, 31))
    assert [text for _, text in half] == ["Mar 2024", "Apr", "May", "Jun", "Jul", "Aug"]
    assert half[0][0] == D(2024, 3, 1).toordinal()


def shown_canvas(qtbot, build):
    canvas = ChartCanvas("frequency")
    qtbot.addWidget(canvas)
    canvas.resize(900, 500)
    canvas.set_plot(build)
    canvas.show()
    canvas.grab()  # painted: where each panel's plot went is known
    return canvas


def test_hovering_names_the_value_under_the_pointer(qtbot, small):
    series = series_for(small, FOUR_WEEKS).frequency
    canvas = shown_canvas(qtbot, lambda colors: PLOTS["frequency"](series, colors))
    (placed,) = canvas._places
    mean = line(placed.panel, "4-week mean")
    at = QPointF(placed.px(mean.x[0]), placed.py(mean.y[0]))
    assert canvas.text_at(at.x(), at.y()) == "4-week mean: 1.0 / week — 28 days to 10 Mar 2024"
    sql = QPointF(placed.px(D(2024, 3, 6).toordinal()), placed.py(1.8))
    assert canvas.text_at(sql.x(), sql.y()) == "SQL: 2 applications — 4 Mar 2024 – 10 Mar 2024"
    assert canvas.text_at(1, 1) is None


PAINT_EVERY_CHART = """
import datetime as dt, pathlib, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from masterydesk.domain import records as r
from masterydesk.reports.chart_plots import PLOTS
from masterydesk.services.demo import create_demo_journal
from masterydesk.services.insights import load_insights
from masterydesk.services.series import insights_series
from masterydesk.store.database import open_journal
from masterydesk.ui.widgets.chart_canvas import ChartCanvas
folder = pathlib.Path(sys.argv[1])
create_demo_journal(folder / "demo.sqlite")
journal = open_journal(folder / "demo.sqlite")
today = dt.date.today()
series = insights_series(load_insights(journal, today), r.Window(today - dt.timedelta(days=364), today))
for name, build in PLOTS.items():
    canvas = ChartCanvas(name)
    canvas.resize(700, 420)
    canvas.set_plot(lambda colors, build=build, part=getattr(series, name): build(part, colors))
    for suffix in (".png", ".svg", ".pdf"):
        canvas.save(folder / (name + suffix))
    assert not canvas.picture.panels[0].message, name  # the demo journal has something to draw in each
print("matplotlib" in sys.modules, "numpy" in sys.modules)
"""


def test_painting_every_chart_of_the_demo_journal_loads_neither_matplotlib_nor_numpy(tmp_path):
    result = subprocess.run([sys.executable, "-c", PAINT_EVERY_CHART, str(tmp_path)], capture_output=True, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-2:] == ["False", "False"]  # neither is needed to read, compute or paint
    assert sorted(p.stem for p in tmp_path.glob("*.png")) == sorted(PLOTS)
    for name in PLOTS:
        image = QImage(str(tmp_path / f"{name}.png"))
        assert (image.width(), image.height()) == (1400, 840)  # twice the pixels shown
        assert len({image.pixel(x, y) for x in range(0, 1400, 7) for y in range(0, 840, 7)}) > 8  # drawn, not blank
        assert (tmp_path / f"{name}.svg").read_bytes().startswith(b"<?xml")
        page = PdfReader(tmp_path / f"{name}.pdf").pages[0]
        assert (round(page.mediabox.width), round(page.mediabox.height)) == (525, 315)  # 700 x 420 px at 96 dpi
        assert page.extract_text().strip()  # the axes' text is text, not pixels


def test_a_chart_with_nothing_to_draw_yet_is_not_saved(qtbot, tmp_path):
    canvas = ChartCanvas("frequency")
    qtbot.addWidget(canvas)
    with pytest.raises(MasteryDeskError, match="still being read"):
        canvas.save(tmp_path / "chart.png")
    assert list(tmp_path.iterdir()) == []


def test_a_pdf_takes_the_room_the_screen_gave_its_text(qtbot, small):
    drawn = PLOTS["frequency"](series_for(small, FOUR_WEEKS).frequency, LIGHT)
    for dpi, points in ((96, (675, 375)), (72, (900, 500))):
        data = picture_bytes(drawn, QSize(900, 500), QFont(), "pdf", dpi)
        page = PdfReader(BytesIO(data)).pages[0]
        assert (round(page.mediabox.width), round(page.mediabox.height)) == points

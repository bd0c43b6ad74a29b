"""The Insights tab driven like a person would: pick a window and a scope, check in, write the report."""

import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt

from masterydesk.reports.chart_plots import Band
from masterydesk.services.changes import Changes
from masterydesk.services.checkins import past_checkins
from masterydesk.services.editing import save_records
from masterydesk.ui.insights import InsightsTab
from masterydesk.ui.session import JournalSession
from tests.builders import app, read_file
from tests.insights.conftest import PRIVATE_TEXT, TODAY

ROOT = Path(__file__).parents[2]


def make_tab(qtbot, journal):
    tab = InsightsTab(today=TODAY)
    qtbot.addWidget(tab)
    session = JournalSession(journal)
    session.sig_changed.connect(tab.on_changes)  # as the main window connects every tab
    tab.set_session(session)
    tab.resize(1200, 760)
    tab.show()
    # The tab builds its content on first show; the visible chart draws once it is shown too.
    qtbot.waitUntil(lambda: "frequency" in tab.charts and tab.charts["frequency"].picture is not None)
    return tab


def band_totals(canvas) -> dict[str, float]:
    """{label: sum over bins} of the stacked bands a chart shows now."""
    return {mark.label: float(sum(t - b for t, b in zip(mark.top, mark.bottom)))
            for mark in canvas.picture.panels[0].marks if isinstance(mark, Band)}


def pick(combo, text):
    combo.setCurrentIndex(combo.findText(text))


def test_importing_the_tab_loads_neither_matplotlib_nor_the_charts():
    code = ("import sys, masterydesk.ui.insights; "
            "print('matplotlib' in sys.modules, 'masterydesk.reports' in sys.modules, 'numpy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False", "False"]


def test_the_tab_reads_its_journal_off_the_ui_thread_and_says_so_meanwhile(qtbot, small):
    tab = InsightsTab(today=TODAY)
    qtbot.addWidget(tab)
    tab.set_session(JournalSession(small))
    tab.show()
    assert tab.data is None and tab.reads.busy()  # shown at once; the journal is being read
    assert not tab.reading_label.isHidden() and tab.reading_label.text() == "Reading the journal…"
    frequency = tab.charts["frequency"]
    assert frequency.picture is None  # nothing to draw yet
    assert not frequency.waiting.isHidden() and frequency.waiting.text() == "Reading the journal…"
    qtbot.waitUntil(lambda: frequency.picture is not None)
    assert tab.data is not None and tab.reading_label.isHidden() and frequency.waiting.isHidden()
    assert band_totals(tab.charts["frequency"]) == {"SQL": 4, "Python": 3}


def test_the_window_and_scope_pickers_redraw_the_charts(qtbot, small):
    tab = make_tab(qtbot, small)
    frequency = tab.charts["frequency"]
    assert tab.window_choice.currentText() == "All time"  # the journal is younger than a year
    assert band_totals(frequency) == {"SQL": 4, "Python": 3}
    with qtbot.waitSignal(frequency.sig_drawn):
        pick(tab.window_choice, "Last 4 weeks")
        assert tab.series_reads.busy()  # the series are computed off the UI thread
        assert band_totals(frequency) == {"SQL": 4, "Python": 3}  # the chart stays as it was meanwhile
        assert not any(card.isEnabled() for card in tab.cards.values())  # the cards' figures greyed
    assert band_totals(frequency) == {"SQL": 4, "Python": 2}
    assert all(card.isEnabled() for card in tab.cards.values())
    assert tab.cards["Applications per week"].value.text() == "1.5 / week"
    with qtbot.waitSignal(frequency.sig_drawn):
        pick(tab.scope_kind, "One skill")
    assert tab.scope_value.isVisible()
    with qtbot.waitSignal(frequency.sig_drawn):
        pick(tab.scope_value, "Python")
    assert band_totals(frequency) == {"Python": 2}
    with qtbot.waitSignal(frequency.sig_drawn):
        pick(tab.scope_kind, "One category")
    assert [tab.scope_value.itemText(i) for i in range(tab.scope_value.count())] == ["Technical", "Social", "Strategic"]
    assert band_totals(frequency) == {"SQL": 4, "Python": 2}


def test_custom_dates_pick_any_window(qtbot, small):
    tab = make_tab(qtbot, small)
    frequency = tab.charts["frequency"]
    pick(tab.window_choice, "Custom dates")
    assert tab.from_date.isEnabled()
    with qtbot.waitSignal(frequency.sig_drawn):
        tab.from_date.setDate(QDate(2024, 3, 18))
    assert tab.series.window.start.isoformat() == "2024-03-18"
    assert band_totals(frequency) == {"SQL": 1, "Python": 1}
    tab.from_date.setDate(QDate(2024, 4, 5))
    assert tab.window_error.text() == "The window starts after it ends."


def test_hidden_charts_are_drawn_when_their_page_is_shown(qtbot, small):
    tab = make_tab(qtbot, small)
    teaching = tab.charts["teaching"]
    assert teaching.picture is None  # never shown yet: not even built
    with qtbot.waitSignal(teaching.sig_drawn):
        tab.chart_tabs.setCurrentWidget(teaching)
    assert band_totals(teaching) == {"mentoring": 1, "talk": 2, "workshop": 1}


def test_changes_refresh_only_what_they_affect(qtbot, small):
    tab = make_tab(qtbot, small)
    data = tab.data
    tab.on_changes(Changes.of("communities"))
    assert tab.data is data
    changes = save_records(small, app("a8", "py", TODAY))
    with qtbot.waitSignal(tab.charts["frequency"].sig_drawn):
        tab.on_changes(changes)
    assert band_totals(tab.charts["frequency"]) == {"SQL": 4, "Python": 4}


def test_an_empty_journal_shows_what_to_log(qtbot, journal):
    from masterydesk.reports.chart_style import EMPTY

    tab = make_tab(qtbot, journal)
    assert [panel.message for panel in tab.charts["frequency"].picture.panels] == [EMPTY["frequency"]]
    tab.set_journal(None)
    assert tab.pages.currentWidget() is tab.no_journal


def test_each_chart_saves_as_png_svg_and_pdf(qtbot, small, tmp_path):
    tab = make_tab(qtbot, small)
    canvas = tab.charts["frequency"]
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")):
        target = tmp_path / f"chart{suffix}"
        canvas.save(target)
        assert target.read_bytes().startswith(magic)


def test_a_checkin_is_saved_with_its_figures_and_reopens_with_them(qtbot, small, journal_path):
    tab = make_tab(qtbot, small)
    tab.start_checkin()
    dialog = tab.checkin_dialog
    assert dialog.table.item(0, 0).text() == "Applications" and dialog.table.item(0, 1).text() == "6"
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.error.text().startswith("Write what is working")
    qtbot.keyClicks(dialog.working, "Teaching at the guild")
    qtbot.keyClicks(dialog.adjust, "Ask Sam for a review")
    with qtbot.waitSignal(tab.session.sig_changed):
        qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    saved = checkins_in_file(journal_path)[0]
    assert (saved.checkin.working, saved.checkin.adjust) == ("Teaching at the guild", "Ask Sam for a review")
    assert saved.figures == dialog.figures
    qtbot.waitUntil(lambda: tab.checkin_list.count() == 2)  # the tab reads the journal again off the UI thread
    tab._on_checkin_list_activated(tab.checkin_list.item(0))
    shown = tab.checkin_view.table
    assert [shown.item(row, 0).text() for row in range(shown.rowCount())] == [m.label for m in saved.figures.items]
    assert shown.item(0, 3).text() == "+5"


def checkins_in_file(path):
    return read_file(path, past_checkins)


def test_saving_a_checkin_can_be_undone_and_redone_with_its_figures(qtbot, small, journal_path):
    tab = make_tab(qtbot, small)
    tab.start_checkin()
    qtbot.keyClicks(tab.checkin_dialog.working, "Pairing on Fridays")
    qtbot.mouseClick(tab.checkin_dialog.save_button(), Qt.MouseButton.LeftButton)
    saved = checkins_in_file(journal_path)
    assert tab.session.undo_stack.undoText() == "Save check-in"
    tab.session.undo_stack.undo()
    assert checkins_in_file(journal_path) == saved[1:]
    assert tab.checkin_list.count() == 1
    tab.session.undo_stack.redo()
    assert checkins_in_file(journal_path) == saved  # the same check-in, figures and all
    qtbot.waitUntil(lambda: tab.checkin_list.count() == 2)  # the tab reads the journal again off the UI thread


def test_the_report_dialog_previews_then_writes_the_pdf(qtbot, small, tmp_path):
    tab = make_tab(qtbot, small)
    pick(tab.window_choice, "Last 4 weeks")
    qtbot.mouseClick(tab.report_button, Qt.MouseButton.LeftButton)
    dialog = tab.report_dialog
    preview = dialog.preview.toPlainText()
    assert preview.startswith("Coaching report — 4 Mar 2024 – 31 Mar 2024")
    assert PRIVATE_TEXT not in preview
    out = tmp_path / "coach.pdf"
    assert dialog.write_to(out) == 2
    assert len(PdfReader(out).pages) == 2
    assert dialog.status.text() == f"Wrote the coaching report (2 pages) to {out}."


def test_the_save_button_saves_the_chart_shown_in_the_format_picked(qtbot, small, tmp_path, monkeypatch):
    from masterydesk.ui.widgets import chart_canvas

    tab = make_tab(qtbot, small)
    # Qt's own file dialog stands in for the user's choice: a name without suffix, SVG picked.
    monkeypatch.setattr(chart_canvas.QFileDialog, "getSaveFileName",
                        lambda *args: (str(tmp_path / "frequency"), "SVG image (*.svg)"))
    qtbot.mouseClick(tab.save_chart_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "frequency.svg").read_bytes().startswith(b"<?xml")


def test_a_hidden_tab_reads_the_journal_again_only_when_shown(qtbot, small):
    tab = make_tab(qtbot, small)
    data = tab.data
    tab.hide()
    tab.on_changes(save_records(small, app("a9", "py", TODAY)))
    assert tab.data is data  # nothing read while hidden
    qtbot.wait(100)
    assert tab.data is data and not tab.reads.busy()  # nor asked for
    tab.show()
    qtbot.waitUntil(lambda: tab.data is not data)  # read off the UI thread
    assert len(tab.data.bundle.applications) == len(data.bundle.applications) + 1


def test_the_headline_figures_of_a_row_stay_in_line_when_a_caption_wraps(qtbot, small):
    tab = make_tab(qtbot, small)
    tab.resize(760, 760)  # narrow: some captions take three lines, their neighbours two
    qtbot.waitUntil(lambda: tab.width() == 760)
    cards = list(tab.cards.values())
    for row in (cards[:5], cards[5:]):
        assert len({card.caption.height() for card in row}) > 1  # the captions differ
        # Where each figure is drawn: its label's box (the text is centred in it).
        assert len({(card.value.y(), card.value.height()) for card in row}) == 1, [card.label for card in row]

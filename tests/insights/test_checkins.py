"""A check-in shows what changed since the last one and keeps the figures it showed."""

import datetime as dt
import sqlite3

import pytest

from masterydesk.domain import records as r
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.services.checkins import CheckInFigures, past_checkins, save_checkin, start_checkin
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from tests.insights.conftest import FOUR_WEEKS, TODAY

D = dt.date


def test_the_figures_are_the_changes_since_the_last_checkin(small):
    figures = start_checkin(small, TODAY)
    assert figures.period == FOUR_WEEKS  # the day after the check-in of 3 March, to today
    assert figures.previous == r.Window(D(2024, 2, 5), D(2024, 3, 3))
    values = {m.label: (m.value, m.previous) for m in figures.items}
    readiness = values.pop("Readiness: Data Lead")
    assert readiness == (pytest.approx(5 / 6), 0.5)
    assert values == {
        "Applications": (6, 1),
        "Teaching events": (3, 1),
        "Tier promotions": (2, 0),
        "Practice time": (50, 0),  # e1 30 minutes, e2 none, e3 20
        "Skills at risk": (0, 0),
        "People met": (2, 1),  # c1 on 7 March and c2 on the 21st; c2 on 15 February before
        # c1's follow-up (1 March) was answered by the meeting of 7 March; c2's (25 March) is overdue.
        "Follow-ups overdue": (1, 1),
        "Ideas applied": (1, 0),
    }
    assert [m.change_text() for m in figures.items[:3]] == ["+5", "+2", "+2"]


def test_a_first_checkin_looks_back_thirty_days(journal):
    figures = start_checkin(journal, TODAY)
    assert figures.period == r.Window(D(2024, 3, 2), TODAY)


def test_a_saved_checkin_keeps_the_figures_it_showed(small, journal_path):
    figures = start_checkin(small, TODAY)
    checkin, changes = save_checkin(small, figures, " Daily practice ", "More reviews")
    assert changes.affects("checkins") and checkin.id in changes.ids
    reopened = open_journal(journal_path, read_only=True)
    try:
        saved = past_checkins(reopened)
        exported = export_bundle(reopened).checkins
    finally:
        reopened.close()
    assert [s.checkin.id for s in saved] == [checkin.id, "ck1"]  # newest first
    assert saved[0].checkin == r.CheckIn(checkin.id, TODAY, "Daily practice", "More reviews")
    assert saved[0].figures == figures
    assert saved[1].figures is None  # imported: no figures were shown
    assert checkin in exported  # the portable format keeps the check-in, without the figures
    raw = sqlite3.connect(journal_path).execute("SELECT figures FROM checkins WHERE id = ?", (checkin.id,)).fetchone()[0]
    assert CheckInFigures.from_json(raw) == figures


def test_an_empty_checkin_is_refused_and_nothing_is_saved(small):
    with pytest.raises(MasteryDeskError, match="what is working or what to adjust"):
        save_checkin(small, start_checkin(small, TODAY), "  ", "")
    assert [s.checkin.id for s in past_checkins(small)] == ["ck1"]


def test_a_check_in_without_figures_shows_its_text_together(qtbot):
    """Made elsewhere or imported, it has no table: its few lines were spread over the whole dialog."""
    import datetime as dt

    from PySide6.QtWidgets import QLabel

    from masterydesk.domain import records as r
    from masterydesk.services.checkins import SavedCheckIn
    from masterydesk.ui.insights.dialogs import CheckInViewDialog

    checkin = r.CheckIn("c1", dt.date(2026, 11, 2), working="Daily practice", adjust="Fewer courses")
    dialog = CheckInViewDialog(SavedCheckIn(checkin, None))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    labels = [label for label in dialog.findChildren(QLabel) if label.text()]
    last = max(labels, key=lambda label: label.geometry().bottom())
    assert last.text() == "Fewer courses"
    assert last.geometry().bottom() < dialog.height() / 2

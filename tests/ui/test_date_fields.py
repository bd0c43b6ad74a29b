"""Date fields take day words as typed: today, yesterday, a weekday name; digits and arrows still work."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from masterydesk.domain.day_words import day_from_words
from masterydesk.ui.widgets.pickers import OptionalDateEdit, date_edit, from_qdate

START = dt.date(2024, 3, 31)


@pytest.fixture
def fields(qtbot):
    """A date field, an optional one and a line edit to move the focus to, shown in one window."""
    window = QWidget()
    qtbot.addWidget(window)
    date, optional, elsewhere = date_edit(START), OptionalDateEdit(), QLineEdit()
    layout = QVBoxLayout(window)
    for widget in (date, optional, elsewhere):
        layout.addWidget(widget)
    window.show()
    qtbot.waitExposed(window)
    yield date, optional, elsewhere
    window.close()  # the window is held here until the test ends


def shown(edit) -> str:
    return edit.lineEdit().text()


def test_a_typed_day_word_sets_the_date_and_enter_shows_it(qtbot, fields):
    date, _optional, _elsewhere = fields
    date.setFocus()
    with qtbot.waitSignal(date.dateChanged):
        qtbot.keyClicks(date, "yesterday")
    qtbot.keyClick(date, Qt.Key.Key_Return)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    assert from_qdate(date.date()) == yesterday
    assert shown(date) == yesterday.isoformat()


def test_a_weekday_shows_its_date_when_the_focus_leaves(qtbot, fields):
    date, _optional, elsewhere = fields
    date.setFocus()
    qtbot.keyClicks(date, "Fri")
    elsewhere.setFocus()
    qtbot.waitUntil(lambda: shown(date) != "Fri")
    friday = day_from_words("friday", dt.date.today())
    assert (from_qdate(date.date()), shown(date)) == (friday, friday.isoformat())


def test_an_unfinished_or_unknown_word_leaves_the_date_as_it_was(qtbot, fields):
    date, _optional, elsewhere = fields
    date.setFocus()
    qtbot.keyClicks(date, "x")  # no day word starts so: not even typed
    assert shown(date) == START.isoformat()
    qtbot.keyClicks(date, "tod")
    assert shown(date) == "tod"
    elsewhere.setFocus()
    qtbot.waitUntil(lambda: shown(date) == START.isoformat())
    assert from_qdate(date.date()) == START


def test_arrow_keys_still_step_the_date(qtbot, fields):
    date, _optional, _elsewhere = fields
    date.setFocus()
    qtbot.keyClick(date, Qt.Key.Key_Home)
    qtbot.keyClick(date, Qt.Key.Key_Up)
    assert from_qdate(date.date()) == dt.date(2025, 3, 31)


def test_an_optional_date_takes_words_once_set(qtbot, fields):
    _date, optional, _elsewhere = fields
    optional.enabled.setChecked(True)
    optional.date.setFocus()
    qtbot.keyClicks(optional.date, "today")
    qtbot.keyClick(optional.date, Qt.Key.Key_Tab)
    assert optional.value() == dt.date.today()

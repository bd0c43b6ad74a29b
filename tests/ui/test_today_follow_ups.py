"""Follow-ups in the window: Done and Snooze on a Today item, and an interaction logged that moves one
on; each is one undoable save, and the status bar says what happened. Dates worked by hand."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QDeadlineTimer, Qt
from PySide6.QtTest import QTest

from masterydesk.domain import records as r
from masterydesk.services.changes import Changes
from tests.builders import D, contact, fill, read_file

TODAY = D(2026, 12, 15)


@pytest.fixture
def today_panel(window):
    """Ann's follow-up was due on 1 Dec; Bo's is on 20 Dec, not yet due; Ann meets the guild every 14 days."""
    fill(window.session.journal,
         contacts=[contact("ann", name="Ann", follow_up_on=D(2026, 12, 1)),
                   contact("bo", name="Bo", follow_up_on=D(2026, 12, 20))],
         communities=[r.Community("guild", "Data guild", cadence_days=14, member_ids=("ann",))])
    window.today_wiring.today = TODAY
    window.session.sig_changed.emit(Changes.everything())
    read(window.today_dock)
    return window.today_dock


def read(panel) -> None:
    """Wait for the panel's items, read off the UI thread after each change."""
    reads = panel.window().today_wiring.reads
    waited = QDeadlineTimer(10_000)
    while reads.timer.isActive() and not waited.hasExpired():
        QTest.qWait(5)
    assert not reads.timer.isActive(), "the Today panel's items were never read"


def texts(panel) -> list[str]:
    read(panel)
    return [panel.list.item(i).text() for i in range(panel.list.count())]


def click_item(qtbot, panel, starting: str) -> None:
    item = next(panel.list.item(i) for i in range(panel.list.count()) if panel.list.item(i).text().startswith(starting))
    panel.list.scrollToItem(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualItemRect(item).center())


def follow_up_of(journal_path, cid: str):
    return next(c.follow_up_on for c in read_file(journal_path).contacts if c.id == cid)


def test_done_and_snooze_act_only_on_a_selected_follow_up(qtbot, window, today_panel):
    assert today_panel.done_button.accessibleName() == "Follow-up done"
    assert today_panel.snooze_button.accessibleName() == "Snooze follow-up a week"
    assert texts(today_panel)[0] == "Follow up with Ann (due 01 Dec)"
    assert not today_panel.done_button.isEnabled() and not today_panel.snooze_button.isEnabled()
    click_item(qtbot, today_panel, "A monthly check-in is due")
    assert not today_panel.done_button.isEnabled()
    click_item(qtbot, today_panel, "Follow up with Ann")
    assert today_panel.done_button.isEnabled() and today_panel.snooze_button.isEnabled()


def test_done_clears_the_follow_up_and_undo_brings_it_back(qtbot, window, today_panel, journal_path):
    click_item(qtbot, today_panel, "Follow up with Ann")
    qtbot.mouseClick(today_panel.done_button, Qt.MouseButton.LeftButton)

    assert follow_up_of(journal_path, "ann") is None
    assert not any(t.startswith("Follow up with Ann") for t in texts(today_panel))
    assert today_panel.status_label.text() == "Today: check-in due"
    assert window.statusBar().currentMessage() == "Follow-up with Ann done"
    assert window.session.undo_stack.undoText() == "Follow-up done"
    assert not today_panel.done_button.isEnabled()  # nothing selected in the list refreshed

    window.undo_action.trigger()
    assert follow_up_of(journal_path, "ann") == D(2026, 12, 1)
    assert texts(today_panel)[0] == "Follow up with Ann (due 01 Dec)"
    assert follow_up_of(journal_path, "bo") == D(2026, 12, 20)  # the other follow-up was never touched


def test_snooze_puts_the_follow_up_a_week_from_today_and_undo_brings_it_back(qtbot, window, today_panel, journal_path):
    click_item(qtbot, today_panel, "Follow up with Ann")
    qtbot.mouseClick(today_panel.snooze_button, Qt.MouseButton.LeftButton)

    assert follow_up_of(journal_path, "ann") == D(2026, 12, 22)  # 15 Dec + 7 days
    assert not any(t.startswith("Follow up with Ann") for t in texts(today_panel))
    assert window.statusBar().currentMessage() == "Follow-up with Ann snoozed to 22 Dec 2026"
    assert window.session.undo_stack.undoText() == "Snooze follow-up"

    window.undo_action.trigger()
    assert follow_up_of(journal_path, "ann") == D(2026, 12, 1)
    assert texts(today_panel)[0] == "Follow up with Ann (due 01 Dec)"
    window.redo_action.trigger()
    assert follow_up_of(journal_path, "ann") == D(2026, 12, 22)


def test_logging_an_interaction_moves_the_follow_up_on_and_one_undo_puts_both_back(
        qtbot, window, today_panel, journal_path):
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.quick_log
    dialog.show_kind("interactions")
    form = dialog.forms["interactions"]
    form.editors["date"].setDate(QDate(2026, 12, 15))
    qtbot.keyClicks(form.editors["contact_id"].lineEdit(), "Ann")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert [i.contact_id for i in read_file(journal_path).interactions] == ["ann"]
    assert follow_up_of(journal_path, "ann") == D(2026, 12, 29)  # 15 Dec + the guild's 14 days
    assert not any(t.startswith("Follow up with Ann") for t in texts(today_panel))
    assert "Follow-up with Ann moved to 29 Dec 2026" in window.statusBar().currentMessage()

    window.undo_action.trigger()  # one step: the interaction and the follow-up together
    assert read_file(journal_path).interactions == ()
    assert follow_up_of(journal_path, "ann") == D(2026, 12, 1)
    assert texts(today_panel)[0] == "Follow up with Ann (due 01 Dec)"


def test_a_session_save_without_a_cadence_says_the_follow_up_is_done(qtbot, window, today_panel, journal_path):
    with qtbot.waitSignal(window.session.sig_said) as said:
        window.session.save(r.Interaction("i1", D(2026, 12, 20), r.InteractionKind.MEETING, contact_id="bo"),
                            text="Log interaction")
    assert said.args == ["Follow-up with Bo done"]  # Bo is in no community with a cadence
    assert window.statusBar().currentMessage() == "Follow-up with Bo done"
    assert follow_up_of(journal_path, "bo") is None


def test_a_long_list_shows_twenty_of_a_kind_and_counts_the_rest(qtbot, window):
    fill(window.session.journal,
         contacts=[contact(f"c{n:02}", name=f"Person {n:02}", follow_up_on=D(2026, 11, 1 + n)) for n in range(25)])
    window.today_wiring.today = TODAY
    window.session.sig_changed.emit(Changes.everything())
    shown = texts(window.today_dock)
    assert [t for t in shown if t.startswith("Follow up with")] == [
        f"Follow up with Person {n:02} (due {n + 1:02} Nov)" for n in range(20)]
    assert "… and 5 more follow-ups due (the Community tab lists every contact)" in shown
    assert window.today_dock.status_label.text() == "Today: 25 follow-ups due · check-in due"
    more = window.today_dock.list.findItems("… and 5 more", Qt.MatchFlag.MatchStartsWith)[0]
    tab = window.tabs.currentIndex()
    window.today_dock.list.itemActivated.emit(more)  # a count, not a record: nothing opens
    assert window.tabs.currentIndex() == tab


def test_tooltips_show_what_the_user_typed_as_text_never_as_markup(qtbot, window):
    from PySide6.QtGui import QTextDocumentFragment

    from masterydesk.ui.main_window import TAB_NAMES

    name = "Ann <b>Lovelace</b> & co"
    fill(window.session.journal, contacts=[contact("ann", name=name, follow_up_on=D(2026, 12, 1),
                                                   notes="Met at <i>PyData</i>: ask about <b>pricing</b>")])
    window.today_wiring.today = TODAY
    window.session.sig_changed.emit(Changes.everything())
    read(window.today_dock)
    tips = [window.today_dock.list.item(i).toolTip() for i in range(window.today_dock.list.count())]
    follow_up = next(tip for tip in tips if "Lovelace" in tip)
    assert "&lt;b&gt;" in follow_up and QTextDocumentFragment.fromHtml(follow_up).toPlainText() == (
        f"Follow up with {name} (due 01 Dec)")
    page = window.page(TAB_NAMES.index("Community"))
    model = page.contacts.model
    tips = [model.index(0, column).data(Qt.ItemDataRole.ToolTipRole) for column in range(model.columnCount())]
    assert any(tip and "&lt;b&gt;" in tip for tip in tips)
    assert not any(tip and "<b>" in tip for tip in tips)

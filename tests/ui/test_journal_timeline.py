"""The Journal tab's one timeline: every dated record with its kind, filtered, searched and opened to edit."""

import datetime as dt

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QIcon, QTextCursor
from PySide6.QtTest import QTest

from masterydesk.domain import records as r
from masterydesk.services.changes import Changes
from masterydesk.services.timeline import tier_promotions
from masterydesk.ui.journal.journal_model import KIND_COLUMN, TimelineModel
from tests.builders import D, app, contact, fill, read_file, skill, teach


def one_of_each_kind(journal):
    fill(
        journal,
        skills=[skill("sql", name="SQL"), skill("talks", name="Public speaking")],
        projects=[r.Project("churn", "Churn model", r.ProjectStatus.ACTIVE)],
        contacts=[contact("ann", name="Ann Lovelace"), contact("bo", name="Bo Quist")],
        journal=[r.JournalEntry("e1", D(2024, 1, 1), r.EntryKind.PRACTICE, "Window functions drill")],
        applications=[app("a1", "sql", D(2024, 1, 2), project_id="churn", notes="Rewrote the cohort query")],
        teaching=[teach("t1", "talks", D(2024, 1, 3), contact_id="bo", notes="Lightning talk on indexes")],
        interactions=[r.Interaction("i1", D(2024, 1, 4), r.InteractionKind.MEETING, contact_id="ann",
                                    notes="Coffee chat", ideas=(r.Idea("Try a pricing experiment"),))],
        checkins=[r.CheckIn("c1", D(2024, 1, 5), working="Daily drills", adjust="Sleep earlier")],
    )


def shown(tab) -> list[tuple[str, str]]:
    return [(tab.model.line(n).kind, tab.model.line(n).id) for n in range(tab.model.rowCount())]


def timeline_tab(window):
    one_of_each_kind(window.session.journal)
    window.session.sig_changed.emit(Changes.everything())
    return window.page(0)


def row_of(tab, collection: str, record_id: str) -> int:
    row = tab.model.row_of(collection, record_id)
    assert row is not None, f"{collection} {record_id} is not listed"
    return row


def open_by_keyboard(tab, row: int) -> None:
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(row, 0))
    QTest.keyClick(tab.view, Qt.Key.Key_Return)


def test_one_record_of_each_kind_is_one_row_with_its_kind_and_icon(qtbot, window):
    tab = timeline_tab(window)
    assert shown(tab) == [("checkin", "c1"), ("interaction", "i1"), ("teaching", "t1"), ("application", "a1"),
                          ("practice", "e1")]
    kinds = [tab.model.index(n, KIND_COLUMN).data() for n in range(5)]
    assert kinds == ["Check-in", "Interaction", "Teaching", "Application", "Practice"]
    assert all(isinstance(tab.model.index(n, KIND_COLUMN).data(Qt.ItemDataRole.DecorationRole), QIcon) for n in range(5))
    assert tab.model.index(2, 3).data() == "Bo Quist"  # the person column
    qtbot.waitUntil(lambda: tab.count_label.text() == "5 records")


def test_filtering_by_kind_hides_the_other_kinds(qtbot, window):
    tab = timeline_tab(window)
    for kind in ("practice", "learning", "reflection", "teaching", "interaction", "checkin", "promotion"):
        tab.kind_filter.kind_actions[kind].trigger()  # untick, as in the menu
    assert shown(tab) == [("application", "a1")]
    assert tab.kind_filter.text() == "Application"
    tab.kind_filter.kind_actions["teaching"].trigger()
    assert shown(tab) == [("teaching", "t1"), ("application", "a1")] and tab.kind_filter.text() == "2 kinds"
    tab.kind_filter.menu().actions()[0].trigger()  # Show all kinds
    assert len(shown(tab)) == 5 and tab.kind_filter.text() == "All kinds"


def test_filtering_by_person_and_skill(qtbot, window):
    tab = timeline_tab(window)
    tab.person_filter.setCurrentIndex(tab.person_filter.findText("Bo Quist"))
    assert shown(tab) == [("teaching", "t1")]
    tab.person_filter.setCurrentIndex(0)
    tab.skill_filter.setCurrentIndex(tab.skill_filter.findText("SQL"))
    assert shown(tab) == [("application", "a1")]


def test_search_finds_an_idea_a_teaching_note_and_the_person_of_an_interaction(qtbot, window):
    tab = timeline_tab(window)
    for words, expected in (("pricing", ("interaction", "i1")), ("lightning", ("teaching", "t1")),
                            ("lovelace", ("interaction", "i1"))):
        tab.search.clear()
        qtbot.keyClicks(tab.search, words)
        assert shown(tab) == [expected], words
    tab.search.clear()
    qtbot.keyClicks(tab.search, "pricing")
    assert tab.model.index(0, 4).data() == "Meeting · Coffee chat · Try a pricing experiment"
    qtbot.waitUntil(lambda: tab.count_label.text() == "1 record")


def selected(tab) -> tuple[str, str] | None:
    index = tab.view.selectionModel().currentIndex()
    return (tab.model.line(index.row()).collection, tab.model.line(index.row()).id) if index.isValid() else None


def test_a_record_a_search_hides_leaves_the_pane_until_the_search_brings_it_back(qtbot, window):
    tab = timeline_tab(window)
    tab.view.selectRow(row_of(tab, "applications", "a1"))
    qtbot.keyClicks(tab.search, "lightning")
    assert shown(tab) == [("teaching", "t1")]
    assert tab.pane.currentWidget() is tab.no_record and selected(tab) is None
    window.delete_action.trigger()  # nothing is shown, so nothing is deleted
    assert ("teaching", "t1") in shown(tab)
    tab.search.clear()
    assert tab.pane.currentWidget() is tab.detail and tab.detail.row.id == "a1"
    assert selected(tab) == ("applications", "a1")


def test_a_record_a_search_keeps_stays_selected_beside_the_list(qtbot, window):
    tab = timeline_tab(window)
    tab.view.selectRow(row_of(tab, "journal", "e1"))
    qtbot.keyClicks(tab.search, "window")
    assert tab.pane.currentWidget() is tab.editor and tab.editor.entry.id == "e1"
    assert selected(tab) == ("journal", "e1")


def test_an_entry_with_unsaved_edits_stays_in_the_editor_whatever_the_search(qtbot, window, journal_path):
    tab = timeline_tab(window)
    tab.view.selectRow(row_of(tab, "journal", "e1"))
    tab.editor.text.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(tab.editor.text, " and ranks")
    tab.search.setText("lightning")
    assert tab.pane.currentWidget() is tab.editor and tab.editor.is_dirty()
    qtbot.mouseClick(tab.editor.save_button, Qt.MouseButton.LeftButton)
    assert [e.text for e in read_file(journal_path).journal] == ["Window functions drill and ranks"]


def test_opening_an_application_edits_it_and_the_saved_notes_show_in_its_row(qtbot, window, journal_path):
    tab = timeline_tab(window)
    row = row_of(tab, "applications", "a1")
    tab.view.selectRow(row)
    assert tab.pane.currentWidget() is tab.detail and tab.detail.text.text().endswith("Rewrote the cohort query")
    open_by_keyboard(tab, row)
    dialog = tab.dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Edit application"
    notes = dialog.editors["notes"]
    notes.selectAll()
    qtbot.keyClicks(notes, "Rewrote it with a window function")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [a.notes for a in read_file(journal_path).applications] == ["Rewrote it with a window function"]
    line = tab.model.line(row_of(tab, "applications", "a1"))
    assert line.summary == "Churn model · Rewrote it with a window function"
    assert tab.detail.text.text() == line.text  # the record beside the list shows it as saved
    window.undo_action.trigger()
    assert tab.model.line(row_of(tab, "applications", "a1")).summary.endswith("Rewrote the cohort query")


def test_a_check_in_opens_in_a_dialog_of_its_own_fields(qtbot, window, journal_path):
    tab = timeline_tab(window)
    open_by_keyboard(tab, row_of(tab, "checkins", "c1"))
    assert tab.dialog.windowTitle() == "Edit check-in"
    tab.dialog.editors["notes"].setPlainText("Felt steady")
    qtbot.mouseClick(tab.dialog.save_button, Qt.MouseButton.LeftButton)
    assert [c.notes for c in read_file(journal_path).checkins] == ["Felt steady"]


def test_opening_an_entry_puts_the_cursor_in_its_text(qtbot, window):
    tab = timeline_tab(window)
    open_by_keyboard(tab, row_of(tab, "journal", "e1"))
    assert tab.pane.currentWidget() is tab.editor and tab.editor.entry.id == "e1"
    assert tab.editor.text.hasFocus()


def test_deleting_a_record_beside_the_list_can_be_undone(qtbot, window, journal_path):
    tab = timeline_tab(window)
    tab.view.selectRow(row_of(tab, "teaching", "t1"))
    window.delete_action.trigger()
    assert read_file(journal_path).teaching == ()
    assert ("teaching", "t1") not in shown(tab)
    window.undo_action.trigger()
    assert [t.id for t in read_file(journal_path).teaching] == ["t1"]
    assert ("teaching", "t1") in shown(tab)


def test_a_skill_applied_three_times_on_two_days_shows_the_tier_it_reached(qtbot, window):
    tab = window.page(0)
    fill(window.session.journal, skills=[skill("sql", name="SQL")], contacts=[contact("bo")],
         applications=[app("a1", "sql", D(2024, 3, 1)), app("a2", "sql", D(2024, 3, 1))])
    window.session.sig_changed.emit(Changes.of("skills", "contacts", "applications"))
    assert [kind for kind, _ in shown(tab)] == ["application", "application"]
    window.session.save(app("a3", "sql", D(2024, 3, 4), reviewer_id="bo", quality=4), text="Add application")
    qtbot.waitUntil(lambda: shown(tab)[0] == ("promotion", "sql"))  # computed on a worker thread
    assert tab.model.index(0, 4).data() == "SQL reached Applied"
    qtbot.waitUntil(lambda: tab.count_label.text() == "3 records, 1 tier reached")  # the records' count apart
    assert tab.model.index(0, KIND_COLUMN).data() == "Tier reached"
    open_by_keyboard(tab, 0)
    assert window.tabs.currentIndex() == 1  # the Skill Map, on the skill
    assert window.page(1).selected_id == "sql"
    window.tabs.setCurrentIndex(0)
    window.undo_action.trigger()  # the third application goes, and the tier with it
    qtbot.waitUntil(lambda: [kind for kind, _ in shown(tab)] == ["application", "application"])


def test_the_timeline_model_passes_the_model_tester(qtmodeltester, journal):
    start = dt.date(2024, 1, 1)
    fill(journal, skills=[skill("sql")], contacts=[contact("bo")],
         journal=[r.JournalEntry(f"e{n}", start + dt.timedelta(days=n), r.EntryKind.PRACTICE, f"entry {n}")
                  for n in range(250)],
         applications=[app(f"a{n}", "sql", start + dt.timedelta(days=n), reviewer_id="bo", quality=3)
                       for n in range(150)])
    model = TimelineModel()
    model.set_journal(journal, tier_promotions(journal))
    assert model.rowCount() == 200 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 401 and not model.canFetchMore()  # 250 entries, 150 applications, 1 tier reached
    assert model.line(0).id == "e249"  # newest first
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.line(0).id == "e0"
    # Checked last: the tester runs its checks on a reset before it notes the reset has ended, and its
    # checks fetch more rows, which it then takes for rows inserted in the middle of the reset.
    qtmodeltester.check(model)


def test_the_journal_page_fits_beside_the_today_panel_in_a_1024_pixel_window(qtbot, window):
    tab = timeline_tab(window)
    assert tab.minimumSizeHint().width() <= 760


def test_the_timeline_sorts_by_date_only(qtbot, window):
    tab = timeline_tab(window)
    header = tab.view.horizontalHeader()

    def click(column: int) -> tuple[str, str]:
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_center(header, column))
        assert header.sortIndicatorSection() == 0
        return shown(tab)[0]

    assert click(KIND_COLUMN) == ("checkin", "c1")  # still newest first
    assert click(0) == ("practice", "e1")  # oldest first
    assert click(KIND_COLUMN) == ("practice", "e1")


def _section_center(header, column: int) -> QPoint:
    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)


def test_rows_read_for_the_first_look_are_shown_as_read_and_paging_goes_on_after_them(qtbot, journal):
    from masterydesk.services.journals import peek_journal
    from masterydesk.services.timeline import TimelineFilter, timeline_count, timeline_page
    from masterydesk.ui.journal.journal_tab import JournalTab

    start = dt.date(2024, 1, 1)
    fill(journal, journal=[r.JournalEntry(f"e{n}", start + dt.timedelta(days=n), r.EntryKind.PRACTICE, f"entry {n}")
                           for n in range(250)])
    journal.close()
    snapshot = peek_journal(journal.path)
    try:
        rows = timeline_page(snapshot, TimelineFilter(), None, 60)
        tab = JournalTab()
        qtbot.addWidget(tab)
        tab.show_snapshot(snapshot, (rows, timeline_count(snapshot, TimelineFilter()), 60))
        assert [tab.model.line(n) for n in range(tab.model.rowCount())] == rows  # the very rows, none read again
        assert tab.count_label.text() == "250 entries"
        while tab.model.canFetchMore():
            tab.model.fetchMore()
        assert [tab.model.line(n).id for n in range(tab.model.rowCount())] == [f"e{n}" for n in range(249, -1, -1)]
    finally:
        snapshot.close()


def test_the_count_says_the_records_then_the_tiers_reached_apart():
    from masterydesk.services.timeline import count_text

    assert count_text({"entry": 1}) == "1 entry"
    assert count_text({"entry": 1200, "promotion": 3}) == "1,200 entries, 3 tiers reached"
    assert count_text({"entry": 2, "application": 1, "promotion": 1}) == "3 records, 1 tier reached"
    assert count_text({"entry": 990, "promotion": 20}) == "990 entries, 20 tiers reached"
    assert count_text({"entry": 990, "promotion": 20}, capped=True) == "more than 1,000 entries"

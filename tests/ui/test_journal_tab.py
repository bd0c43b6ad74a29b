"""Writing, finding, filtering, undoing and deleting journal entries through the Journal tab (the timeline's
other kinds: tests/ui/test_journal_timeline.py)."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from masterydesk.domain import records as r
from masterydesk.services.changes import Changes
from masterydesk.services.browse import MATCH_START
from masterydesk.services.timeline import KINDS
from masterydesk.ui.journal.journal_model import PAGE, TimelineModel
from tests.builders import fill, read_file, skill


def entries_in_file(path):
    return read_file(path).journal


def write_entry(qtbot, tab, text: str) -> None:
    tab.start_new_entry()
    qtbot.keyClicks(tab.editor.text, text)
    qtbot.mouseClick(tab.editor.save_button, Qt.MouseButton.LeftButton)


def test_typing_an_entry_and_saving_writes_it_to_the_file(qtbot, window, journal_path):
    tab = window.page(0)
    write_entry(qtbot, tab, "Drilled window functions for half an hour")
    saved = entries_in_file(journal_path)
    assert [e.text for e in saved] == ["Drilled window functions for half an hour"]
    assert saved[0].date == dt.date.today() and saved[0].kind is r.EntryKind.PRACTICE
    assert tab.model.rowCount() == 1
    qtbot.waitUntil(lambda: tab.count_label.text() == "1 entry")  # counted on the worker thread


def test_an_empty_entry_is_refused_with_a_message_and_nothing_saved(qtbot, window, journal_path):
    tab = window.page(0)
    tab.start_new_entry()
    qtbot.keyClicks(tab.editor.text, "   ")
    qtbot.mouseClick(tab.editor.save_button, Qt.MouseButton.LeftButton)
    assert tab.editor.error_label.isVisible()
    assert tab.editor.error_label.text().startswith("Text:")
    assert entries_in_file(journal_path) == ()


def test_search_as_you_type_finds_and_highlights(qtbot, window):
    tab = window.page(0)
    write_entry(qtbot, tab, "Refactored the churn model pipeline")
    write_entry(qtbot, tab, "Read about window functions")
    qtbot.keyClicks(tab.search, "wind")
    assert tab.model.rowCount() == 1
    line = tab.model.line(0)
    assert line.summary == f"Read about {MATCH_START}window\x03 functions"
    assert tab.model.index(0, 4).data() == "Read about window functions"
    tab.search.clear()
    assert tab.model.rowCount() == 2


def test_filters_by_kind_skill_and_dates(qtbot, window, journal_path):
    fill(window.session.journal, skills=[skill("sql", name="SQL")], journal=[
        r.JournalEntry("e1", dt.date(2024, 1, 5), r.EntryKind.PRACTICE, "joins", skill_ids=("sql",)),
        r.JournalEntry("e2", dt.date(2024, 2, 5), r.EntryKind.LEARNING, "indexes"),
        r.JournalEntry("e3", dt.date(2024, 3, 5), r.EntryKind.REFLECTION, "pace"),
    ])
    window.session.sig_changed.emit(Changes.everything())
    tab = window.page(0)
    assert tab.model.rowCount() == 3
    tab.kind_filter.set_kinds({"learning"})
    assert tab.kind_filter.text() == "Learning"
    assert [tab.model.line(i).id for i in range(tab.model.rowCount())] == ["e2"]
    tab.kind_filter.set_kinds({"practice", "reflection"})
    assert [tab.model.line(i).id for i in range(tab.model.rowCount())] == ["e3", "e1"]
    tab.kind_filter.set_kinds(KINDS)
    tab.skill_filter.setCurrentIndex(tab.skill_filter.findText("SQL"))
    assert [tab.model.line(i).id for i in range(tab.model.rowCount())] == ["e1"]
    tab.skill_filter.setCurrentIndex(0)
    tab.start_filter.set_value(dt.date(2024, 2, 1))
    tab.end_filter.set_value(dt.date(2024, 2, 29))
    assert [tab.model.line(i).id for i in range(tab.model.rowCount())] == ["e2"]


def test_undo_and_redo_of_a_new_entry(qtbot, window, journal_path):
    tab = window.page(0)
    write_entry(qtbot, tab, "First session")
    assert len(entries_in_file(journal_path)) == 1
    window.undo_action.trigger()
    assert entries_in_file(journal_path) == ()
    assert tab.model.rowCount() == 0
    window.redo_action.trigger()
    assert [e.text for e in entries_in_file(journal_path)] == ["First session"]
    assert tab.model.rowCount() == 1


def test_delete_then_undo_puts_the_entry_back(qtbot, window, journal_path):
    tab = window.page(0)
    write_entry(qtbot, tab, "Keep me")
    tab.select_record("journal", tab.model.line(0).id)
    window.delete_action.trigger()
    assert entries_in_file(journal_path) == ()
    window.undo_action.trigger()
    assert [e.text for e in entries_in_file(journal_path)] == ["Keep me"]


def test_switching_entries_saves_the_one_being_edited(qtbot, window, journal_path):
    tab = window.page(0)
    write_entry(qtbot, tab, "One")
    write_entry(qtbot, tab, "Two")
    tab.select_record("journal", tab.model.line(1).id)
    tab.editor.text.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(tab.editor.text, " more")
    tab.select_record("journal", tab.model.line(0).id)
    assert sorted(e.text for e in entries_in_file(journal_path)) == ["One more", "Two"]


def test_the_paged_list_model_passes_the_model_tester(qtmodeltester, journal):
    fill(journal, journal=[
        r.JournalEntry(f"e{i}", dt.date(2024, 1, 1) + dt.timedelta(days=i), r.EntryKind.PRACTICE, f"entry {i}")
        for i in range(450)
    ])
    model = TimelineModel()
    model.set_journal(journal)
    assert model.rowCount() == 200 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 400
    qtmodeltester.check(model)
    assert model.line(0).id == "e449"  # newest first


def test_highlight_marks_matches_case_and_accents_aside():
    from masterydesk.store.browse import highlight

    assert highlight("Café au lait and naïve RÉSUMÉ", "resu") == "Café au lait and naïve \x02RÉSUMÉ\x03"
    assert highlight("Window functions; windows again", "wind") == "\x02Window\x03 functions; \x02windows\x03 again"
    assert highlight("nothing here", "zz") == "nothing here"


def test_the_delete_key_in_the_list_deletes_the_selected_entry(qtbot, window, journal_path):
    from PySide6.QtTest import QTest

    tab = window.page(0)
    write_entry(qtbot, tab, "Delete me")
    tab.select_record("journal", tab.model.line(0).id)
    tab.view.setFocus()
    QTest.keyClick(tab.view, Qt.Key.Key_Delete)
    assert entries_in_file(journal_path) == ()


def test_the_count_is_exact_for_the_list_and_capped_only_for_search_hits(qtbot, window):
    start = dt.date(2020, 1, 1)
    fill(window.session.journal, journal=[
        r.JournalEntry(f"e{n}", start + dt.timedelta(days=n), r.EntryKind.PRACTICE, f"Drill {n} of window functions")
        for n in range(1200)
    ])
    window.session.sig_changed.emit(Changes.of("journal"))
    tab = window.page(0)
    qtbot.waitUntil(lambda: tab.count_label.text() == "1,200 entries")
    qtbot.keyClicks(tab.search, "window")
    assert tab.model.rowCount() == PAGE  # the first page at once; the count comes from the worker thread
    qtbot.waitUntil(lambda: tab.count_label.text() == "more than 1,000 entries")
    tab.search.clear()
    qtbot.keyClicks(tab.search, "w")  # one letter is not searched yet: the whole list
    qtbot.waitUntil(lambda: tab.count_label.text() == "1,200 entries")


def test_an_emptied_new_entry_stays_new_so_moving_on_discards_it(qtbot, window):
    tab = window.page(0)
    tab.start_new_entry()
    qtbot.keyClicks(tab.editor.text, "half a thought")
    tab.delete_selected()  # never saved: the editor is just emptied
    tab.editor.minutes.setValue(45)
    assert tab.flush()  # nothing worth keeping: no 'write a few words' refusal
    tab.start_new_entry()
    assert tab.editor.heading.text() == "New entry" and tab.editor.minutes.value() == 0


def test_the_longest_heading_and_count_fit_their_fixed_labels(qtbot, window):
    fill(window.session.journal, journal=[
        r.JournalEntry("e1", dt.date(2026, 9, 30), r.EntryKind.PRACTICE, "Longest date of the year", 30)])
    window.session.sig_changed.emit(Changes.of("journal"))
    tab = window.page(0)
    tab.select_record("journal", "e1")
    assert tab.editor.heading.text() == "Wednesday 30 September 2026"
    for label in (tab.editor.heading, tab.count_label):
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width()
    for longest in ("more than 1,000 entries", "999,999 records, 9,999 tiers reached"):
        tab.count_label.setText(longest)
        assert tab.count_label.fontMetrics().horizontalAdvance(tab.count_label.text()) <= tab.count_label.width()

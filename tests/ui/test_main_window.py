"""The main window: tabs, menus, shortcuts, Today, remembered settings, lazy heavy imports."""

import datetime as dt
import subprocess
import sys
import textwrap

import pytest

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from masterydesk.domain import records as r
from masterydesk.domain.errors import ReadOnlyJournal
from masterydesk.services.changes import Changes
from masterydesk.services.transfer import export_bundle
from masterydesk.ui.main_window import TAB_NAMES, MainWindow
from masterydesk.ui.today_panel import status_text
from tests.builders import app, contact, fill, skill


def test_six_tabs_in_order_and_the_menus(window):
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Journal", "Skill Map", "Projects", "Community", "Career", "Insights"]
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Help"]
    file_actions = [a.text() for a in window.menuBar().actions()[0].menu().actions() if a.text()]
    for wanted in ("&New journal…", "&Open journal…", "Open &recent", "&Import…", "&Export…", "&Quit"):
        assert wanted in file_actions
    assert window.undo_action.shortcut().matches(Qt.Modifier.CTRL | Qt.Key.Key_Z)


def test_ctrl_number_switches_tabs(qtbot, window):
    for number in (2, 1):
        QTest.keyClick(window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentIndex() == number - 1
        assert window.tabs.currentWidget() is window.page(number - 1)


def test_the_today_panel_lists_what_needs_attention(qtbot, window, today):
    ago = [today - dt.timedelta(days=n) for n in (74, 75, 75)]  # Applied, then left unused
    fill(window.session.journal,
         skills=[skill("sql", name="SQL", learned_on=today - dt.timedelta(days=30)), skill("kafka", name="Kafka")],
         contacts=[contact("ann", name="Ann", follow_up_on=today - dt.timedelta(days=1))],
         applications=[app(f"k{n}", "kafka", day, reviewer_id="ann", quality=4) for n, day in enumerate(ago)])
    window.session.sig_changed.emit(Changes.everything())
    qtbot.waitUntil(lambda: not window.today_wiring.reads.timer.isActive())  # read off the UI thread
    texts = [window.today_dock.list.item(i).text() for i in range(window.today_dock.list.count())]
    assert texts[0].startswith("Follow up with Ann (due ")
    assert "A monthly check-in is due (none yet)" in texts
    assert "SQL: learned 30 days ago, not applied yet" in texts
    assert "Kafka: Applied, last applied 74 days ago" in texts
    assert window.today_dock.status_label.text() == (
        "Today: 1 follow-up due · check-in due · 1 skill at risk · 1 skill learned over 10 days ago, not applied yet")
    item = window.today_dock.list.item(texts.index("SQL: learned 30 days ago, not applied yet"))
    window.today_dock.list.itemActivated.emit(item)
    assert window.tabs.currentIndex() == TAB_NAMES.index("Skill Map")
    assert window.page(1).card.title.text() == "SQL"


def test_status_text_counts_each_kind():
    assert status_text([]) == "Today: nothing needs attention"


def test_window_size_tab_and_recent_journals_are_remembered(qtbot, settings, journal_path, tmp_path):
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    first.open_journal_path(journal_path, create=True)
    first.resize(600, 400)  # small enough for the offscreen screen: restoring keeps it on screen
    size = (first.width(), first.height())  # no smaller than the tabs' minimum
    first.tabs.setCurrentIndex(1)
    first.close()
    second = MainWindow(settings)
    qtbot.addWidget(second)
    assert second.tabs.currentIndex() == 1
    assert second.height() == size[1]  # the width is clamped to the small offscreen screen
    assert second.recent.paths() == [str(journal_path)]
    assert [a.text() for a in second.recent_menu.actions()] == [str(journal_path)]


def test_a_read_only_journal_refuses_edits_with_a_sentence(qtbot, settings, journal_path):
    from masterydesk.store.database import open_journal

    open_journal(journal_path, create=True).close()
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show()
    main.open_journal_path(journal_path, read_only=True)
    assert main.windowTitle() == "journal.sqlite (read-only) — MasteryDesk"
    tab = main.page(0)
    tab.start_new_entry()
    assert tab.editor.error_label.text() == "This journal is open read-only: changes cannot be saved."
    assert not tab.editor.save_button.isEnabled()
    with pytest.raises(ReadOnlyJournal):
        main.session.save(r.JournalEntry("e1", dt.date(2024, 1, 1), r.EntryKind.PRACTICE, "x"), text="Add")
    main.close()


def test_a_file_that_is_not_a_journal_is_explained_and_left_alone(qtbot, settings, tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("hello")
    main = MainWindow(settings)
    qtbot.addWidget(main)
    assert not main.open_journal_path(path)
    assert main.last_message_box.text().startswith("notes.sqlite is not a MasteryDesk journal")
    assert main.last_message_box.textFormat() == Qt.TextFormat.PlainText
    assert path.read_text() == "hello"


def test_the_charts_and_sqlalchemy_wait_until_after_the_first_paint(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        from PySide6.QtWidgets import QApplication
        from PySide6.QtCore import QSettings
        app = QApplication([])
        from masterydesk.ui.main_window import MainWindow
        window = MainWindow(QSettings(r"{tmp_path / 's.ini'}", QSettings.Format.IniFormat))
        window.show()
        app.processEvents()
        before = "sqlalchemy" in sys.modules
        from masterydesk.services.demo import create_demo_journal
        create_demo_journal(__import__("pathlib").Path(r"{tmp_path / 'demo.sqlite'}"))
        window.open_journal_path(__import__("pathlib").Path(r"{tmp_path / 'demo.sqlite'}"))
        window.tabs.setCurrentIndex(1)
        app.processEvents()
        print(before, "masterydesk.services.series" in sys.modules, "masterydesk.reports.chart_plots" in sys.modules)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["False", "False", "False"]


def test_the_first_frame_is_painted_before_pyside_makes_its_qt_namespace(tmp_path):
    """Its enums cost 15 ms of the first frame (app.py); the system's colour scheme is read just after."""
    from masterydesk.services.demo import create_demo_journal

    create_demo_journal(tmp_path / "demo.sqlite")
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        from PySide6 import QtCore
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QApplication

        app = QApplication([])

        class FirstPaint(QObject):
            seen = None

            def eventFilter(self, watched, event):
                if self.seen is None and event.type() == QEvent.Type.Paint and type(watched).__name__ == "MainWindow":
                    self.seen = ["Qt" in vars(QtCore), watched.opener.first_look.model.rowCount() > 0]
                    QTimer.singleShot(0, app.quit)
                return False

        first_paint = FirstPaint()
        app.installEventFilter(first_paint)
        from masterydesk.app import run_app

        run_app(Path(sys.argv[1]))
        print(*first_paint.seen, "Qt" in vars(QtCore))
    """)
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "demo.sqlite")], capture_output=True,
                            text=True, timeout=120, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
                                                         "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    # Not made when the window first painted its rows; made right after, reading the colour scheme.
    assert result.stdout.split() == ["False", "True", "True"]


def test_the_today_panel_docks_from_the_built_in_state_as_add_dock_widget_docks_it(qtbot, settings, tmp_path):
    from PySide6.QtWidgets import QToolBar

    from masterydesk.ui.today_panel import TodayPanel
    from masterydesk.ui.today_wiring import PANEL_WIDTH, dock_on_the_left

    built_in = MainWindow(settings)
    by_hand = MainWindow(QSettings(str(tmp_path / "other.ini"), QSettings.Format.IniFormat))
    for main in (built_in, by_hand):
        qtbot.addWidget(main)
    built_in.show_journal_panels()  # no state saved: the built-in one
    by_hand.today_dock = TodayPanel(by_hand)
    dock_on_the_left(by_hand, by_hand.today_dock)
    for main in (built_in, by_hand):
        main.show()
    qtbot.waitUntil(lambda: built_in.today_dock.width() == by_hand.today_dock.width() == PANEL_WIDTH)
    for main in (built_in, by_hand):
        assert main.dockWidgetArea(main.today_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
        assert main.toolBarArea(main.findChild(QToolBar)) == Qt.ToolBarArea.TopToolBarArea
        assert main.today_dock.isVisible() and not main.today_dock.isFloating()
    assert built_in.today_dock.geometry() == by_hand.today_dock.geometry()
    # Its buttons' row (a WrappingLayout, which may grow) keeps one line's height: the list takes the rest.
    done = built_in.today_dock.done_button
    assert done.height() == done.sizeHint().height() and built_in.today_dock.list.height() > 10 * done.height()


def test_a_state_saved_before_the_today_panel_was_built_still_docks_it(qtbot, settings):
    """Closed on the welcome page, the window saved a state without the panel: restored alone, it left
    the panel unplaced (and restored after addDockWidget, 49 pixels wide)."""
    from masterydesk.ui.today_wiring import PANEL_WIDTH

    welcome = MainWindow(settings)
    qtbot.addWidget(welcome)
    welcome.show()
    welcome.close()
    assert settings.value("window/state") is not None
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show_journal_panels()
    main.show()
    qtbot.waitUntil(lambda: main.today_dock.width() == PANEL_WIDTH)
    assert main.dockWidgetArea(main.today_dock) == Qt.DockWidgetArea.LeftDockWidgetArea


def test_first_run_walks_from_the_welcome_page_through_the_assessment_to_the_skill_map(qtbot, settings, isolated_home):
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show()
    main.open_startup_journal(None, demo=False)
    assert main.stack.currentWidget() is main.welcome_flow.page
    qtbot.mouseClick(main.welcome_flow.page.new_button, Qt.MouseButton.LeftButton)
    wizard = main.welcome_flow.assessment
    keys = [t.key for t in wizard.role_page.templates]
    wizard.role_page.choose(keys[0])
    wizard.next()
    wizard.next()
    with qtbot.waitSignal(wizard.accepted):
        wizard.accept()
    assert main.tabs.currentIndex() == TAB_NAMES.index("Skill Map")
    skills_on_map = main.page(1).scene.nodes
    assert len(skills_on_map) >= 8
    assert (isolated_home / "journal.sqlite").exists()
    main.close()


def test_a_second_window_on_the_same_journal_is_offered_read_only(qtbot, settings, window, journal_path):
    other = MainWindow(settings)
    qtbot.addWidget(other)
    assert not other.open_journal_path(journal_path)
    box = other.opener.last_message_box
    assert "already open in another MasteryDesk" in box.text()
    qtbot.mouseClick(other.opener.read_only_button, Qt.MouseButton.LeftButton)
    assert other.session is not None and other.session.read_only
    assert other.windowTitle() == "journal.sqlite (read-only) — MasteryDesk"
    other.close()


def test_a_damaged_journal_offers_its_newest_good_backup_and_restores_it(qtbot, settings, tmp_path):
    from masterydesk.services.backups import make_backup
    from masterydesk.store.database import open_journal

    path = tmp_path / "journal.sqlite"
    journal = open_journal(path, create=True)
    fill(journal, skills=[skill("sql", name="SQL")])
    journal.close()
    make_backup(path, reason="manual")
    data = bytearray(path.read_bytes())
    data[:16] = b"garbage garbage!"
    path.write_bytes(bytes(data))
    main = MainWindow(settings)
    qtbot.addWidget(main)
    assert not main.open_journal_path(path)
    dialog = main.opener.recovery
    assert "damaged" in dialog.message_label.text()
    assert path.read_bytes()[:16] == b"garbage garbage!"  # untouched until the user chooses
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert main.session is not None
    assert [s.name for s in export_bundle(main.session.journal).skills] == ["SQL"]
    main.close()


def test_the_today_panel_appears_with_a_journal_and_stays_closed_once_closed(qtbot, settings, journal_path):
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    assert first.today_dock is None  # no journal yet, so nothing to attend to
    assert first.open_journal_path(journal_path, create=True)
    assert first.today_dock.isVisible()
    view_menu = first.view_menu.actions()
    assert first.today_dock.toggleViewAction() in view_menu
    first.today_dock.toggleViewAction().trigger()
    first.close()

    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.show()
    assert second.open_journal_path(journal_path)
    assert not second.today_dock.isVisible()
    assert not second.today_dock.toggleViewAction().isChecked()
    second.close()


def entries(count: int) -> list[r.JournalEntry]:
    start = dt.date(2024, 1, 1)
    return [
        r.JournalEntry(f"e{n:03}", start + dt.timedelta(days=n), r.EntryKind.PRACTICE, f"Day {n}: window functions", 30)
        for n in range(count)
    ]


def test_the_newest_entries_show_before_sqlalchemy_loads_then_the_journal_opens(journal, tmp_path):
    fill(journal, journal=entries(250))
    journal.close()
    script = textwrap.dedent(f"""
        import json, sys
        from pathlib import Path
        from PySide6.QtCore import QEvent, QObject, QSettings
        from PySide6.QtWidgets import QApplication
        from masterydesk.ui.main_window import MainWindow

        first_rows = {{}}

        class RowsPainted(QObject):
            def eventFilter(self, obj, event):
                view = getattr(window.tabs.widget(0), "view", None)
                if (event.type() == QEvent.Type.Paint and not first_rows and view is not None
                        and obj is view.viewport() and view.model().rowCount()):
                    first_rows.update(sqlalchemy="sqlalchemy" in sys.modules, rows=view.model().rowCount(),
                                      top=view.model().index(0, 4).data(), editable=window.page(0).editor.isEnabled())
                return False

        app = QApplication([])
        window = MainWindow(QSettings(r"{tmp_path / 's.ini'}", QSettings.Format.IniFormat))
        window.show()
        app.processEvents()
        watcher = RowsPainted()
        app.installEventFilter(watcher)
        opened = window.open_journal_path(Path(r"{journal.path}"))
        tab = window.page(0)
        print(json.dumps({{"first_rows": first_rows, "opened": opened, "session": window.session is not None,
                          "editable": tab.editor.isEnabled(), "count": tab.count_label.text()}}), flush=True)
        app.removeEventFilter(watcher)
        window.close()
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    shown = __import__("json").loads(result.stdout.strip().splitlines()[-1])
    assert shown["first_rows"] == {"sqlalchemy": False, "rows": 200, "top": "Day 249: window functions", "editable": False}
    assert shown == {**shown, "opened": True, "session": True, "editable": True, "count": "250 entries"}


@pytest.mark.parametrize("table", ["skills", "journal_entries"])  # the list reads none of one, the newest of the other
def test_a_journal_refused_after_its_entries_showed_leaves_the_list_empty(qtbot, window, journal_path, table, qtlog):
    from tests.safety.test_damaged_journals import zero_a_page_of

    fill(window.session.journal, journal=entries(250))
    window.close_journal()
    zero_a_page_of(journal_path, table)
    fresh = MainWindow(window.settings)
    qtbot.addWidget(fresh)
    fresh.show()
    assert not fresh.open_journal_path(journal_path)
    assert fresh.session is None
    assert fresh.page(0).model.rowCount() == 0
    assert not fresh.page(0).isEnabled()
    assert fresh.page(0).count_label.text() == ""
    assert fresh.today_dock is None or not fresh.today_dock.isVisible()
    assert fresh.opener.recovery.isVisible()
    assert not [r.message for r in qtlog.records if "ResetModel" in r.message]  # a failed read left the model whole


def test_the_toolbar_says_undo_while_the_menu_and_tooltip_name_the_edit(qtbot, window):
    tab = window.page(0)
    tab.start_new_entry()
    qtbot.keyClicks(tab.editor.text, "Drilled window functions")
    qtbot.mouseClick(tab.editor.save_button, Qt.MouseButton.LeftButton)
    button = window.toolbar.widgetForAction(window.undo_action)
    assert button.text() == "Undo"
    assert window.undo_action.text() == "&Undo Add journal entry"
    assert button.toolTip() == "Undo Add journal entry"


def test_the_startup_journal_opens_only_once_the_window_has_painted(qtbot):
    # On X11 a zero timer after show() ran before the window was exposed: the screen stayed
    # black until the journal had opened (about a second on ten years).
    from PySide6.QtWidgets import QWidget

    from masterydesk.app import after_first_paint

    class CountingPaints(QWidget):
        paints = 0

        def paintEvent(self, event) -> None:
            self.paints += 1
            super().paintEvent(event)

    widget = CountingPaints()
    qtbot.addWidget(widget)
    paints_seen_by_the_work = []
    after_first_paint(widget, lambda: paints_seen_by_the_work.append(widget.paints), fallback_ms=60_000)
    qtbot.wait(50)
    assert paints_seen_by_the_work == []  # not shown, not painted: nothing runs yet
    widget.show()
    qtbot.waitUntil(lambda: bool(paints_seen_by_the_work), timeout=5_000)
    assert paints_seen_by_the_work[0] >= 1
    qtbot.wait(50)
    assert len(paints_seen_by_the_work) == 1  # once


def test_a_window_closed_between_the_start_up_steps_gives_its_journal_back(qtbot, settings, journal):
    """The start-up journal reaches the window in two turns of the event loop (the Journal tab, then the
    journal); a window closed in between still shows it, so that closing gives the file back."""
    from masterydesk.services.journals import Outcome, open_for_app

    fill(journal, journal=entries(3))
    journal.close()
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show()
    main.opener._on_startup_journal_opened(open_for_app(journal.path))  # its opening thread finished
    assert main.session is None  # the journal comes in the next turn
    main.close()
    again = open_for_app(journal.path)
    assert again.outcome is Outcome.OPENED, again.sentence  # not locked: the window gave it back
    again.journal.close()
    again.lock.unlock()


def starting_up(qtbot, settings, path) -> MainWindow:
    """A window shown and starting up on the journal at path, as run_app does."""
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show()
    main.opener.prepare_startup(path, demo=False)
    main.opener.open_at_startup(path, demo=False)
    return main


def test_the_start_up_journal_opens_after_the_shown_tab_is_made_and_never_after_a_close(qtbot, settings, journal):
    """The page of the tab shown is made before the journal's opening begins (made beside it, it waited
    for the interpreter); a window closed before the opening began gives nothing to open."""
    from masterydesk.services.journals import Outcome, open_for_app

    fill(journal, journal=entries(3))
    journal.close()
    main = starting_up(qtbot, settings, journal.path)
    loading, opening = main.opener.startup_jobs
    # A small journal may open between two looks: the page made ahead is then in its tab already.
    qtbot.waitUntil(lambda: 0 in main.tab_pages.made or 0 in main.tab_pages.built)
    made = main.tab_pages.made.get(0) or main.tab_pages.built[0]
    assert opening.thread.isRunning() or opening.thread.isFinished()  # begun once the page was made
    qtbot.waitUntil(lambda: main.session is not None)
    assert main.page(0) is made and made.model.rowCount() == 3
    main.close()

    again = starting_up(qtbot, settings, journal.path)
    again.close()  # while the tab's modules load: the opening never begins
    qtbot.wait(100)
    assert again.session is None
    free = open_for_app(journal.path)
    assert free.outcome is Outcome.OPENED, free.sentence  # not locked by an opening begun after the close
    free.journal.close()
    free.lock.unlock()


def test_qt_own_buttons_are_named_once_the_start_up_journal_is_shown_not_before_the_first_frame(
        qtbot, settings, journal):
    """Naming them walks every widget of the window (1-4 ms): not in the first frame's turn."""
    fill(journal, journal=entries(3))
    journal.close()
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.opener.prepare_startup(journal.path, demo=False)
    dock_close = main.today_dock.findChild(QAbstractButton, "qt_dockwidget_closebutton")
    assert dock_close is not None and dock_close.toolTip() == ""
    main.show()
    main.opener.open_at_startup(journal.path, demo=False)
    qtbot.waitUntil(lambda: main.session is not None)
    assert dock_close.toolTip() == "Close the panel (the View menu brings it back)"
    main.close()


def test_a_start_up_journal_opened_as_its_window_closed_is_given_back(qtbot, settings, journal):
    """The opening ended while the window closed: its result, still queued, is given back, not shown."""
    from masterydesk.services.journals import Outcome, open_for_app

    journal.close()
    main = starting_up(qtbot, settings, journal.path)
    loading, opening = main.opener.startup_jobs
    loading.wait()  # no event is handled from here to the close: each result stays queued
    main.opener._make_page_then_open(0, opening)  # what the loading's result does once handled
    opening.wait()
    main.close()
    qtbot.wait(100)  # the queued results arrive
    assert main.session is None
    free = open_for_app(journal.path)
    assert free.outcome is Outcome.OPENED, free.sentence  # its lock was let go of
    free.journal.close()
    free.lock.unlock()


def test_a_page_made_ahead_is_the_one_put_in_its_tab_once_the_journal_is_open(qtbot, settings, journal):
    fill(journal, journal=entries(3))
    journal.close()
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show()
    main.tab_pages.make_ahead(0)  # as the start-up does while its journal opens
    made = main.tab_pages.made[0]
    assert main.tabs.widget(0) is not made and not made.isVisible()
    assert main.open_journal_path(journal.path)
    assert main.page(0) is made and main.tabs.widget(0) is made and made.isVisible()
    assert made.model.rowCount() == 3
    main.close()


def test_a_start_up_journal_that_did_not_open_is_explained_at_once(qtbot, settings, window, journal_path):
    from masterydesk.services.journals import Outcome, open_for_app

    other = MainWindow(settings)  # `window` holds the journal, as another MasteryDesk would
    qtbot.addWidget(other)
    other.show()
    refused = open_for_app(journal_path)
    assert refused.outcome is Outcome.LOCKED
    other.opener._on_startup_journal_opened(refused)
    assert other.opener.opened_at_startup is None  # nothing waits for the next turn
    assert "already open in another MasteryDesk" in other.opener.last_message_box.text()
    other.close()


def test_a_journal_opens_and_its_today_panel_fills_without_the_modules_that_write(journal, tmp_path):
    # Saving loads SQLAlchemy's ORM and the journal's table models (0.1 s of Python): the open does
    # not wait for them; they load on their own a moment after the journal is shown.
    fill(journal, journal=entries(30))
    journal.close()
    script = textwrap.dedent(f"""
        import datetime as dt, json, sys, threading, time
        from pathlib import Path
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        from masterydesk.ui import shown_journal
        from masterydesk.ui.main_window import MainWindow

        def wait(done):
            deadline = time.monotonic() + 60
            while not done() and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.01)

        shown_journal.WRITING_AFTER_MS = 4000  # time enough to look before they load
        app = QApplication([])
        window = MainWindow(QSettings(r"{tmp_path / 's.ini'}", QSettings.Format.IniFormat))
        window.show()
        opened = window.open_journal_path(Path(r"{journal.path}"))
        wait(lambda: window.today_dock.list.count() > 0)
        shown = "sqlalchemy.orm" in sys.modules
        wait(lambda: "masterydesk.services.editing" in sys.modules
             and not any(t.name == "masterydesk-writing" for t in threading.enumerate()))
        loaded = "sqlalchemy.orm" in sys.modules
        from masterydesk.domain import records as r
        window.session.save(r.JournalEntry("new", dt.date(2025, 1, 1), r.EntryKind.PRACTICE, "Later", 20), text="Add")
        wait(lambda: window.page(0).count_label.text() == "31 entries")  # counted on the worker thread
        print(json.dumps([opened, shown, loaded, window.page(0).count_label.text()]), flush=True)
        window.close()
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert __import__("json").loads(result.stdout.strip().splitlines()[-1]) == [True, False, True, "31 entries"]


def _place_in(window, view) -> tuple:
    """Where a list sits in the window, and its columns' widths in the order they are shown."""
    corner = view.mapTo(window, view.rect().topLeft())
    header = view.horizontalHeader()
    shown = [header.logicalIndex(position) for position in range(header.count())]
    return corner.x(), corner.y(), view.width(), [header.sectionSize(column) for column in shown], shown


def test_the_first_look_shows_its_rows_where_the_list_was_when_the_window_closed(qtbot, settings, journal):
    """The next start's first look takes the page's place and columns: the rows stay put when the page
    replaces it. A column the user widened stays wide on the page too."""
    from masterydesk.ui.journal.list_look import SUMMARY_COLUMN

    fill(journal, journal=entries(80))
    journal.close()
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show()
    assert main.open_journal_path(journal.path)
    page = main.page(0)
    page.view.horizontalHeader().resizeSection(SUMMARY_COLUMN, 300)
    qtbot.waitUntil(lambda: page.view.isVisible())
    before = _place_in(main, page.view)
    size = main.size()
    main.close()

    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.resize(size)  # as the window manager gives it back (offscreen, the saved geometry comes back smaller)
    again.opener.prepare_startup(journal.path, demo=False)
    again.show()
    again.opener.look_at_startup()
    look = again.opener.first_look
    qtbot.waitUntil(lambda: look.view.isVisible())
    assert look.model.rowCount() == 60
    assert _place_in(again, look.view) == before
    again.opener.open_at_startup(journal.path, demo=False)
    qtbot.waitUntil(lambda: again.session is not None and again.opener.first_look is None)
    assert _place_in(again, again.page(0).view) == before
    again.close()


@pytest.mark.parametrize("saved", [
    "not json", '{"margins": [1, 2, 3]}', "[]",
    '{"margins": [0, 0, 0, 0], "widths": [1, 2, 3, 4, 5], "order": [0, 0, 1, 2, 3], "width": 900}',
    '{"margins": [0, 0, -5, 0], "widths": [1, 2, 3, 4, 5], "order": [0, 1, 2, 3, 4], "width": 900}',
    '{"margins": [0, 0, 0, 0], "widths": [1, 2, 3, 4, 5], "order": [0, 1, 2, 3, 4]}',
])
def test_a_place_that_cannot_be_read_gives_the_default_columns(qtbot, settings, journal, saved):
    from masterydesk.ui.journal.list_look import PLACE_KEY, SHOWN_ORDER, default_widths

    journal.close()
    settings.setValue(PLACE_KEY, saved)
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.opener.prepare_startup(journal.path, demo=False)
    header = main.opener.first_look.view.horizontalHeader()
    assert [header.logicalIndex(position) for position in range(header.count())] == list(SHOWN_ORDER)
    assert [header.sectionSize(column) for column in range(4)] == default_widths(header)[:4]  # the last stretches


def test_the_kind_column_shows_that_an_entry_is_private_from_the_first_start(qtbot, settings, journal):
    from masterydesk.ui.journal.list_look import KIND_COLUMN

    journal.close()
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.opener.prepare_startup(journal.path, demo=False)
    view = main.opener.first_look.view
    words = max(view.fontMetrics().horizontalAdvance(text) for text in ("Interaction · private", "Reflection · private"))
    assert view.horizontalHeader().sectionSize(KIND_COLUMN) >= words + 16 + 8  # its icon and padding beside


def test_a_place_saved_on_a_larger_screen_leaves_the_first_look_its_list_whole(qtbot, settings, journal):
    """Saved in a 3000 px wide page with a 2000 px record pane, the place would leave no list in a
    smaller window: the first look keeps the style's margins there."""
    from masterydesk.ui.journal.list_look import PLACE_KEY, SHOWN_ORDER, WIDTHS, save_place

    fill(journal, journal=entries(80))
    journal.close()
    save_place(settings, {"margins": [9, 96, 2000, 9], "widths": list(WIDTHS), "order": list(SHOWN_ORDER),
                          "width": 3000})
    assert settings.value(PLACE_KEY)
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.resize(1000, 700)
    main.opener.prepare_startup(journal.path, demo=False)
    main.show()
    main.opener.look_at_startup()
    look = main.opener.first_look
    qtbot.waitUntil(lambda: look.view.isVisible() and look.view.width() > look.width() // 2)
    assert look.layout().contentsMargins().right() < 100

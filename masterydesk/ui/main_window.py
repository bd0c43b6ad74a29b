"""The main window: six tabs built when first shown, menus, toolbar, Today panel, status line.

The window paints before the journal is opened: SQLAlchemy and the tabs' modules load after.
Nothing before the first paint touches PySide's `Qt` namespace, whose enums take 20-30 ms to
build: the Today panel and the status line, which show a journal, are built when one opens.
For the same reason the Qt classes only later code uses (dialogs, the Today list) are imported
where they are used: each costs about a millisecond the first time PySide sees it.
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QTabWidget, QToolBar, QWidget

from masterydesk.ui.icons import app_icon, icon
from masterydesk.ui.theme import THEMES, apply_theme, current_theme

TABS = (
    ("Journal", "masterydesk.ui.journal.journal_tab", "JournalTab", "entry"),
    ("Skill Map", "masterydesk.ui.skills.skill_map_tab", "SkillMapTab", "skill-map"),
    ("Projects", "masterydesk.ui.projects.projects_tab", "ProjectsTab", "project"),
    ("Community", "masterydesk.ui.community.community_tab", "CommunityTab", "community"),
    ("Career", "masterydesk.ui.career.career_tab", "CareerTab", "career"),
    ("Insights", "masterydesk.ui.insights", "InsightsTab", "insights"),
)
TAB_NAMES = tuple(tab[0] for tab in TABS)
JOURNAL_FILTER = "MasteryDesk journals (*.sqlite *.mdj);;All files (*)"
# Which tab shows a record of each collection when the Today panel or a search jumps to it.
# What the Today panel reads: a journal entry saved does not change it.
TODAY_DEPENDS_ON = ("skills", "contacts", "checkins", "applications", "teaching", "settings")
TAB_OF = {"skills": 1, "journal": 0, "projects": 2, "applications": 2, "contacts": 3,
          "communities": 3, "interactions": 3, "roles": 4}


class MainWindow(QMainWindow):
    """One window on one journal at a time."""

    sig_journal_opened = Signal(object)  # the JournalSession

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.session = None
        self.today = dt.date.today()
        self.lock = None
        self.welcome_flow = None
        self.setWindowTitle("MasteryDesk")
        self.setWindowIcon(app_icon())
        self.resize(1280, 820)
        self.undo_group = QUndoGroup(self)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._pages: dict[int, QWidget] = {}
        for name, _module, _cls, icon_name in TABS:
            self.tabs.addTab(QWidget(), icon(icon_name), name)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self.today_dock = None
        self._today_put_away = False
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._restore_window_state()
        from masterydesk.ui.journal_opener import JournalOpener

        self.opener = JournalOpener(self)

    # --- building --------------------------------------------------------------------------

    def _build_today_panel(self) -> None:
        """The Today panel and the status line, the first time a journal opens."""
        from PySide6.QtCore import Qt  # not at import: see the module's note

        from masterydesk.ui.today_panel import TodayPanel

        self.today_dock = TodayPanel(self)
        self.today_dock.sig_record_requested.connect(self.show_record)
        self.today_dock.sig_insights_requested.connect(lambda: self.tabs.setCurrentIndex(TAB_NAMES.index("Insights")))
        self.statusBar().addWidget(self.today_dock.status_label, 1)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.today_dock)
        self.resizeDocks([self.today_dock], [280], Qt.Orientation.Horizontal)
        self.today_dock.show()  # a widget added to a window already shown starts hidden
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)  # where the user left the panel, and whether they closed it
        self.view_menu.insertAction(self.theme_menu.menuAction(), self.today_dock.toggleViewAction())

    def _action(self, text: str, slot, shortcut=None, tip: str = "", icon_name: str = "") -> QAction:
        action = QAction(icon(icon_name), text, self) if icon_name else QAction(text, self)
        if shortcut is not None:
            action.setShortcuts([QKeySequence(shortcut)])  # setShortcut would build the Qt enums
        action.setStatusTip(tip or text.replace("&", "").rstrip("…"))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        S = QKeySequence.StandardKey
        self.new_journal_action = self._action("&New journal…", self._on_new_journal, "Ctrl+Shift+N",
                                               icon_name="new-journal")
        self.open_action = self._action("&Open journal…", self.ask_and_open_journal, S.Open, icon_name="folder")
        self.import_action = self._action("&Import…", self.ask_and_import, icon_name="import")
        self.export_action = self._action("&Export…", self._on_export, icon_name="export")
        self.backups_action = self._action("&Backups…", self._on_backups, icon_name="backup")
        self.protect_action = self._action("&Protect with a passphrase…", lambda: self._on_protection("set"))
        self.change_passphrase_action = self._action("&Change the passphrase…", lambda: self._on_protection("change"))
        self.remove_passphrase_action = self._action("&Remove the passphrase…", lambda: self._on_protection("remove"))
        self.quit_action = self._action("&Quit", self.close, S.Quit)
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence(S.Undo)])
        self.undo_action.setIcon(icon("undo"))
        # The toolbar keeps saying Undo and Redo; the menu and the tooltip name the edit. A button
        # that grew to "Undo Add journal entry" would move the toolbar and repaint the window.
        self.undo_action.setIconText("Undo")
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence(S.Redo)])
        self.redo_action.setIcon(icon("redo"))
        self.redo_action.setIconText("Redo")
        self.new_entry_action = self._action("&New entry", self._on_new_entry, S.New, icon_name="entry")
        self.delete_action = self._action("&Delete", self._on_delete, "Ctrl+Del", "Delete the selected record",
                                          icon_name="delete")
        self.find_action = self._action("&Find…", self._on_find, S.Find, "Search the journal", icon_name="search")
        self.quick_log_action = self._action("&Quick log…", self._on_quick_log, "Ctrl+L",
                                             "Log practice, an application, teaching or an interaction",
                                             icon_name="quick-log")
        self.guide_action = self._action("&User guide", self._on_user_guide, S.HelpContents, icon_name="help")
        self.about_action = self._action("&About MasteryDesk", self._on_about, icon_name="about")
        self.theme_group = QActionGroup(self)
        self.theme_actions = {}
        for name in THEMES:
            action = self._action(name.title(), lambda _=False, n=name: self.set_theme(n))
            action.setCheckable(True)
            action.setChecked(name == current_theme())
            self.theme_group.addAction(action)
            self.theme_actions[name] = action
        self.tab_actions = []
        for number, name in enumerate(TAB_NAMES, start=1):
            action = self._action(name, lambda _=False, n=number - 1: self.tabs.setCurrentIndex(n), f"Ctrl+{number}")
            self.tab_actions.append(action)
        self.addActions([*self.tab_actions, self.quick_log_action])
        self.journal_actions = [self.import_action, self.export_action, self.backups_action,
                                self.new_entry_action, self.delete_action, self.quick_log_action]
        self.protection_actions = [self.protect_action, self.change_passphrase_action, self.remove_passphrase_action]
        for action in self.protection_actions:
            action.setEnabled(False)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions([self.new_journal_action, self.open_action])
        self.recent_menu = file_menu.addMenu("Open &recent")
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.export_action, self.backups_action])
        file_menu.addSeparator()
        file_menu.addActions([self.protect_action, self.change_passphrase_action, self.remove_passphrase_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.new_entry_action, self.quick_log_action, self.delete_action, self.find_action])
        self.view_menu = self.menuBar().addMenu("&View")
        self.view_menu.addActions(self.tab_actions)
        self.view_menu.addSeparator()
        self.theme_menu = self.view_menu.addMenu(icon("theme"), "&Theme")
        self.theme_menu.addActions(list(self.theme_actions.values()))
        self.help_menu = self.menuBar().addMenu("&Help")
        self.help_menu.addActions([self.guide_action, self.about_action])
        from masterydesk.ui.recent_journals import RecentJournals

        self.recent = RecentJournals(self.settings, self.recent_menu, self.open_journal_path)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setProperty("toolButtonStyle", "ToolButtonTextBesideIcon")  # by name: see the module's note
        toolbar.addActions([self.quick_log_action, self.new_entry_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addAction(self.find_action)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    # --- tabs ------------------------------------------------------------------------------

    def page(self, index: int) -> QWidget:
        """The tab's page, built on first use."""
        if index not in self._pages:
            name, module_name, class_name, icon_name = TABS[index]
            page = getattr(importlib.import_module(module_name), class_name)()
            self._pages[index] = page
            current = self.tabs.currentIndex()
            self.tabs.blockSignals(True)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, page, icon(icon_name), name)
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(False)
            if hasattr(page, "restore_state"):
                page.restore_state(self.settings)
            self.hand_session(page)
        return self._pages[index]

    def hand_session(self, page: QWidget) -> None:
        if hasattr(page, "set_session"):
            page.set_session(self.session)
        elif hasattr(page, "set_journal"):
            page.set_journal(self.session.journal if self.session else None)

    def _on_tabs_current_changed(self, index: int) -> None:
        if self.session is not None:
            self.page(index)

    def show_record(self, collection: str, record_id: str) -> None:
        """Switch to the tab that shows the record and select it there."""
        index = TAB_OF.get(collection)
        if index is None:
            return
        self.tabs.setCurrentIndex(index)
        page = self.page(index)
        if hasattr(page, "select_record"):
            page.select_record(collection, record_id)

    # --- journals --------------------------------------------------------------------------

    def open_startup_journal(self, db: Path | None, demo: bool) -> None:
        """The journal the app opens on: the demo, the one named, the user's own, or the welcome page."""
        from masterydesk.paths import default_journal

        if demo:
            self.open_demo_journal()
        elif db is not None:
            self.open_journal_path(db, create=True)
        elif default_journal().exists():
            self.open_journal_path(default_journal())
        else:
            self.show_welcome()

    def open_demo_journal(self) -> bool:
        from masterydesk.paths import demo_journal

        path = demo_journal()
        if not path.exists():
            from masterydesk.services.demo import create_demo_journal

            create_demo_journal(path)
        return self.open_journal_path(path)

    def show_welcome(self) -> None:
        """The first-run page: start a journal, open the demo, open a file or import."""
        from masterydesk.ui.welcome.welcome_flow import WelcomeFlow

        self.welcome_flow = self.welcome_flow or WelcomeFlow(self)
        self.welcome_flow.show()

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(TAB_NAMES.index(name))

    def open_journal_path(self, path: Path, create: bool = False, read_only: bool = False) -> bool:
        """Open a journal in this window; a refused file is explained and left untouched."""
        return self.opener.open(Path(path), create=create, read_only=read_only)

    def attach_journal(self, journal, lock) -> None:
        """Show an opened journal (closing the one shown): its session, tabs, Today panel and backup."""
        from masterydesk.ui.session import JournalSession

        self.close_journal()
        self.lock = lock
        self.session = JournalSession(journal, self)
        self.session.sig_changed.connect(self._on_session_changed)
        self.session.sig_error.connect(self.show_error)
        self.undo_group.addStack(self.session.undo_stack)
        self.undo_group.setActiveStack(self.session.undo_stack)
        self.recent.remember(journal.path)
        suffix = " (read-only)" if journal.read_only else ""
        self.setWindowTitle(f"{journal.path.name}{suffix} — MasteryDesk")
        self.show_journal_panels()
        for action in self.journal_actions:
            action.setEnabled(True)
        self._enable_protection_actions(journal)
        for page in self._pages.values():
            self.hand_session(page)
        self.page(self.tabs.currentIndex())
        # Today reads every skill's evidence (0.2 s on ten years): the newest entries paint first.
        # A zero timer would run before the paint the new page's layout posts; a timed one after it.
        self.today_dock.list.clear()
        QTimer.singleShot(1, self.refresh_today)
        if not journal.read_only:
            self._back_up_in_background(journal.path)
        self.sig_journal_opened.emit(self.session)

    def _enable_protection_actions(self, journal) -> None:
        from masterydesk.services.protection import is_protected

        protected = is_protected(journal.path)
        self.protect_action.setEnabled(not journal.read_only and not protected)
        for action in (self.change_passphrase_action, self.remove_passphrase_action):
            action.setEnabled(not journal.read_only and protected)

    def _on_protection(self, mode: str) -> None:
        from masterydesk.ui.passphrase_dialog import change_protection

        if self.session is not None:
            self.passphrase_dialog = change_protection(self, mode)

    def hide_today_panel(self) -> None:
        """No journal to attend to (the welcome page, a refused file); it comes back with one."""
        if self.today_dock is not None and self.today_dock.isVisible():
            self.today_dock.hide()
            self._today_put_away = True

    def show_journal_panels(self) -> None:
        self.stack.setCurrentWidget(self.tabs)
        if self.today_dock is None:
            self._build_today_panel()  # shown or hidden as the user left it
        elif self._today_put_away:
            self.today_dock.show()
            self._today_put_away = False

    def paint_now(self) -> None:
        """Lay out and paint the window at once, before the slow work that follows."""
        from PySide6.QtCore import QEvent

        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.repaint()

    def _back_up_in_background(self, path: Path) -> None:
        """The daily backup: a copy of a large journal takes seconds, so it does not hold up the window."""
        from masterydesk.services.backups import ensure_recent_backup
        from masterydesk.ui.worker import Background

        self.backup_job = Background(lambda: ensure_recent_backup(path), self)
        self.backup_job.sig_failed.connect(lambda message: self.statusBar().showMessage(
            f"The daily backup could not be made: {message}", 15000))
        self.backup_job.start()

    def close_journal(self) -> None:
        if self.session is None:
            return
        if getattr(self, "backup_job", None) is not None:
            self.backup_job.wait()  # the copy finishes before the journal closes
        self.undo_group.removeStack(self.session.undo_stack)
        self.session.close()
        self.session = None
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None

    def _on_session_changed(self, changes) -> None:
        for page in self._pages.values():
            if hasattr(page, "on_changes"):
                page.on_changes(changes)
        if changes.affects(*TODAY_DEPENDS_ON):
            self.refresh_today()

    def refresh_today(self) -> None:
        """The Today panel and the status line: what needs attention."""
        if self.today_dock is not None:
            self.today_dock.refresh(self.session.journal if self.session else None, self.today)

    # --- window state -------------------------------------------------------------------------

    def _restore_window_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        self.tabs.setCurrentIndex(int(self.settings.value("window/tab", 0)))

    def closeEvent(self, event) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/tab", self.tabs.currentIndex())
        for page in self._pages.values():
            if hasattr(page, "save_state"):
                page.save_state(self.settings)
        self.settings.sync()
        self.close_journal()
        super().closeEvent(event)

    # --- actions ---------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        """A sentence the user can act on, shown as plain text."""
        from PySide6.QtCore import Qt  # not at import: see the module's note
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, "MasteryDesk", message, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        self.last_message_box = box

    def _on_new_journal(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, "New journal", str(Path.home() / "journal.sqlite"), JOURNAL_FILTER)
        if path:
            if Path(path).exists():
                self.show_error(f"{Path(path).name} already exists; use Open journal to open it.")
                return
            self.open_journal_path(Path(path), create=True)

    def ask_and_open_journal(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Open journal", str(Path.home()), JOURNAL_FILTER)
        if path:
            self.open_journal_path(Path(path))

    def ask_and_import(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from masterydesk.ui.import_dialog import open_import_dialog

        path, _ = QFileDialog.getOpenFileName(self, "Import", str(Path.home()),
                                              "Importable files (*.json *.vcf *.csv);;All files (*)")
        if path and self.session is not None:
            self.import_dialog = open_import_dialog(self, self.session, Path(path))
            self.import_dialog.accepted.connect(
                lambda: self.statusBar().showMessage(self.import_dialog.summary, 8000))

    def _on_export(self) -> None:
        from masterydesk.ui.export_dialog import open_export_dialog

        if self.session is not None:
            self.export_dialog = open_export_dialog(self, self.session)
            self.export_dialog.accepted.connect(
                lambda: self.statusBar().showMessage(f"Exported to {self.export_dialog.written}.", 8000))

    def _on_backups(self) -> None:
        from masterydesk.ui.backups_dialog import BackupsDialog

        if self.session is not None:
            path = self.session.journal.path
            self.backups_dialog = BackupsDialog(path, self)
            # The journal is closed before a backup takes its place, then opened again.
            self.backups_dialog.sig_restore_confirmed.connect(lambda _path: self.close_journal())
            self.backups_dialog.sig_restored.connect(lambda _kept: self.open_journal_path(path))
            self.backups_dialog.open()

    def _on_new_entry(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.page(0).start_new_entry()

    def _on_find(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.page(0).focus_search()

    def _on_delete(self) -> None:
        page = self.tabs.currentWidget()
        if hasattr(page, "delete_selected"):
            page.delete_selected()

    def set_theme(self, name: str) -> None:
        """Follow the system's light or dark scheme, or force one; charts follow the palette."""
        apply_theme(QApplication.instance(), name)
        self.theme_actions[name].setChecked(True)

    def _on_user_guide(self) -> None:
        from masterydesk.ui.help import UserGuideDialog

        self.guide = UserGuideDialog(self)
        self.guide.open()

    def _on_about(self) -> None:
        from masterydesk.services.journals import backups_folder_of
        from masterydesk.ui.help import AboutDialog

        path = self.session.journal.path if self.session else None
        self.about = AboutDialog(path, backups_folder_of(path) if path else None, self)
        self.about.open()

    def _on_quick_log(self) -> None:
        from masterydesk.ui.quick_log import QuickLogDialog

        if self.session is not None:
            self.quick_log = QuickLogDialog(self.session, self)
            self.quick_log.open()


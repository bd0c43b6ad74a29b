"""The main window: its layout (the six tabs, the welcome page in their place), menus and toolbar.

What the window does lives beside it, each part taking the window: journal_opener opens a journal,
shown_journal attaches it and closes it, tab_pages builds the tabs' pages and hands them the journal,
today_wiring docks and refreshes the Today panel, menu_commands carries out the menus' commands.

The window paints before the journal is opened: SQLAlchemy and the tabs' modules load after, and
PySide's `Qt` namespace is made after (app.py says why). The Qt classes only later code uses
(dialogs, menus of a journal) are imported where they are used: each costs about a millisecond the
first time PySide sees it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QTabWidget, QToolBar, QWidget

from masterydesk.ui import menu_commands as commands
from masterydesk.ui.icons import app_icon, icon
from masterydesk.ui.journal_opener import JournalOpener
from masterydesk.ui.shown_journal import ShownJournal
from masterydesk.ui.tab_pages import TAB_NAMES, TabPages
from masterydesk.ui.theme import THEMES, current_theme
from masterydesk.ui.today_wiring import TodayWiring


class MainWindow(QMainWindow):
    """One window on one journal at a time."""

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.session = None  # the JournalSession of the journal shown: see shown_journal
        self.welcome_flow = None
        self.today_dock = None  # docked when the first journal opens: see today_wiring
        self.qt_buttons_named = False  # Qt's own icon buttons get names once a journal is shown
        self.setWindowTitle("MasteryDesk")
        self.setWindowIcon(app_icon())
        self._fit_to_screen(1280, 820)
        self.undo_group = QUndoGroup(self)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tab_pages = TabPages(self)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        # The status bar is there from the first frame: made when the Today panel first says
        # something, it shrank the tabs' page by its height under the rows already painted.
        self.statusBar()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._restore_window_state()
        self.opener = JournalOpener(self)
        self.shown_journal = ShownJournal(self)
        self.today_wiring = TodayWiring(self)
        self.sync_wiring = None  # built with the first journal shown: see build_sync_menus
        self._add_trust_actions()

    # --- menus and toolbar -----------------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, tip: str = "", icon_name: str = "") -> QAction:
        action = QAction(icon(icon_name), text, self) if icon_name else QAction(text, self)
        if shortcut is not None:
            action.setShortcuts([QKeySequence(shortcut)])  # setShortcut would build the Qt enums
        action.setStatusTip(tip or text.replace("&", "").rstrip("…"))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        S = QKeySequence.StandardKey
        self.new_journal_action = self._action("&New journal…", lambda: commands.ask_for_new_journal(self),
                                               "Ctrl+Shift+N", icon_name="new-journal")
        self.open_action = self._action("&Open journal…", lambda: commands.ask_and_open_journal(self), S.Open,
                                        icon_name="folder")
        self.import_action = self._action("&Import…", lambda: commands.ask_and_import(self), icon_name="import")
        self.export_action = self._action("&Export…", lambda: commands.open_export(self), icon_name="export")
        self.backups_action = self._action("&Backups…", lambda: commands.open_backups(self), icon_name="backup")
        self.protect_action = self._action("&Protect with a passphrase…",
                                           lambda: commands.change_passphrase(self, "set"))
        self.change_passphrase_action = self._action("&Change the passphrase…",
                                                     lambda: commands.change_passphrase(self, "change"))
        self.remove_passphrase_action = self._action("Re&move the passphrase…",
                                                     lambda: commands.change_passphrase(self, "remove"))
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
        self.new_entry_action = self._action("&New entry", lambda: commands.start_new_entry(self), S.New,
                                             icon_name="entry")
        self.delete_action = self._action("&Delete", lambda: commands.delete_selected(self), "Ctrl+Del",
                                          "Delete the selected record", icon_name="delete")
        self.find_action = self._action("&Find…", lambda: commands.find_in_journal(self), S.Find,
                                        "Search the journal", icon_name="search")
        self.quick_log_action = self._action("&Quick log…", lambda: commands.open_quick_log(self), "Ctrl+L",
                                             "Log practice, an application, teaching or an interaction",
                                             icon_name="quick-log")
        self.settings_action = self._action("Se&ttings…", lambda: commands.open_settings(self), "Ctrl+,",
                                            "The thresholds of the tier rules and of application strength")
        self.settings_action.setProperty("menuRole", "PreferencesRole")  # by name: see the module's note
        self.guide_action = self._action("&User guide", lambda: commands.open_user_guide(self), S.HelpContents,
                                         icon_name="help")
        self.about_action = self._action("&About MasteryDesk", lambda: commands.open_about(self), icon_name="about")
        self.theme_group = QActionGroup(self)
        self.theme_actions = {}
        for name in THEMES:
            action = self._action(f"&{name.title()}", lambda _=False, n=name: commands.set_theme(self, n))
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
                                self.new_entry_action, self.delete_action, self.quick_log_action, self.settings_action]
        self.protection_actions = [self.protect_action, self.change_passphrase_action, self.remove_passphrase_action]
        for action in self.protection_actions:
            action.setEnabled(False)

    def _build_menus(self) -> None:
        file_menu = self.file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions([self.new_journal_action, self.open_action])
        self.recent_menu = file_menu.addMenu("Open &recent")
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.export_action, self.backups_action])
        file_menu.addSeparator()
        file_menu.addActions([self.protect_action, self.change_passphrase_action, self.remove_passphrase_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.new_entry_action, self.quick_log_action, self.delete_action, self.find_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.settings_action)
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

    def _add_trust_actions(self) -> None:
        """Identity, review requests and answers, credentials, coaching views (ui.trust_wiring, ui.coaching)."""
        from masterydesk.ui.trust_wiring import TrustWiring

        self.trust_wiring = TrustWiring(self)
        for action in self.trust_wiring.file_actions():
            self.file_menu.insertAction(self.protect_action, action)
        self.coaching_action = self._action("Open coac&hing views…", self._open_coaching_views)
        self.file_menu.insertAction(self.protect_action, self.coaching_action)
        self.file_menu.insertSeparator(self.protect_action)
        self.help_menu.insertActions(self.about_action, self.trust_wiring.help_actions())

    def _open_coaching_views(self) -> None:
        from masterydesk.ui.coaching import open_coaching_views

        open_coaching_views(self)

    def build_sync_menus(self) -> None:
        """File ▸ Sync, Edit ▸ Sync conflicts… and the sync status: built when the first journal is
        shown, not before the first paint (a few milliseconds of widgets the first frame does without)."""
        if self.sync_wiring is not None:
            return
        from masterydesk.ui.sync_wiring import SyncWiring

        self.sync_wiring = SyncWiring(self)
        self.file_menu.insertMenu(self.quit_action, self.sync_wiring.menu())
        self.file_menu.insertSeparator(self.quit_action)
        self.edit_menu.insertAction(self.settings_action, self.sync_wiring.conflicts_action)
        self.edit_menu.insertSeparator(self.settings_action)
        self.statusBar().addPermanentWidget(self.sync_wiring.status_label)

    # --- what the window shows -------------------------------------------------------------

    def page(self, index: int) -> QWidget:
        """The tab's page, built on first use."""
        return self.tab_pages.page(index)

    def show_record(self, collection: str, record_id: str) -> None:
        """Switch to the tab that shows the record and select it there."""
        self.tab_pages.show_record(collection, record_id)

    def show_journal_panels(self, name_buttons: bool = True) -> None:
        """The tabs (not the welcome page) and the Today panel, for a journal; Qt's own buttons named
        unless asked not to (at start-up, before the first frame: they are named when the journal is
        shown, 0.3 s later)."""
        self.stack.setCurrentWidget(self.tabs)
        self.today_wiring.show()
        if name_buttons and not self.qt_buttons_named:
            from masterydesk.ui.widgets.accessible import name_qt_buttons, name_qt_buttons_of_pages

            name_qt_buttons(self)  # the toolbar's overflow, the tabs' scroll arrows, the Today panel's buttons
            name_qt_buttons_of_pages(self.tabs)  # and each page's, as it is built
            self.qt_buttons_named = True

    def show_welcome(self) -> None:
        """The first-run page: start a journal, open the demo, open a file or import."""
        from masterydesk.ui.welcome.welcome_flow import WelcomeFlow

        self.welcome_flow = self.welcome_flow or WelcomeFlow(self)
        self.welcome_flow.show()

    def show_error(self, message: str) -> None:
        """A sentence the user can act on, shown as plain text."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, "MasteryDesk", message, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        self.last_message_box = box

    # --- journals --------------------------------------------------------------------------

    def open_startup_journal(self, db: Path | None, demo: bool) -> None:
        """The journal the app opens on: the demo, the one named, the user's own, or the welcome page."""
        self.opener.open_at_startup(db, demo)

    def open_journal_path(self, path: Path, create: bool = False, read_only: bool = False) -> bool:
        """Open a journal in this window; a refused file is explained and left untouched."""
        return self.opener.open(Path(path), create=create, read_only=read_only)

    def close_journal(self) -> None:
        """Give the journal shown back (before a backup or a passphrase change replaces its file)."""
        self.shown_journal.close()

    # --- window state ----------------------------------------------------------------------

    def _fit_to_screen(self, width: int, height: int) -> None:
        """Open at this size, or at the size of a smaller screen (a 1024 × 768 laptop, say)."""
        screen = self.screen().availableGeometry()
        self.resize(min(width, screen.width()), min(height, screen.height()))

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
        self.tab_pages.save_state(self.settings)
        self.settings.sync()
        self.close_journal()
        super().closeEvent(event)

"""The Today panel in the window: docked with its status line when the first journal opens, put away
while no journal is shown, refreshed when what it reads changes; its Done and Snooze saved, undoably.

The panel shows a journal, so it is built when one is about to show: at start-up before the first
paint, so that the window's layout does not move when it docks. What it lists is read once the
journal is open.
"""

from __future__ import annotations

import datetime as dt

# What the Today panel reads: a journal entry saved does not change it.
TODAY_DEPENDS_ON = ("skills", "contacts", "checkins", "applications", "teaching", "settings")
PANEL_WIDTH = 280
# The window's state (QMainWindow.saveState) with the panel docked on the left, PANEL_WIDTH wide, and
# the toolbar on top: restoring it docks the panel without the Qt namespace's enums (app.py says why).
# tests/ui/test_main_window.py checks that it docks the panel as addDockWidget does; where a later Qt
# no longer places the panel from it, addDockWidget does.
DOCKED_ON_THE_LEFT = bytes.fromhex(
    "000000ff00000000fd000000010000000000000118000002e4fc0200000001fb000000140074006f006400610079005f"
    "0064006f0063006b010000003a000002e40000007200ffffff000003e2000002e4000000040000000400000008000000"
    "08fc00000001000000020000000100000018006d00610069006e005f0074006f006f006c0062006100720100000000ff"
    "ffffff0000000000000000")


class TodayWiring:
    """Places one MainWindow's Today panel (window.today_dock) and keeps it current."""

    def __init__(self, window) -> None:
        self.window = window
        self.today = dt.date.today()
        self.put_away = False  # hidden for want of a journal, not by the user
        self.reads = None  # the items being read (background_reads.NewestRead), made with the panel

    def show(self) -> None:
        """With a journal: the panel, built the first time (shown or hidden as the user left it)."""
        if self.window.today_dock is None:
            self._build()
        elif self.put_away:
            self.window.today_dock.show()
            self.put_away = False

    def hide(self) -> None:
        """No journal to attend to (the welcome page, a refused file); it comes back with one."""
        dock = self.window.today_dock
        if dock is not None and dock.isVisible():
            dock.hide()
            self.put_away = True

    def refresh(self) -> None:
        """The Today panel and the status line: what needs attention, read off the UI thread (0.2 s on ten years)."""
        from masterydesk.services.browse import today_items
        from masterydesk.ui.background_reads import NewestRead

        window = self.window
        if window.today_dock is None:
            return
        if self.reads is None:
            self.reads = NewestRead(window, self._on_items_read)
        if window.session is None:
            self.reads.forget()
            window.today_dock.show_nothing()
            return
        journal = window.session.journal
        self.reads.ask(lambda: (journal, today_items(journal, self.today)))

    def journal_attached(self) -> None:
        """A journal just shown: the last one's items go at once, its own come once read."""
        self.window.today_dock.show_nothing()
        self.refresh()

    def _on_items_read(self, read) -> None:
        journal, items = read
        session = self.window.session
        if session is not None and session.journal is journal and not session.closed:
            self.window.today_dock.show_items(items, writable=not journal.read_only)

    def on_changes(self, changes) -> None:
        if changes.affects(*TODAY_DEPENDS_ON):
            self.refresh()

    def follow_up_done(self, contact_id: str) -> None:
        """Clear the contact's follow-up: one undoable save."""
        from masterydesk.domain.follow_ups import follow_up_done

        self._save_follow_up(contact_id, follow_up_done, "Follow-up done", lambda c: f"Follow-up with {c.name} done")

    def follow_up_snoozed(self, contact_id: str) -> None:
        """Put the contact's follow-up a week after today: one undoable save."""
        from masterydesk.domain.follow_ups import follow_up_snoozed
        from masterydesk.services.figures import day_text

        self._save_follow_up(
            contact_id, lambda c: follow_up_snoozed(c, self.today), "Snooze follow-up",
            lambda c: f"Follow-up with {c.name} snoozed to {day_text(c.follow_up_on)}",
        )

    def _save_follow_up(self, contact_id: str, change, text: str, said) -> None:
        """Save the contact changed, saying so in the status bar (or why not, in a message)."""
        from masterydesk.domain.errors import MasteryDeskError
        from masterydesk.services.editing import read_records

        session = self.window.session
        if session is None:
            return
        found = read_records(session.journal, "contacts", [contact_id]).contacts
        if not found:  # deleted meanwhile: the list catches up
            self.refresh()
            return
        contact = change(found[0])
        try:
            session.save(contact, text=text)
        except MasteryDeskError as error:
            self.window.show_error(str(error))
            return
        self.window.statusBar().showMessage(said(contact), 8000)

    def _build(self) -> None:
        """Dock the panel on the left, its count in the status line and its toggle in the View menu."""
        from masterydesk.ui.today_panel import TodayPanel

        window = self.window
        dock = window.today_dock = TodayPanel(window)
        dock.sig_record_requested.connect(window.show_record)
        dock.sig_insights_requested.connect(lambda: window.tab_pages.show("Insights"))
        dock.sig_follow_up_done.connect(self.follow_up_done)
        dock.sig_follow_up_snoozed.connect(self.follow_up_snoozed)
        window.statusBar().addWidget(dock.status_label, 1)
        dock.show()  # a widget added to a window already shown starts hidden
        self._dock(dock)
        window.view_menu.insertAction(window.theme_menu.menuAction(), dock.toggleViewAction())

    def _dock(self, dock) -> None:
        """Where the user left the panel (and whether they closed it), else on the left."""
        window = self.window
        for state in (window.settings.value("window/state"), DOCKED_ON_THE_LEFT):
            # A state saved before the panel was ever built restores without placing it.
            if state is not None and window.restoreState(state) and window.layout().indexOf(dock) >= 0:
                return
        dock_on_the_left(window, dock)


def dock_on_the_left(window, dock) -> None:
    """The panel docked on the left, PANEL_WIDTH wide (makes the Qt namespace: see DOCKED_ON_THE_LEFT)."""
    from PySide6.QtCore import Qt

    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.resizeDocks([dock], [PANEL_WIDTH], Qt.Orientation.Horizontal)

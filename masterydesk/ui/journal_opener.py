"""Opening a journal in the window: the service's answer turned into what the user sees.

services.journals.open_for_app locks, checks and opens; this shows the newest entries while it
does, then hands the journal to the window (shown_journal), or offers what the answer allows:
read-only for a journal open elsewhere, the passphrase of a protected one, a backup or read-only
for a damaged one, else the sentence.

Which journal the app starts on is chosen here too, and it opens in steps that each keep the UI
thread for a few milliseconds (app.py calls them): the window shows the journal's panels, its
first exposure reads the newest entries into a first look (sqlite3 alone); after that first frame
the plain modules of the tab shown load on a worker thread and its page is made (hidden), then
SQLAlchemy loads and the file is checked on worker threads, and the page takes the first look's
place once the journal is open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMargins, QObject, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QVBoxLayout, QWidget

from masterydesk.ui.icons import icon
from masterydesk.ui.journal.list_look import (
    COLUMNS,
    KIND_COLUMN,
    KIND_ICONS,
    fits,
    kind_text,
    look_like_the_list,
    saved_place,
)

FIRST_LOOK_ROWS = 60  # more than a maximised window shows
SCROLL_BAR_ALWAYS_ON = 2  # Qt.ScrollBarPolicy.ScrollBarAlwaysOn, set by number before the first frame (app.py)
# What attaching a journal imports besides the tab shown. At start-up their plain modules (and the ui
# ones' plain dependencies: ui.imports_ahead) load off the UI thread after the open (they load
# SQLAlchemy: the tab's own, loaded beside the open, do not wait for it); the ui ones at the attach.
ATTACH_MODULES = ("masterydesk.ui.session", "masterydesk.services.protection", "masterydesk.services.backups",
                  "masterydesk.services.sync_state", "masterydesk.ui.sync_wiring")


class FirstLook(QWidget):
    """The newest rows of the journal's timeline and their count, in the Journal tab's place until
    its page is built: the window's first frame shows them without loading the tab's modules.

    Its columns are the page's, and its list sits where the page's list sat when the window last
    closed (place: ui.journal.list_look), so the rows stay put when the page takes over.
    """

    def __init__(self, parent: QWidget, place: dict | None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.verticalHeader().hide()
        look_like_the_list(self.view, place)
        self.count_label = QLabel()
        self.read = None  # what show_snapshot read: (rows, counts, how many rows it asked for)
        self.place = place
        layout = QVBoxLayout(self)
        self.style_margins = layout.contentsMargins()
        self.place_margins = QMargins(*place["margins"]) if place is not None else self.style_margins
        layout.setContentsMargins(self.place_margins)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

    def resizeEvent(self, event) -> None:
        """The style's margins where the place does not fit (a place saved on a larger screen)."""
        if self.place is not None:
            fitting = fits(self.place, event.size().width())
            self.layout().setContentsMargins(self.place_margins if fitting else self.style_margins)
        super().resizeEvent(event)

    def show_snapshot(self, snapshot) -> None:
        """The newest rows of a journal not yet open (a JournalSnapshot) and how many it holds."""
        from masterydesk.services.timeline import TimelineFilter, count_text, timeline_count, timeline_page

        everything = TimelineFilter()
        rows = timeline_page(snapshot, everything, None, FIRST_LOOK_ROWS)
        for row in rows:
            cells = [QStandardItem(text) for text in (row.date.isoformat(), "", row.skills, row.person, row.summary)]
            cells[KIND_COLUMN] = QStandardItem(icon(KIND_ICONS[row.kind]), kind_text(row.kind, row.private))
            self.model.appendRow(cells)
        if len(rows) == FIRST_LOOK_ROWS:
            # More rows than the list shows: its scroll bar is in this frame, as it is on the page
            # (as needed, it came a frame later, once the list had its size).
            self.view.setProperty("verticalScrollBarPolicy", SCROLL_BAR_ALWAYS_ON)
        counts = timeline_count(snapshot, everything)
        self.read = (rows, counts, FIRST_LOOK_ROWS)  # the Journal tab shows them without reading again
        self.count_label.setText(count_text(counts))
        # Laid out now, for the frame about to be painted: left to the view's own zero timer, its
        # scroll bar came after that frame and the rows were painted twice (5 ms, the same pixels).
        self.view.doItemsLayout()


class JournalOpener(QObject):
    """Opens journals for one MainWindow."""

    sig_checking = Signal(object)  # the path of the start-up journal: locked, unlocked, its pages being checked

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.snapshot = None
        self.last_message_box = None
        self.recovery = None
        self.startup_path: Path | None = None
        self.first_look: FirstLook | None = None
        self.startup_jobs = []
        self.opened_at_startup = None  # the start-up journal's opening, shown in the next turn of the event loop
        self.sig_checking.connect(self._on_startup_journal_checking)

    # --- the journal the app starts on ---------------------------------------------------------

    def prepare_startup(self, db: Path | None, demo: bool) -> None:
        """Before the window shows: the journal's panels and an empty first look, if a journal will open."""
        from masterydesk.paths import default_journal, demo_journal

        if demo:
            self.startup_path = demo_journal()
        elif db is not None:
            self.startup_path = Path(db)
        elif default_journal().exists():
            self.startup_path = default_journal()
        window = self.window
        if self.startup_path is None or not self.startup_path.exists() or window.tabs.currentIndex() != 0:
            return
        window.show_journal_panels(name_buttons=False)
        placeholder = window.tabs.widget(0)  # of the page not built yet, which will fill the same space
        self.first_look = FirstLook(placeholder, saved_place(window.settings))
        holder = QVBoxLayout(placeholder)
        holder.setContentsMargins(0, 0, 0, 0)
        holder.addWidget(self.first_look)

    def look_at_startup(self) -> None:
        """On the window's first exposure: the newest entries, read into the first look it paints."""
        if self.first_look is not None and self.snapshot is None:
            self._look_first(self.startup_path)

    def _look_first(self, path: Path) -> None:
        from masterydesk.services.journals import peek_journal

        # Only a head start: whatever stops it (a protected, damaged, busy or unreadable file), the
        # open that follows meets too and explains; here it just means no early look.
        try:
            self.snapshot = peek_journal(path)
            self.first_look.show_snapshot(self.snapshot)
        except Exception:
            self._close_snapshot()

    def open_at_startup(self, db: Path | None, demo: bool) -> None:
        """The journal the app opens on: the demo, the one named, the user's own, or the welcome page.

        The tab shown's plain modules load on a worker thread, then its ui modules load and its page
        is made (hidden) on the UI thread (ui.imports_ahead says why); then the journal opens on a
        worker. One after the other: the page made while the opening thread imported SQLAlchemy
        waited for the interpreter half the time (a 45-55 ms stall, 25-40 ms now); both are Python,
        so the journal opens no later (longest stall 45-53 against 50-60 ms, open for editing
        0.57-0.66 against 0.60-0.67 s, three batches of 8-10 interleaved rounds).
        """
        if self.startup_path is None:
            self.window.show_welcome()
            return
        from masterydesk.ui.imports_ahead import import_plain_dependencies
        from masterydesk.ui.tab_pages import TABS
        from masterydesk.ui.worker import Background

        path, create = self.startup_path, db is not None and not demo
        opening = Background(lambda: self._open_off_the_ui_thread(path, create, demo), self)
        opening.sig_finished.connect(lambda result: self._on_startup_opening_ended(opening, result))
        opening.sig_failed.connect(self._on_startup_open_failed)
        shown = self.window.tabs.currentIndex()
        loading = Background(lambda: import_plain_dependencies((TABS[shown][1],)), self)
        loading.sig_finished.connect(lambda _none: self._make_page_then_open(shown, opening))
        loading.sig_failed.connect(lambda _sentence: self._make_page_then_open(None, opening))
        self.startup_jobs = [loading, opening]
        loading.start()

    def _make_page_then_open(self, shown: int | None, opening) -> None:
        if opening not in self.startup_jobs:  # the window was closed meanwhile (wait_for_startup)
            return
        try:
            if shown is not None:
                self.window.tab_pages.make_ahead(shown)
        finally:  # a page that cannot be made is made again, and says why, once the journal is shown
            opening.start()

    def _open_off_the_ui_thread(self, path: Path, create: bool, demo: bool):
        import os

        from masterydesk.paths import PASSPHRASE_VARIABLE
        from masterydesk.services.journals import open_for_app

        if demo:
            from masterydesk.services.demo import ready_demo_journal

            path = ready_demo_journal()
        opening = open_for_app(path, create=create, before_open=self.sig_checking.emit,
                               passphrase=os.environ.get(PASSPHRASE_VARIABLE))
        from masterydesk.ui.imports_ahead import import_plain_dependencies

        import_plain_dependencies(ATTACH_MODULES)
        return opening

    def _on_startup_opening_ended(self, job, opening) -> None:
        """Show what the start-up's opening thread opened; if its window was closed meanwhile (the job
        is no longer waited for), give the journal back instead."""
        from masterydesk.services.journals import Outcome

        if job in self.startup_jobs:
            self._on_startup_journal_opened(opening)
        elif opening.outcome is Outcome.OPENED:
            opening.journal.close()
            opening.lock.unlock()

    def _on_startup_journal_opened(self, opening) -> None:
        """The Journal tab takes the first look's place now, and the journal in the next turn of the
        event loop: both in one turn stalled the window for 45-70 ms on ten years (the tab's
        construction, the session handed to it, and their layout and paint). A journal that did not
        open is explained at once."""
        from masterydesk.services.journals import Outcome

        if opening.outcome is not Outcome.OPENED:
            self._show_opening(opening, read_only=False, passphrase=None)
            return
        self._take_first_look_in()
        self.opened_at_startup = opening
        QTimer.singleShot(0, self, self._show_opened_at_startup)

    def _show_opened_at_startup(self) -> None:
        opening, self.opened_at_startup = self.opened_at_startup, None
        if opening is not None:
            self._show_opening(opening, read_only=False, passphrase=None)

    def _on_startup_journal_checking(self, path: Path) -> None:
        """A protected journal is unlocked only now: its first look is read here."""
        if self.first_look is not None and self.snapshot is None and self.window.session is None:
            self._look_first(path)

    def _take_first_look_in(self) -> None:
        """The Journal tab takes the first look's place with the rows it read (none read again).

        Only once the journal is open: a page whose model answers in Python, painted while the
        opening thread ran, waited for the interpreter at every cell (a 0.2-0.3 s stall); the first
        look's model answers in C++.
        """
        if self.first_look is None or self.snapshot is None or self.window.tabs.currentIndex() != 0:
            return
        self.window.page(0).show_snapshot(self.snapshot, self.first_look.read)
        self._drop_first_look()

    def _on_startup_open_failed(self, sentence: str) -> None:
        self._take_back_snapshot()
        self.window.show_error(sentence)

    def wait_for_startup(self) -> None:
        """Let the start-up journal's threads finish, and show what they opened (before the window
        closes: closing then gives the journal back); an opening not yet begun never begins."""
        jobs, self.startup_jobs = self.startup_jobs, []
        for job in jobs:
            job.wait()
        self._show_opened_at_startup()  # an opening that ended meanwhile, its result still queued, is given back

    def _drop_first_look(self) -> None:
        if self.first_look is not None:
            self.first_look.deleteLater()
            self.first_look = None

    def open_demo(self) -> bool:
        """The demo journal, made the first time."""
        from masterydesk.services.demo import ready_demo_journal

        return self.open(ready_demo_journal())

    def open(self, path: Path, create: bool = False, read_only: bool = False, damaged_read_only: bool = False,
             passphrase: str | None = None) -> bool:
        """Open the journal in the window; a refused file is explained and left untouched.

        A protected journal opens with MASTERYDESK_PASSPHRASE, or the passphrase is asked for.
        """
        import os

        from masterydesk.paths import PASSPHRASE_VARIABLE
        from masterydesk.services.journals import open_for_app

        early_look = None if damaged_read_only else self._show_newest_entries_first
        opening = open_for_app(path, create=create, read_only=read_only, even_if_damaged=damaged_read_only,
                               before_open=early_look,
                               passphrase=passphrase or os.environ.get(PASSPHRASE_VARIABLE))
        return self._show_opening(opening, read_only, passphrase)

    def _show_opening(self, opening, read_only: bool, passphrase: str | None) -> bool:
        """The journal opened, in the window; else what the refusal allows."""
        from masterydesk.services.journals import Outcome

        if opening.outcome is Outcome.OPENED:
            self._take_first_look_in()
            self.window.shown_journal.attach(opening.journal, opening.lock)
            self._drop_first_look()
            self._close_snapshot()  # the Journal tab reads the open journal now
            return True
        self._take_back_snapshot()
        if opening.outcome is Outcome.LOCKED:
            self._offer_read_only(opening.path, opening.sentence)
        elif opening.outcome is Outcome.NEEDS_PASSPHRASE:
            if self._open_with_kept_passphrase(opening.path, read_only, tried=passphrase):
                return True
            self._ask_passphrase(opening.path, opening.sentence if passphrase else "", read_only)
        elif opening.outcome is Outcome.DAMAGED and opening.recoverable:
            self._offer_recovery(opening.path, opening.sentence)
        else:
            self.window.show_error(opening.sentence)
        return False

    # --- the early look ------------------------------------------------------------------------

    def _show_newest_entries_first(self, path: Path) -> None:
        """Paint the newest entries read through sqlite3 alone, before the journal is opened.

        Opening loads SQLAlchemy and checks every page of the file: half a second on ten years,
        which the user spends looking at their journal rather than at an empty window. Only at
        start-up, on the Journal tab; the snapshot is closed once the journal is open.
        """
        from masterydesk.services.journals import peek_journal

        window = self.window
        if window.session is not None or not window.isVisible() or window.tabs.currentIndex() != 0:
            return
        # Only a head start: whatever stops it (a damaged page, a busy or unreadable file), the
        # open that follows meets too and explains; here it just means no early look.
        try:
            self.snapshot = peek_journal(path)  # the open that follows checks every page
        except Exception:
            return
        try:
            window.show_journal_panels()
            window.page(0).show_snapshot(self.snapshot)
            self._drop_first_look()
            self._paint_now()
        except Exception:
            self._take_back_snapshot()

    def _paint_now(self) -> None:
        """Lay out and paint the window at once, before the slow open that follows."""
        from PySide6.QtCore import QEvent
        from PySide6.QtWidgets import QApplication

        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.window.repaint()

    def _take_back_snapshot(self) -> None:
        """The journal did not open after all: empty the Journal tab and put the Today panel away."""
        if self.snapshot is None and self.first_look is None:
            return
        self.window.tab_pages.hand_session(self.window.page(0))
        self.window.today_wiring.hide()
        self._drop_first_look()
        self._close_snapshot()

    def _close_snapshot(self) -> None:
        if self.snapshot is not None:
            self.snapshot.close()
            self.snapshot = None

    # --- what a refusal allows -----------------------------------------------------------------

    def _offer_read_only(self, path: Path, message: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, "MasteryDesk", message, parent=self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        self.read_only_button = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: self.open(path, read_only=True))
        box.open()
        self.last_message_box = box

    def _open_with_kept_passphrase(self, path: Path, read_only: bool, tried: str | None) -> bool:
        """Open with the passphrase the system keyring keeps for this journal, if one is kept (and new)."""
        from masterydesk.services.protection import remembered_passphrase

        kept = remembered_passphrase(path)
        return kept is not None and kept != tried and self.open(path, read_only=read_only, passphrase=kept)

    def _ask_passphrase(self, path: Path, error: str, read_only: bool) -> None:
        from masterydesk.ui.passphrase_dialog import PassphraseDialog

        dialog = self.passphrase_dialog = PassphraseDialog("open", path.name, error, self.window)
        dialog.accepted.connect(lambda: self._on_passphrase_given(dialog, path, read_only))
        dialog.open()

    def _on_passphrase_given(self, dialog, path: Path, read_only: bool) -> None:
        from masterydesk.ui.passphrase_dialog import remember_if_asked

        if self.open(path, read_only=read_only, passphrase=dialog.current()):
            remember_if_asked(dialog, path, dialog.current())

    def _offer_recovery(self, path: Path, message: str) -> None:
        """A damaged journal: offer its newest good backup, or to open it read-only."""
        from masterydesk.ui.damaged_journal_dialog import DamagedJournalDialog

        self.recovery = DamagedJournalDialog(path, message, self.window)
        self.recovery.finished.connect(lambda _code: self._on_recovery_chosen(path))
        self.recovery.open()

    def _on_recovery_chosen(self, path: Path) -> None:
        from masterydesk.domain.errors import MasteryDeskError
        from masterydesk.services.backups import restore_backup

        choice = self.recovery.choice
        if choice == "restore":
            try:
                kept = restore_backup(self.recovery.backup, path)
            except MasteryDeskError as error:
                self.window.show_error(str(error))
                return
            if self.open(path):
                self.window.statusBar().showMessage(
                    f"Restored from a backup; the damaged file is kept as {kept}.", 15000)
        elif choice == "read_only":
            self.open(path, read_only=True, damaged_read_only=True)

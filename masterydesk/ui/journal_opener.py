"""Opening a journal in the window: the service's answer turned into what the user sees.

services.journals.open_for_app locks, checks and opens; this shows the newest entries while it
does (at start-up), then hands the journal to the window (shown_journal), or offers what the
answer allows: read-only for a journal open elsewhere, the passphrase of a protected one, a backup
or read-only for a damaged one, else the sentence. Which journal the app starts on is chosen here too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject


class JournalOpener(QObject):
    """Opens journals for one MainWindow."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.snapshot = None
        self.last_message_box = None
        self.recovery = None

    def open_at_startup(self, db: Path | None, demo: bool) -> None:
        """The journal the app opens on: the demo, the one named, the user's own, or the welcome page."""
        from masterydesk.paths import default_journal

        if demo:
            self.open_demo()
        elif db is not None:
            self.open(Path(db), create=True)
        elif default_journal().exists():
            self.open(default_journal())
        else:
            self.window.show_welcome()

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

        from masterydesk.services.journals import Outcome, open_for_app
        from masterydesk.paths import PASSPHRASE_VARIABLE

        early_look = None if damaged_read_only else self._show_newest_entries_first
        opening = open_for_app(path, create=create, read_only=read_only, even_if_damaged=damaged_read_only,
                               before_open=early_look,
                               passphrase=passphrase or os.environ.get(PASSPHRASE_VARIABLE))
        if opening.outcome is Outcome.OPENED:
            self.window.shown_journal.attach(opening.journal, opening.lock)
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
        if self.snapshot is None:
            return
        self.window.tab_pages.hand_session(self.window.page(0))
        self.window.today_wiring.hide()
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

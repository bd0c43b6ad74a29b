"""Sync in the window: File ▸ Sync, Edit ▸ Sync conflicts…, the status bar, and when syncs run.

A journal set up for sync syncs when it opens, every few minutes while it is open, on File ▸
Sync ▸ Sync now, and before it closes when it has changes to send. Each sync runs off the UI
thread (libsodium and the PostgreSQL driver are loaded there, never while the window starts);
a hub that cannot be reached is a sentence in the status bar and the journal goes on working.
A sync that brought changes refreshes every tab and clears the undo history, whose steps were
taken before those changes and could no longer be undone faithfully.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence, Qt  # QtGui's Qt also has convertFromPlainText
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox, QProgressDialog

EVERY_MS = 5 * 60 * 1000
FIRST_SYNC_MS = 1000  # after a journal opens: its tabs and the Today panel fill first


class SyncWiring(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.job = None
        self.set_up_action = self._action("Set &up sync…", self.ask_and_set_up)
        self.sync_now_action = self._action("&Sync now", self.sync_now, QKeySequence("Ctrl+Shift+Y"))
        self.turn_off_action = self._action("Turn sync &off", self.turn_off)
        self.share_action = self._action("S&hare…", self.show_shares)  # on a PostgreSQL hub (ui.share_dialog)
        self.conflicts_action = self._action("Sync &conflicts…", self.show_conflicts)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setAccessibleName("Sync status")
        self.timer = QTimer(self)
        self.timer.setInterval(EVERY_MS)
        self.timer.timeout.connect(self.sync_quietly)
        self.journal_shown(None)

    def _action(self, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(shortcut)
        return action

    def menu(self) -> QMenu:
        menu = QMenu("S&ync", self.window)
        menu.addActions([self.set_up_action, self.sync_now_action, self.turn_off_action])
        menu.addSeparator()
        menu.addAction(self.share_action)
        return menu

    # --- the journal shown ------------------------------------------------------------------

    def _journal(self):
        session = self.window.session
        return None if session is None else session.journal

    def journal_shown(self, journal) -> None:
        """Enable what applies to the journal now shown (None: no journal) and sync it if set up."""
        set_up = journal is not None and self._is_set_up(journal)
        writable = journal is not None and not journal.read_only
        self.set_up_action.setEnabled(writable)
        for action in (self.sync_now_action, self.turn_off_action):
            action.setEnabled(writable and set_up)
        self.conflicts_action.setEnabled(journal is not None and set_up)
        self.share_action.setEnabled(writable)
        if set_up and writable:
            self.timer.start()
            QTimer.singleShot(FIRST_SYNC_MS, self.sync_quietly)
        else:
            self.timer.stop()
        self._show_status("" if not set_up else "Sync: starting…")

    def _is_set_up(self, journal) -> bool:
        from masterydesk.services.sync_state import sync_is_set_up

        return sync_is_set_up(journal)

    def journal_closing(self) -> None:
        """Wait for a running sync; send what is waiting (a hub that cannot be reached is skipped)."""
        self.timer.stop()
        if self.job is not None:
            self.job.wait()
        journal = self._journal()
        if journal is None or journal.read_only or not self._is_set_up(journal):
            return
        from masterydesk.sync import syncing

        try:
            if syncing.status(journal).waiting:
                syncing.sync_now(journal)
        except Exception:  # closing goes on: the changes stay in the outbox for the next sync
            pass

    # --- running a sync ---------------------------------------------------------------------

    def sync_quietly(self) -> None:
        """A sync in the background whose outcome goes to the status bar."""
        journal = self._journal()
        if journal is None or self.job is not None:
            return
        from masterydesk.ui.worker import Background

        def work():
            from masterydesk.sync import syncing
            from masterydesk.trust.feedback import after_sync  # a coach's signed comments and reviews

            return after_sync(journal, syncing.sync_now(journal))

        self._start(Background(work, self))

    def sync_now(self) -> None:
        if self.job is not None:
            self.window.statusBar().showMessage("A sync is already running.", 5000)
            return
        self._show_status("Sync: running…")
        self.sync_quietly()

    def _start(self, job) -> None:
        self.job = job
        job.sig_finished.connect(self._on_synced)
        job.sig_failed.connect(self._on_failed)
        job.start()

    def _on_synced(self, result) -> None:
        self.job = None
        self.window.statusBar().showMessage(result.sentence(), 10000)
        self._show_status(f"Synced {_clock()}")
        session = self.window.session
        if result.received and session is not None:
            from masterydesk.services.changes import Changes

            session.undo_stack.clear()
            session.sig_changed.emit(Changes.everything())

    def _on_failed(self, sentence: str) -> None:
        self.job = None
        self._show_status("Sync failed")
        self.status_label.setToolTip(Qt.convertFromPlainText(sentence))
        self.window.statusBar().showMessage(f"Sync: {sentence}", 15000)

    def _show_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    # --- dialogs ----------------------------------------------------------------------------

    def ask_and_set_up(self) -> None:
        from masterydesk.ui.sync_dialogs import SyncSetupDialog

        journal = self._journal()
        answer = SyncSetupDialog.ask(self.window) if journal is not None else None
        if answer is None or self.job is not None:
            return
        address, passphrase = answer
        from masterydesk.ui.worker import Background

        def work():
            from masterydesk.sync import syncing

            return syncing.set_up(journal, address, syncing.hub_key_for(address, passphrase))

        progress = QProgressDialog("Setting up sync: the whole journal goes to the hub, encrypted…", "", 0, 0, self.window)
        progress.setCancelButton(None)
        progress.setWindowTitle("Set up sync")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.show()
        job = Background(work, self)
        job.sig_finished.connect(progress.close)
        job.sig_failed.connect(progress.close)
        job.sig_failed.connect(lambda sentence: _warn(self.window, "Sync was not set up", sentence))
        job.sig_finished.connect(lambda _result: self.journal_shown(self._journal()))
        self._start(job)

    def turn_off(self) -> None:
        journal = self._journal()
        if journal is None:
            return
        from masterydesk.sync import syncing

        if self.job is not None:
            self.job.wait()
        syncing.turn_off(journal)
        self.journal_shown(journal)
        self.window.statusBar().showMessage(
            "Sync is off for this journal on this device; the hub and the other devices keep their copies.", 8000)

    def show_shares(self) -> None:
        from masterydesk.ui.share_dialog import ShareDialog

        journal = self._journal()
        if journal is not None:
            ShareDialog.show_for(self.window, journal)

    def show_conflicts(self) -> None:
        journal = self._journal()
        if journal is None:
            return
        from masterydesk.sync.conflicts import conflicts
        from masterydesk.ui.sync_dialogs import SyncConflictsDialog

        SyncConflictsDialog(self.window, conflicts(journal), self._restore).exec()

    def _restore(self, conflict) -> str:
        """Put a lost value back as an undoable edit; the sentence says what happened."""
        from masterydesk.domain.errors import MasteryDeskError
        from masterydesk.services import editing
        from masterydesk.services.changes import Changes
        from masterydesk.sync.conflicts import restore

        session = self.window.session
        savings = []

        def redo():
            saving = restore(session.journal, conflict)
            savings.append(saving)
            return saving.changes if saving is not None else Changes.of("settings")

        def undo():
            saving = savings[-1]
            return editing.undo_saving(session.journal, saving) if saving is not None else Changes()

        try:
            session.record(redo, undo, text=f"Restore {conflict.what}")
        except MasteryDeskError as error:
            return str(error)
        return f"Restored the {conflict.what}; Edit ▸ Undo puts it back."


def _clock() -> str:
    import datetime as dt

    return dt.datetime.now().strftime("%H:%M")


def _warn(parent, title: str, sentence: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, sentence, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()

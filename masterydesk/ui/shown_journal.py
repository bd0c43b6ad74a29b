"""The journal the window shows, from attach to close: its session, its lock, its daily backup.

JournalOpener opens a journal; attaching it here makes the window show it: the session (window.session)
goes to the tabs, the undo menu and the Today panel, the title names the file, the journal's actions
are enabled. Closing gives the file back, so that another journal (or a backup restored) can take its place.
"""

from __future__ import annotations

import importlib
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QTimer

from masterydesk.ui import collector


class ShownJournal:
    """Attaches opened journals to one MainWindow and closes them."""

    def __init__(self, window) -> None:
        self.window = window
        self.lock = None
        self.backup_job = None

    def attach(self, journal, lock) -> None:
        """Show an opened journal (closing the one shown): its session, tabs, Today panel and backup."""
        from masterydesk.ui.session import JournalSession

        window = self.window
        self._give_back()
        self.lock = lock
        session = window.session = JournalSession(journal, window)
        # The refresh bus: the tabs first, then the Today panel.
        session.sig_changed.connect(window.tab_pages.on_changes)
        session.sig_changed.connect(window.today_wiring.on_changes)
        session.sig_error.connect(window.show_error)
        # what a save did besides what was asked (a follow-up moved on)
        session.sig_said.connect(lambda sentence: window.statusBar().showMessage(sentence, 8000))
        window.undo_group.addStack(session.undo_stack)
        window.undo_group.setActiveStack(session.undo_stack)
        window.recent.remember(journal.path)
        suffix = " (read-only)" if journal.read_only else ""
        window.setWindowTitle(f"{journal.path.name}{suffix} — MasteryDesk")
        window.show_journal_panels()
        for action in window.journal_actions:
            action.setEnabled(True)
        self._enable_protection_actions(journal)
        window.tab_pages.hand_session_to_built_pages()
        window.page(window.tabs.currentIndex())
        window.today_wiring.journal_attached()
        window.build_sync_menus()
        window.sync_wiring.journal_shown(journal)
        window.trust_wiring.journal_shown(journal)
        if not journal.read_only:
            self._back_up_in_background(journal.path)
        QTimer.singleShot(WRITING_AFTER_MS, window, _load_writing)
        collector.freeze_survivors()  # what the window holds now is not scanned once a minute

    def close(self) -> None:
        """Give the file back: the backup finishes, the session closes, the lock is released.

        A journal still opening at start-up is waited for first: no thread outlives the window.
        """
        self.window.opener.wait_for_startup()
        self._give_back()

    def _give_back(self) -> None:
        window = self.window
        if window.session is None:
            return
        if self.backup_job is not None:
            self.backup_job.wait()  # the copy finishes before the journal closes
        window.sync_wiring.journal_closing()  # what waits to be sent goes before the file is given back
        from masterydesk.ui import background_reads  # its thread pool's modules: not before the first frame

        background_reads.forget_every_read()
        background_reads.finish()
        window.sync_wiring.journal_shown(None)
        window.trust_wiring.journal_shown(None)
        window.undo_group.removeStack(window.session.undo_stack)
        window.session.close()
        window.session = None
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None
        collector.thaw_and_collect()  # the journal's pages' cycles are garbage now

    def _enable_protection_actions(self, journal) -> None:
        """Protect a journal that has no passphrase; change or remove the one it has (never read-only)."""
        from masterydesk.services.protection import is_protected

        window = self.window
        protected = is_protected(journal.path)
        window.protect_action.setEnabled(not journal.read_only and not protected)
        for action in (window.change_passphrase_action, window.remove_passphrase_action):
            action.setEnabled(not journal.read_only and protected)

    def _back_up_in_background(self, path: Path) -> None:
        """The daily backup: a copy of a large journal takes seconds, so it does not hold up the window."""
        from masterydesk.services.backups import ensure_recent_backup
        from masterydesk.ui.worker import Background

        window = self.window
        self.backup_job = Background(lambda: ensure_recent_backup(path), window)
        self.backup_job.sig_failed.connect(lambda message: window.statusBar().showMessage(
            f"The daily backup could not be made: {message}", 15000))
        self.backup_job.start()


WRITING = "masterydesk.services.editing"  # saving and deleting: SQLAlchemy's ORM and the journal's tables
# Reading and showing a journal needs none of it: it loads a moment after the journal is shown, once
# the window's first reads and paints are done (loaded beside them, they waited for the interpreter).
WRITING_AFTER_MS = 1000


def _load_writing() -> None:
    """Load what saving needs on a thread of its own: the journal opens without waiting for it (0.1 s
    of Python), and a save made before it is loaded loads it then."""
    if WRITING not in sys.modules:
        threading.Thread(target=importlib.import_module, args=(WRITING,), name="masterydesk-writing").start()

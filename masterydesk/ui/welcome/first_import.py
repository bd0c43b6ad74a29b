"""The welcome page's Import: a new journal made from another app's file, and only if the import succeeds.

The file is previewed and imported into a scratch journal in a private temporary folder; once the
import has been written there, the scratch journal is copied (checked, through SQLite) into the
place of the user's journal and opened. Cancelling the file dialog or the preview, or an import
that fails, leaves no journal, no lock and no recent journal behind: the welcome page stays.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QFileDialog

IMPORT_FILTER = "Importable files (*.json *.vcf *.csv);;All files (*)"


class FirstImport(QObject):
    """One import into a new journal for a MainWindow that shows the welcome page."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.folder: Path | None = None  # the scratch journal's temporary folder
        self.session = None  # the scratch journal's session, while the preview is open
        self.dialog = None  # the import preview

    def start(self) -> None:
        """Ask for the file; nothing is made unless one is chosen and its import succeeds."""
        path, _ = QFileDialog.getOpenFileName(self.window, "Import", str(Path.home()), IMPORT_FILTER)
        if path:
            self._preview(Path(path))

    def _preview(self, path: Path) -> None:
        from masterydesk.domain.errors import MasteryDeskError
        from masterydesk.services.journals import open_journal_file
        from masterydesk.ui.import_dialog import open_import_dialog
        from masterydesk.ui.session import JournalSession

        self.folder = Path(tempfile.mkdtemp(prefix="masterydesk-import-"))  # readable by the user only
        try:
            journal = open_journal_file(self.folder / "journal.sqlite", create=True)
        except (MasteryDeskError, OSError) as error:
            self._clean_up()
            self.window.show_error(f"The import could not start: {error}")
            return
        self.session = JournalSession(journal, self)
        self.dialog = open_import_dialog(self.window, self.session, path)
        self.dialog.finished.connect(self._on_dialog_finished)

    def _on_dialog_finished(self, result: int) -> None:
        summary = getattr(self.dialog, "summary", "")
        scratch = self.session.journal.path
        if self.dialog.background is not None:
            self.dialog.background.wait()  # a preview still being read finishes before its journal closes
        self.session.close()
        self.session = None
        self.dialog.deleteLater()
        try:
            if result == QDialog.DialogCode.Accepted:
                self._adopt(scratch, summary)
        finally:
            self._clean_up()

    def _adopt(self, scratch: Path, summary: str) -> None:
        """Copy the scratch journal into the user's journal's place and open it there."""
        from masterydesk.domain.errors import MasteryDeskError
        from masterydesk.paths import default_journal
        from masterydesk.services.backups import restore_backup

        target = default_journal()
        if target.exists():  # made meanwhile by another MasteryDesk: never overwritten from here
            self.window.show_error(f"{target.name} already exists; open it and import the file into it.")
            return
        try:
            restore_backup(scratch, target)
        except (MasteryDeskError, OSError) as error:
            self.window.show_error(f"The imported journal could not be saved: {error}")
            return
        if self.window.open_journal_path(target):
            self.window.statusBar().showMessage(summary, 8000)

    def _clean_up(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

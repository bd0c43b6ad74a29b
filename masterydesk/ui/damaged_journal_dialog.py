"""What to do with a journal that cannot be opened: restore its newest good backup, or read it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QVBoxLayout, QWidget

from masterydesk.services.backups import backup_info, newest_good_backup
from masterydesk.ui.backups_dialog import date_text
from masterydesk.ui.widgets.labels import plain_label

RESTORE, READ_ONLY, CANCEL = "restore", "read_only", "cancel"


class DamagedJournalDialog(QDialog):
    """Says what is wrong with a journal, and offers its newest good backup or read-only.

    Nothing here touches the journal: the caller carries out the choice.
    """

    def __init__(self, path: Path, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.backup = newest_good_backup(self.path)
        self.choice = CANCEL
        self.setWindowTitle(f"{self.path.name} cannot be opened")
        self.message_label = plain_label(message)
        self.restore_button = QPushButton()
        self.read_only_button = QPushButton("Open read-only")
        self.cancel_button = QPushButton("Cancel")
        if self.backup is None:
            offer = "There is no good backup of this journal to restore."
        else:
            taken = date_text(backup_info(self.backup).taken_at)
            offer = (
                f"The newest good backup is from {taken}. Restoring it keeps the journal as it is "
                "now beside the backups; opening read-only changes nothing."
            )
            self.restore_button.setText(f"Restore the backup of {taken}")
        self.offer_label = plain_label(offer)
        buttons = QDialogButtonBox()
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.read_only_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setVisible(self.backup is not None)
        self.restore_button.clicked.connect(lambda: self._choose(RESTORE))
        self.read_only_button.clicked.connect(lambda: self._choose(READ_ONLY))
        self.cancel_button.clicked.connect(lambda: self._choose(CANCEL))
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        layout.addWidget(self.offer_label)
        layout.addWidget(buttons)


    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.done(QDialog.DialogCode.Rejected if choice == CANCEL else QDialog.DialogCode.Accepted)

    def reject(self) -> None:
        self.choice = CANCEL  # Escape and the window's close button mean cancel
        super().reject()

    @classmethod
    def ask(cls, parent: QWidget | None, path: Path, message: str) -> str:
        """Ask what to do; return "restore", "read_only" or "cancel"."""
        dialog = cls(path, message, parent)
        dialog.exec()
        return dialog.choice

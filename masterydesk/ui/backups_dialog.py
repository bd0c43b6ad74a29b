"""File ▸ Backups: the journal's backups with date, size and reason; back up now; restore one.

Confirmations and errors are shown with open(), never exec(), so the event loop keeps running
and a test clicks them like a person would.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.services.backups import BackupInfo, list_backups, make_backup, restore_backup
from masterydesk.ui.widgets.confirm import ask_first
from masterydesk.ui.widgets.labels import plain_tip
from masterydesk.ui.widgets.record_model import RIGHT_ALIGNED, column_title
from masterydesk.ui.widgets.tables import row_table

REASONS = {
    "daily": "Daily backup",
    "manual": "Backed up by you",
    "before-import": "Before an import",
    "before-restore": "Before a restore",
}
POLICY = (
    "Backups are kept in {folder}: every backup of the last 2 days, then one a day for 2 weeks, "
    "one a week for 2 months and one a month for a year."
)
AnyIndex = QModelIndex | QPersistentModelIndex


def reason_text(reason: str) -> str:
    """A backup's reason in words."""
    if reason.startswith("before-upgrade"):
        return "Before an upgrade"
    return REASONS.get(reason, reason.replace("-", " ").capitalize())


def size_text(size: int) -> str:
    """A file size in KB or MB."""
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(1, round(size / 1024))} KB"


def date_text(moment: dt.datetime) -> str:
    """A backup's time as people read it: 15 June 2025, 12:00."""
    return f"{moment.day} {moment:%B %Y, %H:%M}"


class BackupTableModel(QAbstractTableModel):
    """The backups of one journal, newest first."""

    COLUMNS = ("Taken", "Size", "Reason")
    BackupRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backups: list[BackupInfo] = []

    def set_backups(self, backups: list[BackupInfo]) -> None:
        self.beginResetModel()
        self._backups = list(backups)
        self.endResetModel()

    def backup_at(self, row: int) -> BackupInfo:
        return self._backups[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._backups)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        info = self._backups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (date_text(info.taken_at), size_text(info.size), reason_text(info.reason))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(str(info.path))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return RIGHT_ALIGNED
        if role == self.BackupRole:
            return info
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        return column_title(self.COLUMNS, section, orientation, role)


class BackupsDialog(QDialog):
    """Lists the journal's backups; makes one now; restores one after asking.

    sig_restore_confirmed is emitted just before the journal is overwritten (connect the window
    with a direct connection to close its journal); sig_restored carries where the journal it
    replaced is kept.
    """

    sig_backed_up = Signal(Path)
    sig_restore_confirmed = Signal(Path)
    sig_restored = Signal(Path)

    def __init__(self, journal_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal_path = Path(journal_path)
        self.confirmation: QMessageBox | None = None
        self.message_box: QMessageBox | None = None
        self.setWindowTitle(f"Backups of {self.journal_path.name}")
        self.resize(560, 380)
        self.policy_label = QLabel(POLICY.format(folder=self.journal_path.parent / "backups"))
        self.policy_label.setTextFormat(Qt.TextFormat.PlainText)
        self.policy_label.setWordWrap(True)
        self.model = BackupTableModel(self)
        self.table = row_table(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("Backups")
        self.back_up_button = QPushButton("Back up now")
        self.restore_button = QPushButton("Restore…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.back_up_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.policy_label)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.back_up_button.clicked.connect(self._on_back_up_button_clicked)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def refresh(self) -> None:
        """Read the backups folder again."""
        self.model.set_backups(list_backups(self.journal_path))
        self._update_buttons()

    def selected_backup(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backup_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected_backup() is not None)

    def _on_back_up_button_clicked(self) -> None:
        try:
            backup = make_backup(self.journal_path, reason="manual")
        except MasteryDeskError as error:
            self._show_message(QMessageBox.Icon.Warning, str(error))
            return
        self.refresh()
        self.table.selectRow(0)
        self.sig_backed_up.emit(backup)

    def _on_restore_button_clicked(self) -> None:
        info = self.selected_backup()
        if info is None:
            return
        self.confirmation = ask_first(
            self, "Restore a backup",
            f"Put the backup of {date_text(info.taken_at)} in place of {self.journal_path.name}? "
            "The journal as it is now is kept as one more backup first.",
            "Restore", lambda: self.restore(info.path), QMessageBox.ButtonRole.AcceptRole,
        )

    def restore(self, backup: Path) -> Path | None:
        """Put the backup in the journal's place (the user has confirmed); return the kept copy."""
        self.sig_restore_confirmed.emit(self.journal_path)
        try:
            kept = restore_backup(backup, self.journal_path)
        except MasteryDeskError as error:
            self._show_message(QMessageBox.Icon.Warning, str(error))
            return None
        self.refresh()
        self.sig_restored.emit(kept)
        return kept

    def _show_message(self, icon: QMessageBox.Icon, text: str) -> None:
        self.message_box = QMessageBox(icon, "Backups", text, QMessageBox.StandardButton.Ok, self)
        self.message_box.setTextFormat(Qt.TextFormat.PlainText)
        self.message_box.open()

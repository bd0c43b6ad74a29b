"""File ▸ Sync ▸ Set up… and Edit ▸ Sync conflicts…: where a journal syncs, and what a sync overwrote.

The set-up dialog only gathers the hub and the passphrase; checking them (which may take a
network round trip and a key derivation) runs in the background afterwards (ui.sync_wiring).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtGui import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from masterydesk.ui.widgets.labels import StatusLabel, plain_label

EXPLAINED = (
    "Your journal stays on this computer and keeps working offline. Each device sends its changes, "
    "encrypted with the sync passphrase, to a hub: a folder that a file-sync tool carries "
    "(Syncthing, Dropbox, a network share) or a PostgreSQL hub. The hub sees device ids, sizes and "
    "times, never a name or a word. Use the same hub and passphrase on every device; the passphrase "
    "cannot be recovered."
)


class SyncSetupDialog(QDialog):
    """A folder or a PostgreSQL URL, and the sync passphrase."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set up sync")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(EXPLAINED))
        self.folder_choice = QRadioButton("A &folder")
        self.postgres_choice = QRadioButton("A &PostgreSQL hub")
        self.folder_choice.setChecked(True)
        choices = QButtonGroup(self)
        for button in (self.folder_choice, self.postgres_choice):
            choices.addButton(button)
        form = QFormLayout()
        form.addRow(self.folder_choice, self._folder_row())
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("postgresql://you:password@host:5432/hub")
        self.url_edit.setAccessibleName("PostgreSQL hub URL")
        form.addRow(self.postgres_choice, self.url_edit)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName("Sync passphrase")
        form.addRow("Sync &passphrase:", self.passphrase_edit)
        layout.addLayout(form)
        self.problem = StatusLabel("error")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Set up and sync")
        buttons.accepted.connect(self._accept_if_complete)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.url_edit.textEdited.connect(lambda: self.postgres_choice.setChecked(True))
        self.folder_edit.textEdited.connect(lambda: self.folder_choice.setChecked(True))

    def _folder_row(self) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.folder_edit = QLineEdit()
        self.folder_edit.setAccessibleName("Sync folder")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        line.addWidget(self.folder_edit, 1)
        line.addWidget(browse)
        return row

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "The sync folder", self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)
            self.folder_choice.setChecked(True)

    def address(self) -> str:
        edit = self.folder_edit if self.folder_choice.isChecked() else self.url_edit
        return edit.text().strip()

    def problem_with_input(self) -> str:
        if not self.address():
            return "Choose a sync folder." if self.folder_choice.isChecked() else "Type the PostgreSQL hub's URL."
        if self.postgres_choice.isChecked() and not self.address().startswith(("postgresql://", "postgres://")):
            return "A PostgreSQL hub's URL starts with postgresql://."
        if len(self.passphrase_edit.text()) < 8:
            return "The sync passphrase needs at least 8 characters."
        return ""

    def _accept_if_complete(self) -> None:
        problem = self.problem_with_input()
        self.problem.setText(problem)
        if not problem:
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[str, str] | None:
        """(hub address, passphrase), or None when cancelled."""
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.address(), dialog.passphrase_edit.text()


class SyncConflictsDialog(QDialog):
    """The values syncs overwrote, newest first; Restore puts one back (an undoable edit)."""

    def __init__(self, parent: QWidget | None, conflicts: list, restore: Callable[[object], str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync conflicts")
        self.resize(760, 420)
        self.conflicts = conflicts
        self._restore = restore
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(
            "When the same field was edited on two devices, the later edit was kept; the other value is "
            "listed here. A record deleted on one device but still used on another was kept."))
        self.table = QTableWidget(len(conflicts), 3)
        self.table.setHorizontalHeaderLabels(["Noticed", "What", "The value not kept"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        for row, conflict in enumerate(conflicts):
            self._fill_row(row, conflict)
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table, 1)
        self.message = StatusLabel("good")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton("&Restore this value", QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._restore_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._update_button)

    def _fill_row(self, row: int, conflict) -> None:
        restored = " (restored)" if conflict.restored else ""
        lost = conflict.note or json.dumps(conflict.lost_value, ensure_ascii=False)
        for column, text in enumerate((conflict.noticed_at.replace("T", " ")[:16], conflict.what + restored, lost)):
            item = QTableWidgetItem(text)
            item.setToolTip(Qt.convertFromPlainText(text))  # user text: shown as text, never markup
            self.table.setItem(row, column, item)

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.conflicts[rows[0].row()] if rows else None

    def _update_button(self) -> None:
        conflict = self.selected()
        self.restore_button.setEnabled(conflict is not None and not conflict.note and not conflict.restored)

    def _restore_selected(self) -> None:
        conflict = self.selected()
        if conflict is None:
            return
        self.message.setText(self._restore(conflict))
        self.restore_button.setEnabled(False)

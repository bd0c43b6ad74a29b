"""File ▸ Import: read the file off the UI thread, preview what it will add, merge and skip,
then apply it in one transaction (after a backup) or not at all."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from masterydesk.domain.records import Relationship
from masterydesk.interchange.importers import ImportPlan, apply_plan, describe_bundle, plan_import
from masterydesk.services.changes import Changes
from masterydesk.ui.dialogs.record_dialog import enum_label, error_label
from masterydesk.ui.widgets.record_model import Column
from masterydesk.ui.widgets.record_table import RecordTable
from masterydesk.ui.worker import Background

PREVIEW_COLUMNS = (
    Column("Action", lambda row: row.action),
    Column("Kind", lambda row: row.collection),
    Column("Record", lambda row: row.label),
    Column("Details", lambda row: row.detail),
    Column("Where", lambda row: row.where),
)
ASKS_RELATIONSHIP = {"vcard": Relationship.PEER, "linkedin_connections": Relationship.INDUSTRY}


class ImportDialog(QDialog):
    """A preview of an import, with the relationship new contacts get, and an Import button."""

    def __init__(self, session, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {path.name}")
        self.resize(820, 520)
        self.session = session
        self.path = path
        self.plan: ImportPlan | None = None
        self.status = QLabel(f"Reading {path.name}…")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.relationship = QComboBox()
        for relationship in Relationship:
            self.relationship.addItem(enum_label(relationship), relationship)
        self.relationship_label = QLabel("New contacts are &your:")
        self.relationship_label.setBuddy(self.relationship)
        self.preview = RecordTable(PREVIEW_COLUMNS, "Filter the preview…")
        self.error_label = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self._on_import_clicked)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.relationship_label)
        row.addWidget(self.relationship)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._show_relationship(False)
        self.relationship.currentIndexChanged.connect(lambda _i: self.read())
        self.background: Background | None = None

    def _show_relationship(self, visible: bool) -> None:
        self.relationship.setVisible(visible)
        self.relationship_label.setVisible(visible)

    def read(self) -> None:
        """Plan the import in the background; nothing is written."""
        relationship = self.relationship.currentData() if self.relationship.isVisible() else None
        journal, path = self.session.journal, self.path
        self.import_button.setEnabled(False)
        self.background = Background(lambda: plan_import(journal, path, relationship), self)
        self.background.sig_finished.connect(self._on_plan_ready)
        self.background.sig_failed.connect(self._on_failed)
        self.background.start()

    def _on_plan_ready(self, plan: ImportPlan) -> None:
        first_plan = self.plan is None
        self.plan = plan
        if first_plan and plan.kind in ASKS_RELATIONSHIP:
            self.relationship.blockSignals(True)
            self.relationship.setCurrentIndex(self.relationship.findData(ASKS_RELATIONSHIP[plan.kind]))
            self.relationship.blockSignals(False)
            self._show_relationship(True)
        self.preview.set_records([_Row(n, row) for n, row in enumerate(plan.rows)])
        self.status.setText(f"{plan.path.name} is {plan.label}. " + _preview_sentence(plan))
        self.import_button.setEnabled(not plan.is_empty and not self.session.read_only)

    def _on_failed(self, message: str) -> None:
        self.status.setText("Nothing was imported.")
        self.error_label.setText(message)
        self.error_label.show()

    def _on_import_clicked(self) -> None:
        if self.plan is None:
            return
        plan, journal = self.plan, self.session.journal
        self.import_button.setEnabled(False)
        self.status.setText("Importing…")
        self.background = Background(lambda: apply_plan(journal, plan), self)
        self.background.sig_finished.connect(self._on_applied)
        self.background.sig_failed.connect(self._on_failed)
        self.background.start()

    def _on_applied(self, _changes) -> None:
        self.session.sig_changed.emit(Changes.everything())
        self.summary = self.plan.summary()
        self.accept()


class _Row:
    """A preview row with the id the table needs."""

    def __init__(self, number: int, row) -> None:
        self.id = str(number)
        self.action, self.collection, self.label = row.action, row.collection, row.label
        self.detail, self.where = row.detail, row.where


def _preview_sentence(plan: ImportPlan) -> str:
    if plan.is_empty:
        return "It holds nothing new for this journal."
    return f"Importing writes {describe_bundle(plan.bundle)}, all in one go; a backup is taken first."


def open_import_dialog(parent: QWidget, session, path: Path) -> ImportDialog:
    """Open the preview (non-blocking) and start reading the file."""
    dialog = ImportDialog(session, path, parent)
    dialog.open()
    dialog.read()
    return dialog

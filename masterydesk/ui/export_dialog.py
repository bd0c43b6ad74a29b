"""File ▸ Export: pick a format and a place; the file is written off the UI thread, atomically."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from masterydesk.interchange.exporters import export_journal
from masterydesk.ui.dialogs.record_dialog import error_label
from masterydesk.ui.worker import Background

# format key, label, suggested name, whether it is a folder, whether private entries can be in it
FORMATS = (
    ("json", "MasteryDesk JSON (complete, for moving or backing up)", "masterydesk-export.json", False, False),
    ("csv", "CSV, one file per collection, zipped (spreadsheets)", "masterydesk-csv.zip", False, True),
    ("markdown", "Markdown notes, one per entry (Obsidian and other notes apps)", "masterydesk-notes", True, True),
    ("markdown-months", "Markdown notes, one per month", "masterydesk-months", True, True),
    ("ics", "iCalendar: follow-ups, monthly check-in, role target dates", "masterydesk.ics", False, False),
    ("jsonresume", "JSON Resume: skills with tiers, projects", "resume.json", False, False),
)


class ExportDialog(QDialog):
    """Choose the format and destination, then Export."""

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setMinimumWidth(560)
        self.session = session
        self.format = QComboBox()
        for key, label, *_rest in FORMATS:
            self.format.addItem(label, key)
        self.destination = QLineEdit()
        self.browse_button = QPushButton("Choose…")
        self.browse_button.setAccessibleName("Choose where to export")
        self.include_private = QCheckBox("Include private entries (they stay out by default)")
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.error_label = error_label()
        where = QHBoxLayout()
        where.addWidget(self.destination, 1)
        where.addWidget(self.browse_button)
        form = QFormLayout()
        format_label = QLabel("&Format")
        format_label.setBuddy(self.format)
        destination_label = QLabel("&Save to")
        destination_label.setBuddy(self.destination)
        form.addRow(format_label, self.format)
        form.addRow(destination_label, where)
        form.addRow("", self.include_private)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.format.currentIndexChanged.connect(self._on_format_changed)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.background: Background | None = None
        self._on_format_changed(0)

    def _current(self):
        return FORMATS[self.format.currentIndex()]

    def _on_format_changed(self, _index: int) -> None:
        key, _label, name, _folder, private_possible = self._current()
        folder = Path(self.destination.text()).parent if self.destination.text() else Path.home()
        self.destination.setText(str(folder / name))
        self.include_private.setVisible(private_possible)
        self.note.setText("The complete export keeps private entries: it is your own copy."
                          if key == "json" else "Private entries never go in unless you tick the box."
                          if private_possible else "No journal text goes in this file.")

    def _on_browse_clicked(self) -> None:
        _key, _label, _name, folder, _private = self._current()
        if folder:
            chosen = QFileDialog.getExistingDirectory(self, "Export into folder", self.destination.text())
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to", self.destination.text())
        if chosen:
            self.destination.setText(chosen)

    def export(self) -> None:
        """Write the export in the background; say where it went, or what went wrong."""
        text = self.destination.text().strip()
        if not text:
            self.error_label.setText("Save to: choose where to write the export.")
            self.error_label.show()
            return
        key = self._current()[0]
        journal, out, private = self.session.journal, Path(text).expanduser(), self.include_private.isChecked()
        self.export_button.setEnabled(False)
        self.background = Background(lambda: export_journal(journal, out, key, include_private=private), self)
        self.background.sig_finished.connect(self._on_written)
        self.background.sig_failed.connect(self._on_failed)
        self.background.start()

    def _on_written(self, written: Path) -> None:
        self.written = written
        self.accept()

    def _on_failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.error_label.setText(message)
        self.error_label.show()


def open_export_dialog(parent: QWidget, session) -> ExportDialog:
    dialog = ExportDialog(session, parent)
    dialog.open()
    return dialog

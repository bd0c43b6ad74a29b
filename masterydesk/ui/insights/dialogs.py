"""The Insights tab's dialogs: start a check-in, reopen a past one, preview and write the report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.services.checkins import CheckInFigures, SavedCheckIn
from masterydesk.services.figures import day_text, format_value
from masterydesk.ui.dialogs.record_dialog import error_label
from masterydesk.ui.widgets.labels import plain_label

FIGURE_COLUMNS = ("Figure", "This period", "Before", "Change")


def figures_table(figures: CheckInFigures) -> QTableWidget:
    """The figures of a check-in: each with its value, the value before, and the change."""
    table = QTableWidget(len(figures.items), len(FIGURE_COLUMNS))
    table.setHorizontalHeaderLabels(FIGURE_COLUMNS)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a read-only summary: focus belongs to the text fields
    for row, item in enumerate(figures.items):
        cells = (item.label, item.value_text(), format_value(item.previous, item.unit), item.change_text())
        for column, text in enumerate(cells):
            cell = QTableWidgetItem(text)
            if column:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, cell)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


def period_caption(figures: CheckInFigures) -> str:
    period, before = figures.period, figures.previous
    return (f"Since the last check-in: {day_text(period.start)} – {day_text(period.end)}; "
            f"“before” is the {(before.end - before.start).days + 1} days until {day_text(before.end)}.")


class CheckInDialog(QDialog):
    """A check-in: what changed since the last one, beside what is working and what to adjust."""

    def __init__(self, figures: CheckInFigures, save: Callable[[str, str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Monthly check-in")
        self.figures = figures
        self._save = save
        self.table = figures_table(figures)
        self.working = QPlainTextEdit()
        self.working.setPlaceholderText("What is working? What helped you apply and teach?")
        self.working.setAccessibleName("What is working")
        self.adjust = QPlainTextEdit()
        self.adjust.setPlaceholderText("What will you adjust before the next check-in?")
        self.adjust.setAccessibleName("What to adjust")
        self.error = error_label()
        fields = QFormLayout()
        fields.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        fields.addRow("What is &working", self.working)
        fields.addRow("What to &adjust", self.adjust)
        fields.addRow(self.error)
        left = QVBoxLayout()
        left.addWidget(plain_label(period_caption(figures)))
        left.addWidget(self.table)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(fields, 2)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)
        self.resize(860, 460)

    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def _on_save(self) -> None:
        try:
            self._save(self.working.toPlainText(), self.adjust.toPlainText())
        except MasteryDeskError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.accept()


class CheckInViewDialog(QDialog):
    """A past check-in, with the figures it was saved with."""

    def __init__(self, saved: SavedCheckIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        checkin = saved.checkin
        self.setWindowTitle(f"Check-in of {day_text(checkin.date)}")
        layout = QVBoxLayout(self)
        if saved.figures is None:
            layout.addWidget(plain_label("No figures were saved with this check-in (it was made elsewhere or imported)."))
            self.table = None
        else:
            layout.addWidget(plain_label(period_caption(saved.figures)))
            self.table = figures_table(saved.figures)
            layout.addWidget(self.table, 1)
        for title, text in (("What is working", checkin.working), ("What to adjust", checkin.adjust), ("Notes", checkin.notes)):
            if text:
                heading = plain_label(title)
                heading.setStyleSheet("font-weight: bold;")
                layout.addWidget(heading)
                layout.addWidget(plain_label(text))
        layout.addStretch()  # the room the table (or, without one, nothing) does not take: the text stays together
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 480)


class CoachingReportDialog(QDialog):
    """The coaching report's content as text, then a PDF written where the user says."""

    def __init__(self, content, parent: QWidget | None = None) -> None:
        from masterydesk.reports.coaching import preview_text

        super().__init__(parent)
        self.setWindowTitle("Coaching report")
        self.content = content
        self.preview = QPlainTextEdit(preview_text(content))
        self.preview.setReadOnly(True)
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.preview.setAccessibleName("What the report will contain")
        font = self.preview.font()
        font.setStyleHint(font.StyleHint.Monospace)
        font.setFamily("monospace")
        self.preview.setFont(font)
        self.status = plain_label("The report holds these figures, three charts (application frequency, teaching "
                                   "capacity, role readiness) and no journal entry.")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.write_button = self.buttons.addButton("Write PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        self.write_button.clicked.connect(self._on_write_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(760, 640)

    def _on_write_clicked(self) -> None:
        start = self.content.series.window.end
        path, _ = QFileDialog.getSaveFileName(self, "Write the coaching report", f"coaching-report-{start}.pdf",
                                              "PDF document (*.pdf)")
        if path:
            self.write_to(Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf"))

    def write_to(self, path: Path) -> int:
        """Write the PDF; the dialog says where, or why it could not."""
        from PySide6.QtGui import QGuiApplication

        from masterydesk.ui.report_pdf import write_content

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = write_content(self.content, path)
        except (OSError, MasteryDeskError) as error:
            from masterydesk.services.failures import reason

            self.status.setText(f"The report could not be written to {path}: {reason(error)}.")
            return 0
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.status.setText(f"Wrote the coaching report ({pages} pages) to {path}.")
        return pages

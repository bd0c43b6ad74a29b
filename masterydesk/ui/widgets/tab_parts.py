"""Small parts the Projects, Community and Career tabs share: button rows, table set-up."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QMainWindow, QPushButton, QWidget

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.services.changes import Changes
from masterydesk.ui.widgets.record_table import RecordTable

RESIZE_SAMPLE_ROWS = 60


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def arrange(table: RecordTable, sort_column: int, order: Qt.SortOrder, stretch_column: int | None = None) -> None:
    """Sort a table by a column at first, and let one column (else the last) take the spare width."""
    table.view.sortByColumn(sort_column, order)
    # Fit columns to the first rows only: measuring all 1,500 contacts costs a second per refresh.
    table.view.horizontalHeader().setResizeContentsPrecision(RESIZE_SAMPLE_ROWS)
    if stretch_column is not None:
        header = table.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)


def connect_record_actions(table: RecordTable, buttons: Sequence[QPushButton], add, edit, delete) -> None:
    """Add, Edit and Delete buttons, and the table's Enter, double-click and Delete key, to one set of actions."""
    add_button, edit_button, delete_button = buttons
    add_button.clicked.connect(add)
    edit_button.clicked.connect(lambda: edit(table.current_record()))
    delete_button.clicked.connect(lambda: delete(table.current_record()))
    table.sig_record_activated.connect(edit)
    table.sig_delete_requested.connect(delete)


def show_records(table: RecordTable, records: Sequence) -> None:
    """Show records in a table, leaving it alone (selection, scroll, sort) when nothing changed."""
    if list(records) != table.model.records():
        table.set_records(records)


def delete_record(widget: QWidget, session, collection: str, record_id: str, what: str) -> None:
    """Delete at once (Undo brings it back) and say so in the status bar; a refusal is reported."""
    try:
        session.delete(collection, [record_id], text=f"Delete {what}")
    except MasteryDeskError as error:
        session.sig_error.emit(str(error))
        return
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(f"Deleted {what}. Edit ▸ Undo brings it back.", 8000)


class RefreshWhenShown:
    """Mixed into a tab: refresh on a change that affects it, at once when visible, else when next shown."""

    AFFECTED_BY: tuple[str, ...] = ()
    session = None
    _pending: Changes | None = None  # what changed while the tab was hidden

    def refresh(self, changes: Changes | None = None) -> None:
        """Reload what the changes affect (everything when None)."""
        raise NotImplementedError

    def on_changes(self, changes: Changes) -> None:
        if self.session is None or not changes.affects(*self.AFFECTED_BY):
            return
        if self.isVisible():
            self.refresh(changes)
        else:  # hidden tabs cost nothing until they are looked at
            self._pending = changes if self._pending is None else self._pending | changes

    def showEvent(self, event) -> None:
        if self._pending is not None and self.session is not None:
            changes, self._pending = self._pending, None
            self.refresh(changes)
        super().showEvent(event)

"""A filterable, sortable table of records: a filter field above a QTableView."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHeaderView, QLineEdit, QVBoxLayout, QWidget

from masterydesk.ui.widgets.record_model import RECORD_ROLE, SORT_ROLE, Column, RecordTableModel
from masterydesk.ui.widgets.tables import row_table


FIT_ROWS = 60


class RecordTable(QWidget):
    """Records in a table that sorts by any column and filters as you type."""

    sig_record_activated = Signal(object)
    sig_current_changed = Signal(object)  # the record, or None
    sig_delete_requested = Signal(object)

    def __init__(self, columns: Sequence[Column], filter_hint: str = "Filter…", parent=None) -> None:
        super().__init__(parent)
        self.model = RecordTableModel(columns, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_field = QLineEdit(placeholderText=filter_hint, clearButtonEnabled=True)
        self.filter_field.setAccessibleName(filter_hint)
        self.filter_field.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = row_table(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        # Fit columns to the first rows only: fitting to thousands of rows costs a visible pause.
        self.view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
        self.view.activated.connect(self._on_view_activated)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._on_delete_key)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_field)
        layout.addWidget(self.view)

    def set_records(self, records: Sequence[Any]) -> None:
        """Show new records, keeping the current one selected when it is still there."""
        current = self.current_record()
        self.model.set_records(records)
        if current is not None:
            self.select_id(current.id)
        self.view.resizeColumnsToContents()

    def current_record(self) -> Any:
        index = self.view.currentIndex()
        return index.data(RECORD_ROLE) if index.isValid() else None

    def select_id(self, record_id: str) -> bool:
        row = self.model.row_of(record_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.scrollTo(index)
        return True

    def reveal_id(self, record_id: str) -> bool:
        """Select the record, clearing the filter first when it hides the record."""
        if self.select_id(record_id):
            return True
        self.filter_field.clear()
        return self.select_id(record_id)

    def select_first_if_none(self) -> None:
        """Select the first row when no record is selected, so that its details show."""
        if self.current_record() is None and self.model.rowCount():
            self.view.selectRow(0)

    def _on_view_activated(self, index: QModelIndex) -> None:
        self.sig_record_activated.emit(index.data(RECORD_ROLE))

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.sig_current_changed.emit(current.data(RECORD_ROLE) if current.isValid() else None)

    def _on_delete_key(self) -> None:
        record = self.current_record()
        if record is not None:
            self.sig_delete_requested.emit(record)

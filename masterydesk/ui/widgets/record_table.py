"""A filterable, sortable table of records: a filter field above a QTableView."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from masterydesk.ui.widgets.accessible import name_qt_buttons
from masterydesk.ui.widgets.record_model import RECORD_ROLE, SORT_ROLE, Column, RecordTableModel
from masterydesk.ui.widgets.tables import row_table


FIT_ROWS = 60
NARROWEST_COLUMN = 64  # a column narrowed to fit the view keeps room for a few letters and the ellipsis
STRETCH_RESERVE = 120  # what a column that takes the spare width is kept at, at least, when space is short
FIRST_COLUMN_KEPT = 150  # the first column names the record (its name, title, date): it is cut last


def capped_widths(natural: list[int], room: int, narrowest: int = NARROWEST_COLUMN) -> list[int]:
    """The widths that fit room: the widest columns are cut to one cap, the narrow ones keep their width.

    No column is cut below narrowest (nor below its own width), so the total may still exceed a tiny room.
    """
    if sum(natural) <= room:
        return list(natural)
    cap = max(natural)
    for width in sorted(natural, reverse=True):  # lower the cap past each column until the rest fit
        kept = [w for w in natural if w < width]
        cut = len(natural) - len(kept)
        cap = (room - sum(kept)) // cut
        if cap >= max(kept, default=0):
            break
    cap = max(cap, narrowest)
    return [min(width, cap) for width in natural]


def fit_columns(view: QTableView) -> None:
    """Size the columns to their contents, then narrow the widest so that the table needs no sideways scroll.

    Cut cells are elided (the full text is in the tooltip); a column that stretches keeps some room.
    """
    header = view.horizontalHeader()
    count = header.count()
    if not count:
        return
    stretching = {i for i in range(count) if header.sectionResizeMode(i) == QHeaderView.ResizeMode.Stretch}
    if header.stretchLastSection():
        stretching.add(header.logicalIndex(count - 1))
    sized = [i for i in range(count) if i not in stretching and not header.isSectionHidden(i)]
    natural = [max(view.sizeHintForColumn(i), header.sectionSizeHint(i)) for i in sized]
    room = view.viewport().width() - STRETCH_RESERVE * len(stretching)
    widths = capped_widths(natural, room)
    kept = min(natural[0], FIRST_COLUMN_KEPT) if natural else 0
    if widths and widths[0] < kept:
        widths = [kept, *capped_widths(natural[1:], room - kept)]
    for column, width in zip(sized, widths):
        header.resizeSection(column, width)


class _RefitOnResize(QObject):
    """Fits a table's columns again whenever its viewport changes width."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._width = -1
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and watched.width() != self._width:
            self._width = watched.width()
            fit_columns(watched.parent())
        return False


def fit_columns_to_view(view: QTableView) -> None:
    """Keep a table's columns fitted to its width, now and whenever it is resized."""
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setHorizontalScrollMode(QTableView.ScrollMode.ScrollPerPixel)
    _RefitOnResize(view)
    fit_columns(view)


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
        name_qt_buttons(self.filter_field)  # its clear button
        self.view = row_table(self.proxy)
        self.view.setSortingEnabled(True)
        # By the first column, A to Z (a new header's own indicator is descending: Z to A); tabs.arrange
        # sorts a tab's table otherwise.
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        # Fit columns to the first rows only: fitting to thousands of rows costs a visible pause.
        self.view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
        self.view.activated.connect(self._on_view_activated)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        fit_columns_to_view(self.view)
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
        fit_columns(self.view)

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

"""A thin table model over a list of records, with named roles for the record and sorting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from masterydesk.ui.widgets.labels import plain_tip

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
TIP_FROM = 12  # characters: a shorter cell always shows whole, and needs no tooltip
RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)  # numbers line up by their digits

Index = QModelIndex | QPersistentModelIndex


def display_text(value: Any) -> str:
    """How a value reads in a cell: dates as YYYY-MM-DD, None as blank, enums by their words."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value.replace("_", " ")
    return str(value)


def sort_value(value: Any) -> Any:
    """A value that sorts sensibly across None, numbers, dates and text."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return value
    return display_text(value).lower()


def row_with_id(records: Sequence[Any], record_id: str) -> int | None:
    """The row of the record with this id, or None when no record has it."""
    return next((row for row, record in enumerate(records) if record.id == record_id), None)


def column_title(titles: Sequence[str], section: int, orientation: Qt.Orientation, role: int) -> str | None:
    """What a table model's headerData answers: the column's title across the top, nothing else."""
    if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
        return titles[section]
    return None


@dataclass(frozen=True)
class Column:
    """A column: its title and how to read its value from a record."""

    title: str
    value: Callable[[Any], Any]
    text: Callable[[Any], str] | None = None
    align_right: bool = False


class RecordTableModel(QAbstractTableModel):
    """Rows are records (frozen dataclasses); columns read values from them."""

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._titles = [column.title for column in self._columns]
        self._records: list[Any] = []

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def records(self) -> list[Any]:
        return list(self._records)

    def record_at(self, row: int) -> Any:
        return self._records[row]

    def row_of(self, record_id: str) -> int | None:
        return row_with_id(self._records, record_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._records):
            return None
        record = self._records[index.row()]
        column = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            # The tooltip shows a cell whole when its column is too narrow and the text is elided.
            text = column.text(record) if column.text else display_text(column.value(record))
            if role == Qt.ItemDataRole.DisplayRole:
                return text
            return plain_tip(text) if len(text) > TIP_FROM else None
        if role == SORT_ROLE:
            return sort_value(column.value(record))
        if role == RECORD_ROLE:
            return record
        if role == RECORD_ID_ROLE:
            return record.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return RIGHT_ALIGNED
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return column_title(self._titles, section, orientation, role)

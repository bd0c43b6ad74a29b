"""The journal list: a table model that fetches entries page by page, and draws search matches."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from masterydesk.services.browse import (
    MATCH_END,
    MATCH_START,
    JournalFilter,
    JournalLine,
    journal_count,
    journal_page,
)
from masterydesk.ui.widgets.record_model import RECORD_ID_ROLE, RECORD_ROLE, RIGHT_ALIGNED, column_title, row_with_id

PAGE = 200
COLUMNS = ("Date", "Kind", "Minutes", "Skills", "Entry")
SUMMARY_COLUMN = 4
SORT_KEYS = {0: "date", 1: "kind", 2: "minutes", 4: "text"}
Index = QModelIndex | QPersistentModelIndex


def plain(summary: str) -> str:
    return summary.replace(MATCH_START, "").replace(MATCH_END, "")


class JournalListModel(QAbstractTableModel):
    """Entries newest first; rows are fetched in pages as the view scrolls."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._journal = None
        self._filter = JournalFilter()
        self._rows: list[JournalLine] = []
        self._total = 0
        self._exhausted = True

    def set_journal(self, journal) -> None:
        self._journal = journal
        self.reload()

    def set_filter(self, where: JournalFilter) -> None:
        if where != self._filter:
            self._filter = where
            self.reload()

    def current_filter(self) -> JournalFilter:
        return self._filter

    def total(self) -> int:
        return self._total

    def reload(self) -> None:
        """Count the matching entries and fetch the first page; a read that fails changes nothing."""
        rows, total = [], 0
        if self._journal is not None:
            total = journal_count(self._journal, self._filter)
            rows = journal_page(self._journal, self._filter, 0, PAGE)
        self.beginResetModel()
        self._rows, self._total = rows, total
        self._exhausted = len(rows) < PAGE
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        # Search hits are counted only up to a cap, so paging runs until a page comes back short.
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or self._journal is None:
            return
        more = journal_page(self._journal, self._filter, len(self._rows), PAGE)
        self._exhausted = len(more) < PAGE
        if not more:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in the database, so that paging keeps working."""
        key = SORT_KEYS.get(column)
        if key is not None:
            descending = order == Qt.SortOrder.DescendingOrder
            self.set_filter(replace(self._filter, order=key, descending=descending))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def line(self, row: int) -> JournalLine:
        return self._rows[row]

    def row_of(self, entry_id: str) -> int | None:
        return row_with_id(self._rows, entry_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        line = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(line, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == SUMMARY_COLUMN:
            return plain(line.summary)
        if role == RECORD_ROLE:
            return line
        if role == RECORD_ID_ROLE:
            return line.id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return RIGHT_ALIGNED
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return column_title(COLUMNS, section, orientation, role)


def _cell(line: JournalLine, column: int) -> str:
    if column == 0:
        return line.date.isoformat()
    if column == 1:
        return line.kind + (" · private" if line.private else "")
    if column == 2:
        return str(line.minutes) if line.minutes else ""
    if column == 3:
        return line.skills
    return plain(line.summary)


class HighlightDelegate(QStyledItemDelegate):
    """Draws the entry column as plain text with the search matches highlighted."""

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        line = index.data(RECORD_ROLE)
        if line is None or MATCH_START not in line.summary:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        rect = QRectF(option.rect.adjusted(4, 0, -4, 0))
        metrics = option.fontMetrics
        x = rect.left()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_color = option.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        for part, matched in _segments(line.summary):
            width = metrics.horizontalAdvance(part)
            if x + width > rect.right():
                part = metrics.elidedText(part, Qt.TextElideMode.ElideRight, int(rect.right() - x))
                width = metrics.horizontalAdvance(part)
            if matched:
                painter.fillRect(QRectF(x, rect.top() + 2, width, rect.height() - 4), QColor(255, 214, 10, 170))
                painter.setPen(QColor(0, 0, 0))
            else:
                painter.setPen(text_color)
            painter.drawText(QRectF(x, rect.top(), width + 1, rect.height()), int(Qt.AlignmentFlag.AlignVCenter), part)
            x += width
            if x >= rect.right():
                break
        painter.restore()


def _segments(summary: str) -> list[tuple[str, bool]]:
    """Split a snippet into (text, is_match) parts."""
    parts: list[tuple[str, bool]] = []
    rest = summary
    while rest:
        start = rest.find(MATCH_START)
        if start < 0:
            parts.append((rest, False))
            break
        if start:
            parts.append((rest[:start], False))
        end = rest.find(MATCH_END, start)
        end = len(rest) if end < 0 else end
        parts.append((rest[start + 1:end], True))
        rest = rest[end + 1:]
    return parts

"""The timeline list: a table model that fetches rows page by page, and draws search matches.

The model holds the rows fetched so far and the tier promotions (computed by the tab when what
they depend on changes); each page continues after the last row's key (services.timeline). The
first page is read at once; an open journal's rows are counted on the worker thread (a third of
a search keystroke's reading), and sig_counted says when the counts changed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from masterydesk.services.browse import MATCH_END, MATCH_START
from masterydesk.services.journals import JournalSnapshot
from masterydesk.services.timeline import TimelineFilter, TimelineRow, timeline_count, timeline_page
from masterydesk.ui.background_reads import NewestRead
from masterydesk.ui.icons import icon
from masterydesk.ui.journal.list_look import COLUMNS, KIND_COLUMN, KIND_ICONS, SUMMARY_COLUMN, kind_text
from masterydesk.ui.widgets.labels import plain_tip
from masterydesk.ui.widgets.record_model import RECORD_ID_ROLE, RECORD_ROLE, column_title

PAGE = 200
Index = QModelIndex | QPersistentModelIndex


def _counted(journal, where: TimelineFilter, promotions: tuple[TimelineRow, ...]) -> tuple:
    return journal, where, timeline_count(journal, where, promotions)


def plain(summary: str) -> str:
    return summary.replace(MATCH_START, "").replace(MATCH_END, "")


class TimelineModel(QAbstractTableModel):
    """Every dated record newest first (or oldest first); rows are fetched in pages as the view scrolls."""

    sig_counted = Signal()  # counts() changed

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._journal = None
        self._filter = TimelineFilter()
        self._promotions: tuple[TimelineRow, ...] = ()
        self._rows: list[TimelineRow] = []
        self._counts: dict[str, int] | None = {}
        self._exhausted = True
        self._count_reads = NewestRead(self, self._on_counted, self._on_count_failed)  # an open journal's counts

    def set_journal(self, journal, promotions: tuple[TimelineRow, ...] = ()) -> None:
        self._count_reads.forget()  # the last journal's count is not read any more
        self._journal = journal
        self._promotions = promotions
        self._counts = None  # the last journal's are not shown while this one's are counted
        self.reload()

    def show_read(self, journal, rows: list[TimelineRow], counts: dict[str, int], limit: int) -> None:
        """The first rows of the unfiltered timeline, read already (up to limit of them): shown without reading again."""
        self._journal, self._promotions = journal, ()
        self.beginResetModel()
        self._rows, self._counts = list(rows), dict(counts)
        self._exhausted = len(rows) < limit
        self.endResetModel()

    def take_over(self, journal) -> None:
        """Read from journal from now on, keeping the rows shown: the journal just opened whose snapshot
        they were read from (its tier promotions come with the next reload)."""
        self._journal = journal

    def set_promotions(self, promotions: tuple[TimelineRow, ...]) -> None:
        """The tiers skills reached, as the tab computed them (reloaded with the next reload)."""
        self._promotions = promotions

    def set_filter(self, where: TimelineFilter) -> None:
        if where != self._filter:
            self._filter = where
            self.reload()

    def current_filter(self) -> TimelineFilter:
        return self._filter

    def counts(self) -> dict[str, int] | None:
        """How many rows of each kind match ("entry" for journal entries), search hits counted to a cap;
        None while a newly shown journal's are counted. After a reload they are the last filter's until
        the new ones come (sig_counted)."""
        return None if self._counts is None else dict(self._counts)

    def reload(self) -> None:
        """Fetch the first page (a read that fails changes nothing), then count the matching rows."""
        rows = []
        if self._journal is not None:
            rows = timeline_page(self._journal, self._filter, None, PAGE, self._promotions)
        self.beginResetModel()
        self._rows = rows
        self._exhausted = len(rows) < PAGE
        self.endResetModel()
        self._count()

    def _count(self) -> None:
        """On the worker for an open journal; at once for none, or a snapshot (its sqlite3 connection
        reads on the thread that made it)."""
        journal, where, promotions = self._journal, self._filter, self._promotions
        if journal is None or isinstance(journal, JournalSnapshot):
            self._on_counted((journal, where, {} if journal is None else timeline_count(journal, where, promotions)))
            return
        self._count_reads.ask(_counted, journal, where, promotions)

    def _on_counted(self, counted: tuple) -> None:
        journal, where, counts = counted
        if journal is self._journal and where == self._filter:
            self._counts = counts
            self.sig_counted.emit()

    def _on_count_failed(self, _sentence: str) -> None:
        """No count rather than the last filter's (the next read meets the cause and says it)."""
        self._counts = None
        self.sig_counted.emit()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        # Search hits are counted only up to a cap, so paging runs until a page comes back short.
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or self._journal is None or not self._rows:
            return
        more = timeline_page(self._journal, self._filter, self._rows[-1].key, PAGE, self._promotions)
        self._exhausted = len(more) < PAGE
        if not more:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The timeline runs by date, newest or oldest first: sorted in the database, so that paging keeps working."""
        if column == 0:
            descending = order == Qt.SortOrder.DescendingOrder
            self.set_filter(self._filter._replace(descending=descending))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def line(self, row: int) -> TimelineRow:
        return self._rows[row]

    def row_of(self, collection: str, record_id: str) -> int | None:
        """The row of a record (a promotion: its skill's first), among the rows fetched so far."""
        return next((n for n, line in enumerate(self._rows)
                     if line.id == record_id and line.collection == collection), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        line = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(line, index.column())
        if role == Qt.ItemDataRole.DecorationRole and index.column() == KIND_COLUMN:
            return icon(KIND_ICONS[line.kind])
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == SUMMARY_COLUMN:
            return plain_tip(plain(line.summary))
        if role == RECORD_ROLE:
            return line
        if role == RECORD_ID_ROLE:
            return line.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return column_title(COLUMNS, section, orientation, role)


def _cell(line: TimelineRow, column: int) -> str:
    if column == 0:
        return line.date.isoformat()
    if column == KIND_COLUMN:
        return kind_text(line.kind, line.private)
    if column == 2:
        return line.skills
    if column == 3:
        return line.person
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

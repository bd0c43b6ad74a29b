"""The coaching report as a PDF of A4 pages, painted with Qt like the Insights charts.

reports.coaching says what the report holds (figures, gaps, check-in, questions); this module lays
it out: page 1 the headline figures and the frequency and teaching charts, page 2 the readiness
chart and the text, set smaller to fit, and continued on further pages when even the smallest size
does not (a long check-in note, many gaps). The charts are the Insights tab's pictures, in LIGHT colours (paper), so the
report shows what the tab shows. It runs without a window: the command line makes an offscreen
Qt application if there is none. The app paints it on the UI thread (the content may be read on a
worker): PySide6 makes its types on first use, which is not safe on two threads (ui/imports_ahead.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QPageLayout, QPageSize, QPainter, QPdfWriter

from masterydesk.reports.chart_plots import PLOTS
from masterydesk.reports.chart_style import LIGHT
from masterydesk.reports.coaching import ReportContent, headline_rows, window_text, report_content, section_texts
from masterydesk.services.figures import day_text
from masterydesk.services.files import atomic_file

MARGIN = 40.0
BODY_POINTS = 8.5
TABLE_POINTS = 8.5
SMALLEST_POINTS = 6.0  # text that does not fit on page 2 at BODY_POINTS is set smaller, down to this
COLUMNS = (0.52, 0.16, 0.16, 0.16)  # of the table's width: figure, this period, previous, change
RULE = "#DDDDDD"


def write_report(journal, out: Path, start: dt.date | None = None, end: dt.date | None = None,
                 today: dt.date | None = None) -> int:
    """Write the coaching report as a PDF of A4 pages; returns the number of pages."""
    return write_content(report_content(journal, start, end, today), Path(out))


def write_content(content: ReportContent, out: Path) -> int:
    """Lay out content as the PDF at out, written atomically (0600): a full disk or an error leaves the
    previous report as it was, and a journal is never the target."""
    _application()
    data, pages = _pdf_bytes(content)
    with atomic_file(Path(out)) as binary:
        binary.write(data)
    return pages


def _application() -> None:
    """Qt's fonts need an application: the command line has none, and may have no screen. It is a
    widgets application, offscreen, so that whatever runs next in the same process can use it."""
    from PySide6.QtWidgets import QApplication

    if QGuiApplication.instance() is None:
        QApplication(["masterydesk", "-platform", "offscreen"])


def _pdf_bytes(content: ReportContent) -> tuple[bytes, int]:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(72)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    writer.setTitle(f"MasteryDesk coaching report, {window_text(content.series.window)}")
    writer.setCreator("MasteryDesk")
    painter = QPainter(writer)
    try:
        layout = lay_out(content, QRectF(0, 0, writer.width(), writer.height()), writer)  # in points: 72 dpi
        for number in range(layout.pages):
            if number:
                writer.newPage()
            layout.paint(painter, number)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data()), layout.pages


@dataclass(frozen=True)
class Layout:
    """The report on pages of one size: the first page's parts are placed as it is painted; the text's
    lines, from page 2 on, are laid out once (as the device sets them)."""

    content: ReportContent
    page: QRectF
    text: list[list[Line]]  # page 2's lines, then each further page's

    @property
    def pages(self) -> int:
        return 1 + len(self.text)

    def paint(self, painter: QPainter, number: int) -> None:
        """Paint page number (from 0)."""
        painter.fillRect(self.page, QColor(LIGHT.background))
        area = _area(self.page)
        if number == 0:
            _first_page(painter, self.content, area)
            return
        if number == 1:
            title = f"Readiness, gaps and questions — made on {day_text(self.content.made_on)}"
            top = _line(painter, _font(12, bold=True), title, area, area.top()) + 8
            _chart(painter, self.content, "readiness", QRectF(area.left(), top, area.width(), _chart_height(area)))
        else:
            _line(painter, _font(12, bold=True), "Gaps, check-in and questions (continued)", area, area.top())
        _paint_lines(painter, self.text[number - 1], area.left())


def lay_out(content: ReportContent, page: QRectF, device) -> Layout:
    """The report on pages of that size (in points) of device: two pages, more for a long text."""
    return Layout(content, page, _text_pages(content, _area(page), device))


def _area(page: QRectF) -> QRectF:
    return page.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _line(painter: QPainter, font: QFont, text: str, area: QRectF, top: float) -> float:
    """Draw text wrapped to the area's width from top; the y below it."""
    painter.setFont(font)
    painter.setPen(QColor(LIGHT.text))
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
    box = QRectF(area.left(), top, area.width(), area.bottom() - top)
    used = painter.boundingRect(box, flags, text)
    painter.drawText(box, flags, text)
    return top + used.height()


def _chart(painter: QPainter, content: ReportContent, name: str, rect: QRectF) -> None:
    from masterydesk.ui.widgets.plot_painter import paint

    painter.save()
    paint(painter, PLOTS[name](getattr(content.series, name), LIGHT), rect, _font(BODY_POINTS + 0.5))
    painter.restore()


def _first_page(painter: QPainter, content: ReportContent, area: QRectF) -> None:
    window, previous = content.series.window, content.series.previous.window
    top = _line(painter, _font(14, bold=True), f"Coaching report — {window_text(window)}", area, area.top()) + 10
    top = _line(painter, _font(10, bold=True), f"Headline figures, compared with {window_text(previous)}", area, top)
    top = _table(painter, content, area, top + 6) + 14
    height = (area.bottom() - top - 10) / 2
    _chart(painter, content, "frequency", QRectF(area.left(), top, area.width(), height))
    _chart(painter, content, "teaching", QRectF(area.left(), top + height + 10, area.width(), height))


def _table(painter: QPainter, content: ReportContent, area: QRectF, top: float) -> float:
    """The headline figures, a row each under a bold header; the y below the table."""
    rows = [("Figure", "This period", "Previous", "Change"), *headline_rows(content)]
    height = QFontMetricsF(_font(TABLE_POINTS), painter.device()).height() * 1.35
    for index, row in enumerate(rows):
        painter.setFont(_font(TABLE_POINTS, bold=index == 0))
        painter.setPen(QColor(LIGHT.text))
        left = area.left()
        for share, cell in zip(COLUMNS, row):
            width = share * area.width()
            painter.drawText(QRectF(left + 2, top, width - 4, height),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), cell)
            left += width
        top += height
        painter.setPen(QColor(RULE))
        painter.drawLine(area.left(), top, area.right(), top)
    return top


# --- page 2 and after: the text, set smaller to fit, else continued ---------------------------------


@dataclass(frozen=True)
class Line:
    """One line of the report's text as laid out: where, in which size, bold or not."""

    text: str
    top: float
    points: float
    bold: bool


def _chart_height(area: QRectF) -> float:
    return area.height() * 0.36


def _text_top(area: QRectF, first: bool, device) -> float:
    """Where the text starts under page 2's title and chart, or under a further page's title."""
    title = QFontMetricsF(_font(12, bold=True), device).height()
    return area.top() + title + 8 + (_chart_height(area) + 14 if first else 6)


def _text_pages(content: ReportContent, area: QRectF, device) -> list[list[Line]]:
    """The text's lines page by page: all on page 2 at the largest size that fits it there, down to
    SMALLEST_POINTS; at BODY_POINTS over as many pages as it takes when even that does not fit."""
    points = BODY_POINTS
    while points >= SMALLEST_POINTS:
        pages = _flowed(content, area, points, device)
        if len(pages) == 1:
            return pages
        points -= 0.5
    return _flowed(content, area, BODY_POINTS, device)


def _flowed(content: ReportContent, area: QRectF, points: float, device) -> list[list[Line]]:
    """The lines at one size (measured as device sets them), page by page."""
    pages: list[list[Line]] = [[]]
    top = _text_top(area, True, device)
    for text, size, bold, after in _pieces(content, points):
        metrics = QFontMetricsF(_font(size, bold), device)
        for piece in _wrapped(text, metrics, area.width()):
            height = metrics.lineSpacing()
            if top + height > area.bottom():
                pages.append([])
                top = _text_top(area, False, device)
            pages[-1].append(Line(piece, top, size, bold))
            top += height
        top += after
    return pages


def _pieces(content: ReportContent, points: float) -> list[tuple[str, float, bool, float]]:
    """(text, size, bold, space after) of each title and line of the text sections."""
    pieces = []
    for title, lines in section_texts(content).items():
        pieces.append((title, points + 1.5, True, 2.0))
        pieces += [(line, points, False, 1.0) for line in lines]
        pieces[-1] = (*pieces[-1][:3], points)  # a section ends with more room
    return pieces


def _wrapped(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """text in lines no wider than width, broken between words, and inside a word longer than a line."""
    lines, current = [], ""
    for word in text.split(" "):
        while metrics.horizontalAdvance(word) > width:  # a long address or name: cut where the line ends
            cut = max(1, next((n for n in range(len(word), 0, -1) if metrics.horizontalAdvance(word[:n]) <= width), 1))
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut])
            word = word[cut:]
        joined = f"{current} {word}" if current else word
        if current and metrics.horizontalAdvance(joined) > width:
            lines.append(current)
            joined = word
        current = joined
    return [*lines, current]


def _paint_lines(painter: QPainter, lines: list[Line], left: float) -> None:
    painter.setPen(QColor(LIGHT.text))
    for line in lines:
        painter.setFont(_font(line.points, line.bold))
        painter.drawText(QPointF(left, line.top + QFontMetricsF(painter.font(), painter.device()).ascent()), line.text)

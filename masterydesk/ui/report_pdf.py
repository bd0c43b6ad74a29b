"""The coaching report as a PDF of two A4 pages, painted with Qt like the Insights charts.

reports.coaching says what the report holds (figures, gaps, check-in, questions); this module lays
it out: page 1 the headline figures and the frequency and teaching charts, page 2 the readiness
chart and the text. The charts are the Insights tab's pictures, in LIGHT colours (paper), so the
report shows what the tab shows. It runs without a window: the command line makes an offscreen
Qt application if there is none, and the app writes it from a worker thread.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QPageLayout, QPageSize, QPainter, QPdfWriter

from masterydesk.reports.chart_plots import PLOTS
from masterydesk.reports.chart_style import LIGHT
from masterydesk.reports.coaching import PAGES, ReportContent, headline_rows, period_text, report_content, section_texts
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
    data = _pdf_bytes(content)
    with atomic_file(Path(out)) as binary:
        binary.write(data)
    return PAGES


def _application() -> None:
    """Qt's fonts need an application: the command line has none, and may have no screen. It is a
    widgets application, offscreen, so that whatever runs next in the same process can use it."""
    from PySide6.QtWidgets import QApplication

    if QGuiApplication.instance() is None:
        QApplication(["masterydesk", "-platform", "offscreen"])


def _pdf_bytes(content: ReportContent) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(72)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    writer.setTitle(f"MasteryDesk coaching report, {period_text(content.series.window)}")
    writer.setCreator("MasteryDesk")
    painter = QPainter(writer)
    try:
        page = QRectF(0, 0, writer.width(), writer.height())  # in points: the resolution is 72 dpi
        for number in range(PAGES):
            if number:
                writer.newPage()
            paint_page(painter, content, number, page)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def paint_page(painter: QPainter, content: ReportContent, number: int, page: QRectF) -> None:
    """Paint page number (0 or 1) of the report on a page of that size, in points."""
    painter.fillRect(page, QColor(LIGHT.background))
    area = page.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
    if number == 0:
        _first_page(painter, content, area)
    else:
        _second_page(painter, content, area)


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _line(painter: QPainter, font: QFont, text: str, area: QRectF, top: float, color: str = LIGHT.text) -> float:
    """Draw text wrapped to the area's width from top; the y below it."""
    painter.setFont(font)
    painter.setPen(QColor(color))
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
    top = _line(painter, _font(14, bold=True), f"Coaching report — {period_text(window)}", area, area.top()) + 10
    top = _line(painter, _font(10, bold=True), f"Headline figures, compared with {period_text(previous)}", area, top)
    top = _table(painter, content, area, top + 6) + 14
    height = (area.bottom() - top - 10) / 2
    _chart(painter, content, "frequency", QRectF(area.left(), top, area.width(), height))
    _chart(painter, content, "teaching", QRectF(area.left(), top + height + 10, area.width(), height))


def _table(painter: QPainter, content: ReportContent, area: QRectF, top: float) -> float:
    """The headline figures, a row each under a bold header; the y below the table."""
    rows = [("Figure", "This period", "Previous", "Change"), *headline_rows(content)]
    height = QFontMetricsF(_font(TABLE_POINTS)).height() * 1.35
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


def _second_page(painter: QPainter, content: ReportContent, area: QRectF) -> None:
    title = f"Readiness, gaps and questions — made on {day_text(content.made_on)}"
    top = _line(painter, _font(12, bold=True), title, area, area.top()) + 8
    chart = QRectF(area.left(), top, area.width(), area.height() * 0.36)
    _chart(painter, content, "readiness", chart)
    text = QRectF(area.left(), chart.bottom() + 14, area.width(), area.bottom() - chart.bottom() - 14)
    _sections(painter, content, text, _fitting_points(painter, content, text))


def _sections(painter: QPainter, content: ReportContent, area: QRectF, points: float) -> float:
    top = area.top()
    for title, lines in section_texts(content).items():
        top = _line(painter, _font(points + 1.5, bold=True), title, area, top) + 2
        for line in lines:
            top = _line(painter, _font(points), line, area, top) + 1
        top += points
    return top


def _fitting_points(painter: QPainter, content: ReportContent, area: QRectF) -> float:
    """The body size at which the text fits in area: BODY_POINTS, or smaller for a long text."""
    points = BODY_POINTS
    while points > SMALLEST_POINTS and _height(painter, content, area, points) > area.height():
        points -= 0.5
    return points


def _height(painter: QPainter, content: ReportContent, area: QRectF, points: float) -> float:
    top = area.top()
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
    for title, lines in section_texts(content).items():
        for text, size in ((title, points + 1.5), *((line, points) for line in lines)):
            painter.setFont(_font(size, bold=size > points))
            top += painter.boundingRect(QRectF(area.left(), 0, area.width(), 10_000), flags, text).height() + 1
        top += points
    return top - area.top()

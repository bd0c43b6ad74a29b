"""Paint a chart Picture (reports.chart_plots) with QPainter, and say what lies under a point.

The picture's panels share its rectangle, stacked or side by side by their shares; each panel
keeps room for its title, its legend (beside or below), its axes' labels and a note, and plots
its marks in what is left. `paint` returns where each panel's plot went, for `text_at`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QBuffer, QIODevice, QLineF, QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QPolygonF,
)

from masterydesk.reports.chart_plots import Axis, Band, Bars, Cells, Line, Panel, Picture, Rule, Spans

PAD = 6.0
SWATCH = 18.0
TICK = 4.0
LEGEND_SHARE = 0.4  # the most of a panel's width a legend beside it may take
LABEL_SHARE = 0.4  # the most of a panel's width the names along its value axis may take
NEAR = 6.0  # pixels: how close the pointer must be to a point or a rule to name it
DASHES = {"solid": Qt.PenStyle.SolidLine, "line": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine,
          "dot": Qt.PenStyle.DotLine, "": Qt.PenStyle.NoPen}
SAVE_SCALE = 2  # a saved PNG has twice the pixels shown, for print and high-density screens


@dataclass
class Fonts:
    title: QFont
    label: QFont
    small: QFont

    @classmethod
    def from_font(cls, base: QFont) -> Fonts:
        size = base.pointSizeF() if base.pointSizeF() > 0 else 9.0
        title, label, small = QFont(base), QFont(base), QFont(base)
        title.setPointSizeF(size * 1.1)
        title.setBold(True)
        label.setPointSizeF(size * 0.95)
        small.setPointSizeF(size * 0.85)
        return cls(title, label, small)


@dataclass
class Placed:
    """Where a panel's plot went: value to pixel and back (plain arithmetic: a chart maps some 20,000
    values a paint, and asking the QRectF each time was most of the paint's time)."""

    panel: Panel
    plot: QRectF
    area: QRectF  # the panel's room for its plot and axes: no text of theirs goes outside it

    def __post_init__(self) -> None:
        x, y, right = self.panel.x, self.panel.y, self.panel.right or self.panel.y
        self._left, self._bottom = self.plot.left(), self.plot.bottom()
        self._x = (x.low, self.plot.width() / (x.high - x.low) if x.high != x.low else 0.0)
        self._y = (y.low, self.plot.height() / (y.high - y.low) if y.high != y.low else 0.0)
        self._right = (right.low, self.plot.height() / (right.high - right.low) if right.high != right.low else 0.0)

    def px(self, x: float) -> float:
        low, scale = self._x
        return self._left + (x - low) * scale

    def py(self, y: float, right: bool = False) -> float:
        low, scale = self._right if right else self._y
        return self._bottom - (y - low) * scale

    def value_x(self, px: float) -> float:
        low, scale = self._x
        return low + (px - self._left) / scale if scale else low

    def value_y(self, py: float) -> float:
        low, scale = self._y
        return low + (self._bottom - py) / scale if scale else low


# --- painting -----------------------------------------------------------------------------------


def paint(painter: QPainter, picture: Picture, rect: QRectF, base_font: QFont) -> list[Placed]:
    """Paint the picture into rect; where each panel's plot went."""
    fonts = Fonts.from_font(base_font)
    cells = _cells(picture, rect.adjusted(PAD, PAD, -PAD, -PAD))
    span = _shared_span(picture, cells, fonts) if picture.shared_x else None
    painter.fillRect(rect, QColor(picture.colors.background))
    return [_paint_panel(painter, panel, cell, fonts, picture, span) for panel, cell in zip(picture.panels, cells)]


def _shared_span(picture: Picture, cells: list[QRectF], fonts: Fonts) -> tuple[float, float]:
    """The left and right of plots stacked on one time axis: what each of them has room for."""
    plots = [_arrange(panel, cell, fonts).plot for panel, cell in zip(picture.panels, cells)]
    return max(p.left() for p in plots), min(p.right() for p in plots)


def _cells(picture: Picture, rect: QRectF) -> list[QRectF]:
    total = sum(p.share for p in picture.panels)
    cells, start = [], 0.0
    for panel in picture.panels:
        part = panel.share / total
        if picture.side_by_side:
            cells.append(QRectF(rect.left() + start * rect.width(), rect.top(), part * rect.width(), rect.height()))
        else:
            cells.append(QRectF(rect.left(), rect.top() + start * rect.height(), rect.width(), part * rect.height()))
        start += part
    return cells


@dataclass
class _Arrangement:
    """Where a panel's parts go in its cell, worked out before anything is painted."""

    title: float  # the title's height (0 without one)
    note: float  # the note's height under everything (0 without one)
    inner: QRectF  # the cell less its title and note
    below: tuple[list[list], float] | None  # the keys in rows under the plot, and their height
    legend: float  # the width of the legend beside the plot (0 for none)
    room: QRectF  # inner less the legend: the plot's and its axes' (no text of theirs goes outside it)
    plot: QRectF  # empty for a panel that shows a message instead


def _arrange(panel: Panel, cell: QRectF, fonts: Fonts) -> _Arrangement:
    inner = QRectF(cell).adjusted(2, 0, -2, -2)
    title = QFontMetricsF(_title_font(panel, fonts)).height() if panel.title else 0.0
    note = (panel.note.count("\n") + 1) * QFontMetricsF(fonts.small).lineSpacing() if panel.note else 0.0
    inner.setTop(inner.top() + (title + 4 if title else 0))
    inner.setBottom(inner.bottom() - (note + 4 if note else 0))
    if panel.message:
        return _Arrangement(title, note, inner, None, 0.0, inner, QRectF())
    below = _rows_below(panel, inner, fonts) if panel.keys_below else None
    legend = 0.0 if panel.keys_below else _legend_width(panel, inner, fonts)
    room = QRectF(inner)
    if below is not None:
        room.setBottom(room.bottom() - below[1] - 4)
    elif legend:
        room.setRight(room.right() - legend - 8)
    return _Arrangement(title, note, inner, below, legend, room, _plot_rect(panel, room, fonts))


def _title_font(panel: Panel, fonts: Fonts) -> QFont:
    font = QFont(fonts.label if panel.small_title else fonts.title)
    font.setBold(True)
    return font


def _paint_panel(painter: QPainter, panel: Panel, cell: QRectF, fonts: Fonts, picture: Picture,
                 span: tuple[float, float] | None = None) -> Placed:
    colors, parts = picture.colors, _arrange(panel, cell, fonts)
    inner = parts.inner
    if parts.title:
        font = _title_font(panel, fonts)
        title = QFontMetricsF(font).elidedText(panel.title, Qt.TextElideMode.ElideRight, inner.width())
        _text(painter, font, colors.text, QRectF(inner.left(), cell.top(), inner.width(), parts.title), title,
              Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    if parts.note:
        _text(painter, fonts.small, colors.text, QRectF(inner.left(), inner.bottom() + 4, inner.width(), parts.note),
              _elided_lines(fonts.small, panel.note, inner.width()), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    if panel.message:
        _text(painter, fonts.label, colors.muted, inner, panel.message,
              Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        return Placed(panel, QRectF(), inner)
    if parts.legend:
        _paint_legend(painter, panel, QRectF(inner.right() - parts.legend, inner.top(), parts.legend, inner.height()),
                      fonts, colors)
    plot = QRectF(parts.plot)
    if span is not None:
        plot.setLeft(span[0])
        plot.setRight(span[1])
    placed = Placed(panel, plot, parts.room)
    _paint_grid(painter, placed, colors)
    painter.save()
    painter.setClipRect(plot.adjusted(-1, -8, 1, 1))
    for mark in panel.marks:
        PAINTERS[type(mark)](painter, placed, mark, colors)
    painter.restore()
    _paint_axes(painter, placed, fonts, colors)
    if parts.below is not None:  # right under the axis: a calendar's grid may end above the room it had
        rows, height = parts.below
        _paint_rows_below(painter, panel, rows, QRectF(inner.left(), plot.bottom() + _x_room(panel, fonts) + 4,
                                                       inner.width(), height), fonts, colors)
    return placed


def _text(painter: QPainter, font: QFont, color: str, rect: QRectF, text: str, flags) -> None:
    painter.setFont(font)
    painter.setPen(QColor(color))
    painter.drawText(rect, int(flags), text)


def _elided_lines(font: QFont, text: str, width: float) -> str:
    """Each line of text cut to width, with an ellipsis where cut."""
    metrics = QFontMetricsF(font)
    return "\n".join(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in text.split("\n"))


def _text_width(font: QFont, text: str) -> float:
    metrics = QFontMetricsF(font)
    return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0.0)


# --- the legend ---------------------------------------------------------------------------------


def _legend_lines(panel: Panel) -> list[tuple[str, object]]:
    lines = [(line, None) for line in panel.key_title.split("\n")] if panel.key_title else []
    return lines + [(key.label, key) for key in panel.keys]


def _legend_width(panel: Panel, inner: QRectF, fonts: Fonts) -> float:
    """The width of the legend beside the plot: its longest line, at most LEGEND_SHARE of the panel."""
    entries = _legend_lines(panel)
    if not entries:
        return 0.0
    return min(max(_text_width(fonts.small, text) for text, _ in entries) + SWATCH + 10, inner.width() * LEGEND_SHARE)


def _paint_legend(painter: QPainter, panel: Panel, room: QRectF, fonts: Fonts, colors) -> None:
    """Draw the legend beside the plot, in its room, from the top."""
    metrics = QFontMetricsF(fonts.small)
    step = metrics.lineSpacing() + 2
    top = room.top() + 2
    for text, key in _legend_lines(panel):
        shift = SWATCH + 4 if key is not None else 0
        if key is not None:
            _swatch(painter, key, QRectF(room.left(), top, SWATCH, step), colors)
        label = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room.width() - shift)
        _text(painter, fonts.small, colors.text, QRectF(room.left() + shift, top, room.width() - shift, step), label,
              Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        top += step


def _rows_below(panel: Panel, inner: QRectF, fonts: Fonts) -> tuple[list[list], float] | None:
    """The keys in rows under the plot, as many to a row as fit, and the height of those rows and
    of the key title's lines above them; None without keys."""
    if not panel.keys and not panel.key_title:
        return None
    rows, row, used = [], [], 0.0
    for key in panel.keys:
        width = SWATCH + 4 + _text_width(fonts.small, key.label) + 14
        if row and used + width > inner.width():
            rows.append(row)
            row, used = [], 0.0
        row.append((key, width))
        used += width
    if row:
        rows.append(row)
    titles = panel.key_title.count("\n") + 1 if panel.key_title else 0
    return rows, (len(rows) + titles) * _step(fonts)


def _step(fonts: Fonts) -> float:
    return QFontMetricsF(fonts.small).lineSpacing() + 2


def _paint_rows_below(painter, panel: Panel, rows: list[list], room: QRectF, fonts: Fonts, colors) -> None:
    step, top = _step(fonts), room.top()
    for title in panel.key_title.split("\n") if panel.key_title else []:
        _text(painter, fonts.small, colors.text, QRectF(room.left(), top, room.width(), step),
              _elided_lines(fonts.small, title, room.width()), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        top += step
    for keys in rows:
        left = room.left()
        for key, width in keys:
            _swatch(painter, key, QRectF(left, top, SWATCH, step), colors)
            _text(painter, fonts.small, colors.text, QRectF(left + SWATCH + 4, top, width, step), key.label,
                  Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            left += width
        top += step


def _swatch(painter: QPainter, key, rect: QRectF, colors) -> None:
    centre = rect.center()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if key.swatch == "box":
        painter.fillRect(QRectF(centre.x() - 5, centre.y() - 5, 10, 10), QColor(key.color))
    elif key.swatch in DASHES:
        painter.setPen(_pen(key.color, 1.5, key.swatch))
        painter.drawLine(QLineF(rect.left() + 1, centre.y(), rect.right() - 1, centre.y()))
    else:
        _marker(painter, key.swatch, centre, 7.0, key.color)
    painter.restore()


# --- axes ---------------------------------------------------------------------------------------


def _plot_rect(panel: Panel, inner: QRectF, fonts: Fonts) -> QRectF:
    """What is left for the plot once the axes' tick labels and names have their room."""
    metrics = QFontMetricsF(fonts.small)
    y_labels = label_room(panel.y, metrics, inner.width()) + TICK + 3
    y_name = QFontMetricsF(fonts.label).height() + 2 if panel.y.label else 0.0
    left = y_name + (0.0 if panel.labels_right else y_labels)
    right = y_labels if panel.labels_right else 0.0
    if panel.right is not None:
        right += max((metrics.horizontalAdvance(text) for _, text in panel.right.ticks), default=0.0) + TICK + 3
        right += QFontMetricsF(fonts.label).height() + 2 if panel.right.label else 0.0
    bottom = _x_room(panel, fonts)
    top = metrics.height() / 2  # the top tick's label, centred on it
    plot = QRectF(inner.left() + left, inner.top() + top, max(inner.width() - left - right, 10.0),
                  max(inner.height() - top - bottom, 10.0))
    if any(isinstance(mark, Cells) for mark in panel.marks):
        plot = _square_cells(panel, plot)
    return plot


def _x_room(panel: Panel, fonts: Fonts) -> float:
    """The height under the plot for the x axis's tick labels and name."""
    room = QFontMetricsF(fonts.small).height() + TICK + 2 if panel.x.ticks else 2.0
    return room + (QFontMetricsF(fonts.label).height() + 2 if panel.x.label else 0.0)


def label_room(axis: Axis, metrics: QFontMetricsF, width: float) -> float:
    """The width of an axis's widest tick label, at most LABEL_SHARE of the panel's (longer ones are cut)."""
    widest = max((metrics.horizontalAdvance(text) for _, text in axis.ticks), default=0.0)
    return min(widest, width * LABEL_SHARE)


def _square_cells(panel: Panel, plot: QRectF) -> QRectF:
    """A plot whose units are square along both axes (a calendar's days), as large as fits."""
    columns, rows = abs(panel.x.high - panel.x.low), abs(panel.y.high - panel.y.low)
    side = min(plot.width() / columns, plot.height() / rows)
    return QRectF(plot.left(), plot.top(), side * columns, side * rows)


def _paint_grid(painter: QPainter, placed: Placed, colors) -> None:
    panel, plot = placed.panel, placed.plot
    painter.setPen(QPen(QColor(colors.grid), 0.8))
    if panel.grid == "y":
        for value, _ in panel.y.ticks:
            y = placed.py(value)
            if plot.top() - 0.5 <= y <= plot.bottom() + 0.5:
                painter.drawLine(QLineF(plot.left(), y, plot.right(), y))
    elif panel.grid == "x":
        for value, _ in panel.x.ticks:
            x = placed.px(value)
            if plot.left() - 0.5 <= x <= plot.right() + 0.5:
                painter.drawLine(QLineF(x, plot.top(), x, plot.bottom()))


def _paint_axes(painter: QPainter, placed: Placed, fonts: Fonts, colors) -> None:
    panel, plot = placed.panel, placed.plot
    metrics = QFontMetricsF(fonts.small)
    tick_pen = QPen(QColor(colors.muted), 1.0)
    if panel.frame:
        painter.setPen(tick_pen)
        painter.drawLine(QLineF(plot.left(), plot.bottom(), plot.right(), plot.bottom()))
        side = plot.right() if panel.labels_right else plot.left()
        painter.drawLine(QLineF(side, plot.top(), side, plot.bottom()))
        if panel.right is not None:
            painter.drawLine(QLineF(plot.right(), plot.top(), plot.right(), plot.bottom()))
    _x_ticks(painter, placed, metrics, fonts, colors, tick_pen)
    _y_ticks(painter, placed, panel.y, metrics, fonts, colors, tick_pen, right=panel.labels_right)
    if panel.right is not None:
        _y_ticks(painter, placed, panel.right, metrics, fonts, colors, tick_pen, right=True, second=True)


def _x_ticks(painter, placed: Placed, metrics: QFontMetricsF, fonts: Fonts, colors, tick_pen: QPen) -> None:
    panel, plot = placed.panel, placed.plot
    last_right = -math.inf
    for value, text in panel.x.ticks:
        x = placed.px(value)
        if not plot.left() - 1 <= x <= plot.right() + 1:
            continue
        if panel.frame:
            painter.setPen(tick_pen)
            painter.drawLine(QLineF(x, plot.bottom(), x, plot.bottom() + TICK))
        width = metrics.horizontalAdvance(text) + 4
        left = min(max(x - width / 2, placed.area.left()), placed.area.right() - width)  # kept in the panel
        if left < last_right + 4:
            continue  # would overlap the label before it
        last_right = left + width
        _text(painter, fonts.small, colors.text, QRectF(left, plot.bottom() + TICK + 1, width, metrics.height()), text,
              Qt.AlignmentFlag.AlignCenter)
    if panel.x.label:
        top = plot.bottom() + TICK + 2 + (metrics.height() if panel.x.ticks else 0)
        height = QFontMetricsF(fonts.label).height()
        area = placed.area
        label = QFontMetricsF(fonts.label).elidedText(panel.x.label, Qt.TextElideMode.ElideRight, area.width())
        width = max(plot.width(), QFontMetricsF(fonts.label).horizontalAdvance(label) + 4)
        left = min(max(plot.center().x() - width / 2, area.left()), area.right() - width)
        _text(painter, fonts.label, colors.text, QRectF(left, top, width, height), label, Qt.AlignmentFlag.AlignCenter)


def _y_ticks(painter, placed: Placed, axis: Axis, metrics: QFontMetricsF, fonts: Fonts, colors, tick_pen: QPen,
             right: bool, second: bool = False) -> None:
    plot = placed.plot
    edge = plot.right() if right else plot.left()
    room = label_room(axis, metrics, placed.area.width())
    widest, last_y = 0.0, math.inf
    for value, text in sorted(axis.ticks, key=lambda tick: -placed.py(tick[0], right=second)):  # bottom up
        y = placed.py(value, right=second)
        if not plot.top() - 1 <= y <= plot.bottom() + 1 or y > last_y - metrics.height():
            continue  # outside the plot, or on the label below it
        last_y = y
        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room + 1)
        width = metrics.horizontalAdvance(text)
        widest = max(widest, width)
        if placed.panel.frame:
            painter.setPen(tick_pen)
            painter.drawLine(QLineF(edge, y, edge + (TICK if right else -TICK), y))
        box = (QRectF(edge + TICK + 2, y - metrics.height() / 2, width + 2, metrics.height()) if right
               else QRectF(edge - TICK - 3 - width, y - metrics.height() / 2, width + 2, metrics.height()))
        _text(painter, fonts.small, colors.text, box, text,
              (Qt.AlignmentFlag.AlignLeft if right else Qt.AlignmentFlag.AlignRight) | Qt.AlignmentFlag.AlignVCenter)
    if axis.label:
        _y_name(painter, placed, axis.label, edge + TICK + widest + 6 if right else edge - TICK - widest - 6, right,
                fonts, colors)


def _y_name(painter: QPainter, placed: Placed, name: str, side: float, right: bool, fonts: Fonts, colors) -> None:
    """An axis's name along it, turned, beside its tick labels: centred on the plot, cut to its height."""
    metrics = QFontMetricsF(fonts.label)
    height, plot = metrics.height(), placed.plot
    name = metrics.elidedText(name, Qt.TextElideMode.ElideRight, plot.height())
    length = plot.height()
    painter.save()
    painter.translate(side + height / 2 if right else side - height / 2, plot.center().y())
    painter.rotate(90 if right else -90)
    _text(painter, fonts.label, colors.text, QRectF(-length / 2, -height / 2, length, height), name,
          Qt.AlignmentFlag.AlignCenter)
    painter.restore()


# --- marks --------------------------------------------------------------------------------------


def _pen(color: str, width: float, style: str = "solid") -> QPen:
    pen = QPen(QColor(color), width)
    pen.setStyle(DASHES.get(style, Qt.PenStyle.SolidLine))
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def _paint_band(painter: QPainter, placed: Placed, band: Band, _colors) -> None:
    """The band's bins as rectangles, in one call: one call a bin was 3,600 calls on ten years of weeks
    and seven bands (18 ms a paint)."""
    xs = [placed.px(x) for x in band.edges]
    rects = [QRectF(xs[i], placed.py(high), xs[i + 1] - xs[i] + 0.5, placed.py(low) - placed.py(high))
             for i, (low, high) in enumerate(zip(band.bottom, band.top)) if high > low]
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(band.color))
    painter.drawRects(rects)
    painter.restore()


def _paint_line(painter: QPainter, placed: Placed, line: Line, _colors) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    points = [None if y is None or (isinstance(y, float) and math.isnan(y))
              else QPointF(placed.px(x), placed.py(y, right=line.right)) for x, y in zip(line.x, line.y)]
    if line.style:
        path, pen_down = QPainterPath(), False
        for point in points:
            if point is None:
                pen_down = False
            elif pen_down:
                path.lineTo(point)
            else:
                path.moveTo(point)
                pen_down = True
        painter.strokePath(path, _pen(line.color, line.width, line.style))
    if line.marker:
        for point in points:
            if point is not None:
                _marker(painter, line.marker, point, line.size * 1.3, line.color)
    painter.restore()


def _marker(painter: QPainter, kind: str, centre: QPointF, size: float, color: str) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    radius = size / 2
    if kind == "circle":
        painter.drawEllipse(centre, radius, radius)
        return
    if kind == "diamond":
        corners = [(0, -1), (1, 0), (0, 1), (-1, 0)]
        painter.drawPolygon(QPolygonF([QPointF(centre.x() + dx * radius, centre.y() + dy * radius)
                                       for dx, dy in corners]))
        return
    points = []
    for n in range(10):  # a five-pointed star
        angle = math.pi / 2 + n * math.pi / 5
        reach = radius if n % 2 == 0 else radius * 0.45
        points.append(QPointF(centre.x() + reach * math.cos(angle), centre.y() - reach * math.sin(angle)))
    painter.drawPolygon(QPolygonF(points))


def _paint_rule(painter: QPainter, placed: Placed, rule: Rule, _colors) -> None:
    painter.setPen(_pen(rule.color, rule.width, rule.style))
    plot = placed.plot
    if rule.vertical:
        x = placed.px(rule.at)
        painter.drawLine(QLineF(x, plot.top(), x, plot.bottom()))
    else:
        y = placed.py(rule.at)
        painter.drawLine(QLineF(plot.left(), y, plot.right(), y))


def _bar_rect(placed: Placed, bars: Bars, i: int) -> QRectF:
    start, end = bars.start[i], bars.start[i] + bars.size[i]
    if bars.horizontal:
        top, bottom = placed.py(end), placed.py(start)
        return QRectF(placed.px(0), top, placed.px(bars.length[i]) - placed.px(0), bottom - top)
    left, right = placed.px(start), placed.px(end)
    return QRectF(left, placed.py(bars.length[i]), right - left, placed.py(0) - placed.py(bars.length[i]))


def _paint_bars(painter: QPainter, placed: Placed, bars: Bars, colors) -> None:
    edge = QPen(QColor(colors.background), 1.0)
    for i in range(len(bars.start)):
        rect = _bar_rect(placed, bars, i)
        painter.fillRect(rect, QColor(bars.color))
        if bars.hatched_last and i == len(bars.start) - 1:
            painter.fillRect(rect, QBrush(QColor(colors.background), Qt.BrushStyle.BDiagPattern))
        if not bars.horizontal:
            painter.setPen(edge)
            painter.drawRect(rect)


def _paint_spans(painter: QPainter, placed: Placed, spans: Spans, _colors) -> None:
    # Opaque: at half strength a role's colour read at 1.4 : 1 on the dark background.
    for y, x0, x1, color in zip(spans.y, spans.x0, spans.x1, spans.colors):
        painter.setPen(_pen(color, 4.0))
        painter.drawLine(QLineF(placed.px(x0), placed.py(y), placed.px(x1), placed.py(y)))


def _paint_cells(painter: QPainter, placed: Placed, cells: Cells, colors) -> None:
    for row, values in enumerate(cells.values):
        for column, value in enumerate(values):
            if value is None:
                continue
            left, right = placed.px(column - 0.5), placed.px(column + 0.5)
            top, bottom = placed.py(row - 0.5), placed.py(row + 0.5)
            rect = QRectF(left, min(top, bottom), right - left, abs(bottom - top))
            painter.fillRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), QColor(colors.calendar_shade(value / cells.most)))


PAINTERS = {Band: _paint_band, Line: _paint_line, Rule: _paint_rule, Bars: _paint_bars, Spans: _paint_spans,
            Cells: _paint_cells}


# --- what lies under a point --------------------------------------------------------------------


def text_at(places: list[Placed], point: QPointF) -> str | None:
    """What the chart shows at a point in pixels: a value, with its label and date; None for nothing."""
    for placed in places:
        if placed.plot.isEmpty() or not placed.plot.adjusted(-NEAR, -NEAR, NEAR, NEAR).contains(point):
            continue
        for mark in reversed(placed.panel.marks):
            text = _hit(placed, mark, point)
            if text:
                return text
    return None


def _hit(placed: Placed, mark, point: QPointF) -> str | None:
    x, y = placed.value_x(point.x()), placed.value_y(point.y())
    if isinstance(mark, Band):
        i = _bin(mark.edges, x)
        inside = i is not None and mark.bottom[i] <= y <= mark.top[i] and mark.top[i] > mark.bottom[i]
        return mark.describe(i) if inside else None
    if isinstance(mark, Line):
        return _near_point(placed, mark, point)
    if isinstance(mark, Rule):
        at = placed.px(mark.at) if mark.vertical else placed.py(mark.at)
        return mark.text if abs((point.x() if mark.vertical else point.y()) - at) <= NEAR / 2 else None
    if isinstance(mark, Bars):
        hit = next((i for i in range(len(mark.start)) if _bar_rect(placed, mark, i).normalized().contains(point)), None)
        return mark.describe(hit) if hit is not None else None
    if isinstance(mark, Cells):
        row, column = round(y), round(x)
        inside = 0 <= row < len(mark.values) and 0 <= column < len(mark.values[0])
        return mark.describe(row, column) if inside else None
    return None


def _bin(edges: list[float], x: float) -> int | None:
    return next((i for i in range(len(edges) - 1) if edges[i] <= x < edges[i + 1]), None)


def _near_point(placed: Placed, line: Line, point: QPointF) -> str | None:
    best, nearest = None, max(NEAR, line.size)
    for i, (x, y) in enumerate(zip(line.x, line.y)):
        if y is None:
            continue
        distance = math.hypot(placed.px(x) - point.x(), placed.py(y, right=line.right) - point.y())
        if distance <= nearest:
            best, nearest = i, distance
    return line.describe(best) if best is not None else None


# --- saving -------------------------------------------------------------------------------------


def picture_bytes(picture: Picture, size: QSize, font: QFont, kind: str, dpi: int = 96) -> bytes:
    """The picture as a PNG, SVG or PDF file's bytes, at the size shown. dpi: the screen's logical
    dots per inch, which the layout's font metrics were taken at (96 on most screens, 72 on macOS):
    the SVG's and the PDF's text then takes the room it took on screen."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    rect = QRectF(0, 0, size.width(), size.height())
    if kind == "png":
        image = QImage(size * SAVE_SCALE, QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(SAVE_SCALE)
        _paint_on(image, picture, rect, font)
        image.save(buffer, "PNG")
    elif kind == "svg":
        from PySide6.QtSvg import QSvgGenerator

        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(size)
        generator.setViewBox(rect)
        generator.setResolution(dpi)
        _paint_on(generator, picture, rect, font)
    else:
        writer = QPdfWriter(buffer)
        writer.setResolution(dpi)
        writer.setPageMargins(QMarginsF(0, 0, 0, 0))
        points = 72 / dpi  # one pixel shown, in points
        writer.setPageSize(QPageSize(QSizeF(size.width() * points, size.height() * points), QPageSize.Unit.Point))
        _paint_on(writer, picture, rect, font)
    buffer.close()
    return bytes(data.data())


def _paint_on(device, picture: Picture, rect: QRectF, font: QFont) -> None:
    painter = QPainter(device)
    try:
        paint(painter, picture, rect, font)
    finally:
        painter.end()

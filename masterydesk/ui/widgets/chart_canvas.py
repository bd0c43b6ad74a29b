"""A chart area that paints a chart Picture (reports.chart_plots) with QPainter, without matplotlib.

A chart is given as a function of the chart colours that builds its Picture. It is built when the
area is visible, so charts on hidden pages cost nothing until they are looked at, and a chart whose
page is left gives its picture back until it is shown again. It is drawn in the colours of the
widget's palette, and built again when the palette changes (View ▸ Theme). Hovering shows the value
under the pointer; the context menu saves the chart as PNG, SVG or PDF, as it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, QRectF, Signal
from PySide6.QtGui import QContextMenuEvent, QCursor, QPainter, QPalette, Qt
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QToolTip, QVBoxLayout, QWidget

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.services.files import atomic_file
from masterydesk.ui.widgets.labels import hint_label

SAVE_FILTERS = "PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)"
SAVE_SUFFIXES = (".png", ".svg", ".pdf")


class ChartCanvas(QWidget):
    """One chart: set_plot(build) gives what to draw (build(colors) -> Picture); it is built when visible."""

    sig_drawn = Signal()  # after the picture was built anew
    sig_painted = Signal()  # after the picture was painted on screen

    def __init__(self, name: str = "chart", parent: QWidget | None = None, waiting: str = "") -> None:
        """waiting: what the area says until it has something to draw."""
        super().__init__(parent)
        self.name = name
        self.picture = None  # the Picture painted now; None until built, and while the page is left
        self.colors = None  # the ChartColors of the picture built last
        self._build: Callable | None = None
        self._places = []  # where each panel's plot was painted, for the hover text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.waiting = hint_label(waiting)
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.waiting)
        self.setMinimumSize(360, 260)
        self.setMouseTracking(True)

    def set_plot(self, build: Callable) -> None:
        """Show the picture build(colors) makes: now if visible, else when next shown."""
        self._build = build
        self.picture = None
        if self.isVisible():
            self.redraw()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._build is not None and self.picture is None:
            self.redraw()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        if self.isHidden():  # its own page was left, not the whole tab: built anew when shown
            self.picture = None
            self._places = []

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        palette_events = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if event.type() in palette_events and self.picture is not None and self._palette_colors() != self.colors:
            self.picture = None
            if self.isVisible():
                self.redraw()

    def _palette_colors(self):
        """The chart colours of this widget's palette: its text on its base (the background of views)."""
        from masterydesk.reports.chart_style import ChartColors

        palette = self.palette()
        return ChartColors.on(palette.color(QPalette.ColorRole.Base).name(),
                              palette.color(QPalette.ColorRole.Text).name())

    def redraw(self) -> None:
        """Build the picture from the build function; it is painted on the next update."""
        if self._build is None:
            return
        self.colors = self._palette_colors()
        self.picture = self._build(self.colors)
        self.waiting.hide()
        self.update()
        self.sig_drawn.emit()

    def paintEvent(self, event) -> None:
        if self.picture is None:
            return super().paintEvent(event)
        from masterydesk.ui.widgets.plot_painter import paint

        painter = QPainter(self)
        try:
            self._places = paint(painter, self.picture, QRectF(self.rect()), self.font())
        finally:
            painter.end()
        self.sig_painted.emit()

    def text_at(self, x: float, y: float) -> str | None:
        """What the chart shows at (x, y) in the widget's pixels, as its tooltip says it."""
        from masterydesk.ui.widgets.plot_painter import text_at

        return text_at(self._places, QPointF(x, y))

    def mouseMoveEvent(self, event) -> None:
        super().mouseMoveEvent(event)
        text = self.text_at(event.position().x(), event.position().y()) if self.picture is not None else None
        if text:
            QToolTip.showText(QCursor.pos(), Qt.convertFromPlainText(text), self)  # names as text, never markup
        else:
            QToolTip.hideText()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self._build is None:
            return
        menu = QMenu(self)
        menu.addAction("Save chart as…", self.ask_save)
        menu.exec(event.globalPos())

    def ask_save(self) -> None:
        """Ask where to save the chart (PNG, SVG or PDF, by the file's suffix) and save it."""
        if self._build is None:
            return  # nothing to save yet: the journal is still being read
        path, chosen = QFileDialog.getSaveFileName(self, "Save chart", f"{self.name}.png", SAVE_FILTERS)
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in SAVE_SUFFIXES:
            target = target.with_suffix(SAVE_SUFFIXES[SAVE_FILTERS.split(";;").index(chosen)] if chosen else ".png")
        try:
            self.save(target)
        except (OSError, MasteryDeskError) as error:
            from masterydesk.services.failures import reason

            box = QMessageBox(QMessageBox.Icon.Warning, "Save chart",
                              f"The chart could not be saved to {target}: {reason(error)}.",
                              QMessageBox.StandardButton.Ok, self)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.open()

    def save(self, path: Path) -> None:
        """Write the chart to path as it is shown, on its background; the suffix (.png, .svg or .pdf) picks the format."""
        from masterydesk.ui.widgets.plot_painter import picture_bytes

        if self._build is None:
            raise MasteryDeskError("there is no chart yet: the journal is still being read")
        if self.picture is None:
            self.redraw()
        path = Path(path)
        kind = path.suffix.lstrip(".").lower() or "png"
        dpi = round(self.logicalDpiY()) or 96
        data = picture_bytes(self.picture, self.size(), self.font(), kind if kind in ("svg", "pdf") else "png", dpi)
        with atomic_file(path) as binary:  # never half a file, never over a journal
            binary.write(data)

"""A chart area hosting a matplotlib canvas; matplotlib is imported on its first showEvent.

A chart is given as a function that draws on an Axes. It is drawn when the area is visible,
so charts on hidden pages cost nothing until they are looked at, and a chart whose page is left
gives back what it drew (its figure keeps only its background until it is shown again). It is drawn in the colours of the widget's palette, and again when the palette changes
(View ▸ Theme). Hovering shows the value under the pointer; the context menu saves the chart
as PNG, SVG or PDF, on the background it shows.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QCursor, QPalette
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QToolTip, QVBoxLayout, QWidget

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.services.files import atomic_file
from masterydesk.ui.widgets.labels import hint_label

SAVE_FILTERS = "PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)"
SAVE_SUFFIXES = (".png", ".svg", ".pdf")
SAVE_DPI = 150


class ChartCanvas(QWidget):
    """One chart: set_plot(draw) gives what to draw; it is drawn when visible."""

    sig_drawn = Signal()  # after the figure was rebuilt from the draw function

    def __init__(self, name: str = "chart", parent: QWidget | None = None, waiting: str = "") -> None:
        """waiting: what the area says until it has something to draw (its figure is made then)."""
        super().__init__(parent)
        self.name = name
        self.figure = None
        self.canvas = None
        self._draw: Callable | None = None
        self._stale = False
        self.colors = None  # the ChartColors of the figure drawn last
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.waiting = hint_label(waiting)
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self.waiting)
        self.setMinimumSize(360, 260)

    def set_plot(self, draw: Callable) -> None:
        """Show what draw(axes) puts on an Axes: now if visible, else when next shown."""
        self._draw = draw
        self._stale = True
        if self.isVisible():
            self._draw_now()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._draw is not None:  # nothing to draw yet: matplotlib is not needed yet
            self._draw_now()

    def _draw_now(self) -> None:
        if self.canvas is None:
            self._build_canvas()
        if self._stale:
            self.redraw()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        if self.isHidden() and self.figure is not None:  # its own page was left, not the whole tab
            self.figure.clear()  # its artists go (a few MiB); it keeps its background, drawn anew when shown
            self._stale = True

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        palette_events = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if event.type() in palette_events and self.canvas is not None and self._palette_colors() != self.colors:
            self._stale = True
            if self.isVisible():
                self.redraw()

    def _palette_colors(self):
        """The chart colours of this widget's palette: its text on its base (the background of views)."""
        from masterydesk.reports.charts import ChartColors

        palette = self.palette()
        return ChartColors.on(palette.color(QPalette.ColorRole.Base).name(),
                              palette.color(QPalette.ColorRole.Text).name())

    def _build_canvas(self) -> None:
        FigureCanvasQTAgg, Figure = import_matplotlib()
        self.waiting.hide()

        self.figure = Figure(layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)  # ours, on this widget
        self.canvas.mpl_connect("motion_notify_event", self._on_canvas_motion)
        self._layout.addWidget(self.canvas)

    def redraw(self) -> None:
        """Rebuild the figure from the draw function; the canvas paints it on its next update."""
        from masterydesk.reports.charts import draw_chart

        self._stale = False
        self.figure.clear()
        self.colors = self._palette_colors()
        draw_chart(self.figure, self._draw, self.colors)
        self.canvas.draw_idle()
        self.sig_drawn.emit()

    def axes(self):
        """The Axes of the current chart (tests and tools read the plotted data from them)."""
        return self.figure.axes if self.figure is not None else []

    def _on_canvas_motion(self, event) -> None:
        from masterydesk.reports.charts import hover_text

        text = hover_text(self.figure, event.x, event.y) if event.inaxes is not None else None
        if text:
            QToolTip.showText(QCursor.pos(), text, self.canvas)
        else:
            QToolTip.hideText()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.canvas is None:
            return
        menu = QMenu(self)
        menu.addAction("Save chart as…", self.ask_save)
        menu.exec(event.globalPos())

    def ask_save(self) -> None:
        """Ask where to save the chart (PNG, SVG or PDF, by the file's suffix) and save it."""
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
        """Write the chart to path, on the background it shows; the suffix (.png, .svg or .pdf) picks the format."""
        if self.figure is None:
            self._build_canvas()
        if self._stale:
            self.redraw()
        path = Path(path)
        with atomic_file(path) as binary:  # never half a file, never over a journal
            # The figure's own background, whatever a matplotlibrc says of savefig.facecolor.
            self.figure.savefig(binary, dpi=SAVE_DPI, format=path.suffix.lstrip(".").lower() or "png",
                                facecolor=self.figure.get_facecolor())


def import_matplotlib() -> tuple[type, type]:
    """matplotlib's Qt canvas and Figure (and the chart drawing module): a worker thread may import them ahead."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

    importlib.import_module("masterydesk.reports.charts")  # what redraw draws with
    return FigureCanvasQTAgg, Figure

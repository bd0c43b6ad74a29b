"""Labels that show text as text: Qt guesses rich text otherwise, and user text is never markup.

QtCore.Qt is looked up when a label is made, not at import: the Today panel imports this module
before the window's first frame, which is painted without the Qt namespace (app.py).
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui
from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

from masterydesk.ui.theme import status_colour

PLAIN_TEXT = 0  # Qt.TextFormat.PlainText, for setProperty("textFormat", …) before the first frame (app.py)


def plain_tip(text: str | None) -> str | None:
    """A tooltip of text the user typed, shown as text: Qt takes a tooltip that looks like markup for it."""
    return QtGui.Qt.convertFromPlainText(text) if text else text  # QtGui's Qt has it


def plain_label(text: str = "", wrap: bool = True) -> QLabel:
    """A plain-text label, word-wrapped unless asked not to, whose text can be selected and copied."""
    label = QLabel(text)
    label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def hint_label(text: str = "") -> QLabel:
    """A greyed plain-text hint for an empty pane: what to do to fill it.

    Drawn in the palette's PlaceholderText, which the themes keep readable; a disabled label's grey is not.
    """
    label = plain_label(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class StatusLabel(QLabel):
    """A plain-text, word-wrapped label in a status colour ("error" or "good") that follows light and dark."""

    def __init__(self, kind: str, text: str = "") -> None:
        super().__init__(text)
        self.kind = kind
        self.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self._follow_theme()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the theme changed, or the label moved into a window
            self._follow_theme()

    def _follow_theme(self) -> None:
        palette = self.palette()
        colour = status_colour(self.kind, palette)
        if palette.color(QPalette.ColorRole.WindowText) != colour:
            palette.setColor(QPalette.ColorRole.WindowText, colour)
            self.setPalette(palette)


def section_label(text: str = "", scale: float = 1.0) -> QLabel:
    """A bold plain-text heading over a part of a window (scale enlarges it)."""
    label = plain_label(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def fit_to_longest(label: QLabel, longest: str) -> QLabel:
    """Fix a one-line label's size to its longest text: a new text then repaints the label alone.

    A label whose size may change asks every layout up to the window to lay out again, and the
    whole window repaints (a journal save repainted 52 widgets; 18 with the count and heading fixed).
    """
    metrics = label.fontMetrics()
    label.setFixedSize(metrics.horizontalAdvance(longest) + metrics.averageCharWidth(), metrics.height())
    return label

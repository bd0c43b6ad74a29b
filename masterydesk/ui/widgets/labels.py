"""Labels that show text as text: Qt guesses rich text otherwise, and user text is never markup."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain_label(text: str = "", wrap: bool = True) -> QLabel:
    """A plain-text label, word-wrapped unless asked not to, whose text can be selected and copied."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def hint_label(text: str = "") -> QLabel:
    """A greyed plain-text hint for an empty pane: what to do to fill it."""
    label = plain_label(text)
    label.setEnabled(False)
    return label


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

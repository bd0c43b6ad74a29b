"""Arranging a tab's parts: rows of buttons, panes stacked without margins, splitters."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget

from masterydesk.ui.widgets.flow_layout import FlowLayout
from masterydesk.ui.widgets.record_table import RecordTable


def button_row(*buttons: QWidget) -> FlowLayout:
    """Buttons side by side from the left, wrapping onto a second line when the pane is narrow."""
    row = FlowLayout()
    for button in buttons:
        row.addWidget(button)
    return row


def record_buttons(noun: str) -> tuple[QPushButton, QPushButton, QPushButton]:
    """The Add…, Edit… and Delete buttons of one kind of record, named with its noun ('project')."""
    return QPushButton(f"Add {noun}…"), QPushButton(f"Edit {noun}…"), QPushButton(f"Delete {noun}")


def pane(*parts: QWidget | QLayout) -> QWidget:
    """Widgets and layouts stacked top to bottom without margins; the tables take the spare height."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QWidget):
            layout.addWidget(part, 1 if isinstance(part, (QTableView, RecordTable)) else 0)
        else:
            layout.addLayout(part)
    return box


def splitter(orientation: Qt.Orientation, parts: Sequence[QWidget], sizes: Sequence[int]) -> QSplitter:
    """A splitter holding the parts, at these sizes until the user drags it."""
    split = QSplitter(orientation)
    for part in parts:
        split.addWidget(part)
    split.setSizes(list(sizes))
    return split

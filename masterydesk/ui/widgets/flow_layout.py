"""A row of widgets that wraps onto the next line when the pane is too narrow for all of them.

A row of buttons in a QHBoxLayout asks for the width of all its buttons side by side, and that width
adds up, pane after pane, into a window wider than a laptop screen. Here the row asks only for its
widest widget, and says (heightForWidth) how tall it gets once wrapped.
"""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget

# The gap between widgets when the style has none for layouts (it gives one per pair of controls,
# as macOS's does): Fusion's and Windows's.
DEFAULT_GAP = 6


class WrappingLayout(QLayout):
    """Widgets left to right, wrapping to a new line when the next one does not fit.

    It grows with its pane as any layout does: beside a widget given the stretch, it keeps the
    height of its lines. Elsewhere use FlowLayout.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = -1) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        if spacing >= 0:
            self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if 0 <= index < len(self._items):
            return self._items.pop(index)
        return None

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """All on one line."""
        width = height = 0
        for item in self._shown():
            hint = item.sizeHint()
            width += hint.width() + (self._gap() if width else 0)
            height = max(height, hint.height())
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:
        """As wide as the widest widget: the others wrap below it."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _gap(self) -> int:
        """The gap between widgets, across and down: the one asked for, else the style's for layouts.

        QLayout.spacing() reads the style in C++: asking the style from Python made PySide's QStyle
        type, hundreds of enum members, 5 ms of the first frame (the Today panel's buttons flow)."""
        spacing = self.spacing()
        return spacing if spacing >= 0 else DEFAULT_GAP

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items in lines inside rect (or only measure); the height the lines take."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height, gap = area.x(), area.y(), 0, self._gap()
        for item in self._shown():
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x = area.x()
                y += line_height + gap
                line_height = 0
            if move:
                width = min(hint.width(), max(area.width(), item.minimumSize().width()))
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += hint.width() + gap
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


class FlowLayout(WrappingLayout):
    """A WrappingLayout that never takes more room than its lines need.

    Its answer is one of the Qt namespace's enums: a window's first frame, painted without them
    (app.py), uses a WrappingLayout.
    """

    def expandingDirections(self) -> QtCore.Qt.Orientation:
        return QtCore.Qt.Orientation(0)

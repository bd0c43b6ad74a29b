"""Names and tooltips for the small buttons Qt adds by itself and leaves unnamed or untipped.

A line edit's clear button, a toolbar's and a menu bar's overflow button, a dock's float and close
buttons and a tab bar's scroll arrows show only an icon: a screen reader needs a name for each, and a
mouse user a tooltip. They are found by the object names Qt gives them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QTabWidget, QWidget

QT_BUTTONS = {  # Qt's object name: (accessible name, tooltip)
    "qt_toolbar_ext_button": ("More tools", "The tools that do not fit in the toolbar"),
    "qt_menubar_ext_button": ("More menus", "The menus that do not fit in the menu bar"),
    "qt_dockwidget_floatbutton": ("Float", "Float the panel in a window of its own, or dock it again"),
    "qt_dockwidget_closebutton": ("Close", "Close the panel (the View menu brings it back)"),
    "ScrollLeftButton": ("Scroll left", "Show the tabs further left"),
    "ScrollRightButton": ("Scroll right", "Show the tabs further right"),
}
CLEAR_ACTION = "_q_qlineeditclearaction"  # the action behind a line edit's clear button


def name_qt_buttons(root: QWidget) -> None:
    """Name, and give a tooltip to, each of Qt's own icon buttons in root (root included)."""
    for button in [root, *root.findChildren(QAbstractButton)]:
        named = QT_BUTTONS.get(button.objectName()) if isinstance(button, QAbstractButton) else None
        if named is not None:
            button.setAccessibleName(button.accessibleName() or named[0])
            button.setToolTip(button.toolTip() or named[1])
    for line_edit in [root, *root.findChildren(QLineEdit)]:
        if isinstance(line_edit, QLineEdit) and line_edit.isClearButtonEnabled():
            _name_clear_button(line_edit)


def _name_clear_button(line_edit: QLineEdit) -> None:
    action = line_edit.findChild(QAction, CLEAR_ACTION)
    if action is None:
        return
    action.setToolTip("Clear the text")
    for button in action.associatedObjects():
        if isinstance(button, QAbstractButton):
            button.setAccessibleName("Clear")


class _NamesNewPages(QObject):
    """Names the Qt buttons of each page a tab widget receives, and again when a page is shown (a page may
    build its parts on first show)."""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        stack = tabs.findChild(QWidget, "qt_tabwidget_stackedwidget")
        stack.installEventFilter(self)
        tabs.currentChanged.connect(lambda index: name_qt_buttons(tabs.widget(index)) if index >= 0 else None)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ChildAdded and isinstance(event.child(), QWidget):
            name_qt_buttons(event.child())
        return False


def name_qt_buttons_of_pages(tabs: QTabWidget) -> None:
    """Name the Qt buttons of the tab widget's pages now, and of every page added to it later."""
    _NamesNewPages(tabs)
    for index in range(tabs.count()):
        name_qt_buttons(tabs.widget(index))

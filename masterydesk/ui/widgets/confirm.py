"""Asking before an action that cannot be taken back: one question box, Cancel the default."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_first(parent: QWidget, title: str, question: str, action: str, act: Callable[[], None],
              role: QMessageBox.ButtonRole = QMessageBox.ButtonRole.DestructiveRole) -> QMessageBox:
    """Open (window-modal, not blocking) a question with the action's button and Cancel, Cancel the default;
    act() runs if the action's button is clicked. The question is plain text: it names the user's records."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    button = box.addButton(action, role)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.buttonClicked.connect(lambda clicked: act() if clicked is button else None)
    box.open()
    return box

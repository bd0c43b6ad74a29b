"""Driving the Projects, Community and Career tabs like a person: shortcuts, typing, clicks."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from masterydesk.services.changes import Changes
from masterydesk.services.transfer import export_bundle
from tests.builders import fill, read_file


def file_bundle(path):
    """What the journal file holds, read through a fresh connection."""
    return read_file(path, lambda journal: export_bundle(journal, journal_entries=False))


def seed(window, **collections) -> None:
    """Records written straight into the open journal, then announced like any change."""
    fill(window.session.journal, **collections)
    window.session.sig_changed.emit(Changes.everything())


def open_tab(window, number: int):
    """Switch tabs with the Ctrl+number shortcut."""
    QTest.keyClick(window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == number - 1
    return window.tabs.currentWidget()


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, editor, text: str) -> None:
    """Replace what a line edit or a picker holds with typed text."""
    line = editor.lineEdit() if hasattr(editor, "lineEdit") else editor
    line.clear()
    qtbot.keyClicks(line, text)


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def cells(table, column: int) -> list[str]:
    """The texts of a column of a RecordTable, in the order shown."""
    model = table.view.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]

"""Inputs for dates and records: a date field that takes day words, an optional date, a record picker
with autocomplete, a multi-picker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from masterydesk.domain.day_words import day_from_words, may_become_a_day_word
from masterydesk.domain.records import FIRST_DAY, LAST_DAY

NONE_LABEL = ""  # the blank choice of an optional picker; the field shows a placeholder


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class DayEdit(QDateEdit):
    """A date field that also takes a typed word: today, yesterday, or a weekday name ("fri").

    A letter typed over a date replaces all of it; the word sets the date as soon as it names a
    day, and the field shows that date once editing ends (Enter, or focus elsewhere).
    """

    @staticmethod
    def _is_word(text: str) -> bool:
        """Whether the text is (the start of) a word rather than digits of a date."""
        return text.strip()[:1].isalpha()

    def _word_day(self, text: str) -> dt.date | None:
        if not self._is_word(text):
            return None
        try:
            return day_from_words(text, dt.date.today())
        except ValueError:
            return None

    def validate(self, text: str, position: int):
        if not self._is_word(text):
            return super().validate(text, position)
        if self._word_day(text) is not None:
            return QValidator.State.Acceptable, text, position
        if may_become_a_day_word(text):
            return QValidator.State.Intermediate, text, position
        return QValidator.State.Invalid, text, position

    def dateTimeFromText(self, text: str) -> QDateTime:
        day = self._word_day(text)
        return super().dateTimeFromText(text) if day is None else QDateTime(to_qdate(day), QTime(0, 0))

    def keyPressEvent(self, event) -> None:
        if self._is_word(event.text()) and not self._is_word(self.lineEdit().text()):
            self.lineEdit().selectAll()  # a word replaces the whole date, not one section of it
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if self._is_word(self.lineEdit().text()):
            self.setDate(self.date())  # show the date the word named


def date_edit(day: dt.date | None = None) -> QDateEdit:
    """A date field with a calendar pop-up, showing dates as YYYY-MM-DD; it takes day words too."""
    edit = DayEdit(to_qdate(day or dt.date.today()))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDateRange(to_qdate(FIRST_DAY), to_qdate(LAST_DAY))
    return edit


class OptionalDateEdit(QWidget):
    """A date that may be left unset: a check box enables the date field."""

    def __init__(self, label: str = "Set", parent=None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(label)
        self.date = date_edit()
        self.date.setEnabled(False)
        self.enabled.toggled.connect(self.date.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.date, 1)
        self.setFocusProxy(self.enabled)

    def value(self) -> dt.date | None:
        return from_qdate(self.date.date()) if self.enabled.isChecked() else None

    def set_value(self, day: dt.date | None) -> None:
        self.enabled.setChecked(day is not None)
        if day is not None:
            self.date.setDate(to_qdate(day))


class RecordPicker(QComboBox):
    """Pick one record by name, typing to autocomplete; optional pickers offer '—'."""

    def __init__(self, optional: bool = True, parent=None) -> None:
        super().__init__(parent)
        self.optional = optional
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.lineEdit().setPlaceholderText("none" if optional else "type a name")

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        """(id, name) pairs, shown by name."""
        current = self.value()
        self.clear()
        if self.optional:
            self.addItem(NONE_LABEL, None)
        for record_id, name in choices:
            self.addItem(name, record_id)
        self.set_value(current)

    def value(self) -> str | None:
        """The chosen record's id: the name typed (case aside), or the one name the typed text begins."""
        text = self.currentText().strip()
        if not text or text == NONE_LABEL:
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            starting = [i for i in range(self.count()) if self.itemText(i).casefold().startswith(text.casefold())]
            index = starting[0] if len(starting) == 1 else -1
        return self.itemData(index) if index >= 0 else None

    def typed_unknown(self) -> bool:
        """True when the text names no record, nor begins exactly one name (so the form can say so)."""
        text = self.currentText().strip()
        return bool(text) and text != NONE_LABEL and self.value() is None

    def set_value(self, record_id: str | None) -> None:
        index = self.findData(record_id) if record_id is not None else (0 if self.optional else -1)
        self.setCurrentIndex(max(index, 0) if self.count() else -1)
        if record_id is None and not self.optional:
            self.setEditText("")


class MultiRecordPicker(QWidget):
    """Pick several records: type a name to add it, select one and press Remove to drop it."""

    sig_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.picker = RecordPicker(optional=False)
        self.picker.lineEdit().setPlaceholderText("Type a name, then Enter")
        self.picker.lineEdit().returnPressed.connect(self._on_add)
        self.picker.activated.connect(self._on_add)
        self.chosen = QListWidget()
        self.chosen.setMaximumHeight(90)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAutoDefault(False)  # Enter in a dialog saves it; it never removes a skill
        self.remove_button.setAccessibleName("Remove the selected item")
        self.remove_button.clicked.connect(self._on_remove)
        row = QHBoxLayout()
        row.addWidget(self.picker, 1)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.chosen)
        self.setFocusProxy(self.picker)
        self._names: dict[str, str] = {}

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        self._names = dict(choices)
        self.picker.set_choices(choices)
        self.picker.setEditText("")

    def value(self) -> tuple[str, ...]:
        return tuple(self.chosen.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.chosen.count()))

    def set_value(self, ids: Sequence[str]) -> None:
        self.chosen.clear()
        for record_id in ids:
            self._append(record_id)

    def add(self, record_id: str) -> None:
        if record_id not in self.value():
            self._append(record_id)
            self.sig_changed.emit()

    def _append(self, record_id: str) -> None:
        item = QListWidgetItem(self._names.get(record_id, record_id))
        item.setData(Qt.ItemDataRole.UserRole, record_id)
        self.chosen.addItem(item)

    def _on_add(self, *_args) -> None:
        record_id = self.picker.value()
        if record_id is not None:
            self.add(record_id)
        self.picker.setEditText("")

    def _on_remove(self) -> None:
        for item in self.chosen.selectedItems():
            self.chosen.takeItem(self.chosen.row(item))
        self.sig_changed.emit()

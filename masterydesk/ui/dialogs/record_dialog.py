"""One dialog for adding or editing any record, built from a list of fields.

The dialog validates before it saves: the message names the field and what is wrong, and it
stays open with nothing saved. It is opened with open() (not exec()) so that it never blocks
the event loop and tests can drive it like a person would.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.ids import new_id
from masterydesk.ui.widgets.labels import StatusLabel
from masterydesk.ui.widgets.pickers import (
    MultiRecordPicker,
    OptionalDateEdit,
    RecordPicker,
    date_edit,
    from_qdate,
    to_qdate,
)

ChoicesFor = Callable[[str], Sequence[tuple[str, str]]]
Check = Callable[[Any], str | None]


@dataclass(frozen=True)
class Field:
    """One input of a record form. kind: line, text, date, optional_date, enum, int, float,
    rating, bool, ref, refs, optional_int."""

    name: str
    label: str
    kind: str
    required: bool = False
    choices: Any = None  # an enum class, or the collection a ref picks from
    minimum: float = 0
    maximum: float = 100000
    max_length: int = 200


def enum_label(value: StrEnum) -> str:
    return value.value.replace("_", " ").capitalize()


def _make_editor(field: Field, choices_for: ChoicesFor) -> QWidget:
    kind = field.kind
    if kind == "line":
        editor = QLineEdit()
        editor.setMaxLength(field.max_length)
    elif kind == "text":
        editor = QPlainTextEdit()
        editor.setTabChangesFocus(True)
        editor.setMinimumHeight(70)
    elif kind == "date":
        editor = date_edit()
    elif kind == "optional_date":
        editor = OptionalDateEdit()
    elif kind == "enum":
        editor = QComboBox()
        for value in field.choices:
            editor.addItem(enum_label(value), value)
    elif kind in ("int", "optional_int"):
        editor = QSpinBox()
        editor.setRange(int(field.minimum), int(field.maximum))
        if kind == "optional_int":
            editor.setSpecialValueText("—")
    elif kind == "float":
        editor = QDoubleSpinBox()
        editor.setRange(field.minimum, field.maximum)
        editor.setSingleStep(0.5)
    elif kind == "rating":
        editor = QComboBox()
        editor.addItem("—", None)
        for n in range(1, 6):
            editor.addItem(str(n), n)
    elif kind == "bool":
        editor = QCheckBox()
    elif kind == "ref":
        editor = RecordPicker(optional=not field.required)
        editor.set_choices(choices_for(field.choices))
    elif kind == "refs":
        editor = MultiRecordPicker()
        editor.set_choices(choices_for(field.choices))
    else:
        raise ValueError(f"unknown field kind {kind}")
    editor.setAccessibleName(field.label)
    return editor


def _set_value(editor: QWidget, field: Field, value: Any) -> None:
    kind = field.kind
    if kind == "line":
        editor.setText(value or "")
    elif kind == "text":
        editor.setPlainText(value or "")
    elif kind == "date":
        editor.setDate(to_qdate(value or dt.date.today()))
    elif kind in ("optional_date", "ref", "refs"):
        editor.set_value(value if value is not None or kind != "refs" else ())
    elif kind in ("enum", "rating"):
        editor.setCurrentIndex(max(0, editor.findData(value)))
    elif kind in ("int", "float"):
        editor.setValue(value if value is not None else field.minimum)
    elif kind == "optional_int":
        editor.setValue(value if value is not None else int(field.minimum))
    elif kind == "bool":
        editor.setChecked(bool(value))


def _value(editor: QWidget, field: Field) -> Any:
    kind = field.kind
    if kind == "line":
        return editor.text().strip()
    if kind == "text":
        return editor.toPlainText()
    if kind == "date":
        return from_qdate(editor.date())
    if kind in ("optional_date", "ref", "refs"):
        return editor.value()
    if kind in ("enum", "rating"):
        return editor.currentData()
    if kind == "int":
        return editor.value()
    if kind == "float":
        return float(editor.value())
    if kind == "optional_int":
        return editor.value() if editor.value() != int(field.minimum) else None
    return editor.isChecked()


class RecordForm(QWidget):
    """The inputs of one record, read back as an edited copy of it; checks say what is wrong."""

    def __init__(
        self, fields: Sequence[Field], record: Any, choices_for: ChoicesFor, checks: Sequence[Check] = (), parent=None
    ) -> None:
        super().__init__(parent)
        self._fields = list(fields)
        self._record = record
        self._checks = list(checks)
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for field in self._fields:
            editor = _make_editor(field, choices_for)
            _set_value(editor, field, getattr(record, field.name))
            label = QLabel(("&" if field.kind != "text" else "") + field.label + (" *" if field.required else ""))
            label.setBuddy(editor)
            form.addRow(label, editor)
            self.editors[field.name] = editor

    def edited_record(self) -> Any:
        """The record as the form now describes it (not yet checked)."""
        values = {f.name: _value(self.editors[f.name], f) for f in self._fields}
        return dataclasses.replace(self._record, **values)

    def problem(self) -> str | None:
        """The first thing wrong with the form, as a sentence naming the field."""
        for field in self._fields:
            editor = self.editors[field.name]
            value = _value(editor, field)
            if field.kind == "ref" and editor.typed_unknown():
                return f"{field.label}: there is no {field.choices.rstrip('s')} named '{editor.currentText().strip()}'."
            if field.required and value in ("", None):
                return f"{field.label} is required."
        record = self.edited_record()
        for check in self._checks:
            message = check(record)
            if message:
                return message
        return None


def error_label() -> QLabel:
    """A red, plain-text, word-wrapped label for what is wrong (a red that reads in both themes); hidden until needed."""
    label = StatusLabel("error")
    label.hide()
    return label


class RecordDialog(QDialog):
    """Add or edit one record; saves through the given function when every field is valid."""

    sig_record_saved = Signal(object)

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        fields: Sequence[Field],
        record: Any,
        save: Callable[[Any], object],
        choices_for: ChoicesFor,
        checks: Sequence[Check] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self._save = save
        self.form = RecordForm(fields, record, choices_for, checks)
        self.editors = self.form.editors
        self.error_label = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def show_problem(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _on_save_clicked(self) -> None:
        message = self.form.problem()
        if message:
            self.show_problem(message)
            return
        record = self.form.edited_record()
        try:
            self._save(record)
        except MasteryDeskError as error:
            self.show_problem(str(error))
            return
        self.sig_record_saved.emit(record)
        self.accept()


def blank(record_type: type, collection: str, **values: Any) -> Any:
    """A new record of the type with a fresh id and the given values (others at their defaults)."""
    return record_type(id=new_id(collection), **values)

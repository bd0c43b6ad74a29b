"""A target role's requirements as an editable table: skill, required tier and weight, with the tier held."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QStyledItemDelegate, QWidget

from masterydesk.domain import records as r
from masterydesk.ui.theme import status_colour
from masterydesk.ui.widgets.record_model import RIGHT_ALIGNED, column_title

SKILL, TIER, WEIGHT, HELD = range(4)
HEADERS = ("Skill", "Required tier", "Weight", "Held now")
MIN_WEIGHT, MAX_WEIGHT = 0.1, 100.0

Index = QModelIndex | QPersistentModelIndex


def tier_label(tier: r.Tier) -> str:
    return tier.label


class RequirementTableModel(QAbstractTableModel):
    """Rows are requirements; editing a cell emits the whole edited list for saving."""

    sig_requirements_edited = Signal(tuple)  # the requirements after the edit
    sig_edit_refused = Signal(str)  # why an edit was not taken, naming the field

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._requirements: list[r.Requirement] = []
        self._held: dict[str, r.Tier] = {}
        self._names: dict[str, str] = {}

    def set_requirements(
        self, requirements: Sequence[r.Requirement], held: Mapping[str, r.Tier], names: Mapping[str, str]
    ) -> None:
        """Show a role's requirements; the same number of rows is updated in place, so an open editor stays."""
        new = (list(requirements), dict(held), dict(names))
        if new == (self._requirements, self._held, self._names):
            return
        if len(new[0]) == len(self._requirements) and self._requirements:
            self._requirements, self._held, self._names = new
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._requirements) - 1, HELD))
            return
        self.beginResetModel()
        self._requirements, self._held, self._names = new
        self.endResetModel()

    def requirements(self) -> tuple[r.Requirement, ...]:
        return tuple(self._requirements)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._requirements)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() != HELD else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._requirements):
            return None
        requirement = self._requirements[index.row()]
        column = index.column()
        held = self._held.get(requirement.skill_id, r.Tier.NONE)
        if role == Qt.ItemDataRole.DisplayRole:
            return (self._names.get(requirement.skill_id, requirement.skill_id), tier_label(requirement.tier),
                    f"{requirement.weight:g}", tier_label(held))[column]
        if role == Qt.ItemDataRole.EditRole:
            return (requirement.skill_id, requirement.tier.value, requirement.weight, None)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == HELD:
            return QBrush(status_colour("good" if held.ordinal >= requirement.tier.ordinal else "error"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == WEIGHT:
            return RIGHT_ALIGNED
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return column_title(HEADERS, section, orientation, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() == HELD:
            return False
        row = index.row()
        edited = self._edited(row, index.column(), value)
        if edited is None:
            return False
        if edited != self._requirements[row]:
            self._requirements[row] = edited
            self.dataChanged.emit(self.index(row, 0), self.index(row, HELD))
            self.sig_requirements_edited.emit(self.requirements())
        return True

    def _edited(self, row: int, column: int, value: Any) -> r.Requirement | None:
        """The requirement with the cell changed, or None (and sig_edit_refused) when the value is wrong."""
        requirement = self._requirements[row]
        if column == SKILL:
            if any(q.skill_id == value for n, q in enumerate(self._requirements) if n != row):
                name = self._names.get(value, value)
                self.sig_edit_refused.emit(f"Skill: {name} is already required by this role; change its row instead.")
                return None
            return dataclasses.replace(requirement, skill_id=str(value))
        if column == TIER:
            return dataclasses.replace(requirement, tier=r.Tier(value))
        weight = float(value)
        if not MIN_WEIGHT <= weight <= MAX_WEIGHT:
            self.sig_edit_refused.emit(f"Weight: give a number from {MIN_WEIGHT:g} to {MAX_WEIGHT:g}.")
            return None
        return dataclasses.replace(requirement, weight=weight)


class RequirementDelegate(QStyledItemDelegate):
    """Edits a requirement's skill and tier with combo boxes, its weight with a spin box."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._skills: list[tuple[str, str]] = []

    def set_skill_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        """(id, name) pairs of the skills a requirement may name."""
        self._skills = list(choices)

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget | None:
        if index.column() == WEIGHT:
            spin = QDoubleSpinBox(parent)
            spin.setRange(MIN_WEIGHT, MAX_WEIGHT)
            spin.setDecimals(1)
            spin.setSingleStep(0.5)
            spin.setAccessibleName("Weight")
            return spin
        if index.column() not in (SKILL, TIER):
            return None
        combo = QComboBox(parent)
        choices = self._skills if index.column() == SKILL else [(t.value, tier_label(t)) for t in r.REQUIRED_TIERS]
        for value, label in choices:
            combo.addItem(label, value)
        combo.setAccessibleName(HEADERS[index.column()])
        # A pick from the list is the whole edit: take it at once.
        combo.activated.connect(lambda _row, editor=combo: self._on_combo_activated(editor))
        return combo

    def _on_combo_activated(self, editor: QComboBox) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        else:
            editor.setValue(float(value))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        value = editor.currentData() if isinstance(editor, QComboBox) else editor.value()
        model.setData(index, value, Qt.ItemDataRole.EditRole)

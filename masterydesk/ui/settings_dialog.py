"""Edit ▸ Settings…: the thresholds of the tier rules and of application strength.

They are stored in the journal (a coach reading the same journal sees the same tiers), so the
dialog edits the open journal's settings; accepting is one undoable edit, after which every
tier, card, chart and the Today panel are recomputed from the new numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from masterydesk.domain.records import TierRules
from masterydesk.domain.thresholds import GROUPS, THRESHOLDS, is_whole
from masterydesk.ui.widgets.labels import plain_label

EXPLAINED = {
    "Applied": "A skill reaches Applied with enough applications, spread over different days, "
               "at least one of them reviewed by a contact with a good quality.",
    "Mastery": "After Applied, it reaches Mastery with teaching spread over different days and well rated, "
               "and a use in a new setting since it reached Applied.",
    "Application strength": "Each application weighs 1 on its day and half as much after every half-life; "
                            "an Applied or Mastery skill whose strength falls below the line is at risk.",
}
DECIMALS = {"mastery_min_mean_rating": 1, "strength_half_life_days": 1, "at_risk_below": 2}


class SettingsDialog(QDialog):
    """The thresholds, grouped as the rules read, with the defaults one click away."""

    def __init__(self, parent: QWidget | None, rules: TierRules, save: Callable[[TierRules], None],
                 read_only: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(520)
        self._save = save
        self.editors: dict[str, QSpinBox | QDoubleSpinBox] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("These numbers decide every tier and figure of this journal; "
                                     "they are kept in the journal itself."))
        for group in GROUPS:
            layout.addWidget(self._group_box(group))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.restore_button = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.restore_button.clicked.connect(lambda: self.show_rules(TierRules()))
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if read_only:
            self.ok_button.setEnabled(False)
            layout.addWidget(plain_label("The journal is open read-only: the settings can be read, not changed."))
        layout.addWidget(self.buttons)
        self.show_rules(rules)

    def _group_box(self, group: str) -> QGroupBox:
        box = QGroupBox(group)
        column = QVBoxLayout(box)
        column.addWidget(plain_label(EXPLAINED[group]))  # above the form: a wrapped label in a form row clips
        form = QFormLayout()
        column.addLayout(form)
        for threshold in (t for t in THRESHOLDS if t.group == group):
            editor = QSpinBox() if is_whole(threshold.name) else QDoubleSpinBox()
            if isinstance(editor, QDoubleSpinBox):
                editor.setDecimals(DECIMALS[threshold.name])
                editor.setSingleStep(10 ** -DECIMALS[threshold.name] * (5 if threshold.name == "at_risk_below" else 1))
            editor.setRange(threshold.low, threshold.high)
            editor.setAccessibleName(threshold.label)
            self.editors[threshold.name] = editor
            form.addRow(threshold.label, editor)
        return box

    def show_rules(self, rules: TierRules) -> None:
        """Put these numbers in the fields (the defaults, after Restore defaults)."""
        for name, editor in self.editors.items():
            editor.setValue(getattr(rules, name))

    def rules(self) -> TierRules:
        """The numbers in the fields."""
        return TierRules(**{f.name: self.editors[f.name].value() for f in fields(TierRules)})

    def accept(self) -> None:
        self._save(self.rules())
        super().accept()

"""Parts of the Journal tab's timeline: the kind filter, the pane that shows a record that is not an entry,
and the pane shown when the record beside the list was filtered out of it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QToolButton, QVBoxLayout, QWidget

from masterydesk.services.timeline import KINDS, TimelineRow
from masterydesk.ui.icons import icon
from masterydesk.ui.journal.list_look import KIND_ICONS, KIND_LABELS
from masterydesk.ui.widgets.labels import plain_label, section_label


class KindFilter(QToolButton):
    """Which kinds of row the timeline shows: a menu of kinds to tick, and one to show them all."""

    sig_kinds_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIcon(icon("filter"))
        self.setAccessibleName("Filter by kind")
        self.setToolTip("Show only some kinds of record")
        menu = QMenu(self)
        menu.addAction("Show all kinds", self._on_show_all_triggered)
        menu.addSeparator()
        self.kind_actions = {}
        for kind in KINDS:
            action = menu.addAction(icon(KIND_ICONS[kind]), KIND_LABELS[kind])
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(self._on_kind_toggled)
            self.kind_actions[kind] = action
        self.setMenu(menu)
        self._show_choice()

    def kinds(self) -> frozenset[str]:
        return frozenset(kind for kind, action in self.kind_actions.items() if action.isChecked())

    def set_kinds(self, kinds) -> None:
        """Tick exactly these kinds; the change is announced once."""
        for kind, action in self.kind_actions.items():
            action.blockSignals(True)
            action.setChecked(kind in kinds)
            action.blockSignals(False)
        self._on_kind_toggled()

    def _on_show_all_triggered(self) -> None:
        self.set_kinds(KINDS)

    def _on_kind_toggled(self, *_args) -> None:
        self._show_choice()
        self.sig_kinds_changed.emit()

    def _show_choice(self) -> None:
        chosen = [kind for kind in KINDS if kind in self.kinds()]
        if len(chosen) == len(KINDS):
            self.setText("All kinds")
        elif len(chosen) == 1:
            self.setText(KIND_LABELS[chosen[0]])
        else:
            self.setText(f"{len(chosen)} kinds")


class RecordDetail(QWidget):
    """A timeline row that is not a journal entry: what it says, and the button that opens it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.row: TimelineRow | None = None
        self.heading = section_label()
        self.kind_icon = QLabel()
        self.kind_label = plain_label(wrap=False)
        self.facts = plain_label()
        self.text = plain_label()
        self.open_button = QPushButton()
        kind = QHBoxLayout()
        kind.addWidget(self.kind_icon)
        kind.addWidget(self.kind_label, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(kind)
        layout.addWidget(self.facts)
        layout.addWidget(self.text)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def show_row(self, row: TimelineRow, editable: bool) -> None:
        """Show a row; its button edits the record when the journal can be written (a tier reached always opens)."""
        self.row = row
        self.heading.setText(f"{row.date:%A %d %B %Y}")
        self.kind_icon.setPixmap(icon(KIND_ICONS[row.kind]).pixmap(16, 16))
        self.kind_label.setText(KIND_LABELS[row.kind])
        self.facts.setText("\n".join(filter(None, (_labelled("Skills", row.skills), _labelled("With", row.person)))))
        self.text.setText(row.text)
        promotion = row.kind == "promotion"
        self.open_button.setText("Show in Skill Map" if promotion else "Edit…")
        self.open_button.setToolTip("Open this skill in the Skill Map" if promotion else "Edit this record (Enter)")
        self.open_button.setEnabled(promotion or editable)


class NoRecordShown(QWidget):
    """The pane beside the list when the record it showed is no longer among the rows a filter keeps."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        heading = section_label("No record selected")
        hint = plain_label("The search or the filters now hide the record shown here. Select a record in "
                           "the list to see it, or start a new entry.")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addStretch(1)


def _labelled(label: str, value: str) -> str:
    return f"{label}: {value}" if value else ""

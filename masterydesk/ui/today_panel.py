"""The Today panel and the status line: what needs attention, each item a way to the record.

Built when the first journal is about to show (at start-up, before the first paint, so that the
window's layout does not move once it is docked).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from masterydesk.ui.widgets.flow_layout import WrappingLayout
from masterydesk.ui.widgets.labels import PLAIN_TEXT, plain_tip

# Roles by number (Qt.ItemDataRole.UserRole is 256): the panel is made before the first frame (app.py).
TARGET_ROLE = 256  # the item's record: (collection, record id)
KIND_ROLE = TARGET_ROLE + 1  # the item's kind: follow_up, checkin, ...
# Narrow enough that the widest tab fits beside the panel in a 1024-pixel window; the items wrap.
LIST_MIN_WIDTH = 200
ITEM_GAP = 6  # pixels between two items


class _SpacedItemDelegate(QStyledItemDelegate):
    """Items a little apart. QListView's own spacing wraps the text for a narrower width than it measured
    it for, and a line that just fitted was cut to "…" with an empty line under it."""

    def sizeHint(self, option, index) -> QSize:
        return super().sizeHint(option, index) + QSize(0, ITEM_GAP)


class TodayPanel(QDockWidget):
    """A dock listing today's items; activating one asks for its record (or Insights, for a check-in).

    Under the list, Done and Snooze act on the follow-up selected (the window saves them, undoably).
    """

    sig_record_requested = Signal(str, str)  # collection, record id
    sig_insights_requested = Signal()
    sig_follow_up_done = Signal(str)  # contact id
    sig_follow_up_snoozed = Signal(str)  # contact id

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Today", parent)
        self.setObjectName("today_dock")
        self.toggleViewAction().setText("Today &panel")  # View ▸ Today panel: &Theme has the T
        self.writable = False
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)  # items wrap again when the panel is resized
        self.list.setMinimumWidth(LIST_MIN_WIDTH)
        self.list.setItemDelegate(_SpacedItemDelegate(self.list))
        self.list.setAccessibleName("Today: what needs attention")
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.list.itemSelectionChanged.connect(self._enable_follow_up_buttons)
        self.done_button = self._button(
            "Done", "Follow-up done", "The selected follow-up is done: it leaves Today (Edit ▸ Undo brings it back)")
        self.done_button.clicked.connect(lambda: self._on_follow_up_button(self.sig_follow_up_done))
        self.snooze_button = self._button(
            "Snooze a week", "Snooze follow-up a week", "Follow up with the selected person a week from today")
        self.snooze_button.clicked.connect(lambda: self._on_follow_up_button(self.sig_follow_up_snoozed))
        buttons = WrappingLayout()  # the list takes the height; a FlowLayout would make Qt's enums (app.py)
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.snooze_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.setWidget(body)
        self.status_label = QLabel()
        self.status_label.setProperty("textFormat", PLAIN_TEXT)

    @staticmethod
    def _button(text: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setEnabled(False)
        return button

    def show_items(self, items, writable: bool) -> None:
        """List what needs attention (services.browse.TodayItem) and count it in the status line.

        At most MOST_OF_A_KIND items of a kind are listed, then how many more there are (a ten-year
        journal had 321 follow-ups due: a list that long is read by nobody and took 0.1 s to lay out).
        """
        self.list.clear()
        self.writable = writable
        self._enable_follow_up_buttons()
        by_kind: dict[str, list] = {}
        for item in items:
            by_kind.setdefault(item.kind, []).append(item)
        for kind, of_kind in by_kind.items():
            for item in of_kind[:MOST_OF_A_KIND]:
                self.list.addItem(_list_item(item))
            if len(of_kind) > MOST_OF_A_KIND:
                self.list.addItem(_more_item(kind, len(of_kind) - MOST_OF_A_KIND))
        if not items:
            self.list.addItem("Nothing needs attention today.")
        self.status_label.setText(status_text(items))

    def show_nothing(self) -> None:
        """No journal: an empty list and status line."""
        self.list.clear()
        self.writable = False
        self._enable_follow_up_buttons()
        self.status_label.setText("")

    def selected_follow_up(self) -> str | None:
        """The contact id of the follow-up item selected, if one is."""
        selected = self.list.selectedItems()
        if len(selected) != 1 or selected[0].data(KIND_ROLE) != "follow_up":
            return None
        return selected[0].data(TARGET_ROLE)[1]

    def _enable_follow_up_buttons(self) -> None:
        enabled = self.writable and self.selected_follow_up() is not None
        self.done_button.setEnabled(enabled)
        self.snooze_button.setEnabled(enabled)

    def _on_follow_up_button(self, signal) -> None:
        contact_id = self.selected_follow_up()
        if contact_id is not None:
            signal.emit(contact_id)

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        target = item.data(TARGET_ROLE)
        if target and target[0]:
            self.sig_record_requested.emit(*target)
        elif target:
            self.sig_insights_requested.emit()


MOST_OF_A_KIND = 20
MORE_OF = {  # the words after "… and N more" for each kind of item
    "follow_up": "follow-ups due (the Community tab lists every contact)",
    "at_risk": "skills at risk",
    "unapplied": "skills learned over 10 days ago, not applied yet",
    "near_tier": "skills one step from the next tier",
}


def _list_item(item) -> QListWidgetItem:
    entry = QListWidgetItem(item.text)
    entry.setData(TARGET_ROLE, (item.collection, item.record_id))
    entry.setData(KIND_ROLE, item.kind)
    entry.setToolTip(plain_tip(item.text))
    return entry


def _more_item(kind: str, more: int) -> QListWidgetItem:
    """How many more items of a kind there are, beyond those listed: not a way to a record."""
    from PySide6.QtCore import Qt

    entry = QListWidgetItem(f"… and {more:,} more {MORE_OF.get(kind, 'items')}")
    entry.setFlags(Qt.ItemFlag.ItemIsEnabled)
    return entry


SKILL_COUNTS = (
    ("at_risk", "at risk"),
    ("unapplied", "learned over 10 days ago, not applied yet"),
    ("near_tier", "one step from the next tier"),
)


def status_text(items) -> str:
    """The status line: counts of what needs attention today."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    parts = []
    if counts.get("follow_up"):
        parts.append(f"{counts['follow_up']} follow-up{'s' if counts['follow_up'] > 1 else ''} due")
    if counts.get("checkin"):
        parts.append("check-in due")
    for kind, says in SKILL_COUNTS:
        if counts.get(kind):
            n = counts[kind]
            parts.append(f"{n} skill{'s' if n > 1 else ''} {says}")
    return "Today: " + (" · ".join(parts) if parts else "nothing needs attention")

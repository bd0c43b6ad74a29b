"""The Today panel and the status line: what needs attention, each item a way to the record.

Built when the first journal opens (it shows a journal): nothing here runs before the first paint.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QListWidget, QListWidgetItem, QWidget


class TodayPanel(QDockWidget):
    """A dock listing today's items; activating one asks for its record (or Insights, for a check-in)."""

    sig_record_requested = Signal(str, str)  # collection, record id
    sig_insights_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Today", parent)
        self.setObjectName("today_dock")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setMinimumWidth(240)
        self.list.setSpacing(3)
        self.list.setAccessibleName("Today: what needs attention")
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.setWidget(self.list)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)

    def refresh(self, journal, today: dt.date) -> None:
        """List what needs attention in the journal (nothing without one) and count it in the status line."""
        from masterydesk.services.browse import today_items

        self.list.clear()
        if journal is None:
            self.status_label.setText("")
            return
        items = today_items(journal, today)
        for item in items:
            entry = QListWidgetItem(item.text)
            entry.setData(Qt.ItemDataRole.UserRole, (item.collection, item.record_id))
            entry.setToolTip(item.text)
            self.list.addItem(entry)
        if not items:
            self.list.addItem("Nothing needs attention today.")
        self.status_label.setText(status_text(items))

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if target and target[0]:
            self.sig_record_requested.emit(*target)
        elif target:
            self.sig_insights_requested.emit()


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

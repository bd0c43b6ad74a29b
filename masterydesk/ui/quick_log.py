"""Quick log (Ctrl+L): record a practice session, an application, a teaching event or an
interaction from anywhere, in one small dialog; Enter saves."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.services.browse import record_names
from masterydesk.ui.dialogs.record_dialog import RecordForm, error_label
from masterydesk.ui.forms import CHECKS, FIELDS, NOUN, new_record

KINDS = (
    ("journal", "Practice"),
    ("applications", "Application"),
    ("teaching", "Teaching"),
    ("interactions", "Interaction"),
)
# The practice page leaves out what a quick note does not need.
PRACTICE_FIELDS = [f for f in FIELDS["journal"] if f.name != "private"]


class QuickLogDialog(QDialog):
    """Four small forms in tabs; Save (or Enter) records the one shown."""

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Quick log")
        self.session = session
        self.tabs = QTabWidget()
        self.forms: dict[str, RecordForm] = {}
        choices = lambda name: record_names(session.journal, name)  # noqa: E731
        for collection, title in KINDS:
            fields = PRACTICE_FIELDS if collection == "journal" else FIELDS[collection]
            form = RecordForm(fields, new_record(collection), choices, CHECKS)
            self.forms[collection] = form
            page = QWidget()  # the style's margins inside the tab's frame: a form has none of its own
            QVBoxLayout(page).addWidget(form)
            self.tabs.addTab(page, title)
        self.error_label = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.tabs.currentChanged.connect(lambda _i: self.error_label.hide())

    def current_collection(self) -> str:
        return KINDS[self.tabs.currentIndex()][0]

    def show_kind(self, collection: str) -> None:
        self.tabs.setCurrentIndex([k for k, _t in KINDS].index(collection))

    def save(self) -> bool:
        """Save the shown form's record, or say what is wrong and keep the dialog open."""
        collection = self.current_collection()
        form = self.forms[collection]
        message = form.problem()
        if message is None and collection == "journal" and not form.edited_record().text.strip():
            message = "Notes: write a few words about the session."
        if message:
            return self._show(message)
        try:
            self.session.save(form.edited_record(), text=f"Log {NOUN[collection]}")
        except MasteryDeskError as error:
            return self._show(str(error))
        self.accept()
        return True

    def _show(self, message: str) -> bool:
        self.error_label.setText(message)
        self.error_label.show()
        return False

"""Help ▸ My identity…, File ▸ Open review request… and File ▸ Verify credential…: the dialogs.

Each dialog only shows and gathers; what signs, writes or saves is a function the wiring
(ui.trust_wiring) hands it, which returns a sentence for the dialog to show, None when the user
cancelled, or raises MasteryDeskError with the sentence that says what was refused. Everything a
peer or a file wrote is shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.limits import COMMENT
from masterydesk.ui.widgets.labels import StatusLabel, plain_label, section_label

QUALITY_NOT_CHOSEN = "Quality: choose how good the work was, from 1 to 5."

IDENTITY_EXPLAINED = (
    "Your journal signs review requests and credentials with its own key. Give your card to the peers "
    "who review your work: their MasteryDesk then shows your signed reviews as verified. The key stays in "
    "this journal (and, encrypted, on the devices it syncs with)."
)
READ_ONLY_NAME = "This journal is open read-only: its owner's name cannot be changed here."


def _line_with(edit: QWidget, *buttons: QPushButton) -> QWidget:
    row = QWidget()
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(edit, 1)
    for button in buttons:
        line.addWidget(button)
    return row


class IdentityDialog(QDialog):
    """The owner's name (editable), the journal's did:key (to copy), and Save my card…."""

    def __init__(self, parent: QWidget | None, name: str, did: str, *, read_only: bool,
                 rename: Callable[[str], str], save_card: Callable[[QWidget], str | None]) -> None:
        super().__init__(parent)
        self.setWindowTitle("My identity")
        self.setMinimumWidth(560)
        self._rename = rename
        self._save_card = save_card
        self.saved_name = name
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(IDENTITY_EXPLAINED))
        self.name_edit = QLineEdit(name)
        self.name_edit.setMaxLength(120)
        self.name_edit.setAccessibleName("Your name, as peers see it")
        self.name_edit.setReadOnly(read_only)
        self.rename_button = QPushButton("Save &name")
        self.rename_button.setEnabled(False)
        self.did_edit = QLineEdit(did)
        self.did_edit.setReadOnly(True)  # selectable and copyable, never edited
        self.did_edit.setAccessibleName("Your key, as a did:key")
        self.did_edit.setCursorPosition(0)
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setToolTip("Copy the did:key to the clipboard")
        form = QFormLayout()
        form.addRow("Your &name:", _line_with(self.name_edit, self.rename_button))
        form.addRow("Your &key:", _line_with(self.did_edit, self.copy_button))
        layout.addLayout(form)
        if read_only:
            layout.addWidget(plain_label(READ_ONLY_NAME))
        self.message = StatusLabel("good")
        self.problem = StatusLabel("error")
        layout.addWidget(self.message)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_card_button = buttons.addButton("&Save my card…", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name_edit.textChanged.connect(self._on_name_edit_text_changed)
        self.name_edit.returnPressed.connect(self.save_name)
        self.rename_button.clicked.connect(self.save_name)
        self.copy_button.clicked.connect(self.copy_did)
        self.save_card_button.clicked.connect(self.save_card)

    def _on_name_edit_text_changed(self, text: str) -> None:
        self.rename_button.setEnabled(not self.name_edit.isReadOnly() and " ".join(text.split()) != self.saved_name)

    def _say(self, sentence: str | None = "", problem: str = "") -> None:
        self.message.setText(sentence or "")
        self.problem.setText(problem)

    def save_name(self) -> None:
        """Name the owner as typed (an undoable edit); a refusal is said beside it."""
        if not self.rename_button.isEnabled():
            return
        try:
            sentence = self._rename(self.name_edit.text())
        except MasteryDeskError as error:
            self._say(problem=f"Your name: {error}")
            return
        self.saved_name = " ".join(self.name_edit.text().split())
        self.name_edit.setText(self.saved_name)
        self.rename_button.setEnabled(False)
        self._say(sentence)

    def copy_did(self) -> None:
        QGuiApplication.clipboard().setText(self.did_edit.text())
        self._say("The key is on the clipboard.")

    def save_card(self) -> None:
        """Ask where, and write the identity card there."""
        if self.rename_button.isEnabled():  # the card carries the name the peer will see
            self.save_name()
            if self.rename_button.isEnabled():
                return
        try:
            sentence = self._save_card(self)
        except MasteryDeskError as error:
            self._say(problem=str(error))
            return
        if sentence is not None:
            self._say(sentence)


def request_details(request: dict) -> dict[str, str]:
    """What a review request says, by heading, as text to show plainly."""
    application, requester = request["application"], request["requester"]
    return {
        "Asked by": f"{requester['name']}\n{requester.get('did', '')}",
        "Skill": str(application["skill"]),
        "Applied on": str(application["date"]),
        "Project": str(application.get("project") or "—"),
        "Their notes": str(application.get("notes") or "—"),
    }


def quality_box() -> QComboBox:
    """A review's quality, 1 to 5 in words; its data is None until one is chosen."""
    quality = QComboBox()
    quality.setAccessibleName("Quality (1–5)")
    quality.addItem("Choose…", None)
    for value, words in ((1, "poor"), (2, "fair"), (3, "good"), (4, "very good"), (5, "excellent")):
        quality.addItem(f"{value} — {words}", value)
    return quality


def comment_edit() -> QPlainTextEdit:
    """A review's comment."""
    comment = QPlainTextEdit()
    comment.setAccessibleName("Comment")
    comment.setPlaceholderText("What worked, what to try next time…")
    comment.setTabChangesFocus(True)
    return comment


def review_form(quality: QComboBox, comment: QPlainTextEdit) -> QFormLayout:
    """The two fields of a review, labelled."""
    form = QFormLayout()
    form.addRow("&Quality (1–5):", quality)
    form.addRow("C&omment:", comment)
    return form


def quality_problem(quality: QComboBox) -> str:
    """'' once a quality is chosen in a quality_box; until then, the sentence that asks for one."""
    return QUALITY_NOT_CHOSEN if quality.currentData() is None else ""


def review_input_problem(quality: QComboBox, comment: QPlainTextEdit) -> str:
    """What is wrong with a review as typed, naming the field; '' when it can be signed."""
    missing = quality_problem(quality)
    if missing:
        return missing
    return comment_problem(comment.toPlainText())


def comment_problem(comment: str) -> str:
    """A comment too long to sign, naming the field (the signing refuses it too, without the field's name)."""
    return f"Comment: keep it to {COMMENT:,} characters." if len(comment) > COMMENT else ""


class ReviewRequestDialog(QDialog):
    """A peer's request: who asks and for what, a quality from 1 to 5 and a comment; Sign and save answer…."""

    def __init__(self, parent: QWidget | None, request: dict, sentence: str,
                 sign_and_save: Callable[[QWidget, int, str], str | None]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review request")
        self.setMinimumWidth(560)
        self.request = request
        self._sign_and_save = sign_and_save
        self.answered = ""  # the sentence saying where the answer went, once saved
        layout = QVBoxLayout(self)
        self.sentence = section_label(sentence)
        layout.addWidget(self.sentence)
        self.details = request_details(request)
        details = QFormLayout()
        for heading, text in self.details.items():
            details.addRow(heading, plain_label(text))
        notes_box = QWidget()
        notes_box.setLayout(details)
        scroll = QScrollArea()  # long notes scroll instead of pushing the dialog taller than the screen
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(notes_box)
        layout.addWidget(scroll, 1)
        layout.addWidget(section_label("Your review"))
        self.quality, self.comment = quality_box(), comment_edit()
        layout.addLayout(review_form(self.quality, self.comment))
        layout.addWidget(plain_label(
            "Your journal's key signs the answer; send the file back to the person who asked."))
        self.problem = StatusLabel("error")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_button = buttons.addButton("&Sign and save answer…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setDefault(True)
        buttons.accepted.connect(self.sign_and_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def problem_with_input(self) -> str:
        return review_input_problem(self.quality, self.comment)

    def sign_and_save(self) -> None:
        problem = self.problem_with_input()
        self.problem.setText(problem)
        if problem:
            return
        try:
            sentence = self._sign_and_save(self, self.quality.currentData(), self.comment.toPlainText().strip())
        except MasteryDeskError as error:
            self.problem.setText(str(error))
            return
        if sentence is not None:
            self.answered = sentence
            self.accept()


class CredentialCheckDialog(QDialog):
    """What a credential's signatures vouch for, and what no longer holds; the title says whether it holds."""

    def __init__(self, parent: QWidget | None, file_name: str, verification) -> None:
        super().__init__(parent)
        self.valid = bool(verification.valid)
        self.vouches = [str(line) for line in verification.vouches]
        self.problems = [str(line) for line in verification.problems]
        verdict = "The credential holds" if self.valid else "The credential does not hold"
        self.setWindowTitle(f"{verdict} — {file_name}")
        self.resize(620, 420)
        layout = QVBoxLayout(self)
        self.verdict = section_label(f"{verdict}.", scale=1.2)
        layout.addWidget(self.verdict)
        layout.addWidget(plain_label(
            "Checked offline: every signature against the key it names. A key is only who it says it is "
            "if you know it is theirs (their identity card, or a did:key they gave you)."))
        body = QWidget()
        lines = QVBoxLayout(body)
        if self.problems:
            lines.addWidget(section_label("What does not hold"))
            for problem in self.problems:
                lines.addWidget(StatusLabel("error", problem))
        lines.addWidget(section_label("Who vouches for what"))
        for vouch in self.vouches or ["No signature in it holds."]:
            lines.addWidget(plain_label(vouch))
        lines.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def text(self) -> str:
        """Everything the dialog says, for tests and accessibility."""
        return "\n".join([self.windowTitle(), *self.problems, *self.vouches])


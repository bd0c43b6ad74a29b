"""Review requests through the PostgreSQL hub (trust.hub_reviews): the dialogs.

Request review… on a journal that syncs with a PostgreSQL hub asks whom to send the request to (a hub
user), or saves it as a file as before; File ▸ Review requests on the hub… lists the requests addressed
to you and answers one, or declines one after asking (trust.hub_reviews.decline_from_hub: it is deleted
unanswered, and the requester is not told). The hub is reached on a worker thread, through functions the wiring
(ui.trust_wiring) hands each dialog; what a peer wrote is shown as plain text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.services.figures import day_text
from masterydesk.ui.trust_dialogs import (
    comment_edit,
    quality_box,
    request_details,
    review_form,
    review_input_problem,
)
from masterydesk.ui.widgets.confirm import ask_first
from masterydesk.ui.widgets.labels import StatusLabel, plain_label, section_label
from masterydesk.ui.worker import OneJobAtATime

SEND_EXPLAINED = (
    "Send the signed request through your hub to the hub user who is to review it: it is sealed to the key they "
    "publish there, and their answer comes back with a sync. Or save it as a file, to send by any means."
)

NONE_LEFT = "No review request is addressed to you on the hub."


class RequestReviewDialog(OneJobAtATime, QDialog):
    """Whom to ask (a hub user), then Send through the hub; or Save as a file…."""

    sig_request_sent = Signal(str)

    def __init__(self, parent: QWidget | None, sentence: str, send: Callable[[str], str],
                 save_file: Callable[[QWidget], str | None]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Request review")
        self.setMinimumWidth(520)
        self._send, self._save_file = send, save_file
        layout = QVBoxLayout(self)
        layout.addWidget(section_label(sentence))
        layout.addWidget(plain_label(SEND_EXPLAINED))
        self.user_edit = QLineEdit()
        self.user_edit.setAccessibleName("Hub user")
        self.user_edit.setPlaceholderText("their hub user name, e.g. priya")
        self.user_edit.setMaxLength(40)
        form = QFormLayout()
        form.addRow("&Hub user:", self.user_edit)
        layout.addLayout(form)
        self.status_label = StatusLabel("error")
        layout.addWidget(self.status_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send_button = buttons.addButton("&Send through the hub", QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.setDefault(True)
        self.file_button = buttons.addButton("Save as a &file…", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.send)
        buttons.rejected.connect(self.reject)
        self.file_button.clicked.connect(self.save_file)
        layout.addWidget(buttons)

    def _update_buttons(self) -> None:
        self.send_button.setEnabled(self.job is None)
        self.file_button.setEnabled(self.job is None)

    def send(self) -> None:
        user = self.user_edit.text().strip()
        if not user:
            self.status_label.setText("Hub user: type the hub user name of the person to ask.")
            return
        self.status_label.setText("Sending…")
        self._run(lambda: self._send(user), self._on_sent)

    def _on_sent(self, sentence: str) -> None:
        self.sig_request_sent.emit(sentence)
        self.accept()

    def save_file(self) -> None:
        try:
            sentence = self._save_file(self)
        except MasteryDeskError as error:
            self.status_label.setText(str(error))
            return
        if sentence is not None:
            self.accept()


class ReviewInboxDialog(OneJobAtATime, QDialog):
    """The review requests addressed to you on the hub; pick one, give a quality and a comment, Sign and send;
    or Decline it (with decline given: the request id → the sentence saying it is gone)."""

    sig_inbox_read = Signal()
    sig_answer_sent = Signal(str)
    sig_request_declined = Signal(str)

    def __init__(self, parent: QWidget | None, read: Callable[[], object],
                 answer: Callable[[str, int, str], str], decline: Callable[[str], str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review requests on the hub")
        self.resize(640, 560)
        self._read, self._answer, self._decline = read, answer, decline
        self.requests: list = []  # trust.hub_reviews.IncomingRequest, as listed
        self.answered = ""  # the sentence saying what became of the last request answered or declined
        self.confirmation: QMessageBox | None = None  # Decline's question, while it is asked
        layout = QVBoxLayout(self)
        self.request_list = request_list()
        layout.addWidget(self.request_list, 1)
        self.problems = StatusLabel("error")
        self.problems.hide()  # until the hub gives a request that cannot be read
        layout.addWidget(self.problems)
        self.details = plain_label()
        self.quality, self.comment = quality_box(), comment_edit()
        self.review_part = self._review_part()
        layout.addWidget(self.review_part, 2)
        self.status_label = plain_label()
        layout.addWidget(self.status_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.answer_button = buttons.addButton("&Sign and send answer", QDialogButtonBox.ButtonRole.ActionRole)
        self.decline_button = buttons.addButton("&Decline", QDialogButtonBox.ButtonRole.ActionRole)
        self.decline_button.setToolTip("Remove the selected request from your inbox, unanswered")
        self.decline_button.setVisible(decline is not None)
        self.refresh_button = buttons.addButton("&Refresh", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.answer_button.clicked.connect(self.answer)
        self.decline_button.clicked.connect(self.ask_to_decline)
        self.refresh_button.clicked.connect(self.refresh)
        self.request_list.currentRowChanged.connect(self._on_request_list_row_changed)
        layout.addWidget(buttons)
        self._update_buttons()

    def _review_part(self) -> QWidget:
        """The selected request's details and the review of it; hidden while no request is selected."""
        part = QWidget()
        layout = QVBoxLayout(part)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.details)
        layout.addWidget(section_label("Your review"))
        layout.addLayout(review_form(self.quality, self.comment))
        part.hide()
        return part

    def _update_buttons(self) -> None:
        self.refresh_button.setEnabled(self.job is None)
        self.answer_button.setEnabled(self.job is None and self.selected() is not None)
        self.decline_button.setEnabled(self.job is None and self.selected() is not None)

    def selected(self):
        row = self.request_list.currentRow()
        return self.requests[row] if 0 <= row < len(self.requests) else None

    def refresh(self) -> None:
        """Read the requests addressed to you, on a worker thread."""
        self.status_label.setText("Reading the hub…")
        self._run(self._read, self._show)

    def _show(self, inbox) -> None:
        self.requests = list(inbox.requests)
        self.request_list.clear()
        for request in self.requests:
            self.request_list.addItem(QListWidgetItem(f"{request.sentence} (hub user {request.sender})"))
        self.problems.setText("\n".join(inbox.problems))
        self.problems.setVisible(bool(inbox.problems))
        said = [self.answered] if self.answered else []
        self.status_label.setText(" ".join(said + ([] if self.requests else [NONE_LEFT])))
        self.request_list.setCurrentRow(0 if self.requests else -1)
        self._on_request_list_row_changed()
        self.sig_inbox_read.emit()

    def _on_request_list_row_changed(self, *_row) -> None:
        request = self.selected()
        details = request_details(request.request) if request else {}
        self.details.setText("\n".join(detail_line(heading, text) for heading, text in details.items()))
        self.review_part.setVisible(request is not None)
        self._update_buttons()

    def answer(self) -> None:
        """Sign the answer to the selected request and send it back through the hub, on a worker thread."""
        request, problem = self.selected(), review_input_problem(self.quality, self.comment)
        if request is None or problem:
            self.status_label.setText(problem)
            return
        quality, comment = self.quality.currentData(), self.comment.toPlainText().strip()
        self.status_label.setText("Sending…")
        self._run(lambda: self._answer(request.id, quality, comment), self._on_answered)

    def _on_answered(self, sentence: str) -> None:
        self.answered = sentence
        self.comment.clear()
        self.quality.setCurrentIndex(0)
        self.sig_answer_sent.emit(sentence)
        self.refresh()

    def ask_to_decline(self) -> None:
        """Ask whether to decline the selected request, naming who asks and for which skill; Cancel is the default."""
        request = self.selected()
        if request is None or self._decline is None:
            return
        self.confirmation = ask_first(self, "Decline a review request", decline_question(request.request), "Decline",
                                      lambda: self.decline(request.id))

    def decline(self, request_id: str) -> None:
        """Decline the request (the user has confirmed): it is deleted from the hub, on a worker thread."""
        if self._decline is None or self.job is not None:
            return
        self.status_label.setText("Declining…")
        self._run(lambda: self._decline(request_id), self._on_declined)

    def _on_declined(self, sentence: str) -> None:
        self.answered = sentence
        self.sig_request_declined.emit(sentence)
        self.refresh()


def request_list() -> QListWidget:
    """The requests, one a row, each wrapped to the list's width: a long sentence is read whole, not scrolled to."""
    listed = QListWidget()
    listed.setAccessibleName("Review requests addressed to you")
    listed.setWordWrap(True)
    listed.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    listed.setSpacing(2)
    return listed


def decline_question(request: dict) -> str:
    """'Decline Ann Smith's request for a review of SQL, applied on 3 Mar 2026? …', and what the requester learns."""
    application, name = request["application"], request["requester"]["name"]
    day = day_text(dt.date.fromisoformat(application["date"]))
    return (f"Decline {name}'s request for a review of {application['skill']}, applied on {day}? It leaves your "
            f"inbox unanswered, and {name} is not told.")


def detail_line(heading: str, text: str) -> str:
    """'Heading: text', the text's further lines indented under it (the requester's key, their notes' lines)."""
    return f"{heading}: " + text.replace("\n", "\n    ")

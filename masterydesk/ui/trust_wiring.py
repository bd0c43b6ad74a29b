"""Identity, signed reviews and credentials in the window (DESIGN.md, Beyond one machine).

Help ▸ My identity…; File ▸ Open review request…, Review requests on the hub… (ui.review_mail_dialogs),
Import review answer or card… and Verify credential…; and the commands the tabs call through the window: Request review… on an
application (Projects) and Export credential… on a skill's card (Skill Map). They do what
`masterydesk identity`, `review` and `credential` do (cli_trust). The wiring is built with the
window, before its first paint: libsodium and canonical JSON (masterydesk.trust) are imported
when a command runs, and nothing here touches Qt's namespace until then.

A refused file (a changed byte, another key, an answer imported twice) is one sentence in a
message box, and nothing is written. An import is an undoable edit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

JSON_FILTER = "JSON files (*.json);;All files (*)"
REVIEW_FILTER = "Review requests and answers (*.json);;All files (*)"
PEER_FILTER = "Review answers and identity cards (*.json);;All files (*)"
CREDENTIAL_FILTER = "Credentials (*.json);;All files (*)"
NO_POSTGRES_HUB = ("Review requests come through a PostgreSQL hub, and this journal does not sync with one; "
                   "set one up in File ▸ Sync, or exchange requests as files.")


class TrustWiring(QObject):
    """The trust commands of one MainWindow: its menu actions and the tabs' Request review and Export credential."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.dialog = None  # the dialog opened last, kept while it is open
        self.message_box = None  # the refusal shown last
        self.open_request_action = self._action(
            "Open revie&w request…", self.open_review_request,
            "Answer a peer's review request: your journal's key signs the answer")
        self.import_action = self._action(
            "Impor&t review answer or card…", self.import_answer_or_card,
            "Import a peer's signed review of your application, or their identity card")
        self.verify_action = self._action(
            "&Verify credential…", self.verify_credential_file,
            "Check every signature of a skill credential, offline")
        self.inbox_action = self._action(
            "Review req&uests on the hub…", self.open_review_inbox,
            "Answer the review requests addressed to you on your PostgreSQL hub")
        self.identity_action = self._action(
            "My &identity…", self.show_identity,
            "Your name as peers see it, your journal's key, and the card to give them")
        self.journal_shown(None)

    def _action(self, text: str, slot, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def file_actions(self) -> list[QAction]:
        """File ▸ Open review request…, Review requests on the hub…, Import review answer or card…, Verify credential…."""
        return [self.open_request_action, self.inbox_action, self.import_action, self.verify_action]

    def help_actions(self) -> list[QAction]:
        """Help ▸ My identity…."""
        return [self.identity_action]

    def journal_shown(self, journal) -> None:
        """Enable what applies to the journal now shown (None: no journal); a dialog on the last one closes."""
        if journal is None and self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
        self.identity_action.setEnabled(journal is not None)
        self.open_request_action.setEnabled(journal is not None)  # the answer is signed with the journal's key
        self.inbox_action.setEnabled(journal is not None)
        self.import_action.setEnabled(journal is not None and not journal.read_only)
        self.verify_action.setEnabled(True)  # a credential is checked without any journal

    # --- helpers -------------------------------------------------------------------------------

    def _session(self):
        return self.window.session

    def _warn(self, title: str, sentence: str) -> None:
        """One sentence, as plain text, in a box that does not hold up the window."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, title, sentence, QMessageBox.StandardButton.Ok, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        self.message_box = box

    def _say(self, sentence: str) -> None:
        self.window.statusBar().showMessage(sentence, 12000)

    def _ask_open(self, title: str, file_filter: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self.window, title, str(Path.home()), file_filter)
        return Path(path) if path else None

    def _ask_save(self, parent, title: str, name: str, file_filter: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / _file_name(name)), file_filter)
        return Path(path) if path else None

    def _write(self, document: dict, out: Path) -> Path:
        """Write a signed document as JSON; a failed write is a refusal naming the file."""
        from masterydesk.domain.errors import MasteryDeskError
        from masterydesk.services.files import write_text_atomically

        try:
            return write_text_atomically(out, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        except OSError as error:
            raise MasteryDeskError(f"{out.name} could not be written ({error.strerror or error}).") from None

    # --- Help ▸ My identity… -------------------------------------------------------------------

    def show_identity(self) -> None:
        """The owner's name, the did:key and Save my card…; the key is made the first time."""
        from masterydesk.domain.errors import MasteryDeskError
        from masterydesk.trust.identity import journal_identity
        from masterydesk.ui.trust_dialogs import IdentityDialog

        session = self._session()
        if session is None:
            return
        try:
            identity = journal_identity(session.journal)
        except MasteryDeskError as error:
            self._warn("My identity", str(error))
            return
        self.dialog = IdentityDialog(self.window, identity.name, identity.did, read_only=session.read_only,
                                     rename=self._rename_owner, save_card=self._save_card)
        self.dialog.open()

    def _rename_owner(self, name: str) -> str:
        """Name the owner as an undoable edit; raises MasteryDeskError (nothing saved) for a refused name."""
        from masterydesk.services.changes import Changes
        from masterydesk.trust.identity import journal_identity, set_owner_name

        session = self._session()
        journal = session.journal
        before = journal_identity(journal).name
        named = []

        def rename() -> Changes:
            named.append(set_owner_name(journal, name).name)
            return Changes.of("settings")

        def undo() -> Changes:
            set_owner_name(journal, before)
            return Changes.of("settings")

        session.record(rename, undo, text="Rename the journal's owner")
        return f"Peers now see you as {named[-1]} on what you send them. Edit ▸ Undo puts back {before}."

    def _save_card(self, parent) -> str | None:
        """Ask where, and write the identity card there; None when cancelled."""
        from masterydesk.trust.identity import journal_identity

        identity = journal_identity(self._session().journal)
        out = self._ask_save(parent, "Save my identity card", f"{identity.name} identity card.json", JSON_FILTER)
        if out is None:
            return None
        written = self._write(identity.card(), out)
        sentence = f"Your card is in {written}; give it to the peers who review your work."
        self._say(sentence)
        return sentence

    # --- Request review… (Projects) ------------------------------------------------------------

    def request_review(self, application_id: str) -> None:
        """Ask for a review of one application: through the PostgreSQL hub the journal syncs with, or as a file."""
        from masterydesk.domain.errors import MasteryDeskError
        from masterydesk.services.sync_state import postgres_hub_address

        session = self._session()
        if session is None:
            return
        address = postgres_hub_address(session.journal)
        if address is None:
            try:
                self._save_request_file(self.window, application_id)
            except MasteryDeskError as error:
                self._warn("No review request was written", str(error))
            return
        self._ask_whom(application_id, address)

    def _ask_whom(self, application_id: str, address: str) -> None:
        """The dialog that sends the request to a hub user (on a worker thread), or saves it as a file."""
        from masterydesk.ui.review_mail_dialogs import RequestReviewDialog

        journal = self._session().journal

        def send(user: str) -> str:  # on the worker thread
            from masterydesk.trust.hub_reviews import send_request

            return _on_hub(address, lambda hub: send_request(journal, hub, application_id, user))

        self.dialog = RequestReviewDialog(self.window, _asking_sentence(journal, application_id), send,
                                          lambda parent: self._save_request_file(parent, application_id))
        self.dialog.sig_request_sent.connect(self._say)
        self.dialog.open()

    def _save_request_file(self, parent, application_id: str) -> str | None:
        """Write a signed review request where the user says; the sentence, or None when cancelled."""
        from masterydesk.trust.reviews import request_sentence, review_request

        request = review_request(self._session().journal, application_id)
        return self._save_and_say(parent, request, "Save the review request", _review_file_name("request", request),
                                  lambda written: f"{request_sentence(request)} Written to {written}; send it to the reviewer.")

    def _save_and_say(self, parent, document: dict, title: str, name: str, sentence) -> str | None:
        """Ask where, write the document there and say sentence(path) in the status bar; None when cancelled."""
        out = self._ask_save(parent, title, name, REVIEW_FILTER)
        if out is None:
            return None
        said = sentence(self._write(document, out))
        self._say(said)
        return said

    # --- File ▸ Review requests on the hub… ----------------------------------------------------

    def open_review_inbox(self) -> None:
        """List the review requests addressed to you on the hub; answers go back signed through it."""
        from masterydesk.services.sync_state import postgres_hub_address
        from masterydesk.ui.review_mail_dialogs import ReviewInboxDialog

        session = self._session()
        if session is None:
            return
        address = postgres_hub_address(session.journal)
        if address is None:
            self._warn("Review requests on the hub", NO_POSTGRES_HUB)
            return

        journal = session.journal

        def read():  # on the worker thread, as answer()
            from masterydesk.trust.hub_reviews import inbox

            return _on_hub(address, lambda hub: inbox(journal, hub))

        def answer(request_id: str, quality: int, comment: str) -> str:
            from masterydesk.trust.hub_reviews import answer_from_hub

            return _on_hub(address, lambda hub: answer_from_hub(journal, hub, request_id, quality, comment))

        def decline(request_id: str) -> str:
            from masterydesk.trust.hub_reviews import decline_from_hub

            return _on_hub(address, lambda hub: decline_from_hub(journal, hub, request_id))

        self.dialog = ReviewInboxDialog(self.window, read, answer, decline)
        self.dialog.sig_answer_sent.connect(self._say)
        self.dialog.sig_request_declined.connect(self._say)
        self.dialog.open()
        self.dialog.refresh()

    # --- File ▸ Open review request… -----------------------------------------------------------

    def open_review_request(self) -> None:
        """Open a peer's request; the dialog takes a quality and a comment and saves the signed answer."""
        from masterydesk.domain.errors import MasteryDeskError
        from masterydesk.trust.identity import journal_identity
        from masterydesk.trust.reviews import read_request_file, request_sentence, request_to_answer
        from masterydesk.ui.trust_dialogs import ReviewRequestDialog

        session = self._session()
        if session is None:
            return
        path = self._ask_open("Open a review request", REVIEW_FILTER)
        if path is None:
            return
        try:
            request = request_to_answer(read_request_file(path), journal_identity(session.journal))
        except MasteryDeskError as error:
            self._warn("The review request was not opened", str(error))
            return
        self.dialog = ReviewRequestDialog(self.window, request, request_sentence(request), self._sign_and_save_answer)
        self.dialog.open()

    def _sign_and_save_answer(self, parent, quality: int, comment: str) -> str | None:
        """Sign the answer with the journal's key and write it where the user says; None when cancelled."""
        from masterydesk.trust.identity import journal_identity
        from masterydesk.trust.reviews import answer_request

        request = parent.request
        answer = answer_request(request, journal_identity(self._session().journal), quality, comment)
        return self._save_and_say(
            parent, answer, "Save your signed answer", _review_file_name("answer", request),
            lambda written: f"Your signed answer ({quality}/5) is in {written}; send it back to {request['requester']['name']}.")

    # --- File ▸ Import review answer or card… --------------------------------------------------

    def import_answer_or_card(self) -> None:
        """Import a peer's signed answer (sets reviewer and quality) or identity card, as one undoable edit."""
        from masterydesk.domain.errors import MasteryDeskError
        from masterydesk.services.editing import undo_saving
        from masterydesk.trust.reviews import ANSWER, import_answer, import_card, read_peer_file

        session = self._session()
        if session is None or session.read_only:
            return
        path = self._ask_open("Import a review answer or an identity card", PEER_FILTER)
        if path is None:
            return
        journal = session.journal
        done = []
        try:
            document = read_peer_file(path)
            is_answer = document.get("type") == ANSWER
            importing = import_answer if is_answer else import_card

            def redo():
                saving, sentence = importing(journal, document)
                done.append((saving, sentence))
                return saving.changes

            def undo():
                return undo_saving(journal, done[-1][0])

            who = _who(document, is_answer)
            session.record(redo, undo, text=f"Import the review by {who}" if is_answer else f"Import {who}'s card")
        except MasteryDeskError as error:
            self._warn("Nothing was imported", str(error))
            return
        self._say(f"{done[-1][1]} Edit ▸ Undo takes it back.")

    # --- Export credential… (Skill Map) and File ▸ Verify credential… ----------------------------

    def export_credential(self, skill_id: str) -> None:
        """Write an Open Badges 3.0 credential for a skill at Applied or Mastery, signed with the journal's key."""
        from masterydesk.domain.errors import MasteryDeskError
        from masterydesk.trust.credentials import issue_credential

        session = self._session()
        if session is None:
            return
        try:
            credential = issue_credential(session.journal, skill_id)
            name = str(credential.get("name") or "credential")
            out = self._ask_save(self.window, "Save the credential", f"{name}.json", CREDENTIAL_FILTER)
            if out is None:
                return
            written = self._write(credential, out)
        except MasteryDeskError as error:
            self._warn("No credential was written", str(error))
            return
        self._say(f"Wrote the credential '{name}' to {written}; anyone can verify it offline.")

    def verify_credential_file(self) -> None:
        """Open a credential and show who vouches for what, and what no longer holds."""
        from masterydesk.domain.errors import MasteryDeskError
        from masterydesk.trust.credentials import read_credential_file, verify_credential
        from masterydesk.ui.trust_dialogs import CredentialCheckDialog

        path = self._ask_open("Verify a credential", CREDENTIAL_FILTER)
        if path is None:
            return
        try:
            verification = verify_credential(read_credential_file(path))
        except MasteryDeskError as error:
            self._warn("The credential was not checked", str(error))
            return
        self.dialog = CredentialCheckDialog(self.window, path.name, verification)
        self.dialog.open()


def _on_hub(address: str, work):
    """work(hub) on the PostgreSQL hub at address, opened and closed here (on a worker thread: no widget)."""
    from masterydesk.sync import shares

    with shares.share_hub(address) as hub:
        return work(hub)


def _asking_sentence(journal, application_id: str) -> str:
    """'Ask for a review of SQL, applied on 3 Mar 2026.' (no signing yet: that is done on the worker thread)."""
    from masterydesk.services.editing import read_records
    from masterydesk.services.figures import day_text

    found = read_records(journal, "applications", [application_id]).applications
    if not found:
        return "Ask for a review of this application."
    skills = read_records(journal, "skills", [found[0].skill_id]).skills
    skill = skills[0].name if skills else "this skill"
    return f"Ask for a review of {skill}, applied on {day_text(found[0].date)}."


def _review_file_name(kind: str, request: dict) -> str:
    """'review request SQL 2026-03-03.json' (or 'review answer …')."""
    application = request["application"]
    return f"review {kind} {application['skill']} {application['date']}.json"


def _who(document: dict, is_answer: bool) -> str:
    """The reviewer's (or the card's owner's) name as the file gives it, for the undo menu."""
    party = document.get("reviewer") if is_answer else document
    name = party.get("name") if isinstance(party, dict) else None
    return " ".join(name.split())[:60] if isinstance(name, str) and name.strip() else "a peer"


def _file_name(text: str) -> str:
    """A file name from words a peer or the user wrote: no folders, no characters file systems refuse."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", text).strip(" .-") or "document.json"

"""Identity, signed reviews and credentials in the window, driven like a person on real journals.

Help ▸ My identity shows the key and saves the card; Request review… on an application writes a
signed request with no private text; a peer answers it in their own window and the owner imports
the answer, which marks the application verified (and Undo takes it back); a changed answer, an
answer imported twice and a changed request are each one sentence and change nothing; Export
credential… on a skill at Applied writes a credential that verifies, and File ▸ Verify credential…
names what no longer holds in a changed one.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from masterydesk.domain import records as r
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from masterydesk.trust import proofs
from masterydesk.trust.credentials import issue_credential, read_credential_file, verify_credential
from masterydesk.trust.identity import journal_identity, set_owner_name
from masterydesk.trust.reviews import answer_request, review_request
from masterydesk.ui.main_window import TAB_NAMES, MainWindow
from masterydesk.ui.trust_dialogs import CredentialCheckDialog, IdentityDialog, ReviewRequestDialog
from masterydesk.ui.trust_wiring import TrustWiring
from tests.builders import D, app, contact, fill, read_file, skill

MARKER = "PRIVATE-MARKER-8841"
COMMENT = "Clear and well tested."


class FileDialogs:
    """QFileDialog's open and save questions answered with the paths queued, in order ('' once none is left)."""

    def __init__(self, monkeypatch) -> None:
        self.to_open: list[Path] = []
        self.to_save: list[Path] = []
        self.asked: list[str] = []
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(self._open))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(self._save))

    def _open(self, _parent, title, *_args):
        self.asked.append(title)
        return (str(self.to_open.pop(0)) if self.to_open else "", "")

    def _save(self, _parent, title, *_args):
        self.asked.append(title)
        return (str(self.to_save.pop(0)) if self.to_save else "", "")


@pytest.fixture
def files(monkeypatch) -> FileDialogs:
    return FileDialogs(monkeypatch)


def make_owner(path: Path) -> None:
    """Ann's journal: SQL at Applied (three uses on two days, one reviewed), Python only begun, a private entry."""
    journal = open_journal(path, create=True)
    fill(journal,
         skills=[skill("sql", name="SQL"), skill("py", name="Python")],
         projects=[r.Project("billing", "Billing", r.ProjectStatus.ACTIVE)],
         contacts=[contact("sam", name="Sam")],
         applications=[app("a1", "sql", D(2026, 3, 3), project_id="billing", notes="window functions"),
                       app("a2", "sql", D(2026, 3, 3), project_id="billing", reviewer_id="sam", quality=4),
                       app("a3", "sql", D(2026, 3, 5), project_id="billing"),
                       app("p1", "py", D(2026, 3, 5), project_id="billing")],
         journal=[r.JournalEntry("e1", D(2026, 3, 3), r.EntryKind.PRACTICE, f"secret {MARKER}", minutes=30,
                                 skill_ids=("sql",), private=True)])
    set_owner_name(journal, "Ann Smith")
    journal.close()


def open_window(qtbot, tmp_path, path: Path, **opening) -> MainWindow:
    window = MainWindow(QSettings(str(tmp_path / f"{path.stem}.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    assert window.open_journal_path(path, **opening)
    return window


def wiring_of(window) -> TrustWiring:
    """The window's trust commands (built here until the main window builds them itself)."""
    wiring = getattr(window, "trust_wiring", None)
    if wiring is None:
        wiring = window.trust_wiring = TrustWiring(window)
        wiring.journal_shown(window.session.journal if window.session else None)
    return wiring


@pytest.fixture
def owner_path(tmp_path) -> Path:
    path = tmp_path / "ann.sqlite"
    make_owner(path)
    return path


@pytest.fixture
def owner_window(qtbot, tmp_path, owner_path):
    window = open_window(qtbot, tmp_path, owner_path)
    wiring_of(window)
    yield window
    window.close()


@pytest.fixture
def peer_window(qtbot, tmp_path):
    path = tmp_path / "priya.sqlite"
    journal = open_journal(path, create=True)
    set_owner_name(journal, "Priya Patel")
    journal.close()
    window = open_window(qtbot, tmp_path, path)
    wiring_of(window)
    yield window
    window.close()


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def projects_tab_on(window, application_id: str):
    window.show_record("applications", application_id)
    tab = window.tabs.currentWidget()
    assert tab.applications.current_record().id == application_id
    return tab


def application_in(path: Path, application_id: str) -> r.Application:
    return next(a for a in read_file(path).applications if a.id == application_id)


def request_from_the_tab(qtbot, window, files, out: Path) -> dict:
    tab = projects_tab_on(window, "a1")
    files.to_save.append(out)
    click(qtbot, tab.request_review_button)
    return json.loads(out.read_text("utf-8"))


def answer_in_the_peer_window(qtbot, peer_window, files, request_file: Path, out: Path) -> ReviewRequestDialog:
    wiring = wiring_of(peer_window)
    files.to_open.append(request_file)
    wiring.open_request_action.trigger()
    dialog = wiring.dialog
    assert isinstance(dialog, ReviewRequestDialog) and dialog.isVisible()
    dialog.quality.setCurrentIndex(dialog.quality.findData(4))
    qtbot.keyClicks(dialog.comment, COMMENT)
    files.to_save.append(out)
    click(qtbot, dialog.sign_button)
    return dialog


def is_one_sentence(text: str) -> bool:
    return bool(text) and "\n" not in text and text.rstrip().endswith((".", ")")) and "Traceback" not in text


# --- identity ----------------------------------------------------------------------------------


def test_my_identity_shows_the_key_renames_the_owner_undoably_and_saves_the_card(qtbot, owner_window, owner_path,
                                                                                 files, tmp_path):
    window = owner_window
    wiring = wiring_of(window)
    assert wiring.identity_action in wiring.help_actions()
    wiring.identity_action.trigger()
    dialog = wiring.dialog
    assert isinstance(dialog, IdentityDialog) and dialog.isVisible()
    did = journal_identity(window.session.journal).did
    assert dialog.did_edit.text() == did and dialog.did_edit.isReadOnly()
    assert dialog.name_edit.text() == "Ann Smith" and not dialog.rename_button.isEnabled()

    click(qtbot, dialog.copy_button)
    assert QGuiApplication.clipboard().text() == did

    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Ann  B. Smith ")
    click(qtbot, dialog.rename_button)
    assert read_file(owner_path, lambda j: journal_identity(j).name) == "Ann B. Smith"
    assert "Ann B. Smith" in dialog.message.text()
    window.undo_action.trigger()
    assert read_file(owner_path, lambda j: journal_identity(j).name) == "Ann Smith"
    window.redo_action.trigger()
    assert read_file(owner_path, lambda j: journal_identity(j).name) == "Ann B. Smith"

    dialog.name_edit.clear()
    click(qtbot, dialog.rename_button)  # an empty name is refused beside the field
    assert dialog.problem.text().startswith("Your name: ")
    assert read_file(owner_path, lambda j: journal_identity(j).name) == "Ann B. Smith"

    dialog.name_edit.setText("Ann B. Smith")
    card_file = tmp_path / "ann-card.json"
    files.to_save.append(card_file)
    click(qtbot, dialog.save_card_button)
    assert json.loads(card_file.read_text("utf-8")) == {"type": "MasteryDeskIdentity", "version": 1,
                                                          "name": "Ann B. Smith", "did": did}
    assert str(card_file) in dialog.message.text()
    dialog.reject()


def test_a_read_only_journal_without_a_key_says_so_in_a_sentence(qtbot, tmp_path):
    path = tmp_path / "new.sqlite"
    open_journal(path, create=True).close()
    window = open_window(qtbot, tmp_path, path, read_only=True)
    wiring = wiring_of(window)
    assert not wiring.import_action.isEnabled()
    wiring.identity_action.trigger()
    assert wiring.dialog is None
    text = wiring.message_box.text()
    assert is_one_sentence(text) and "read-only" in text
    assert wiring.message_box.textFormat() == Qt.TextFormat.PlainText
    window.close()


def test_the_actions_follow_the_journal_shown(qtbot, owner_window):
    wiring = wiring_of(owner_window)
    assert [a.text() for a in wiring.file_actions()] == [
        "Open revie&w request…", "Review req&uests on the hub…", "Impor&t review answer or card…", "&Verify credential…"]
    assert all(a.isEnabled() for a in wiring.file_actions() + wiring.help_actions())
    wiring.journal_shown(None)
    assert not wiring.identity_action.isEnabled() and not wiring.import_action.isEnabled()
    assert not wiring.open_request_action.isEnabled() and not wiring.inbox_action.isEnabled()
    assert wiring.verify_action.isEnabled()  # checking a credential needs no journal


# --- reviews -----------------------------------------------------------------------------------


def test_request_review_writes_a_signed_request_without_private_text(qtbot, owner_window, files, tmp_path):
    out = tmp_path / "request.json"
    request = request_from_the_tab(qtbot, owner_window, files, out)
    checked = proofs.check(request)
    assert checked.valid and checked.signer == journal_identity(owner_window.session.journal).did
    assert request["application"] == {"id": "a1", "skill": "SQL", "date": "2026-03-03", "project": "Billing",
                                      "notes": "window functions"}
    assert MARKER not in out.read_text("utf-8")
    assert owner_window.statusBar().currentMessage().startswith(
        "Ann Smith asks for a review of SQL, applied on 3 Mar 2026 in Billing. Written to ")


def test_a_review_answered_in_a_peer_window_and_imported_shows_verified(qtbot, owner_window, owner_path, peer_window,
                                                                        files, tmp_path):
    request_file, answer_file = tmp_path / "request.json", tmp_path / "answer.json"
    request_from_the_tab(qtbot, owner_window, files, request_file)

    # Priya opens the request in her MasteryDesk: who asks, and for what; a quality is required.
    wiring = wiring_of(peer_window)
    files.to_open.append(request_file)
    wiring.open_request_action.trigger()
    dialog = wiring.dialog
    assert dialog.sentence.text() == "Ann Smith asks for a review of SQL, applied on 3 Mar 2026 in Billing."
    assert dialog.details["Their notes"] == "window functions" and dialog.details["Project"] == "Billing"
    click(qtbot, dialog.sign_button)
    assert dialog.problem.text().startswith("Quality:") and dialog.isVisible() and not answer_file.exists()
    dialog.reject()
    dialog = answer_in_the_peer_window(qtbot, peer_window, files, request_file, answer_file)
    assert not dialog.isVisible()
    answer = json.loads(answer_file.read_text("utf-8"))
    peer_did = journal_identity(peer_window.session.journal).did
    assert (answer["quality"], answer["comment"], answer["reviewer"]["did"]) == (4, COMMENT, peer_did)
    assert proofs.check(answer).valid
    assert "send it back to Ann Smith" in peer_window.statusBar().currentMessage()

    # Ann imports it: the application has Priya (a contact holding her key), 4/5, verified.
    owner = wiring_of(owner_window)
    files.to_open.append(answer_file)
    owner.import_action.trigger()
    reviewed = application_in(owner_path, "a1")
    priya = next(c for c in read_file(owner_path).contacts if c.id == reviewed.reviewer_id)
    assert (reviewed.quality, priya.name, priya.did) == (4, "Priya Patel", peer_did)
    assert "verified" in owner_window.statusBar().currentMessage()
    tab = projects_tab_on(owner_window, "a1")
    assert tab.review_label.isVisible()
    assert tab.review_label.text() == f"Verified review by Priya Patel: 4/5\n“{COMMENT}”"
    assert tab.review_label.textFormat() == Qt.TextFormat.PlainText

    owner_window.show_record("contacts", priya.id)
    community = owner_window.page(TAB_NAMES.index("Community"))
    assert community.contact_key.isVisible()
    assert community.contact_key.text().startswith("Key: did:key:z6Mk")
    assert community.contact_key.text().endswith("(verified reviews)")
    assert peer_did in community.contact_key.toolTip()
    community.select_record("contacts", "sam")
    assert not community.contact_key.isVisible()  # Sam holds no key

    owner_window.undo_action.trigger()  # the import is one undoable edit
    undone = application_in(owner_path, "a1")
    assert (undone.review, undone.reviewer_id, undone.quality) == ("", None, None)
    assert all(c.name != "Priya Patel" for c in read_file(owner_path).contacts)
    tab = projects_tab_on(owner_window, "a1")
    assert not tab.review_label.isVisible()
    owner_window.redo_action.trigger()
    assert application_in(owner_path, "a1").quality == 4
    tab = projects_tab_on(owner_window, "a1")
    assert tab.review_label.text().startswith("Verified review by Priya Patel: 4/5")

    before, steps = read_file(owner_path), owner_window.session.undo_stack.count()
    files.to_open.append(answer_file)
    owner.import_action.trigger()  # twice: refused
    assert owner.message_box.text() == "This review was imported before; nothing was changed."
    assert read_file(owner_path) == before and owner_window.session.undo_stack.count() == steps

    # The signed review travels into the skill's credential, and a verifier sees who vouches for it.
    credential_file = tmp_path / "sql.json"
    files.to_save.append(credential_file)
    owner.export_credential("sql")
    files.to_open.append(credential_file)
    owner.verify_action.trigger()
    check = owner.dialog
    assert check.valid, check.problems
    assert any(v.startswith(f"Priya Patel ({peer_did}) reviewed") for v in check.vouches), check.vouches
    check.reject()


def test_a_review_whose_key_is_not_the_contacts_shows_not_verified(qtbot, owner_window, files, tmp_path):
    from masterydesk.trust.reviews import import_answer

    journal = owner_window.session.journal
    peer = open_journal(tmp_path / "priya.sqlite", create=True)
    set_owner_name(peer, "Priya Patel")
    import_answer(journal, answer_request(review_request(journal, "a1"), journal_identity(peer), 4))
    peer.close()
    other = open_journal(tmp_path / "other.sqlite", create=True)
    other_did = journal_identity(other).did
    other.close()
    priya = next(c for c in export_bundle(journal).contacts if c.name == "Priya Patel")
    owner_window.session.save(dataclasses.replace(priya, did=other_did), text="Edit contact")
    tab = projects_tab_on(owner_window, "a1")
    assert tab.review_label.text() == "Review not verified: the reviewer's key is not the one held for the contact."


@pytest.mark.parametrize("change, refusal", [
    (lambda a: a.update(quality=5), "does not hold"),
    (lambda a: a["request"]["application"].update(notes="changed"), "does not hold"),
    (lambda a: a["reviewer"].update(name="Mallory"), "does not hold"),
])
def test_a_changed_answer_is_refused_in_a_sentence_and_changes_nothing(qtbot, owner_window, owner_path, files, tmp_path,
                                                                       change, refusal):
    peer = open_journal(tmp_path / "priya.sqlite", create=True)
    set_owner_name(peer, "Priya Patel")
    answer = answer_request(review_request(owner_window.session.journal, "a1"), journal_identity(peer), 3)
    peer.close()
    changed = copy.deepcopy(answer)
    change(changed)
    answer_file = tmp_path / "changed-answer.json"
    answer_file.write_text(json.dumps(changed), "utf-8")
    before, steps = read_file(owner_path), owner_window.session.undo_stack.count()
    wiring = wiring_of(owner_window)
    files.to_open.append(answer_file)
    wiring.import_action.trigger()
    text = wiring.message_box.text()
    assert is_one_sentence(text) and refusal in text, text
    assert read_file(owner_path) == before and owner_window.session.undo_stack.count() == steps
    assert not projects_tab_on(owner_window, "a1").review_label.isVisible()


def test_a_changed_request_is_refused_and_nothing_is_signed(qtbot, owner_window, peer_window, files, tmp_path):
    request = review_request(owner_window.session.journal, "a1")
    request["application"]["notes"] = "something else"
    request_file = tmp_path / "changed-request.json"
    request_file.write_text(json.dumps(request), "utf-8")
    wiring = wiring_of(peer_window)
    files.to_open.append(request_file)
    wiring.open_request_action.trigger()
    assert wiring.dialog is None
    text = wiring.message_box.text()
    assert is_one_sentence(text) and "does not hold" in text, text
    assert files.asked == ["Open a review request"]  # never asked where to save an answer


def test_a_request_from_ones_own_journal_is_not_answered(qtbot, owner_window, files, tmp_path):
    request_file = tmp_path / "request.json"
    request_from_the_tab(qtbot, owner_window, files, request_file)
    wiring = wiring_of(owner_window)
    files.to_open.append(request_file)
    wiring.open_request_action.trigger()
    assert wiring.dialog is None
    assert wiring.message_box.text() == "This request comes from your own journal: send it to a peer to answer."


def test_a_peers_card_gives_the_contact_their_key_undoably(qtbot, owner_window, owner_path, files, tmp_path):
    sams_journal = open_journal(tmp_path / "sam.sqlite", create=True)
    set_owner_name(sams_journal, "Sam")
    card = journal_identity(sams_journal).card()
    sams_journal.close()
    card_file = tmp_path / "sam-card.json"
    card_file.write_text(json.dumps(card), "utf-8")
    wiring = wiring_of(owner_window)
    files.to_open.append(card_file)
    wiring.import_action.trigger()
    sam = next(c for c in read_file(owner_path).contacts if c.id == "sam")
    assert sam.did == card["did"]
    assert owner_window.statusBar().currentMessage().startswith("Sam's key is held")
    owner_window.undo_action.trigger()
    assert next(c for c in read_file(owner_path).contacts if c.id == "sam").did == ""


# --- credentials -------------------------------------------------------------------------------


def test_export_credential_on_an_applied_skill_writes_a_credential_that_verifies(qtbot, owner_window, files,
                                                                                tmp_path):
    page = owner_window.page(TAB_NAMES.index("Skill Map"))
    owner_window.tabs.setCurrentWidget(page)
    page.select_record("skills", "py")
    card = page.card
    assert not card.export_credential.isEnabled()
    assert "Applied or Mastery" in card.export_credential.toolTip() and "Foundation" in card.export_credential.toolTip()

    page.select_record("skills", "sql")
    out = tmp_path / "sql-credential.json"
    files.to_save.append(out)
    click(qtbot, card.export_credential)
    verification = verify_credential(read_credential_file(out))
    assert verification.valid, verification.problems
    assert MARKER not in out.read_text("utf-8")
    assert str(out) in owner_window.statusBar().currentMessage()


def test_verify_credential_shows_who_vouches_and_what_a_changed_one_no_longer_holds(qtbot, owner_window, files,
                                                                                   tmp_path):
    credential = issue_credential(owner_window.session.journal, "sql")
    intact, changed = tmp_path / "intact.json", tmp_path / "changed.json"
    intact.write_text(json.dumps(credential, indent=2), "utf-8")
    changed.write_text(json.dumps(credential, indent=2).replace("SQL", "SQL!", 1), "utf-8")
    wiring = wiring_of(owner_window)

    files.to_open.append(intact)
    wiring.verify_action.trigger()
    dialog = wiring.dialog
    assert isinstance(dialog, CredentialCheckDialog) and dialog.valid
    assert dialog.windowTitle() == "The credential holds — intact.json"
    assert dialog.vouches and not dialog.problems
    dialog.reject()

    files.to_open.append(changed)
    wiring.verify_action.trigger()
    dialog = wiring.dialog
    assert not dialog.valid and dialog.windowTitle() == "The credential does not hold — changed.json"
    assert dialog.problems and all(is_one_sentence(p) for p in dialog.problems), dialog.problems
    dialog.reject()

    not_json = tmp_path / "notes.json"
    not_json.write_text("not a credential", "utf-8")
    files.to_open.append(not_json)
    wiring.verify_action.trigger()
    assert is_one_sentence(wiring.message_box.text()), wiring.message_box.text()


def test_nothing_is_written_when_the_save_is_cancelled(qtbot, owner_window, files, tmp_path):
    before = sorted(p.name for p in tmp_path.iterdir())
    tab = projects_tab_on(owner_window, "a1")
    click(qtbot, tab.request_review_button)  # the save dialog answers '' (cancelled)
    wiring_of(owner_window).export_credential("sql")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert files.asked == ["Save the review request", "Save the credential"]


def test_the_trust_commands_load_no_signing_library_until_used():
    """The wiring is built with the window: importing it must not load libsodium or canonical JSON."""
    import subprocess
    import sys

    code = ("import sys; import masterydesk.ui.trust_wiring; "
            "print(sorted(m for m in ('nacl', 'rfc8785', 'masterydesk.trust') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr

"""Review requests through the PostgreSQL hub, in two real windows on a real hub: Ann's Request review… sends
the request to hub user priya; Priya's File ▸ Review requests on the hub… lists it (her notes as plain text),
and she answers it signed; Ann's next sync makes it a verified review. Or she declines it: Cancel keeps it,
Decline deletes it from the hub. A missing or unknown hub user is one sentence and sends nothing; a journal
without a PostgreSQL hub still writes the file, and is told what the inbox needs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from masterydesk.domain import records as r
from masterydesk.services.figures import day_text
from masterydesk.store.database import open_journal
from masterydesk.sync import shares, syncing
from masterydesk.sync.postgres_hub import add_user
from masterydesk.trust import hub_reviews
from masterydesk.trust.identity import journal_identity, set_owner_name
from masterydesk.trust.reviews import verified_review
from masterydesk.ui.main_window import MainWindow
from masterydesk.ui.review_mail_dialogs import NONE_LEFT, RequestReviewDialog, ReviewInboxDialog
from masterydesk.ui.trust_wiring import NO_POSTGRES_HUB
from tests.builders import app, fill, read_file, skill
from tests.sync.postgres_cluster import query

TODAY = dt.date.today()
NOTES = "joins <b>and</b> windows"


@pytest.fixture
def hub_urls(hub_admin) -> dict[str, str]:
    return {name: add_user(name, hub_admin) for name in ("ann", "priya")}


def make_journal(path: Path, name: str, url: str | None) -> Path:
    journal = open_journal(path, create=True)
    set_owner_name(journal, name)
    fill(journal, skills=[skill("sql", name="SQL")], projects=[r.Project("billing", "Billing", r.ProjectStatus.ACTIVE)],
         applications=[app("a1", "sql", TODAY - dt.timedelta(days=2), project_id="billing", notes=NOTES)])
    if url:
        syncing.set_up(journal, url, syncing.hub_key_for(url, f"{name}'s passphrase"))
        with shares.share_hub(url) as hub:
            shares.publish_key(hub, journal_identity(journal).did)
    journal.close()
    return path


def open_window(qtbot, tmp_path, path: Path) -> MainWindow:
    window = MainWindow(QSettings(str(tmp_path / f"{path.stem}.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    assert window.open_journal_path(path)
    return window


@pytest.fixture
def ann_window(qtbot, tmp_path, hub_urls):
    window = open_window(qtbot, tmp_path, make_journal(tmp_path / "ann.sqlite", "Ann Smith", hub_urls["ann"]))
    yield window
    window.close()


@pytest.fixture
def priya_window(qtbot, tmp_path, hub_urls):
    window = open_window(qtbot, tmp_path, make_journal(tmp_path / "priya.sqlite", "Priya Patel", hub_urls["priya"]))
    yield window
    window.close()


def count(url: str, table: str) -> int:
    return query(url, f"SELECT count(*) FROM {table}")[0][0]


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def request_dialog(qtbot, window) -> RequestReviewDialog:
    window.show_record("applications", "a1")
    click(qtbot, window.tabs.currentWidget().request_review_button)
    dialog = window.trust_wiring.dialog
    assert isinstance(dialog, RequestReviewDialog) and dialog.isVisible()
    return dialog


def wait_idle(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30000)


def inbox_dialog(qtbot, window) -> ReviewInboxDialog:
    wiring = window.trust_wiring
    assert wiring.inbox_action in wiring.file_actions() and wiring.inbox_action.isEnabled()
    wiring.inbox_action.trigger()
    dialog = wiring.dialog
    assert isinstance(dialog, ReviewInboxDialog) and dialog.isVisible()
    wait_idle(qtbot, dialog)
    return dialog


def test_a_request_goes_through_the_hub_and_comes_back_verified(qtbot, ann_window, priya_window, postgres_hub_db):
    asking = request_dialog(qtbot, ann_window)
    assert asking.status_label.textFormat() == Qt.TextFormat.PlainText
    qtbot.keyClicks(asking.user_edit, "priya")
    with qtbot.waitSignal(asking.sig_request_sent, timeout=30000) as sent:
        click(qtbot, asking.send_button)
    assert sent.args[0].startswith("Sent hub user priya your signed request for a review of SQL, applied on ")
    assert count(postgres_hub_db, "hub_review_requests") == 1

    inbox = inbox_dialog(qtbot, priya_window)
    assert inbox.request_list.count() == 1
    assert inbox.request_list.item(0).text().startswith("Ann Smith asks for a review of SQL, applied on ")
    assert f"Their notes: {NOTES}" in inbox.details.text()
    assert inbox.details.textFormat() == inbox.status_label.textFormat() == Qt.TextFormat.PlainText
    inbox.quality.setCurrentIndex(inbox.quality.findData(4))
    qtbot.keyClicks(inbox.comment, "Clean joins")
    with qtbot.waitSignal(inbox.sig_answer_sent, timeout=30000):
        click(qtbot, inbox.answer_button)
    wait_idle(qtbot, inbox)
    assert inbox.status_label.text() == ("Sent your signed answer (4/5) to Ann Smith (hub user ann), sealed to their "
                                         f"key. {NONE_LEFT}")
    assert inbox.request_list.count() == 0
    assert (count(postgres_hub_db, "hub_review_requests"), count(postgres_hub_db, "hub_review_answers")) == (0, 1)

    ann_window.sync_wiring.sync_now()
    qtbot.waitUntil(lambda: ann_window.sync_wiring.job is None, timeout=30000)
    journal = read_file(ann_window.session.journal.path)
    [application] = journal.applications
    reviewer = next(c for c in journal.contacts if c.id == application.reviewer_id)
    assert verified_review(application, reviewer) == "Verified review by Priya Patel: 4/5"
    assert count(postgres_hub_db, "hub_review_answers") == 0


def test_a_missing_or_unknown_hub_user_is_one_sentence_and_sends_nothing(qtbot, ann_window, postgres_hub_db):
    asking = request_dialog(qtbot, ann_window)
    click(qtbot, asking.send_button)
    assert asking.status_label.text() == "Hub user: type the hub user name of the person to ask."

    qtbot.keyClicks(asking.user_edit, "nobody")
    click(qtbot, asking.send_button)
    wait_idle(qtbot, asking)
    assert asking.status_label.text() == ("Hub user nobody has published no key on this hub (or there is no such "
                                          "user); they need to publish theirs first: opening File ▸ Review "
                                          "requests on the hub… in MasteryDesk (or `masterydesk review inbox`) does "
                                          "it; nothing was sent.")
    assert asking.isVisible() and count(postgres_hub_db, "hub_review_requests") == 0


def test_an_empty_inbox_says_so(qtbot, priya_window):
    inbox = inbox_dialog(qtbot, priya_window)
    assert inbox.status_label.text() == NONE_LEFT
    assert not inbox.answer_button.isEnabled() and not inbox.decline_button.isEnabled()


def ann_asks_priya(ann_window, url: str) -> None:
    with shares.share_hub(url) as hub:
        hub_reviews.send_request(ann_window.session.journal, hub, "a1", "priya")


def test_decline_asks_first_and_cancel_keeps_the_request(qtbot, ann_window, priya_window, hub_urls, postgres_hub_db):
    ann_asks_priya(ann_window, hub_urls["ann"])
    inbox = inbox_dialog(qtbot, priya_window)  # through File ▸ Review requests on the hub…
    assert inbox.request_list.count() == 1 and inbox.decline_button.isVisible()

    click(qtbot, inbox.decline_button)

    asked = inbox.confirmation
    assert asked is not None and asked.isVisible()
    assert asked.text() == (f"Decline Ann Smith's request for a review of SQL, applied on "
                            f"{day_text(TODAY - dt.timedelta(days=2))}? It leaves your inbox unanswered, and Ann "
                            "Smith is not told.")
    assert asked.textFormat() == Qt.TextFormat.PlainText
    assert asked.defaultButton() is asked.button(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(asked.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert not asked.isVisible() and inbox.job is None
    assert inbox.request_list.count() == 1 and count(postgres_hub_db, "hub_review_requests") == 1


def test_decline_confirmed_removes_the_request_from_the_hub(qtbot, ann_window, priya_window, hub_urls, postgres_hub_db):
    ann_asks_priya(ann_window, hub_urls["ann"])
    inbox = inbox_dialog(qtbot, priya_window)  # through File ▸ Review requests on the hub…
    click(qtbot, inbox.decline_button)
    [decline] = [button for button in inbox.confirmation.buttons() if button.text() == "Decline"]

    with qtbot.waitSignal(inbox.sig_request_declined, timeout=30000) as declined:
        qtbot.mouseClick(decline, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, inbox)

    said = (f"Declined Ann Smith's request for a review of SQL, applied on {day_text(TODAY - dt.timedelta(days=2))}; "
            "it is gone from your inbox.")
    assert declined.args == [said] and priya_window.statusBar().currentMessage() == said
    assert inbox.status_label.text() == f"{said} {NONE_LEFT}"
    assert inbox.request_list.count() == 0
    assert not inbox.decline_button.isEnabled() and not inbox.answer_button.isEnabled()
    assert count(hub_urls["priya"], "hub_review_requests") == 0 and count(postgres_hub_db, "hub_review_requests") == 0
    assert count(postgres_hub_db, "hub_review_answers") == 0  # nothing goes back to Ann


def test_without_a_postgresql_hub_the_request_is_a_file_and_the_inbox_says_what_it_needs(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    out = tmp_path / "request.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_args: (str(out), "")))
    window = open_window(qtbot, tmp_path, make_journal(tmp_path / "solo.sqlite", "Solo", None))
    window.show_record("applications", "a1")
    click(qtbot, window.tabs.currentWidget().request_review_button)
    assert out.exists() and window.trust_wiring.dialog is None

    window.trust_wiring.inbox_action.trigger()
    assert window.trust_wiring.message_box.text() == NO_POSTGRES_HUB
    assert window.trust_wiring.message_box.textFormat() == Qt.TextFormat.PlainText
    window.close()

"""File ▸ Open coaching views…: Kim, a coach, sees Ann's figures and opens Ann's copy read-only in the
window; a journal without a PostgreSQL hub is told so in one sentence. A real PostgreSQL hub."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from masterydesk.domain import records as r
from masterydesk.interchange.metrics_json import metrics_to_json
from masterydesk.services.metrics import file_metrics
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from masterydesk.sync import syncing
from masterydesk.sync.postgres_hub import add_user
from masterydesk.trust.identity import set_owner_name
from masterydesk.trust import feedback
from masterydesk.ui.coaching import NOTHING_SHARED, ClientTableModel, FeedbackDialog, copies_folder, open_coaching_views
from masterydesk.ui.trust_dialogs import QUALITY_NOT_CHOSEN
from tests.builders import app, fill, skill
from tests.sync.postgres_cluster import query
from tests.sync.sharing import share_between

MARKER = "PRIVATE-MARKER-51c0de"
TODAY = dt.date.today()


def sent(admin_url: str) -> int:
    """How many comments and reviews wait on the hub."""
    return query(admin_url, "SELECT count(*) FROM hub_feedback")[0][0]


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def in_the_feedback_dialog(act) -> dict:
    """act(the FeedbackDialog) once Review application… has opened it; what act saw is filled in afterwards."""
    seen: dict = {}

    def acting() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            seen.update(act(dialog) or {})
        finally:
            if dialog.isVisible():  # answered, or still open after a refusal: the test goes on either way
                dialog.reject()

    QTimer.singleShot(0, acting)
    return seen


@pytest.fixture
def hub_urls(hub_admin) -> dict[str, str]:
    return {name: add_user(name, hub_admin) for name in ("ann", "kim")}


@pytest.fixture
def kim_with_a_client(hub_urls, journal_path, tmp_path):
    """Kim's journal (the window's) syncs with a PostgreSQL hub; Ann shares her journal with Kim."""
    ann_url, kim_url = hub_urls["ann"], hub_urls["kim"]
    kim = open_journal(journal_path, create=True)
    set_owner_name(kim, "Kim Coach")
    syncing.set_up(kim, kim_url, syncing.hub_key_for(kim_url, "kim's sync passphrase"))
    ann = open_journal(tmp_path / "ann.sqlite", create=True)
    fill(ann, skills=[skill("sql", name="SQL")],
         applications=[app("a1", "sql", TODAY - dt.timedelta(days=3)), app("a2", "sql", TODAY)],
         checkins=[r.CheckIn("c1", TODAY - dt.timedelta(days=1), "applying SQL <b>weekly</b>", "", "")],
         journal=[r.JournalEntry("e1", TODAY, r.EntryKind.REFLECTION, MARKER, 20, ("sql",), private=True)])
    set_owner_name(ann, "Ann Smith")
    share_between(ann, ann_url, kim, kim_url, "kim")
    kim.close()
    yield ann
    ann.close()


def test_the_clients_list_shows_the_clients_figures_and_opens_a_read_only_copy(qtbot, kim_with_a_client, window):
    ann = kim_with_a_client
    dialog = open_coaching_views(window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and dialog.job is None, timeout=20000)

    view = dialog.model.index(0, 0).data(ClientTableModel.ViewRole)
    assert view.metrics == metrics_to_json(file_metrics(ann.path, today=TODAY))
    assert dialog.model.index(0, 0).data() == "Ann Smith (ann)"
    assert dialog.model.index(0, 3).data() == "20"  # the private entry's minutes, not its text
    assert dialog.status_label.text() == "1 client shares with you."
    assert dialog.open_button.isEnabled()

    with qtbot.waitSignal(dialog.sig_copy_written, timeout=20000) as written:
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)

    copy = written.args[0]
    assert copy.parent == copies_folder() and copy.name.startswith("ann-")
    qtbot.waitUntil(lambda: window.session is not None and window.session.journal.path == copy, timeout=20000)
    assert window.session.read_only
    assert [s.name for s in export_bundle(window.session.journal).skills] == ["SQL"]
    assert MARKER.encode() not in copy.read_bytes()


def test_the_coaching_report_is_written_from_the_clients_copy(qtbot, kim_with_a_client, window, tmp_path):
    dialog = open_coaching_views(window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and dialog.job is None, timeout=20000)

    dialog.write_report("ann", tmp_path / "ann.pdf")

    qtbot.waitUntil(lambda: dialog.job is None, timeout=60000)
    assert dialog.status_label.text().startswith("Wrote Ann Smith's coaching report (")
    assert (tmp_path / "ann.pdf").read_bytes().startswith(b"%PDF")


def test_a_coaching_report_that_cannot_be_written_is_said_in_one_sentence(qtbot, kim_with_a_client, window, tmp_path):
    dialog = open_coaching_views(window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and dialog.job is None, timeout=20000)

    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("kept", "utf-8")

    dialog.write_report("ann", not_a_folder / "ann.pdf")

    qtbot.waitUntil(lambda: dialog.job is None, timeout=60000)
    said = dialog.status_label.text()
    assert "notes.txt" in said and not said.startswith("Wrote") and said.count(". ") == 0
    assert not_a_folder.read_text("utf-8") == "kept"


def test_a_journal_without_a_postgresql_hub_is_told_so(qtbot, window):
    dialog = open_coaching_views(window)
    qtbot.waitUntil(lambda: dialog.job is None and dialog.status_label.text() != "Reading the hub…", timeout=20000)

    assert dialog.status_label.text().startswith("Sharing needs a PostgreSQL hub")
    assert dialog.model.rowCount() == 0 and not dialog.open_button.isEnabled()


def test_the_clients_model_passes_the_model_tester(qtmodeltester, qtbot, kim_with_a_client, window):
    dialog = open_coaching_views(window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and dialog.job is None, timeout=20000)
    qtmodeltester.check(dialog.model)


def test_the_coach_sends_a_signed_review_and_comment_that_the_client_imports(qtbot, kim_with_a_client, hub_urls,
                                                                              window):
    ann = kim_with_a_client
    dialog = open_coaching_views(window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and dialog.job is None, timeout=20000)

    dialog.send_review("ann", "a1", 4, "Clean joins")
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20000)
    assert dialog.status_label.text() == "Sent your review of ann's application a1 (quality 4), signed and sealed to them."
    dialog.send_comment("ann", TODAY - dt.timedelta(days=1), "Keep going")
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20000)
    assert dialog.status_label.text().startswith("Sent your comment on ann's check-in of ")

    got = feedback.receive_on_hub(ann, hub_urls["ann"])
    assert got.imported == 2 and got.problems == ()
    [application] = [a for a in export_bundle(ann).applications if a.id == "a1"]
    assert application.quality == 4
    assert export_bundle(ann).checkins[0].notes.endswith(": Keep going")


def test_the_coachs_review_needs_a_chosen_quality_and_sends_nothing_without_one(qtbot, kim_with_a_client, hub_admin,
                                                                                window):
    dialog = open_coaching_views(window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and dialog.job is None, timeout=20000)

    def sign_and_send_without_a_quality(review: FeedbackDialog) -> dict:
        qtbot.keyClicks(review.text_edit, "Clean joins")
        click(qtbot, review.send_button)
        return {"open": review.isVisible(), "said": review.problem_label.text(), "quality": review.value()[1]}

    seen = in_the_feedback_dialog(sign_and_send_without_a_quality)
    click(qtbot, dialog.review_button)
    assert seen == {"open": True, "said": QUALITY_NOT_CHOSEN, "quality": None}
    assert dialog.job is None and sent(hub_admin) == 0

    def choose_four_and_send(review: FeedbackDialog) -> None:
        qtbot.keyClicks(review.quality, "4")  # typing the first character picks "4 — very good"
        assert review.quality.currentText() == "4 — very good"
        qtbot.keyClicks(review.text_edit, "Clean joins")
        click(qtbot, review.send_button)

    in_the_feedback_dialog(choose_four_and_send)
    click(qtbot, dialog.review_button)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20000)
    assert dialog.status_label.text() == "Sent your review of ann's application a2 (quality 4), signed and sealed to them."
    assert sent(hub_admin) == 1


def test_the_feedback_dialog_says_what_is_missing_before_it_sends(qtbot):
    dialog = FeedbackDialog("Comment on Ann's check-in", [("2026-03-02", "2026-03-02: <b>SQL</b>")], False)
    qtbot.addWidget(dialog)
    dialog.show()

    assert dialog.quality is None  # a comment has no quality
    click(qtbot, dialog.send_button)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.problem_label.text() == "Comment: write the comment first."
    assert dialog.problem_label.textFormat() == Qt.TextFormat.PlainText

    qtbot.keyClicks(dialog.text_edit, "Well done")
    click(qtbot, dialog.send_button)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.value() == ("2026-03-02", None, "Well done")
    assert dialog.choice_box.currentText() == "2026-03-02: <b>SQL</b>"


def test_a_review_starts_with_no_quality_and_is_not_sent_until_one_is_chosen(qtbot):
    dialog = FeedbackDialog("Review one of Ann's applications", [("a1", "2026-03-02: SQL")], True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.quality.currentText() == "Choose…" and dialog.quality.currentData() is None

    click(qtbot, dialog.send_button)
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.problem_label.text() == QUALITY_NOT_CHOSEN

    qtbot.keyClicks(dialog.quality, "5")
    click(qtbot, dialog.send_button)  # a review's comment may stay empty
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.problem_label.text() == ""
    assert dialog.value() == ("a1", 5, "")


def test_a_review_needs_an_application_to_review(qtbot):
    dialog = FeedbackDialog("Review one of Ann's applications", [], True)
    qtbot.addWidget(dialog)

    dialog.accept()

    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.problem_label.text() == NOTHING_SHARED[True]


def test_a_comment_too_long_to_sign_is_named_before_it_is_sent(qtbot):
    from masterydesk.domain.limits import COMMENT

    dialog = FeedbackDialog("Comment on Ann's check-in", [("2026-03-02", "2026-03-02: SQL")], False)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text_edit.setPlainText("x" * (COMMENT + 1))
    click(qtbot, dialog.send_button)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.problem_label.text() == "Comment: keep it to 4,000 characters."
    dialog.text_edit.setPlainText("x" * COMMENT)
    click(qtbot, dialog.send_button)
    assert dialog.result() == dialog.DialogCode.Accepted

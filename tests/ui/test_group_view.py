"""Community tab ▸ Open group view…: Cy opens the Thursday Mastermind's page, sees what Ann shares
(skills and tiers, the work she presented) and when the group meets next, and reviews one of Ann's
applications; Ann's journal imports the review, verified, as a group member's. A journal without a
PostgreSQL hub is told so in one sentence. A real PostgreSQL hub."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from masterydesk.domain import records as r
from masterydesk.services.editing import read_records
from masterydesk.services.figures import day_text
from masterydesk.store.database import open_journal
from masterydesk.sync import groups, syncing
from masterydesk.sync.postgres_hub import add_user
from masterydesk.trust import feedback
from masterydesk.trust.identity import journal_identity, set_owner_name
from masterydesk.trust.reviews import verified_review
from masterydesk.ui.group_view import GroupViewDialog
from masterydesk.ui.trust_dialogs import QUALITY_NOT_CHOSEN
from tests.builders import app, contact, fill, skill
from tests.sync.postgres_cluster import query
from tests.sync.sharing import share_between
from tests.ui_tabs.driving import click, open_tab, seed

MARKER = "PRIVATE-MARKER-93ab0e"
TODAY = dt.date.today()
LAST_SESSION = TODAY - dt.timedelta(days=10)


def the_group(ann_did: str) -> dict:
    """Cy's Thursday Mastermind (every 14 days, met 10 days ago) with Ann, who holds <b>no</b> tags."""
    return dict(contacts=[contact("ann", name="Ann <b>Smith</b>", did=ann_did), contact("dee", name="Dee Park")],
                communities=[r.Community("g1", "Thursday Mastermind", "craft", 14, ("ann", "dee"))],
                interactions=[r.Interaction("s1", LAST_SESSION, r.InteractionKind.MEETING, community_id="g1")])


@pytest.fixture
def hub_urls(hub_admin) -> dict[str, str]:
    return {name: add_user(name, hub_admin) for name in ("ann", "cy")}


@pytest.fixture
def ann(hub_urls, journal_path, tmp_path):
    """Cy's journal (the window's) syncs with the hub and holds the group; Ann shares her journal with Cy."""
    ann = open_journal(tmp_path / "ann.sqlite", create=True)
    fill(ann, skills=[skill("sql", name="SQL")],
         applications=[app("a1", "sql", TODAY - dt.timedelta(days=3), notes="joins <i>done</i>"),
                       app("a2", "sql", TODAY - dt.timedelta(days=1))],
         journal=[r.JournalEntry("e1", TODAY, r.EntryKind.REFLECTION, MARKER, 20, ("sql",), private=True)])
    set_owner_name(ann, "Ann Smith")
    cy = open_journal(journal_path, create=True)
    set_owner_name(cy, "Cy Chen")
    fill(cy, **the_group(journal_identity(ann).did))
    syncing.set_up(cy, hub_urls["cy"], syncing.hub_key_for(hub_urls["cy"], "cy's sync passphrase"))
    share_between(ann, hub_urls["ann"], cy, hub_urls["cy"], "cy")
    cy.close()
    yield ann
    ann.close()


def sent(admin_url: str) -> int:
    """How many reviews (and comments) wait on the hub."""
    return query(admin_url, "SELECT count(*) FROM hub_feedback")[0][0]


def open_group_view(qtbot, window) -> GroupViewDialog:
    """Community tab, the group selected, Open group view… clicked; the members read."""
    tab = open_tab(window, 4)
    tab.select_record("communities", "g1")
    assert tab.group_view_button.isEnabled()
    click(qtbot, tab.group_view_button)
    dialog = tab.group_dialog
    qtbot.waitUntil(lambda: dialog.job is None and dialog.status_label.text() != "Reading what the members share "
                                                                                    "with you…", timeout=30000)
    return dialog


def test_the_group_view_shows_what_members_share_and_when_the_group_meets(qtbot, ann, window):
    dialog = open_group_view(qtbot, window)

    assert dialog.windowTitle() == "Group view: Thursday Mastermind"
    assert dialog.sessions_label.text() == (f"Meets every 14 days. Last session: {day_text(LAST_SESSION)}. "
                                            f"Next session: {day_text(LAST_SESSION + dt.timedelta(days=14))}.")
    assert dialog.status_label.text() == (
        "1 of 2 members share with you. Dee Park's contact holds no key: import their identity card "
        "(File ▸ Import…) to find them on the hub.")
    members = dialog.members_model
    assert [members.index(row, 0).data() for row in range(2)] == ["Ann <b>Smith</b>", "Dee Park"]
    assert [members.index(0, column).data() for column in (1, 2, 3)] == ["ann", "SQL (Foundation)", "2"]
    assert dialog.work_heading.text() == "Work Ann <b>Smith</b> presented"
    work = dialog.work_model
    assert [work.index(row, 0).data() for row in range(2)] == [
        (TODAY - dt.timedelta(days=1)).isoformat(), (TODAY - dt.timedelta(days=3)).isoformat()]
    assert work.index(1, 4).data() == "joins <i>done</i>"
    for label in (dialog.sessions_label, dialog.status_label, dialog.work_heading, dialog.work_hint):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert MARKER not in repr(members.records())

    dialog.members_view.selectRow(1)
    assert dialog.work_model.rowCount() == 0 and not dialog.review_button.isEnabled()
    assert dialog.work_hint.text().startswith("Dee Park's contact holds no key")


def test_a_member_reviews_the_work_another_presented_and_it_arrives_verified(qtbot, ann, hub_urls, window):
    dialog = open_group_view(qtbot, window)
    dialog.work_view.selectRow(1)  # Ann's application of three days ago
    click(qtbot, dialog.review_button)
    review = dialog.review_dialog
    assert review.choice_box.currentData() == "a1"
    qtbot.keyClicks(review.quality, "4")  # typing the first character picks "4 — very good"
    assert review.quality.currentText() == "4 — very good"
    qtbot.keyClicks(review.text_edit, "Clean joins")

    with qtbot.waitSignal(dialog.sig_review_sent, timeout=30000):
        click(qtbot, review.send_button)

    assert dialog.status_label.text() == "Sent your review of ann's application a1 (quality 4), signed and sealed to them."
    got = feedback.receive_on_hub(ann, hub_urls["ann"])
    assert got.imported == 1 and got.problems == ()
    [application] = read_records(ann, "applications", ["a1"]).applications
    [reviewer] = read_records(ann, "contacts", [application.reviewer_id]).contacts
    assert (reviewer.name, reviewer.relationship) == ("Cy Chen", r.Relationship.PEER)
    assert verified_review(application, reviewer) == "Verified review by Cy Chen (group member): 4/5"


def test_a_review_without_a_chosen_quality_is_not_sent(qtbot, ann, hub_admin, window):
    dialog = open_group_view(qtbot, window)
    dialog.work_view.selectRow(1)
    click(qtbot, dialog.review_button)
    review = dialog.review_dialog
    assert review.quality.currentText() == "Choose…"  # nothing preset
    qtbot.keyClicks(review.text_edit, "Clean joins")

    with qtbot.assertNotEmitted(review.accepted):
        click(qtbot, review.send_button)

    assert review.isVisible() and review.problem_label.text() == QUALITY_NOT_CHOSEN
    assert review.problem_label.textFormat() == Qt.TextFormat.PlainText
    assert dialog.job is None and dialog.status_label.text() != "Sending your review…"
    assert sent(hub_admin) == 0
    review.reject()
    assert sent(hub_admin) == 0


def test_a_journal_without_a_postgresql_hub_is_told_what_the_view_needs(qtbot, window):
    seed(window, **the_group(""))
    dialog = open_group_view(qtbot, window)

    assert dialog.status_label.text() == groups.NEEDS_HUB
    assert dialog.sessions_label.text().startswith("Meets every 14 days. Last session: ")
    assert dialog.members_model.rowCount() == 0 and not dialog.review_button.isEnabled()


def test_the_button_needs_a_selected_community(qtbot, window):
    seed(window, **the_group(""))
    tab = open_tab(window, 4)
    assert not tab.group_view_button.isEnabled()
    tab.select_record("communities", "g1")
    assert tab.group_view_button.isEnabled()


def test_the_models_pass_the_model_tester(qtmodeltester, qtbot, ann, window):
    dialog = open_group_view(qtbot, window)
    qtmodeltester.check(dialog.members_model)
    qtmodeltester.check(dialog.work_model)

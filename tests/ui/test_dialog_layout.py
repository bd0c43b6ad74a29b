"""The hub dialogs as laid out on screen, without a hub: long cells stay in view (elided, whole in their
tooltip), empty panes say nothing confusing, and what the user or a peer wrote stays plain text."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from PySide6.QtCore import Qt

from masterydesk.sync import groups, shares
from masterydesk.ui.coaching import NOTHING_SHARED, FeedbackDialog, _hub_address
from masterydesk.ui.group_view import GroupViewDialog
from masterydesk.ui.review_mail_dialogs import ReviewInboxDialog
from masterydesk.ui.share_dialog import KEY_CHANGED, KEY_CHANGED_TIP, NO_POSTGRES_HUB, ShareTableModel
from masterydesk.ui.widgets.labels import StatusLabel

TODAY = dt.date(2026, 3, 2)
SKILLS = tuple((f"Distributed systems architecture {n}", "Foundation") for n in range(6))


def fits(view) -> bool:
    """Whether every column of the table shows in its viewport, with no horizontal scrolling."""
    header = view.horizontalHeader()
    last = header.count() - 1
    return header.sectionViewportPosition(last) + header.sectionSize(last) <= view.viewport().width()


def group_page() -> groups.GroupPage:
    sessions = groups.Sessions("Thursday Mastermind", 14, TODAY, TODAY + dt.timedelta(days=14))
    work = groups.PresentedWork("a1", TODAY, "SQL", "Billing", "Rewrote the joins by hand " * 8, 4, False)
    members = (groups.Member("ann", "Ann <b>Smith</b>", "ann", skills=SKILLS, work=(work,)),
               groups.Member("dee", "Dee Park", problem="Dee Park's contact holds no key."))
    return groups.GroupPage(sessions, members)


def test_the_group_view_keeps_every_member_column_in_view(qtbot):
    dialog = GroupViewDialog(None, "g1")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.work_hint.isVisible()  # no member to pick yet

    dialog._on_group_read(group_page())

    assert fits(dialog.members_view) and fits(dialog.work_view)
    assert not dialog.members_view.wordWrap() and not dialog.work_view.wordWrap()
    skills = dialog.members_model.index(0, 2)
    assert skills.data(Qt.ItemDataRole.ToolTipRole)  # the elided cell, whole
    dialog.members_view.selectRow(1)
    assert dialog.work_hint.isVisible() and dialog.work_hint.text() == "Dee Park's contact holds no key."


def test_a_group_without_members_shows_no_hint_to_pick_one(qtbot):
    dialog = GroupViewDialog(None, "g1")
    qtbot.addWidget(dialog)
    dialog.show()

    dialog._on_group_read(groups.GroupPage(group_page().sessions, ()))

    assert dialog.status_label.text().startswith("This community has no members yet")
    assert not dialog.work_hint.isVisible()


def request(sender: str, notes: str) -> SimpleNamespace:
    document = {"application": {"skill": "SQL", "date": "2026-03-01", "project": "Billing", "notes": notes},
                "requester": {"name": "Ann <b>Smith</b>", "did": "did:key:z6Mk"}}
    sentence = "Ann <b>Smith</b> asks for a review of SQL, applied on 1 Mar 2026 in Billing platform migration."
    return SimpleNamespace(id=f"r-{sender}", sender=sender, request=document, sentence=sentence)


def test_the_review_inbox_wraps_long_requests_and_hides_the_review_while_none_is_listed(qtbot):
    dialog = ReviewInboxDialog(None, lambda: None, lambda *_args: "")
    qtbot.addWidget(dialog)
    dialog.show()

    dialog._show(SimpleNamespace(requests=(), problems=()))
    assert not dialog.review_part.isVisible() and not dialog.problems.isVisible()

    dialog._show(SimpleNamespace(requests=(request("ann", "line one\nline <b>two</b>"),), problems=()))
    assert dialog.review_part.isVisible() and dialog.answer_button.isEnabled()
    assert dialog.request_list.wordWrap()
    assert dialog.request_list.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert "Asked by: Ann <b>Smith</b>\n    did:key:z6Mk" in dialog.details.text()
    assert "Their notes: line one\n    line <b>two</b>" in dialog.details.text()
    assert dialog.details.textFormat() == Qt.TextFormat.PlainText


def test_a_feedback_dialog_with_nothing_to_choose_says_so_and_cannot_send(qtbot):
    dialog = FeedbackDialog("Review one of Ann's applications", [], True)
    qtbot.addWidget(dialog)

    assert isinstance(dialog.problem_label, StatusLabel)
    assert dialog.problem_label.text() == NOTHING_SHARED[True]
    assert not dialog.send_button.isEnabled()


def test_a_share_sealed_to_an_old_key_says_what_to_do(qtbot):
    model = ShareTableModel()
    model.set_shares([shares.OwnShare("kim", "did:key:z6Mk", dt.datetime.now(dt.timezone.utc), key_changed=True)])

    key = model.index(0, 2)
    assert key.data() == KEY_CHANGED and key.data(Qt.ItemDataRole.ToolTipRole) == KEY_CHANGED_TIP
    assert key.data(Qt.ItemDataRole.ForegroundRole) is not None


def test_the_coachs_view_names_the_menu_not_the_command_line_without_a_hub(journal):
    try:
        _hub_address(journal)
    except shares.ShareRefused as refused:
        assert str(refused) == NO_POSTGRES_HUB
    else:
        raise AssertionError("a journal without a hub has no hub address")

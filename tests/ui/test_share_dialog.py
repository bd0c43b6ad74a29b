"""File ▸ Sync ▸ Share…: Ann shares her coaching view with Kim from the window and stops it; a hub user
without a key, an unknown one and a journal without a PostgreSQL hub are one sentence each. A real
PostgreSQL hub; nothing private is on it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from masterydesk.domain import records as r
from masterydesk.store.database import open_journal
from masterydesk.services.editing import read_records
from masterydesk.services.figures import day_text
from masterydesk.sync import shares, syncing
from masterydesk.trust import feedback
from masterydesk.sync.postgres_hub import add_user, init_hub
from masterydesk.trust.identity import journal_identity, set_owner_name
from masterydesk.ui.share_dialog import STOP_QUESTION, ShareDialog
from tests.builders import app, fill, skill
from tests.sync.postgres_cluster import query

MARKER = "PRIVATE-MARKER-5a4e2d"
TODAY = dt.date.today()


@pytest.fixture
def ann_syncs(postgres_hub_db, journal_path, tmp_path):
    """Ann's journal (the window's) syncs with a PostgreSQL hub; Kim has published her key, Zed has not."""
    init_hub(postgres_hub_db)
    urls = {name: add_user(name, postgres_hub_db) for name in ("ann", "kim", "zed")}
    ann = open_journal(journal_path, create=True)
    fill(ann, skills=[skill("sql", name="SQL")], applications=[app("a1", "sql", TODAY)],
         journal=[r.JournalEntry("e1", TODAY, r.EntryKind.REFLECTION, MARKER, 20, ("sql",), private=True)])
    set_owner_name(ann, "Ann Smith")
    syncing.set_up(ann, urls["ann"], syncing.hub_key_for(urls["ann"], "ann's sync passphrase"))
    ann.close()
    kim = open_journal(tmp_path / "kim.sqlite", create=True)
    with shares.share_hub(urls["kim"]) as kim_hub:
        shares.publish_key(kim_hub, journal_identity(kim).did)
    kim.close()
    return {"admin": postgres_hub_db, **urls}


def open_dialog(qtbot, window) -> ShareDialog:
    window.sync_wiring.share_action.trigger()
    dialog = window.findChild(ShareDialog)
    qtbot.waitUntil(lambda: dialog.job is None and dialog.status_label.text() != "Reading the hub…", timeout=20000)
    return dialog


def share_with(qtbot, dialog: ShareDialog, user: str) -> str:
    dialog.user_edit.setText("")
    qtbot.keyClicks(dialog.user_edit, user)
    qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20000)
    return dialog.status_label.text()


def shares_on_hub(admin_url: str) -> list[tuple[str, str]]:
    return query(admin_url, "SELECT owner::text, reader::text FROM hub_shares")


def ask_to_stop(qtbot, dialog: ShareDialog) -> QMessageBox:
    """The first share selected and Stop sharing clicked: the question it asks."""
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    assert dialog.confirmation.isVisible()
    return dialog.confirmation


def answer(qtbot, box: QMessageBox, text: str) -> None:
    """Click the message box's button of that text (mnemonic ampersands aside)."""
    [button] = [b for b in box.buttons() if b.text().replace("&", "") == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_ann_shares_with_kim_from_the_window_and_stops(qtbot, ann_syncs, window):
    dialog = open_dialog(qtbot, window)
    assert dialog.status_label.text() == "You share with nobody on this hub yet."
    assert dialog.status_label.textFormat() == Qt.TextFormat.PlainText

    with qtbot.waitSignal(dialog.sig_shares_read, timeout=20000):
        said = share_with(qtbot, dialog, "kim")
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20000)

    assert dialog.status_label.text().startswith("Shared your journal's non-private records with kim (")
    assert said  # the sentence of what was done
    assert dialog.model.rowCount() == 1 and dialog.model.index(0, 0).data() == "kim"
    [(owner, reader, data)] = query(ann_syncs["admin"], "SELECT owner::text, reader::text, data FROM hub_shares")
    assert (owner, reader) == ("ann", "kim") and MARKER.encode() not in bytes(data)
    for row in query(ann_syncs["admin"], "SELECT * FROM hub_keys"):
        assert MARKER not in repr(row)

    question = ask_to_stop(qtbot, dialog)
    with qtbot.waitSignal(dialog.sig_shares_read, timeout=20000):
        answer(qtbot, question, "Stop sharing")
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20000)

    assert dialog.status_label.text() == "Stopped sharing with kim: their copy is deleted from the hub."
    assert dialog.model.rowCount() == 0
    assert query(ann_syncs["admin"], "SELECT count(*) FROM hub_shares") == [(0,)]


def test_stop_sharing_asks_first_and_cancel_keeps_the_share(qtbot, ann_syncs, window):
    dialog = open_dialog(qtbot, window)
    share_with(qtbot, dialog, "kim")
    qtbot.waitUntil(lambda: dialog.job is None and dialog.model.rowCount() == 1, timeout=20000)
    said = dialog.status_label.text()

    question = ask_to_stop(qtbot, dialog)

    assert question.text() == ("Stop sharing with kim? Their copy of your figures is deleted from the hub; "
                               "share again to give it back.") == STOP_QUESTION.format(reader="kim")
    assert question.textFormat() == Qt.TextFormat.PlainText
    assert question.defaultButton() is question.button(QMessageBox.StandardButton.Cancel)
    assert shares_on_hub(ann_syncs["admin"]) == [("ann", "kim")]  # nothing is deleted while it asks
    with qtbot.assertNotEmitted(dialog.sig_shares_read, wait=200):
        answer(qtbot, question, "Cancel")
    assert not question.isVisible() and dialog.job is None
    assert dialog.status_label.text() == said
    assert dialog.model.rowCount() == 1 and shares_on_hub(ann_syncs["admin"]) == [("ann", "kim")]

    question = ask_to_stop(qtbot, dialog)  # asked again, and Escape is Cancel too
    qtbot.keyClick(question, Qt.Key.Key_Escape)
    assert not question.isVisible() and dialog.job is None
    assert shares_on_hub(ann_syncs["admin"]) == [("ann", "kim")]


def test_a_user_without_a_key_an_unknown_user_and_no_name_are_one_sentence(qtbot, ann_syncs, window):
    dialog = open_dialog(qtbot, window)

    assert share_with(qtbot, dialog, "zed").startswith("Hub user zed has not published a key on this hub yet;")
    assert share_with(qtbot, dialog, "nobody_here") == (
        "There is no hub user named nobody_here on this hub; nothing was shared.")
    assert share_with(qtbot, dialog, "not a name!").startswith("'not a name!' is not a hub user name")
    assert share_with(qtbot, dialog, "") == "Type the hub user to share with (letters, digits and _)."
    assert dialog.model.rowCount() == 0
    assert query(ann_syncs["admin"], "SELECT count(*) FROM hub_shares") == [(0,)]


def test_a_journal_without_a_postgresql_hub_is_told_so(qtbot, window):
    dialog = open_dialog(qtbot, window)

    assert dialog.status_label.text().startswith("Sharing needs a PostgreSQL hub, and this journal does not sync")
    assert not dialog.share_button.isEnabled() and not dialog.stop_button.isEnabled()


def test_the_shares_model_passes_the_model_tester(qtmodeltester, qtbot, ann_syncs, window):
    dialog = open_dialog(qtbot, window)
    share_with(qtbot, dialog, "kim")
    qtbot.waitUntil(lambda: dialog.job is None and dialog.model.rowCount() == 1, timeout=20000)
    qtmodeltester.check(dialog.model)


def test_a_sync_in_the_window_imports_the_coachs_signed_review(qtbot, ann_syncs, window, tmp_path):
    dialog = open_dialog(qtbot, window)
    share_with(qtbot, dialog, "kim")
    qtbot.waitUntil(lambda: dialog.job is None and dialog.model.rowCount() == 1, timeout=20000)
    dialog.close()
    kim = open_journal(tmp_path / "kim.sqlite")
    try:
        with shares.share_hub(ann_syncs["kim"]) as kim_hub:
            feedback.send_review(kim, kim_hub, "ann", "a1", 5, "Neat work")
    finally:
        kim.close()
    wiring = window.sync_wiring
    qtbot.waitUntil(lambda: wiring.job is None, timeout=20000)  # the sync made when the journal opened

    wiring.sync_now()
    qtbot.waitUntil(lambda: wiring.job is None, timeout=20000)

    [application] = read_records(window.session.journal, "applications", ["a1"]).applications
    assert application.quality == 5
    assert window.statusBar().currentMessage().endswith("reviewed the application of "
                                                       f"{day_text(TODAY)}: quality 5, verified.")

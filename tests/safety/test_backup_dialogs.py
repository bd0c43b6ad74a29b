"""File ▸ Backups and the damaged-journal dialog, clicked like a person would."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from masterydesk.services.backups import list_backups, make_backup
from masterydesk.store.database import open_journal
from masterydesk.ui.backups_dialog import BackupsDialog
from masterydesk.ui.damaged_journal_dialog import CANCEL, READ_ONLY, RESTORE, DamagedJournalDialog
from tests.builders import fill, skill
from tests.safety.conftest import skill_ids

# Recent enough that the pruning after each new backup keeps it.
TAKEN = dt.datetime.combine(dt.date.today() - dt.timedelta(days=1), dt.time(12, 0))
LEFT = Qt.MouseButton.LeftButton


def add_skill(path, skill_id):
    journal = open_journal(path)
    try:
        fill(journal, skills=[skill(skill_id)])
    finally:
        journal.close()


@pytest.fixture
def dialog(qtbot, filled_journal):
    make_backup(filled_journal, reason="before-import", now=TAKEN)
    shown = BackupsDialog(filled_journal)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_backups_are_listed_with_date_size_and_reason(dialog, qtmodeltester):
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 1
    row = [dialog.model.index(0, column).data() for column in range(3)]
    assert row[0] == f"{TAKEN.day} {TAKEN:%B %Y}, 12:00"
    assert row[1].endswith(" KB")
    assert row[2] == "Before an import"
    assert not dialog.restore_button.isEnabled()  # nothing chosen yet
    assert dialog.policy_label.textFormat() == Qt.TextFormat.PlainText


def test_back_up_now_adds_a_backup_at_the_top(qtbot, dialog, filled_journal):
    with qtbot.waitSignal(dialog.sig_backed_up) as made:
        qtbot.mouseClick(dialog.back_up_button, LEFT)
    assert made.args[0].exists()
    assert dialog.model.rowCount() == 2
    assert dialog.selected_backup().path == made.args[0]
    assert dialog.model.index(0, 2).data() == "Backed up by you"


def test_restore_asks_first_and_cancel_changes_nothing(qtbot, dialog, filled_journal):
    add_skill(filled_journal, "later")
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.restore_button, LEFT)
    assert dialog.confirmation.isVisible()
    assert f"{TAKEN.day} {TAKEN:%B %Y}, 12:00" in dialog.confirmation.text()
    assert dialog.confirmation.textFormat() == Qt.TextFormat.PlainText
    qtbot.mouseClick(dialog.confirmation.button(QMessageBox.StandardButton.Cancel), LEFT)
    assert "later" in skill_ids(filled_journal)
    assert len(list_backups(filled_journal)) == 1


def test_a_confirmed_restore_puts_the_backup_in_place_and_keeps_the_journal(qtbot, dialog, filled_journal):
    add_skill(filled_journal, "later")
    told = []
    dialog.sig_restore_confirmed.connect(lambda path: told.append((path, "later" in skill_ids(path))))
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.restore_button, LEFT)
    [restore] = [b for b in dialog.confirmation.buttons() if b.text() == "Restore"]
    with qtbot.waitSignal(dialog.sig_restored) as restored:
        qtbot.mouseClick(restore, LEFT)
    assert told == [(filled_journal, True)]  # the window hears of it before the journal changes
    assert "later" not in skill_ids(filled_journal)
    assert "later" in skill_ids(restored.args[0])
    assert [dialog.model.index(r, 2).data() for r in range(2)] == ["Before a restore", "Before an import"]


def test_a_damaged_backup_is_refused_with_a_sentence_and_the_journal_kept(qtbot, dialog, filled_journal):
    [info] = list_backups(filled_journal)
    info.path.write_bytes(b"<b>not</b> a backup")
    add_skill(filled_journal, "later")
    dialog.restore(info.path)
    assert dialog.message_box.isVisible()
    assert dialog.message_box.textFormat() == Qt.TextFormat.PlainText
    assert dialog.message_box.text().startswith(f"{info.path.name} is not a MasteryDesk journal")
    assert "later" in skill_ids(filled_journal)


def damaged_dialog(qtbot, path, message="journal.sqlite is damaged (<b>it is cut short</b>)."):
    shown = DamagedJournalDialog(path, message)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_the_damaged_journal_dialog_offers_the_newest_good_backup_by_its_date(qtbot, filled_journal):
    make_backup(filled_journal, now=TAKEN)
    shown = damaged_dialog(qtbot, filled_journal)
    assert shown.message_label.text() == "journal.sqlite is damaged (<b>it is cut short</b>)."
    assert shown.message_label.textFormat() == Qt.TextFormat.PlainText
    assert shown.restore_button.text() == f"Restore the backup of {TAKEN.day} {TAKEN:%B %Y}, 12:00"
    qtbot.mouseClick(shown.restore_button, LEFT)
    assert shown.choice == RESTORE and shown.result() == shown.DialogCode.Accepted


def test_without_a_good_backup_only_read_only_and_cancel_are_offered(qtbot, filled_journal):
    shown = damaged_dialog(qtbot, filled_journal)
    assert not shown.restore_button.isVisible()
    assert shown.offer_label.text() == "There is no good backup of this journal to restore."
    qtbot.mouseClick(shown.read_only_button, LEFT)
    assert shown.choice == READ_ONLY
    again = damaged_dialog(qtbot, filled_journal)
    qtbot.keyClick(again, Qt.Key.Key_Escape)
    assert again.choice == CANCEL


def test_ask_returns_the_choice(qtbot, filled_journal):
    make_backup(filled_journal, now=TAKEN)

    def choose_read_only():
        QApplication.activeModalWidget().read_only_button.click()

    QTimer.singleShot(0, choose_read_only)
    assert DamagedJournalDialog.ask(None, filled_journal, "journal.sqlite is damaged.") == READ_ONLY

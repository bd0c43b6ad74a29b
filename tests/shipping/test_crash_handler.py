"""An unexpected error shows a dialog, writes a private log, and leaves the journal as it was."""

import stat
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from masterydesk.domain import records as r
from masterydesk.services.editing import save_records
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from masterydesk.ui.crash import install_crash_handler

pytestmark = pytest.mark.qt_no_exception_capture  # our hook, not pytest-qt's, must see the errors


@pytest.fixture
def handler(qapp, tmp_path):
    installed = install_crash_handler(qapp, tmp_path / "logs")
    yield installed
    if installed.dialog:
        installed.dialog.close()
    installed.uninstall()


def _raise_in_slot() -> None:
    raise ZeroDivisionError("the slot divided by zero")


def test_an_error_in_a_slot_shows_the_dialog_and_the_journal_is_intact(qtbot, handler, journal, journal_path):
    skill = r.Skill(id="sql", name="SQL", category=r.Category.TECHNICAL)
    save_records(journal, skill)
    button = QPushButton("Break")
    qtbot.addWidget(button)
    button.clicked.connect(_raise_in_slot)
    button.click()
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())

    assert "ZeroDivisionError" in handler.dialog.details.toPlainText()
    handler.dialog.copy_button.click()
    assert "the slot divided by zero" in QGuiApplication.clipboard().text()
    log = handler.log_path
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")
    reopened = open_journal(journal_path, read_only=True)
    try:
        assert export_bundle(reopened).skills == (skill,)
    finally:
        reopened.close()


def test_an_error_from_a_timer_is_caught_too(qtbot, handler):
    QTimer.singleShot(0, _raise_in_slot)
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())


def test_a_second_error_joins_the_open_dialog(qtbot, handler):
    QTimer.singleShot(0, _raise_in_slot)
    qtbot.waitUntil(lambda: handler.dialog is not None)
    first = handler.dialog
    QTimer.singleShot(0, _raise_in_slot)
    qtbot.waitUntil(lambda: first.details.toPlainText().count("unexpected error at") == 2)
    assert handler.dialog is first


def test_an_error_in_a_worker_thread_reaches_the_dialog_on_the_ui_thread(qtbot, handler):
    worker = threading.Thread(target=_raise_in_slot, name="import-worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    assert "import-worker" in handler.dialog.details.toPlainText()


def test_fatal_errors_go_to_a_private_file(handler):
    fatal = handler.log_folder / "fatal-errors.log"
    assert stat.S_IMODE(fatal.stat().st_mode) == 0o600
    assert stat.S_IMODE(handler.log_folder.stat().st_mode) == 0o700

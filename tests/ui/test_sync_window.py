"""Sync in the window: the menus and status, set up from the dialog, a sync that brings an edit,
a conflict restored (and undone) from Edit ▸ Sync conflicts…, changes sent on close, a hub gone."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from masterydesk.services.editing import save_records
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from masterydesk.sync import syncing
from masterydesk.ui.main_window import MainWindow
from masterydesk.ui.sync_dialogs import SyncConflictsDialog, SyncSetupDialog
from tests.builders import fill, skill

PASS = "correct horse battery staple"
WAIT_MS = 15000


@pytest.fixture
def hub(tmp_path):
    folder = tmp_path / "hub"
    folder.mkdir()
    return str(folder)


@pytest.fixture
def desktop(tmp_path, hub):
    """The other device: a journal holding one skill, set up with the hub first."""
    journal = open_journal(tmp_path / "desktop.sqlite", create=True)
    fill(journal, skills=[skill("sql", description="queries")])
    syncing.set_up(journal, hub, syncing.hub_key_for(hub, PASS))
    yield journal
    journal.close()


def open_window(qtbot, tmp_path, path):
    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    assert window.open_journal_path(path, create=True)
    return window


@pytest.fixture
def laptop_window(qtbot, tmp_path, hub, desktop):
    """The laptop's journal, set up with the same hub, open in a window."""
    path = tmp_path / "laptop.sqlite"
    journal = open_journal(path, create=True)
    syncing.set_up(journal, hub, syncing.hub_key_for(hub, PASS))
    journal.close()
    window = open_window(qtbot, tmp_path, path)
    wait_for_sync(qtbot, window)
    yield window
    window.close()


def wait_for_sync(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.sync_wiring.job is None and window.sync_wiring.status_label.text() != "Sync: starting…",
                    timeout=WAIT_MS)


def description(journal) -> str:
    return export_bundle(journal).skills[0].description


def edit_description(journal, text: str) -> None:
    sql = export_bundle(journal).skills[0]
    save_records(journal, dataclasses.replace(sql, description=text))


def menu_texts(menu) -> list[str]:
    return [action.text() for action in menu.actions() if not action.isSeparator()]


def test_a_journal_set_up_for_sync_syncs_when_it_opens_and_says_so(laptop_window):
    window = laptop_window
    assert description(window.session.journal) == "queries"  # the desktop's skill arrived
    assert window.sync_wiring.status_label.text().startswith("Synced ")
    assert "S&ync" in menu_texts(window.file_menu)
    assert menu_texts(window.sync_wiring.menu()) == ["Set &up sync…", "&Sync now", "Turn sync &off", "S&hare…"]
    assert window.sync_wiring.conflicts_action in window.edit_menu.actions()
    assert window.sync_wiring.sync_now_action.isEnabled()


def test_a_journal_not_set_up_offers_set_up_only(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path, tmp_path / "alone.sqlite")
    wiring = window.sync_wiring
    assert wiring.set_up_action.isEnabled()
    assert not wiring.sync_now_action.isEnabled() and not wiring.conflicts_action.isEnabled()
    assert wiring.status_label.isHidden()
    window.close()


def test_set_up_from_the_dialog_brings_the_other_devices_journal(qtbot, tmp_path, hub, desktop):
    window = open_window(qtbot, tmp_path, tmp_path / "new-device.sqlite")

    def fill_the_dialog():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SyncSetupDialog)
        dialog.folder_edit.setText(hub)
        dialog.passphrase_edit.setText(PASS)
        dialog._accept_if_complete()

    QTimer.singleShot(0, fill_the_dialog)
    window.sync_wiring.set_up_action.trigger()
    qtbot.waitUntil(lambda: window.sync_wiring.sync_now_action.isEnabled(), timeout=WAIT_MS)
    wait_for_sync(qtbot, window)
    assert description(window.session.journal) == "queries"
    window.close()


def test_the_setup_dialog_names_what_is_missing(qtbot):
    dialog = SyncSetupDialog()
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText("/somewhere")
    dialog.passphrase_edit.setText("short")
    dialog._accept_if_complete()
    assert dialog.problem.text() == "The sync passphrase needs at least 8 characters."
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_sync_now_brings_an_edit_made_on_the_other_device(qtbot, laptop_window, desktop):
    window = laptop_window
    edit_description(desktop, "window functions")
    syncing.sync_now(desktop)
    window.sync_wiring.sync_now_action.trigger()
    wait_for_sync(qtbot, window)
    assert description(window.session.journal) == "window functions"
    assert "received" in window.statusBar().currentMessage()


def test_a_conflict_is_restored_from_the_dialog_and_the_restore_undone(qtbot, laptop_window, desktop):
    window = laptop_window
    edit_description(window.session.journal, "from the laptop")
    edit_description(desktop, "from the desktop")  # the later edit: it wins
    syncing.sync_now(desktop)
    window.sync_wiring.sync_now_action.trigger()
    wait_for_sync(qtbot, window)
    journal = window.session.journal
    assert description(journal) == "from the desktop"
    seen = {}

    def restore_in_the_dialog():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SyncConflictsDialog)
        seen["rows"] = [dialog.table.item(0, column).text() for column in range(3)]
        dialog.table.selectRow(0)
        dialog.restore_button.click()
        seen["message"] = dialog.message.text()
        dialog.reject()

    QTimer.singleShot(0, restore_in_the_dialog)
    window.sync_wiring.conflicts_action.trigger()
    assert '"from the laptop"' in seen["rows"][2]
    assert seen["message"].startswith("Restored the ")
    assert description(journal) == "from the laptop"
    window.undo_action.trigger()
    assert description(journal) == "from the desktop"


def test_closing_the_window_sends_what_waits(qtbot, laptop_window, desktop):
    window = laptop_window
    edit_description(window.session.journal, "sent on close")
    window.close()
    syncing.sync_now(desktop)
    assert description(desktop) == "sent on close"


def test_a_hub_gone_is_a_sentence_and_the_journal_goes_on(qtbot, laptop_window, hub):
    window = laptop_window
    shutil.rmtree(hub)
    window.sync_wiring.sync_now_action.trigger()
    wait_for_sync(qtbot, window)
    assert window.sync_wiring.status_label.text() == "Sync failed"
    assert window.statusBar().currentMessage().startswith("Sync: ")
    edit_description(window.session.journal, "still works")
    assert description(window.session.journal) == "still works"


def test_libsodium_and_the_postgresql_driver_stay_unloaded_without_sync(tmp_path):
    """A journal without sync, open with every tab built: neither PyNaCl, psycopg nor rfc8785 loads."""
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from masterydesk.services.demo import create_demo_journal
        from masterydesk.ui.main_window import MainWindow
        path = Path(r"{tmp_path / 'demo.sqlite'}")
        create_demo_journal(path)
        window = MainWindow(QSettings(r"{tmp_path / 's.ini'}", QSettings.Format.IniFormat))
        window.show()
        window.open_journal_path(path)
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            app.processEvents()
        window.close()
        print(sorted(name for name in ("nacl", "psycopg", "rfc8785") if name in sys.modules))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[-2] == "[]"

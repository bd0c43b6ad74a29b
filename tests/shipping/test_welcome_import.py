"""The welcome page's Import makes a journal only when an import succeeds: a cancel anywhere leaves nothing."""

import tempfile

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog

from masterydesk.domain import records as r
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from masterydesk.ui.main_window import MainWindow
from masterydesk.ui.recent_journals import KEY as RECENT_JOURNALS

VCARD = """BEGIN:VCARD
VERSION:4.0
FN:Priya Raman
ORG:Northwind
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Marcus Webb
END:VCARD
"""


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def scratch_folder(tmp_path, monkeypatch):
    """Where temporary folders go during the test, to see that none is left behind."""
    folder = tmp_path / "temporary"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def user_picks(monkeypatch):
    """The user's answer to the Import file dialog: a path, or "" for Cancel."""
    asked = []

    def answer(path):
        def get_open_file_name(parent, caption, *args, **kwargs):
            asked.append(caption)
            return (str(path), "") if path else ("", "")

        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(get_open_file_name))
        return asked

    return answer


def files_in(folder) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def welcome_window(qtbot, settings) -> MainWindow:
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show()
    main.open_startup_journal(None, demo=False)
    assert main.stack.currentWidget() is main.welcome_flow.page
    return main


def click_import(qtbot, main) -> None:
    qtbot.mouseClick(main.welcome_flow.page.import_button, Qt.MouseButton.LeftButton)


def preview_of(qtbot, main):
    """The import preview, once it has read the file."""
    dialog = main.welcome_flow.first_import.dialog
    qtbot.waitUntil(lambda: dialog.plan is not None or dialog.error_label.isVisible(), timeout=10000)
    return dialog


def assert_nothing_made(main, settings, isolated_home, scratch_folder) -> None:
    assert files_in(isolated_home) == []  # no journal, no -wal/-shm, no lock, no backups folder
    assert files_in(scratch_folder) == []  # the scratch journal is gone too
    assert main.session is None
    assert main.stack.currentWidget() is main.welcome_flow.page
    settings.sync()
    assert settings.value(RECENT_JOURNALS, []) == []


def test_cancelling_the_file_dialog_makes_no_journal(qtbot, settings, isolated_home, scratch_folder, user_picks):
    asked = user_picks("")
    main = welcome_window(qtbot, settings)
    click_import(qtbot, main)
    assert asked == ["Import"]
    assert_nothing_made(main, settings, isolated_home, scratch_folder)
    main.close()


def test_cancelling_the_preview_makes_no_journal(qtbot, settings, isolated_home, scratch_folder, user_picks, tmp_path):
    card = tmp_path / "people.vcf"
    card.write_text(VCARD, encoding="utf-8")
    user_picks(card)
    main = welcome_window(qtbot, settings)
    click_import(qtbot, main)
    dialog = preview_of(qtbot, main)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.rejected):
        dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert_nothing_made(main, settings, isolated_home, scratch_folder)
    main.close()


def test_a_file_that_cannot_be_imported_makes_no_journal(qtbot, settings, isolated_home, scratch_folder, user_picks,
                                                         tmp_path):
    broken = tmp_path / "export.json"
    broken.write_text('{"format": "masterydesk-export", "version": 1, "skills": [{"id": 3', encoding="utf-8")
    user_picks(broken)
    main = welcome_window(qtbot, settings)
    click_import(qtbot, main)
    dialog = preview_of(qtbot, main)
    assert dialog.error_label.text()
    assert not dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.rejected):
        dialog.reject()
    assert_nothing_made(main, settings, isolated_home, scratch_folder)
    main.close()


def test_an_import_that_succeeds_becomes_the_journal(qtbot, settings, isolated_home, scratch_folder, user_picks,
                                                     tmp_path):
    card = tmp_path / "people.vcf"
    card.write_text(VCARD, encoding="utf-8")
    user_picks(card)
    main = welcome_window(qtbot, settings)
    click_import(qtbot, main)
    dialog = preview_of(qtbot, main)
    assert files_in(isolated_home) == []  # previewing makes nothing where the journal goes
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    path = (isolated_home / "journal.sqlite").resolve()
    assert main.session is not None and main.session.journal.path == path
    assert main.stack.currentWidget() is main.tabs
    assert "2 contacts" in main.statusBar().currentMessage()
    assert files_in(scratch_folder) == []
    main.close()
    assert settings.value(RECENT_JOURNALS) in ([str(path)], str(path))
    journal = open_journal(path, read_only=True)
    try:
        contacts = export_bundle(journal).contacts
    finally:
        journal.close()
    assert sorted((c.name, c.relationship) for c in contacts) == [
        ("Marcus Webb", r.Relationship.PEER), ("Priya Raman", r.Relationship.PEER)]

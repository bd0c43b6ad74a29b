"""A journal protected with a passphrase: no readable word in the file, its -wal or its backups.

Every case uses the real command (cli.main) or the real window on a real file; the planted
marker is a word of a private entry, searched for in the raw bytes of every file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from masterydesk.cli import main
from masterydesk.domain import records as r
from masterydesk.services.editing import save_records
from masterydesk.services.transfer import export_bundle
from masterydesk.store import cipher
from masterydesk.store.database import open_journal
from tests.safety.conftest import digest

MARKER = b"ZEBRAFINCH"
PASSPHRASE = "correct horse battery"


def entry(n: int) -> r.JournalEntry:
    return r.JournalEntry(id=f"e{n}", date=dt.date(2024, 1, 1 + n % 28), kind=r.EntryKind.REFLECTION,
                          text=f"{MARKER.decode()} private thought number {n}", private=True)


@pytest.fixture
def marked_journal(journal_path) -> Path:
    journal = open_journal(journal_path, create=True)
    try:
        save_records(journal, *(entry(n) for n in range(30)))
    finally:
        journal.close()
    assert main(["backup", "--db", str(journal_path)]) == 0
    return journal_path


def every_file(journal_path: Path) -> list[Path]:
    beside = [p for p in journal_path.parent.iterdir() if p.name.startswith(journal_path.name)]
    return sorted(beside + list((journal_path.parent / "backups").iterdir()))


def readable(journal_path: Path) -> list[str]:
    return [p.name for p in every_file(journal_path) if p.is_file() and MARKER in p.read_bytes()]


def protect(journal_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("MASTERYDESK_NEW_PASSPHRASE", PASSPHRASE)
    assert main(["passphrase", "--set", "--db", str(journal_path)]) == 0
    assert capsys.readouterr().out == "journal.sqlite is now protected with a passphrase (and 1 backup with it).\n"
    monkeypatch.delenv("MASTERYDESK_NEW_PASSPHRASE")
    cipher.forget_all()  # as a new process would start


def test_no_page_of_a_protected_journal_its_wal_or_its_backups_holds_a_readable_word(marked_journal, monkeypatch, capsys):
    assert readable(marked_journal) != []  # the marker is there to be found while the journal is plain
    protect(marked_journal, monkeypatch, capsys)
    assert readable(marked_journal) == []

    monkeypatch.setenv("MASTERYDESK_PASSPHRASE", PASSPHRASE)
    assert main(["backup", "--db", str(marked_journal)]) == 0
    journal = open_journal(marked_journal)
    try:
        save_records(journal, *(entry(n) for n in range(30, 60)))
        assert Path(f"{marked_journal}-wal").stat().st_size > 0  # the new pages wait in the -wal
        assert readable(marked_journal) == []
        assert len(export_bundle(journal).journal) == 60
    finally:
        journal.close()
    assert readable(marked_journal) == []


def test_every_command_opens_a_protected_journal_with_the_passphrase(marked_journal, monkeypatch, capsys, tmp_path):
    protect(marked_journal, monkeypatch, capsys)
    monkeypatch.setenv("MASTERYDESK_PASSPHRASE", PASSPHRASE)
    assert main(["metrics", "--json", "--db", str(marked_journal)]) == 0
    assert main(["export", str(tmp_path / "out.json"), "--db", str(marked_journal)]) == 0
    assert main(["report", "--out", str(tmp_path / "report.pdf"), "--db", str(marked_journal)]) == 0
    assert MARKER in (tmp_path / "out.json").read_bytes()  # the user's own complete copy is theirs to read
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("passphrase, sentence", [
    (None, "A passphrase is needed: set MASTERYDESK_PASSPHRASE, or run the command in a terminal to be asked."),
    ("wrong passphrase", "The passphrase does not open journal.sqlite; it was left untouched."),
])
def test_a_missing_or_wrong_passphrase_is_one_sentence_and_changes_nothing(
        marked_journal, monkeypatch, capsys, tmp_path, passphrase, sentence):
    protect(marked_journal, monkeypatch, capsys)
    if passphrase:
        monkeypatch.setenv("MASTERYDESK_PASSPHRASE", passphrase)
    before = {p.name: digest(p) for p in every_file(marked_journal)}
    for command in (["metrics", "--json"], ["export", str(tmp_path / "out.json")], ["backup"],
                    ["import", str(Path(__file__).parents[1] / "interchange/samples/Connections.csv")]):
        assert main([*command, "--db", str(marked_journal)]) == 1
        assert capsys.readouterr().err == f"masterydesk: {sentence}\n"
    assert {p.name: digest(p) for p in every_file(marked_journal)} == before
    assert not (tmp_path / "out.json").exists()


def test_a_new_passphrase_replaces_the_old_one_for_the_journal_and_its_backups(marked_journal, monkeypatch, capsys):
    protect(marked_journal, monkeypatch, capsys)
    monkeypatch.setenv("MASTERYDESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("MASTERYDESK_NEW_PASSPHRASE", "another long one")
    assert main(["passphrase", "--change", "--db", str(marked_journal)]) == 0
    cipher.forget_all()
    assert main(["metrics", "--json", "--db", str(marked_journal)]) == 1  # the old passphrase no longer opens it
    assert "does not open journal.sqlite" in capsys.readouterr().err
    monkeypatch.setenv("MASTERYDESK_PASSPHRASE", "another long one")
    for backup in (marked_journal.parent / "backups").iterdir():
        assert main(["restore", str(backup), "--db", str(marked_journal)]) == 0
    assert readable(marked_journal) == []


def test_removing_the_passphrase_makes_plain_files_again(marked_journal, monkeypatch, capsys):
    protect(marked_journal, monkeypatch, capsys)
    monkeypatch.setenv("MASTERYDESK_PASSPHRASE", PASSPHRASE)
    assert main(["passphrase", "--remove", "--db", str(marked_journal)]) == 0
    assert capsys.readouterr().out == "journal.sqlite is no longer protected with a passphrase (and 1 backup with it).\n"
    assert all(p.read_bytes().startswith(b"SQLite format 3\x00") for p in every_file(marked_journal))
    monkeypatch.delenv("MASTERYDESK_PASSPHRASE")
    cipher.forget_all()
    assert main(["metrics", "--json", "--db", str(marked_journal)]) == 0


@pytest.mark.parametrize("args, sentence", [
    (["--set"], "A passphrase needs at least 8 characters; nothing was changed."),
    (["--remove"], "journal.sqlite is not protected with a passphrase; nothing was changed."),
])
def test_a_refused_passphrase_change_changes_nothing(marked_journal, monkeypatch, capsys, args, sentence):
    monkeypatch.setenv("MASTERYDESK_NEW_PASSPHRASE", "short")
    monkeypatch.setenv("MASTERYDESK_PASSPHRASE", "whatever it is")
    before = {p.name: digest(p) for p in every_file(marked_journal)}
    assert main(["passphrase", *args, "--db", str(marked_journal)]) == 1
    assert capsys.readouterr().err == f"masterydesk: {sentence}\n"
    assert {p.name: digest(p) for p in every_file(marked_journal)} == before


# --- the app -----------------------------------------------------------------------------------


def test_the_app_asks_for_the_passphrase_and_opens_the_journal(qtbot, marked_journal, monkeypatch, capsys):
    from masterydesk.ui.main_window import MainWindow

    protect(marked_journal, monkeypatch, capsys)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert not window.open_journal_path(marked_journal)
    asked = window.opener.passphrase_dialog
    assert asked.isVisible()
    asked.current_edit.setText("not the passphrase")
    asked.accept()
    again = window.opener.passphrase_dialog
    assert again is not asked and again.isVisible()
    assert again.error_label.text() == "The passphrase does not open journal.sqlite; it was left untouched."
    assert not asked.error_label.isVisibleTo(asked)  # the first time it only asks
    again.current_edit.setText(PASSPHRASE)
    again.accept()
    assert window.session is not None and window.windowTitle() == "journal.sqlite — MasteryDesk"
    assert window.change_passphrase_action.isEnabled() and not window.protect_action.isEnabled()
    window.close()


def test_file_protect_encrypts_the_open_journal_and_keeps_it_open(qtbot, marked_journal):
    from masterydesk.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_journal_path(marked_journal)
    assert window.protect_action.isEnabled()
    window.protect_action.trigger()
    dialog = window.passphrase_dialog
    dialog.new_edit.setText(PASSPHRASE)
    dialog.confirm_edit.setText("something else")
    dialog.accept()
    assert dialog.error_label.text() == "The same again: the two new passphrases differ."
    dialog.confirm_edit.setText(PASSPHRASE)
    dialog.accept()
    assert window.session is not None and len(export_bundle(window.session.journal).journal) == 30
    window.close()
    assert readable(marked_journal) == []



# --- the system keyring ------------------------------------------------------------------------


class MemoryKeyring:
    """A keyring backend holding passwords in memory: the desktop's keyring, for a test."""

    priority = 1

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def desktop_keyring():
    import keyring
    from keyring.backend import KeyringBackend

    backend = type("DesktopKeyring", (MemoryKeyring, KeyringBackend), {})()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_a_passphrase_kept_in_the_keyring_opens_the_journal_without_asking(
        qtbot, marked_journal, monkeypatch, capsys, desktop_keyring):
    from masterydesk.ui.main_window import MainWindow

    protect(marked_journal, monkeypatch, capsys)
    first = MainWindow()
    qtbot.addWidget(first)
    assert not first.open_journal_path(marked_journal)
    asked = first.opener.passphrase_dialog
    assert asked.remember_box.isVisibleTo(asked)
    asked.current_edit.setText(PASSPHRASE)
    asked.remember_box.setChecked(True)
    asked.accept()
    assert first.session is not None
    assert desktop_keyring.kept == {("MasteryDesk", str(marked_journal)): PASSPHRASE}
    first.close()

    cipher.forget_all()  # as a new start of the app would
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.open_journal_path(marked_journal)  # no dialog: the keyring had it
    second.remove_passphrase_action.trigger()
    second.passphrase_dialog.current_edit.setText(PASSPHRASE)
    second.passphrase_dialog.accept()
    assert desktop_keyring.kept == {}  # a removed passphrase is not kept
    assert second.protect_action.isEnabled()
    second.close()


@pytest.fixture
def no_keyring():
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # a machine without one, as a bare Linux desktop or CI
    yield
    keyring.set_keyring(previous)


def test_without_a_keyring_nothing_is_offered(qtbot, marked_journal, monkeypatch, capsys, no_keyring):
    from masterydesk.ui.main_window import MainWindow

    protect(marked_journal, monkeypatch, capsys)
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_journal_path(marked_journal)
    assert not window.opener.passphrase_dialog.remember_box.isVisibleTo(window.opener.passphrase_dialog)
    window.close()

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


# --- what a review found ------------------------------------------------------------------------


def test_no_export_or_report_lands_on_a_protected_journal_or_its_backups(marked_journal, monkeypatch, capsys, tmp_path):
    protect(marked_journal, monkeypatch, capsys)
    monkeypatch.setenv("MASTERYDESK_PASSPHRASE", PASSPHRASE)
    backup = next((marked_journal.parent / "backups").iterdir())
    before = {p.name: digest(p) for p in every_file(marked_journal)}
    for command in (["export", str(backup)], ["export", str(marked_journal), "--format", "ics"],
                    ["report", "--out", str(marked_journal)]):
        assert main([*command, "--db", str(marked_journal)]) == 1
        assert "choose another file name so that it is not overwritten." in capsys.readouterr().err
    cipher.forget_all()  # a process that was never given the key still recognises the files
    assert main(["export", str(backup), "--db", str(tmp_path / "other.sqlite")]) == 1
    assert {p.name: digest(p) for p in every_file(marked_journal)} == before


def test_every_first_page_a_protected_journal_writes_is_taken_for_protected(marked_journal, monkeypatch, capsys, tmp_path):
    # Page 1 is written with a fresh random IV on every commit; once about 1 in 537 of those
    # looked like a plain schema page and a healthy journal was refused as damaged.
    protect(marked_journal, monkeypatch, capsys)
    from masterydesk.services.protection import unlock_journal

    unlock_journal(marked_journal, PASSPHRASE)
    journal = open_journal(marked_journal)
    pages = []
    try:
        for n in range(1500):
            # A new page each time: page 1 holds the page count, so it is written again.
            save_records(journal, r.JournalEntry(id=f"grow{n}", date=dt.date(2024, 2, 1), kind=r.EntryKind.PRACTICE,
                                                 text=f"{n} " + "x" * 5000))
            journal.engine.dispose()  # the last connection checkpoints: page 1 rewritten in the file
            pages.append(marked_journal.read_bytes()[:cipher.PAGE_SIZE])
    finally:
        journal.close()
    cipher.forget_all()
    copies = tmp_path / "pages"
    copies.mkdir()
    misjudged = []
    for n, page in enumerate(pages):
        copy = copies / f"{n}.sqlite"
        copy.write_bytes(page * 2)
        if not cipher.looks_protected(copy):
            misjudged.append(n)
    assert misjudged == [] and len({page[16:] for page in pages}) > 1000  # ciphertext that changed


def test_a_backup_that_cannot_be_converted_is_named_and_the_rest_are(marked_journal, monkeypatch, capsys):
    assert main(["backup", "--db", str(marked_journal)]) == 0
    backups = sorted((marked_journal.parent / "backups").iterdir())
    damaged = backups[-1]
    damaged.write_bytes(damaged.read_bytes()[: 3 * 4096 + 100])
    (marked_journal.parent / "backups" / "journal-20240101-000000-000000-damaged.damaged-copy").write_bytes(
        backups[0].read_bytes())
    capsys.readouterr()
    monkeypatch.setenv("MASTERYDESK_NEW_PASSPHRASE", PASSPHRASE)
    assert main(["passphrase", "--set", "--db", str(marked_journal)]) == 0
    said = capsys.readouterr().out
    assert said.startswith("journal.sqlite is now protected with a passphrase (and 1 backup with it). Not converted")
    assert damaged.name in said and "damaged.damaged-copy" in said
    assert readable(marked_journal) == ["journal-20240101-000000-000000-damaged.damaged-copy"]  # named, not hidden


def test_a_plain_backup_never_replaces_a_damaged_protected_journal(marked_journal, monkeypatch, capsys):
    plain_backup = next((marked_journal.parent / "backups").iterdir())
    kept = plain_backup.with_name("kept-plain.sqlite")
    kept.write_bytes(plain_backup.read_bytes())
    protect(marked_journal, monkeypatch, capsys)
    data = bytearray(marked_journal.read_bytes())
    data[5 * 4096 + 200] ^= 0xFF  # one damaged page
    marked_journal.write_bytes(bytes(data))
    monkeypatch.setenv("MASTERYDESK_PASSPHRASE", PASSPHRASE)
    before = digest(marked_journal)
    assert main(["restore", str(kept), "--db", str(marked_journal)]) == 1
    assert "not protected with a passphrase but the journal is" in capsys.readouterr().err
    assert digest(marked_journal) == before


def test_protecting_a_journal_another_program_reads_is_a_sentence_and_the_journal_stays_open(qtbot, marked_journal):
    import sqlite3

    from masterydesk.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_journal_path(marked_journal)
    reader = sqlite3.connect(marked_journal, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM journal_entries").fetchone()  # a read transaction held open
    try:
        window.protect_action.trigger()
        window.passphrase_dialog.new_edit.setText(PASSPHRASE)
        window.passphrase_dialog.confirm_edit.setText(PASSPHRASE)
        window.passphrase_dialog.accept()
        assert "is busy" in window.last_message_box.text()
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    assert window.session is not None and len(export_bundle(window.session.journal).journal) == 30
    assert readable(marked_journal) != []  # nothing was converted
    window.close()

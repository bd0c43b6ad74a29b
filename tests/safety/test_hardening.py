"""What a careful attack on the command line and the files found, each kept as a test.

Every case runs the real `masterydesk` command (in-process through cli.main, or as a process
where the terminal or a lock matters) on a real journal file, and checks the one sentence it
prints and that the journal is byte-for-byte what it was.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from masterydesk.cli import main
from masterydesk.store.database import open_journal
from tests.builders import D, app, contact, fill, skill
from tests.safety.conftest import digest

ROOT = Path(__file__).parents[2]
FORMATS = ["json", "csv", "markdown", "markdown-months", "ics", "jsonresume"]


@pytest.fixture
def kept_journal(journal_path) -> Path:
    """A closed journal with a few records, and a -wal beside it as a running app leaves one."""
    journal = open_journal(journal_path, create=True)
    try:
        fill(journal, skills=[skill("sql")], applications=[app("a1", "sql", D(2024, 3, 1))], contacts=[contact("ada")])
    finally:
        journal.close()
    return journal_path


def one_sentence(capsys) -> str:
    """What the command printed on standard error, asserted to be one line."""
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("masterydesk: "), err
    return err.removeprefix("masterydesk: ").strip()


def files_beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


# --- 1. nothing MasteryDesk writes can land on a journal -------------------------------------


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("target", ["journal", "-wal", "-shm", "backup"])
def test_an_export_onto_the_journal_or_its_files_is_refused_and_the_journal_kept(kept_journal, capsys, format, target):
    assert main(["backup", "--db", str(kept_journal)]) == 0
    backup = next((kept_journal.parent / "backups").iterdir())
    capsys.readouterr()
    out = {"journal": kept_journal, "-wal": Path(f"{kept_journal}-wal"), "-shm": Path(f"{kept_journal}-shm"),
           "backup": backup}[target]
    out.touch()  # a -wal or -shm that exists, as while the app runs
    before, backup_before = digest(kept_journal), digest(backup)

    assert main(["export", str(out), "--format", format, "--db", str(kept_journal)]) == 1

    sentence = one_sentence(capsys)
    assert sentence.startswith(str(out)) and "choose another file name so that it is not overwritten." in sentence
    assert digest(kept_journal) == before and digest(backup) == backup_before


def test_a_report_onto_the_journal_is_refused_and_the_journal_kept(kept_journal, capsys):
    before = digest(kept_journal)
    assert main(["report", "--out", str(kept_journal), "--db", str(kept_journal)]) == 1
    assert one_sentence(capsys) == (
        f"{kept_journal} is a MasteryDesk journal; choose another file name so that it is not overwritten."
    )
    assert digest(kept_journal) == before


def test_a_journal_reached_through_a_link_is_refused_too(kept_journal, tmp_path, capsys):
    link = tmp_path / "innocent.json"
    link.symlink_to(kept_journal)
    before = digest(kept_journal)
    assert main(["export", str(link), "--db", str(kept_journal)]) == 1
    assert "is a MasteryDesk journal" in one_sentence(capsys)
    assert digest(kept_journal) == before


def test_the_export_dialog_refuses_the_journal_as_its_target(qtbot, kept_journal):
    from masterydesk.ui.export_dialog import ExportDialog
    from masterydesk.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_journal_path(kept_journal)
    before = digest(kept_journal)
    dialog = ExportDialog(window.session, window)
    dialog.destination.setText(str(kept_journal))
    dialog.export()
    qtbot.waitUntil(lambda: dialog.error_label.isVisibleTo(dialog), timeout=10_000)
    assert dialog.error_label.text() == (
        f"{kept_journal} is a MasteryDesk journal; choose another file name so that it is not overwritten."
    )
    assert digest(kept_journal) == before
    window.close()


# --- 3. folders whose names URLs would misread ------------------------------------------------


@pytest.mark.parametrize("folder", ["notes #1", "a%20b", "q?x", "100% & more"])
def test_every_command_works_in_a_folder_whose_name_a_url_would_misread(tmp_path, capsys, folder):
    place = tmp_path / folder
    place.mkdir()
    journal = place / "journal.sqlite"
    opened = open_journal(journal, create=True)
    fill(opened, skills=[skill("sql")])
    opened.close()

    assert main(["export", str(place / "out.json"), "--db", str(journal)]) == 0
    assert main(["import", str(place / "out.json"), "--db", str(journal)]) == 0
    assert main(["report", "--out", str(place / "report.pdf"), "--db", str(journal)]) == 0
    assert main(["metrics", "--json", "--db", str(journal)]) == 0
    assert main(["backup", "--db", str(journal)]) == 0
    assert capsys.readouterr().err == ""
    assert {p.name for p in tmp_path.iterdir()} <= {folder, "home", "config", "data"}  # no stray 'notes '
    assert {"journal.sqlite", "out.json", "report.pdf", "backups"} <= set(files_beside(journal))


# --- 4. a sentence, never a traceback ---------------------------------------------------------


def test_a_symbolic_link_loop_as_the_journal_is_one_sentence(tmp_path, capsys):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    for command in (["export", str(tmp_path / "x.json")], ["report", "--out", str(tmp_path / "x.pdf")],
                    ["import", str(ROOT / "tests/interchange/samples/Connections.csv")]):
        assert main([*command, "--db", str(tmp_path / "a")]) == 1
        assert one_sentence(capsys) == f"{tmp_path / 'a'} is a loop of symbolic links, not a journal."


def test_a_journal_path_of_four_thousand_characters_is_one_short_sentence(tmp_path, capsys):
    assert main(["export", str(tmp_path / "x.json"), "--db", str(tmp_path / ("a" * 4000))]) == 1
    sentence = one_sentence(capsys)
    assert len(sentence) < 300 and "…" in sentence


@pytest.mark.parametrize("window, sentence", [
    (["--from", "0001-01-01"], "The window cannot include 0001-01-01: MasteryDesk reports on days from 1900-01-01 to 2999-12-31."),
    (["--to", "9999-12-31"], "The window cannot include 9999-12-31: MasteryDesk reports on days from 1900-01-01 to 2999-12-31."),
    (["--from", "2024-03-02", "--to", "2024-03-01"], "The window starts on 2024-03-02, after it ends on 2024-03-01."),
])
@pytest.mark.parametrize("command", ["report", "metrics"])
def test_a_window_outside_the_days_reported_on_is_one_sentence(kept_journal, tmp_path, capsys, window, sentence, command):
    args = ["report", "--out", str(tmp_path / "r.pdf")] if command == "report" else ["metrics", "--json"]
    assert main([*args, "--db", str(kept_journal), *window]) == 1
    assert one_sentence(capsys) == sentence
    assert not (tmp_path / "r.pdf").exists()


def test_a_record_dated_in_year_one_does_not_break_the_figures(journal, tmp_path, capsys):
    fill(journal, skills=[skill("old", learned_on=D(1, 1, 1))], applications=[app("a", "old", D(1, 1, 2))])
    assert main(["metrics", "--json", "--db", str(journal.path)]) == 0
    assert main(["report", "--out", str(tmp_path / "r.pdf"), "--db", str(journal.path)]) == 0


def hold_write_lock(path: Path, seconds: float, exclusive: bool) -> threading.Thread:
    """Another program that takes the journal's lock and keeps it for a while."""
    ready = threading.Event()

    def hold() -> None:
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        if exclusive:  # what blocks readers too: a rollback-journal writer, or locking_mode=EXCLUSIVE
            connection.execute("PRAGMA locking_mode = EXCLUSIVE")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("UPDATE skills SET description = 'held'")
        ready.set()
        threading.Event().wait(seconds)
        connection.execute("ROLLBACK")
        connection.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    ready.wait(10)
    return thread


@pytest.mark.parametrize("command, exclusive", [("import", False), ("export", True)])
def test_a_journal_locked_by_another_program_for_long_is_one_sentence(kept_journal, tmp_path, capsys, command, exclusive):
    sample = ROOT / "tests/interchange/samples/Connections.csv"
    args = {"import": ["import", str(sample)], "export": ["export", str(tmp_path / "x.json")]}[command]
    holder = hold_write_lock(kept_journal, 7, exclusive)
    try:
        assert main([*args, "--db", str(kept_journal)]) == 1
        assert "busy: another program is using it and would not let go; nothing was changed" in one_sentence(capsys)
    finally:
        holder.join()
    assert not (tmp_path / "x.json").exists()
    assert main(["metrics", "--json", "--db", str(kept_journal)]) == 0  # the lock gone, all is as it was


# --- 5. lesser: one line for damage, versions, modes, terminals -------------------------------


def cell_off_the_page(path: Path, table: str) -> int:
    """Damage a leaf page of table so that SQLite's check reports it over several lines; its number."""
    with sqlite3.connect(path) as raw:
        [page] = raw.execute("SELECT min(pageno) FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,)).fetchone()
    raw.close()
    data = bytearray(path.read_bytes())
    first_cell_pointer = 4096 * (page - 1) + 8
    data[first_cell_pointer:first_cell_pointer + 2] = (4090).to_bytes(2, "big")
    path.write_bytes(bytes(data))
    return page


def test_damage_is_one_sentence_and_the_details_go_to_the_log(filled_journal, isolated_home, capsys):
    page = cell_off_the_page(filled_journal, "skills")
    before = digest(filled_journal)
    assert main(["export", str(filled_journal.parent / "x.json"), "--db", str(filled_journal)]) == 1
    assert one_sentence(capsys) == (
        f"journal.sqlite is damaged (On tree page {page} cell 0: Extends off end of page); it was left untouched."
    )
    log = isolated_home / "logs" / "masterydesk.log"
    assert f"failed its page check:\n*** in database main ***\nOn tree page {page} cell 0" in log.read_text(encoding="utf-8")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert digest(filled_journal) == before


def test_backup_refuses_a_journal_from_a_newer_version(kept_journal, capsys):
    with sqlite3.connect(kept_journal) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.close()
    before = digest(kept_journal)
    assert main(["backup", "--db", str(kept_journal)]) == 1
    assert "was written by a newer version of MasteryDesk" in one_sentence(capsys)
    assert digest(kept_journal) == before
    assert not any((kept_journal.parent / "backups").glob("*.sqlite"))


def run_with_umask_000(*args: str) -> subprocess.CompletedProcess:
    code = f"import os, sys; os.umask(0); from masterydesk.cli import main; sys.exit(main({list(args)!r}))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_under_umask_000_everything_written_is_the_owners_alone(kept_journal, tmp_path):
    report = tmp_path / "new" / "deeper" / "report.pdf"
    export = tmp_path / "made" / "for" / "export.json"
    for args in (("report", "--out", str(report)), ("export", str(export)), ("backup",)):
        result = run_with_umask_000(*args, "--db", str(kept_journal))
        assert result.returncode == 0, result.stderr
    for path in (report, export, *(kept_journal.parent / "backups").iterdir()):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in (report.parent, report.parent.parent, export.parent, export.parent.parent, kept_journal.parent / "backups"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_names_from_imported_files_cannot_drive_the_terminal(journal_path, tmp_path):
    card = tmp_path / "evil\x1b[2J\x1b]0;owned\x07.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve\r\nEND:VCARD\r\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "masterydesk", "import", str(card), "--db", str(journal_path)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Imported 1 contact" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\u001b[2J" in result.stdout


# --- the full disk: a report is written whole or not at all ------------------------------------


def fill_disk(folder: Path, leave: int) -> None:
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    (folder / "filler").write_bytes(b"\0" * max(0, free - leave))


def test_a_report_on_a_full_disk_is_one_sentence_and_keeps_the_previous_report(kept_journal, small_disk, capsys):
    report = small_disk / "report.pdf"
    assert main(["report", "--out", str(report), "--db", str(kept_journal)]) == 0
    previous = digest(report)
    fill_disk(small_disk, leave=8192)
    capsys.readouterr()

    assert main(["report", "--out", str(report), "--db", str(kept_journal), "--from", "2024-01-01"]) == 1

    assert one_sentence(capsys).startswith("No space left on device")
    assert digest(report) == previous
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "report.pdf"]


def test_a_new_journal_on_a_full_disk_is_one_sentence_and_leaves_nothing(small_disk, capsys):
    fill_disk(small_disk, leave=4096)
    journal = small_disk / "journal.sqlite"
    assert main(["import", str(ROOT / "tests/interchange/samples/Connections.csv"), "--db", str(journal)]) == 1
    assert one_sentence(capsys) == "journal.sqlite could not be created: the disk is full."
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


# --- 2. a journal another process is writing is never called damaged ---------------------------


def test_two_hundred_simultaneous_writer_pairs_never_see_a_healthy_journal_as_damaged(journal_path):
    open_journal(journal_path, create=True).close()
    times = 200
    writers = [
        subprocess.Popen([sys.executable, "-m", "tests.safety.open_and_write", str(journal_path), name, str(times)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        for name in ("a", "b")
    ]
    outputs = [writer.communicate(timeout=300) for writer in writers]
    for (out, err), writer in zip(outputs, writers):
        assert writer.returncode == 0, err
        assert [line for line in out.splitlines() if line.startswith("damaged")] == []
        assert out.splitlines()[-1] == "done 10000"  # every import of the pair was saved
    with sqlite3.connect(journal_path) as raw:
        assert raw.execute("SELECT count(*) FROM skills").fetchone() == (20_000,)
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    raw.close()


def test_a_command_leaves_the_collector_as_it_found_it(journal, journal_path):
    """The suite keeps the cyclic collector off, as the app does: a command run in the same process
    turned it on for good, and it then ran on worker threads, deleting Qt objects whose timers fired
    on freed memory (a crash several tests later)."""
    import gc

    journal.close()
    assert not gc.isenabled()
    assert main(["metrics", "--json", "--db", str(journal_path)]) == 0
    assert not gc.isenabled()

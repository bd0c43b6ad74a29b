"""Disk full, read-only journal or folder: the edit is refused in a sentence, the journal turns
read-only, and everything committed before is intact."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from masterydesk.domain import records as r
from masterydesk.domain.errors import JournalWriteFailed, ReadOnlyJournal
from masterydesk.services.editing import save_records
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from tests.safety.conftest import digest, skill_ids

ROOT = Path(__file__).parents[2]
DISK_FULL = "The disk is full; the change was not saved and the journal is now read-only."
CANNOT_WRITE = "The journal file or its folder cannot be written; the change was not saved and the journal is now read-only."


def big_skill(n: int) -> r.Skill:
    return r.Skill(id=f"big-{n}", name=f"Skill {n}", category=r.Category.TECHNICAL, description="notes " * 2000)


def save_until_refused(journal) -> tuple[list[str], JournalWriteFailed]:
    """Save 12 KB skills one by one until the disk refuses; return the saved ids and the refusal."""
    saved = []
    for n in range(10_000):
        try:
            save_records(journal, big_skill(n))
        except JournalWriteFailed as refusal:
            return saved, refusal
        saved.append(f"big-{n}")
    raise AssertionError("the disk never filled up")


def run(*command: str) -> bool:
    return subprocess.run(command, capture_output=True).returncode == 0


@pytest.fixture
def read_only_view(tmp_path):
    """A folder holding a journal, and a read-only bind mount of it (as root)."""
    folder, view = tmp_path / "writable", tmp_path / "read-only"
    folder.mkdir()
    view.mkdir()
    if not (run("mount", "--bind", str(folder), str(view))
            and run("mount", "-o", "remount,bind,ro", str(view))):
        run("umount", "-l", str(view))
        pytest.skip("cannot make a read-only bind mount here (needs root)")
    yield folder, view
    run("umount", "-l", str(view))


def test_a_journal_opened_read_only_cannot_be_written_even_by_sqlite(filled_journal):
    before = digest(filled_journal)
    journal = open_journal(filled_journal, read_only=True)
    try:
        with pytest.raises(ReadOnlyJournal, match="journal.sqlite is open read-only; the change was not saved."):
            save_records(journal, big_skill(1))
        assert len(export_bundle(journal).skills) == 40
        # Below the app's own check, the connection itself is read-only (mode=ro): root or not.
        with journal.engine.connect() as connection, pytest.raises(Exception, match="readonly database"):
            connection.exec_driver_sql("DELETE FROM applications")
    finally:
        journal.close()
    assert digest(filled_journal) == before


def test_disk_full_refuses_the_edit_and_turns_the_journal_read_only(small_disk):
    journal = open_journal(small_disk / "journal.sqlite", create=True)
    try:
        saved, refusal = save_until_refused(journal)
        assert str(refusal) == DISK_FULL
        assert journal.read_only
        with pytest.raises(ReadOnlyJournal, match=DISK_FULL):
            save_records(journal, big_skill(0))
        assert sorted(s.id for s in export_bundle(journal).skills) == sorted(saved)
    finally:
        journal.close()
    raw = sqlite3.connect(f"file:{small_disk / 'journal.sqlite'}?mode=ro", uri=True)
    assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert {row[0] for row in raw.execute("SELECT id FROM skills")} == set(saved)
    raw.close()


FILL_UNDER_A_FILE_SIZE_LIMIT = """
import json, resource, signal, sys
from masterydesk.store.database import open_journal
from tests.safety.test_disk_refusals import save_until_refused, big_skill
from masterydesk.domain.errors import ReadOnlyJournal
from masterydesk.services.editing import save_records

journal = open_journal(sys.argv[1])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
limit = 600_000
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
saved, refusal = save_until_refused(journal)
try:
    save_records(journal, big_skill(0))
except ReadOnlyJournal as again:
    print(json.dumps({"saved": saved, "refusal": str(refusal), "again": str(again), "read_only": journal.read_only}))
"""


def test_a_file_size_limit_refuses_the_edit_and_keeps_what_was_saved(journal_path):
    open_journal(journal_path, create=True).close()
    result = subprocess.run([sys.executable, "-c", FILL_UNDER_A_FILE_SIZE_LIMIT, str(journal_path)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["refusal"] == outcome["again"] == (
        "The disk reported an error while saving; the change was not saved and the journal is now read-only."
    )
    assert outcome["read_only"] and outcome["saved"]
    with sqlite3.connect(journal_path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    raw.close()
    assert skill_ids(journal_path) == set(outcome["saved"])


def test_a_read_only_folder_refuses_the_edit_and_the_journal_still_reads(read_only_view, filled_journal):
    folder, view = read_only_view
    (folder / "journal.sqlite").write_bytes(filled_journal.read_bytes())
    journal = open_journal(view / "journal.sqlite")
    try:
        with pytest.raises(JournalWriteFailed, match=CANNOT_WRITE):
            save_records(journal, big_skill(1))
        assert journal.read_only
        assert len(export_bundle(journal).skills) == 40
        with pytest.raises(ReadOnlyJournal, match=CANNOT_WRITE):
            save_records(journal, big_skill(2))
    finally:
        journal.close()
    assert sorted(p.name for p in folder.iterdir()) == ["journal.sqlite"]

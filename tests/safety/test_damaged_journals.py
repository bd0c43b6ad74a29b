"""A damaged or newer journal is refused with a sentence, left byte-for-byte as it was, and a backup is offered."""

import json
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from masterydesk.cli import main
from masterydesk.domain.errors import JournalRefused, ReadOnlyJournal
from masterydesk.services.backups import DAMAGED_SUFFIX, make_backup, newest_good_backup, restore_backup
from masterydesk.services.editing import save_records
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import backups_folder, open_journal
from tests.builders import skill
from tests.safety.conftest import digest, skill_ids

PAGE = 4096
NOT_SQLITE = (
    "journal.sqlite is not a MasteryDesk journal, or its first bytes are damaged: "
    "it does not start like a SQLite database."
)
CUT_SHORT = "journal.sqlite is damaged (it is cut short); it was left untouched."


def beside(path: Path) -> list[Path]:
    """What lies beside the journal, less the data folder the tests keep there (logs go in it)."""
    return sorted(p for p in path.parent.iterdir() if p.name != "home")


def empty(path):
    path.write_bytes(b"")


def text_file(path):
    path.write_text("Monday: practised SQL window functions for an hour.\n" * 200)


def truncated_at_a_page(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 // PAGE * PAGE])


def truncated_mid_page(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 123])


def garbage_header(path):
    data = bytearray(path.read_bytes())
    data[:100] = random.Random(7).randbytes(100)
    path.write_bytes(bytes(data))


def zeroed_page(path):
    data = bytearray(path.read_bytes())
    data[PAGE * 3: PAGE * 4] = bytes(PAGE)
    path.write_bytes(bytes(data))


def newer_version(path):
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
        raw.execute("PRAGMA user_version = 99")
    raw.close()


def version_mark_removed(path):
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version = 0")
    raw.close()


DAMAGES = [
    (empty, "journal.sqlite is empty, so it is not a MasteryDesk journal."),
    (text_file, NOT_SQLITE),
    (truncated_at_a_page, CUT_SHORT),
    (truncated_mid_page, CUT_SHORT),
    (garbage_header, NOT_SQLITE),
    (zeroed_page, "journal.sqlite is damaged ("),
    (newer_version, "journal.sqlite was written by a newer version of MasteryDesk; update the app to open it."),
    (version_mark_removed, "journal.sqlite is damaged (it carries no MasteryDesk version); it was left untouched."),
]


UNREADABLE = [(damage, sentence) for damage, sentence in DAMAGES if damage is not newer_version]


def ids(damages):
    return [damage.__name__ for damage, _ in damages]


@pytest.fixture(params=DAMAGES, ids=ids(DAMAGES))
def damaged(request, filled_journal):
    """The filled journal, backed up while sound, then damaged; with the sentence expected."""
    damage, sentence = request.param
    backup = make_backup(filled_journal, reason="daily")
    damage(filled_journal)
    return filled_journal, backup, sentence


@pytest.mark.parametrize("read_only", [False, True], ids=["read-write", "read-only"])
def test_a_damaged_journal_is_refused_untouched_with_nothing_created_beside_it(damaged, read_only):
    path, _backup, sentence = damaged
    before, listing = digest(path), beside(path)
    with pytest.raises(JournalRefused) as refused:
        open_journal(path, read_only=read_only)
    assert str(refused.value).startswith(sentence)
    assert digest(path) == before
    assert beside(path) == listing


def test_the_newest_good_backup_is_offered_and_restores_the_journal(damaged):
    path, backup, _sentence = damaged
    damaged_bytes = path.read_bytes()
    assert newest_good_backup(path) == backup
    kept = restore_backup(backup, path)
    assert kept.parent == backups_folder(path)
    journal = open_journal(path)
    journal.close()
    assert len(skill_ids(path)) == 40
    if kept.name.endswith(DAMAGED_SUFFIX):
        assert kept.read_bytes() == damaged_bytes  # what SQLite could not read is kept as it was


@pytest.mark.parametrize("damage", [damage for damage, _ in UNREADABLE], ids=ids(UNREADABLE))
def test_an_unreadable_journal_is_never_copied_as_a_good_backup(filled_journal, damage):
    backup = make_backup(filled_journal, reason="daily")
    damage(filled_journal)
    with pytest.raises(JournalRefused):
        make_backup(filled_journal)
    assert newest_good_backup(filled_journal) == backup


def test_damaged_backups_are_passed_over_for_an_older_good_one(filled_journal):
    good = make_backup(filled_journal, reason="daily")
    bad = make_backup(filled_journal, reason="manual")
    zeroed_page(bad)
    assert newest_good_backup(filled_journal) == good
    before = digest(filled_journal)
    with pytest.raises(JournalRefused, match="is damaged"):
        restore_backup(bad, filled_journal)
    assert digest(filled_journal) == before


def zero_a_page_of(path, table: str) -> None:
    with sqlite3.connect(path) as raw:
        [page] = raw.execute("SELECT max(pageno) FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,)).fetchone()
    raw.close()
    data = bytearray(path.read_bytes())
    data[PAGE * (page - 1): PAGE * page] = bytes(PAGE)
    path.write_bytes(bytes(data))


def test_a_damaged_journal_opens_read_only_to_show_what_is_intact(filled_journal):
    zero_a_page_of(filled_journal, "skills")
    before, listing = digest(filled_journal), beside(filled_journal)
    with pytest.raises(JournalRefused, match="journal.sqlite is damaged"):
        open_journal(filled_journal, read_only=True)
    journal = open_journal(filled_journal, read_only=True, even_if_damaged=True)
    try:
        with journal.reading() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM applications").scalar() == 40
        with pytest.raises(JournalRefused, match="^Part of journal.sqlite is damaged and cannot be read; a backup can bring it back.$"):
            export_bundle(journal)
        with pytest.raises(ReadOnlyJournal):
            save_records(journal, skill("new"))
    finally:
        journal.close()
    assert digest(filled_journal) == before
    assert beside(filled_journal) == listing


def test_a_file_that_is_not_a_journal_cannot_be_opened_even_read_only(tmp_path):
    path = tmp_path / "journal.sqlite"
    text_file(path)
    with pytest.raises(JournalRefused, match=NOT_SQLITE):
        open_journal(path, read_only=True, even_if_damaged=True)


@pytest.mark.parametrize("damage, sentence", DAMAGES, ids=ids(DAMAGES))
def test_the_metrics_command_refuses_a_damaged_journal_untouched(filled_journal, damage, sentence, capsys):
    damage(filled_journal)
    before, listing = digest(filled_journal), beside(filled_journal)
    assert main(["metrics", "--json", "--db", str(filled_journal)]) == 1
    assert capsys.readouterr().err.startswith(f"masterydesk: {sentence}")
    assert digest(filled_journal) == before
    assert beside(filled_journal) == listing


@pytest.mark.parametrize("table", ["skills", "applications"])
def test_the_metrics_command_checks_the_pages_of_the_tables_it_reads(filled_journal, table, capsys):
    zero_a_page_of(filled_journal, table)
    before = digest(filled_journal)
    assert main(["metrics", "--json", "--db", str(filled_journal)]) == 1
    assert capsys.readouterr().err.startswith("masterydesk: journal.sqlite is damaged (")
    assert digest(filled_journal) == before


OPEN_IN_A_FRESH_PROCESS = """
import json, sys
from masterydesk.services.journals import open_for_app
opening = open_for_app(sys.argv[1])
print(json.dumps([opening.outcome.value, opening.sentence, "masterydesk.store.database" in sys.modules]))
"""


@pytest.mark.parametrize(("damage", "sentence"), DAMAGES + [(None, None)], ids=ids(DAMAGES) + ["sound"])
def test_the_app_checks_the_pages_beside_the_import_and_refuses_alike(filled_journal, damage, sentence):
    """In a fresh process the app checks a journal's pages on a thread while SQLAlchemy loads: the same
    outcome and sentence as the check in line, and the file untouched."""
    if damage is not None:
        damage(filled_journal)
    before = digest(filled_journal)
    result = subprocess.run([sys.executable, "-c", OPEN_IN_A_FRESH_PROCESS, str(filled_journal)],
                            capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2])
    outcome, said, imported = json.loads(result.stdout.strip().splitlines()[-1])
    assert imported  # SQLAlchemy's side of the journal was loaded meanwhile
    if damage is None:
        assert outcome == "opened"
        return
    assert outcome in ("damaged", "too new", "refused") and said.startswith(sentence)
    assert digest(filled_journal) == before

"""`masterydesk import` of an export where there is no journal yet: the journal is built beside its
place and renamed into it, all of it or nothing."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.generate import generate_document
from masterydesk.domain.errors import InvalidRecord
from masterydesk.interchange.importers import import_file, import_new_journal
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from tests.interchange.helpers import run_cli

SCALE = 0.02  # 800 journal entries: the bulk writes (search indexes rebuilt once) are taken


def _export(folder: Path, document: dict) -> Path:
    path = folder / "export.json"
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    return path


def _query(path: Path, sql: str, *parameters) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, parameters).fetchall()
    finally:
        connection.close()


def _records(path: Path):
    journal = open_journal(path)  # every opening check passes
    try:
        return export_bundle(journal)
    finally:
        journal.close()


SCHEMA = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"


def test_a_new_journal_holds_what_an_import_into_an_empty_one_holds(tmp_path):
    export = _export(tmp_path, generate_document(scale=SCALE))
    made, filled = tmp_path / "made.sqlite", tmp_path / "filled.sqlite"
    summary = import_new_journal(made, export)
    journal = open_journal(filled, create=True)
    try:
        assert summary == import_file(journal, export)
    finally:
        journal.close()
    assert summary.startswith("Imported ") and summary.endswith(" new).")
    assert _records(made) == _records(filled)
    assert _query(made, SCHEMA) == _query(filled, SCHEMA)
    word = _query(made, "SELECT text FROM journal_entries LIMIT 1")[0][0].split()[0].strip(".,")
    for index in ("journal_fts", "timeline_fts"):
        search = f"SELECT rowid FROM {index} WHERE {index} MATCH ? ORDER BY rowid"
        assert _query(made, search, word) == _query(filled, search, word) != []
    assert _query(made, "PRAGMA journal_mode") == [("wal",)]
    assert _query(made, "PRAGMA foreign_key_check") == []
    assert _query(made, "PRAGMA integrity_check") == [("ok",)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "export.json", "filled.sqlite", "made.sqlite"]


def test_a_refused_export_makes_no_journal_and_leaves_nothing_beside_it(tmp_path):
    document = generate_document(scale=SCALE)
    document["applications"][-1]["skill_id"] = "no-such-skill"
    export = _export(tmp_path, document)
    with pytest.raises(InvalidRecord, match="no skills record has the id 'no-such-skill'"):
        import_new_journal(tmp_path / "journal.sqlite", export)
    assert [p.name for p in tmp_path.iterdir()] == ["export.json"]


def _break_text(document: dict) -> None:
    document["journal"][5]["text"] = None  # read as a record; building it meets SQLite's NOT NULL


def _break_requirement(document: dict) -> None:
    document["roles"][0]["requirements"] = [{"tier": "applied"}]  # no record can be read from it


@pytest.mark.parametrize("damage", [_break_text, _break_requirement])
def test_a_record_of_the_wrong_form_is_named_as_an_import_into_a_journal_names_it(tmp_path, damage):
    document = generate_document(scale=SCALE)
    damage(document)
    export = _export(tmp_path, document)
    journal = open_journal(tmp_path / "existing.sqlite", create=True)
    try:
        with pytest.raises(Exception) as into_journal:
            import_file(journal, export)
    finally:
        journal.close()
    with pytest.raises(type(into_journal.value)) as as_new:
        import_new_journal(tmp_path / "journal.sqlite", export)
    assert str(as_new.value) == str(into_journal.value) != ""
    assert "roles" in str(as_new.value) or "journal" in str(as_new.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.sqlite", "export.json"]


def test_a_journal_that_exists_or_another_kind_of_file_takes_the_import_into_the_journal(tmp_path):
    export = _export(tmp_path, generate_document(scale=SCALE))
    target = tmp_path / "journal.sqlite"
    target.write_bytes(b"")
    assert import_new_journal(target, export) is None
    notes = tmp_path / "notes.vcf"
    notes.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEND:VCARD\n", "utf-8")
    assert import_new_journal(tmp_path / "other.sqlite", notes) is None
    assert not (tmp_path / "other.sqlite").exists()


def test_what_a_crashed_import_left_beside_the_journal_is_replaced(tmp_path):
    export = _export(tmp_path, generate_document(scale=SCALE))
    target = tmp_path / "journal.sqlite"
    (tmp_path / ".journal.sqlite.importing").write_bytes(b"half a journal")
    result = run_cli("import", str(export), "--db", str(target))
    assert result.returncode == 0, result.stderr
    assert len(_records(target).journal) == 800
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json", "journal.sqlite"]


def test_an_import_killed_while_it_writes_leaves_no_journal_or_a_whole_one(tmp_path):
    export = _export(tmp_path, generate_document(scale=0.1))
    target, partial = tmp_path / "journal.sqlite", tmp_path / ".journal.sqlite.importing"
    command = [sys.executable, "-m", "masterydesk", "import", str(export), "--db", str(target)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not partial.exists() and process.poll() is None:
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    if target.exists():  # it finished before the kill
        assert len(_records(target).journal) == 4000
    result = run_cli("import", str(export), "--db", str(target))
    assert result.returncode == 0, result.stderr
    assert len(_records(target).journal) == 4000
    assert not partial.exists()

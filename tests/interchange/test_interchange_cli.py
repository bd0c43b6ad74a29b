"""`masterydesk import` and `masterydesk export` as a user runs them: exit codes, one-sentence messages."""

from __future__ import annotations

import csv
import json

import pytest

from masterydesk.store.database import open_journal
from tests.interchange.helpers import SAMPLES, file_digest, is_one_sentence, run_cli, snapshot


def test_importing_every_sample_then_exporting_every_format(tmp_path):
    db = str(tmp_path / "journal.sqlite")
    expected = {
        "Skills.csv": "Imported 7 skills from Skills.csv (7 new, 1 skipped).",
        "Connections.csv": "Imported 5 contacts from Connections.csv (5 new, 1 skipped).",
        "contacts-v3.vcf": "Imported 2 contacts from contacts-v3.vcf (1 new, 1 merged, 1 unchanged).",
        "jrnl.json": "Imported 6 journal entries from jrnl.json (6 new).",
    }
    for name, summary in expected.items():
        result = run_cli("import", str(SAMPLES / name), "--db", db)
        assert (result.returncode, result.stdout.strip(), result.stderr) == (0, summary, "")
    for form, out in [("csv", "csv"), ("csv", "all.zip"), ("markdown", "notes"), ("ics", "plan.ics"), ("jsonresume", "resume.json")]:
        result = run_cli("export", str(tmp_path / out), "--format", form, "--db", db)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"Exported to {tmp_path / out}."
    with (tmp_path / "csv" / "contacts.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.reader(handle))) == 1 + 6
    assert len(list((tmp_path / "notes").iterdir())) == 5  # the private entry stays home
    # Only the skills the journal entries started are on a résumé; the imported list alone starts none.
    assert [s["name"] for s in json.loads((tmp_path / "resume.json").read_text("utf-8"))["skills"]] == ["Public Speaking", "Python", "SQL"]


def test_new_vcard_contacts_are_peers_and_linkedin_ones_industry(tmp_path):
    db = tmp_path / "journal.sqlite"
    run_cli("import", str(SAMPLES / "contacts-v4.vcf"), "--db", str(db))
    run_cli("import", str(SAMPLES / "Connections.csv"), "--db", str(db))
    journal = open_journal(db)
    try:
        relationships = {c.name: str(c.relationship) for c in snapshot(journal).contacts}
    finally:
        journal.close()
    assert relationships["Hiroshi Tanaka"] == "peer"
    assert relationships["Sofia Lindqvist"] == "peer"  # merged into the vCard's contact: kept
    assert relationships["Amara Okafor"] == "industry"


@pytest.mark.parametrize("content, message", [
    (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\n", "masterydesk: The card that starts on line 1 has no END:VCARD; the file may be cut short."),
    (b"hello", "masterydesk: broken.txt is not a file MasteryDesk can import; it imports a MasteryDesk JSON export, "
               "a jrnl JSON export, a vCard file (.vcf), a contacts CSV (LinkedIn's Connections.csv, Outlook) or LinkedIn's Skills.csv."),
    (b'{"entries": [{"title": "x", "date": "yesterday"}]}', "masterydesk: Entry 1: the date 'yesterday' is not a date like 2024-03-31."),
])
def test_a_refused_import_exits_1_with_one_sentence_and_changes_nothing(tmp_path, content, message):
    db = tmp_path / "journal.sqlite"
    assert run_cli("import", str(SAMPLES / "Skills.csv"), "--db", str(db)).returncode == 0
    before = file_digest(db)
    path = tmp_path / "broken.txt"
    path.write_bytes(content)
    result = run_cli("import", str(path), "--db", str(db))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.strip() == message and is_one_sentence(result.stderr)
    assert file_digest(db) == before


def test_an_export_over_a_file_exits_1_with_one_sentence(tmp_path):
    db = tmp_path / "journal.sqlite"
    run_cli("import", str(SAMPLES / "Skills.csv"), "--db", str(db))
    (tmp_path / "taken").write_text("mine", encoding="utf-8")
    result = run_cli("export", str(tmp_path / "taken"), "--format", "markdown", "--db", str(db))
    assert result.returncode == 1
    assert is_one_sentence(result.stderr) and "is a file; give the name of a folder" in result.stderr

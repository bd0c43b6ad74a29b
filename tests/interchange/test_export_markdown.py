"""Markdown export: a note per entry with front matter that parses back, safe names, private entries kept in."""

from __future__ import annotations

import datetime as dt
import json
import stat

import pytest

from masterydesk.domain.records import EntryKind, JournalEntry
from masterydesk.interchange.exporters import export_journal
from masterydesk.interchange.markdown_export import yaml_string
from masterydesk.services.editing import save_records
from tests.builders import fill, skill

D = dt.date


def entry(eid: str, day: dt.date, text: str, **kw) -> JournalEntry:
    return JournalEntry(eid, day, kw.pop("kind", EntryKind.PRACTICE), text, **kw)


def parse_note(text: str) -> tuple[dict, str]:
    """Front matter and body. Each value is parsed as JSON, a subset of YAML, and dates as dates."""
    assert text.startswith("---\n")
    block, body = text[4:].split("\n---\n", 1)
    matter = {}
    for line in block.split("\n"):
        key, value = line.split(": ", 1)
        try:
            matter[key] = dt.date.fromisoformat(value)
        except ValueError:
            matter[key] = json.loads(value) if value[:1] in '"[' or value in ("true", "false") or value.isdigit() else value
    return matter, body


@pytest.fixture
def notes_journal(journal):
    fill(
        journal,
        skills=[skill("py", name="Python"), skill("talk", name='Public "Speaking": basics')],
        journal=[
            entry("e1", D(2024, 3, 4), "Refactored the job.\nTests went from 4 to 31.", minutes=45, skill_ids=("py", "talk")),
            entry("e2", D(2024, 3, 5), "../../etc/passwd: a *strange* title? <b>#1</b> | [[link]]", kind=EntryKind.LEARNING),
            entry("e3", D(2024, 3, 5), "../../etc/passwd: a *strange* title? <b>#1</b> | [[link]]"),
            entry("e4", D(2024, 3, 6), "SECRET: why I avoid reviews", kind=EntryKind.REFLECTION, private=True),
            entry("e5", D(2024, 3, 7), "\n\n   \n"),
        ],
    )
    return journal


def notes(folder) -> dict:
    """id -> (file name, front matter, body) for every note in the folder."""
    found = {}
    for path in folder.iterdir():
        matter, body = parse_note(path.read_text("utf-8"))
        found[matter["id"]] = (path.name, matter, body)
    return found


def test_front_matter_parses_back(notes_journal, tmp_path):
    found = notes(export_journal(notes_journal, tmp_path / "notes", "markdown"))
    name, matter, body = found["e1"]
    assert name == "2024-03-04 Refactored the job.md"
    assert matter == {
        "id": "e1", "date": D(2024, 3, 4), "kind": "practice", "minutes": 45,
        "skills": ["Python", 'Public "Speaking": basics'], "private": False, "source": "MasteryDesk",
    }
    assert body == "\nRefactored the job.\nTests went from 4 to 31.\n"


def test_file_names_are_safe_and_unique(notes_journal, tmp_path):
    folder = export_journal(notes_journal, tmp_path / "notes", "markdown")
    found = notes(folder)
    assert found["e2"][0] == "2024-03-05 etc passwd a strange title b 1 b link.md"
    assert found["e3"][0] == "2024-03-05 etc passwd a strange title b 1 b link 2.md"
    assert found["e5"][0] == "2024-03-07 practice.md"
    assert all(path.parent == folder for path in folder.rglob("*"))
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o600}


def test_private_entries_only_when_asked(notes_journal, tmp_path):
    shared = notes(export_journal(notes_journal, tmp_path / "shared", "markdown"))
    assert sorted(shared) == ["e1", "e2", "e3", "e5"]
    own = notes(export_journal(notes_journal, tmp_path / "own", "markdown", include_private=True))
    assert own["e4"][1]["private"] is True and "SECRET" in own["e4"][2]


def test_exporting_again_removes_our_stale_notes_and_keeps_the_users_own(notes_journal, tmp_path):
    folder = export_journal(notes_journal, tmp_path / "vault", "markdown", include_private=True)
    (folder / "my own note.md").write_text("---\ntags: [mine]\n---\nsource: MasteryDesk\n", encoding="utf-8")
    save_records(notes_journal, entry("e1", D(2024, 3, 4), "Renamed entry", minutes=45))
    export_journal(notes_journal, folder, "markdown")
    names = sorted(p.name for p in folder.iterdir())
    assert "my own note.md" in names
    assert "2024-03-04 Renamed entry.md" in names and "2024-03-04 Refactored the job.md" not in names
    assert not any("SECRET" in p.read_text("utf-8") for p in folder.iterdir())


@pytest.mark.parametrize("value", ['He said "no": fine', "back\\slash", "tab\there", "line\nbreak", "\u2028\x85\x7f", "日本語 🚀"])
def test_yaml_strings_hold_any_text(value):
    quoted = yaml_string(value)
    assert json.loads(quoted) == value
    assert all(ch >= " " and ch not in "\x7f\x85\u2028" for ch in quoted)


def test_one_note_per_month_holds_each_entry_under_its_heading(notes_journal, tmp_path):
    save_records(notes_journal, entry("e6", D(2024, 4, 1), "April starts with a talk.", skill_ids=("talk",)))
    folder = export_journal(notes_journal, tmp_path / "months", "markdown-months")
    assert sorted(p.name for p in folder.iterdir()) == ["2024-03.md", "2024-04.md"]
    matter, body = parse_note((folder / "2024-03.md").read_text("utf-8"))
    assert matter == {"month": "2024-03", "entries": 4, "minutes": 45, "skills": ['Public "Speaking": basics', "Python"],
                      "source": "MasteryDesk"}  # skills in alphabetical order
    headings = [line for line in body.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 2024-03-04 · practice · 45 min · Python, Public \"Speaking\": basics",
        "## 2024-03-05 · learning · 0 min",
        "## 2024-03-05 · practice · 0 min",
        "## 2024-03-07 · practice · 0 min",
    ]
    assert "Tests went from 4 to 31." in body and "SECRET" not in body


def test_month_notes_take_private_entries_only_when_asked_and_replace_stale_months(notes_journal, tmp_path):
    folder = tmp_path / "months"
    folder.mkdir()
    (folder / "2023-01.md").write_text("---\nmonth: \"2023-01\"\nsource: MasteryDesk\n---\n\nold\n", "utf-8")
    (folder / "my own.md").write_text("# mine\n", "utf-8")
    export_journal(notes_journal, folder, "markdown-months", include_private=True)
    assert sorted(p.name for p in folder.iterdir()) == ["2024-03.md", "my own.md"]
    assert "## 2024-03-06 · reflection · 0 min · private\n\nSECRET: why I avoid reviews" in (folder / "2024-03.md").read_text("utf-8")

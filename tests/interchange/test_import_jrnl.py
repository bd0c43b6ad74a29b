"""jrnl import: entries with their kind from tags, skills linked by tag, never duplicated on a second import."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.records import Bundle, EntryKind
from masterydesk.interchange.importers import apply_plan, import_file, plan_import
from masterydesk.interchange.preview import RowAction
from masterydesk.services.transfer import import_bundle
from masterydesk.store.database import open_journal
from tests.builders import fill, skill
from tests.interchange.helpers import file_digest, sample, snapshot


@pytest.fixture
def skills(journal):
    return fill(journal, skills=[
        skill("python", name="Python"),
        skill("sql", name="SQL"),
        skill("speaking", name="Public Speaking"),
    ]).skills


def entries_by_date(journal) -> dict:
    return {str(e.date): e for e in snapshot(journal).journal}


def write_jrnl(tmp_path, entries: list) -> object:
    path = tmp_path / "journal.json"
    path.write_text(json.dumps({"tags": {}, "entries": entries}), encoding="utf-8")
    return path


def test_the_sample_becomes_entries_with_kinds_skills_and_privacy(journal, tmp_path, skills):
    summary = import_file(journal, sample("jrnl.json", tmp_path))
    assert summary == "Imported 6 journal entries from jrnl.json (6 new)."
    entries = entries_by_date(journal)
    first = entries["2024-03-04"]
    assert first.text == (
        "Refactored the ingestion job into small functions.\n\n"
        "Paired with Amara on the tricky part. @python @practice\nTests went from 4 to 31."
    )
    assert (first.kind, first.skill_ids, first.private) == (EntryKind.PRACTICE, ("python",), False)
    assert (entries["2024-03-06"].kind, entries["2024-03-06"].skill_ids) == (EntryKind.LEARNING, ("sql",))
    assert entries["2024-03-12"].skill_ids == ("speaking", "sql")  # @public-speaking, @SQL
    assert (entries["2024-03-15"].kind, entries["2024-03-15"].private) == (EntryKind.REFLECTION, True)
    assert entries["2024-03-16"].text == "Weekend: nothing technical, long walk."
    assert entries["2024-03-18"].skill_ids == ()  # @python_tips is not Python
    assert "🚀" in entries["2024-03-18"].text


def test_the_preview_says_what_each_entry_becomes(journal, tmp_path, skills):
    plan = plan_import(journal, sample("jrnl.json", tmp_path))
    assert (plan.kind, plan.label) == ("jrnl", "a jrnl JSON export")
    assert [row.detail for row in plan.rows[:4]] == [
        "as practice; linked to Python",
        "as learning; linked to SQL",
        "as practice; linked to Public Speaking, SQL",
        "as reflection, private",
    ]
    changes = apply_plan(journal, plan)
    assert changes.affects("journal") and not changes.affects("contacts")


def test_a_second_import_leaves_entries_alone_even_after_they_were_edited(journal, tmp_path, skills):
    path = sample("jrnl.json", tmp_path)
    import_file(journal, path)
    edited = entries_by_date(journal)["2024-03-04"]
    import_bundle(journal, Bundle(journal=(replace(edited, minutes=50),)))
    before = snapshot(journal)
    assert import_file(journal, path) == "Nothing to import from jrnl.json (6 unchanged)."
    assert snapshot(journal) == before


def test_empty_and_repeated_entries_are_skipped(journal, tmp_path):
    entry = {"title": "Same", "body": "", "date": "2024-01-02", "time": "09:00", "tags": []}
    path = write_jrnl(tmp_path, [entry, dict(entry), {"title": "", "body": " ", "date": "2024-01-03"}])
    plan = plan_import(journal, path)
    assert [(row.action, row.detail) for row in plan.rows] == [
        (RowAction.ADD, "as reflection"),
        (RowAction.SKIP, "the same as entry 1"),
        (RowAction.SKIP, "the entry is empty"),
    ]


@pytest.mark.parametrize("entry, message", [
    ({"title": "x", "date": "2024-02-30"}, "Entry 3: the date '2024-02-30' is not a real date."),
    ({"title": "x", "date": "12/03/2024"}, "Entry 3: the date '12/03/2024' is not a date like 2024-03-31."),
    ({"title": "x"}, "Entry 3: the date 'None' is not a date like 2024-03-31."),
    ({"title": 5, "date": "2024-01-01"}, "Entry 3: the title is not text."),
    ({"title": "x", "date": "2024-01-01", "tags": "@python"}, "Entry 3: the tags are not a list of text."),
    (["not", "an", "object"], "Entry 3 is not a jrnl entry"),
    ({"title": "x" * 100_001, "date": "2024-01-01"}, "Entry 3: the text is longer than 100,000 characters."),
])
def test_a_bad_entry_refuses_the_whole_file(journal, journal_path, tmp_path, entry, message):
    good = {"title": "Good", "body": "entry", "date": "2024-01-01", "time": "10:00", "tags": []}
    path = write_jrnl(tmp_path, [good, dict(good, title="Also good"), entry])
    before = file_digest(journal_path)
    with pytest.raises(MasteryDeskError, match=message.replace("(", r"\(")):
        import_file(journal, path)
    assert file_digest(journal_path) == before
    assert snapshot(journal).journal == ()


def test_invalid_json_names_the_line(journal, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"entries": [\n{"title": "x",\n "date": }\n]}', encoding="utf-8")
    with pytest.raises(MasteryDeskError, match=r"broken.json is not valid JSON \(line 3, column 10: Expecting value\)."):
        import_file(journal, path)


def test_the_sample_round_trips_through_the_portable_format(journal, tmp_path, skills):
    import_file(journal, sample("jrnl.json", tmp_path))
    copy = open_journal(tmp_path / "copy.sqlite", create=True)
    try:
        import_bundle(copy, snapshot(journal))
        assert snapshot(copy) == snapshot(journal)
    finally:
        copy.close()

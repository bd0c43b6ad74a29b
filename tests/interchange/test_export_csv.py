"""CSV export: a file per collection, every field quoted, formulas neutralised, private entries left out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import stat
import zipfile

import pytest

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.records import EntryKind, Idea, Interaction, InteractionKind, JournalEntry, Requirement, Role, Tier
from masterydesk.interchange.exporters import export_journal
from tests.builders import contact, fill, skill

# (what the user typed, what the spreadsheet cell must hold)
TRICKY = [
    ("=1+1", "'=1+1"),
    ("+x", "'+x"),
    ("-x", "'-x"),
    ("@x", "'@x"),
    ("\tTab", "'\tTab"),
    ("\rCR", "'\rCR"),
    ('say "hi"', 'say "hi"'),
    ("line one\nline two", "line one\nline two"),
    ("naïve – 日本語 🚀", "naïve – 日本語 🚀"),
    ("a;b,c", "a;b,c"),
    ('=HYPERLINK("http://example.com","x")', '\'=HYPERLINK("http://example.com","x")'),
    ("1+1=2", "1+1=2"),
]
TABLES = [
    "skills", "projects", "contacts", "communities", "journal", "applications", "teaching",
    "interactions", "roles", "checkins", "ideas", "role_requirements",
]


@pytest.fixture
def tricky_journal(journal):
    fill(
        journal,
        skills=[skill(f"s{i:02}", name=typed) for i, (typed, _) in enumerate(TRICKY)],
        contacts=[contact("c1", name="Ada", notes="=cmd|' /C calc'!A0", skill_ids=("s00", "s01"))],
        journal=[
            JournalEntry("e1", dt.date(2024, 3, 1), EntryKind.PRACTICE, "-2+3 drills", 30, ("s00",)),
            JournalEntry("e2", dt.date(2024, 3, 2), EntryKind.REFLECTION, "SECRET doubts", 10, (), private=True),
        ],
        interactions=[Interaction("i1", dt.date(2024, 3, 3), InteractionKind.MEETING, "c1", ideas=(Idea("@mention idea", dt.date(2024, 4, 1)),))],
        roles=[Role("r1", "Staff Engineer", requirements=(Requirement("s00", Tier.APPLIED, 2.0),))],
    )
    return journal


def read_table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def read_csv_file(path) -> list[list[str]]:
    """The rows of a CSV file read as a spreadsheet tool would: no newline translation."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def quoted_exactly(text: str) -> str:
    """The text written again with every field quoted: equal to the text when the file quotes them all."""
    out = io.StringIO(newline="")
    csv.writer(out, quoting=csv.QUOTE_ALL).writerows(read_table(text))
    return out.getvalue()


def test_every_tricky_value_reads_back_as_plain_text(tricky_journal, tmp_path):
    folder = export_journal(tricky_journal, tmp_path / "out", "csv")
    rows = read_csv_file(folder / "skills.csv")
    assert rows[0] == ["id", "name", "category", "description", "learned_on", "prerequisites", "archived"]
    assert [row[1] for row in rows[1:]] == [cell for _, cell in TRICKY]
    contacts = read_csv_file(folder / "contacts.csv")
    assert contacts[1][contacts[0].index("notes")] == "'=cmd|' /C calc'!A0"
    assert contacts[1][contacts[0].index("skill_ids")] == "s00;s01"
    journal_rows = read_csv_file(folder / "journal.csv")
    assert journal_rows[1][journal_rows[0].index("text")] == "'-2+3 drills"
    assert read_csv_file(folder / "ideas.csv") == [
        ["interaction_id", "text", "applied_on"], ["i1", "'@mention idea", "2024-04-01"],
    ]
    assert read_csv_file(folder / "role_requirements.csv")[1] == ["r1", "s00", "applied", "2.0"]


def test_every_field_of_every_file_is_quoted_and_utf8(tricky_journal, tmp_path):
    folder = export_journal(tricky_journal, tmp_path / "out", "csv")
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{name}.csv" for name in TABLES)
    for path in folder.iterdir():
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # so Excel reads it as UTF-8
        text = raw.decode("utf-8-sig")
        assert text == quoted_exactly(text), path.name


def test_private_entries_are_left_out_unless_asked(tricky_journal, tmp_path):
    shared = export_journal(tricky_journal, tmp_path / "shared", "csv")
    assert all("SECRET" not in p.read_text("utf-8-sig") for p in shared.iterdir())
    assert [row[0] for row in read_csv_file(shared / "journal.csv")] == ["id", "e1"]
    own = export_journal(tricky_journal, tmp_path / "own", "csv", include_private=True)
    assert "SECRET doubts" in (own / "journal.csv").read_text("utf-8-sig")


def test_a_zip_holds_the_same_files(tricky_journal, tmp_path):
    folder = export_journal(tricky_journal, tmp_path / "out", "csv")
    archive_path = export_journal(tricky_journal, tmp_path / "out.zip", "csv")
    with zipfile.ZipFile(archive_path) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == [f"{name}.csv" for name in TABLES]
        for name in archive.namelist():
            assert archive.read(name) == (folder / name).read_bytes()
            assert stat.S_IMODE(archive.getinfo(name).external_attr >> 16) == 0o600


def test_files_are_private_and_nothing_temporary_is_left(tricky_journal, tmp_path):
    folder = export_journal(tricky_journal, tmp_path / "out", "csv")
    export_journal(tricky_journal, tmp_path / "out", "csv")  # again, over the first export
    archive = export_journal(tricky_journal, tmp_path / "out.zip", "csv")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in [*folder.iterdir(), archive]} == {0o600}
    assert len(list(folder.iterdir())) == len(TABLES)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_file_where_the_folder_should_be_is_refused(journal, tmp_path):
    (tmp_path / "out").write_text("mine", encoding="utf-8")
    with pytest.raises(MasteryDeskError, match="is a file; give the name of a folder to export into."):
        export_journal(journal, tmp_path / "out", "csv")
    assert (tmp_path / "out").read_text(encoding="utf-8") == "mine"

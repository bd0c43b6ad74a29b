"""Files made to break the importers and the CSV export: odd charsets, NUL, NaN, huge files, FIFOs,
a full disk and formulas in disguise are each one sentence, never a traceback, a hang or half a result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masterydesk.domain.errors import InvalidRecord, MasteryDeskError
from masterydesk.domain.records import Bundle
from masterydesk.interchange import portable
from masterydesk.interchange.csv_export import export_csv
from masterydesk.interchange.exporters import export_journal
from masterydesk.interchange.importers import import_file
from masterydesk.interchange.sources import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_RECORDS,
    MAX_PORTABLE_BYTES,
    MAX_PORTABLE_RECORDS,
)
from tests.builders import contact, fill, read_file, skill
from tests.interchange.helpers import file_digest, is_one_sentence, snapshot

ROOT = Path(__file__).parents[2]


def assert_refused(journal, journal_path: Path, path: Path, message: str) -> MasteryDeskError:
    """Import path: the sentence the user reads matches message, and the journal shows the same
    records as before, its file byte for byte the same."""
    before, records = file_digest(journal_path), snapshot(journal)
    with pytest.raises(MasteryDeskError, match=message) as caught:
        import_file(journal, path)
    assert is_one_sentence(str(caught.value)), str(caught.value)
    assert snapshot(journal) == records
    assert file_digest(journal_path) == before
    return caught.value


@pytest.fixture
def kept(journal):
    """The journal with one contact in it, so that an unchanged journal is not just an empty one."""
    fill(journal, contacts=[contact("kept")])
    return journal


# --- vCard: character sets and NUL ----------------------------------------------------------------


def write_card(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "cards.vcf"
    text = "\r\n".join(["BEGIN:VCARD", "VERSION:2.1", *lines, "END:VCARD", ""])
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize("charset", ["idna", "punycode", "undefined", "IDNA", "rot13", "base64", "zlib"])
def test_a_charset_that_is_no_text_encoding_is_refused_naming_the_line(kept, journal_path, tmp_path, charset):
    path = write_card(tmp_path, "FN:Ada", f"NOTE;CHARSET={charset};ENCODING=QUOTED-PRINTABLE:caf=E9 xn--=FF-")
    assert_refused(kept, journal_path, path, r"^Line 4 names the character set '.*', which is not one MasteryDesk can read\.$")


@pytest.mark.parametrize("charset", ["x-no-such-charset", ""])
def test_a_charset_python_does_not_know_is_read_as_utf8(journal, tmp_path, charset):
    # Most vCards are UTF-8 whatever their label says; refusing a whole address book for an
    # unknown label would help no one.
    import_file(journal, write_card(tmp_path, f"FN;CHARSET={charset};ENCODING=QUOTED-PRINTABLE:Ren=C3=A9e"))
    assert [c.name for c in snapshot(journal).contacts] == ["Renée"]


def test_a_real_charset_still_decodes(journal, tmp_path):
    import_file(journal, write_card(tmp_path, "FN;CHARSET=windows-1252;ENCODING=QUOTED-PRINTABLE:Ren=E9e =80"))
    assert [c.name for c in snapshot(journal).contacts] == ["Renée €"]


@pytest.mark.parametrize(
    "lines",
    [["FN:Ada\x00Lovelace"], ["FN:Ada", "NOTE;CHARSET=utf\x00-8;ENCODING=QUOTED-PRINTABLE:x"], ["FN:Ada", "NOTE:one", " two\x00"]],
    ids=["in a value", "in a charset", "in a folded line"],
)
def test_a_nul_character_is_refused_naming_its_line(kept, journal_path, tmp_path, lines):
    path = write_card(tmp_path, *lines)
    number = 3 + next(i for i, line in enumerate(lines) if "\x00" in line)
    assert_refused(kept, journal_path, path, rf"^Line {number} holds a NUL character, which no vCard can hold\.$")


# --- the portable JSON format: NaN, Infinity, size and record caps ---------------------------------


def document(**collections) -> dict:
    """A portable document holding the given collections (as JSON objects), the others empty."""
    doc = {"format": "masterydesk", "version": 1, "exported_at": "2024-01-01T00:00:00+00:00"}
    return doc | {name: collections.get(name, []) for name in portable.RECORD_TYPES}


def role_with_weight(spelling: str) -> str:
    """A document text whose role requirement's weight is spelt as given (json.dumps cannot spell 1e999)."""
    doc = document(
        skills=[{"id": "s1", "name": "Python", "category": "technical"}],
        roles=[{"id": "r1", "title": "Staff", "requirements": [{"skill_id": "s1", "tier": "applied", "weight": 424242}]}],
    )
    return json.dumps(doc).replace("424242", spelling)


@pytest.mark.parametrize("spelling", ["NaN", "Infinity", "-Infinity", "1e999", "-1E400"])
def test_a_number_that_is_not_finite_is_refused_naming_the_record_and_field(kept, journal_path, tmp_path, spelling):
    path = tmp_path / "export.json"
    path.write_text(role_with_weight(spelling), encoding="utf-8")
    error = assert_refused(kept, journal_path, path, "is not a number MasteryDesk can store")
    assert isinstance(error, InvalidRecord)
    assert str(error) == f"In roles record 'r1', field 'requirements.0.weight': '{spelling}' is not a number MasteryDesk can store."


def test_nan_outside_any_record_is_refused_too(kept, journal_path, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document()).replace('"version": 1', '"version": NaN'), encoding="utf-8")
    assert_refused(kept, journal_path, path, r"^The document is not valid: version is 'NaN', which is not a number MasteryDesk can store\.$")


def test_a_field_name_with_a_line_break_is_named_on_one_line(kept, journal_path, tmp_path):
    # Found by the fuzz test: a key "\n" holding Infinity made a refusal of two lines.
    path = tmp_path / "export.json"
    text = json.dumps(document()).replace('"skills": []', '"skills": [{"\\n": Infinity}]')
    assert '"\\n": Infinity' in text
    path.write_text(text, encoding="utf-8")
    assert_refused(kept, journal_path, path, r"^In skills record '#1', field ' ': 'Infinity' is not a number")


def test_a_jrnl_entry_with_a_lone_surrogate_is_refused_naming_where(kept, journal_path, tmp_path):
    # Found by the fuzz test: "\ud800" as an entry's time gave a UnicodeEncodeError traceback.
    path = tmp_path / "jrnl.json"
    entry = {"title": "Talk", "body": "Fine after a minute \U0001F680", "date": "2024-03-12", "time": "\ud800",
             "tags": [], "starred": False}
    path.write_text(json.dumps({"tags": {}, "entries": [entry]}), encoding="utf-8")
    assert r"\ud800" in path.read_text() and r"\ud83d\ude80" in path.read_text()  # escaped, as JSON writers do
    assert_refused(kept, journal_path, path, r"^jrnl\.json is not valid text: entry 1 \(time\) holds a lone surrogate")
    path.write_text(json.dumps({"tags": {}, "entries": [{**entry, "time": "12:45"}]}), encoding="utf-8")
    import_file(kept, path)  # a surrogate pair (the emoji) is valid text
    assert [e.text for e in snapshot(kept).journal][0].endswith("\U0001F680")


def test_a_finite_weight_still_imports(journal, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(role_with_weight("2.5"), encoding="utf-8")
    import_file(journal, path)
    assert snapshot(journal).roles[0].requirements[0].weight == 2.5


def test_the_caps_are_the_ones_the_readme_promises():
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert (MAX_IMPORT_BYTES, MAX_IMPORT_RECORDS) == (64 * 2**20, 100_000)
    assert (MAX_PORTABLE_BYTES, MAX_PORTABLE_RECORDS) == (256 * 2**20, 1_000_000)
    assert "Files up to 64 MiB and 100,000 records" in readme
    assert "up to 256 MiB and 1,000,000 records" in readme


def test_a_portable_export_larger_than_its_cap_is_refused_before_it_is_read(kept, journal_path, tmp_path):
    path = tmp_path / "export.json"
    with path.open("wb") as handle:
        handle.write(b'{"format": "masterydesk", "version": 1, "skills": [')
        handle.truncate(MAX_PORTABLE_BYTES + 1)  # sparse: costs no disk
    assert_refused(kept, journal_path, path, r"^export\.json is larger than 256 MiB, the most MasteryDesk imports at once\.$")


def test_a_portable_export_of_just_its_cap_is_read(journal, tmp_path):
    # Exactly at the cap, padded with spaces after the JSON: read, then imported.
    path = tmp_path / "export.json"
    text = json.dumps(document(skills=[{"id": "s1", "name": "Python", "category": "technical"}])).encode()
    with path.open("wb") as handle:
        handle.write(text)
        handle.write(b" " * (MAX_PORTABLE_BYTES - len(text)))
    assert path.stat().st_size == MAX_PORTABLE_BYTES
    assert import_file(journal, path) == "Imported 1 skill from export.json (1 new)."


def test_more_records_than_the_cap_across_collections_is_refused(kept, journal_path, tmp_path):
    # Each collection is under the cap; together they are one over it. Counted before the records
    # are checked, so empty ones do.
    half = MAX_PORTABLE_RECORDS // 2
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document(skills=[{}] * (half + 1), checkins=[{}] * half)), encoding="utf-8")
    assert_refused(kept, journal_path, path, r"^export\.json holds more than 1,000,000 records; split it and import the parts one by one\.$")


# --- not a regular file: FIFOs, folders, devices ------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path):
    db = tmp_path / "journal.sqlite"
    journal = fill_and_close(db)
    fifo = tmp_path / "pipe.vcf"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "masterydesk", "import", str(fifo), "--db", str(db)],
        capture_output=True, text=True, timeout=20, cwd=ROOT,  # hung forever before
    )
    assert result.returncode == 1
    assert result.stderr == "masterydesk: pipe.vcf is not a regular file; choose a file to import.\n"
    assert read_file(db) == journal


def fill_and_close(path: Path) -> Bundle:
    from masterydesk.store.database import open_journal

    journal = open_journal(path, create=True)
    try:
        fill(journal, contacts=[contact("kept")])
    finally:
        journal.close()
    return read_file(path)


def test_a_folder_is_refused_as_not_a_regular_file(kept, journal_path, tmp_path):
    folder = tmp_path / "contacts.vcf"
    folder.mkdir()
    assert_refused(kept, journal_path, folder, r"^contacts\.vcf is not a regular file; choose a file to import\.$")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused_as_not_a_regular_file(kept, journal_path):
    assert_refused(kept, journal_path, Path("/dev/zero"), r"^zero is not a regular file; choose a file to import\.$")


# --- CSV export into a folder: all files or none ---------------------------------------------------


def big_skills(journal, count: int = 20) -> None:
    """Skills with 20,000-character descriptions: about 400 KB of CSV."""
    fill(journal, skills=[skill(f"big{n:02}", description="x" * 20_000) for n in range(count)])


@pytest.fixture
def small_disk(small_disk_of) -> Path:
    """A 256 KB disk: the CSV files of big_skills do not fit."""
    return small_disk_of("256k")


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_full_disk_leaves_no_folder_and_no_leftovers(journal, small_disk):
    big_skills(journal)
    with pytest.raises(MasteryDeskError) as caught:
        export_journal(journal, small_disk / "out", "csv")
    assert str(caught.value) == "The disk is full; nothing was exported."
    assert list(small_disk.iterdir()) == []


def test_a_full_disk_leaves_an_existing_folder_as_it_was(journal, small_disk):
    big_skills(journal)
    out = small_disk / "out"
    out.mkdir()
    (out / "skills.csv").write_bytes(b"the old export")
    (out / "mine.txt").write_bytes(b"not ours")
    with pytest.raises(MasteryDeskError, match=r"^The disk is full; nothing was exported\.$"):
        export_journal(journal, out, "csv")
    assert contents(out) == {"mine.txt": b"not ours", "skills.csv": b"the old export"}
    assert [p.name for p in small_disk.iterdir()] == ["out"]


WRITE_UNDER_A_FILE_SIZE_LIMIT = """
import resource, signal, sys
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.interchange.exporters import export_journal
from masterydesk.store.database import open_journal

journal = open_journal(sys.argv[1], read_only=True)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))
try:
    export_journal(journal, sys.argv[2], "csv")
except MasteryDeskError as error:
    print(error)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is Unix only")
@pytest.mark.parametrize("exists", [False, True])
def test_a_failed_write_leaves_the_target_as_it_was(journal, journal_path, tmp_path, exists):
    big_skills(journal)
    exports = tmp_path / "exports"
    exports.mkdir()
    out = exports / "out"
    if exists:
        out.mkdir()
        (out / "skills.csv").write_bytes(b"the old export")
    result = subprocess.run(
        [sys.executable, "-c", WRITE_UNDER_A_FILE_SIZE_LIMIT, str(journal_path), str(out)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert result.stdout == f"Cannot write the CSV files into {out}: File too large; nothing was exported.\n", result.stderr
    assert [p.name for p in exports.iterdir()] == (["out"] if exists else [])
    if exists:
        assert contents(out) == {"skills.csv": b"the old export"}


def test_an_export_over_an_old_one_replaces_its_files_and_keeps_others(journal, tmp_path):
    fill(journal, skills=[skill("s1", name="Python")])
    out = tmp_path / "out"
    out.mkdir()
    (out / "skills.csv").write_bytes(b"the old export")
    (out / "mine.txt").write_bytes(b"not ours")
    export_journal(journal, out, "csv")
    assert b"Python" in (out / "skills.csv").read_bytes()
    assert (out / "mine.txt").read_bytes() == b"not ours"
    assert len(list(out.iterdir())) == 13
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_folder_where_a_file_should_go_is_refused_before_anything_moves(journal, tmp_path):
    fill(journal, skills=[skill("s1", name="Python")])
    out = tmp_path / "out"
    (out / "skills.csv").mkdir(parents=True)
    (out / "contacts.csv").write_bytes(b"the old export")
    with pytest.raises(MasteryDeskError, match=r"skills\.csv is a folder; move it away or export into another folder\.$"):
        export_journal(journal, out, "csv")
    assert sorted(p.name for p in out.iterdir()) == ["contacts.csv", "skills.csv"]
    assert (out / "contacts.csv").read_bytes() == b"the old export"
    assert list((out / "skills.csv").iterdir()) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# --- formulas in disguise -----------------------------------------------------------------------


FORMULA_CHARACTERS = ("=", "+", "-", "@")
DANGEROUS_STARTS = ["=", "+", "-", "@", "＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫"]  # ASCII, full-width, small
# Whitespace and control characters a spreadsheet may pass over before it sees the formula.
SKIPPED = [chr(code) for code in range(0x3001) if chr(code).isspace() or unicodedata.category(chr(code)) == "Cc"]
SKIPPED += ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad"]  # zero-width and invisible format characters
FORMULAS = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def meaningful(text: str) -> str:
    """The text from its first character that is not whitespace or a control, NFKC-normalised."""
    rest = text.lstrip("".join(SKIPPED))
    return unicodedata.normalize("NFKC", rest[:1]) + rest[1:]


def is_dangerous(text: str) -> bool:
    return text.startswith(("\t", "\r")) or meaningful(text).startswith(FORMULA_CHARACTERS)


def exported_cell(tmp_path: Path, text: str) -> str:
    """The skill description as written by the CSV export and read back by the csv module."""
    import csv

    folder = export_csv(Bundle(skills=(skill("s1", description=text),)), tmp_path / "out", include_private=False)
    with (folder / "skills.csv").open(encoding="utf-8-sig", newline="") as handle:
        header, row = list(csv.reader(handle))
    return row[header.index("description")]


@pytest.mark.parametrize("typed", [" =1+1", "\t =1+1", "\n=1+1", "\r\n-2", "\x00@x", "\u3000+1", "\ufeff=1", "＝1+1", "＋1", "－1", "＠SUM(A1)"])
def test_formulas_behind_spaces_controls_or_full_width_signs_are_neutralised(tmp_path, typed):
    assert exported_cell(tmp_path, typed) == "'" + typed


@FORMULAS
@given(
    prefix=st.text(alphabet=st.sampled_from(SKIPPED), max_size=6),
    start=st.sampled_from(DANGEROUS_STARTS),
    rest=st.text(max_size=20),
)
def test_no_written_cell_starts_with_a_formula_character(tmp_path, prefix, start, rest):
    written = exported_cell(tmp_path, prefix + start + rest)
    assert written == "'" + prefix + start + rest
    assert not meaningful(written.lstrip()).startswith(FORMULA_CHARACTERS)


@FORMULAS
@given(text=st.text(max_size=30).filter(lambda t: not is_dangerous(t)))
def test_safe_cells_are_written_unchanged(tmp_path, text):
    assert exported_cell(tmp_path, text) == text

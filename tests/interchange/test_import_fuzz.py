"""Fuzzing every kind of file MasteryDesk imports: a damaged or random file gives an import or a
one-sentence refusal that left the journal file as it was, never a traceback or half an import.

Every import kind is fuzzed (test_every_import_kind_has_a_sample_to_damage keeps the list whole):
a MasteryDesk portable JSON export, a jrnl JSON export, vCard 2.1, 3.0 and 4.0, LinkedIn's
Connections.csv and Skills.csv, and an Outlook contacts CSV.

Size: a few hundred cases per kind in the normal run (about 40 s on two cores); a few thousand
per kind, about 46,000 cases in all, in a nightly run (about 13 minutes on two cores: every
import that works adds to the one journal a test shares, so the later cases plan against more):

    MASTERYDESK_FUZZ=nightly QT_QPA_PLATFORM=offscreen python -m pytest -q tests/interchange/test_import_fuzz.py

Hypothesis has no per-example timeout, so no case may hang: the inputs stay small (the samples
are a few kilobytes, an insertion at most 5,000 bytes) and a slow parser shows in --durations.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.records import COLLECTIONS, Bundle
from masterydesk.domain.validation import REFERENCES
from masterydesk.interchange import portable
from masterydesk.interchange.importers import READERS, detect_kind, import_file
from masterydesk.services.demo import create_demo_journal
from masterydesk.store.database import open_journal
from tests.interchange.helpers import SAMPLES, file_digest, is_one_sentence, snapshot

NIGHTLY = os.environ.get("MASTERYDESK_FUZZ") == "nightly"
DAMAGED_PER_KIND = 3000 if NIGHTLY else 300
RANDOM_PER_START = 2000 if NIGHTLY else 200
SIZED = {
    "deadline": None,
    "database": None,  # keep the repository clean; failures print their example
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
}

# Bytes that mean something to one of the formats, so mutations reach deep into the parsers.
JUNK = [
    # any text format
    b'"', b",", b";", b":", b"\\", b"=", b"\r\n", b"\r", b"\n ", b"\t", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf",
    b"\xed\xa0\x80", "é".encode(), "🚀".encode(), b"9" * 5000, b"x" * 300,
    # vCard: cards, versions, folding, quoted-printable soft breaks, charsets and transfer encodings
    b"BEGIN:VCARD\r\n", b"END:VCARD\r\n", b"VERSION:9\r\n", b"VERSION:2.1\r\n", b"VERSION:4.0\r\n", b"=\r\n", b"=C3", b"=ZZ",
    b";ENCODING=QUOTED-PRINTABLE;CHARSET=rot13:", b";CHARSET=idna;ENCODING=QUOTED-PRINTABLE:", b";CHARSET=punycode;QUOTED-PRINTABLE:",
    b";CHARSET=undefined;ENCODING=QUOTED-PRINTABLE:", b";CHARSET=x-nope;ENCODING=QUOTED-PRINTABLE:", b";ENCODING=b:",
    b"PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQ\r\n AAAQABAAD/\r\n", b"KIND:group\r\n", b"item1.", b";PREF=1",
    # CSV: headers, quoting, formulas
    b"First Name,Last Name\r\n", b"Name\r\n", b'"First Name","Last Name","E-mail Address"\r\n', b'"""', b'"a,b"', b"=cmd|' /C calc'!A0",
    # JSON: nesting, numbers, escapes, dates
    b"{", b"}", b"[", b"]", b"[" * 3000, b"null", b"NaN", b"1e999", b"-0", b'"\\u0000"', b"\\ud800", b'"date": "2024-02-30"',
    b'"format": "masterydesk"', b'"entries": [', b'"id": "s1"',
]


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """The original with a few truncations, byte flips, deletions, repeated lines and insertions of junk."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(["truncate", "flip", "delete", "insert", "insert", "repeat line"]))
        at = draw(st.integers(0, len(data)))
        if operation == "truncate":
            del data[at:]
        elif operation == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        elif operation == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif operation == "repeat line":  # a header, a BEGIN or a record twice, or out of place
            lines = bytes(data).splitlines(keepends=True) or [b""]
            data[at:at] = draw(st.sampled_from(lines))
        else:
            data[at:at] = draw(st.sampled_from(JUNK) | st.binary(min_size=1, max_size=16))
    return bytes(data)


# Values a JSON field may be given instead of its own: wrong types, NaN, huge numbers, bad dates, lone surrogates.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
    | st.sampled_from(["", "\ud800", "2024-02-30", "0001-01-01", "9999-12-31", "s1", "technical", "masterydesk", "@private", 10**400]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=6,
)


def _places(node):
    """Every (container, key) pair under a JSON node."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in list(items):
        yield node, key
        yield from _places(child)


@st.composite
def edited_json(draw, original: bytes) -> bytes:
    """The JSON document with a few fields given other values, removed or repeated: well-formed, so the checks behind the parser are reached."""
    document = json.loads(original)
    for _ in range(draw(st.integers(1, 3))):
        places = list(_places(document))
        if not places:
            break
        container, key = draw(st.sampled_from(places))
        operation = draw(st.sampled_from(["replace", "replace", "remove", "repeat"]))
        if operation == "replace":
            container[key] = draw(JSON_VALUES)
        elif operation == "remove":
            del container[key]
        elif isinstance(container, list):
            container.insert(key, container[key])  # a record twice: the same id twice
    return json.dumps(document, indent=draw(st.sampled_from([None, 1]))).encode()


def assert_import_never_half_done(journal, journal_path: Path, path: Path, content: bytes) -> None:
    """Import content: either it works, or a one-sentence refusal leaves the journal file as it was.

    The journal is open in WAL mode, so a write lands in journal.sqlite-wal first and reaches the
    main file only through a checkpoint, which copies committed frames. The digest covers both
    files: any commit appends to the -wal and so changes it. The -shm file is left out: it is an
    index that readers update too. A rolled-back transaction writes nothing while its pages fit in
    SQLite's cache, which these small inputs always do; were it to spill pages into the -wal, the
    digest would change and the test would fail, never pass wrongly. The records are compared too,
    so a failure says what changed.
    """
    path.write_bytes(content)
    before, digest = snapshot(journal), file_digest(journal_path)
    try:
        import_file(journal, path)
    except MasteryDeskError as error:
        event("refused")  # --hypothesis-show-statistics tells how many cases got how far
        assert is_one_sentence(str(error)), str(error)
        assert snapshot(journal) == before
        assert file_digest(journal_path) == digest, "a refused import changed the journal file"
    else:
        event("imported")


def self_contained(bundle: Bundle, size: int) -> Bundle:
    """The first records of every collection whose references resolve, list references trimmed to the records kept."""
    chosen: dict[str, tuple] = {}
    ids: dict[str, set[str]] = {}
    for name in COLLECTIONS:  # a collection comes after the ones it refers to, skills refer to skills
        records, ids[name] = [], set()
        for record in getattr(bundle, name):
            changes, resolves = {}, True
            for field, target in ((f, t) for collection, f, t in REFERENCES if collection == name):
                value = getattr(record, field)
                if isinstance(value, tuple):
                    changes[field] = tuple(v for v in value if v in ids[target])
                elif value and value not in ids[target]:
                    resolves = False
            if name == "roles":
                changes["requirements"] = tuple(q for q in record.requirements if q.skill_id in ids["skills"])
            if resolves and len(records) < size:
                records.append(dataclasses.replace(record, **changes))
                ids[name].add(record.id)
        chosen[name] = tuple(records)
    return Bundle(**chosen)


@pytest.fixture(scope="module")
def export_sample(tmp_path_factory) -> bytes:
    """A small MasteryDesk export that imports: three of the demo journal's records of every collection."""
    folder = tmp_path_factory.mktemp("export")
    create_demo_journal(folder / "demo.sqlite")
    opened = open_journal(folder / "demo.sqlite")
    try:
        small = self_contained(snapshot(opened), 3)
    finally:
        opened.close()
    out = folder / "export.json"
    portable.write_json_atomically(portable.bundle_to_document(small), out)
    return out.read_bytes()


# One file of every kind; the vCard versions are one kind but three ways of writing it.
SAMPLE_FILES = {
    "vcard 2.1": "contacts-v21.vcf",
    "vcard 3.0": "contacts-v3.vcf",
    "vcard 4.0": "contacts-v4.vcf",
    "linkedin connections": "Connections.csv",
    "outlook contacts": "outlook-contacts.csv",
    "linkedin skills": "Skills.csv",
    "jrnl": "jrnl.json",
}
KINDS = [*SAMPLE_FILES, "masterydesk"]


@pytest.fixture
def original(request, export_sample) -> bytes:
    name = request.param
    return export_sample if name == "masterydesk" else (SAMPLES / SAMPLE_FILES[name]).read_bytes()


def test_every_import_kind_has_a_sample_to_damage(tmp_path, export_sample):
    kinds = {}
    for name in KINDS:
        path = tmp_path / name.replace(" ", "-")
        path.write_bytes(export_sample if name == "masterydesk" else (SAMPLES / SAMPLE_FILES[name]).read_bytes())
        kinds[name] = detect_kind(path)
    assert set(kinds.values()) == set(READERS)
    journal = open_journal(tmp_path / "journal.sqlite", create=True)
    try:
        for name in KINDS:  # undamaged, every sample imports: the fuzz starts from files that work
            assert import_file(journal, tmp_path / name.replace(" ", "-")).startswith("Imported ")
    finally:
        journal.close()
    for version in ("2.1", "3.0", "4.0"):
        assert f"\nVERSION:{version}".encode() in (SAMPLES / SAMPLE_FILES[f"vcard {version}"]).read_bytes()
    assert b"E-mail Address" in (SAMPLES / SAMPLE_FILES["outlook contacts"]).read_bytes()


@pytest.mark.parametrize("original", KINDS, indirect=True)
@settings(max_examples=DAMAGED_PER_KIND, **SIZED)
@given(data=st.data())
def test_damaged_files_of_every_kind_never_give_a_traceback_or_half_an_import(journal, journal_path, tmp_path, original, data):
    content = data.draw(mutated(original), label="content")
    assert_import_never_half_done(journal, journal_path, tmp_path / "input", content)


@pytest.mark.parametrize("original", ["masterydesk", "jrnl"], indirect=True)
@settings(max_examples=DAMAGED_PER_KIND, **SIZED)
@given(data=st.data())
def test_json_with_wrong_values_never_gives_a_traceback_or_half_an_import(journal, journal_path, tmp_path, original, data):
    content = data.draw(edited_json(original), label="content")
    assert_import_never_half_done(journal, journal_path, tmp_path / "input", content)


STARTS = [
    b"",
    b"BEGIN:VCARD\r\n",
    b"BEGIN:VCARD\r\nVERSION:2.1\r\n",
    b"First Name,Last Name\r\n",
    b'"First Name","Last Name","E-mail Address","Company"\r\n',
    b"Name\r\n",
    b'{"entries": [',
    b'{"format": "masterydesk", ',
]


@pytest.mark.parametrize("start", STARTS)
@settings(max_examples=RANDOM_PER_START, **SIZED)
@given(noise=st.binary(max_size=600))
def test_random_bytes_never_give_a_traceback(journal, journal_path, tmp_path, start, noise):
    assert_import_never_half_done(journal, journal_path, tmp_path / "input", start + noise)

"""Fuzzing every importer: random bytes and damaged sample files give a sentence or an import, never a traceback or half an import."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.interchange import portable
from masterydesk.interchange.importers import import_file
from masterydesk.services.demo import create_demo_journal
from masterydesk.store.database import open_journal
from tests.interchange.helpers import SAMPLES, is_one_sentence, snapshot

FUZZ = settings(
    max_examples=100,
    deadline=None,
    database=None,  # keep the repository clean; failures print their example
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Bytes that mean something to one of the formats, so mutations reach deep into the parsers.
JUNK = [
    b'"', b",", b";", b":", b"\\", b"=", b"\r\n", b"\n ", b"\t", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf",
    b"\xed\xa0\x80", "é".encode(), b"BEGIN:VCARD\r\n", b"END:VCARD\r\n", b"VERSION:9\r\n", b"{", b"}", b"[", b"]",
    b'"date": "2024-02-30"', b"\\ud800", b"9" * 5000, b"[" * 3000, b"First Name,Last Name\r\n", b"Name\r\n",
    b";ENCODING=QUOTED-PRINTABLE;CHARSET=rot13:", b";ENCODING=b:", b"x" * 300,
]


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """The original with a few truncations, byte flips, deletions and insertions of junk."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(["truncate", "flip", "delete", "insert"]))
        at = draw(st.integers(0, len(data)))
        if operation == "truncate":
            del data[at:]
        elif operation == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        elif operation == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        else:
            data[at:at] = draw(st.sampled_from(JUNK) | st.binary(min_size=1, max_size=16))
    return bytes(data)


def assert_import_never_half_done(journal, path: Path, content: bytes) -> None:
    """Import content: either it works, or a one-sentence refusal leaves the journal as it was."""
    path.write_bytes(content)
    before = snapshot(journal)
    try:
        import_file(journal, path)
    except MasteryDeskError as error:
        assert is_one_sentence(str(error)), str(error)
        assert snapshot(journal) == before


@pytest.fixture
def export_sample(tmp_path) -> Path:
    """A small MasteryDesk export: the demo journal's records."""
    demo = tmp_path / "demo.sqlite"
    create_demo_journal(demo)
    opened = open_journal(demo)
    try:
        bundle = snapshot(opened)
    finally:
        opened.close()
    small = type(bundle)(skills=bundle.skills[:6], projects=bundle.projects[:2], checkins=bundle.checkins[:2])
    out = tmp_path / "export.json"
    portable.write_json_atomically(portable.bundle_to_document(small), out)
    return out


SAMPLE_NAMES = ["contacts-v3.vcf", "contacts-v4.vcf", "contacts-v21.vcf", "Connections.csv", "Skills.csv", "jrnl.json"]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@FUZZ
@given(data=st.data())
def test_damaged_samples_never_give_a_traceback_or_half_an_import(journal, tmp_path, name, data):
    content = data.draw(mutated((SAMPLES / name).read_bytes()))
    assert_import_never_half_done(journal, tmp_path / "input", content)


@FUZZ
@given(data=st.data())
def test_damaged_masterydesk_exports_never_give_a_traceback_or_half_an_import(journal, tmp_path, export_sample, data):
    content = data.draw(mutated(export_sample.read_bytes()))
    assert_import_never_half_done(journal, tmp_path / "input", content)


@pytest.mark.parametrize("start", [b"", b"BEGIN:VCARD\r\n", b"First Name,Last Name\r\n", b"Name\r\n", b'{"entries": [', b'{"format": "masterydesk", '])
@FUZZ
@given(noise=st.binary(max_size=600))
def test_random_bytes_never_give_a_traceback(journal, tmp_path, start, noise):
    assert_import_never_half_done(journal, tmp_path / "input", start + noise)

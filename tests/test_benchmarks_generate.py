"""The benchmark's generated journal, at a tiny scale: valid, importable, the same every time."""

import copy
import json

import fastjsonschema
import pytest

from benchmarks.generate import generate_document, ten_year_document, ten_year_journal
from masterydesk.interchange import portable
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal

SCALE = 0.005  # 200 journal entries, 75 applications, 2 skills


@pytest.fixture(scope="module")
def document() -> dict:
    return generate_document(SCALE)


def accepts(validator, document: dict) -> bool:
    try:
        validator(document)
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


def test_the_document_is_valid_and_the_same_every_time(document):
    portable.validate_document(document)
    assert generate_document(SCALE) == document
    assert len(document["journal"]) == 200 and len(document["applications"]) == 75


def test_the_cached_journal_holds_the_document(tmp_path):
    path = ten_year_journal(tmp_path / "journal.sqlite", SCALE)
    written = json.loads(ten_year_document(tmp_path, SCALE).read_text("utf-8"))
    journal = open_journal(path, read_only=True)
    try:
        exported = portable.bundle_to_document(export_bundle(journal))
    finally:
        journal.close()
    for name in portable.RECORD_TYPES:
        assert sorted(exported[name], key=lambda x: x["id"]) == sorted(written[name], key=lambda x: x["id"]), name


@pytest.mark.parametrize(
    ("collection", "field", "value"),
    [
        ("skills", "learned_on", None),
        ("skills", "learned_on", "2024-1-1"),
        ("skills", "learned_on", 20240101),
        ("applications", "quality", None),
        ("applications", "quality", 0),
        ("applications", "quality", 5.0),
        ("applications", "quality", True),
        ("applications", "quality", "3"),
        ("applications", "project_id", None),
        ("applications", "project_id", ""),
        ("applications", "project_id", 7),
        ("teaching", "rating", 6),
        ("communities", "cadence_days", None),
        ("communities", "cadence_days", 367),
        ("interactions", "ideas", [{"text": "x", "applied_on": "2024-02-30x"}]),
        ("interactions", "ideas", [{"text": "x", "applied_on": None}]),
    ],
)
def test_the_fast_validator_accepts_exactly_what_the_schema_accepts(document, collection, field, value):
    changed = copy.deepcopy(document)
    changed[collection][0][field] = value
    assert accepts(portable._fast_validator(), changed) == accepts(portable._validator(), changed)

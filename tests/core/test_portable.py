"""The portable format: complete round trips, and bad documents refused whole with a sentence."""

import datetime as dt
import hashlib
import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from masterydesk.interchange import portable
from masterydesk.services.demo import create_demo_journal
from masterydesk.services.transfer import export_bundle

TODAY = dt.date(2026, 11, 21)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "masterydesk", *args], capture_output=True, text=True)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def records_of(path: Path) -> dict:
    document = json.loads(path.read_text("utf-8"))
    document.pop("exported_at")
    return document


@pytest.fixture
def demo_path(tmp_path) -> Path:
    path = tmp_path / "demo.sqlite"
    create_demo_journal(path, TODAY)
    return path


def test_demo_export_import_export_gives_the_same_records(demo_path, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert run_cli("export", str(first), "--db", str(demo_path)).returncode == 0
    result = run_cli("import", str(first), "--db", str(tmp_path / "copy.sqlite"))
    assert result.returncode == 0, result.stderr
    assert "Imported 31 skills" in result.stdout
    assert run_cli("export", str(second), "--db", str(tmp_path / "copy.sqlite")).returncode == 0
    assert records_of(first) == records_of(second)
    assert len(records_of(first)["journal"]) > 300


def test_the_export_is_valid_against_the_shipped_schema(demo_path, tmp_path):
    out = tmp_path / "out.json"
    run_cli("export", str(out), "--db", str(demo_path))
    document = json.loads(out.read_text("utf-8"))
    portable.validate_document(document)
    contract = Path(__file__).parents[3] / "shared" / "formats" / portable.SCHEMA_FILE
    if contract.exists():  # the shipped copy is the design's schema, plus optional fields of ours
        shipped = copy.deepcopy(portable.schema())
        for kind, name in (("role", "created_on"), ("contact", "did"), ("application", "review")):
            shipped["$defs"][kind]["properties"].pop(name)
            assert name not in shipped["$defs"][kind]["required"]
        assert json.loads(contract.read_text("utf-8")) == shipped


def test_importing_again_updates_records_instead_of_duplicating(demo_path, tmp_path):
    out = tmp_path / "out.json"
    run_cli("export", str(out), "--db", str(demo_path))
    document = json.loads(out.read_text("utf-8"))
    document["skills"][0]["name"] = "Renamed skill"
    out.write_text(json.dumps(document), "utf-8")
    assert run_cli("import", str(out), "--db", str(demo_path)).returncode == 0
    from masterydesk.store.database import open_journal

    journal = open_journal(demo_path)
    skills = export_bundle(journal).skills
    journal.close()
    assert len(skills) == 31
    assert skills[0].name == "Renamed skill"


def test_absent_optional_fields_take_their_defaults(tmp_path):
    document = {
        "format": "masterydesk", "version": 1, "projects": [], "contacts": [], "communities": [],
        "teaching": [], "interactions": [], "roles": [], "checkins": [],
        "skills": [{"id": "s", "name": "S", "category": "social"}],
        "journal": [{"id": "j", "date": "2024-01-01", "kind": "practice", "text": "hi"}],
        "applications": [{"id": "a", "skill_id": "s", "date": "2024-01-02"}],
    }
    bundle = portable.document_to_bundle(document)
    assert bundle.skills[0].prerequisites == () and bundle.skills[0].archived is False
    assert bundle.journal[0].minutes == 0 and bundle.journal[0].private is False
    assert bundle.applications[0].quality is None and bundle.applications[0].novel_context is False


def _document(tmp_path, demo_path) -> dict:
    out = tmp_path / "base.json"
    run_cli("export", str(out), "--db", str(demo_path))
    return json.loads(out.read_text("utf-8"))


def _break_reference(d):
    d["applications"][0]["skill_id"] = "no-such-skill"


def _break_cycle(d):
    d["skills"][0]["prerequisites"] = [d["skills"][1]["id"]]
    d["skills"][1]["prerequisites"] = [d["skills"][0]["id"]]


def _break_enum(d):
    d["contacts"][0]["relationship"] = "friend"


def _break_missing(d):
    del d["journal"][0]["date"]


def _break_date(d):
    d["teaching"][0]["date"] = "2024-02-30"


def _break_duplicate(d):
    d["projects"][1]["id"] = d["projects"][0]["id"]


@pytest.mark.parametrize(
    ("breaker", "expected"),
    [
        (_break_reference, "applications record 'app-00001', field 'skill_id': no skills record has the id 'no-such-skill'"),
        (_break_cycle, "field 'prerequisites': the prerequisites form a cycle"),
        (_break_enum, "field 'relationship': must be one of"),
        (_break_missing, "journal record 'entry-00001', field 'date': is missing"),
        (_break_date, "field 'date': '2024-02-30' is not a real date"),
        (_break_duplicate, "field 'id': the id is used 2 times"),
    ],
)
def test_a_bad_document_is_refused_whole_and_the_journal_is_unchanged(breaker, expected, demo_path, tmp_path):
    document = _document(tmp_path, demo_path)
    breaker(document)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), "utf-8")
    target = tmp_path / "target.sqlite"
    create_demo_journal(target, TODAY)
    before = digest(target)
    result = run_cli("import", str(bad), "--db", str(target))
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert digest(target) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "is not a file MasteryDesk can import"),
        (b'{"format": "masterydesk", "version": 1, "skills": [', "is not valid JSON (line 1"),
        (b'{"format": "masterydesk", "version": 2}', "this MasteryDesk reads version 1"),
        (b"\xff\xfe\x00garbage", "is not a file MasteryDesk can import"),
    ],
)
def test_files_that_are_not_exports_are_refused_with_a_sentence(content, expected, demo_path, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = digest(demo_path)
    result = run_cli("import", str(bad), "--db", str(demo_path))
    assert result.returncode == 1
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert digest(demo_path) == before

"""Recognising a file's kind from its content, and planning a MasteryDesk export's import."""

from __future__ import annotations

import json

import pytest

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.records import Relationship
from masterydesk.interchange import portable
from masterydesk.interchange.importers import READERS, apply_plan, detect_kind, import_file, plan_import
from masterydesk.interchange.preview import RowAction
from masterydesk.interchange.sources import MAX_IMPORT_BYTES, MAX_IMPORT_RECORDS
from masterydesk.services.editing import delete_records
from tests.builders import contact, fill, skill
from tests.interchange.helpers import file_digest, is_one_sentence, sample, snapshot

KINDS = {
    "contacts-v3.vcf": "vcard",
    "contacts-v4.vcf": "vcard",
    "contacts-v21.vcf": "vcard",
    "Connections.csv": "linkedin_connections",
    "outlook-contacts.csv": "linkedin_connections",
    "Skills.csv": "linkedin_skills",
    "jrnl.json": "jrnl",
}


@pytest.mark.parametrize("name", KINDS)
def test_every_kind_is_recognised_from_its_content_not_its_name(tmp_path, name):
    assert detect_kind(sample(name, tmp_path, as_name="upload.txt")) == KINDS[name]


def test_a_masterydesk_export_is_recognised(journal, tmp_path):
    out = tmp_path / "export.vcf"  # a misleading name
    portable.write_json_atomically(portable.bundle_to_document(snapshot(journal)), out)
    assert detect_kind(out) == "masterydesk"


@pytest.mark.parametrize("content", [
    b"", b"just some notes\n", b"a,b,c\n1,2,3\n", b'{"entries": 3}', b'{"x": [1]}', b"\x00\x01\x02\xff",
    b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
])
def test_anything_else_is_refused_with_the_list_of_what_can_be_imported(tmp_path, content):
    path = tmp_path / "mystery.csv"
    path.write_bytes(content)
    with pytest.raises(MasteryDeskError) as refused:
        detect_kind(path)
    message = str(refused.value)
    assert is_one_sentence(message)
    assert message.startswith("mystery.csv is not a file MasteryDesk can import; it imports a MasteryDesk JSON export,")
    assert all(reader.label in message for reader in READERS.values())


def test_a_missing_file_is_one_sentence(journal, tmp_path):
    with pytest.raises(MasteryDeskError, match=r"^Cannot read nowhere.vcf: No such file or directory.$"):
        import_file(journal, tmp_path / "nowhere.vcf")


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(journal, tmp_path):
    path = sample("contacts-v3.vcf", tmp_path)
    with path.open("r+b") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(MasteryDeskError, match="^contacts-v3.vcf is larger than 64 MiB, the most MasteryDesk imports at once.$"):
        import_file(journal, path)


def test_a_file_over_the_record_cap_is_refused(journal, journal_path, tmp_path):
    path = tmp_path / "Skills.csv"
    path.write_text("Name\n" + "".join(f"skill {n}\n" for n in range(MAX_IMPORT_RECORDS + 1)), encoding="utf-8")
    before = file_digest(journal_path)
    with pytest.raises(MasteryDeskError, match="Skills.csv holds more than 100,000 skills; split it"):
        import_file(journal, path)
    assert file_digest(journal_path) == before


def test_a_masterydesk_export_plans_adds_updates_and_unchanged_records(journal, tmp_path):
    fill(journal, skills=[skill("python", name="Python"), skill("sql", name="SQL")])
    document = portable.bundle_to_document(snapshot(journal))
    document["skills"][1]["name"] = "SQL (advanced)"
    document["contacts"].append(portable.record_to_json(contact("ada", skill_ids=("python",))))
    out = tmp_path / "export.json"
    out.write_text(json.dumps(document), encoding="utf-8")
    plan = plan_import(journal, out)
    rows = {(row.collection, row.label): row.action for row in plan.rows}
    assert rows == {
        ("skills", "Python"): RowAction.UNCHANGED,
        ("skills", "SQL (advanced)"): RowAction.MERGE,
        ("contacts", "Ada"): RowAction.ADD,
    }
    apply_plan(journal, plan)
    assert plan.summary() == "Imported 2 skills, 1 contact from export.json (1 new, 1 merged, 1 unchanged)."
    assert [s.name for s in snapshot(journal).skills] == ["Python", "SQL (advanced)"]


def test_a_masterydesk_export_with_a_dangling_reference_is_refused_in_the_preview(journal, tmp_path):
    document = portable.bundle_to_document(snapshot(journal))
    document["contacts"].append(portable.record_to_json(contact("ada", skill_ids=("nope",))))
    out = tmp_path / "export.json"
    out.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(MasteryDeskError, match="In contacts record 'ada', field 'skill_ids': no skills record has the id 'nope'."):
        plan_import(journal, out)


@pytest.mark.parametrize("text, message", [
    ('{"format": "masterydesk", "version": 1, "skills": [{"id": "s", "name": "\\ud800", "category": "technical"}], '
     '"projects": [], "contacts": [], "communities": [], "journal": [], "applications": [], "teaching": [], '
     '"interactions": [], "roles": [], "checkins": []}',
     "In skills record 's', field 'name': it holds a broken character"),
    ('{"format": "masterydesk", "version": 1, "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ('{"format": "masterydesk", "version": 1, "x": ' + "9" * 5000 + "}", "a number too long"),
])
def test_a_masterydesk_export_python_cannot_store_is_refused_with_a_sentence(journal, journal_path, tmp_path, text, message):
    out = tmp_path / "export.json"
    out.write_text(text, encoding="utf-8")
    before = file_digest(journal_path)
    with pytest.raises(MasteryDeskError, match=message):
        import_file(journal, out)
    assert file_digest(journal_path) == before


def test_applying_a_plan_that_went_stale_changes_nothing(journal, tmp_path):
    fill(journal, skills=[skill("python", name="Python")])
    plan = plan_import(journal, sample("jrnl.json", tmp_path))
    delete_records(journal, "skills", ["python"])
    before = snapshot(journal)
    with pytest.raises(MasteryDeskError, match="no skills record has the id 'python'"):
        apply_plan(journal, plan)
    assert snapshot(journal) == before


@pytest.mark.parametrize("name, chosen, expected", [
    ("contacts-v3.vcf", None, Relationship.PEER),
    ("contacts-v3.vcf", "mentee", Relationship.MENTEE),
    ("Connections.csv", None, Relationship.INDUSTRY),
    ("Connections.csv", Relationship.COACH, Relationship.COACH),
    ("jrnl.json", "mentor", None),
    ("Skills.csv", None, None),
])
def test_the_plan_says_what_new_contacts_become(journal, tmp_path, name, chosen, expected):
    plan = plan_import(journal, sample(name, tmp_path), chosen)
    assert plan.relationship == expected
    assert {c.relationship for c in plan.bundle.contacts} <= {expected}


def test_the_plan_counts_its_rows_by_action(journal, tmp_path):
    plan = plan_import(journal, sample("contacts-v4.vcf", tmp_path))
    assert [plan.count(action) for action in RowAction] == [2, 0, 0, 2]


LONE_SURROGATE_SKILL = (
    '{"format": "masterydesk", "version": 1, "skills": [{"id": "s", "name": "NAME", "category": "technical"}], '
    '"projects": [], "contacts": [], "communities": [], "journal": [], "applications": [], "teaching": [], '
    '"interactions": [], "roles": [], "checkins": []}'
)


@pytest.mark.parametrize("data", [
    LONE_SURROGATE_SKILL.encode().replace(b"NAME", b"ab\xed\xa0\x80"),  # encoded raw, not escaped
    LONE_SURROGATE_SKILL.replace("NAME", "ab\\udfff").encode("utf-16"),  # a UTF-16 document
], ids=["raw-utf-8", "utf-16"])
def test_a_lone_surrogate_however_spelt_is_refused_naming_the_field(journal, journal_path, tmp_path, data):
    out = tmp_path / "export.json"
    out.write_bytes(data)
    before = file_digest(journal_path)
    with pytest.raises(MasteryDeskError, match="In skills record 's', field 'name': it holds a broken character"):
        import_file(journal, out)
    assert file_digest(journal_path) == before


def test_a_surrogate_pair_is_one_character_and_imports(journal, tmp_path):
    out = tmp_path / "export.json"
    out.write_text(LONE_SURROGATE_SKILL.replace("NAME", "Lua \\ud83c\\udf19"), encoding="utf-8")
    import_file(journal, out)
    assert [s.name for s in snapshot(journal).skills] == ["Lua 🌙"]

"""LinkedIn import: Connections.csv and Skills.csv read by column name, after LinkedIn's notes."""

from __future__ import annotations

import pytest

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.records import Category, Relationship
from masterydesk.interchange.importers import apply_plan, import_file, plan_import
from masterydesk.interchange.linkedin import category_for, read_connections
from masterydesk.interchange.preview import RowAction
from masterydesk.services.transfer import import_bundle
from masterydesk.store.database import open_journal
from tests.builders import contact, fill, skill
from tests.interchange.helpers import file_digest, sample, snapshot


def write_csv(tmp_path, text: str, name: str = "export.csv"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


def contacts_by_name(journal) -> dict:
    return {c.name: c for c in snapshot(journal).contacts}


def test_connections_sample_skips_the_notes_and_nameless_rows(journal, tmp_path):
    summary = import_file(journal, sample("Connections.csv", tmp_path))
    assert summary == "Imported 5 contacts from Connections.csv (5 new, 1 skipped)."
    contacts = contacts_by_name(journal)
    assert sorted(contacts) == ["Amara Okafor", "José Núñez", "Li Wei", "Priya Raman", "Sofia Lindqvist"]
    amara = contacts["Amara Okafor"]
    assert (amara.email, amara.organization, amara.title) == ("amara.okafor@example.org", "Northwind Analytics", "Staff Data Engineer")
    assert amara.relationship is Relationship.INDUSTRY
    assert amara.notes == "LinkedIn: https://www.linkedin.com/in/amara-okafor\nConnected on LinkedIn on 2024-03-12"
    assert contacts["José Núñez"].organization == "Contoso, Ltd."
    assert contacts["Li Wei"].title == 'Director of "Developer Experience"'
    assert contacts["Sofia Lindqvist"].notes.endswith("Connected on LinkedIn on 2019-11-07")


def test_the_skipped_row_is_shown_with_its_line(journal, tmp_path):
    plan = plan_import(journal, sample("Connections.csv", tmp_path))
    skipped = [(row.where, row.detail) for row in plan.rows if row.action is RowAction.SKIP]
    assert skipped == [("line 8", "the row has no name")]


def test_columns_are_found_by_name_in_any_order(journal, tmp_path):
    path = write_csv(tmp_path, "Connected On,Company,Last Name,First Name,Email Address\n5 May 2021,Acme,Stone,Ada,ada@example.com\n")
    import_file(journal, path, relationship=Relationship.MENTOR)
    ada = contacts_by_name(journal)["Ada Stone"]
    assert (ada.organization, ada.email, ada.relationship) == ("Acme", "ada@example.com", Relationship.MENTOR)
    assert ada.notes == "Connected on LinkedIn on 2021-05-05"


def test_connections_merge_into_contacts_with_the_same_email(journal, tmp_path):
    fill(journal, contacts=[contact("priya", name="Priya R.", email="priya.raman@example.com", title="Principal")])
    plan = plan_import(journal, sample("Connections.csv", tmp_path))
    assert [r.label for r in plan.rows if r.action is RowAction.MERGE] == ["Priya R. <priya.raman@example.com>"]
    apply_plan(journal, plan)
    priya = contacts_by_name(journal)["Priya R."]
    assert (priya.title, priya.organization) == ("Principal", "Fabrikam")
    assert len(snapshot(journal).contacts) == 5


def test_importing_connections_again_adds_nothing(journal, tmp_path):
    path = sample("Connections.csv", tmp_path)
    import_file(journal, path)
    before = snapshot(journal)
    assert import_file(journal, path) == "Nothing to import from Connections.csv (5 unchanged, 1 skipped)."
    assert snapshot(journal) == before


@pytest.mark.parametrize("text, message", [
    ("First Name,Last Name,Connected On\nAda,Stone,5 Mai 2021\n", "Line 5: the Connected On date '5 Mai 2021' is not a date like 12 Mar 2024"),
    ("First Name,Last Name,Connected On\nAda,Stone,31 Feb 2021\n", "Line 5: the Connected On date '31 Feb 2021'"),
    ('First Name,Last Name\nAda,"Stone\n', "Line 5 of export.csv cannot be read as CSV"),
    ("First Name,Last Name,Email Address\nAda,Stone," + "a" * 321 + "\n", "Line 5: the email address is longer than 320"),
])
def test_a_broken_connections_file_is_refused_and_changes_nothing(journal, journal_path, tmp_path, text, message):
    fill(journal, contacts=[contact("kept")])
    before = file_digest(journal_path)
    with pytest.raises(MasteryDeskError, match=message):
        import_file(journal, write_csv(tmp_path, "Notes:\n\nGrace,Hopper\n" + text))
    assert file_digest(journal_path) == before


def test_a_file_without_the_header_row_is_refused(tmp_path):
    path = write_csv(tmp_path, "Notes:\nFirst,Last\nAda,Stone\n")
    with pytest.raises(MasteryDeskError, match="export.csv has no header row naming the First Name and Last Name columns."):
        read_connections(path)


def test_skills_sample_adds_new_names_once_with_a_category(journal, tmp_path):
    fill(journal, skills=[skill("tw", name="technical-writing")])
    plan = plan_import(journal, sample("Skills.csv", tmp_path))
    actions = [(row.label, row.action, row.detail) for row in plan.rows]
    assert actions == [
        ("Python", RowAction.ADD, "as technical"),
        ("SQL", RowAction.ADD, "as technical"),
        ("Public Speaking", RowAction.ADD, "as social"),
        ("Product Management", RowAction.ADD, "as strategic"),
        ("python", RowAction.SKIP, "listed before, on line 2"),
        ("Data Visualization", RowAction.ADD, "as technical"),
        ("Technical Writing", RowAction.UNCHANGED, "a skill of this name is in the journal"),
        ("Stakeholder Management", RowAction.ADD, "as strategic"),
    ]
    apply_plan(journal, plan)
    assert len(snapshot(journal).skills) == 7


@pytest.mark.parametrize("name, category", [
    ("Kubernetes", Category.TECHNICAL),
    ("Database Management", Category.TECHNICAL),
    ("Team Leadership", Category.STRATEGIC),
    ("Cross-functional Collaboration", Category.SOCIAL),
    ("Customer Service", Category.SOCIAL),
])
def test_the_category_rule(name, category):
    assert category_for(name) is category


def test_linkedin_samples_round_trip_through_the_portable_format(journal, tmp_path):
    import_file(journal, sample("Connections.csv", tmp_path))
    import_file(journal, sample("Skills.csv", tmp_path))
    copy = open_journal(tmp_path / "copy.sqlite", create=True)
    try:
        import_bundle(copy, snapshot(journal))
        assert snapshot(copy) == snapshot(journal)
    finally:
        copy.close()


def test_an_outlook_contacts_csv_keeps_email_company_and_job_title(journal, tmp_path):
    summary = import_file(journal, sample("outlook-contacts.csv", tmp_path), relationship=Relationship.PEER)
    assert summary == "Imported 2 contacts from outlook-contacts.csv (2 new)."
    grace = contacts_by_name(journal)["Grace Hopper"]
    assert (grace.email, grace.organization, grace.title) == ("grace.hopper@example.org", "US Navy", "Rear Admiral")
    assert grace.relationship is Relationship.PEER
    assert contacts_by_name(journal)["Ken Thompson"].organization == "Bell Labs"

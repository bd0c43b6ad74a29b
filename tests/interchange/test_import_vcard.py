"""vCard import: folding, escapes and charsets read right; contacts merged by email, else name; bad cards refused whole."""

from __future__ import annotations

import pytest

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.records import Relationship
from masterydesk.interchange.importers import apply_plan, import_file, plan_import
from masterydesk.interchange.preview import RowAction
from masterydesk.interchange.vcard import parse_cards, text_value, unfold
from masterydesk.services.transfer import import_bundle
from masterydesk.store.database import open_journal
from tests.builders import contact, fill, skill
from tests.interchange.helpers import file_digest, sample, snapshot


def by_name(journal) -> dict:
    return {c.name: c for c in snapshot(journal).contacts}


def write_vcf(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "cards.vcf"
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def test_unfolding_joins_continuation_lines_and_keeps_the_starting_line_number():
    text = "BEGIN:VCARD\r\nNOTE:one \r\n two\r\n\tthree\r\nFN:X\r\nEND:VCARD\r\n"
    assert unfold(text) == [(1, "BEGIN:VCARD"), (2, "NOTE:one twothree"), (5, "FN:X"), (6, "END:VCARD")]


def test_escaped_characters_are_unescaped():
    card = parse_cards("BEGIN:VCARD\nNOTE:a\\, b\\; c\\nd\\\\e\\Nf\nEND:VCARD\n")[0]
    assert text_value(card.properties[0]) == "a, b; c\nd\\e\nf"


def test_version_3_sample_gives_names_emails_organizations_titles_notes(journal, tmp_path):
    summary = import_file(journal, sample("contacts-v3.vcf", tmp_path))
    assert summary == "Imported 3 contacts from contacts-v3.vcf (3 new)."
    amara = by_name(journal)["Amara Okafor"]
    assert amara.email == "amara.okafor@example.org"  # the type=pref one
    assert amara.organization == "Northwind Analytics, Data Platform"
    assert amara.title == "Staff Data Engineer"
    assert amara.relationship is Relationship.PEER
    assert amara.notes.startswith(
        "Met at the Data Council meetup, Austin. Offered to review my pipeline design; follow up in spring.\n"
        "Likes async feedback."
    )
    assert "Other emails: amara@home.example" in amara.notes
    assert "Categories: Mentors, Python, data-engineering" in amara.notes
    hannes = by_name(journal)["Dr. Hannes Gruber"]
    assert hannes.notes.startswith("Spricht über Architektur und Führung – immer großzügig mit seiner Zeit.")
    assert by_name(journal)["Priya Raman"].email == "priya.raman@example.com"  # a card with N and no FN


def test_categories_naming_skills_link_them(journal, tmp_path):
    fill(journal, skills=[skill("python", name="Python"), skill("de", name="Data Engineering")])
    import_file(journal, sample("contacts-v3.vcf", tmp_path))
    amara = by_name(journal)["Amara Okafor"]
    assert amara.skill_ids == ("python", "de")
    assert "Categories: Mentors\n" in amara.notes + "\n"


def test_version_4_sample_skips_groups_and_cards_without_a_name(journal, tmp_path):
    plan = plan_import(journal, sample("contacts-v4.vcf", tmp_path))
    skipped = {row.label: row.detail for row in plan.rows if row.action is RowAction.SKIP}
    assert skipped == {"Rust Study Circle": "the card describes a group", "nobody@example.com": "the card has no name"}
    apply_plan(journal, plan)
    contacts = by_name(journal)
    assert contacts["Sofia Lindqvist"].email == "sofia@lindqvist.example"  # PREF=1
    assert contacts["Sofia Lindqvist"].title == "Accountability partner, weekly"
    assert "hon förstår hur det är att bygga en vana." in contacts["Sofia Lindqvist"].notes
    assert contacts["Hiroshi Tanaka"].notes == "田中さんはコードレビューの達人です。"
    assert contacts["Hiroshi Tanaka"].organization == "Tailspin Toys, Developer Experience"


def test_version_2_1_quoted_printable_in_its_declared_charset(journal, tmp_path):
    import_file(journal, sample("contacts-v21.vcf", tmp_path))
    jurgen = by_name(journal)["Jürgen Müller"]
    assert jurgen.email == "juergen.mueller@example.de"
    assert jurgen.notes == "Grüße aus Köln. Sehr hilfreich bei der Vorbereitung auf das Interview."


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_files_saved_by_windows_tools_are_decoded(journal, tmp_path, encoding):
    path = write_vcf(tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:Zoë Ångström\nNOTE:Café\nEND:VCARD\n", encoding)
    import_file(journal, path)
    assert by_name(journal)["Zoë Ångström"].notes == "Café"


def test_a_match_by_email_fills_in_empty_fields_and_keeps_the_rest(journal, tmp_path):
    fill(journal, contacts=[contact("amara", name="Amara O.", email="AMARA.OKAFOR@example.org",
                                    relationship=Relationship.MENTOR, notes="Knows Spark.")])
    plan = plan_import(journal, sample("contacts-v3.vcf", tmp_path), relationship="mentee")
    merged = [row for row in plan.rows if row.action is RowAction.MERGE]
    assert [(row.label, row.record_id) for row in merged] == [("Amara O. <AMARA.OKAFOR@example.org>", "amara")]
    assert merged[0].detail == "same email as 'Amara O.'; fills in organization, title, notes"
    apply_plan(journal, plan)
    amara = by_name(journal)["Amara O."]
    assert (amara.email, amara.relationship, amara.title) == ("AMARA.OKAFOR@example.org", Relationship.MENTOR, "Staff Data Engineer")
    assert amara.notes.startswith("Knows Spark.\n\nMet at the Data Council")
    assert by_name(journal)["Priya Raman"].relationship is Relationship.MENTEE  # a new contact takes the choice


def test_a_match_by_name_needs_no_conflicting_email(journal, tmp_path):
    fill(journal, contacts=[
        contact("hannes", name="dr.  hannes GRUBER"),
        contact("priya", name="Priya Raman", email="priya@elsewhere.example"),
    ])
    import_file(journal, sample("contacts-v3.vcf", tmp_path))
    contacts = snapshot(journal).contacts
    assert next(c for c in contacts if c.id == "hannes").email == "hannes.gruber@example.at"
    assert sorted(c.email for c in contacts if c.name == "Priya Raman") == ["priya.raman@example.com", "priya@elsewhere.example"]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(journal, tmp_path):
    path = sample("contacts-v3.vcf", tmp_path)
    import_file(journal, path)
    before = snapshot(journal)
    again = plan_import(journal, path)
    assert {row.action for row in again.rows} == {RowAction.UNCHANGED}
    assert again.summary() == "Nothing to import from contacts-v3.vcf (3 unchanged)."
    apply_plan(journal, again)
    assert snapshot(journal) == before


def test_duplicate_cards_in_one_file_become_one_contact(journal, tmp_path):
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:ann@example.com\n{extra}END:VCARD\n"
    path = write_vcf(tmp_path, card.format(extra="") + card.format(extra="TITLE:CTO\n"))
    plan = plan_import(journal, path)
    assert [row.action for row in plan.rows] == [RowAction.ADD, RowAction.MERGE]
    assert plan.rows[1].detail == "same email as the contact from line 1; fills in title"
    apply_plan(journal, plan)
    assert [(c.name, c.title) for c in snapshot(journal).contacts] == [("Ann Lee", "CTO")]


def test_an_unknown_relationship_is_refused_with_the_choices(journal, tmp_path):
    with pytest.raises(MasteryDeskError, match="'friend' is not a relationship; choose one of mentor, peer"):
        plan_import(journal, sample("contacts-v3.vcf", tmp_path), relationship="friend")


def test_the_sample_round_trips_through_the_portable_format(journal, tmp_path):
    import_file(journal, sample("contacts-v3.vcf", tmp_path))
    import_file(journal, sample("contacts-v4.vcf", tmp_path))
    copy = open_journal(tmp_path / "copy.sqlite", create=True)
    try:
        import_bundle(copy, snapshot(journal))
        assert snapshot(copy) == snapshot(journal)
    finally:
        copy.close()


BROKEN = {
    "no end": ("BEGIN:VCARD\nVERSION:3.0\nFN:A\n", "The card that starts on line 5 has no END:VCARD"),
    "nested": ("BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\nEND:VCARD\n", "Line 7 starts a card before the card of line 5 has ended"),
    "outside": ("BEGIN:VCARD\nFN:A\nEND:VCARD\nFN:B\n", "Line 8 lies outside any card"),
    "no colon": ("BEGIN:VCARD\nFN:A\nthis is not a property\nEND:VCARD\n", "Line 7 is not a vCard property"),
    "bad name": ("BEGIN:VCARD\nF N:A\nEND:VCARD\n", "Line 6 has a property name a vCard cannot have"),
    "version": ("BEGIN:VCARD\nVERSION:5.0\nFN:A\nEND:VCARD\n", "vCard version '5.0'"),
    "long name": ("BEGIN:VCARD\nFN:" + "x" * 201 + "\nEND:VCARD\n", "The card on line 5: the name is longer than 200"),
    "bad base64": ("BEGIN:VCARD\nFN:A\nNOTE;ENCODING=b:%%%=\nEND:VCARD\n", "Line 7 holds base64 text"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_file_is_refused_naming_the_line_and_the_journal_is_untouched(journal, journal_path, tmp_path, case):
    good = "BEGIN:VCARD\nVERSION:3.0\nFN:Good Card\nEND:VCARD\n"
    text, message = BROKEN[case]
    fill(journal, contacts=[contact("kept")])
    before = file_digest(journal_path)
    with pytest.raises(MasteryDeskError, match=message) as refused:
        import_file(journal, write_vcf(tmp_path, good + text))
    assert "\n" not in str(refused.value)
    assert file_digest(journal_path) == before

"""iCalendar export: CRLF, folding at 75 octets, escaped text, follow-ups and targets as to-dos, a monthly check-in."""

from __future__ import annotations

import datetime as dt
import re
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from masterydesk.domain.records import Bundle, CheckIn, Role
from masterydesk.interchange import ics
from masterydesk.interchange.exporters import export_journal
from tests.builders import contact, fill

D = dt.date
NOW = dt.datetime(2024, 3, 1, 12, 30, tzinfo=dt.timezone.utc)
LONG_NAME = "Zoë Ångström-Σαββίδης, PhD; Principal Engineer at Überlange Firmenbezeichnung GmbH 日本語"


@pytest.fixture
def calendar_journal(journal):
    fill(
        journal,
        contacts=[
            contact("zoe", name=LONG_NAME, organization="Contoso, Ltd.", follow_up_on=D(2024, 5, 2)),
            contact("ada", name="Ada"),  # no follow-up: no to-do
        ],
        roles=[Role("staff", "Staff Engineer", organization="Fabrikam", target_date=D(2025, 1, 31), notes="Needs:\n- SQL\\Python; talks")],
        checkins=[CheckIn("c1", D(2023, 12, 15)), CheckIn("c2", D(2024, 1, 31))],
    )
    return journal


def parsed(raw: bytes | str) -> Calendar:
    return Calendar.from_ical(raw)


def by_uid(calendar: Calendar) -> dict:
    return {str(c["UID"]): c for c in calendar.walk() if "UID" in c}


def summary_of(name: str) -> str:
    """The SUMMARY of the follow-up of a contact with that name, after a write (lines checked) and a parse."""
    bundle = Bundle(contacts=(contact("x", name=name, follow_up_on=D(2024, 5, 2)),))
    raw = ics.calendar_text(bundle, D(2024, 3, 1), NOW).encode("utf-8")
    assert raw.count(b"\n") == raw.count(b"\r\n") == raw.count(b"\r")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    return str(by_uid(parsed(raw))["follow-up-x@masterydesk"]["SUMMARY"])


def test_lines_end_in_crlf_and_fold_at_75_octets_between_characters(calendar_journal, tmp_path):
    raw = export_journal(calendar_journal, tmp_path / "plan.ics", "ics").read_bytes()
    assert raw.endswith(b"\r\n") and raw.count(b"\n") == raw.count(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the long name was folded
    for line in lines:
        line.decode("utf-8")  # no character was cut in two


def test_follow_ups_targets_and_the_monthly_check_in(calendar_journal, tmp_path):
    calendar = parsed(export_journal(calendar_journal, tmp_path / "plan.ics", "ics").read_bytes())
    assert calendar["VERSION"] == "2.0" and str(calendar["PRODID"]).startswith("-//MasteryDesk//MasteryDesk ")
    found = by_uid(calendar)
    todo = found["follow-up-zoe@masterydesk"]
    assert todo.name == "VTODO" and todo in calendar.subcomponents
    assert todo["SUMMARY"] == f"Follow up with {LONG_NAME}"
    assert todo.decoded("DUE") == D(2024, 5, 2) and todo["DUE"].params["VALUE"] == "DATE"
    assert todo["DESCRIPTION"] == "peer · Contoso, Ltd." and todo["STATUS"] == "NEEDS-ACTION"
    target = found["role-target-staff@masterydesk"]
    assert target["SUMMARY"] == "Target date: Staff Engineer at Fabrikam"
    assert target["DESCRIPTION"] == "Needs:\n- SQL\\Python; talks"
    assert target.decoded("DUE") == D(2025, 1, 31)
    event = found["monthly-check-in@masterydesk"]
    assert event.name == "VEVENT" and event["RRULE"] == {"FREQ": ["MONTHLY"]}
    assert event.decoded("DTSTART") == D(2024, 2, 28)  # a month after the 31st, kept on a day every month has
    assert event.decoded("DTEND") == D(2024, 2, 29)
    [alarm] = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY" and alarm.decoded("TRIGGER") == dt.timedelta(hours=9)
    assert "follow-up-ada@masterydesk" not in found


def test_the_written_text_is_escaped_by_the_rules(calendar_journal, tmp_path):
    text = export_journal(calendar_journal, tmp_path / "plan.ics", "ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "DESCRIPTION:Needs:\\n- SQL\\\\Python\\; talks\r\n" in text
    assert "Zoë Ångström-Σαββίδης\\, PhD\\; Principal" in text


def test_uids_are_stable_between_exports(calendar_journal, tmp_path):
    def uids(out):
        return [str(c["UID"]) for c in parsed(export_journal(calendar_journal, out, "ics").read_bytes()).walk() if "UID" in c]

    first, second = uids(tmp_path / "a.ics"), uids(tmp_path / "b.ics")
    assert first == second and len(set(first)) == 3


def test_a_folder_gets_a_private_calendar_file_inside(calendar_journal, tmp_path):
    written = export_journal(calendar_journal, tmp_path, "ics")
    assert written == tmp_path / "masterydesk.ics"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_without_check_ins_the_first_is_on_the_first_of_next_month():
    assert ics.next_check_in(Bundle(), D(2024, 12, 20)) == D(2025, 1, 1)


@pytest.mark.parametrize("name", ["x" * 60, "x" * 61, "x" * 62, "é" * 40, "a" + "🚀" * 30, "日本" * 50, "\\" * 80 + ",;" * 20])
def test_folding_keeps_every_line_within_75_octets_and_unfolds_to_the_name(name):
    assert summary_of(name) == f"Follow up with {name}"  # summary_of checks the line lengths


@pytest.mark.parametrize(
    ("name", "summary"),
    [
        ("a,b;c\\d\r\ne\x00f", "a,b;c\\d\nef"),  # escaped and unescaped; the NUL dropped
        ("a\rb\x0cc\x7fd\te", "a\nbcd\te"),  # a lone CR is a line break; form feed and DEL dropped; a tab kept
        ("C:\\Notes\\N", "C:\\Notes\\N"),  # icalendar alone would write a backslash and N as a line break
    ],
)
def test_text_escapes(name, summary):
    assert summary_of(name) == f"Follow up with {summary}"


# Any text at all, with the characters and pairs that mean something to iCalendar or break lines made likely.
SPECIAL = [",", ";", ":", "\\", "\\N", "\\n", "\n", "\r", "\r\n", "\t", "\x00", "\x7f", "\x85", "\u2028", "🚀", "é"]
NAMES = st.lists(st.text(st.characters(codec="utf-8"), max_size=8) | st.sampled_from(SPECIAL), max_size=30).map("".join)


@settings(max_examples=300, deadline=None, database=None)
@given(name=NAMES)
def test_any_contact_name_parses_back_as_it_was_stored(name):
    # The decision: iCalendar TEXT cannot carry control characters other than the tab (RFC 5545
    # section 3.3.11), so C0 controls and DEL are dropped and a CR, LF or CRLF becomes a line break;
    # every other character, C1 controls and U+2028 included, comes back exactly.
    expected = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", name.replace("\r\n", "\n").replace("\r", "\n"))
    assert summary_of(name) == f"Follow up with {expected}"

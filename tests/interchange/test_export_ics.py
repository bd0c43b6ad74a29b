"""iCalendar export: CRLF, folding at 75 octets, escaped text, follow-ups and targets as to-dos, a monthly check-in."""

from __future__ import annotations

import datetime as dt
import re
import stat

import pytest

from masterydesk.domain.records import Bundle, CheckIn, Role
from masterydesk.interchange import ics
from masterydesk.interchange.exporters import export_journal
from tests.builders import contact, fill

D = dt.date
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


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def components(text: str) -> list[dict]:
    """Each component as {"type", "parent", "properties": {name: raw value}, "heads": {name: name;params}}."""
    found, stack = [], []
    for line in text.replace("\r\n ", "").split("\r\n"):
        if not line:
            continue
        head, value = line.split(":", 1)
        name = head.split(";", 1)[0]
        if name == "BEGIN":
            component = {"type": value, "parent": stack[-1]["type"] if stack else None, "properties": {}, "heads": {}}
            stack.append(component)
            found.append(component)
        elif name == "END":
            assert stack.pop()["type"] == value
        else:
            stack[-1]["properties"][name] = value
            stack[-1]["heads"][name] = head
    assert not stack
    return found


def test_lines_end_in_crlf_and_fold_at_75_octets_between_characters(calendar_journal, tmp_path):
    raw = export_journal(calendar_journal, tmp_path / "plan.ics", "ics").read_bytes()
    assert raw.endswith(b"\r\n") and raw.count(b"\n") == raw.count(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the long name was folded
    for line in lines:
        line.decode("utf-8")  # no character was cut in two


def test_follow_ups_targets_and_the_monthly_check_in(calendar_journal, tmp_path):
    text = export_journal(calendar_journal, tmp_path / "plan.ics", "ics").read_bytes().decode("utf-8")
    found = {c["properties"].get("UID", c["type"]): c for c in components(text)}
    todo = found["follow-up-zoe@masterydesk"]
    assert todo["type"] == "VTODO" and todo["parent"] == "VCALENDAR"
    assert unescape(todo["properties"]["SUMMARY"]) == f"Follow up with {LONG_NAME}"
    assert (todo["heads"]["DUE"], todo["properties"]["DUE"]) == ("DUE;VALUE=DATE", "20240502")
    assert unescape(todo["properties"]["DESCRIPTION"]) == "peer · Contoso, Ltd."
    target = found["role-target-staff@masterydesk"]
    assert unescape(target["properties"]["SUMMARY"]) == "Target date: Staff Engineer at Fabrikam"
    assert unescape(target["properties"]["DESCRIPTION"]) == "Needs:\n- SQL\\Python; talks"
    assert target["properties"]["DUE"] == "20250131"
    event = found["monthly-check-in@masterydesk"]
    assert event["properties"]["RRULE"] == "FREQ=MONTHLY"
    assert event["properties"]["DTSTART"] == "20240228"  # a month after the 31st, kept on a day every month has
    alarm = found["VALARM"]
    assert alarm["parent"] == "VEVENT" and alarm["properties"]["ACTION"] == "DISPLAY" and alarm["properties"]["TRIGGER"] == "PT9H"
    assert "follow-up-ada@masterydesk" not in found


def test_uids_are_stable_between_exports(calendar_journal, tmp_path):
    def uids(out):
        return re.findall(r"^UID:([^\r]*)", export_journal(calendar_journal, out, "ics").read_bytes().decode().replace("\r\n ", ""), re.M)

    first, second = uids(tmp_path / "a.ics"), uids(tmp_path / "b.ics")
    assert first == second and len(set(first)) == 3


def test_a_folder_gets_a_private_calendar_file_inside(calendar_journal, tmp_path):
    written = export_journal(calendar_journal, tmp_path, "ics")
    assert written == tmp_path / "masterydesk.ics"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_without_check_ins_the_first_is_on_the_first_of_next_month():
    assert ics.next_check_in(Bundle(), D(2024, 12, 20)) == D(2025, 1, 1)


@pytest.mark.parametrize("line", ["x" * 74, "x" * 75, "x" * 76, "é" * 40, "a" + "🚀" * 30, "DESCRIPTION:" + "日本" * 50])
def test_folding_keeps_every_piece_within_75_octets_and_unfolds_to_the_line(line):
    folded = ics.fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line


def test_text_escapes():
    assert ics.escape_text("a,b;c\\d\r\ne\x00") == "a\\,b\\;c\\\\d\\ne"

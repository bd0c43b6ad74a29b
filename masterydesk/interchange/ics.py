"""iCalendar export (RFC 5545): follow-ups and role target dates as to-dos, a monthly check-in event."""

from __future__ import annotations

import datetime as dt
import re

from masterydesk import __version__
from masterydesk.domain.records import Bundle, Contact, Role

CRLF = "\r\n"
MAX_OCTETS = 75
UID_DOMAIN = "masterydesk"
CHECK_IN_DAY_LIMIT = 28  # a monthly rule on the 29th-31st skips the months without that day
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newline escaped, other control characters dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """The line folded into pieces of at most 75 octets, never inside a UTF-8 character."""
    pieces, current, size = [], [], 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1  # continuation lines start with a space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def _day(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _todo(uid: str, stamp: str, summary: str, due: dt.date, description: str) -> list[str]:
    lines = [
        "BEGIN:VTODO",
        f"UID:{escape_text(uid)}@{UID_DOMAIN}",
        f"DTSTAMP:{stamp}",
        f"SUMMARY:{escape_text(summary)}",
        f"DUE;VALUE=DATE:{_day(due)}",
        "STATUS:NEEDS-ACTION",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    return lines + ["END:VTODO"]


def follow_up_todo(contact: Contact, stamp: str) -> list[str]:
    """A to-do on the contact's follow-up date."""
    about = " · ".join(p for p in (str(contact.relationship).replace("_", " "), contact.organization, contact.email) if p)
    return _todo(f"follow-up-{contact.id}", stamp, f"Follow up with {contact.name}", contact.follow_up_on, about)


def role_target_todo(role: Role, stamp: str) -> list[str]:
    """A to-do on the role's target date."""
    title = f"{role.title} at {role.organization}" if role.organization else role.title
    return _todo(f"role-target-{role.id}", stamp, f"Target date: {title}", role.target_date, role.notes)


def next_check_in(bundle: Bundle, today: dt.date) -> dt.date:
    """A month after the latest check-in, or the first of next month when there is none."""
    if not bundle.checkins:
        return (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    latest = max(checkin.date for checkin in bundle.checkins)
    month_after = (latest.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return month_after.replace(day=min(latest.day, CHECK_IN_DAY_LIMIT))


def check_in_event(start: dt.date, stamp: str) -> list[str]:
    """An all-day event every month from start, with a reminder at 09:00 on the day."""
    return [
        "BEGIN:VEVENT",
        f"UID:monthly-check-in@{UID_DOMAIN}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_day(start)}",
        f"DTEND;VALUE=DATE:{_day(start + dt.timedelta(days=1))}",
        "RRULE:FREQ=MONTHLY",
        "SUMMARY:MasteryDesk monthly check-in",
        f"DESCRIPTION:{escape_text('Review the month: what is working, what to adjust.')}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:MasteryDesk monthly check-in",
        "TRIGGER:PT9H",
        "END:VALARM",
        "END:VEVENT",
    ]


def calendar_text(bundle: Bundle, today: dt.date, now: dt.datetime) -> str:
    """The whole calendar, CRLF line ends, every line folded."""
    stamp = _stamp(now)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//MasteryDesk//MasteryDesk {__version__}//EN", "CALSCALE:GREGORIAN", "X-WR-CALNAME:MasteryDesk"]
    lines += check_in_event(next_check_in(bundle, today), stamp)
    for contact in sorted(bundle.contacts, key=lambda c: c.id):
        if contact.follow_up_on:
            lines += follow_up_todo(contact, stamp)
    for role in sorted(bundle.roles, key=lambda r: r.id):
        if role.target_date:
            lines += role_target_todo(role, stamp)
    lines.append("END:VCALENDAR")
    return CRLF.join(fold(line) for line in lines) + CRLF

"""iCalendar export (RFC 5545) through the icalendar package: follow-ups and role target dates as to-dos, a monthly check-in event.

icalendar escapes TEXT values, folds lines at 75 octets between characters, writes CRLF and UTF-8.
"""

from __future__ import annotations

import datetime as dt
import re

from icalendar import Alarm, Calendar, Event, Todo, vRecur, vText

from masterydesk import __version__
from masterydesk.domain.records import Bundle, Contact, Role

UID_DOMAIN = "masterydesk"
CHECK_IN_DAY_LIMIT = 28  # a monthly rule on the 29th-31st skips the months without that day
# RFC 5545 TEXT cannot hold control characters other than HTAB; line breaks become "\n" escapes.
# icalendar writes the others as they are (a NUL or a form feed in the file), so they are dropped.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class _Text(vText):
    """TEXT that keeps a backslash before an N: icalendar reads the two as a line break by design."""

    def to_ical(self) -> bytes:
        # A NUL (never in text(): dropped as a control character) keeps them apart while icalendar
        # escapes, so the backslash is doubled; then the NUL goes.
        return vText(self.replace("\\N", "\\\0N")).to_ical().replace(b"\0", b"")


def text(value: str) -> _Text:
    """A TEXT value: line breaks kept, other control characters dropped; icalendar escapes it."""
    return _Text(_CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")))


def _todo(uid: str, stamp: dt.datetime, summary: str, due: dt.date, description: str) -> Todo:
    todo = Todo()
    todo.add("uid", text(f"{uid}@{UID_DOMAIN}"))
    todo.add("dtstamp", stamp)
    todo.add("summary", text(summary))
    todo.add("due", due)
    todo.add("status", "NEEDS-ACTION")
    if description:
        todo.add("description", text(description))
    return todo


def follow_up_todo(contact: Contact, stamp: dt.datetime) -> Todo:
    """A to-do on the contact's follow-up date."""
    about = " · ".join(p for p in (str(contact.relationship).replace("_", " "), contact.organization, contact.email) if p)
    return _todo(f"follow-up-{contact.id}", stamp, f"Follow up with {contact.name}", contact.follow_up_on, about)


def role_target_todo(role: Role, stamp: dt.datetime) -> Todo:
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


def check_in_event(start: dt.date, stamp: dt.datetime) -> Event:
    """An all-day event every month from start, with a reminder at 09:00 on the day."""
    event = Event()
    event.add("uid", f"monthly-check-in@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(days=1))
    event.add("rrule", vRecur(freq="MONTHLY"))
    event.add("summary", "MasteryDesk monthly check-in")
    event.add("description", "Review the month: what is working, what to adjust.")
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "MasteryDesk monthly check-in")
    alarm.add("trigger", dt.timedelta(hours=9))
    event.add_component(alarm)
    return event


def calendar_text(bundle: Bundle, today: dt.date, now: dt.datetime) -> str:
    """The whole calendar as icalendar writes it: CRLF line ends, lines folded at 75 octets."""
    stamp = now.astimezone(dt.timezone.utc).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", f"-//MasteryDesk//MasteryDesk {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "MasteryDesk")
    calendar.add_component(check_in_event(next_check_in(bundle, today), stamp))
    for contact in sorted(bundle.contacts, key=lambda c: c.id):
        if contact.follow_up_on:
            calendar.add_component(follow_up_todo(contact, stamp))
    for role in sorted(bundle.roles, key=lambda r: r.id):
        if role.target_date:
            calendar.add_component(role_target_todo(role, stamp))
    return calendar.to_ical().decode("utf-8")

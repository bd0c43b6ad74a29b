"""Follow-ups: when one is due, and where it goes once the person has been met, done or snoozed.

A contact's follow_up_on is the one date Today, the status line and the check-in read. Meeting the
person on or after it moves it on by the shortest cadence of their communities (cleared when none
has a cadence); Done clears it; Snooze puts it a week after today.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from masterydesk.domain.records import Community, Contact, Interaction

SNOOZE = dt.timedelta(weeks=1)


def is_due(contact: Contact, day: dt.date) -> bool:
    """The contact has a follow-up on or before the day."""
    return contact.follow_up_on is not None and contact.follow_up_on <= day


def cadence_of(contact_id: str, communities: Iterable[Community]) -> int | None:
    """The shortest cadence (days) of the contact's communities that have one (0 is none), else None."""
    return min(
        (c.cadence_days for c in communities if c.cadence_days and contact_id in c.member_ids), default=None
    )


def next_follow_up(contact_id: str, met_on: dt.date, communities: Iterable[Community]) -> dt.date | None:
    """Where a due follow-up goes after meeting the person: on by their community cadence, else nowhere."""
    cadence = cadence_of(contact_id, communities)
    return met_on + dt.timedelta(days=cadence) if cadence is not None else None


@dataclass(frozen=True, slots=True)
class FollowUpMove:
    """A follow-up an interaction answered: the contact before, and the contact with its next date (or none)."""

    before: Contact
    after: Contact

    @property
    def done(self) -> bool:
        return self.after.follow_up_on is None


def follow_ups_answered(
    interactions: Iterable[Interaction], contacts: Mapping[str, Contact], communities: Iterable[Community]
) -> list[FollowUpMove]:
    """The follow-ups the interactions answer, moved on (or cleared): one move per contact, from as it was.

    An interaction answers a contact's follow-up when it is with that contact and dated on or after it.
    Several with one person are taken in date order, each answering what the one before left due.
    """
    communities = tuple(communities)
    now = dict(contacts)
    for interaction in sorted(interactions, key=lambda i: i.date):
        contact = now.get(interaction.contact_id) if interaction.contact_id else None
        if contact is not None and is_due(contact, interaction.date):
            following = next_follow_up(contact.id, interaction.date, communities)
            now[contact.id] = dataclasses.replace(contact, follow_up_on=following)
    return [FollowUpMove(contacts[cid], contact) for cid, contact in now.items() if contact != contacts[cid]]


def follow_up_done(contact: Contact) -> Contact:
    """The contact with no follow-up."""
    return dataclasses.replace(contact, follow_up_on=None)


def follow_up_snoozed(contact: Contact, today: dt.date) -> Contact:
    """The contact with its follow-up a week after today."""
    return dataclasses.replace(contact, follow_up_on=today + SNOOZE)

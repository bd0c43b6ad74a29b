"""A mastermind group's page: its members' shared skills and tiers, its sessions, the work they presented.

A community (DESIGN.md: a group with a cadence in days and member contacts) is a mastermind group
when its members share their journal with each other on a PostgreSQL hub (sync.shares). For one of
my communities, group_page() lists each member contact with what they share with me: their skills
(not archived) with the tier each holds today, computed from their shared copy as a coach's
Clients list computes it (shares.client_view), and their latest applications, the work they
presented, which I may review (trust.feedback.send_review with relation PEER, sealed to them).

Which hub user a member is: the one who published, in `hub_keys`, the did:key the contact holds
(from the member's identity card, or a review they signed). Their share is signed with that key
(shares.received_shares checks it), so the member shown is the person whose key I hold, never
someone who only took their name. A member whose contact holds no key, whose key no hub user
published, or who does not share with me is listed with a sentence saying which.

Sessions: the last one is the latest interaction with the community dated today or before; the next
is an interaction planned after today, else the first day on the cadence (last + k × cadence days)
that is today or later. Both come from my journal only and need no hub (group_sessions).

Nothing private: a member's share holds no private entry (shares.shared_parts), and this page shows
only their skills and applications. Layers: sync may not import trust, so the caller gives the
identity (shares.Me) and the did:key reader (key_of); shares, and with it libsodium, loads only when
the hub is read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from masterydesk.domain import records as r
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.services.editing import read_records
from masterydesk.services.figures import day_text
from masterydesk.services.views import interactions_with
from masterydesk.store.database import Journal

RECENT_APPLICATIONS = 10  # the presented work listed per member, newest first
NEEDS_HUB = ("A group view needs a PostgreSQL hub that your journal syncs with and that the members share through; "
             "File ▸ Sync ▸ Set up sync… joins one.")
TIER_WORDS = {"none": "not started", "foundation": "Foundation", "applied": "Applied", "mastery": "Mastery"}


class GroupRefused(MasteryDeskError):
    """A group page that cannot be shown: one sentence, and nothing changed."""


@dataclass(frozen=True)
class Sessions:
    """A community's rhythm: meets every cadence_days; the last session logged and the next one."""

    name: str
    cadence_days: int | None
    last: dt.date | None
    next: dt.date | None

    def sentence(self) -> str:
        """'Meets every 14 days. Last session: 2 Mar 2026. Next session: 16 Mar 2026.'"""
        said = [f"Meets every {self.cadence_days} days." if self.cadence_days else "No cadence set."]
        said.append(f"Last session: {day_text(self.last)}." if self.last else
                    "No session logged yet (log one as an interaction with the group).")
        if self.next:
            said.append(f"Next session: {day_text(self.next)}.")
        return " ".join(said)


@dataclass(frozen=True)
class PresentedWork:
    """One application a member shared: what I can review."""

    id: str
    date: dt.date
    skill: str
    project: str
    notes: str
    quality: int | None
    novel_context: bool


@dataclass(frozen=True)
class Member:
    """One member contact and what they share with me (user is '' and problem says why when nothing)."""

    contact_id: str
    contact_name: str
    user: str = ""
    shared_name: str = ""
    skills: tuple[tuple[str, str], ...] = ()  # (skill name, tier word), by name
    work: tuple[PresentedWork, ...] = ()
    problem: str = ""

    @property
    def id(self) -> str:
        return self.contact_id

    def skills_text(self) -> str:
        return ", ".join(f"{name} ({tier})" for name, tier in self.skills)


@dataclass(frozen=True)
class GroupPage:
    """The group's page: its sessions, its members, and sentences for what could not be read."""

    sessions: Sessions
    members: tuple[Member, ...]
    problems: tuple[str, ...] = ()


# --- my journal: the community and its sessions ------------------------------------------------


def community_of(journal: Journal, community_id: str) -> r.Community:
    found = read_records(journal, "communities", [community_id]).communities
    if not found:
        raise GroupRefused("That community is no longer in the journal.")
    return found[0]


def next_session(last: dt.date | None, cadence_days: int | None, today: dt.date) -> dt.date | None:
    """The first day on the cadence after the last session that is today or later; None without both."""
    if last is None or not cadence_days:
        return None
    if last >= today:
        return last + dt.timedelta(days=cadence_days)
    steps = -(-(today - last).days // cadence_days)  # whole cadences, rounded up
    return last + dt.timedelta(days=steps * cadence_days)


def group_sessions(journal: Journal, community_id: str, today: dt.date) -> Sessions:
    """The community's cadence, its last session (on or before today) and its next (planned, or by cadence)."""
    community = community_of(journal, community_id)
    days = [line.interaction.date for line in interactions_with(journal, "communities", community_id)]
    last = max((day for day in days if day <= today), default=None)
    planned = min((day for day in days if day > today), default=None)
    return Sessions(community.name, community.cadence_days, last,
                    planned or next_session(last, community.cadence_days, today))


# --- the hub: each member's share ---------------------------------------------------------------


def group_page(journal: Journal, hub, me, key_of, community_id: str, today: dt.date | None = None) -> GroupPage:
    """The community's page: sessions from my journal, each member from the share they sent me (on hub)."""
    from masterydesk.sync import shares

    today = today or dt.date.today()
    sessions = group_sessions(journal, community_id, today)
    members = _member_contacts(journal, community_of(journal, community_id))
    users = shares.users_with_dids(hub, [c.did for c in members])
    received, problems = shares.received_shares(hub, me, key_of)
    by_owner = {share.owner: share for share in received}
    shown = tuple(_member(contact, users.get(contact.did, []), by_owner, me, today) for contact in members)
    return GroupPage(sessions, shown, tuple(problems))


def _member_contacts(journal: Journal, community: r.Community) -> list[r.Contact]:
    contacts = read_records(journal, "contacts", list(community.member_ids)).contacts
    return sorted(contacts, key=lambda c: c.name.casefold())


def _member(contact: r.Contact, users: list[str], by_owner: dict, me, today: dt.date) -> Member:
    """What one member shares with me, or a sentence saying why nothing."""
    from masterydesk.sync import shares

    plain = Member(contact.id, contact.name)
    if not contact.did:
        return _with_problem(plain, f"{contact.name}'s contact holds no key: import their identity card "
                                    "(File ▸ Import…) to find them on the hub.")
    if contact.did == me.did:
        return _with_problem(plain, "This contact holds your own key.")
    if not users:
        return _with_problem(plain, f"No hub user has published {contact.name}'s key.")
    sharing = [user for user in users if user in by_owner]
    if not sharing:
        return _with_problem(Member(contact.id, contact.name, users[0]),
                             f"{contact.name} ({users[0]}) does not share with you yet.")
    share = by_owner[sharing[0]]
    return Member(contact.id, contact.name, share.owner, share.name, _skills(shares.client_view(share, today), share.document),
                  presented_work(share.document))


def _with_problem(member: Member, problem: str) -> Member:
    return Member(member.contact_id, member.contact_name, member.user, problem=problem)


def _skills(view, document: dict) -> tuple[tuple[str, str], ...]:
    """(name, tier word) of the member's skills not archived, by name; tiers as of today, as their own app says."""
    archived = {s.get("id") for s in document.get("records", {}).get("skills", []) if s.get("archived")}
    skills = [(str(s["name"]), TIER_WORDS.get(str(s["tier"]), str(s["tier"])))
              for s in view.metrics["skills"] if s["id"] not in archived]
    return tuple(sorted(skills, key=lambda pair: pair[0].casefold()))


def presented_work(document: dict) -> tuple[PresentedWork, ...]:
    """The member's latest applications as shared, newest first."""
    records = document.get("records", {})
    skills = {s.get("id"): str(s.get("name", "")) for s in records.get("skills", [])}
    projects = {p.get("id"): str(p.get("name", "")) for p in records.get("projects", [])}
    applications = sorted(records.get("applications", []), key=lambda a: (a["date"], a["id"]), reverse=True)
    return tuple(
        PresentedWork(str(a["id"]), dt.date.fromisoformat(a["date"]), skills.get(a.get("skill_id"), ""),
                      projects.get(a.get("project_id"), ""), str(a.get("notes") or ""), a.get("quality"),
                      bool(a.get("novel_context")))
        for a in applications[:RECENT_APPLICATIONS]
    )

"""What the Projects, Community and Career tabs show, each read in one consistent read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from masterydesk.domain import records as r
from masterydesk.domain.metrics import RoleReadiness, role_readiness, supporters
from masterydesk.domain.tiers import Milestone, next_tier_milestones, tier_history
from masterydesk.services.browse import NAMED
from masterydesk.services.settings import read_rules
from masterydesk.store import browse, bundles, readers, related

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from masterydesk.store.database import Journal


def _names(connection: Connection, collection: str) -> dict[str, str]:
    return dict(browse.names(connection, *NAMED[collection]))


# --- Projects ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProjectLine:
    """A project with how many applications were logged in it."""

    project: r.Project
    applications: int

    @property
    def id(self) -> str:
        return self.project.id


@dataclass(frozen=True, slots=True)
class ApplicationLine:
    """An application with the names of its skill and reviewer."""

    application: r.Application
    skill_name: str
    reviewer_name: str

    @property
    def id(self) -> str:
        return self.application.id


def project_lines(journal: Journal) -> list[ProjectLine]:
    """Every project with its number of applications."""
    with journal.reading() as connection:
        projects = readers.read_projects(connection)
        counts = related.application_counts_by_project(connection)
    return [ProjectLine(p, counts.get(p.id, 0)) for p in projects]


def project_applications(journal: Journal, project_id: str) -> list[ApplicationLine]:
    """The applications logged in a project, newest first."""
    with journal.reading() as connection:
        applications = readers.read_applications(connection, related.application_ids_in_project(connection, project_id))
        skills = _names(connection, "skills")
        contacts = _names(connection, "contacts")
    lines = [
        ApplicationLine(a, skills.get(a.skill_id, ""), contacts.get(a.reviewer_id, "") if a.reviewer_id else "")
        for a in applications
    ]
    return sorted(lines, key=lambda x: x.application.date, reverse=True)


def application_project(journal: Journal, application_id: str) -> str | None:
    """The project an application was logged in (None when none, or no such application)."""
    with journal.reading() as connection:
        found = readers.read_applications(connection, [application_id])
    return found[0].project_id if found else None


# --- Community -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContactLine:
    """A contact with the names of the skills they support and whether a follow-up is due."""

    contact: r.Contact
    skill_names: tuple[str, ...]
    due: bool

    @property
    def id(self) -> str:
        return self.contact.id


@dataclass(frozen=True, slots=True)
class InteractionLine:
    """An interaction with the name of the other party: its community when listed under a contact, and so on."""

    interaction: r.Interaction
    with_whom: str

    @property
    def id(self) -> str:
        return self.interaction.id


@dataclass(frozen=True, slots=True)
class SupportGap:
    """A skill that one contact alone supports: a single point of failure."""

    skill_id: str
    skill_name: str
    contact_name: str

    @property
    def id(self) -> str:
        return self.skill_id


def contact_lines(journal: Journal, today: dt.date) -> list[ContactLine]:
    """Every contact, due ones (follow-up on or before today) marked."""
    with journal.reading() as connection:
        contacts = readers.read_contacts(connection)
        skills = _names(connection, "skills")
    return [
        ContactLine(c, tuple(skills.get(s, "") for s in c.skill_ids),
                    c.follow_up_on is not None and c.follow_up_on <= today)
        for c in contacts
    ]


def communities(journal: Journal) -> list[r.Community]:
    """Every community."""
    with journal.reading() as connection:
        return list(bundles.read_communities(connection))


def interactions_with(journal: Journal, collection: str, record_id: str) -> list[InteractionLine]:
    """The interactions with a contact or a community (collection names which), newest first."""
    by_contact = collection == "contacts"
    with journal.reading() as connection:
        interactions = readers.read_interactions(connection, related.interaction_ids_under(connection, collection, record_id))
        others = _names(connection, "communities" if by_contact else "contacts")
    lines = [InteractionLine(i, others.get((i.community_id if by_contact else i.contact_id) or "", ""))
             for i in interactions]
    return sorted(lines, key=lambda x: x.interaction.date, reverse=True)


def contacts_named_or_keyed(journal: Journal, did: str, name: str) -> tuple[r.Contact | None, r.Contact | None]:
    """The contact holding a key (did:key), and the contact of a name (case aside), each or None."""
    with journal.reading() as connection:
        contacts = readers.read_contacts(connection)
    by_key = next((c for c in contacts if did and c.did == did), None)
    by_name = next((c for c in contacts if c.name.casefold() == name.casefold()), None)
    return by_key, by_name


def interaction(journal: Journal, interaction_id: str) -> r.Interaction | None:
    """One interaction as it is now, or None."""
    with journal.reading() as connection:
        found = readers.read_interactions(connection, [interaction_id])
    return found[0] if found else None


def single_points_of_failure(journal: Journal) -> list[SupportGap]:
    """Skills (not archived) that exactly one contact supports, by skill name."""
    with journal.reading() as connection:
        contacts = readers.read_contacts(connection)
        skills = {s.id: s for s in readers.read_skills(connection)}
    names = {c.id: c.name for c in contacts}
    gaps = [
        SupportGap(skill_id, skills[skill_id].name, names[next(iter(ids))])
        for skill_id, ids in supporters(r.Bundle(contacts=contacts)).items()
        if len(ids) == 1 and skill_id in skills and not skills[skill_id].archived
    ]
    return sorted(gaps, key=lambda g: g.skill_name.lower())


# --- Career --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoleLine:
    """A target role with its readiness (None when it has no requirements)."""

    role: r.Role
    readiness: float | None

    @property
    def id(self) -> str:
        return self.role.id


@dataclass(frozen=True, slots=True)
class GapLine:
    """A requirement not yet met, and what the skill needs for its next tier."""

    skill_id: str
    skill_name: str
    held: r.Tier
    required: r.Tier
    next_steps: tuple[Milestone, ...]

    @property
    def id(self) -> str:
        return self.skill_id


@dataclass(frozen=True, slots=True)
class InterviewLine:
    """An informational interview, with the contact and their organization."""

    interaction: r.Interaction
    contact_name: str
    organization: str

    @property
    def id(self) -> str:
        return self.interaction.id


@dataclass(frozen=True, slots=True)
class RoleView:
    """Everything the Career tab shows about one target role."""

    role: r.Role
    readiness: RoleReadiness
    held: dict[str, r.Tier]
    gaps: tuple[GapLine, ...]
    milestones: tuple[r.Project, ...]
    interviews: tuple[InterviewLine, ...]


def _required_skills(roles: Iterable[r.Role]) -> set[str]:
    return {q.skill_id for role in roles for q in role.requirements}


def _project_status(connection: Connection, roles: Iterable[r.Role]) -> dict[str, r.ProjectStatus]:
    ids = {p for role in roles for p in role.milestone_project_ids}
    return {p.id: p.status for p in readers.read_projects(connection, ids)}


def role_lines(journal: Journal, today: dt.date) -> list[RoleLine]:
    """Every target role with its readiness as of today."""
    with journal.reading() as connection:
        roles = readers.read_roles(connection)
        rules = read_rules(connection)
        evidence = readers.evidence_of_skills(connection, _required_skills(roles))
        status = _project_status(connection, roles)
    tiers = {s: tier_history(ev, rules).tier_as_of(today) for s, ev in evidence.items()}
    return [RoleLine(role, role_readiness(role, tiers, status).readiness) for role in roles]


def _interviews(connection: Connection, role: r.Role) -> tuple[InterviewLine, ...]:
    """Informational interviews with people at the role's organization, or whose notes name the role."""
    kind = r.InteractionKind.INFORMATIONAL_INTERVIEW.value
    rows = related.interviews_with_contacts(connection, kind)
    organization = role.organization.strip().casefold()
    title = role.title.strip().casefold()
    # Compared in Python: SQLite's lower() folds ASCII letters only.
    found = {
        id: (name or "", at or "")
        for id, notes, name, at in rows
        if (organization and (at or "").strip().casefold() == organization)
        or (title and title in notes.casefold())
    }
    lines = [InterviewLine(i, *found[i.id]) for i in readers.read_interactions(connection, list(found))]
    return tuple(sorted(lines, key=lambda x: x.interaction.date, reverse=True))


def role_view(journal: Journal, role_id: str, today: dt.date) -> RoleView | None:
    """One role's readiness, gaps with their next steps, milestone projects and interviews."""
    with journal.reading() as connection:
        found = readers.read_roles(connection, [role_id])
        if not found:
            return None
        role = found[0]
        rules = read_rules(connection)
        evidence = readers.evidence_of_skills(connection, _required_skills([role]))
        projects = {p.id: p for p in readers.read_projects(connection, role.milestone_project_ids)}
        skills = _names(connection, "skills")
        interviews = _interviews(connection, role)
    held = {s: tier_history(ev, rules).tier_as_of(today) for s, ev in evidence.items()}
    readiness = role_readiness(role, held, {p.id: p.status for p in projects.values()})
    gaps = tuple(
        GapLine(g.skill_id, skills.get(g.skill_id, ""), g.held, g.required,
                tuple(next_tier_milestones(evidence[g.skill_id], rules, today)))
        for g in readiness.gaps
    )
    milestones = tuple(projects[p] for p in role.milestone_project_ids if p in projects)
    return RoleView(role, readiness, held, gaps, milestones, interviews)

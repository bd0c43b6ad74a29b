"""The records of a journal: frozen dataclasses with the portable string ids kept."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Category(StrEnum):
    TECHNICAL = "technical"
    SOCIAL = "social"
    STRATEGIC = "strategic"


class Tier(StrEnum):
    NONE = "none"
    FOUNDATION = "foundation"
    APPLIED = "applied"
    MASTERY = "mastery"

    @property
    def ordinal(self) -> int:
        """0 for none, 1 for foundation, 2 for applied, 3 for mastery (the readiness formula uses these)."""
        return TIER_ORDER.index(self)

    @property
    def label(self) -> str:
        """How the tier is shown: "Not started", "Foundation", "Applied", "Mastery"."""
        return "Not started" if self is Tier.NONE else self.value.title()

    @property
    def following(self) -> Tier | None:
        """The next tier up (None at Mastery)."""
        return TIER_ORDER[self.ordinal + 1] if self is not Tier.MASTERY else None


TIER_ORDER = (Tier.NONE, Tier.FOUNDATION, Tier.APPLIED, Tier.MASTERY)
# A role can require these (requiring "not started" would require nothing).
REQUIRED_TIERS = TIER_ORDER[1:]


class EntryKind(StrEnum):
    PRACTICE = "practice"
    LEARNING = "learning"
    REFLECTION = "reflection"


class ProjectStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    DONE = "done"
    DROPPED = "dropped"


class TeachingFormat(StrEnum):
    MENTORING = "mentoring"
    TALK = "talk"
    WORKSHOP = "workshop"
    CODE_REVIEW = "code_review"
    WRITING = "writing"
    PAIRING = "pairing"
    OTHER = "other"


class Relationship(StrEnum):
    MENTOR = "mentor"
    PEER = "peer"
    MENTEE = "mentee"
    ACCOUNTABILITY_PARTNER = "accountability_partner"
    COACH = "coach"
    INDUSTRY = "industry"


class InteractionKind(StrEnum):
    FEEDBACK = "feedback"
    MEETING = "meeting"
    INTRO = "intro"
    INFORMATIONAL_INTERVIEW = "informational_interview"
    REVIEW = "review"
    OTHER = "other"


# The days MasteryDesk reports on and date fields offer. Figures look back a window's length,
# and the calendar a year, from a window's days: a day near year 1 or 9999 overflowed that.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)


@dataclass(frozen=True, slots=True)
class Skill:
    """A skill on the map; prerequisites are other skills' ids, and an archived skill keeps its evidence."""

    id: str
    name: str
    category: Category
    description: str = ""
    learned_on: dt.date | None = None
    prerequisites: tuple[str, ...] = ()
    archived: bool = False


@dataclass(frozen=True, slots=True)
class Project:
    """A project where skills were applied; a done one counts as a role's milestone reached."""

    id: str
    name: str
    status: ProjectStatus
    description: str = ""
    role: str = ""
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    outcome: str = ""


@dataclass(frozen=True, slots=True)
class Contact:
    """A person in the network; skill_ids are the skills they support."""

    id: str
    name: str
    relationship: Relationship
    email: str = ""
    organization: str = ""
    title: str = ""
    skill_ids: tuple[str, ...] = ()
    follow_up_on: dt.date | None = None
    notes: str = ""
    did: str = ""  # the peer's key as a did:key, from their identity card or a review they signed


@dataclass(frozen=True, slots=True)
class Community:
    """A group of contacts, met every cadence_days (None: no set cadence)."""

    id: str
    name: str
    focus: str = ""
    cadence_days: int | None = None
    member_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One journal entry of a day: practice, learning or reflection; a private one never leaves the machine."""

    id: str
    date: dt.date
    kind: EntryKind
    text: str
    minutes: int = 0
    skill_ids: tuple[str, ...] = ()
    private: bool = False


@dataclass(frozen=True, slots=True)
class Application:
    """One use of a skill on a day: in which project, whether in a novel context, how it was rated and by whom."""

    id: str
    skill_id: str
    date: dt.date
    project_id: str | None = None
    novel_context: bool = False
    quality: int | None = None
    reviewer_id: str | None = None
    notes: str = ""
    review: str = ""  # the reviewer's signed answer (trust.reviews), as JSON; "" when there is none


@dataclass(frozen=True, slots=True)
class TeachingEvent:
    """One time a skill was taught: the format, the audience and its rating."""

    id: str
    skill_id: str
    date: dt.date
    format: TeachingFormat
    audience_size: int = 1
    rating: int | None = None
    contact_id: str | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Idea:
    """An idea an interaction brought, and the day it was applied (None until then)."""

    text: str
    applied_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Interaction:
    """An exchange with a contact or a community, and the ideas it brought."""

    id: str
    date: dt.date
    kind: InteractionKind
    contact_id: str | None = None
    community_id: str | None = None
    notes: str = ""
    ideas: tuple[Idea, ...] = ()


@dataclass(frozen=True, slots=True)
class Requirement:
    """What a role requires of one skill: a tier, weighted in the role's readiness."""

    skill_id: str
    tier: Tier
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Role:
    """A target role: the skills and tiers it requires, and the projects that are its milestones."""

    id: str
    title: str
    organization: str = ""
    target_date: dt.date | None = None
    requirements: tuple[Requirement, ...] = ()
    milestone_project_ids: tuple[str, ...] = ()
    notes: str = ""
    created_on: dt.date | None = None  # the day the role was added; readiness is drawn from it


@dataclass(frozen=True, slots=True)
class CheckIn:
    """A check-in: what is working, what to adjust, and notes."""

    id: str
    date: dt.date
    working: str = ""
    adjust: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Bundle:
    """A set of records of every kind: a whole journal, or the part of one being imported."""

    skills: tuple[Skill, ...] = ()
    projects: tuple[Project, ...] = ()
    contacts: tuple[Contact, ...] = ()
    communities: tuple[Community, ...] = ()
    journal: tuple[JournalEntry, ...] = ()
    applications: tuple[Application, ...] = ()
    teaching: tuple[TeachingEvent, ...] = ()
    interactions: tuple[Interaction, ...] = ()
    roles: tuple[Role, ...] = ()
    checkins: tuple[CheckIn, ...] = ()


COLLECTIONS = tuple(f.name for f in Bundle.__dataclass_fields__.values())


@dataclass(frozen=True, slots=True)
class TierRules:
    """The thresholds of the tier rules and of application strength (DESIGN.md, second edition).

    The user may change every one in Settings; they are stored in the journal.
    """

    applied_min_applications: int = 3
    applied_min_days: int = 2
    applied_min_reviewed: int = 1
    applied_min_quality: int = 3
    mastery_min_teaching: int = 3
    mastery_min_teaching_days: int = 2
    mastery_min_mean_rating: float = 4.0
    mastery_min_novel: int = 1
    strength_half_life_days: float = 30.0
    at_risk_below: float = 1.0


@dataclass(frozen=True, slots=True)
class Window:
    """A closed date interval [start, end]."""

    start: dt.date
    end: dt.date

    @property
    def weeks(self) -> float:
        return ((self.end - self.start).days + 1) / 7

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Practice:
    """The journal entries of one day (all of them, or those naming one skill): how many, how long."""

    date: dt.date
    minutes: int
    entries: int = 1


@dataclass(frozen=True, slots=True)
class PracticeLog:
    """The journal's practice, day by day: every entry, and the entries naming each skill.

    The metrics need minutes and dates, never the text; the store adds them up in SQL.
    """

    days: tuple[Practice, ...] = ()
    by_skill: dict[str, tuple[Practice, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NetworkCounts:
    """What the metrics count of the network in one window: the window's interactions, the ideas
    they brought and how many of those were applied, and each skill's supporters (the contacts
    linked to it, whenever linked).

    The store adds them up in SQL, without reading the interactions and contacts one by one.
    """

    interactions: int = 0
    ideas: int = 0
    ideas_applied: int = 0
    supporters: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the tier rules and a skill's figures look at.

    Its applications and teaching events, the days its journal entries were written on (with
    their minutes: entries start a skill and count as practice) and the day learning started.
    """

    applications: tuple[Application, ...] = field(default=())
    teaching: tuple[TeachingEvent, ...] = field(default=())
    practice: tuple[Practice, ...] = field(default=())
    learned_on: dt.date | None = None

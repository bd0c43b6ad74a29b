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
    FOUNDATION = "foundation"
    APPLIED = "applied"
    MASTERY = "mastery"

    @property
    def ordinal(self) -> int:
        """1 for foundation, 2 for applied, 3 for mastery (the readiness formula uses these)."""
        return TIER_ORDER.index(self) + 1


TIER_ORDER = (Tier.FOUNDATION, Tier.APPLIED, Tier.MASTERY)


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
    id: str
    name: str
    category: Category
    description: str = ""
    learned_on: dt.date | None = None
    prerequisites: tuple[str, ...] = ()
    archived: bool = False


@dataclass(frozen=True, slots=True)
class Project:
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
    id: str
    name: str
    relationship: Relationship
    email: str = ""
    organization: str = ""
    title: str = ""
    skill_ids: tuple[str, ...] = ()
    follow_up_on: dt.date | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Community:
    id: str
    name: str
    focus: str = ""
    cadence_days: int | None = None
    member_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class JournalEntry:
    id: str
    date: dt.date
    kind: EntryKind
    text: str
    minutes: int = 0
    skill_ids: tuple[str, ...] = ()
    private: bool = False


@dataclass(frozen=True, slots=True)
class Application:
    id: str
    skill_id: str
    date: dt.date
    project_id: str | None = None
    novel_context: bool = False
    quality: int | None = None
    reviewer_id: str | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class TeachingEvent:
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
    text: str
    applied_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Interaction:
    id: str
    date: dt.date
    kind: InteractionKind
    contact_id: str | None = None
    community_id: str | None = None
    notes: str = ""
    ideas: tuple[Idea, ...] = ()


@dataclass(frozen=True, slots=True)
class Requirement:
    skill_id: str
    tier: Tier
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    title: str
    organization: str = ""
    target_date: dt.date | None = None
    requirements: tuple[Requirement, ...] = ()
    milestone_project_ids: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True, slots=True)
class CheckIn:
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
    """The evidence thresholds of the tiers; the user may change them in Settings."""

    applied_min_applications: int = 3
    applied_min_reviewed: int = 1
    applied_min_quality: int = 3
    mastery_min_teaching: int = 3
    mastery_min_mean_rating: float = 4.0
    mastery_min_novel: int = 1


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
class Evidence:
    """What a tier rule looks at: a skill's applications and teaching events."""

    applications: tuple[Application, ...] = field(default=())
    teaching: tuple[TeachingEvent, ...] = field(default=())

"""SQLAlchemy tables of a journal (2.0 style). Records keep their portable string ids."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from masterydesk.domain import limits

# Alembic needs named constraints to alter SQLite tables in batch mode.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(limits.ID)
NAME = String(limits.NAME)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _enum_check(column: str, values: tuple[str, ...]) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=f"{column}_valid")


class SkillRow(Base):
    __tablename__ = "skills"
    __table_args__ = (_enum_check("category", ("technical", "social", "strategic")),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(NAME)
    category: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text, default="")
    learned_on: Mapped[dt.date | None] = mapped_column(Date)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class SkillPrerequisiteRow(Base):
    __tablename__ = "skill_prerequisites"

    skill_id: Mapped[str] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True)
    prerequisite_id: Mapped[str] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class ProjectRow(Base):
    __tablename__ = "projects"
    __table_args__ = (_enum_check("status", ("planned", "active", "done", "dropped")),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(NAME)
    description: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(NAME, default="")
    status: Mapped[str] = mapped_column(String(16))
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, default="")


class ContactRow(Base):
    __tablename__ = "contacts"
    __table_args__ = (
        _enum_check(
            "relationship",
            ("mentor", "peer", "mentee", "accountability_partner", "coach", "industry"),
        ),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(NAME)
    email: Mapped[str] = mapped_column(String(limits.EMAIL), default="")
    organization: Mapped[str] = mapped_column(NAME, default="")
    title: Mapped[str] = mapped_column(NAME, default="")
    relationship: Mapped[str] = mapped_column(String(32))
    follow_up_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    did: Mapped[str] = mapped_column(String(limits.DID), default="", server_default="")


class ContactSkillRow(Base):
    __tablename__ = "contact_skills"

    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    skill_id: Mapped[str] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class CommunityRow(Base):
    __tablename__ = "communities"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(NAME)
    focus: Mapped[str] = mapped_column(String(limits.FOCUS), default="")
    cadence_days: Mapped[int | None] = mapped_column(Integer)


class CommunityMemberRow(Base):
    __tablename__ = "community_members"

    community_id: Mapped[str] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class JournalEntryRow(Base):
    """An integer key besides the portable id: the full-text index refers to entries by it."""

    __tablename__ = "journal_entries"
    __table_args__ = (
        _enum_check("kind", ("practice", "learning", "reflection")),
        # The practice of a window added up from the index alone, without the entries' text pages.
        Index("ix_journal_entries_practice", "date", "minutes"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(ID, unique=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")
    private: Mapped[bool] = mapped_column(Boolean, default=False)


class EntrySkillRow(Base):
    """A journal entry naming a skill, with a copy of the entry's date and minutes.

    The copy lets the metrics add up each skill's practice from one index, in order, without
    reading the entries (their pages are mostly text): the writer fills it with the link, and
    a trigger (store.sqlite.PRACTICE_TRIGGER) keeps it when an entry's date or minutes change.
    """

    __tablename__ = "entry_skills"
    __table_args__ = (Index("ix_entry_skills_practice", "skill_id", "date", "minutes"),)

    entry_pk: Mapped[int] = mapped_column(ForeignKey("journal_entries.pk", ondelete="CASCADE"), primary_key=True)
    skill_id: Mapped[str] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    date: Mapped[dt.date | None] = mapped_column(Date)
    minutes: Mapped[int | None] = mapped_column(Integer)


class ApplicationRow(Base):
    __tablename__ = "applications"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    skill_id: Mapped[str] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[str | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    novel_context: Mapped[bool] = mapped_column(Boolean, default=False)
    quality: Mapped[int | None] = mapped_column(Integer)
    reviewer_id: Mapped[str | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    review: Mapped[str] = mapped_column(Text, default="", server_default="")


class TeachingEventRow(Base):
    __tablename__ = "teaching_events"
    __table_args__ = (
        _enum_check(
            "format",
            ("mentoring", "talk", "workshop", "code_review", "writing", "pairing", "other"),
        ),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    skill_id: Mapped[str] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    format: Mapped[str] = mapped_column(String(16))
    audience_size: Mapped[int] = mapped_column(Integer, default=1)
    rating: Mapped[int | None] = mapped_column(Integer)
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class InteractionRow(Base):
    __tablename__ = "interactions"
    __table_args__ = (
        _enum_check(
            "kind",
            ("feedback", "meeting", "intro", "informational_interview", "review", "other"),
        ),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    community_id: Mapped[str | None] = mapped_column(
        ForeignKey("communities.id", ondelete="SET NULL"), index=True
    )
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    notes: Mapped[str] = mapped_column(Text, default="")


class IdeaRow(Base):
    __tablename__ = "ideas"

    interaction_id: Mapped[str] = mapped_column(
        ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(String(limits.IDEA))
    applied_on: Mapped[dt.date | None] = mapped_column(Date)


class RoleRow(Base):
    __tablename__ = "roles"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    title: Mapped[str] = mapped_column(NAME)
    organization: Mapped[str] = mapped_column(NAME, default="")
    target_date: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_on: Mapped[dt.date | None] = mapped_column(Date)


class RoleRequirementRow(Base):
    __tablename__ = "role_requirements"
    __table_args__ = (_enum_check("tier", ("foundation", "applied", "mastery")),)

    role_id: Mapped[str] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    skill_id: Mapped[str] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), index=True)
    tier: Mapped[str] = mapped_column(String(16))
    weight: Mapped[float] = mapped_column(Float, default=1.0)


class RoleMilestoneRow(Base):
    __tablename__ = "role_milestones"

    role_id: Mapped[str] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class CheckInRow(Base):
    __tablename__ = "checkins"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    working: Mapped[str] = mapped_column(Text, default="")
    adjust: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # The figures the check-in showed when it was saved, as JSON; not part of the portable format.
    figures: Mapped[str] = mapped_column(Text, default="", server_default="")


class SettingRow(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)

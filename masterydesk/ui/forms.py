"""The fields of each kind of record, and opening the dialog that adds or edits one."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtWidgets import QWidget

from masterydesk.domain import records as r
from masterydesk.domain.limits import FIELD_LIMITS, MINUTES
from masterydesk.domain.validation import broken_rule
from masterydesk.services.browse import record_names
from masterydesk.ui.dialogs.record_dialog import Field, RecordDialog, blank
from masterydesk.ui.session import JournalSession

NAME = Field("name", "Name", "line", required=True)
NOTES = Field("notes", "Notes", "text")

FIELDS: dict[str, list[Field]] = {
    "skills": [
        NAME,
        Field("category", "Category", "enum", choices=r.Category),
        Field("learned_on", "Learning started", "optional_date"),
        Field("prerequisites", "Prerequisites", "refs", choices="skills"),
        Field("description", "Description", "text"),
        Field("archived", "Archived", "bool"),
    ],
    "projects": [
        NAME,
        Field("status", "Status", "enum", choices=r.ProjectStatus),
        Field("role", "Your role", "line"),
        Field("started_on", "Started", "optional_date"),
        Field("ended_on", "Ended", "optional_date"),
        Field("description", "Description", "text"),
        Field("outcome", "Outcome", "text"),
    ],
    "contacts": [
        NAME,
        Field("relationship", "Relationship", "enum", choices=r.Relationship),
        Field("email", "Email", "line"),
        Field("organization", "Organization", "line"),
        Field("title", "Title", "line"),
        Field("skill_ids", "Skills they support", "refs", choices="skills"),
        Field("follow_up_on", "Follow up on", "optional_date"),
        NOTES,
    ],
    "communities": [
        NAME,
        Field("focus", "Focus", "line"),
        Field("cadence_days", "Meets every (days)", "optional_int", minimum=0, maximum=366),
        Field("member_ids", "Members", "refs", choices="contacts"),
    ],
    "applications": [
        Field("skill_id", "Skill", "ref", required=True, choices="skills"),
        Field("date", "Date", "date"),
        Field("project_id", "Project", "ref", choices="projects"),
        Field("novel_context", "Novel context", "bool"),
        Field("quality", "Quality (1–5)", "rating"),
        Field("reviewer_id", "Reviewer", "ref", choices="contacts"),
        NOTES,
    ],
    "teaching": [
        Field("skill_id", "Skill", "ref", required=True, choices="skills"),
        Field("date", "Date", "date"),
        Field("format", "Format", "enum", choices=r.TeachingFormat),
        Field("audience_size", "Audience size", "int", minimum=1, maximum=100000),
        Field("rating", "Feedback rating (1–5)", "rating"),
        Field("contact_id", "Taught", "ref", choices="contacts"),
        NOTES,
    ],
    "interactions": [
        Field("date", "Date", "date"),
        Field("kind", "Kind", "enum", choices=r.InteractionKind),
        Field("contact_id", "Contact", "ref", choices="contacts"),
        Field("community_id", "Community", "ref", choices="communities"),
        NOTES,
    ],
    "journal": [
        Field("date", "Date", "date"),
        Field("kind", "Kind", "enum", choices=r.EntryKind),
        Field("minutes", "Minutes", "int", minimum=0, maximum=MINUTES),
        Field("skill_ids", "Skills", "refs", choices="skills"),
        Field("text", "Notes", "text"),
        Field("private", "Private", "bool"),
    ],
    "checkins": [
        Field("date", "Date", "date"),
        Field("working", "What is working", "text"),
        Field("adjust", "What to adjust", "text"),
        NOTES,
    ],
    "roles": [
        Field("title", "Title", "line", required=True),
        Field("organization", "Organization", "line"),
        Field("target_date", "Target date", "optional_date"),
        Field("milestone_project_ids", "Milestone projects", "refs", choices="projects"),
        NOTES,
    ],
}

NOUN = {
    "skills": "skill", "projects": "project", "contacts": "contact", "communities": "community",
    "applications": "application", "teaching": "teaching event", "interactions": "interaction",
    "roles": "target role", "journal": "journal entry", "checkins": "check-in",
}

RECORD_TYPES = {
    "skills": r.Skill, "projects": r.Project, "contacts": r.Contact, "communities": r.Community,
    "applications": r.Application, "teaching": r.TeachingEvent, "interactions": r.Interaction,
    "roles": r.Role, "journal": r.JournalEntry, "checkins": r.CheckIn,
}


def _with_limits(collection: str, fields: list[Field]) -> list[Field]:
    """The one-line fields, each limited to the length the domain allows (domain.limits)."""
    allowed = FIELD_LIMITS[RECORD_TYPES[collection]]
    return [dataclasses.replace(f, max_length=allowed[f.name]) if f.kind == "line" and f.name in allowed else f
            for f in fields]


FIELDS = {collection: _with_limits(collection, fields) for collection, fields in FIELDS.items()}


NEW_DEFAULTS: dict[str, dict[str, Any]] = {
    "skills": {"name": "", "category": r.Category.TECHNICAL},
    "projects": {"name": "", "status": r.ProjectStatus.ACTIVE},
    "contacts": {"name": "", "relationship": r.Relationship.PEER},
    "communities": {"name": ""},
    "applications": {"skill_id": None, "date": None},
    "teaching": {"skill_id": None, "date": None, "format": r.TeachingFormat.MENTORING},
    "interactions": {"date": None, "kind": r.InteractionKind.MEETING},
    "roles": {"title": "", "created_on": None},
    "journal": {"date": None, "kind": r.EntryKind.PRACTICE, "text": "", "minutes": 30},
    "checkins": {"date": None},
}


def broken_rule_sentence(record: Any) -> str | None:
    """The domain's rule the record breaks, as a sentence naming the field as the form labels it."""
    found = broken_rule(record)
    if found is None:
        return None
    field, problem = found
    collection = next(c for c, kind in RECORD_TYPES.items() if isinstance(record, kind))
    labels = {f.name: f.label for f in FIELDS[collection]} | {"ideas.applied_on": "Applied on"}
    label = labels.get(field, field)
    return f"{label}: {problem}."


CHECKS = (broken_rule_sentence,)


def new_record(collection: str, today: dt.date | None = None, **values: Any) -> Any:
    """A blank record of the collection, dated today where it has a date."""
    defaults = {**NEW_DEFAULTS[collection], **values}
    for dated in ("date", "created_on"):  # a role is dated the day it is added
        if dated in defaults and defaults[dated] is None:
            defaults[dated] = today or dt.date.today()
    return blank(RECORD_TYPES[collection], collection, **defaults)


def open_record_dialog(
    parent: QWidget, session: JournalSession, collection: str, record: Any = None, **values: Any
) -> RecordDialog:
    """Open (without blocking) the dialog that adds a record, or edits the given one."""
    adding = record is None
    record = record if record is not None else new_record(collection, **values)
    noun = NOUN[collection]
    action = f"Add {noun}" if adding else f"Edit {noun}"

    def save(edited: Any) -> None:
        session.save(edited, text=action)

    dialog = RecordDialog(
        parent, action, FIELDS[collection], record, save,
        lambda name: record_names(session.journal, name), CHECKS,
    )
    if collection == "skills":  # a skill cannot list itself among its prerequisites
        picker = dialog.editors["prerequisites"]
        picker.set_choices([c for c in record_names(session.journal, "skills") if c[0] != record.id])
        picker.set_value(record.prerequisites)
    dialog.open()
    return dialog

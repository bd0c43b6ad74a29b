"""How long each text field may be: one table for the dialogs, the importers, the schema and every save.

The portable format's JSON schema says the same (a test compares them), so whatever a journal
holds exports and imports again.
"""

from __future__ import annotations

from masterydesk.domain import records as r

ID = 64
NAME = 200
EMAIL = 320
FOCUS = 1000
IDEA = 2000
TEXT = 100_000
DID = 120  # did:key of an Ed25519 key: 56 characters
REVIEW = 200_000  # a signed review answer, its request embedded
COMMENT = 4000  # a peer's review, a coach's or group member's comment or review: signed as written
MINUTES = 1440  # the most minutes one journal entry records: a day (the editor, the forms, `log`)

FIELD_LIMITS: dict[type, dict[str, int]] = {
    r.Skill: {"id": ID, "name": NAME, "description": TEXT},
    r.Project: {"id": ID, "name": NAME, "description": TEXT, "role": NAME, "outcome": TEXT},
    r.Contact: {"id": ID, "name": NAME, "email": EMAIL, "organization": NAME, "title": NAME, "notes": TEXT, "did": DID},
    r.Community: {"id": ID, "name": NAME, "focus": FOCUS},
    r.JournalEntry: {"id": ID, "text": TEXT},
    r.Application: {"id": ID, "notes": TEXT, "review": REVIEW},
    r.TeachingEvent: {"id": ID, "notes": TEXT},
    r.Interaction: {"id": ID, "notes": TEXT},
    r.Role: {"id": ID, "title": NAME, "organization": NAME, "notes": TEXT},
    r.CheckIn: {"id": ID, "working": TEXT, "adjust": TEXT, "notes": TEXT},
}


def too_long(record: object) -> tuple[str, str] | None:
    """The first text field of the record longer than its limit, as (field, problem), or None."""
    for field, limit in FIELD_LIMITS.get(type(record), {}).items():
        if len(getattr(record, field)) > limit:
            return field, f"it is longer than {limit:,} characters"
    for idea in getattr(record, "ideas", ()):
        if len(idea.text) > IDEA:
            return "ideas.text", f"an idea is longer than {IDEA:,} characters"
    return None

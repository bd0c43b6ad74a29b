"""Portable ids for records made in the app."""

from __future__ import annotations

import uuid

ID_PREFIX = {
    "skills": "skill", "projects": "project", "contacts": "contact", "communities": "community",
    "journal": "entry", "applications": "app", "teaching": "teach", "interactions": "int",
    "roles": "role", "checkins": "checkin",
}


def new_id(collection: str) -> str:
    """A fresh portable id for a record of the collection: 'skill-3f9a0c12b4d1'."""
    return f"{ID_PREFIX[collection]}-{uuid.uuid4().hex[:12]}"

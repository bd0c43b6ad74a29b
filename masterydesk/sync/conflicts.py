"""The sync conflicts list: values an edit on another device overwrote, and restoring one.

Restoring is an ordinary save of the record with the old value put back (services.editing), so
it can be undone like any edit, and it travels to the other devices at the next sync as the
latest edit of that field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.merge import DELETED
from masterydesk.interchange.portable import record_from_json
from masterydesk.services.editing import Saving, save_with_undo
from masterydesk.services.writes import writing
from masterydesk.store import related, sync_log
from masterydesk.store.database import Journal
from masterydesk.sync import records


@dataclass(frozen=True, slots=True)
class Conflict:
    pk: int
    noticed_at: str
    collection: str
    record_id: str
    field: str
    lost_value: Any
    note: str
    restored: bool

    @property
    def what(self) -> str:
        """'description of skills record sql', or 'deletion of …' for an edit that undid a delete."""
        subject = "deletion" if self.field == DELETED else self.field.replace("_", " ")
        return f"{subject} of {self.collection} record {self.record_id}"

    def as_json(self) -> dict:
        return {
            "id": self.pk, "noticed_at": self.noticed_at, "collection": self.collection,
            "record_id": self.record_id, "field": self.field, "lost_value": self.lost_value,
            "note": self.note, "restored": self.restored,
        }


def conflicts(journal: Journal) -> list[Conflict]:
    """Every conflict kept on this device, newest first."""
    with journal.reading() as connection:
        rows = sync_log.read_conflicts(connection)
    return [
        Conflict(row["pk"], row["noticed_at"], row["collection"], row["record_id"], row["field"],
                 json.loads(row["lost_value"]), row["note"], bool(row["restored"]))
        for row in rows
    ]


def restore(journal: Journal, conflict: Conflict) -> Saving | None:
    """Put the lost value back (an undoable save); None for a setting, which has no undo."""
    if conflict.field == DELETED:
        raise MasteryDeskError(f"The record {conflict.record_id} was kept, not lost: there is nothing to restore.")
    key = (conflict.collection, conflict.record_id)
    with journal.reading() as connection:
        now = records.current_fields(connection, [key]).get(key)
        if now is None:
            state = sync_log.read_states(connection, [key]).get(key, {})
            now = {name: item[0] for name, item in state.items() if name != DELETED} if state else None
    if now is None:
        raise MasteryDeskError(f"The {conflict.collection} record {conflict.record_id} is no longer in the journal.")
    now[conflict.field] = conflict.lost_value
    if conflict.collection == records.SETTINGS:
        with writing(journal, "settings") as connection:
            related.write_settings(connection, {conflict.record_id: str(conflict.lost_value)})
            sync_log.mark_restored(connection, conflict.pk)
        return None
    saving = save_with_undo(journal, record_from_json(conflict.collection, now))
    with writing(journal, "sync") as connection:
        sync_log.mark_restored(connection, conflict.pk)
    return saving


"""Per-field merge of a record edited on several devices: the later edit wins, the loser is kept.

A record's sync state is its fields' values, each with the stamp of the edit that wrote it
(domain.hlc) and the stamp that edit replaced (its base). Deleting a record writes the field
DELETED = True; every edit writes DELETED = False with its fields, so an edit and a delete of the
same record meet on one field and resolve by the same clock as any two edits.

Two edits of one field are concurrent when the later one was not made on top of the earlier
(its base is not the earlier's stamp): the earlier value is then lost, and listed as a conflict
the user can restore. Sequential edits (one device after another, in order) lose nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from masterydesk.domain.hlc import NO_STAMP

DELETED = "_deleted"


@dataclass(frozen=True, slots=True)
class FieldState:
    value: Any  # a JSON value
    stamp: str  # the edit that wrote it
    base: str = NO_STAMP  # the stamp of the value that edit replaced

    def as_list(self) -> list:
        return [self.value, self.stamp, self.base]

    @classmethod
    def from_list(cls, item: list) -> FieldState:
        value, stamp, base = item
        if not isinstance(stamp, str) or not isinstance(base, str):
            raise ValueError("a field's stamps must be text")
        return cls(value, stamp, base)


RecordState = Mapping[str, FieldState]


@dataclass(frozen=True, slots=True)
class LostValue:
    """A value one edit overwrote without having seen it: a sync conflict."""

    field: str
    value: Any
    stamp: str
    kept_stamp: str


def is_live(state: RecordState) -> bool:
    """Whether the record exists: it has fields and its last word on deletion is not 'deleted'."""
    deleted = state.get(DELETED)
    return bool(state) and not (deleted is not None and deleted.value is True)


def values(state: RecordState) -> dict[str, Any]:
    """The record's fields as JSON values (the deletion mark left out)."""
    return {name: field.value for name, field in state.items() if name != DELETED}


def local_edits(state: RecordState, now: Mapping[str, Any] | None, stamp: str) -> dict[str, FieldState]:
    """The fields an edit on this device changed, stamped: now is the record's fields, None if deleted."""
    if now is None:
        return {DELETED: _edit(state, DELETED, True, stamp)} if is_live(state) else {}
    edits = {
        name: _edit(state, name, value, stamp)
        for name, value in now.items()
        if name not in state or state[name].value != value
    }
    if edits or not is_live(state):
        edits[DELETED] = _edit(state, DELETED, False, stamp)
    return edits


def _edit(state: RecordState, name: str, value: Any, stamp: str) -> FieldState:
    previous = state.get(name)
    return FieldState(value, stamp, previous.stamp if previous else NO_STAMP)


def merge_record(
    state: RecordState, incoming: Mapping[str, FieldState]
) -> tuple[dict[str, FieldState], list[LostValue]]:
    """The record after an incoming edit, and the values lost on the way (the conflicts)."""
    merged = dict(state)
    lost: list[LostValue] = []
    for name, theirs in incoming.items():
        ours = merged.get(name)
        winner, loser = _merge_field(ours, theirs)
        merged[name] = winner
        if loser is not None:
            lost.append(LostValue(name, loser.value, loser.stamp, winner.stamp))
    return merged, lost


def _merge_field(ours: FieldState | None, theirs: FieldState) -> tuple[FieldState, FieldState | None]:
    if ours is None or theirs.stamp == ours.stamp:
        return (theirs if ours is None else ours), None
    later, earlier = (theirs, ours) if theirs.stamp > ours.stamp else (ours, theirs)
    concurrent = later.base != earlier.stamp and later.value != earlier.value
    return later, (earlier if concurrent else None)

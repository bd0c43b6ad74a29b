"""What an import will do, row by row, for the preview table and the summary sentence."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from masterydesk.domain.records import Bundle


class RowAction(StrEnum):
    ADD = "add"  # a new record
    MERGE = "merge"  # matches a record and fills it in (or updates it, for a MasteryDesk export)
    UNCHANGED = "unchanged"  # matches a record and brings nothing new
    SKIP = "skip"  # not imported; the detail says why


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One record of the file and what the import does with it."""

    action: RowAction
    collection: str  # "contacts", "skills", "journal", ...
    label: str  # what the user recognises: a name, a date and title
    detail: str = ""  # what is merged, or why it is skipped
    where: str = ""  # "line 12", "card 3", "entry 5"
    record_id: str | None = None  # the record written (added or merged), if any


@dataclass(frozen=True, slots=True)
class Planned:
    """What a reader makes of a file: the records to write and a row for each record read."""

    bundle: Bundle
    rows: tuple[PreviewRow, ...]

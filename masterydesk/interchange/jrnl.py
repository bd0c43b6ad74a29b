"""jrnl's JSON export (`jrnl --format json`) read into journal entries."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from masterydesk.domain.records import Bundle, EntryKind, JournalEntry, Relationship
from masterydesk.interchange import sources
from masterydesk.interchange.preview import Planned, PreviewRow, RowAction
from masterydesk.interchange.sources import MAX_TEXT, ImportRefused, check_length, has_lone_surrogate, shown
from masterydesk.services.editing import read_records
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import Journal

# A tag names the kind of an entry; practice wins over learning, and an entry with neither
# tag is a reflection (jrnl is mostly written as a diary).
KIND_TAGS = {
    "practice": EntryKind.PRACTICE,
    "learning": EntryKind.LEARNING,
    "learn": EntryKind.LEARNING,
    "study": EntryKind.LEARNING,
    "til": EntryKind.LEARNING,
}
PRIVATE_TAG = "private"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ENTRIES = re.compile(r'"entries"\s*:\s*\[')


def looks_like_jrnl(head: str) -> bool:
    """A JSON object with an "entries" list near its start."""
    return head.startswith("{") and bool(_ENTRIES.search(head))


@dataclass(frozen=True, slots=True)
class JrnlEntry:
    """One entry as jrnl wrote it."""

    where: str
    date: dt.date
    time: str
    title: str
    body: str
    tags: tuple[str, ...]

    @property
    def text(self) -> str:
        return f"{self.title}\n\n{self.body}" if self.title and self.body else self.title or self.body

    @property
    def stable_id(self) -> str:
        """The same entry imported twice gets the same id, so it is not duplicated."""
        digest = hashlib.sha256(f"{self.date} {self.time}\n{self.title}\n{self.body}".encode()).hexdigest()
        return f"entry-jrnl-{digest[:20]}"


def load_json(path: Path) -> object:
    """The JSON value in a capped file, or a refusal naming the line."""
    path = Path(path)
    try:
        return json.loads(sources.read_text(path))
    except json.JSONDecodeError as error:
        raise ImportRefused(
            f"{path.name} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    except (RecursionError, ValueError):  # nesting deeper than Python recurses, a number too long
        raise ImportRefused(f"{path.name} is not JSON MasteryDesk can read: it is nested too deeply or holds a number too long.") from None


def _text(item: dict, field: str, where: str) -> str:
    value = item.get(field, "")
    if not isinstance(value, str):
        raise ImportRefused(f"{where}: the {field} is not text.")
    return sources.clean_text(value)


def _date(item: dict, where: str) -> dt.date:
    value = item.get("date")
    if not isinstance(value, str) or not _DATE.match(value):
        raise ImportRefused(f"{where}: the date {shown(str(value))} is not a date like 2024-03-31.")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ImportRefused(f"{where}: the date {shown(value)} is not a real date.") from None


def _tags(item: dict, where: str) -> tuple[str, ...]:
    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ImportRefused(f"{where}: the tags are not a list of text.")
    return tuple(tags)


def jrnl_entry(index: int, item: object) -> JrnlEntry:
    """One entry of the export, its fields checked."""
    where = f"Entry {index}"
    if not isinstance(item, dict):
        raise ImportRefused(f"{where} is not a jrnl entry (an object with a date, a title and a body).")
    time = item.get("time", "")
    entry = JrnlEntry(
        f"entry {index}", _date(item, where), time if isinstance(time, str) else "",
        _text(item, "title", where), _text(item, "body", where), _tags(item, where),
    )
    check_length(entry.text, MAX_TEXT, where, "text")
    return entry


def read_jrnl_file(path: Path) -> list[JrnlEntry]:
    """Every entry of a jrnl JSON export."""
    path = Path(path)
    document = load_json(path)
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise ImportRefused(f"{path.name} is not a jrnl export: it has no list of entries.")
    sources.check_count(len(document["entries"]), path.name, "entries")
    entries = [jrnl_entry(index, item) for index, item in enumerate(document["entries"], start=1)]
    for entry in entries:  # as the MasteryDesk format's records are checked (importers._check_storable)
        broken = next((name for name in ("time", "title", "body", "tags") if has_lone_surrogate(getattr(entry, name))), None)
        if broken:
            raise ImportRefused(f"{path.name} is not valid text: {entry.where} ({broken}) holds a lone surrogate "
                                "escape such as \\ud800, which no journal can store.")
    return entries


def entry_kind(tag_keys: set[str]) -> EntryKind:
    """Practice, else learning, else reflection, from the entry's tags."""
    kinds = {KIND_TAGS[key] for key in tag_keys if key in KIND_TAGS}
    for kind in (EntryKind.PRACTICE, EntryKind.LEARNING):
        if kind in kinds:
            return kind
    return EntryKind.REFLECTION


def _record(entry: JrnlEntry, skills_by_key: dict[str, tuple[str, str]]) -> JournalEntry:
    keys = {sources.skill_key(tag) for tag in entry.tags}
    return JournalEntry(
        id=entry.stable_id,
        date=entry.date,
        kind=entry_kind(keys),
        text=entry.text,
        skill_ids=tuple(dict.fromkeys(
            skills_by_key[k][0] for k in map(sources.skill_key, entry.tags) if k in skills_by_key)),
        private=PRIVATE_TAG in keys,
    )


def _label(entry: JrnlEntry) -> str:
    first_line = entry.text.split("\n", 1)[0]
    return f"{entry.date} {first_line[:60]}"


def plan_jrnl(journal: Journal, path: Path, relationship: Relationship | None = None) -> Planned:
    """Journal entries from a jrnl export; tags that name skills link them; entries imported before are left alone."""
    entries = read_jrnl_file(path)
    skills = export_bundle(journal, journal_entries=False).skills
    skills_by_key = {sources.skill_key(s.name): (s.id, s.name) for s in skills}
    ids = [e.stable_id for e in entries]
    imported_before = {e.id for e in read_records(journal, "journal", ids).journal}
    first_seen: dict[str, str] = {}
    records: list[JournalEntry] = []
    rows: list[PreviewRow] = []
    for entry in entries:
        if not entry.text:
            rows.append(PreviewRow(RowAction.SKIP, "journal", str(entry.date), "the entry is empty", entry.where))
        elif entry.stable_id in imported_before:
            rows.append(PreviewRow(RowAction.UNCHANGED, "journal", _label(entry), "imported before", entry.where))
        elif entry.stable_id in first_seen:
            rows.append(PreviewRow(RowAction.SKIP, "journal", _label(entry), f"the same as {first_seen[entry.stable_id]}", entry.where))
        else:
            first_seen[entry.stable_id] = entry.where
            record = _record(entry, skills_by_key)
            records.append(record)
            rows.append(PreviewRow(RowAction.ADD, "journal", _label(entry), _detail(record, skills_by_key), entry.where, record.id))
    return Planned(Bundle(journal=tuple(records)), tuple(rows))


def _detail(record: JournalEntry, skills_by_key: dict[str, tuple[str, str]]) -> str:
    names = {skill_id: name for skill_id, name in skills_by_key.values()}
    linked = ", ".join(names[s] for s in record.skill_ids)
    private = ", private" if record.private else ""
    return f"as {record.kind}{private}" + (f"; linked to {linked}" if linked else "")

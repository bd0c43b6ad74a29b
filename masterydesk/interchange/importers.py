"""Importing a file: recognise its kind from the content, plan what it adds and merges, then apply the plan.

The desktop app's File ▸ Import shows `plan_import(...)`'s rows as a preview and calls
`apply_plan(...)` when the user accepts; `masterydesk import FILE` runs both through `import_file`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

from masterydesk.domain.errors import InvalidRecord, MasteryDeskError
from masterydesk.domain.records import COLLECTIONS, Bundle, Relationship
from masterydesk.domain.validation import check_bundle
from masterydesk.interchange import jrnl, linkedin, portable, vcard
from masterydesk.interchange.preview import Planned, PreviewRow, RowAction
from masterydesk.interchange.sources import (
    MAX_PORTABLE_RECORDS,
    ImportRefused,
    check_count,
    decode_text,
    has_lone_surrogate,
    read_head,
)
from masterydesk.services.backups import make_backup
from masterydesk.services.changes import Changes
from masterydesk.services.transfer import export_bundle, import_as_new_journal, import_bundle
from masterydesk.store.database import Journal

SNIFF_BYTES = 64 * 1024
_PORTABLE = re.compile(r'"format"\s*:\s*"masterydesk"')


NOUNS = {
    "skills": ("skill", "skills"),
    "projects": ("project", "projects"),
    "contacts": ("contact", "contacts"),
    "communities": ("community", "communities"),
    "journal": ("journal entry", "journal entries"),
    "applications": ("application", "applications"),
    "teaching": ("teaching event", "teaching events"),
    "interactions": ("interaction", "interactions"),
    "roles": ("target role", "target roles"),
    "checkins": ("check-in", "check-ins"),
}


def describe_bundle(bundle: Bundle) -> str:
    """'12 skills, 1 project' — the non-empty collections of a bundle."""
    counts = [(len(getattr(bundle, name)), NOUNS[name]) for name in COLLECTIONS]
    return ", ".join(f"{n} {one if n == 1 else many}" for n, (one, many) in counts if n) or "no records"


# --- the MasteryDesk format -----------------------------------------------------------------------


def _check_storable(bundle: Bundle) -> None:
    # JSON may spell "\ud800", which no journal can store as UTF-8.
    for name in COLLECTIONS:
        for record in getattr(bundle, name):
            for field in fields(record):
                if has_lone_surrogate(getattr(record, field.name)):
                    raise InvalidRecord(name, record.id, field.name, "it holds a broken character (a lone UTF-16 surrogate)")


def _record_label(record: object) -> str:
    for attribute in ("name", "title"):
        if value := getattr(record, attribute, ""):
            return value
    text = getattr(record, "text", "") or getattr(record, "working", "") or getattr(record, "notes", "")
    return f"{getattr(record, 'date', '')} {text[:60].split(chr(10), 1)[0]}".strip()  # not all 40,000 texts split


def _record_count(document: object) -> int:
    """How many records a document holds across its collections (before it is validated)."""
    if not isinstance(document, dict):
        return 0
    return sum(len(items) for name in COLLECTIONS if isinstance(items := document.get(name), list))


def read_portable(path: Path) -> Bundle:
    """The records of a MasteryDesk export, checked for size, form and for what a journal can store."""
    data, document = _read_document(path)
    bundle = _refusing_deep(path, lambda: portable.document_to_bundle(document))
    _check_characters(data, bundle)
    return bundle


def read_portable_checked_later(path: Path) -> tuple[Bundle, Callable[[], None]]:
    """The records of a MasteryDesk export before the schema and the rules are checked, and that check.

    For a new journal, which is built beside its place while the check runs and put in place only
    if it passes (store.bundles.write_new_journal): the two share the machine's cores. A document
    whose records cannot even be read is checked at once, so that the schema names what is wrong.
    """
    data, document = _read_document(path)
    portable.check_header(document)
    try:
        bundle = portable.bundle_from_document(document)
    except Exception as error:  # a record of the wrong form: the schema says which, and how
        portable.validate_document(document)
        if isinstance(error, MasteryDeskError):
            raise
        raise ImportRefused(f"{Path(path).name} holds a record MasteryDesk cannot read.") from error

    suspect = portable.may_hold_lone_surrogates(data)  # then the file's 66 MB (ten years) need not be kept
    del data

    def check() -> None:
        portable.validate_document(document)
        if suspect:
            _check_storable(bundle)
        check_bundle(bundle)

    return bundle, check


def _read_document(path: Path) -> tuple[bytes, object]:
    """A portable file's bytes and JSON value, refused if too large, not JSON or holding too many records."""
    name = Path(path).name
    data = portable.read_document_bytes(path)
    document = _refusing_deep(path, lambda: portable.parse_document(data, name))
    check_count(_record_count(document), name, "records", MAX_PORTABLE_RECORDS)
    return data, document


def _refusing_deep(path: Path, read: Callable):
    try:
        return read()
    except (RecursionError, ValueError):  # nesting deeper than Python recurses, a number too long
        raise ImportRefused(f"{Path(path).name} is not JSON MasteryDesk can read: it is nested too deeply or holds a number too long.") from None


def _check_characters(data: bytes, bundle: Bundle) -> None:
    if portable.may_hold_lone_surrogates(data):  # the field-by-field check takes 0.25 s on ten years
        _check_storable(bundle)


def plan_portable(journal: Journal, path: Path, relationship: Relationship | None = None) -> Planned:
    """Every record of the export: ids already in the journal are updated, others added."""
    bundle = read_portable(path)
    existing = export_bundle(journal)
    check_bundle(
        bundle,
        {name: {r.id for r in getattr(existing, name)} for name in COLLECTIONS},
        {skill.id: skill.prerequisites for skill in existing.skills},
    )
    rows = []
    for name in COLLECTIONS:
        known = {record.id: record for record in getattr(existing, name)}
        for record in getattr(bundle, name):
            before = known.get(record.id)
            if before is None:
                row = PreviewRow(RowAction.ADD, name, _record_label(record), "", f"id {record.id}", record.id)
            elif before == record:
                row = PreviewRow(RowAction.UNCHANGED, name, _record_label(record), "same id, same fields", f"id {record.id}")
            else:
                row = PreviewRow(RowAction.MERGE, name, _record_label(record), "same id; its fields are replaced", f"id {record.id}", record.id)
            rows.append(row)
    return Planned(bundle, tuple(rows))


# --- the registry ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reader:
    """A kind of file MasteryDesk imports: how to recognise it and how to plan its import."""

    label: str
    recognises: Callable[[str], bool]  # given the start of the file as text
    plan: Callable[[Journal, Path, Relationship | None], Planned]
    relationship: Relationship | None = None  # what new contacts are by default; None: it adds no contacts


READERS: dict[str, Reader] = {
    "masterydesk": Reader("a MasteryDesk JSON export", lambda head: head.startswith("{") and bool(_PORTABLE.search(head)), plan_portable),
    "jrnl": Reader("a jrnl JSON export", jrnl.looks_like_jrnl, jrnl.plan_jrnl),
    "vcard": Reader("a vCard file (.vcf)", vcard.looks_like_vcard, vcard.plan_vcard, vcard.DEFAULT_RELATIONSHIP),
    "linkedin_connections": Reader(
        "a contacts CSV (LinkedIn's Connections.csv, Outlook)", linkedin.looks_like_connections, linkedin.plan_connections, linkedin.DEFAULT_RELATIONSHIP
    ),
    "linkedin_skills": Reader("LinkedIn's Skills.csv", linkedin.looks_like_skills, linkedin.plan_skills),
}


def detect_kind(path: Path) -> str:
    """The kind of a file, from its content (never its name): one of READERS' keys."""
    path = Path(path)
    head = decode_text(read_head(path, SNIFF_BYTES)).lstrip(" \t\r\n")
    for kind, reader in READERS.items():
        if reader.recognises(head):
            return kind
    labels = [reader.label for reader in READERS.values()]
    raise ImportRefused(
        f"{path.name} is not a file MasteryDesk can import; it imports {', '.join(labels[:-1])} or {labels[-1]}."
    )


# --- planning and applying ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What importing a file will do: the records to write and one preview row per record read."""

    path: Path
    kind: str  # a key of READERS
    label: str  # "a vCard file (.vcf)"
    bundle: Bundle  # what apply_plan writes: new records and merged ones
    rows: tuple[PreviewRow, ...]
    relationship: Relationship | None  # what new contacts become; None when the kind adds no contacts

    def count(self, action: RowAction) -> int:
        """How many rows have that action."""
        return sum(1 for row in self.rows if row.action is action)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self.bundle, name) for name in COLLECTIONS)

    def summary(self) -> str:
        """One sentence: what was imported and how many rows were new, merged, unchanged, skipped."""
        return _summary(self.path, self.bundle, Counter(row.action for row in self.rows))


def _summary(path: Path, bundle: Bundle, counts: Counter) -> str:
    words = {RowAction.ADD: "new", RowAction.MERGE: "merged", RowAction.UNCHANGED: "unchanged", RowAction.SKIP: "skipped"}
    tally = ", ".join(f"{counts[action]} {word}" for action, word in words.items() if counts[action])
    tally = f" ({tally})" if tally else ""
    if not any(getattr(bundle, name) for name in COLLECTIONS):
        return f"Nothing to import from {path.name}{tally}."
    return f"Imported {describe_bundle(bundle)} from {path.name}{tally}."


def _relationship(value: Relationship | str | None) -> Relationship | None:
    if value is None or isinstance(value, Relationship):
        return value
    try:
        return Relationship(value)
    except ValueError:
        choices = ", ".join(r.value for r in Relationship)
        raise ImportRefused(f"'{value}' is not a relationship; choose one of {choices}.") from None


def plan_import(journal: Journal, path: Path, relationship: Relationship | str | None = None) -> ImportPlan:
    """Read a file and plan its import against the journal; nothing is written.

    relationship is given to new contacts (vCard: peer, LinkedIn: industry, when None).
    """
    path = Path(path)
    kind = detect_kind(path)
    reader = READERS[kind]
    given = _relationship(relationship)
    chosen = (given or reader.relationship) if reader.relationship else None
    planned = reader.plan(journal, path, chosen)
    return ImportPlan(path, kind, reader.label, planned.bundle, planned.rows, chosen)


def apply_plan(journal: Journal, plan: ImportPlan) -> Changes:
    """Write the plan in one transaction after a backup: all of it, or, if anything is refused, nothing."""
    if plan.is_empty:
        return Changes()
    make_backup(journal.path, reason="before-import")
    return import_bundle(journal, plan.bundle)


def import_file(journal: Journal, path: Path, *, relationship: Relationship | str | None = None) -> str:
    """Plan and apply the import of a file; return the summary sentence."""
    plan = plan_import(journal, path, relationship)
    apply_plan(journal, plan)
    return plan.summary()


def import_new_journal(journal_path: Path, path: Path, *, relationship: Relationship | str | None = None) -> str | None:
    """Import a MasteryDesk export as the journal at journal_path, made for it; the summary sentence.

    None, and nothing done, when a journal is at journal_path or the file is of another kind:
    import_file then imports into the journal. All of the export is written, or no journal is made
    (a file of no kind MasteryDesk imports is refused here, before any journal is made).
    """
    path = Path(path)
    if relationship is not None or Path(journal_path).expanduser().exists() or detect_kind(path) != "masterydesk":
        return None  # an export adds no contacts by relationship: import_file refuses one it does not know
    bundle, check = read_portable_checked_later(path)
    import_as_new_journal(Path(journal_path), bundle, check)
    added = sum(len(getattr(bundle, name)) for name in COLLECTIONS)
    return _summary(path, bundle, Counter({RowAction.ADD: added}))

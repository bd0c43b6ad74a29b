"""LinkedIn's data export: Connections.csv into contacts, Skills.csv into skills."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from masterydesk.domain.ids import new_id
from masterydesk.domain.records import Bundle, Category, Relationship, Skill
from masterydesk.interchange import sources
from masterydesk.interchange.contact_matching import ContactDraft, ContactMatcher
from masterydesk.interchange.preview import Planned, PreviewRow, RowAction
from masterydesk.interchange.sources import MAX_EMAIL, MAX_NAME, MAX_TEXT, ImportRefused, check_length, shown
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import Journal

DEFAULT_RELATIONSHIP = Relationship.INDUSTRY
HEADER_SEARCH_ROWS = 50  # LinkedIn puts a few "Notes:" lines before the header
# Each field's column, by the names LinkedIn's Connections.csv and Outlook's contacts export use.
CONNECTION_COLUMNS = {
    "first": ("first name",),
    "last": ("last name",),
    "url": ("url",),
    "email": ("email address", "e-mail address"),
    "company": ("company",),
    "position": ("position", "job title"),
    "connected": ("connected on",),
}
MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_LINKEDIN_DATE = re.compile(r"^(\d{1,2}) ([A-Za-z]{3})[A-Za-z]* (\d{4})$")

# Skills.csv has no category: these phrases in a skill's name make it social or strategic,
# anything else is technical. The user can change the category afterwards.
STRATEGIC_PHRASES = (
    "strategy", "strategic", "leadership", "project management", "product management",
    "program management", "people management", "team management", "change management",
    "risk management", "stakeholder management", "business development", "roadmap", "roadmapping",
    "planning", "budgeting", "entrepreneurship", "decision making", "prioritization",
)
SOCIAL_PHRASES = (
    "communication", "communications", "public speaking", "presentation", "presentations",
    "negotiation", "mentoring", "coaching", "teamwork", "team building", "collaboration",
    "facilitation", "interpersonal", "conflict resolution", "customer service",
    "relationship building", "emotional intelligence", "active listening", "empathy", "storytelling",
)


def _header_cells(row: list[str]) -> list[str]:
    return [cell.strip().lstrip("\ufeff").strip().casefold() for cell in row]


def _head_rows(head: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(head, newline="")))[:HEADER_SEARCH_ROWS]
    except csv.Error:
        return []


def looks_like_connections(head: str) -> bool:
    """Whether a row near the top names the First Name and Last Name columns."""
    return any({"first name", "last name"} <= set(_header_cells(row)) for row in _head_rows(head))


def looks_like_skills(head: str) -> bool:
    """Whether the first non-empty row is LinkedIn's Skills.csv header: Name."""
    first = next((row for row in _head_rows(head) if any(cell.strip() for cell in row)), [])
    return _header_cells(first) == ["name"]


def category_for(name: str) -> Category:
    """Strategic or social when the name holds one of the phrases above, else technical."""
    words = " " + " ".join(re.findall(r"[a-z]+", name.casefold())) + " "
    if any(f" {phrase} " in words for phrase in STRATEGIC_PHRASES):
        return Category.STRATEGIC
    if any(f" {phrase} " in words for phrase in SOCIAL_PHRASES):
        return Category.SOCIAL
    return Category.TECHNICAL


def parse_connected_on(text: str, where: str) -> dt.date | None:
    """A date like 12 Mar 2024 (or 2024-03-12); None when empty."""
    if not text:
        return None
    match = _LINKEDIN_DATE.match(text)
    try:
        if match and match.group(2).casefold() in MONTHS:
            day, month, year = match.groups()
            return dt.date(int(year), MONTHS[month.casefold()], int(day))
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ImportRefused(f"{where}: the Connected On date {shown(text)} is not a date like 12 Mar 2024.") from None


def csv_rows(text: str, file_name: str) -> Iterator[tuple[int, list[str]]]:
    """Each row with the line it starts on; a row the csv module cannot read is refused."""
    # strict: a quote left open (a file cut short) is an error, not a row swallowing the rest.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportRefused(f"Line {reader.line_num} of {file_name} cannot be read as CSV ({error}).") from None


def _find_header(rows: Iterator[tuple[int, list[str]]], wanted: set[str], file_name: str) -> list[str]:
    for count, (_line, row) in enumerate(rows):
        cells = _header_cells(row)
        if wanted <= set(cells):
            return cells
        if count >= HEADER_SEARCH_ROWS:
            break
    names = " and ".join(sorted(w.title() for w in wanted))
    raise ImportRefused(f"{file_name} has no header row naming the {names} columns.")


# --- Connections.csv ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConnectionRow:
    """One row of Connections.csv; draft is None for a row without a name."""

    where: str
    draft: ContactDraft | None


def _connection(cells: dict[str, str], where: str) -> ContactDraft:
    name = check_length(" ".join(p for p in (cells["first"], cells["last"]) if p), MAX_NAME, where, "name")
    email = check_length(cells["email"], MAX_EMAIL, where, "email address")
    connected = parse_connected_on(cells["connected"], where)
    notes = [f"LinkedIn: {cells['url']}" if cells["url"] else "", f"Connected on LinkedIn on {connected}" if connected else ""]
    return ContactDraft(
        name=name,
        emails=(email,) if email else (),
        organization=check_length(cells["company"], MAX_NAME, where, "company"),
        title=check_length(cells["position"], MAX_NAME, where, "position"),
        notes=check_length("\n".join(n for n in notes if n), MAX_TEXT, where, "URL"),
    )


def read_connections(path: Path) -> list[ConnectionRow]:
    """Every non-blank row after the header, mapped by column name."""
    path = Path(path)
    rows = csv_rows(sources.read_text(path), path.name)
    header = _find_header(rows, {"first name", "last name"}, path.name)
    columns = {
        key: next((header.index(name) for name in names if name in header), None)
        for key, names in CONNECTION_COLUMNS.items()
    }
    found: list[ConnectionRow] = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        sources.check_count(len(found) + 1, path.name, "connections")
        cells = {
            key: sources.clean_text(row[index]) if index is not None and index < len(row) else ""
            for key, index in columns.items()
        }
        where = f"line {line}"
        has_name = cells["first"] or cells["last"]
        found.append(ConnectionRow(where, _connection(cells, f"Line {line}") if has_name else None))
    return found


def plan_connections(journal: Journal, path: Path, relationship: Relationship | None) -> Planned:
    """Contacts from LinkedIn connections, matched to the journal's; URL and date go into notes."""
    rows_read = read_connections(path)
    matcher = ContactMatcher(export_bundle(journal, journal_entries=False).contacts, relationship or DEFAULT_RELATIONSHIP)
    rows: list[PreviewRow] = []
    for row in rows_read:
        if row.draft is None:
            rows.append(PreviewRow(RowAction.SKIP, "contacts", "(no name)", "the row has no name", row.where))
        else:
            rows.append(matcher.place(row.draft, row.where))
    return Planned(Bundle(contacts=matcher.contacts()), tuple(rows))


# --- Skills.csv -----------------------------------------------------------------------------------


def read_skill_names(path: Path) -> list[tuple[str, str]]:
    """(where, name) for every non-blank row after the Name header."""
    path = Path(path)
    rows = csv_rows(sources.read_text(path), path.name)
    column = _find_header(rows, {"name"}, path.name).index("name")
    found = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        sources.check_count(len(found) + 1, path.name, "skills")
        name = sources.clean_text(row[column]) if column < len(row) else ""
        found.append((f"line {line}", check_length(name, MAX_NAME, f"Line {line}", "skill name")))
    return found


def plan_skills(journal: Journal, path: Path, relationship: Relationship | None = None) -> Planned:
    """New skills for the names not in the journal yet (compared without case, spaces, - or _)."""
    names = read_skill_names(path)
    in_journal = {sources.skill_key(s.name) for s in export_bundle(journal, journal_entries=False).skills}
    first_seen: dict[str, str] = {}
    skills: list[Skill] = []
    rows: list[PreviewRow] = []
    for where, name in names:
        key = sources.skill_key(name)
        if not key:
            rows.append(PreviewRow(RowAction.SKIP, "skills", "(no name)", "the row has no skill name", where))
        elif key in in_journal:
            rows.append(PreviewRow(RowAction.UNCHANGED, "skills", name, "a skill of this name is in the journal", where))
        elif key in first_seen:
            rows.append(PreviewRow(RowAction.SKIP, "skills", name, f"listed before, on {first_seen[key]}", where))
        else:
            first_seen[key] = where
            skill = Skill(id=new_id("skills"), name=name, category=category_for(name))
            skills.append(skill)
            rows.append(PreviewRow(RowAction.ADD, "skills", name, f"as {skill.category}", where, skill.id))
    return Planned(Bundle(skills=tuple(skills)), tuple(rows))

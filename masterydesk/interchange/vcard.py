"""vCard 2.1, 3.0 and 4.0 files (RFC 2426, RFC 6350) read into contacts."""

from __future__ import annotations

import base64
import binascii
import codecs
import quopri
import re
from dataclasses import dataclass, field
from pathlib import Path

from masterydesk.domain.records import Bundle, Relationship
from masterydesk.interchange import sources
from masterydesk.interchange.contact_matching import ContactDraft, ContactMatcher
from masterydesk.interchange.preview import Planned, PreviewRow, RowAction
from masterydesk.interchange.sources import MAX_EMAIL, MAX_NAME, MAX_TEXT, ImportRefused, check_length, shown
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import Journal

DEFAULT_RELATIONSHIP = Relationship.PEER
VERSIONS = ("2.1", "3.0", "4.0")
_NAME = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)$")  # an optional "item1." group, then the name
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# The name and parameters, up to the first colon outside double quotes (the value may be huge).
_HEAD = re.compile(r'((?:[^":]|"[^"]*")*):')
# Codecs Python counts as text encodings that are no character set a file is written in: they
# raise on ordinary bytes even with errors="replace" (idna, punycode) or on any bytes (undefined).
_NOT_CHARSETS = frozenset({"idna", "punycode", "undefined"})


@dataclass(frozen=True, slots=True)
class Property:
    """One content line: NAME;PARAM=VALUE:value, its value still escaped."""

    name: str
    params: dict[str, tuple[str, ...]]
    value: str
    line: int


@dataclass(slots=True)
class Card:
    """The properties between BEGIN:VCARD and END:VCARD."""

    line: int
    properties: list[Property] = field(default_factory=list)

    def all(self, name: str) -> list[Property]:
        return [p for p in self.properties if p.name == name]


def looks_like_vcard(head: str) -> bool:
    """Whether the first line of the text opens a vCard."""
    first = next((line for line in _LINE_BREAK.split(head) if line.strip()), "")
    return first.strip().upper() == "BEGIN:VCARD"


# --- lines ----------------------------------------------------------------------------------------


def _is_quoted_printable(line: str) -> bool:
    head = line.split(":", 1)[0].upper()
    return "QUOTED-PRINTABLE" in head


def unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines with the number of the physical line each starts on (folding undone)."""
    logical: list[tuple[int, list[str]]] = []  # parts joined at the end: a photo folds into thousands
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        parts = logical[-1][1] if logical else None
        if parts and line[:1] in (" ", "\t"):
            parts.append(line[1:])
        elif parts and parts[-1].endswith("=") and _is_quoted_printable(parts[0]):
            # vCard 2.1 breaks quoted-printable values with a soft "=" instead of folding.
            parts[-1] = parts[-1][:-1]
            parts.append(line)
        elif line.strip():
            logical.append((number, [line]))
    return [(number, "".join(parts)) for number, parts in logical]


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    parts, current, quoted = [], [], False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _params(raw: list[str]) -> dict[str, tuple[str, ...]]:
    params: dict[str, tuple[str, ...]] = {}
    for item in raw:
        key, has_value, value = item.partition("=")
        if not has_value:  # vCard 2.1 writes bare types: EMAIL;INTERNET;PREF:...
            key, value = "TYPE", item
        values = tuple(v.strip().strip('"') for v in _split_outside_quotes(value, ","))
        params[key.strip().upper()] = params.get(key.strip().upper(), ()) + values
    return params


def parse_line(number: int, line: str) -> Property:
    """A content line split into name, parameters and value."""
    head = _HEAD.match(line)
    if not head:
        raise ImportRefused(f"Line {number} is not a vCard property (NAME:value): {shown(line)}.")
    name, *raw_params = _split_outside_quotes(head.group(1), ";")
    match = _NAME.match(name.strip())
    if not match:
        raise ImportRefused(f"Line {number} has a property name a vCard cannot have: {shown(name)}.")
    return Property(match.group(1).upper(), _params(raw_params), line[head.end():], number)


def _refuse_nul(text: str) -> None:
    # A NUL is no character of any vCard; it means a damaged or binary file (and breaks codec names).
    at = text.find("\x00")
    if at >= 0:
        line = len(_LINE_BREAK.findall(text, 0, at)) + 1
        raise ImportRefused(f"Line {line} holds a NUL character, which no vCard can hold.")


def parse_cards(text: str, file_name: str = "the file") -> list[Card]:
    """Every card in the text; anything that is not a well-formed card is refused with its line."""
    _refuse_nul(text)
    cards: list[Card] = []
    current: Card | None = None
    for number, line in unfold(text):
        prop = parse_line(number, line)
        value = prop.value.strip().upper()
        if prop.name == "BEGIN" and value == "VCARD":
            if current is not None:
                raise ImportRefused(f"Line {number} starts a card before the card of line {current.line} has ended.")
            current = Card(number)
            sources.check_count(len(cards) + 1, file_name, "cards")
        elif prop.name == "END" and value == "VCARD":
            if current is None:
                raise ImportRefused(f"Line {number} ends a card that was never started.")
            cards.append(current)
            current = None
        elif current is None:
            raise ImportRefused(f"Line {number} lies outside any card (BEGIN:VCARD … END:VCARD).")
        else:
            current.properties.append(prop)
    if current is not None:
        raise ImportRefused(f"The card that starts on line {current.line} has no END:VCARD; the file may be cut short.")
    return cards


# --- values ---------------------------------------------------------------------------------------


def _decoded(prop: Property) -> str:
    """The value with any quoted-printable or base64 transfer encoding undone."""
    encoding = {e.upper() for e in prop.params.get("ENCODING", ())}
    if "QUOTED-PRINTABLE" in encoding:
        raw = quopri.decodestring(prop.value.encode("utf-8"))
    elif encoding & {"B", "BASE64"}:
        try:
            raw = base64.b64decode("".join(prop.value.split()).encode("ascii", errors="replace"), validate=True)
        except (binascii.Error, ValueError):
            raise ImportRefused(f"Line {prop.line} holds base64 text that cannot be decoded.") from None
    else:
        return prop.value
    charset = _charset(prop)
    try:
        return raw.decode(charset, errors="replace")
    except (UnicodeError, ValueError):  # a text codec that still refuses these bytes
        raise ImportRefused(f"Line {prop.line} holds text that cannot be decoded as {shown(charset)}.") from None


def _charset(prop: Property) -> str:
    """The codec of a property's CHARSET: UTF-8 if none or unknown; refused if it is no character set."""
    name = (prop.params.get("CHARSET") or ("utf-8",))[0]
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # a name Python does not know: most vCards are UTF-8 anyway
        return "utf-8"
    # rot13, base64 and zlib are codecs too, but turn bytes into bytes, not text.
    if not info._is_text_encoding or info.name in _NOT_CHARSETS:
        raise ImportRefused(f"Line {prop.line} names the character set {shown(name)}, which is not one MasteryDesk can read.")
    return info.name


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _split_escaped(text: str, separator: str) -> list[str]:
    """Split on separators not escaped with a backslash; the parts stay escaped."""
    parts, current, index = [], [], 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            current.append(text[index : index + 2])
            index += 2
            continue
        if char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def text_value(prop: Property) -> str:
    """A text property's value, unescaped and cleaned."""
    return sources.clean_text(_unescape(_decoded(prop)))


def list_value(prop: Property, separator: str) -> list[str]:
    """A structured (;) or list (,) property's parts, unescaped and cleaned, empty ones kept."""
    return [sources.clean_text(_unescape(part)) for part in _split_escaped(_decoded(prop), separator)]


# --- people ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CardPerson:
    """What a card says about a person."""

    where: str
    name: str
    emails: tuple[str, ...]
    organization: str
    title: str
    notes: tuple[str, ...]
    categories: tuple[str, ...]
    is_group: bool


def _card_name(card: Card) -> str:
    for prop in card.all("FN"):
        if name := text_value(prop):
            return name
    for prop in card.all("N"):
        family, given, additional, prefix, suffix = (list_value(prop, ";") + [""] * 5)[:5]
        if name := " ".join(p for p in (prefix, given, additional, family, suffix) if p):
            return name
    return ""


def _is_preferred(prop: Property) -> bool:
    types = {t.upper() for t in prop.params.get("TYPE", ())}
    return "PREF" in types or "PREF" in prop.params


def _card_emails(card: Card) -> tuple[str, ...]:
    props = sorted(card.all("EMAIL"), key=lambda p: not _is_preferred(p))  # the preferred one first
    emails = []
    for prop in props:
        email = text_value(prop).removeprefix("mailto:").strip()
        if email:
            emails.append(check_length(email, MAX_EMAIL, f"Line {prop.line}", "email address"))
    return tuple(dict.fromkeys(emails))


def _first_text(card: Card, name: str) -> tuple[str, int]:
    for prop in card.all(name):
        if value := text_value(prop):
            return value, prop.line
    return "", card.line


def card_person(card: Card) -> CardPerson:
    """The person a card describes, with each value checked against the journal's limits."""
    name = check_length(_card_name(card), MAX_NAME, f"The card on line {card.line}", "name")
    organization = ", ".join(
        part for prop in card.all("ORG")[:1] for part in list_value(prop, ";") if part
    )
    check_length(organization, MAX_NAME, f"The card on line {card.line}", "organization")
    title, line = _first_text(card, "TITLE")
    check_length(title, MAX_NAME, f"Line {line}", "title")
    notes = tuple(n for n in (text_value(p) for p in card.all("NOTE")) if n)
    categories = tuple(c for p in card.all("CATEGORIES") for c in list_value(p, ",") if c)
    kind = next((text_value(p).lower() for p in card.all("KIND")), "individual")
    return CardPerson(
        f"line {card.line}", name, _card_emails(card),
        organization, title, notes, categories, kind == "group",
    )


def read_vcard_file(path: Path) -> list[CardPerson]:
    """Everyone in a .vcf file, or a refusal naming the line that is wrong."""
    path = Path(path)
    cards = parse_cards(sources.read_text(path), path.name)
    if not cards:
        raise ImportRefused(f"{path.name} holds no vCard.")
    for card in cards:
        version = next((text_value(p) for p in card.all("VERSION")), "3.0")
        if version not in VERSIONS:
            raise ImportRefused(f"The card on line {card.line} is vCard version {shown(version)}; MasteryDesk reads 2.1, 3.0 and 4.0.")
    return [card_person(card) for card in cards]


def _draft(person: CardPerson, skills_by_key: dict[str, str]) -> ContactDraft:
    skill_ids = tuple(dict.fromkeys(
        skills_by_key[k] for k in map(sources.skill_key, person.categories) if k in skills_by_key))
    others = [c for c in person.categories if sources.skill_key(c) not in skills_by_key]
    notes = list(person.notes)
    if len(person.emails) > 1:
        notes.append("Other emails: " + ", ".join(person.emails[1:]))
    if others:
        notes.append("Categories: " + ", ".join(others))
    text = check_length("\n\n".join(notes), MAX_TEXT, f"The card on {person.where}", "note")
    return ContactDraft(person.name, person.emails, person.organization, person.title, text, skill_ids)


def plan_vcard(journal: Journal, path: Path, relationship: Relationship | None) -> Planned:
    """Contacts from a .vcf file, matched to the journal's; categories naming skills link them."""
    people = read_vcard_file(path)
    existing = export_bundle(journal, journal_entries=False)
    skills_by_key = {sources.skill_key(s.name): s.id for s in existing.skills}
    matcher = ContactMatcher(existing.contacts, relationship or DEFAULT_RELATIONSHIP)
    rows: list[PreviewRow] = []
    for person in people:
        if person.is_group:
            rows.append(PreviewRow(RowAction.SKIP, "contacts", person.name, "the card describes a group", person.where))
        elif not person.name:
            label = person.emails[0] if person.emails else "(no name)"
            rows.append(PreviewRow(RowAction.SKIP, "contacts", label, "the card has no name", person.where))
        else:
            rows.append(matcher.place(_draft(person, skills_by_key), person.where))
    return Planned(Bundle(contacts=matcher.contacts()), tuple(rows))

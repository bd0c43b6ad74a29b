"""The portable JSON format (masterydesk-export-1): reading it into records and writing it out."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import re
from collections.abc import Callable
from dataclasses import fields
from functools import cache
from importlib import resources
from operator import attrgetter
from pathlib import Path
from typing import Any

from masterydesk.domain import records as r
from masterydesk.domain.errors import InvalidRecord, MasteryDeskError
from masterydesk.interchange.sources import MAX_PORTABLE_BYTES, flat, read_capped, shown
from masterydesk.services.files import atomic_file, text_stream

FORMAT = "masterydesk"
VERSION = 1
SCHEMA_FILE = "masterydesk-export-1.schema.json"

# Which record class each collection holds, and the fields that are dates or enums.
RECORD_TYPES: dict[str, type] = {
    "skills": r.Skill,
    "projects": r.Project,
    "contacts": r.Contact,
    "communities": r.Community,
    "journal": r.JournalEntry,
    "applications": r.Application,
    "teaching": r.TeachingEvent,
    "interactions": r.Interaction,
    "roles": r.Role,
    "checkins": r.CheckIn,
}
DATE_FIELDS = {"date", "learned_on", "started_on", "ended_on", "follow_up_on", "target_date", "applied_on", "created_on"}
ENUM_FIELDS = {
    "category": r.Category,
    "status": r.ProjectStatus,
    "relationship": r.Relationship,
    "kind": None,  # depends on the collection: see _enum_for
    "format": r.TeachingFormat,
    "tier": r.Tier,
}
TUPLE_FIELDS = {"prerequisites", "skill_ids", "member_ids", "milestone_project_ids"}


class PortableFormatError(MasteryDeskError):
    """The file is not a MasteryDesk document that can be imported."""


@cache
def schema() -> dict:
    """The JSON Schema of the format, shipped inside the package."""
    text = resources.files("masterydesk.interchange").joinpath(SCHEMA_FILE).read_text("utf-8")
    return json.loads(text)


@cache
def _validator():
    import fastjsonschema  # compiled once per process (about 0.1 s)

    return fastjsonschema.compile(copy.deepcopy(schema()))  # compile() rewrites the $refs it is given


@cache
def _fast_validator():
    """A validator of an equivalent schema that checks a ten-year document 3x faster."""
    import fastjsonschema

    return fastjsonschema.compile(_equivalent_schema(schema(), schema()["$defs"]))


def _equivalent_schema(node: Any, definitions: dict) -> Any:
    """The schema with its $refs inlined and each oneOf [X, null] turned into X with type [X's, null].

    Both accept the same documents; the generated code calls no function per $ref and raises no
    exception per null or non-null value, which oneOf does.
    """
    if isinstance(node, list):
        return [_equivalent_schema(value, definitions) for value in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _equivalent_schema(definitions[node["$ref"].removeprefix("#/$defs/")], definitions)
    node = {key: _equivalent_schema(value, definitions) for key, value in node.items() if key != "$defs"}
    options = node.pop("oneOf", None)
    if options is None:
        return node
    first = options[0]
    if len(options) == 2 and options[1] == {"type": "null"} and isinstance(first.get("type"), str):
        return {**node, **first, "type": [first["type"], "null"]}
    return {**node, "oneOf": options}


# --- reading -----------------------------------------------------------------------------------


def read_document_bytes(path: Path) -> bytes:
    """A JSON file's bytes, refusing what cannot be read, is not a regular file or is too large with a sentence."""
    return read_capped(Path(path), MAX_PORTABLE_BYTES)


class NotFinite:
    """Where a document spells NaN, Infinity or a number too large for a float: no journal stores one."""

    __slots__ = ("spelling",)

    def __init__(self, spelling: str):
        self.spelling = spelling


def parse_document(data: bytes, name: str) -> dict:
    """The JSON value of a file's bytes, refusing what is not JSON, or holds NaN or Infinity, with a sentence."""
    # json reads NaN, Infinity and 1e999 as floats no journal stores; they are read as markers
    # and refused once the whole value is read, when the record and field can be named.
    markers: list[NotFinite] = []

    def marked(spelling: str) -> NotFinite:
        markers.append(NotFinite(spelling))
        return markers[-1]

    def finite_float(text: str) -> float | NotFinite:
        number = float(text)
        return number if math.isfinite(number) else marked(text)

    try:
        document = json.loads(data, parse_constant=marked, parse_float=finite_float)
    except UnicodeDecodeError as error:
        raise PortableFormatError(f"{name} is not UTF-8 text.") from error
    except json.JSONDecodeError as error:
        raise PortableFormatError(
            f"{name} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from error
    if markers:
        _refuse_not_finite(document)
    return document


def _not_finite(value: Any, path: list) -> tuple[list, NotFinite] | None:
    """The path to the first NotFinite in a JSON value, and the marker, or None."""
    stack = [(value, path)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, NotFinite):
            return where, node
        if isinstance(node, dict):
            stack.extend((child, [*where, key]) for key, child in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((child, [*where, index]) for index, child in reversed(list(enumerate(node))))
    return None


def _refuse_not_finite(document: Any) -> None:
    found = _not_finite(document, [])
    if found is None:
        return
    path, marker = found
    spelling = shown(marker.spelling, 24)
    if len(path) >= 2 and path[0] in RECORD_TYPES and isinstance(path[1], int):
        raise _record_error(document, path, f"{spelling} is not a number MasteryDesk can store")
    what = ".".join(flat(str(p)) for p in path) or "the document"
    raise PortableFormatError(f"The document is not valid: {what} is {spelling}, which is not a number MasteryDesk can store.")


def read_document_file(path: Path) -> dict:
    """Load a JSON file, refusing what is too large or not JSON with a sentence."""
    return parse_document(read_document_bytes(path), Path(path).name)


# A UTF-16 surrogate (U+D800-DFFF) in UTF-8 JSON is spelt as an escape or encoded raw (which the
# json module lets through); only a file with one of them can hold a lone surrogate. Searched
# apart: each pattern then starts with a fixed byte that is looked for fast (one pattern with
# both took 0.35-0.8 s on ten years, these 0.04 s).
_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")
_RAW_SURROGATE = re.compile(rb"\xed[\xa0-\xbf]")


def may_hold_lone_surrogates(data: bytes) -> bool:
    """Whether a string in the JSON document data can hold a lone surrogate, which no journal can store."""
    if json.detect_encoding(data) not in ("utf-8", "utf-8-sig"):
        return True  # UTF-16 and UTF-32 documents are checked string by string
    return _ESCAPED_SURROGATE.search(data) is not None or _RAW_SURROGATE.search(data) is not None


def check_header(document: Any) -> None:
    """Refuse a document that is not a MasteryDesk export of the version this MasteryDesk reads."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise PortableFormatError("This is not a MasteryDesk export (its 'format' is not 'masterydesk').")
    if document.get("version") != VERSION:
        raise PortableFormatError(
            f"This export is version {document.get('version')!r}; this MasteryDesk reads version {VERSION}."
        )


def validate_document(document: Any) -> None:
    """Check the document against the schema; the error names the record and the field."""
    import fastjsonschema

    check_header(document)
    try:
        _fast_validator()(document)
    except fastjsonschema.JsonSchemaValueException as fast_error:
        # Refused: check again against the schema as written, whose errors _schema_error words.
        try:
            _validator()(document)
        except fastjsonschema.JsonSchemaValueException as error:
            raise _schema_error(error, document) from error
        raise _schema_error(fast_error, document) from fast_error


def _schema_error(error, document: dict) -> InvalidRecord | PortableFormatError:
    path = [p for p in error.path[1:]]
    if len(path) < 2 or path[0] not in RECORD_TYPES:
        what = ".".join(path) or "the document"
        return PortableFormatError(f"The document is not valid: {what} {_problem(error)}.")
    return _record_error(document, path, _problem(error), _missing_field(error))


def _record_error(document: dict, path: list, problem: str, missing: str | None = None) -> InvalidRecord:
    """The error naming the record at path[:2] (by id, else by number) and the field below it."""
    collection, index = path[0], int(path[1])
    record = document[collection][index]
    record_id = record.get("id") if isinstance(record, dict) else None
    field = ".".join(flat(str(p)) for p in path[2:]) or missing or "(the record)"
    label = flat(record_id) if isinstance(record_id, str) else f"#{index + 1}"
    return InvalidRecord(collection, label, field, problem)


def _missing_field(error) -> str | None:
    match = re.search(r"must contain \['?([^'\]]+)", error.message)
    return match.group(1) if match else None


def _problem(error) -> str:
    rule, message = error.rule, error.message
    if rule == "oneOf":
        return "has a value of the wrong kind (a date must look like 2024-03-31, an id must be text, or null)"
    if rule == "required":
        return "is missing"
    # fastjsonschema says "data.x.y must be ..."; keep the part after the name.
    return message.split(" ", 1)[1] if " " in message else message


def _date(value: str | None, collection: str, record_id: str, field: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidRecord(collection, record_id, field, f"'{value}' is not a real date") from None


def _enum_for(collection: str, field: str):
    if field == "kind":
        return r.EntryKind if collection == "journal" else r.InteractionKind
    return ENUM_FIELDS.get(field)


def _ideas(value: list, collection: str, record_id: str) -> tuple[r.Idea, ...]:
    return tuple(
        r.Idea(i["text"], _date(i.get("applied_on"), collection, record_id, "ideas.applied_on"))
        for i in value
    )


def _requirements(value: list, collection: str, record_id: str) -> tuple[r.Requirement, ...]:
    return tuple(r.Requirement(q["skill_id"], r.Tier(q["tier"]), float(q.get("weight", 1))) for q in value)


def _converter(collection: str, name: str) -> Callable[[Any, str, str], Any] | None:
    """How one field's JSON value becomes the record's value (None: taken as it is)."""
    if name in DATE_FIELDS:
        return lambda value, collection, record_id: _date(value, collection, record_id, name)
    if name in TUPLE_FIELDS:
        return lambda value, *_: tuple(value)
    if (enum := _enum_for(collection, name)) is not None:
        members = {member.value: member for member in enum}  # a dict lookup: enum(value) is 10x slower
        return lambda value, *_: members[value]
    return {"ideas": _ideas, "requirements": _requirements}.get(name)


@cache
def _conversions(collection: str) -> tuple[tuple[str, Callable], ...]:
    """The fields of the collection's records whose JSON values need converting, with how."""
    converters = ((f.name, _converter(collection, f.name)) for f in fields(RECORD_TYPES[collection]))
    return tuple((name, convert) for name, convert in converters if convert is not None)


def record_from_json(collection: str, data: dict):
    """One record from its JSON object; absent optional fields take the record's defaults."""
    values = dict(data)  # the schema allows no other properties than the record's fields
    record_id = data["id"]
    for name, convert in _conversions(collection):
        if name in values:
            values[name] = convert(values[name], collection, record_id)
    return RECORD_TYPES[collection](**values)


def bundle_from_document(document: dict) -> r.Bundle:
    """The records of a document already validated against the schema."""
    return r.Bundle(
        **{name: tuple(record_from_json(name, item) for item in document[name]) for name in RECORD_TYPES}
    )


def document_to_bundle(document: dict) -> r.Bundle:
    """Validate a portable document and turn it into records (references are checked later)."""
    validate_document(document)
    return bundle_from_document(document)


# --- writing -----------------------------------------------------------------------------------


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _ideas_json(ideas: tuple[r.Idea, ...]) -> list[dict]:
    return [{"text": i.text, "applied_on": _iso(i.applied_on)} for i in ideas]


def _requirements_json(requirements: tuple[r.Requirement, ...]) -> list[dict]:
    return [{"skill_id": q.skill_id, "tier": str(q.tier), "weight": q.weight} for q in requirements]


def _json_converter(name: str) -> Callable[[Any], Any] | None:
    """How one field's value becomes JSON (None: it already is)."""
    if name in DATE_FIELDS:
        return _iso
    if name in TUPLE_FIELDS:
        return list
    if name in ENUM_FIELDS:
        return str
    return {"ideas": _ideas_json, "requirements": _requirements_json}.get(name)


@cache
def _json_fields(record_type: type) -> tuple[tuple[str, ...], Callable, tuple]:
    names = tuple(f.name for f in fields(record_type))
    return names, attrgetter(*names), tuple(_json_converter(name) for name in names)


# Fields added after the design's format (a contact's key, an application's signed review): left
# out while empty, so that a journal which never used them exports exactly as before, and readers
# of the design's schema (which allows no other properties) still read it.
LEFT_OUT_WHEN_EMPTY = frozenset({"did", "review"})


def record_to_json(record) -> dict:
    """Every field of a record as JSON values (LEFT_OUT_WHEN_EMPTY aside, while empty)."""
    names, values, converters = _json_fields(type(record))
    return {
        name: value if convert is None else convert(value)
        for name, value, convert in zip(names, values(record), converters)
        if value != "" or name not in LEFT_OUT_WHEN_EMPTY
    }


def bundle_to_document(bundle: r.Bundle, *, exported_at: dt.datetime | None = None) -> dict:
    """The complete portable document for a set of records."""
    stamp = (exported_at or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION, "exported_at": stamp.isoformat()}
    for name in RECORD_TYPES:
        document[name] = [record_to_json(x) for x in getattr(bundle, name)]
    return document


def write_json_atomically(document: dict, out: Path) -> None:
    """Write the document to out atomically (a temporary file beside it, synced, then renamed)."""
    with atomic_file(Path(out)) as binary, text_stream(binary) as stream:
        json.dump(document, stream, ensure_ascii=False, indent=1)

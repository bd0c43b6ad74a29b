"""Queries behind the app's lists: journal pages, full-text search, names for pickers."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache
from dataclasses import dataclass

from sqlalchemy import Connection, Select, func, select, text

from masterydesk.store import models as m
from masterydesk.store import sqlite

ENTRIES = m.JournalEntryRow.__table__
ENTRY_SKILLS = m.EntrySkillRow.__table__
SKILLS = m.SkillRow.__table__

# snippet() marks matches with these control characters; the list draws them as highlights.
MATCH_START, MATCH_END = "\x02", "\x03"


@dataclass(frozen=True, slots=True)
class JournalFilter:
    """What the journal list shows: kind, skill, dates and search words (all optional)."""

    kind: str | None = None
    skill_id: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    words: str = ""
    order: str = ""  # a column of ORDER_COLUMNS; "" = newest first (search hits: newest written)
    descending: bool = True


ORDER_COLUMNS = {"date": ENTRIES.c.date, "kind": ENTRIES.c.kind, "minutes": ENTRIES.c.minutes, "text": ENTRIES.c.text}


@dataclass(frozen=True, slots=True)
class JournalLine:
    """One row of the journal list."""

    pk: int
    id: str
    date: dt.date
    kind: str
    minutes: int
    private: bool
    skills: str
    summary: str  # the first line, or the search snippet with matches marked


def _filtered(query: Select, where: JournalFilter) -> Select:
    if where.kind:
        query = query.where(ENTRIES.c.kind == where.kind)
    if where.start:
        query = query.where(ENTRIES.c.date >= where.start)
    if where.end:
        query = query.where(ENTRIES.c.date <= where.end)
    if where.skill_id:
        linked = select(ENTRY_SKILLS.c.entry_pk).where(ENTRY_SKILLS.c.skill_id == where.skill_id)
        query = query.where(ENTRIES.c.pk.in_(linked))
    return query


COUNT_CAP = 1000  # counting every hit of a frequent word costs more than a keystroke may take
MIN_PREFIX = 2  # a one-letter prefix matches nearly everything and is not in the prefix index


def search_match(words: str) -> str:
    """The FTS5 query for the user's words, or "" when there is nothing worth searching yet."""
    tokens = "".join(c if c.isalnum() else " " for c in words).split()
    if tokens and len(tokens[-1]) < MIN_PREFIX:
        tokens = tokens[:-1]
    return sqlite.fts_query(" ".join(tokens))


def _search_filters(where: JournalFilter) -> tuple[str, dict]:
    """The list's filters as SQL on the entries table `e`, with the search words' parameter."""
    clauses = []
    params: dict = {"match": search_match(where.words)}
    if where.kind:
        clauses.append("AND e.kind = :kind")
        params["kind"] = where.kind
    if where.start:
        clauses.append("AND e.date >= :start")
        params["start"] = where.start.isoformat()
    if where.end:
        clauses.append("AND e.date <= :end")
        params["end"] = where.end.isoformat()
    if where.skill_id:
        clauses.append("AND e.pk IN (SELECT entry_pk FROM entry_skills WHERE skill_id = :skill)")
        params["skill"] = where.skill_id
    return " ".join(clauses), params


def count_entries(connection: Connection, where: JournalFilter) -> int:
    """How many entries the list shows; search hits are counted up to COUNT_CAP + 1."""
    if search_match(where.words):
        filters, params = _search_filters(where)
        inner = ("SELECT 1 FROM journal_fts JOIN journal_entries e ON e.pk = journal_fts.rowid "
                 f"WHERE journal_fts MATCH :match {filters}")
        sql = f"SELECT count(*) FROM ({inner} LIMIT {COUNT_CAP + 1})"
        return connection.execute(text(sql), params).scalar_one()
    return connection.execute(_filtered(select(func.count()).select_from(ENTRIES), where)).scalar_one()


def _skill_names(connection: Connection, pks: list[int]) -> dict[int, str]:
    rows = connection.execute(
        select(ENTRY_SKILLS.c.entry_pk, SKILLS.c.name)
        .join(SKILLS, SKILLS.c.id == ENTRY_SKILLS.c.skill_id)
        .where(ENTRY_SKILLS.c.entry_pk.in_(pks))
        .order_by(ENTRY_SKILLS.c.entry_pk, ENTRY_SKILLS.c.position)
    ).all()
    names: dict[int, list[str]] = {}
    for pk, name in rows:
        names.setdefault(pk, []).append(name)
    return {pk: ", ".join(values) for pk, values in names.items()}


def _first_line(body: str) -> str:
    for line in body.splitlines():
        if line.strip():
            return line.strip().lstrip("#").strip()[:200]
    return ""


def entry_page(connection: Connection, where: JournalFilter, offset: int, limit: int) -> list[JournalLine]:
    """A page of the journal list, newest first (search hits: most recently written first)."""
    if search_match(where.words):
        rows = _search_page(connection, where, offset, limit)
        summaries = {row.pk: highlight(row.text, where.words) for row in rows}
    else:
        columns = (ENTRIES.c.pk, ENTRIES.c.id, ENTRIES.c.date, ENTRIES.c.kind, ENTRIES.c.minutes, ENTRIES.c.private)
        query = _filtered(select(*columns, func.substr(ENTRIES.c.text, 1, 400).label("head")), where)
        query = _ordered(query, where, default=ENTRIES.c.date).offset(offset).limit(limit)
        rows = connection.execute(query).all()
        summaries = {row.pk: _first_line(row.head) for row in rows}
    names = _skill_names(connection, [row.pk for row in rows])
    return [
        JournalLine(row.pk, row.id, _as_date(row.date), row.kind, row.minutes, bool(row.private),
                    names.get(row.pk, ""), summaries.get(row.pk, ""))
        for row in rows
    ]


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _search_page(connection: Connection, where: JournalFilter, offset: int, limit: int) -> list:
    # SQLite would drive this query from the hits and sort them all (0.6 s for a frequent word);
    # walking the date index newest first and probing the hits stops after one page (~15 ms).
    column = {"date": "e.date", "kind": "e.kind", "minutes": "e.minutes", "text": "e.text"}.get(where.order, "e.date")
    direction = "DESC" if where.descending else "ASC"
    indexed = " INDEXED BY ix_journal_entries_date" if column == "e.date" else ""
    filters, params = _search_filters(where)
    sql = (f"SELECT e.pk AS pk, e.id AS id, e.date AS date, e.kind AS kind, e.minutes AS minutes, "
           f"e.private AS private, e.text AS text FROM journal_entries e{indexed} "
           f"WHERE +e.pk IN (SELECT rowid FROM journal_fts WHERE journal_fts MATCH :match) {filters}")
    sql += f" ORDER BY {column} {direction}, e.pk {direction} LIMIT {int(limit)} OFFSET {int(offset)}"
    return connection.execute(text(sql), params).all()


@cache
def _fold_char(char: str) -> str:
    """One character as the index compares it (case and accents aside), still one character."""
    base = next((c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)), char)
    return base.lower()[:1] or char


def _fold(text: str) -> str:
    """The text folded character by character, so that positions in it are positions in the text."""
    return text.lower() if text.isascii() else "".join(map(_fold_char, text))


def _match_pattern(words: str) -> re.Pattern | None:
    terms = [_fold(t) for t in "".join(c if c.isalnum() else " " for c in words).split()]
    if terms and len(terms[-1]) < MIN_PREFIX:
        terms = terms[:-1]
    if not terms:
        return None
    alternatives = [re.escape(t) for t in terms[:-1]] + [re.escape(terms[-1]) + r"\w*"]
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


def highlight(body: str, words: str, before: int = 30, after: int = 110) -> str:
    """A stretch of the text around the first match, with every match in it marked."""
    pattern = _match_pattern(words)
    folded = _fold(body)
    first = pattern.search(folded) if pattern else None
    if first is None:
        return _first_line(body)
    start = body.rfind(" ", 0, first.start() - before) + 1 if first.start() > before else 0
    end = body.find(" ", first.end() + after)
    end = len(body) if end < 0 else end
    parts, position = [], start
    for match in pattern.finditer(folded, start, end):
        parts += [body[position:match.start()], MATCH_START, body[match.start():match.end()], MATCH_END]
        position = match.end()
    parts.append(body[position:end])
    snippet = " ".join("".join(parts).split())
    return ("…" if start > 0 else "") + snippet + ("…" if end < len(body) else "")


def _ordered(query: Select, where: JournalFilter, default) -> Select:
    # Search hits are ordered by the integer key unless asked otherwise: under a millisecond,
    # where ordering thousands of hits by date takes hundreds (PERF-NOTES).
    column = ORDER_COLUMNS.get(where.order, default)
    first = column.desc() if where.descending else column.asc()
    tie = ENTRIES.c.pk.desc() if where.descending else ENTRIES.c.pk.asc()
    return query.order_by(first, tie)


def names(connection: Connection, model: type[m.Base], label: str = "name") -> list[tuple[str, str]]:
    """(id, name) of every record of a kind, sorted by name: for pickers and completers."""
    table = model.__table__
    return [tuple(row) for row in connection.execute(select(table.c.id, table.c[label]).order_by(table.c[label]))]

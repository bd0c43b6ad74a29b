"""Queries behind the app's lists: journal pages, full-text search, names for pickers."""

from __future__ import annotations

import datetime as dt
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


def _search_sql(where: JournalFilter, columns: str, order: str = "") -> tuple[str, dict]:
    """The search query driven by the full-text index, with the list's filters joined in."""
    sql = [f"SELECT {columns} FROM journal_fts JOIN journal_entries e ON e.pk = journal_fts.rowid "
           "WHERE journal_fts MATCH :match"]
    params: dict = {"match": search_match(where.words)}
    if where.kind:
        sql.append("AND e.kind = :kind")
        params["kind"] = where.kind
    if where.start:
        sql.append("AND e.date >= :start")
        params["start"] = where.start.isoformat()
    if where.end:
        sql.append("AND e.date <= :end")
        params["end"] = where.end.isoformat()
    if where.skill_id:
        sql.append("AND e.pk IN (SELECT entry_pk FROM entry_skills WHERE skill_id = :skill)")
        params["skill"] = where.skill_id
    return " ".join(sql) + order, params


def count_entries(connection: Connection, where: JournalFilter) -> int:
    """How many entries the list shows; search hits are counted up to COUNT_CAP + 1."""
    if search_match(where.words):
        inner, params = _search_sql(where, "1")
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
        summaries = {row.pk: " ".join(row.head.split()) for row in rows}
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
    # Hits come in the index's own order (the integer key, which follows entry order) unless the
    # user sorted by a column: under a millisecond, where sorting thousands of hits takes hundreds.
    column = {"date": "e.date", "kind": "e.kind", "minutes": "e.minutes", "text": "e.text"}.get(where.order)
    direction = "DESC" if where.descending else "ASC"
    order = f" ORDER BY {column} {direction}, journal_fts.rowid {direction}" if column else \
        f" ORDER BY journal_fts.rowid {direction}"
    snippet = f"snippet(journal_fts, 0, '{MATCH_START}', '{MATCH_END}', '…', 10)"
    sql, params = _search_sql(
        where, f"e.pk AS pk, e.id AS id, e.date AS date, e.kind AS kind, e.minutes AS minutes, "
               f"e.private AS private, {snippet} AS head", order)
    return connection.execute(text(f"{sql} LIMIT {int(limit)} OFFSET {int(offset)}"), params).all()


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

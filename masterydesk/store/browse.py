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


def _search_clause():
    return text("journal_entries.pk IN (SELECT rowid FROM journal_fts WHERE journal_fts MATCH :match)")


def count_entries(connection: Connection, where: JournalFilter) -> int:
    query = _filtered(select(func.count()).select_from(ENTRIES), where)
    match = sqlite.fts_query(where.words)
    if match:
        query = query.where(_search_clause())
        return connection.execute(query, {"match": match}).scalar_one()
    return connection.execute(query).scalar_one()


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
    match = sqlite.fts_query(where.words)
    columns = (ENTRIES.c.pk, ENTRIES.c.id, ENTRIES.c.date, ENTRIES.c.kind, ENTRIES.c.minutes, ENTRIES.c.private)
    if match:
        query = _filtered(select(*columns).where(_search_clause()), where)
        query = _ordered(query, where, default=ENTRIES.c.pk).offset(offset).limit(limit)
        rows = connection.execute(query, {"match": match}).all()
        summaries = _snippets(connection, match, [row.pk for row in rows])
    else:
        query = _filtered(select(*columns, func.substr(ENTRIES.c.text, 1, 400).label("head")), where)
        query = _ordered(query, where, default=ENTRIES.c.date).offset(offset).limit(limit)
        rows = connection.execute(query).all()
        summaries = {row.pk: _first_line(row.head) for row in rows}
    names = _skill_names(connection, [row.pk for row in rows])
    return [
        JournalLine(row.pk, row.id, row.date, row.kind, row.minutes, row.private,
                    names.get(row.pk, ""), summaries.get(row.pk, ""))
        for row in rows
    ]


def _ordered(query: Select, where: JournalFilter, default) -> Select:
    # Search hits are ordered by the integer key unless asked otherwise: under a millisecond,
    # where ordering thousands of hits by date takes hundreds (PERF-NOTES).
    column = ORDER_COLUMNS.get(where.order, default)
    first = column.desc() if where.descending else column.asc()
    tie = ENTRIES.c.pk.desc() if where.descending else ENTRIES.c.pk.asc()
    return query.order_by(first, tie)


def _snippets(connection: Connection, match: str, pks: list[int]) -> dict[int, str]:
    if not pks:
        return {}
    placeholders = ",".join(str(int(pk)) for pk in pks)
    rows = connection.exec_driver_sql(
        f"SELECT rowid, snippet(journal_fts, 0, '{MATCH_START}', '{MATCH_END}', '…', 10) "
        f"FROM journal_fts WHERE journal_fts MATCH ? AND rowid IN ({placeholders})",
        (match,),
    ).all()
    return {pk: " ".join(snippet.split()) for pk, snippet in rows}


def names(connection: Connection, model: type[m.Base], label: str = "name") -> list[tuple[str, str]]:
    """(id, name) of every record of a kind, sorted by name: for pickers and completers."""
    table = model.__table__
    return [tuple(row) for row in connection.execute(select(table.c.id, table.c[label]).order_by(table.c[label]))]

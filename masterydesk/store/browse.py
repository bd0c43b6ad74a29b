"""Queries behind the app's lists: journal pages, full-text search, names for pickers.

Plain SQL through `exec_driver_sql`: the same queries run on a SQLAlchemy connection and, while
the app starts, on a bare sqlite3 one (store.snapshot), so that the newest entries can be shown
before SQLAlchemy has loaded.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from masterydesk.store import sqlite

if TYPE_CHECKING:
    from sqlalchemy import Connection

# highlight() marks matches with these control characters; the list draws them as highlights.
MATCH_START, MATCH_END = "\x02", "\x03"


class JournalFilter(NamedTuple):  # named tuples: loaded for the first frame (see store.timeline)
    """What the journal list shows: kind, skill, dates and search words (all optional)."""

    kind: str | None = None
    skill_id: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    words: str = ""
    order: str = ""  # a key of ORDER_COLUMNS; "" = newest first
    descending: bool = True


ORDER_COLUMNS = {"date": "e.date", "kind": "e.kind", "minutes": "e.minutes", "text": "e.text"}


class JournalLine(NamedTuple):
    """One row of the journal list."""

    pk: int
    id: str
    date: dt.date
    kind: str
    minutes: int
    private: bool
    skills: str
    summary: str  # the first line, or the search snippet with matches marked


COUNT_CAP = 1000  # counting every hit of a frequent word costs more than a keystroke may take
MIN_PREFIX = 2  # a one-letter prefix matches nearly everything and is not in the prefix index


def search_match(words: str) -> str:
    """The FTS5 query for the user's words, or "" when there is nothing worth searching yet."""
    tokens = sqlite.search_words(words)
    if tokens and len(tokens[-1]) < MIN_PREFIX:
        tokens = tokens[:-1]
    return sqlite.fts_query(" ".join(tokens))


def _filters(where: JournalFilter) -> tuple[str, dict]:
    """The list's filters as SQL conditions on the entries table `e`, with their parameters."""
    clauses = []
    params: dict = {}
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


def _scalar(connection: Connection, sql: str, params: dict):
    return connection.exec_driver_sql(sql, params).fetchone()[0]


def count_entries(connection: Connection, where: JournalFilter) -> int:
    """How many entries the list shows; search hits are counted up to COUNT_CAP + 1."""
    filters, params = _filters(where)
    match = search_match(where.words)
    if not match:
        return _scalar(connection, f"SELECT count(*) FROM journal_entries e WHERE 1 = 1 {filters}", params)
    inner = ("SELECT 1 FROM journal_fts JOIN journal_entries e ON e.pk = journal_fts.rowid "
             f"WHERE journal_fts MATCH :match {filters}")
    return _scalar(connection, f"SELECT count(*) FROM ({inner} LIMIT {COUNT_CAP + 1})", {**params, "match": match})


def entry_skill_names(connection: Connection, pks: list[int]) -> dict[int, str]:
    """The names of the skills each entry names, joined by commas, by entry key."""
    if not pks:
        return {}
    rows = connection.exec_driver_sql(
        "SELECT es.entry_pk, s.name FROM entry_skills es JOIN skills s ON s.id = es.skill_id "
        f"WHERE es.entry_pk IN ({', '.join(str(int(pk)) for pk in pks)}) ORDER BY es.entry_pk, es.position"
    ).fetchall()
    names: dict[int, list[str]] = {}
    for pk, name in rows:
        names.setdefault(pk, []).append(name)
    return {pk: ", ".join(values) for pk, values in names.items()}


def first_line(body: str) -> str:
    """The first line that holds text, without Markdown heading marks (at most 200 characters)."""
    for line in body.splitlines():
        if line.strip():
            return line.strip().lstrip("#").strip()[:200]
    return ""


def entry_page(connection: Connection, where: JournalFilter, offset: int, limit: int) -> list[JournalLine]:
    """A page of the journal list, newest first (or in the order asked for)."""
    words = search_match(where.words)
    rows = _page(connection, where, offset, limit, words)
    summary = (lambda body: highlight(body, where.words)) if words else first_line
    names = entry_skill_names(connection, [row[0] for row in rows])
    return [
        JournalLine(pk, id, _as_date(date), kind, minutes, bool(private), names.get(pk, ""), summary(body))
        for pk, id, date, kind, minutes, private, body in rows
    ]


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _page(connection: Connection, where: JournalFilter, offset: int, limit: int, match: str) -> list:
    column = ORDER_COLUMNS.get(where.order, "e.date")
    direction = "DESC" if where.descending else "ASC"
    filters, params = _filters(where)
    if match:
        # SQLite would drive this query from the hits and sort them all (0.6 s for a frequent
        # word); walking the date index newest first and probing the hits stops after one page.
        indexed = " INDEXED BY ix_journal_entries_date" if column == "e.date" else ""
        body, source = "e.text", f"journal_entries e{indexed}"
        filters = f"AND +e.pk IN (SELECT rowid FROM journal_fts WHERE journal_fts MATCH :match) {filters}"
        params["match"] = match
    else:
        body, source = "substr(e.text, 1, 400)", "journal_entries e"
    sql = (f"SELECT e.pk, e.id, e.date, e.kind, e.minutes, e.private, {body} FROM {source} WHERE 1 = 1 {filters} "
           f"ORDER BY {column} {direction}, e.pk {direction} LIMIT {int(limit)} OFFSET {int(offset)}")
    return connection.exec_driver_sql(sql, params).fetchall()


@cache
def _fold_char(char: str) -> str:
    """One character as the index compares it (case and accents aside), still one character."""
    base = next((c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)), char)
    return base.lower()[:1] or char


def _fold(text: str) -> str:
    """The text folded character by character, so that positions in it are positions in the text."""
    return text.lower() if text.isascii() else "".join(map(_fold_char, text))


def _terms(words: str) -> list[str]:
    """The search words, folded; a last one too short to be searched yet is left out."""
    terms = [_fold(t) for t in "".join(c if c.isalnum() else " " for c in words).split()]
    return terms[:-1] if terms and len(terms[-1]) < MIN_PREFIX else terms


def words_matcher(words: str) -> Callable[[str], bool]:
    """Whether a text holds every search word (the last one as the start of a word), as the index
    finds them; the words' patterns made once, for the many texts one search looks at."""
    terms = _terms(words)
    patterns = [re.compile(rf"\b{re.escape(t)}\b") for t in terms[:-1]]
    patterns += [re.compile(rf"\b{re.escape(t)}") for t in terms[-1:]]

    def holds_words(text: str) -> bool:
        folded = _fold(text)
        return all(pattern.search(folded) for pattern in patterns)

    return holds_words


def _match_pattern(words: str) -> re.Pattern | None:
    terms = _terms(words)
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
        return first_line(body)
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


def names(connection: Connection, table: str, label: str = "name") -> list[tuple[str, str]]:
    """(id, name) of every record of a table, sorted by name: for pickers and completers."""
    rows = connection.exec_driver_sql(f"SELECT id, {label} FROM {table} ORDER BY {label}").fetchall()
    return [tuple(row) for row in rows]

"""The one timeline: every dated record of every kind, newest first, in pages, filtered and searched.

Plain SQL through `exec_driver_sql`, as store.browse: it also runs on store.snapshot's sqlite3
connection, before SQLAlchemy has loaded.

Each kind of record is one SELECT of the same columns (an arm); the arms are joined with
UNION ALL and merged in date order. Pages are read after the last row shown (keyset paging on
date, kind and rowid), so a page deep in ten years costs what the first one does; rows of one day
and kind come in the order they were added (their rowid), which each date index holds already.

Search: entries through their own index (journal_fts), the other kinds through timeline_fts
(store.sqlite), which holds each record's notes, ideas and the names it refers to. Every arm walks
its date index newest first and probes the hits, so a page of a frequent word stops early (see
store.browse._page). Tier promotions are derived, not stored: services.timeline merges them in.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from masterydesk.store import sqlite
from masterydesk.store.browse import COUNT_CAP, entry_skill_names, first_line, highlight, search_match

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from masterydesk.domain import records as r

ENTRY_KINDS = ("practice", "learning", "reflection")
KINDS = (*ENTRY_KINDS, "application", "teaching", "interaction", "checkin", "promotion")
# Where each kind's records live (a promotion opens its skill).
COLLECTION = {
    **{kind: "journal" for kind in ENTRY_KINDS}, "application": "applications", "teaching": "teaching",
    "interaction": "interactions", "checkin": "checkins", "promotion": "skills",
}
# Within a day, rows are ordered by rank (then rowid): promotions above the evidence that earned them.
RANK = {"entry": 0, "application": 1, "teaching": 2, "interaction": 3, "checkin": 4}


# Named tuples rather than frozen dataclasses: this module loads for the window's first frame, and a
# named tuple is defined in a sixth of the time (0.1 against 0.6 ms) and made faster, row by row.
class TimelineFilter(NamedTuple):
    """What the timeline shows: kinds, skill, person, dates and search words (all optional)."""

    kinds: frozenset[str] = frozenset(KINDS)
    skill_id: str | None = None
    contact_id: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    words: str = ""
    descending: bool = True


class TimelineRow(NamedTuple):
    """One row of the timeline: a dated record (or a tier a skill reached), as the list shows it."""

    kind: str  # one of KINDS
    id: str  # the record's id; a promotion's is its skill's
    date: dt.date
    rank: int  # the order of rows of one day (see RANK)
    seq: int  # the order of rows of one day and rank: the record's rowid (a promotion's: its skill's)
    text: str  # what happened: an entry's text, a record's facts and notes on one line
    words: str = ""  # the search words the row was found by
    skills: str = ""
    person: str = ""
    minutes: int = 0
    private: bool = False

    @property
    def collection(self) -> str:
        return COLLECTION[self.kind]

    @property
    def key(self) -> tuple[dt.date, int, int]:
        """Where the row sits in the timeline: pages continue after the last row's key."""
        return self.date, self.rank, self.seq

    @property
    def summary(self) -> str:
        """The first line of the text, or the stretch around the search matches, marked (store.browse.MATCH_START)."""
        return _summary(self.text, self.words)


@lru_cache(maxsize=1024)
def _summary(text: str, words: str) -> str:
    # Made when a row is first drawn: a page holds 200 rows and the list shows a few dozen.
    return highlight(text, words) if words else first_line(text)


class Arm(NamedTuple):
    """One kind's SELECT: its table (as `x`), its columns, and how each filter reads on it."""

    group: str  # a key of RANK
    table: str
    columns: str  # kind, pk, skills, person, minutes, private, facts (a JSON array), body
    joins: str = ""
    skill: str | None = None  # the condition for one skill (:skill); None: the kind names no skill
    person: str | None = None  # the condition for one person (:contact); None: the kind names no one


IDEAS = "(SELECT group_concat(text, char(10)) FROM ideas WHERE interaction_id = x.id)"
ARMS = (
    Arm("entry", "journal_entries", "x.kind, x.pk, NULL, NULL, x.minutes, x.private, NULL, {entry_text}",
        skill="x.pk IN (SELECT entry_pk FROM entry_skills WHERE skill_id = :skill)"),
    Arm("application", "applications",
        "'application', NULL, s.name, c.name, 0, 0, json_array(p.name, x.novel_context, x.quality), x.notes",
        "LEFT JOIN skills s ON s.id = x.skill_id LEFT JOIN projects p ON p.id = x.project_id "
        "LEFT JOIN contacts c ON c.id = x.reviewer_id",
        skill="x.skill_id = :skill", person="x.reviewer_id = :contact"),
    Arm("teaching", "teaching_events",
        "'teaching', NULL, s.name, c.name, 0, 0, json_array(x.format, x.audience_size, x.rating), x.notes",
        "LEFT JOIN skills s ON s.id = x.skill_id LEFT JOIN contacts c ON c.id = x.contact_id",
        skill="x.skill_id = :skill", person="x.contact_id = :contact"),
    Arm("interaction", "interactions",
        f"'interaction', NULL, NULL, coalesce(c.name || ' · ' || g.name, c.name, g.name), 0, 0, "
        f"json_array(x.kind), x.notes || coalesce(char(10) || {IDEAS}, '')",
        "LEFT JOIN contacts c ON c.id = x.contact_id LEFT JOIN communities g ON g.id = x.community_id",
        person="x.contact_id = :contact"),
    Arm("checkin", "checkins",
        "'checkin', NULL, NULL, NULL, 0, 0, NULL, x.working || char(10) || x.adjust || char(10) || x.notes"),
)


def _shown_arms(where: TimelineFilter) -> list[Arm]:
    """The arms whose kind is shown and that can meet the skill and person asked for."""
    return [
        arm for arm in ARMS
        if _kinds_of(arm) & where.kinds
        and (where.skill_id is None or arm.skill is not None)
        and (where.contact_id is None or arm.person is not None)
    ]


def _kinds_of(arm: Arm) -> frozenset[str]:
    return frozenset(ENTRY_KINDS) if arm.group == "entry" else frozenset((arm.group,))


def _conditions(arm: Arm, where: TimelineFilter) -> str:
    """The filters (search aside) as SQL conditions on the arm's `x` (parameters: see _parameters)."""
    clauses = []
    if arm.group == "entry" and not set(ENTRY_KINDS) <= where.kinds:
        shown = ", ".join(f"'{kind}'" for kind in ENTRY_KINDS if kind in where.kinds)
        clauses.append(f"x.kind IN ({shown})")
    if where.start:
        clauses.append("x.date >= :start")
    if where.end:
        clauses.append("x.date <= :end")
    if where.skill_id:
        clauses.append(arm.skill)
    if where.contact_id:
        clauses.append(arm.person)
    return " AND ".join(clauses) or "1"


def _found(arm: Arm) -> str:
    """The condition that keeps the arm's records the search finds; the + keeps SQLite walking the date index.

    The other kinds' hits are read once for all of them (the common table `hits`): a prefix of
    three letters or more is looked up afresh by every query that names it.
    """
    if arm.group == "entry":
        return "+x.pk IN (SELECT rowid FROM journal_fts WHERE journal_fts MATCH :match)"
    low = _lowest_key(arm)
    return (f"+x.rowid IN (SELECT rowid - {low} FROM hits "
            f"WHERE rowid BETWEEN {low} AND {low + sqlite.TIMELINE_SPAN - 1})")


def _parameters(where: TimelineFilter, match: str) -> dict:
    values = {"start": where.start, "end": where.end, "match": match, "skill": where.skill_id,
              "contact": where.contact_id}
    return {name: value.isoformat() if isinstance(value, dt.date) else value for name, value in values.items()}


def count_rows(connection: Connection, where: TimelineFilter) -> dict[str, int]:
    """How many rows of each kind of record (entries as one) the timeline shows.

    Search hits are counted up to COUNT_CAP + 1 in all, as the journal list counts them: each
    kind's hits are read from its index, joined to the records, until the cap is reached.
    """
    match = search_match(where.words)
    arms = _shown_arms(where)
    if not arms:
        return {}
    if not match:
        sql = " UNION ALL ".join(
            f"SELECT '{arm.group}', count(*) FROM {arm.table} x WHERE {_conditions(arm, where)}" for arm in arms)
    else:
        hits = " UNION ALL ".join(f"SELECT '{arm.group}' AS grp FROM {_hits_joined(arm)} "
                                  f"WHERE {_conditions(arm, where)}" for arm in arms)
        sql = f"SELECT grp, count(*) FROM ({hits} LIMIT {COUNT_CAP + 1}) GROUP BY grp"
    rows = connection.exec_driver_sql(sql, _parameters(where, match)).fetchall()
    return {group: count for group, count in rows if count}


def _hits_joined(arm: Arm) -> str:
    """The arm's search hits joined to its records (as `x`): read in the index's order, so counting can stop early."""
    if arm.group == "entry":
        return "journal_fts JOIN journal_entries x ON x.pk = journal_fts.rowid AND journal_fts MATCH :match"
    low = _lowest_key(arm)
    return (f"timeline_fts JOIN {arm.table} x ON x.rowid = timeline_fts.rowid - {low} AND timeline_fts MATCH :match "
            f"AND timeline_fts.rowid BETWEEN {low} AND {low + sqlite.TIMELINE_SPAN - 1}")


def _lowest_key(arm: Arm) -> int:
    """The first rowid of the arm's records in timeline_fts."""
    return sqlite.TIMELINE_SOURCE[arm.table].code * sqlite.TIMELINE_SPAN


def _after(arm: Arm, where: TimelineFilter, after: tuple | None) -> tuple[str, dict]:
    """The condition that keeps the arm's rows past the key `after` (in the filter's direction)."""
    if after is None:
        return "", {}
    day, rank, seq = after
    past, rank_here = ("<" if where.descending else ">"), RANK[arm.group]
    parameters = {"after_day": day.isoformat(), "after_seq": seq}
    if rank_here == rank:
        return f" AND x.date {past}= :after_day AND (x.date {past} :after_day OR x.rowid {past} :after_seq)", parameters
    before_in_day = rank_here < rank if where.descending else rank_here > rank
    return f" AND x.date {past}{'=' if before_in_day else ''} :after_day", parameters


def read_page(connection: Connection, where: TimelineFilter, after: tuple | None, limit: int) -> list[TimelineRow]:
    """Up to `limit` rows past the key `after` (None: from the top), newest first unless asked otherwise."""
    match = search_match(where.words)
    arms = _shown_arms(where)
    if not arms:
        return []
    parameters = _parameters(where, match)
    selects = []
    for arm in arms:
        past, more = _after(arm, where, after)
        parameters.update(more)
        found = f" AND {_found(arm)}" if match else ""
        columns = arm.columns.format(entry_text="x.text" if match else "substr(x.text, 1, 400)")
        selects.append(f"SELECT x.date, {RANK[arm.group]}, x.rowid, x.id, {columns} FROM {arm.table} x {arm.joins} "
                       f"WHERE {_conditions(arm, where)}{found}{past}")
    direction = "DESC" if where.descending else "ASC"
    others = match and any(arm.group != "entry" for arm in arms)
    hits = "WITH hits AS MATERIALIZED (SELECT rowid FROM timeline_fts WHERE timeline_fts MATCH :match) " if others else ""
    sql = (f"{hits}{' UNION ALL '.join(selects)} ORDER BY 1 {direction}, 2 {direction}, 3 {direction} "
           f"LIMIT {int(limit)}")
    rows = connection.exec_driver_sql(sql, parameters).fetchall()
    names = entry_skill_names(connection, [row[5] for row in rows if row[5] is not None])
    return [_row(row, names, where.words if match else "") for row in rows]


def _row(row: tuple, entry_skills: dict[int, str], words: str) -> TimelineRow:
    day, rank, seq, record_id, kind, pk, skills, person, minutes, private, facts, body = row
    if pk is not None:
        skills, text = entry_skills.get(pk, ""), body
    else:
        text = " · ".join(filter(None, [*_facts(kind, json.loads(facts or "[]")), *(body or "").splitlines()]))
    return TimelineRow(kind, record_id, _day(day), rank, seq, text, words, skills or "", person or "", minutes,
                       bool(private))


def _facts(kind: str, facts: list) -> list[str]:
    """What a record says besides its notes, in words: a project, a format, a rating."""
    if kind == "application":
        project, novel, quality = facts
        return [project, "novel context" if novel else "", f"quality {quality}" if quality else ""]
    if kind == "teaching":
        form, audience, rating = facts
        return [_words(form), f"audience of {audience}" if audience > 1 else "", f"rated {rating}" if rating else ""]
    if kind == "interaction":
        return [_words(facts[0])]
    return []


def _words(value: str) -> str:
    """An enum's value as words: code_review → Code review."""
    return value.replace("_", " ").capitalize()


def tier_evidence(connection: Connection) -> tuple[dict[str, tuple[int, str]], dict[str, r.Evidence]]:
    """Each skill's rowid and name, and what the tier rules weigh of its applications and teaching events.

    Only the fields the rules read are filled (a reviewer as "" when there is one): ten years
    hold 18,000 of them, and their notes are not needed.
    """
    from masterydesk.domain import records as r  # its 19 dataclasses take 12 ms to build: not for the first look

    names = {skill_id: (seq, name) for seq, skill_id, name in connection.exec_driver_sql(
        "SELECT rowid, id, name FROM skills").fetchall()}
    applications: dict[str, list[r.Application]] = defaultdict(list)
    teaching: dict[str, list[r.TeachingEvent]] = defaultdict(list)
    for skill_id, day, novel, quality, reviewed in connection.exec_driver_sql(
        "SELECT skill_id, date, novel_context, quality, reviewer_id IS NOT NULL FROM applications"
    ).fetchall():
        applications[skill_id].append(r.Application("", skill_id, _day(day), None, bool(novel), quality, "" if reviewed else None))
    for skill_id, day, rating in connection.exec_driver_sql("SELECT skill_id, date, rating FROM teaching_events").fetchall():
        teaching[skill_id].append(r.TeachingEvent("", skill_id, _day(day), r.TeachingFormat.OTHER, 1, rating))
    evidence = {skill_id: r.Evidence(tuple(applications[skill_id]), tuple(teaching[skill_id])) for skill_id in names}
    return names, evidence


@lru_cache(maxsize=8192)
def _day(value: str | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)

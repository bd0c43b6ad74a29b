"""The one reader of skills, projects, contacts, applications, teaching, interactions, roles, journal
entries and check-ins, and of each skill's evidence and practice: plain SQL through `exec_driver_sql`.

They run on a SQLAlchemy connection (the app, exports, undo) or, for `masterydesk metrics`, on
store.snapshot's sqlite3 one, without importing SQLAlchemy or the ORM models (most of that
command's third of a second; the app shows a journal without them). store.bundles reads the other
kinds and writes them all.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from masterydesk.domain import records as r

if TYPE_CHECKING:
    from sqlalchemy import Connection

DATED = ("journal_entries", "applications", "teaching_events", "interactions", "checkins")
# The tables read in full (checked page by page before reading). Of journal entries only the
# dates, minutes and skills are read, from two indexes, never the text: checking the entries'
# pages would read it all (most of the file), and damage met while reading is refused all the same.
READ_IN_FULL = (
    "skills", "skill_prerequisites", "projects", "contacts", "contact_skills", "applications",
    "teaching_events", "interactions", "ideas", "roles", "role_requirements", "role_milestones",
    "settings", "checkins",
)


class _Days(dict):
    """Date column values to dates, each parsed once: SQLite hands back text, other databases dates.

    Ten years hold a few thousand distinct days among a hundred thousand dated values; a lookup
    here costs a third of a function call with a cache.
    """

    def __missing__(self, value: str | dt.date | None) -> dt.date | None:
        day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        self[value] = day
        return day


_DAYS = _Days()
_day = _DAYS.__getitem__


def _rows(connection: Connection, sql: str, parameters: tuple | dict = ()) -> list:
    return connection.exec_driver_sql(sql, parameters).fetchall()


def _of(column: str, ids: Iterable[str] | None) -> tuple[str, tuple]:
    """A WHERE clause keeping the rows whose column is one of ids (every row for None).

    The ids go in as one JSON array: no limit on their number, one statement whatever it is.
    """
    if ids is None:
        return "", ()
    return f" WHERE {column} IN (SELECT value FROM json_each(?))", (json.dumps(list(ids)),)


def _grouped(connection: Connection, sql: str, parent: str, ids: Iterable[str] | None) -> dict[str, tuple]:
    """{parent: (child, …)} from `sql` (rows of parent, child), for the parents among ids."""
    where, parameters = _of(parent, ids)
    grouped: dict[str, list] = defaultdict(list)
    for parent_value, child in _rows(connection, sql % where, parameters):
        grouped[parent_value].append(child)
    return {parent_value: tuple(children) for parent_value, children in grouped.items()}


def read_metric_records(connection: Connection) -> r.Bundle:
    """The records the metrics look at one by one: skills, projects, applications, teaching and roles.

    What they only count, they get added up in SQL: the journal's practice (read_practice), and
    the interactions, ideas and contacts' skill links (read_network); reading those 13,000
    records of ten years took a third of `masterydesk metrics`' reading.
    """
    return r.Bundle(
        skills=read_skills(connection),
        projects=read_projects(connection),
        applications=read_applications(connection),
        teaching=read_teaching(connection),
        roles=read_roles(connection),
    )


def read_skills(connection: Connection, ids: Iterable[str] | None = None) -> tuple[r.Skill, ...]:
    prerequisites = _grouped(
        connection, "SELECT skill_id, prerequisite_id FROM skill_prerequisites%s ORDER BY skill_id, position",
        "skill_id", ids,
    )
    rows = _select(connection, "id, name, category, description, learned_on, archived", "skills", ids)
    categories = _members(r.Category)
    return tuple(
        r.Skill(
            id, name, categories[category], description, _day(learned_on),
            prerequisites.get(id, ()), bool(archived),
        )
        for id, name, category, description, learned_on, archived in rows
    )


def read_projects(connection: Connection, ids: Iterable[str] | None = None) -> tuple[r.Project, ...]:
    rows = _select(connection, "id, name, status, description, role, started_on, ended_on, outcome", "projects", ids)
    statuses = _members(r.ProjectStatus)
    return tuple(
        r.Project(id, name, statuses[status], description, role, _day(started), _day(ended), outcome)
        for id, name, status, description, role, started, ended, outcome in rows
    )


def read_contacts(connection: Connection, ids: Iterable[str] | None = None) -> tuple[r.Contact, ...]:
    skills = _grouped(
        connection, "SELECT contact_id, skill_id FROM contact_skills%s ORDER BY contact_id, position", "contact_id", ids
    )
    rows = _select(connection, "id, name, relationship, email, organization, title, follow_up_on, notes, did", "contacts", ids)
    relationships = _members(r.Relationship)
    return tuple(
        r.Contact(
            id, name, relationships[relationship], email, organization, title,
            skills.get(id, ()), _day(follow_up_on), notes, did,
        )
        for id, name, relationship, email, organization, title, follow_up_on, notes, did in rows
    )


def _select(connection: Connection, columns: str, table: str, ids: Iterable[str] | None, column: str = "id") -> list:
    """The columns of the table's rows whose column is one of ids (every row for None), by id."""
    where, parameters = _of(column, ids)
    return _rows(connection, f"SELECT {columns} FROM {table}{where} ORDER BY id", parameters)


def read_applications(connection: Connection, ids: Iterable[str] | None = None, *, column: str = "id") -> tuple[r.Application, ...]:
    """Applications by id (or, with column="skill_id", those of the given skills)."""
    rows = _select(connection, "id, skill_id, date, project_id, novel_context, quality, reviewer_id, notes, review",
                   "applications", ids, column)
    return tuple(
        r.Application(id, skill_id, _DAYS[day], project_id, bool(novel), quality, reviewer_id, notes, review)
        for id, skill_id, day, project_id, novel, quality, reviewer_id, notes, review in rows
    )


def read_teaching(connection: Connection, ids: Iterable[str] | None = None, *, column: str = "id") -> tuple[r.TeachingEvent, ...]:
    """Teaching events by id (or, with column="skill_id", those of the given skills)."""
    rows = _select(connection, "id, skill_id, date, format, audience_size, rating, contact_id, notes",
                   "teaching_events", ids, column)
    formats = _members(r.TeachingFormat)
    return tuple(
        r.TeachingEvent(id, skill_id, _DAYS[day], formats[value], audience, rating, contact_id, notes)
        for id, skill_id, day, value, audience, rating, contact_id, notes in rows
    )


def read_journal(connection: Connection, ids: Iterable[str] | None = None) -> tuple[r.JournalEntry, ...]:
    """Journal entries by id (every one for None), in the order they were written."""
    where, parameters = _of("id", ids)
    rows = _rows(connection, f"SELECT pk, id, date, kind, text, minutes, private FROM journal_entries{where} ORDER BY pk",
                 parameters)
    pks = None if ids is None else [row[0] for row in rows]
    skills = _grouped(connection, "SELECT entry_pk, skill_id FROM entry_skills%s ORDER BY entry_pk, position",
                      "entry_pk", pks)
    kinds = _members(r.EntryKind)
    return tuple(
        r.JournalEntry(id, _DAYS[day], kinds[kind], text, minutes, skills.get(pk, ()), bool(private))
        for pk, id, day, kind, text, minutes, private in rows
    )


def read_checkins(connection: Connection, ids: Iterable[str] | None = None) -> tuple[r.CheckIn, ...]:
    """Check-ins by date, then in the order they were written (the figures each was saved with are
    store.checkins')."""
    where, parameters = _of("id", ids)
    rows = _rows(connection, f"SELECT id, date, working, adjust, notes FROM checkins{where} ORDER BY date, rowid",
                 parameters)
    return tuple(r.CheckIn(id, _DAYS[day], working, adjust, notes) for id, day, working, adjust, notes in rows)


def read_interactions(connection: Connection, ids: Iterable[str] | None = None) -> tuple[r.Interaction, ...]:
    ideas: dict[str, list[r.Idea]] = defaultdict(list)
    where, parameters = _of("interaction_id", ids)
    for interaction_id, text, applied_on in _rows(
        connection, f"SELECT interaction_id, text, applied_on FROM ideas{where} ORDER BY interaction_id, position",
        parameters,
    ):
        ideas[interaction_id].append(r.Idea(text, _day(applied_on)))
    rows = _select(connection, "id, date, kind, contact_id, community_id, notes", "interactions", ids)
    kinds = _members(r.InteractionKind)
    return tuple(
        r.Interaction(id, _DAYS[day], kinds[kind], contact_id, community_id, notes, tuple(ideas.get(id, ())))
        for id, day, kind, contact_id, community_id, notes in rows
    )


def read_roles(connection: Connection, ids: Iterable[str] | None = None) -> tuple[r.Role, ...]:
    requirements: dict[str, list[r.Requirement]] = defaultdict(list)
    where, parameters = _of("role_id", ids)
    for role_id, skill_id, tier, weight in _rows(
        connection,
        f"SELECT role_id, skill_id, tier, weight FROM role_requirements{where} ORDER BY role_id, position",
        parameters,
    ):
        requirements[role_id].append(r.Requirement(skill_id, r.Tier(tier), weight))
    milestones = _grouped(
        connection, "SELECT role_id, project_id FROM role_milestones%s ORDER BY role_id, position", "role_id", ids
    )
    rows = _select(connection, "id, title, organization, target_date, notes, created_on", "roles", ids)
    return tuple(
        r.Role(
            id, title, organization, _day(target_date), tuple(requirements.get(id, ())),
            milestones.get(id, ()), notes, _day(created_on),
        )
        for id, title, organization, target_date, notes, created_on in rows
    )


@functools.cache
def _members(enum: type) -> dict:
    """{value: member} of an enum: calling the enum is slow on thousands of rows."""
    return {member.value: member for member in enum}


# Minutes and entries per skill and day, from the copy of each entry's date and minutes in its links.
PRACTICE_BY_SKILL = (
    "SELECT l.skill_id, l.date, sum(l.minutes), count(*) FROM entry_skills l%s "
    "GROUP BY l.skill_id, l.date ORDER BY l.skill_id, l.date"
)


def evidence_of_skills(connection: Connection, skill_ids: Iterable[str]) -> dict[str, r.Evidence]:
    """The evidence of the given skills only: applications, teaching, practice days and learned_on."""
    wanted = list(skill_ids)
    applications: dict[str, list[r.Application]] = defaultdict(list)
    teaching: dict[str, list[r.TeachingEvent]] = defaultdict(list)
    practice: dict[str, list[r.Practice]] = defaultdict(list)
    for application in read_applications(connection, wanted, column="skill_id"):
        applications[application.skill_id].append(application)
    for event in read_teaching(connection, wanted, column="skill_id"):
        teaching[event.skill_id].append(event)
    where, parameters = _of("l.skill_id", wanted)
    for skill_id, day, minutes, entries in _rows(connection, PRACTICE_BY_SKILL % where, parameters):
        practice[skill_id].append(r.Practice(_day(day), minutes, entries))
    learned = {s.id: s.learned_on for s in read_skills(connection, wanted)}
    return {
        s: r.Evidence(tuple(applications[s]), tuple(teaching[s]), tuple(practice[s]), learned.get(s))
        for s in wanted
    }


def read_practice(connection: Connection, window: r.Window) -> r.PracticeLog:
    """The journal's practice for one window, added up in SQL from two indexes (never the text).

    Overall, the window's entries as one day (their first); per skill, its first day, then its
    entries in the window as one day: exact for every figure of that window, and a few hundred
    rows instead of one per skill and day.
    """
    inside = {"start": window.start.isoformat(), "end": window.end.isoformat()}
    days = _rows(connection, PRACTICE_INSIDE, inside)
    by_skill: dict[str, list[r.Practice]] = defaultdict(list)
    for skill_id, first, first_inside, minutes, entries in _rows(connection, SKILL_PRACTICE_INSIDE, inside):
        by_skill[skill_id].append(r.Practice(_day(first), 0, 0))
        if first_inside is not None:
            by_skill[skill_id].append(r.Practice(_day(first_inside), minutes, entries))
    return r.PracticeLog(
        tuple(r.Practice(_day(day), minutes, entries) for day, minutes, entries in days if day is not None),
        {skill_id: tuple(practice) for skill_id, practice in by_skill.items()},
    )


def read_network(connection: Connection, window: r.Window) -> r.NetworkCounts:
    """The window's interactions, ideas and ideas applied, and each skill's supporters, counted in SQL."""
    inside = {"start": window.start.isoformat(), "end": window.end.isoformat()}
    interactions, ideas, applied = _rows(connection, NETWORK_INSIDE, inside)[0]
    supporters = _grouped(connection, "SELECT skill_id, contact_id FROM contact_skills%s", "skill_id", None)
    return r.NetworkCounts(
        interactions, ideas, applied, {skill_id: frozenset(ids) for skill_id, ids in supporters.items()}
    )


# The window's interactions, and the ideas they brought (applied: those with a day they were applied);
# both searches of the interactions' date index.
NETWORK_INSIDE = """
SELECT (SELECT count(*) FROM interactions WHERE date BETWEEN :start AND :end), count(*), count(applied_on)
FROM ideas WHERE interaction_id IN (SELECT id FROM interactions WHERE date BETWEEN :start AND :end)
"""
PRACTICE_INSIDE = "SELECT min(date), sum(minutes), count(*) FROM journal_entries WHERE date BETWEEN :start AND :end"
# Per skill practised: its first day, and the window's practice as of its first day there. Both are
# searches of its (skill_id, date, minutes) index: ten years' 60,000 rows in 9 ms (one pass over all
# of them, testing each date against the window, took 22), a quarter's in under a millisecond.
SKILL_PRACTICE_INSIDE = """
SELECT s.id, (SELECT min(date) FROM entry_skills WHERE skill_id = s.id) AS first, min(e.date), sum(e.minutes),
       count(e.skill_id)
FROM skills s LEFT JOIN entry_skills e ON e.skill_id = s.id AND e.date BETWEEN :start AND :end
GROUP BY s.id HAVING first IS NOT NULL
"""


def earliest_record_date(connection: Connection) -> dt.date | None:
    """The earliest date of any dated record, or of any skill's learned_on."""
    minimums = [f"SELECT min(date) FROM {table}" for table in DATED]
    minimums.append("SELECT min(learned_on) FROM skills")
    values = [_day(row[0]) for row in _rows(connection, " UNION ALL ".join(minimums))]
    return min((v for v in values if v is not None), default=None)

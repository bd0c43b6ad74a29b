"""Reading and writing whole sets of records (a Bundle) with Core statements, fast."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from functools import cache
from operator import attrgetter
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, create_engine, delete, event, select

from masterydesk.domain import records as r
from masterydesk.domain.errors import JournalRefused
from masterydesk.store import models as m
from masterydesk.store import sqlite
from masterydesk.store.database import create_journal, engine_url
from masterydesk.store.readers import (
    read_applications,
    read_checkins,
    read_contacts,
    read_interactions,
    read_journal,
    read_projects,
    read_roles,
    read_skills,
    read_teaching,
)

Ids = Iterable[str] | None  # a filter on ids; None reads every record

CHUNK = 900  # bound parameters per statement, well below SQLite's limit
BULK_JOURNAL = 500  # above this many entries, rebuild the search index once instead of per row
BULK_TIMELINE = 500  # above this many records the timeline's index reads, rebuild it once (see write_bundle)


def _table(model: type[m.Base]) -> Table:
    return model.__table__  # type: ignore[return-value]


def _chunks(values: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _replace_children(
    connection: Connection, table: Table, parent_column: str, parents: Sequence, rows: list[dict]
) -> None:
    """Delete the children of the parents, then insert the new ones."""
    sqlite.delete_where(connection, table, parent_column, parents)
    sqlite.insert_rows(connection, table, rows)


def _links(parent_key: str, child_key: str, pairs: Iterable[tuple[object, Sequence[str]]]) -> list[dict]:
    return [
        {parent_key: parent, child_key: child, "position": position}
        for parent, children in pairs
        for position, child in enumerate(children)
    ]


@cache
def _field_names(record_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(record_type))


@cache
def _columns(record_type: type, drop: tuple[str, ...]) -> tuple[tuple[str, ...], Callable]:
    names = tuple(name for name in _field_names(record_type) if name not in drop)
    return names, attrgetter(*names)


def _rows(records: Sequence, drop: tuple[str, ...] = ()) -> list[dict]:
    """Each record's fields as a row, shallow: dataclasses.asdict deep-copies, 20 times slower."""
    if not records:
        return []
    names, values = _columns(type(records[0]), drop)
    return [dict(zip(names, values(record))) for record in records]


# --- writing -----------------------------------------------------------------------------------


# The collections whose records the timeline's search index reads (store.sqlite.TIMELINE_SOURCES).
TIMELINE_WORDS = ("skills", "projects", "contacts", "communities", "applications", "teaching", "interactions", "checkins")


def write_bundle(connection: Connection, bundle: r.Bundle) -> None:
    """Upsert every record of the bundle by id, replacing the lists each record holds.

    Many records (an import) are written without the search indexes' triggers, and each index
    is rebuilt once after: on ten years, the timeline's triggers took 1.5-2.5 s more, its rebuild
    0.3-0.5 s; the journal's, 6.2 s against 1.9 s.
    """
    rebuilt = _without_index_triggers(connection, bundle)
    _write_records(connection, bundle)
    _rebuild_indexes(connection, rebuilt)


def _without_index_triggers(connection: Connection, bundle: r.Bundle) -> tuple[bool, bool]:
    """Drop the triggers of the search indexes the bundle is large enough to rebuild; which ones."""
    journal = len(bundle.journal) > BULK_JOURNAL
    timeline = sum(len(getattr(bundle, name)) for name in TIMELINE_WORDS) > BULK_TIMELINE
    if journal:
        sqlite.drop_fts_triggers(connection)
    if timeline:
        sqlite.drop_timeline_triggers(connection)
    return journal, timeline


def _rebuild_indexes(connection: Connection, rebuilt: tuple[bool, bool]) -> None:
    """Rebuild the search indexes whose triggers _without_index_triggers dropped, and put those back."""
    journal, timeline = rebuilt
    if journal:
        sqlite.rebuild_fts(connection, bulk=True)
        sqlite.create_fts_triggers(connection)
    if timeline:
        sqlite.create_timeline_index(connection)


def _write_records(connection: Connection, bundle: r.Bundle) -> None:
    _write_skills(connection, bundle.skills)
    _write_simple(connection, m.ProjectRow, bundle.projects)
    _write_contacts(connection, bundle.contacts)
    _write_communities(connection, bundle.communities)
    _write_journal(connection, bundle.journal)
    _write_simple(connection, m.ApplicationRow, bundle.applications)
    _write_simple(connection, m.TeachingEventRow, bundle.teaching)
    _write_interactions(connection, bundle.interactions)
    _write_roles(connection, bundle.roles)
    _write_simple(connection, m.CheckInRow, bundle.checkins)


def _write_simple(connection: Connection, model: type[m.Base], records: Sequence) -> None:
    sqlite.upsert(connection, _table(model), _rows(records), ("id",))


def _write_skills(connection: Connection, skills: Sequence[r.Skill]) -> None:
    rows = _rows(skills, ("prerequisites",))
    sqlite.upsert(connection, _table(m.SkillRow), rows, ("id",))
    links = _links("skill_id", "prerequisite_id", ((s.id, s.prerequisites) for s in skills))
    _replace_children(connection, _table(m.SkillPrerequisiteRow), "skill_id", [s.id for s in skills], links)


def _write_contacts(connection: Connection, contacts: Sequence[r.Contact]) -> None:
    rows = _rows(contacts, ("skill_ids",))
    sqlite.upsert(connection, _table(m.ContactRow), rows, ("id",))
    links = _links("contact_id", "skill_id", ((c.id, c.skill_ids) for c in contacts))
    _replace_children(connection, _table(m.ContactSkillRow), "contact_id", [c.id for c in contacts], links)


def _write_communities(connection: Connection, communities: Sequence[r.Community]) -> None:
    rows = _rows(communities, ("member_ids",))
    sqlite.upsert(connection, _table(m.CommunityRow), rows, ("id",))
    links = _links("community_id", "contact_id", ((c.id, c.member_ids) for c in communities))
    _replace_children(
        connection, _table(m.CommunityMemberRow), "community_id", [c.id for c in communities], links
    )


# A journal entry's columns, bound as they are: its date as SQLite keeps it, the rest as Python gives it.
ENTRY_COLUMNS = ("id", "date", "kind", "text", "minutes", "private")
ENTRY_LINK_COLUMNS = ("entry_pk", "skill_id", "position", "date", "minutes")
_ENTRY_UPDATE = "ON CONFLICT (id) DO UPDATE SET " + ", ".join(f'"{n}" = excluded."{n}"' for n in ENTRY_COLUMNS[1:])


class _DayText(dict):
    """Days as SQLite keeps them (YYYY-MM-DD), each written once: ten years' entries and their links
    hold 100,000 dates of a few thousand days, which SQLAlchemy's processor formatted one by one."""

    def __missing__(self, day: dt.date) -> str:
        self[day] = text = day.isoformat()
        return text


_DAY_TEXT = _DayText()


def _write_journal(connection: Connection, entries: Sequence[r.JournalEntry]) -> None:
    day = _DAY_TEXT.__getitem__
    rows = [(e.id, day(e.date), e.kind, e.text, e.minutes, e.private) for e in entries]
    _insert_bound(connection, _table(m.JournalEntryRow), ENTRY_COLUMNS, rows, _ENTRY_UPDATE)
    if entries:
        keys = entry_keys(connection, [e.id for e in entries])
        links = [
            (keys[e.id], skill_id, position, day(e.date), e.minutes)
            for e in entries
            for position, skill_id in enumerate(e.skill_ids)
        ]
        links_table = _table(m.EntrySkillRow)
        sqlite.delete_where(connection, links_table, "entry_pk", list(keys.values()))
        _insert_bound(connection, links_table, ENTRY_LINK_COLUMNS, links)


def _insert_bound(connection: Connection, table: Table, names: Sequence[str], rows: list[tuple], conflict: str = "") -> None:
    """One prepared INSERT for rows of the named columns whose values SQLite takes as they are."""
    if rows:
        columns = ", ".join(f'"{n}"' for n in names)
        sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({", ".join("?" * len(names))}) {conflict}'
        connection.exec_driver_sql(sql, rows)


# --- a new journal holding a bundle ---------------------------------------------------------------

# The file being built is thrown away if anything fails, so SQLite need not journal or sync it.
# Foreign keys are not checked row by row: check_bundle resolved every reference first.
UNJOURNALED = ("PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF", "PRAGMA foreign_keys = OFF",
               "PRAGMA cache_size = -65536")


def write_new_journal(path: Path, bundle: r.Bundle, check: Callable[[], None] = lambda: None) -> None:
    """Make the journal at path, which must not exist, holding the bundle: all of it, or no file.

    It is built in a file beside path without SQLite's journal or syncs, synced once and renamed
    into place: a crash leaves only that file (removed by the next try), never a part of a journal
    at path. Writing into a new journal through its WAL, synced at commit, took 1-1.5 s more.
    check() runs on this thread while the file's search indexes are built on another (SQLite's
    work alone, which leaves Python free: run beside the writing of the records, which is Python's
    as much as SQLite's, the two threads took turns and gained nothing). The file is put in place
    only if check passes; if it refuses the records, its error is the one raised, not what
    building them met.
    """
    path = sqlite.resolved(path)
    partial = path.with_name(f".{path.name}.importing")
    sqlite.remove_with_companions(partial)
    indexing = threading.Event()  # set when only SQLite's work is left, or the build failed
    failures: list[BaseException] = []
    builder = threading.Thread(target=_build, args=(partial, bundle, indexing, failures), name="journal-builder")
    builder.start()
    try:
        indexing.wait()
        check()
    except BaseException:
        builder.join()
        sqlite.remove_with_companions(partial)
        raise
    builder.join()
    try:
        if failures:
            raise failures[0]
        _put_in_place(partial, path)
    except BaseException:
        sqlite.remove_with_companions(partial)
        raise


def _build(partial: Path, bundle: r.Bundle, indexing: threading.Event, failures: list[BaseException]) -> None:
    """The journal file holding the bundle, synced; what went wrong is put in failures."""
    try:
        create_journal(partial)
        _fill(partial, bundle, indexing)
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
    except BaseException as error:
        failures.append(error)
    finally:
        indexing.set()


def _fill(partial: Path, bundle: r.Bundle, indexing: threading.Event) -> None:
    engine = _unjournaled_engine(partial)
    try:
        with engine.begin() as connection:
            rebuilt = _without_index_triggers(connection, bundle)
            _write_records(connection, bundle)
            indexing.set()
            _rebuild_indexes(connection, rebuilt)
    finally:
        engine.dispose()
    connection = sqlite.writing_connection(partial)
    try:
        connection.execute("PRAGMA journal_mode = WAL")  # as every journal is (kept in its header)
    finally:
        connection.close()


def _unjournaled_engine(path: Path) -> Engine:
    engine = create_engine(engine_url(path, read_only=False))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # our own BEGIN, below
        for pragma in UNJOURNALED:
            dbapi_connection.execute(pragma)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _put_in_place(partial: Path, path: Path) -> None:
    if path.exists():
        raise JournalRefused(f"{path} already exists; import into it instead.")
    # A -wal left by a journal deleted from path would be replayed onto the new one.
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(partial, path)
    sqlite.sync_folder(path.parent)  # the rename is durable only once its folder is
    sqlite.sync_folder(path.parent)


def entry_keys(connection: Connection, ids: Sequence[str]) -> dict[str, int]:
    """The integer keys of journal entries, by portable id."""
    table = _table(m.JournalEntryRow)
    if len(ids) > CHUNK:
        rows = connection.execute(select(table.c.id, table.c.pk)).all()
        wanted = set(ids)
        return {i: pk for i, pk in rows if i in wanted}
    return dict(connection.execute(select(table.c.id, table.c.pk).where(table.c.id.in_(ids))).all())


def _write_interactions(connection: Connection, interactions: Sequence[r.Interaction]) -> None:
    rows = _rows(interactions, ("ideas",))
    sqlite.upsert(connection, _table(m.InteractionRow), rows, ("id",))
    ideas = [
        {"interaction_id": i.id, "position": n, "text": idea.text, "applied_on": idea.applied_on}
        for i in interactions
        for n, idea in enumerate(i.ideas)
    ]
    _replace_children(connection, _table(m.IdeaRow), "interaction_id", [i.id for i in interactions], ideas)


def _write_roles(connection: Connection, roles: Sequence[r.Role]) -> None:
    dated = [x for x in roles if x.created_on is not None]
    undated = [x for x in roles if x.created_on is None]
    sqlite.upsert(connection, _table(m.RoleRow), _rows(dated, ("requirements", "milestone_project_ids")), ("id",))
    # A role written without its day keeps the one it has, or is dated once its requirements are.
    sqlite.upsert(
        connection, _table(m.RoleRow), _rows(undated, ("requirements", "milestone_project_ids", "created_on")), ("id",)
    )
    ids = [x.id for x in roles]
    requirements = [
        {"role_id": x.id, "position": n, "skill_id": q.skill_id, "tier": str(q.tier), "weight": q.weight}
        for x in roles
        for n, q in enumerate(x.requirements)
    ]
    _replace_children(connection, _table(m.RoleRequirementRow), "role_id", ids, requirements)
    milestones = _links("role_id", "project_id", ((x.id, x.milestone_project_ids) for x in roles))
    _replace_children(connection, _table(m.RoleMilestoneRow), "role_id", ids, milestones)
    if undated:
        connection.exec_driver_sql(ROLES_DATED_BY_FIRST_EVIDENCE)


# A role without the day it was added gets the first evidence of its required skills (a
# learning date, a journal entry, an application or a teaching event), or today.
ROLES_DATED_BY_FIRST_EVIDENCE = """
UPDATE roles SET created_on = coalesce((
    SELECT min(day) FROM (
        SELECT s.learned_on AS day FROM skills s
            JOIN role_requirements q ON q.skill_id = s.id WHERE q.role_id = roles.id
        UNION ALL SELECT a.date FROM applications a
            JOIN role_requirements q ON q.skill_id = a.skill_id WHERE q.role_id = roles.id
        UNION ALL SELECT t.date FROM teaching_events t
            JOIN role_requirements q ON q.skill_id = t.skill_id WHERE q.role_id = roles.id
        UNION ALL SELECT e.date FROM journal_entries e
            JOIN entry_skills l ON l.entry_pk = e.pk
            JOIN role_requirements q ON q.skill_id = l.skill_id WHERE q.role_id = roles.id
    )
), CURRENT_DATE) WHERE created_on IS NULL
"""


# --- reading -----------------------------------------------------------------------------------


def _grouped(
    connection: Connection, model: type[m.Base], parent: str, child: str, parents: Ids = None
) -> dict:
    table = _table(model)
    query = select(table.c[parent], table.c[child]).order_by(table.c[parent], table.c.position)
    if parents is not None:
        query = query.where(table.c[parent].in_(list(parents)))
    rows = connection.execute(query).all()
    grouped: dict = defaultdict(list)
    for parent_value, child_value in rows:
        grouped[parent_value].append(child_value)
    return grouped


def _select(connection: Connection, model: type[m.Base], columns: Sequence[str], ids: Ids = None) -> list:
    """Rows as tuples of the named columns, by id: mappings and enum(value) cost 3x as much on 40,000 rows."""
    table = _table(model)
    query = select(*(table.c[name] for name in columns)).order_by(table.c.id)
    if ids is not None:
        query = query.where(table.c.id.in_(list(ids)))
    return connection.execute(query).all()


def read_communities(connection: Connection, ids: Ids = None) -> tuple[r.Community, ...]:
    members = _grouped(connection, m.CommunityMemberRow, "community_id", "contact_id", ids)
    columns = ("id", "name", "focus", "cadence_days")
    return tuple(
        r.Community(*row, member_ids=tuple(members.get(row[0], ())))
        for row in _select(connection, m.CommunityRow, columns, ids=ids)
    )


def read_bundle(connection: Connection, *, journal: bool = True) -> r.Bundle:
    """Every record of the journal (without the journal entries when journal=False)."""
    return r.Bundle(
        skills=read_skills(connection),
        projects=read_projects(connection),
        contacts=read_contacts(connection),
        communities=read_communities(connection),
        journal=read_journal(connection) if journal else (),
        applications=read_applications(connection),
        teaching=read_teaching(connection),
        interactions=read_interactions(connection),
        roles=read_roles(connection),
        checkins=read_checkins(connection),
    )


COLLECTION_MODELS: dict[str, type[m.Base]] = {
    "skills": m.SkillRow,
    "projects": m.ProjectRow,
    "contacts": m.ContactRow,
    "communities": m.CommunityRow,
    "journal": m.JournalEntryRow,
    "applications": m.ApplicationRow,
    "teaching": m.TeachingEventRow,
    "interactions": m.InteractionRow,
    "roles": m.RoleRow,
    "checkins": m.CheckInRow,
}


def existing_ids(connection: Connection) -> dict[str, set[str]]:
    """The ids of every collection."""
    return {
        name: set(connection.execute(select(_table(model).c.id)).scalars())
        for name, model in COLLECTION_MODELS.items()
    }


def existing_prerequisites(connection: Connection) -> dict[str, list[str]]:
    return dict(_grouped(connection, m.SkillPrerequisiteRow, "skill_id", "prerequisite_id"))


def delete_records(connection: Connection, collection: str, ids: Sequence[str]) -> None:
    """Delete records by id; what they own goes with them (foreign keys cascade)."""
    table = _table(COLLECTION_MODELS[collection])
    for chunk in _chunks(list(ids)):
        connection.execute(delete(table).where(table.c.id.in_(chunk)))


READERS = {
    "skills": read_skills,
    "projects": read_projects,
    "contacts": read_contacts,
    "communities": read_communities,
    "journal": read_journal,
    "applications": read_applications,
    "teaching": read_teaching,
    "interactions": read_interactions,
    "roles": read_roles,
    "checkins": read_checkins,
}


def read_records(connection: Connection, wanted: dict[str, Iterable[str]]) -> r.Bundle:
    """The records named by id, per collection (collections not named stay empty)."""
    return r.Bundle(**{name: READERS[name](connection, list(ids)) for name, ids in wanted.items() if ids})


# Who refers to a record: (collection, association or record table, its column, the referring id column)
_REFERRERS: dict[str, tuple[tuple[str, type[m.Base], str, str], ...]] = {
    "skills": (
        ("skills", m.SkillPrerequisiteRow, "prerequisite_id", "skill_id"),
        ("contacts", m.ContactSkillRow, "skill_id", "contact_id"),
        ("applications", m.ApplicationRow, "skill_id", "id"),
        ("teaching", m.TeachingEventRow, "skill_id", "id"),
        ("roles", m.RoleRequirementRow, "skill_id", "role_id"),
    ),
    "projects": (
        ("applications", m.ApplicationRow, "project_id", "id"),
        ("roles", m.RoleMilestoneRow, "project_id", "role_id"),
    ),
    "contacts": (
        ("communities", m.CommunityMemberRow, "contact_id", "community_id"),
        ("applications", m.ApplicationRow, "reviewer_id", "id"),
        ("teaching", m.TeachingEventRow, "contact_id", "id"),
        ("interactions", m.InteractionRow, "contact_id", "id"),
    ),
    "communities": (("interactions", m.InteractionRow, "community_id", "id"),),
}


def referrers(connection: Connection, collection: str, ids: Sequence[str]) -> dict[str, set[str]]:
    """The records that refer to (or are owned by) the given ones, by collection."""
    found: dict[str, set[str]] = defaultdict(set)
    for target, model, column, referrer in _REFERRERS.get(collection, ()):
        table = _table(model)
        query = select(table.c[referrer]).where(table.c[column].in_(list(ids)))
        found[target].update(connection.execute(query).scalars())
    if collection == "skills":
        entries, links = _table(m.JournalEntryRow), _table(m.EntrySkillRow)
        query = select(entries.c.id).join(links, links.c.entry_pk == entries.c.pk).where(links.c.skill_id.in_(list(ids)))
        found["journal"].update(connection.execute(query).scalars())
    return dict(found)

"""The journal's own sync tables: which records changed, their synced state, the outbox, conflicts.

Triggers on every record table note the record a change touched (collection, id, wall-clock
milliseconds) in sync_dirty, in the transaction of the change itself, once sync is set up on this
device (sync_state holds a device id): a save through any door, an import, an undo, a cascade.
The sync run folds those marks into per-field stamps (domain.merge) when it starts.

A migration that rebuilds a record table (Alembic's batch mode) drops its triggers: such a
migration must call create_sync_triggers again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlalchemy import Boolean, Connection, Integer, MetaData, String, Text, delete, func, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from masterydesk.domain import limits
from masterydesk.store import models as m
from masterydesk.store import sqlite
from masterydesk.store.bundles import COLLECTION_MODELS


class SyncBase(DeclarativeBase):
    """The sync tables, apart from the records' (store.models): only this device's bookkeeping."""

    metadata = MetaData(naming_convention=m.NAMING_CONVENTION)


# --- the tables ---------------------------------------------------------------------------------


class SyncStateRow(SyncBase):
    """This device's sync settings and counters: device id, hub, key, clock, last sync."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SyncDirtyRow(SyncBase):
    """Records changed since the last fold into the change log (triggers fill it, in the change's transaction)."""

    __tablename__ = "sync_dirty"

    collection: Mapped[str] = mapped_column(String(20), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(limits.ID), primary_key=True)
    changed_ms: Mapped[int] = mapped_column(Integer)


class SyncRecordRow(SyncBase):
    """Each record's fields as last synced: value, stamp and base per field (domain.merge), as JSON."""

    __tablename__ = "sync_records"

    collection: Mapped[str] = mapped_column(String(20), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(limits.ID), primary_key=True)
    state: Mapped[str] = mapped_column(Text)


class SyncOutboxRow(SyncBase):
    """Edits made here that no hub has yet: one record's changed fields per row, as JSON."""

    __tablename__ = "sync_outbox"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    collection: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(limits.ID))
    fields: Mapped[str] = mapped_column(Text)


class SyncSeenRow(SyncBase):
    """The last change set applied from each other device."""

    __tablename__ = "sync_seen"

    device: Mapped[str] = mapped_column(String(40), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)


class SyncConflictRow(SyncBase):
    """A value an edit elsewhere overwrote without having seen it, kept so it can be restored."""

    __tablename__ = "sync_conflicts"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    noticed_at: Mapped[str] = mapped_column(String(40))
    collection: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(limits.ID))
    field: Mapped[str] = mapped_column(String(60))
    lost_value: Mapped[str] = mapped_column(Text)  # JSON
    lost_stamp: Mapped[str] = mapped_column(String(80))
    kept_stamp: Mapped[str] = mapped_column(String(80))
    note: Mapped[str] = mapped_column(Text, default="")
    restored: Mapped[bool] = mapped_column(Boolean, default=False)


def create_sync_tables(connection: Connection) -> None:
    SyncBase.metadata.create_all(connection)


# The settings that travel: the tier rules (services.settings) and the owner's identity (trust.identity).
SYNCED_SETTINGS = ("tier.", "identity.")

# (collection, table, id column, condition on the row) for every table whose rows are records
_SYNCED_KEYS = " OR ".join(f"{{row}}.key LIKE '{prefix}%'" for prefix in SYNCED_SETTINGS)
_TRACKED = tuple(
    (collection, model.__tablename__, "id", "1") for collection, model in COLLECTION_MODELS.items()
) + (("settings", "settings", "key", f"({_SYNCED_KEYS})"),)

_NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
_SET_UP = "EXISTS (SELECT 1 FROM sync_state WHERE key = 'device')"


# An upsert, not INSERT OR REPLACE: a statement's own conflict clause (the writer's upserts) would
# override a trigger's OR REPLACE, and the second change of a record would fail.
def _trigger_sql(collection: str, table: str, column: str, condition: str, event: str) -> str:
    row = "old" if event == "DELETE" else "new"
    return f"""
        CREATE TRIGGER IF NOT EXISTS sync_dirty_{table}_{event.lower()} AFTER {event} ON {table}
        WHEN {_SET_UP} AND {condition.format(row=row)} BEGIN
          INSERT INTO sync_dirty (collection, record_id, changed_ms)
          VALUES ('{collection}', {row}.{column}, {_NOW_MS})
          ON CONFLICT (collection, record_id) DO UPDATE SET changed_ms = excluded.changed_ms;
        END"""


def _triggers() -> Iterable[tuple[str, str]]:
    for collection, table, column, condition in _TRACKED:
        for event in ("INSERT", "UPDATE", "DELETE"):
            yield f"sync_dirty_{table}_{event.lower()}", _trigger_sql(collection, table, column, condition, event)


def create_sync_triggers(connection: Connection) -> None:
    for _name, sql in _triggers():
        connection.exec_driver_sql(sql)


def drop_sync_triggers(connection: Connection) -> None:
    for name, _sql in _triggers():
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def _t(model: type[SyncBase]):
    return model.__table__


# --- this device's settings ---------------------------------------------------------------------


def read_state(connection: Connection) -> dict[str, str]:
    return dict(connection.execute(select(_t(SyncStateRow).c.key, _t(SyncStateRow).c.value)).all())


def write_state(connection: Connection, values: dict[str, str]) -> None:
    rows = [{"key": key, "value": value} for key, value in values.items()]
    sqlite.upsert(connection, _t(SyncStateRow), rows, ("key",))


def forget_sync(connection: Connection) -> None:
    """Turn sync off on this device: its settings, marks, outbox and synced state go."""
    for model in (SyncStateRow, SyncDirtyRow, SyncRecordRow, SyncOutboxRow, SyncSeenRow):
        connection.execute(delete(_t(model)))


# --- marks, states, outbox ----------------------------------------------------------------------


def read_dirty(connection: Connection) -> list[tuple[str, str, int]]:
    """(collection, record id, changed ms) of every record changed since the last fold, oldest first."""
    table = _t(SyncDirtyRow)
    query = select(table.c.collection, table.c.record_id, table.c.changed_ms).order_by(table.c.changed_ms)
    return [tuple(row) for row in connection.execute(query)]


def mark_dirty(connection: Connection, keys: Iterable[tuple[str, str]], changed_ms: int) -> None:
    """Mark records as changed here (every record, when sync is first set up)."""
    rows = [{"collection": c, "record_id": i, "changed_ms": changed_ms} for c, i in keys]
    sqlite.upsert(connection, _t(SyncDirtyRow), rows, ("collection", "record_id"))


def clear_dirty(connection: Connection) -> None:
    connection.execute(delete(_t(SyncDirtyRow)))


def read_states(connection: Connection, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    """The synced state of each record named, as decoded JSON (records never synced are absent)."""
    table = _t(SyncRecordRow)
    found: dict[tuple[str, str], dict] = {}
    by_collection: dict[str, list[str]] = {}
    for collection, record_id in keys:
        by_collection.setdefault(collection, []).append(record_id)
    for collection, ids in by_collection.items():
        for start in range(0, len(ids), 900):
            query = select(table.c.record_id, table.c.state).where(
                table.c.collection == collection, table.c.record_id.in_(ids[start:start + 900])
            )
            for record_id, state in connection.execute(query):
                found[collection, record_id] = json.loads(state)
    return found


def all_states(connection: Connection) -> Iterable[tuple[str, str, str]]:
    """(collection, record id, state JSON) of every synced record: a snapshot's content."""
    table = _t(SyncRecordRow)
    return connection.execute(select(table.c.collection, table.c.record_id, table.c.state))


def write_states(connection: Connection, states: dict[tuple[str, str], str]) -> None:
    """Store each record's synced state, given as JSON text (encoded once, by the caller)."""
    rows = [{"collection": c, "record_id": i, "state": state} for (c, i), state in states.items()]
    sqlite.upsert(connection, _t(SyncRecordRow), rows, ("collection", "record_id"))


def append_outbox(connection: Connection, changes: dict[tuple[str, str], str]) -> None:
    """Queue each record's changed fields, given as JSON text, for the next push."""
    rows = [{"collection": c, "record_id": i, "fields": fields} for (c, i), fields in changes.items()]
    sqlite.insert_rows(connection, _t(SyncOutboxRow), rows)


def read_outbox(connection: Connection, limit: int) -> list[tuple[int, str, str, str]]:
    """The oldest edits not yet on a hub: (row, collection, record id, fields as JSON text)."""
    table = _t(SyncOutboxRow)
    query = select(table.c.pk, table.c.collection, table.c.record_id, table.c.fields).order_by(table.c.pk).limit(limit)
    return [tuple(row) for row in connection.execute(query)]


def outbox_size(connection: Connection) -> int:
    return connection.execute(select(func.count()).select_from(_t(SyncOutboxRow))).scalar_one()


def last_outbox_row(connection: Connection) -> int:
    """The newest outbox row's number (0 when it is empty)."""
    return connection.execute(select(func.coalesce(func.max(_t(SyncOutboxRow).c.pk), 0))).scalar_one()


def holds_nothing(connection: Connection) -> bool:
    """Whether sync has noted nothing here yet: no synced state, no outbox, no marks."""
    return not any(
        connection.execute(select(1).select_from(_t(model)).limit(1)).first()
        for model in (SyncRecordRow, SyncOutboxRow, SyncDirtyRow)
    )


def drop_outbox(connection: Connection, up_to_pk: int) -> None:
    table = _t(SyncOutboxRow)
    connection.execute(delete(table).where(table.c.pk <= up_to_pk))


# --- what was seen of other devices -------------------------------------------------------------


def read_seen(connection: Connection) -> dict[str, int]:
    table = _t(SyncSeenRow)
    return dict(connection.execute(select(table.c.device, table.c.seq)).all())


def write_seen(connection: Connection, seen: dict[str, int]) -> None:
    rows = [{"device": device, "seq": seq} for device, seq in seen.items()]
    sqlite.upsert(connection, _t(SyncSeenRow), rows, ("device",))


# --- conflicts ----------------------------------------------------------------------------------


def add_conflicts(connection: Connection, rows: list[dict]) -> None:
    sqlite.insert_rows(connection, _t(SyncConflictRow), rows)


def read_conflicts(connection: Connection, *, restored: bool | None = None) -> list[dict]:
    """Every conflict kept, newest first (only those restored or not, when asked)."""
    table = _t(SyncConflictRow)
    query = select(table).order_by(table.c.pk.desc())
    if restored is not None:
        query = query.where(table.c.restored == restored)
    return [dict(row._mapping) for row in connection.execute(query)]


def mark_restored(connection: Connection, pk: int) -> None:
    table = _t(SyncConflictRow)
    connection.execute(update(table).where(table.c.pk == pk).values(restored=True))


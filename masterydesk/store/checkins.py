"""Check-ins with the figures they showed (a column the portable format does not carry)."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import Connection, select

from masterydesk.domain.records import CheckIn
from masterydesk.store import models as m
from masterydesk.store import sqlite

TABLE = m.CheckInRow.__table__


def write_checkin(connection: Connection, checkin: CheckIn, figures: str) -> None:
    """Insert or update a check-in together with the JSON of its figures."""
    sqlite.upsert(connection, TABLE, [{**asdict(checkin), "figures": figures}], ("id",))


def read_checkins(connection: Connection) -> list[tuple[CheckIn, str]]:
    """Every check-in with its figures JSON ('' when none was saved), newest first."""
    query = select(TABLE).order_by(TABLE.c.date.desc(), TABLE.c.id.desc())
    return [
        (CheckIn(row.id, row.date, row.working, row.adjust, row.notes), row.figures)
        for row in connection.execute(query)
    ]

"""The metrics of a journal over a window, as DESIGN.md defines them.

The records come from store.metric_records (plain SQL): `masterydesk metrics` reads them through
sqlite3 alone (store.snapshot), without importing SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from masterydesk.domain import records as r
from masterydesk.domain.records import FIRST_DAY, LAST_DAY
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.metrics import MetricsReport, compute_metrics
from masterydesk.services.settings import read_rules
from masterydesk.store.metric_records import READ_IN_FULL, earliest_record_date, read_metric_records

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from masterydesk.store.database import Journal

def resolve_window(
    earliest: dt.date | None, start: dt.date | None, end: dt.date | None, today: dt.date
) -> r.Window:
    """Defaults: from the earliest dated record (1900 at the earliest), to today; refuse the impossible."""
    check_window_days(start, end)
    end = end or max(today, FIRST_DAY)
    if start is None:
        start = max(min(earliest, end), FIRST_DAY) if earliest else end
    return r.Window(start, end)


def check_window_days(start: dt.date | None, end: dt.date | None) -> None:
    """Refuse a window day MasteryDesk cannot report on."""
    for day in (start, end):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise MasteryDeskError(
                f"The window cannot include {day.isoformat()}: MasteryDesk reports on days from "
                f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}."
            )


def journal_metrics(
    journal: Journal,
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date | None = None,
) -> MetricsReport:
    """Every metric for the window [start, end] of the journal."""
    with journal.reading() as connection:
        return _metrics(connection, start, end, today)


def file_metrics(
    path: Path, start: dt.date | None = None, end: dt.date | None = None, today: dt.date | None = None
) -> MetricsReport:
    """Every metric for the window of the journal file at path, read without SQLAlchemy."""
    from masterydesk.store.snapshot import reading_file

    with reading_file(path, READ_IN_FULL) as connection:
        return _metrics(connection, start, end, today)


def _metrics(connection: Connection, start: dt.date | None, end: dt.date | None, today: dt.date | None):
    bundle = read_metric_records(connection)
    rules = read_rules(connection)
    window = resolve_window(earliest_record_date(connection), start, end, today or dt.date.today())
    return compute_metrics(bundle, window, rules)

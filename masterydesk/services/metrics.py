"""The metrics of a journal over a window, as DESIGN.md defines them.

The records come from store.readers (plain SQL): `masterydesk metrics` reads them through
sqlite3 alone (store.snapshot), without importing SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from masterydesk.domain.metrics import MetricsReport, compute_metrics
from masterydesk.domain.windows import resolve_window
from masterydesk.services.settings import read_rules
from masterydesk.store.readers import (
    READ_IN_FULL,
    earliest_record_date,
    read_metric_records,
    read_network,
    read_practice,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from masterydesk.store.database import Journal


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
    window = resolve_window(earliest_record_date(connection), start, end, today or dt.date.today())
    bundle = read_metric_records(connection)
    rules = read_rules(connection)
    return compute_metrics(bundle, window, rules, read_practice(connection, window), read_network(connection, window))

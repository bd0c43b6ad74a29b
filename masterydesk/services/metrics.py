"""The metrics of a journal over a window, as DESIGN.md defines them."""

from __future__ import annotations

import datetime as dt

from masterydesk.domain.metrics import MetricsReport, compute_metrics
from masterydesk.domain.records import Window
from masterydesk.services.settings import read_rules
from masterydesk.store import bundles
from masterydesk.store.database import Journal


def resolve_window(
    earliest: dt.date | None, start: dt.date | None, end: dt.date | None, today: dt.date
) -> Window:
    """Defaults: from the earliest dated record, to today."""
    end = end or today
    if start is None:
        start = min(earliest, end) if earliest else end
    return Window(start, end)


def journal_metrics(
    journal: Journal,
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date | None = None,
) -> MetricsReport:
    """Every metric for the window [start, end] of the journal."""
    with journal.reading() as connection:
        bundle = bundles.read_bundle(connection, journal=False)
        rules = read_rules(connection)
        earliest = bundles.earliest_record_date(connection)
    window = resolve_window(earliest, start, end, today or dt.date.today())
    return compute_metrics(bundle, window, rules)

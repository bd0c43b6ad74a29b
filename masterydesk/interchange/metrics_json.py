"""`masterydesk metrics --json`: the metrics report as one JSON object."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from enum import StrEnum

from masterydesk.domain.metrics import MetricsReport


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def metrics_to_json(report: MetricsReport) -> dict:
    """{"window", "overall", "skills", "roles"} with dates as YYYY-MM-DD and null where undefined."""
    return {
        "window": {"from": report.window.start.isoformat(), "to": report.window.end.isoformat()},
        "overall": _plain(asdict(report.overall)),
        "skills": [_plain(asdict(s)) for s in report.skills],
        "roles": [_plain(asdict(role)) for role in report.roles],
    }

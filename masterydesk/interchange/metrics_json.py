"""`masterydesk metrics --json`: the metrics report as one JSON object."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, is_dataclass
from enum import StrEnum
from functools import cache

from masterydesk.domain.metrics import MetricsReport


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(field.name for field in fields(kind))


PLAIN = frozenset((int, float, str, bool, type(None)))  # most values: passed as they are, looked at once


def _plain(value):
    """A value as JSON: records as objects (by field, as dataclasses.asdict, without its deep copies)."""
    if type(value) in PLAIN:
        return value
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if is_dataclass(value):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    return value


def metrics_to_json(report: MetricsReport) -> dict:
    """{"window", "overall", "skills", "roles"} with dates as YYYY-MM-DD and null where undefined."""
    return {
        "window": {"from": report.window.start.isoformat(), "to": report.window.end.isoformat()},
        "overall": _plain(report.overall),
        "skills": [_plain(s) for s in report.skills],
        "roles": [_plain(role) for role in report.roles],
    }

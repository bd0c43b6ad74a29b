"""`metrics --json` writes each record of the report field by field, as dataclasses.asdict would."""

import datetime as dt
from dataclasses import asdict

from masterydesk.interchange.metrics_json import metrics_to_json
from masterydesk.services.demo import demo_bundle
from masterydesk.services.metrics import journal_metrics
from masterydesk.services.transfer import import_bundle

TODAY = dt.date(2025, 6, 1)


def _as_json(value):
    """The reference: asdict's deep copy, then dates as text and enums as their values."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if isinstance(value, str) else value


def test_the_json_of_a_report_is_asdict_with_dates_and_enums_as_text(journal):
    import_bundle(journal, demo_bundle(TODAY))
    report = journal_metrics(journal, TODAY - dt.timedelta(days=365), TODAY, today=TODAY)
    assert report.roles and any(role.gaps for role in report.roles)  # records inside records too
    assert metrics_to_json(report) == {
        "window": {"from": report.window.start.isoformat(), "to": report.window.end.isoformat()},
        "overall": _as_json(asdict(report.overall)),
        "skills": [_as_json(asdict(s)) for s in report.skills],
        "roles": [_as_json(asdict(role)) for role in report.roles],
    }

"""Monthly check-ins: what changed since the last one, saved with the figures it showed."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from masterydesk.domain import records as r
from masterydesk.domain.coaching import follow_ups_overdue, ideas_applied, people_met
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.ids import new_id
from masterydesk.domain.metrics import (
    compute_metrics,
    evidence_by_skill,
    role_added_by,
    role_readiness,
    tier_histories,
    tiers_as_of,
)
from masterydesk.domain.windows import previous_window
from masterydesk.services.changes import Changes
from masterydesk.services.figures import Measure
from masterydesk.services.settings import read_rules
from masterydesk.services.writes import writing
from masterydesk.store import bundles
from masterydesk.store import checkins as store
from masterydesk.store.database import Journal
from masterydesk.store.readers import read_practice

FIRST_PERIOD_DAYS = 30  # a first check-in looks back this far
FIGURES_VERSION = 1


@dataclass(frozen=True)
class CheckInFigures:
    """What changed in a period (since the last check-in) against the period of equal length before."""

    period: r.Window
    previous: r.Window
    items: list[Measure]

    def to_json(self) -> str:
        return json.dumps({
            "version": FIGURES_VERSION,
            "period": _window_json(self.period),
            "previous": _window_json(self.previous),
            "items": [
                {"label": x.label, "value": x.value, "previous": x.previous, "unit": x.unit} for x in self.items
            ],
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> CheckInFigures | None:
        """The figures saved with a check-in, or None when none were saved."""
        if not text:
            return None
        document = json.loads(text)
        return cls(
            period=_window(document["period"]),
            previous=_window(document["previous"]),
            items=[Measure(x["label"], x["value"], x["previous"], x["unit"]) for x in document["items"]],
        )


def _window_json(window: r.Window) -> dict[str, str]:
    return {"from": window.start.isoformat(), "to": window.end.isoformat()}


def _window(document: dict[str, str]) -> r.Window:
    return r.Window(dt.date.fromisoformat(document["from"]), dt.date.fromisoformat(document["to"]))


@dataclass(frozen=True)
class SavedCheckIn:
    checkin: r.CheckIn
    figures: CheckInFigures | None


def start_checkin(journal: Journal, today: dt.date | None = None) -> CheckInFigures:
    """The figures a check-in made today shows: the period since the last one, and its changes."""
    today = today or dt.date.today()
    with journal.reading() as connection:
        bundle = bundles.read_bundle(connection, journal=False)
        rules = read_rules(connection)
        practice = {window: read_practice(connection, window) for window in checkin_period(bundle, today)}
    return checkin_figures(bundle, rules, today, practice)


def checkin_period(bundle: r.Bundle, today: dt.date) -> tuple[r.Window, r.Window]:
    """The days since the last check-in (or the last 30) to today, and the period of equal length before."""
    last = max((c.date for c in bundle.checkins if c.date < today), default=None)
    start = last + dt.timedelta(days=1) if last else today - dt.timedelta(days=FIRST_PERIOD_DAYS - 1)
    period = r.Window(start, today)
    return period, previous_window(period)


def checkin_figures(
    bundle: r.Bundle, rules: r.TierRules, today: dt.date, practice: dict[r.Window, r.PracticeLog] | None = None
) -> CheckInFigures:
    """Applications, teaching, promotions, readiness, follow-ups and ideas: now and the period before.

    The practice of each window comes from the store (the bundle's entries are used without it).
    """
    period, before = checkin_period(bundle, today)
    practice = practice or {}
    now = compute_metrics(bundle, period, rules, practice.get(period)).overall
    then = compute_metrics(bundle, before, rules, practice.get(before)).overall
    items = [
        Measure("Applications", now.applications, then.applications),
        Measure("Teaching events", now.teaching_events, then.teaching_events),
        Measure("Tier promotions", now.promotions, then.promotions),
        Measure("Practice time", now.practice_minutes, then.practice_minutes, "minutes"),
        Measure("Skills at risk", now.skills_at_risk, then.skills_at_risk),
        *readiness_measures(bundle, rules, period.end, before.end, practice.get(period)),
        Measure("People met", people_met(bundle, period), people_met(bundle, before)),
        Measure("Follow-ups overdue", follow_ups_overdue(bundle, period.end), follow_ups_overdue(bundle, before.end)),
        Measure("Ideas applied", ideas_applied(bundle, period), ideas_applied(bundle, before)),
    ]
    return CheckInFigures(period, before, items)


def readiness_measures(
    bundle: r.Bundle, rules: r.TierRules, day: dt.date, before: dt.date, practice: r.PracticeLog | None = None
) -> list[Measure]:
    """Each target role's readiness on the day, beside its readiness on the earlier day (once added)."""
    histories = tier_histories(evidence_by_skill(bundle, practice), rules)
    status = {p.id: p.status for p in bundle.projects}
    now, then = tiers_as_of(histories, day), tiers_as_of(histories, before)
    return [
        Measure(f"Readiness: {role.title}", role_readiness(role, now, status).readiness,
                role_readiness(role, then, status).readiness if role_added_by(role, before) else None, "share")
        for role in bundle.roles
        if role_added_by(role, day)
    ]


def new_checkin(figures: CheckInFigures, working: str, adjust: str, notes: str = "") -> r.CheckIn:
    """A check-in dated the end of its period; refused with a sentence when it says nothing."""
    if not working.strip() and not adjust.strip():
        raise MasteryDeskError("Write what is working or what to adjust before saving the check-in.")
    return r.CheckIn(new_id("checkins"), figures.period.end, working.strip(), adjust.strip(), notes.strip())


def write_checkin(journal: Journal, checkin: r.CheckIn, figures: CheckInFigures) -> Changes:
    """Save a check-in with the figures it showed, in one transaction (again, for a redo)."""
    with writing(journal, "check-in") as connection:
        store.write_checkin(connection, checkin, figures.to_json())
    return Changes.of("checkins", ids=(checkin.id,))


def save_checkin(
    journal: Journal, figures: CheckInFigures, working: str, adjust: str, notes: str = ""
) -> tuple[r.CheckIn, Changes]:
    """A new check-in, saved with the figures it showed."""
    checkin = new_checkin(figures, working, adjust, notes)
    return checkin, write_checkin(journal, checkin, figures)


def past_checkins(journal: Journal) -> list[SavedCheckIn]:
    """Every check-in, newest first, with the figures it was saved with (None for imported ones)."""
    with journal.reading() as connection:
        rows = store.read_checkins(connection)
    return [SavedCheckIn(checkin, CheckInFigures.from_json(figures)) for checkin, figures in rows]

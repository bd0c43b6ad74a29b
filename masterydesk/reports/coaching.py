"""The coaching report: what its two A4 pages for a coach hold (ui.report_pdf lays them out as a PDF
with the Insights charts), and the same as plain text for the preview.

It reads no journal entry at all, so private text can never reach it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from masterydesk.domain import records as r
from masterydesk.domain import coaching
from masterydesk.domain.metrics import RoleReadiness
from masterydesk.domain.tiers import next_tier_milestones
from masterydesk.domain.windows import check_window_days, resolve_window
from masterydesk.services.figures import Measure, day_text, format_value
from masterydesk.services.insights import InsightsData, load_insights
from masterydesk.services.series import InsightsSeries, insights_series
from masterydesk.store.database import Journal

DEFAULT_DAYS = 28  # without --from, the report covers the four weeks before a monthly session
QUESTIONS = 6
PER_KIND = 2  # questions of one kind, so that one problem does not crowd out the rest


@dataclass(frozen=True)
class GapDetail:
    skill: str
    held: r.Tier
    required: r.Tier
    missing: list[str]  # what the next tier still asks for


@dataclass(frozen=True)
class ReportContent:
    """Everything the report shows, before any drawing."""

    series: InsightsSeries
    made_on: dt.date
    role: RoleReadiness | None  # the nearest target role: the one closest to ready
    gaps: list[GapDetail]
    checkin: r.CheckIn | None
    questions: list[str]

    @property
    def headline(self) -> list[Measure]:
        return self.series.headline


def report_window(start: dt.date | None, end: dt.date | None, today: dt.date) -> r.Window:
    """The window asked for; by default the four weeks ending today."""
    check_window_days(start, end)
    last = end or today
    return resolve_window(last - dt.timedelta(days=DEFAULT_DAYS - 1), start, end, today)


def report_content(
    journal: Journal, start: dt.date | None = None, end: dt.date | None = None, today: dt.date | None = None
) -> ReportContent:
    """Compute what the report shows for the window."""
    data = load_insights(journal, today)
    window = report_window(start, end, data.today)
    series = insights_series(data, window)
    role = nearest_role(series.report.roles, data.bundle.roles)
    checkins = [c for c in data.bundle.checkins if c.date <= window.end]
    return ReportContent(
        series=series,
        made_on=data.today,
        role=role,
        gaps=gap_details(data, role, window.end) if role else [],
        checkin=max(checkins, key=lambda c: (c.date, c.id), default=None),
        questions=coaching_questions(data, series),
    )


def nearest_role(readiness: tuple[RoleReadiness, ...], roles: tuple[r.Role, ...]) -> RoleReadiness | None:
    """The role closest to ready; on a tie, the one with the earliest target date."""
    target = {x.id: x.target_date or dt.date.max for x in roles}
    ranked = [x for x in readiness if x.readiness is not None]
    return min(ranked, key=lambda x: (-x.readiness, target[x.id], x.title), default=None)


def gap_details(data: InsightsData, role: RoleReadiness, day: dt.date) -> list[GapDetail]:
    """Each gap of the role with what its next tier still asks for."""
    details = []
    for gap in role.gaps:
        evidence = data.evidence.get(gap.skill_id)
        milestones = next_tier_milestones(evidence, data.rules, day) if evidence else []
        details.append(GapDetail(
            data.skill_names.get(gap.skill_id, gap.skill_id), gap.held, gap.required,
            [str(m) for m in milestones if not m.met],
        ))
    return details


def coaching_questions(data: InsightsData, series: InsightsSeries) -> list[str]:
    """Questions the data raises, most pressing first."""
    window = series.window
    found = [
        *_skills_at_risk(series)[:PER_KIND],
        *_unapplied_skills(data, window.end)[:PER_KIND],
        *_unreviewed_skills(data, series)[:PER_KIND],
        *_single_supporter_skills(data, series)[:PER_KIND],
        *_rate_drop(series),
        *_ideas_waiting(data, window),
        *_untaught_skills(data, window.end)[:PER_KIND],
    ]
    return found[:QUESTIONS]


def _skills_at_risk(series: InsightsSeries) -> list[str]:
    return [
        f"{s.name} is at {s.tier.label} but " + (
            f"was last applied on {day_text(s.last_applied_on)}" if s.last_applied_on else "has no application")
        + ": where could it be used again?"
        for s in coaching.skills_at_risk(series.report)
    ]


def _unapplied_skills(data: InsightsData, day: dt.date) -> list[str]:
    return [
        f"{s.name} was learned {days} days ago and not yet applied: where could it be used?"
        for s, days in coaching.skills_waiting_for_use(data.bundle, data.evidence, day)
    ]


def _unreviewed_skills(data: InsightsData, series: InsightsSeries) -> list[str]:
    return [
        f"{s.name} was applied {s.applications} times in this period but is still at Foundation: "
        "who could review one of those applications?"
        for s in coaching.skills_waiting_for_review(series.report, data.rules)
    ]


def _single_supporter_skills(data: InsightsData, series: InsightsSeries) -> list[str]:
    return [
        f"{s.name} is supported by {'only one contact' if count else 'no contact'}: who else could you learn it with?"
        for s, count in coaching.thinly_supported_skills(data.bundle, series.report)
    ]


def _rate_drop(series: InsightsSeries) -> list[str]:
    drop = coaching.application_rate_drop(series.report, series.previous)
    return [f"Applications fell from {drop[0]:.1f} to {drop[1]:.1f} per week: what got in the way?"] if drop else []


def _ideas_waiting(data: InsightsData, window: r.Window) -> list[str]:
    waiting, ideas = coaching.ideas_waiting(data.bundle, window)
    if waiting:
        return [f"{waiting} of {ideas} community ideas from this period are not applied yet: which one is next?"]
    return []


def _untaught_skills(data: InsightsData, day: dt.date) -> list[str]:
    return [
        f"{s.name} reached Applied on {day_text(applied)} and has not been taught yet: who could you teach it to?"
        for s, applied in coaching.skills_waiting_to_be_taught(data.bundle, data.histories, day)
    ]


# --- text ---------------------------------------------------------------------------------


def window_text(window: r.Window) -> str:
    """A window as the report names it: its first and last days and how many days it has."""
    days = (window.end - window.start).days + 1
    return f"{day_text(window.start)} – {day_text(window.end)} ({days} days)"


def headline_rows(content: ReportContent) -> list[tuple[str, str, str, str]]:
    """(figure, this period, previous period, change) for each headline figure."""
    return [(m.label, m.value_text(), format_value(m.previous, m.unit), m.change_text()) for m in content.headline]


def section_texts(content: ReportContent) -> dict[str, list[str]]:
    """The report's text sections as lines: gaps, last check-in, questions."""
    if content.role is None:
        gaps = ["No target role yet: add one on the Career tab to see its gaps here."]
    else:
        gaps = [f"{content.role.title}: {format_value(content.role.readiness, 'share')} ready, "
                f"{content.role.milestones_done} of {content.role.milestones_total} milestone projects done."]
        gaps += [
            f"• {g.skill}: holds {g.held.label}, needs {g.required.label}"
            + (f" — still to do: {'; '.join(g.missing)}" if g.missing else "")
            for g in content.gaps
        ] or ["• No gaps: every requirement is met."]
    checkin = content.checkin
    if checkin is None:
        notes = ["No check-in yet."]
    else:
        notes = [f"Check-in of {day_text(checkin.date)}",
                 f"What is working: {checkin.working or '—'}",
                 f"What to adjust: {checkin.adjust or '—'}"]
        notes += [f"Notes: {checkin.notes}"] if checkin.notes else []
    questions = [f"• {q}" for q in content.questions] or ["• Nothing stands out: the data raises no question."]
    return {
        "Gaps to the nearest target role": gaps,
        "Last check-in": notes,
        "Questions the data raises": questions,
    }


def preview_text(content: ReportContent) -> str:
    window, previous = content.series.window, content.series.previous.window
    lines = [f"Coaching report — {window_text(window)}", f"Compared with {window_text(previous)}", ""]
    width = max(len(label) for label, *_ in headline_rows(content))
    lines += [f"{label:<{width}}  {now:>12}  (before {before}, {change})"
              for label, now, before, change in headline_rows(content)]
    lines += ["", "Charts: application frequency, teaching capacity, role readiness.", ""]
    for title, section in section_texts(content).items():
        lines += [title, *section, ""]
    return "\n".join(lines).rstrip() + "\n"

"""The coaching report: two A4 pages for a coach, written as a PDF with the Insights charts.

It reads no journal entry at all, so private text can never reach it.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from pathlib import Path

from masterydesk.domain import records as r
from masterydesk.domain import coaching
from masterydesk.domain.metrics import RoleReadiness
from masterydesk.domain.tiers import next_tier_milestones
from masterydesk.services.files import atomic_file
from masterydesk.domain.windows import check_window_days, resolve_window
from masterydesk.services.figures import Measure, day_text, format_value
from masterydesk.services.insights import InsightsData, load_insights
from masterydesk.services.series import InsightsSeries, insights_series
from masterydesk.store.database import Journal

DEFAULT_DAYS = 28  # without --from, the report covers the four weeks before a monthly session
A4 = (8.27, 11.69)
PAGE_AREA = (0.05, 0.03, 0.9, 0.94)  # left, bottom, width, height of the page that the layout fills
PAGES = 2
QUESTIONS = 6
PER_KIND = 2  # questions of one kind, so that one problem does not crowd out the rest
WRAP = 100


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


def _period(window: r.Window) -> str:
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
    lines = [f"Coaching report — {_period(window)}", f"Compared with {_period(previous)}", ""]
    width = max(len(label) for label, *_ in headline_rows(content))
    lines += [f"{label:<{width}}  {now:>12}  (before {before}, {change})"
              for label, now, before, change in headline_rows(content)]
    lines += ["", "Charts: application frequency, teaching capacity, role readiness.", ""]
    for title, section in section_texts(content).items():
        lines += [title, *section, ""]
    return "\n".join(lines).rstrip() + "\n"


# --- the PDF ------------------------------------------------------------------------------


def write_report(
    journal: Journal, out: Path, start: dt.date | None = None, end: dt.date | None = None,
    today: dt.date | None = None,
) -> int:
    """Write the coaching report as a PDF of A4 pages; returns the number of pages."""
    return write_content(report_content(journal, start, end, today), Path(out))


def write_content(content: ReportContent, out: Path) -> int:
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages

    # Drawn before the file is touched, then written atomically (0600): a full disk or an error
    # leaves the previous report as it was, and a journal is never the target.
    pages = (_first_page(content), _second_page(content))
    # TrueType fonts keep the PDF's text searchable and extractable.
    with atomic_file(out) as binary, matplotlib.rc_context({"pdf.fonttype": 42}):
        with PdfPages(binary, metadata=_metadata(content)) as pdf:
            for page in pages:
                pdf.savefig(page)
    return PAGES


def _metadata(content: ReportContent) -> dict[str, str]:
    return {"Title": f"MasteryDesk coaching report, {_period(content.series.window)}", "Creator": "MasteryDesk"}


def _page():
    from matplotlib.figure import Figure

    figure = Figure(figsize=A4, layout="constrained")
    # Print margins; they also absorb small differences between Agg's and a PDF viewer's font metrics.
    figure.get_layout_engine().set(rect=PAGE_AREA)
    return figure


def _first_page(content: ReportContent):
    from masterydesk.reports import charts

    figure = _page()
    window, previous = content.series.window, content.series.previous.window
    figure.suptitle(f"Coaching report — {_period(window)}", x=PAGE_AREA[0], ha="left", fontsize=14, fontweight="bold")
    grid = figure.add_gridspec(3, 1, height_ratios=(1.45, 1.25, 1.25))
    table_ax = figure.add_subplot(grid[0])
    _headline_table(table_ax, content, previous)
    charts.application_frequency(content.series.frequency, figure.add_subplot(grid[1]))
    charts.teaching_capacity(content.series.teaching, figure.add_subplot(grid[2]))
    return figure


def _headline_table(ax, content: ReportContent, previous: r.Window) -> None:
    ax.set_axis_off()
    ax.set_title(f"Headline figures, compared with {_period(previous)}", loc="left", fontsize=10, fontweight="bold")
    rows = headline_rows(content)
    table = ax.table(cellText=[list(row) for row in rows], colLabels=["Figure", "This period", "Previous", "Change"],
                     colWidths=[0.52, 0.16, 0.16, 0.16], loc="upper left", cellLoc="left", edges="horizontal")
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    table.scale(1, 1.25)
    for (row, _col), cell in table.get_celld().items():
        cell.set_edgecolor("#DDDDDD")
        if row == 0:
            cell.get_text().set_fontweight("bold")


def _second_page(content: ReportContent):
    from masterydesk.reports import charts

    figure = _page()
    figure.suptitle(f"Readiness, gaps and questions — made on {day_text(content.made_on)}", x=PAGE_AREA[0], ha="left",
                    fontsize=12, fontweight="bold")
    grid = figure.add_gridspec(2, 1, height_ratios=(1, 1.45))
    charts.role_readiness(content.series.readiness, figure.add_subplot(grid[0]))
    text_ax = figure.add_subplot(grid[1])
    text_ax.set_axis_off()
    lines: list[tuple[str, bool]] = []
    for title, section in section_texts(content).items():
        lines.append((title, True))
        for line in section:
            lines += [(part, False) for part in textwrap.wrap(line, WRAP, subsequent_indent="   ")]
        lines.append(("", False))
    step = 1 / max(len(lines), 40)
    for index, (text, bold) in enumerate(lines):
        text_ax.text(0, 1 - index * step, text, transform=text_ax.transAxes, va="top", fontsize=10 if bold else 8.5,
                     fontweight="bold" if bold else "normal")
    return figure

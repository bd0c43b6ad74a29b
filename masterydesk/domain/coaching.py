"""What a coach asks about: which skills, people and ideas need attention, decided from records.

Plain functions over records and metrics; the check-in and the coaching report turn their
answers into figures and sentences. Thresholds come from the journal's settings (TierRules) or
from the metric definitions (RESILIENT_CONTACTS), never from a number typed twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from masterydesk.domain.metrics import RESILIENT_CONTACTS, MetricsReport, SkillMetrics, supporters
from masterydesk.domain.records import Bundle, Evidence, Skill, Tier, TierRules, Window
from masterydesk.domain.tiers import TierHistory, learned_not_applied

RATE_DROP = 0.75  # applications per week below three quarters of the period before: a question


def skills_at_risk(report: MetricsReport) -> list[SkillMetrics]:
    """Skills at risk at the window's end, the longest unused first."""
    found = [s for s in report.skills if s.at_risk and not s.archived]
    return sorted(found, key=lambda s: (s.last_applied_on or dt.date.min, s.name))


def skills_waiting_for_use(bundle: Bundle, evidence: Mapping[str, Evidence], day: dt.date) -> list[tuple[Skill, int]]:
    """Skills learned over 10 days before the day and not applied since, with those days, oldest first."""
    waiting = [
        (skill, days) for skill in bundle.skills if not skill.archived
        and (days := learned_not_applied(skill, evidence[skill.id].applications, day)) is not None
    ]
    return sorted(waiting, key=lambda pair: pair[0].learned_on)


def skills_waiting_for_review(report: MetricsReport, rules: TierRules) -> list[SkillMetrics]:
    """Skills applied often enough for Applied in the window, still at Foundation: a review is missing."""
    found = [
        s for s in report.skills
        if s.tier is Tier.FOUNDATION and s.applications >= rules.applied_min_applications and not s.archived
    ]
    return sorted(found, key=lambda s: -s.applications)


def thinly_supported_skills(bundle: Bundle, report: MetricsReport) -> list[tuple[SkillMetrics, int]]:
    """Skills active in the window with fewer supporters than resilience asks, the busiest first."""
    linked = supporters(bundle)
    active = sorted((s for s in report.skills if s.applications or s.teaching_events),
                    key=lambda s: -(s.applications + s.teaching_events))
    return [(s, len(linked[s.id])) for s in active if len(linked[s.id]) < RESILIENT_CONTACTS]


def application_rate_drop(report: MetricsReport, previous: MetricsReport) -> tuple[float, float] | None:
    """(before, now) applications per week when the rate fell below three quarters of the period before."""
    now, before = report.overall.applications_per_week, previous.overall.applications_per_week
    return (before, now) if before > 0 and now < RATE_DROP * before else None


def ideas_waiting(bundle: Bundle, window: Window) -> tuple[int, int]:
    """(not applied yet, all) of the community ideas from the window's interactions."""
    ideas = [idea for i in bundle.interactions if i.date in window for idea in i.ideas]
    return sum(idea.applied_on is None for idea in ideas), len(ideas)


def ideas_applied(bundle: Bundle, window: Window) -> int:
    """Community ideas whose applied date falls in the window."""
    return sum(
        idea.applied_on is not None and idea.applied_on in window
        for interaction in bundle.interactions
        for idea in interaction.ideas
    )


def skills_waiting_to_be_taught(
    bundle: Bundle, histories: Mapping[str, TierHistory], day: dt.date
) -> list[tuple[Skill, dt.date]]:
    """Skills at Applied by the day and never taught, with the day they reached it, earliest first."""
    taught = {t.skill_id for t in bundle.teaching if t.date <= day}
    found = [
        (skill, applied) for skill in bundle.skills
        if not skill.archived and (applied := histories[skill.id].applied_on) is not None
        and applied <= day and skill.id not in taught
    ]
    return sorted(found, key=lambda pair: pair[1])


def follow_ups_overdue(bundle: Bundle, day: dt.date) -> int:
    """Follow-ups due before the day and not answered by an interaction with the person since.

    Meeting the person moves a due follow-up on (domain.follow_ups), so the date kept is the next
    one; an interaction on or after the date still answers it in a journal written before that.
    """
    met: dict[str, list[dt.date]] = {}
    for interaction in bundle.interactions:
        if interaction.contact_id is not None:
            met.setdefault(interaction.contact_id, []).append(interaction.date)
    return sum(
        contact.follow_up_on is not None and contact.follow_up_on < day
        and not any(contact.follow_up_on <= met_on <= day for met_on in met.get(contact.id, ()))
        for contact in bundle.contacts
    )


def people_met(bundle: Bundle, window: Window) -> int:
    """The contacts with at least one interaction in the window."""
    return len({i.contact_id for i in bundle.interactions if i.contact_id is not None and i.date in window})

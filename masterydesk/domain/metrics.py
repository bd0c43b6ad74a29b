"""The metrics of DESIGN.md, computed from records. Plain Python; no database, no Qt."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.records import (
    Application,
    Bundle,
    Evidence,
    ProjectStatus,
    Role,
    Skill,
    TeachingEvent,
    Tier,
    TierRules,
    Window,
)
from masterydesk.domain.tiers import TierHistory, tier_history

APPLIED_WITHIN_DAYS = 14
RESILIENT_CONTACTS = 2


@dataclass(frozen=True, slots=True)
class SkillMetrics:
    id: str
    name: str
    category: str
    archived: bool
    applications: int
    applications_per_week: float
    novel_context_share: float | None
    mean_quality: float | None
    teaching_events: int
    teaching_audience: int
    teaching_mean_rating: float | None
    first_application_latency_days: int | None
    tier: Tier
    applied_on: dt.date | None
    mastery_on: dt.date | None


@dataclass(frozen=True, slots=True)
class OverallMetrics:
    applications: int
    applications_per_week: float
    teaching_events: int
    teaching_audience: int
    teaching_mean_rating: float | None
    novel_context_share: float | None
    applied_within_14_days_share: float | None
    promotions: int
    interactions: int
    ideas: int
    ideas_applied_share: float | None
    network_resilience: float | None


@dataclass(frozen=True, slots=True)
class Gap:
    skill_id: str
    held: Tier
    required: Tier


@dataclass(frozen=True, slots=True)
class RoleReadiness:
    id: str
    title: str
    readiness: float | None
    milestones_done: int
    milestones_total: int
    gaps: tuple[Gap, ...]


@dataclass(frozen=True, slots=True)
class MetricsReport:
    window: Window
    overall: OverallMetrics
    skills: tuple[SkillMetrics, ...]
    roles: tuple[RoleReadiness, ...]


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when whole is 0."""
    return part / whole if whole else None


def mean(values: Iterable[int | float | None]) -> float | None:
    """Mean of the non-null values, or None when there are none."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def evidence_by_skill(bundle: Bundle) -> dict[str, Evidence]:
    """Each skill's applications and teaching events."""
    applications: dict[str, list[Application]] = defaultdict(list)
    teaching: dict[str, list[TeachingEvent]] = defaultdict(list)
    for application in bundle.applications:
        applications[application.skill_id].append(application)
    for event in bundle.teaching:
        teaching[event.skill_id].append(event)
    return {
        skill.id: Evidence(tuple(applications[skill.id]), tuple(teaching[skill.id]))
        for skill in bundle.skills
    }


def tier_histories(bundle: Bundle, rules: TierRules) -> dict[str, TierHistory]:
    """Every skill's tier history from all its evidence."""
    return {
        skill_id: tier_history(evidence, rules)
        for skill_id, evidence in evidence_by_skill(bundle).items()
    }


def first_application_latency(skill: Skill, applications: Iterable[Application]) -> int | None:
    """Days from learned_on to the first application on or after it (not windowed)."""
    if skill.learned_on is None:
        return None
    later = [a.date for a in applications if a.date >= skill.learned_on]
    return (min(later) - skill.learned_on).days if later else None


def skill_metrics(
    skill: Skill, evidence: Evidence, history: TierHistory, window: Window
) -> SkillMetrics:
    """One skill's metrics in the window."""
    applications = [a for a in evidence.applications if a.date in window]
    teaching = [t for t in evidence.teaching if t.date in window]
    as_known = history.until(window.end)
    return SkillMetrics(
        id=skill.id,
        name=skill.name,
        category=str(skill.category),
        archived=skill.archived,
        applications=len(applications),
        applications_per_week=len(applications) / window.weeks,
        novel_context_share=share(sum(a.novel_context for a in applications), len(applications)),
        mean_quality=mean(a.quality for a in applications),
        teaching_events=len(teaching),
        teaching_audience=sum(t.audience_size for t in teaching),
        teaching_mean_rating=mean(t.rating for t in teaching),
        first_application_latency_days=first_application_latency(skill, evidence.applications),
        tier=as_known.tier_as_of(window.end),
        applied_on=as_known.applied_on,
        mastery_on=as_known.mastery_on,
    )


def role_readiness(
    role: Role, tiers: Mapping[str, Tier], project_status: Mapping[str, ProjectStatus]
) -> RoleReadiness:
    """Readiness = Σ w·min(1, ord(held)/ord(required)) / Σ w, with the gaps and milestones."""
    total_weight = sum(r.weight for r in role.requirements)
    earned = 0.0
    gaps = []
    for requirement in role.requirements:
        held = tiers.get(requirement.skill_id, Tier.FOUNDATION)
        earned += requirement.weight * min(1.0, held.ordinal / requirement.tier.ordinal)
        if held.ordinal < requirement.tier.ordinal:
            gaps.append(Gap(requirement.skill_id, held, requirement.tier))
    done = sum(project_status.get(p) is ProjectStatus.DONE for p in role.milestone_project_ids)
    return RoleReadiness(
        id=role.id,
        title=role.title,
        readiness=earned / total_weight if total_weight else None,
        milestones_done=done,
        milestones_total=len(role.milestone_project_ids),
        gaps=tuple(gaps),
    )


def overall_metrics(
    bundle: Bundle, skills: list[SkillMetrics], histories: Mapping[str, TierHistory], window: Window
) -> OverallMetrics:
    """The journal-wide metrics in the window."""
    applications = [a for a in bundle.applications if a.date in window]
    teaching = [t for t in bundle.teaching if t.date in window]
    interactions = [i for i in bundle.interactions if i.date in window]
    ideas = [idea for i in interactions for idea in i.ideas]
    learned_on = {s.id: s.learned_on for s in bundle.skills}
    learned = [s for s in skills if learned_on[s.id] is not None and learned_on[s.id] in window]
    promotions = sum(
        day is not None and day in window
        for h in histories.values()
        for day in (h.applied_on, h.mastery_on)
    )
    return OverallMetrics(
        applications=len(applications),
        applications_per_week=len(applications) / window.weeks,
        teaching_events=len(teaching),
        teaching_audience=sum(t.audience_size for t in teaching),
        teaching_mean_rating=mean(t.rating for t in teaching),
        novel_context_share=share(sum(a.novel_context for a in applications), len(applications)),
        applied_within_14_days_share=share(
            sum(
                s.first_application_latency_days is not None
                and s.first_application_latency_days <= APPLIED_WITHIN_DAYS
                for s in learned
            ),
            len(learned),
        ),
        promotions=promotions,
        interactions=len(interactions),
        ideas=len(ideas),
        ideas_applied_share=share(sum(i.applied_on is not None for i in ideas), len(ideas)),
        network_resilience=network_resilience(bundle, skills),
    )


def network_resilience(bundle: Bundle, skills: list[SkillMetrics]) -> float | None:
    """Among skills active in the window, the share supported by two or more contacts."""
    supporters: dict[str, set[str]] = defaultdict(set)
    for contact in bundle.contacts:
        for skill_id in contact.skill_ids:
            supporters[skill_id].add(contact.id)
    active = [s.id for s in skills if s.applications or s.teaching_events]
    resilient = sum(len(supporters[skill_id]) >= RESILIENT_CONTACTS for skill_id in active)
    return share(resilient, len(active))


def compute_metrics(bundle: Bundle, window: Window, rules: TierRules) -> MetricsReport:
    """Every metric of DESIGN.md for the window."""
    if window.start > window.end:
        raise MasteryDeskError(f"The window starts on {window.start}, after it ends on {window.end}.")
    evidence = evidence_by_skill(bundle)
    histories = {skill_id: tier_history(ev, rules) for skill_id, ev in evidence.items()}
    skills = [
        skill_metrics(skill, evidence[skill.id], histories[skill.id], window)
        for skill in bundle.skills
    ]
    tiers = {s.id: s.tier for s in skills}
    status = {p.id: p.status for p in bundle.projects}
    roles = tuple(role_readiness(role, tiers, status) for role in bundle.roles)
    return MetricsReport(window, overall_metrics(bundle, skills, histories, window), tuple(skills), roles)

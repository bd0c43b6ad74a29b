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
    JournalEntry,
    NetworkCounts,
    Practice,
    PracticeLog,
    ProjectStatus,
    Role,
    Skill,
    TeachingEvent,
    Tier,
    TierRules,
    Window,
)
from masterydesk.domain.tiers import TierHistory, application_strength, is_at_risk, tier_history

APPLIED_WITHIN_DAYS = 14
RESILIENT_CONTACTS = 2


@dataclass(frozen=True, slots=True)
class SkillMetrics:
    """One skill's figures in a window; its tier, strength and dates are as of the window's end."""

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
    started_on: dt.date | None
    applied_on: dt.date | None
    mastery_on: dt.date | None
    days_to_applied: int | None
    days_to_mastery: int | None
    practice_minutes: int
    application_strength: float
    last_applied_on: dt.date | None
    at_risk: bool


@dataclass(frozen=True, slots=True)
class OverallMetrics:
    """The journal-wide figures of a window."""

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
    practice_minutes: int
    skills_at_risk: int
    median_days_to_applied: float | None
    median_days_to_mastery: float | None
    network_resilience: float | None


@dataclass(frozen=True, slots=True)
class Gap:
    """A skill a role requires at a higher tier than the one held."""

    skill_id: str
    held: Tier
    required: Tier


@dataclass(frozen=True, slots=True)
class RoleReadiness:
    """How ready the user is for a role: its readiness, milestones and gaps."""

    id: str
    title: str
    readiness: float | None
    milestones_done: int
    milestones_total: int
    gaps: tuple[Gap, ...]


@dataclass(frozen=True, slots=True)
class MetricsReport:
    """Every metric of one window: overall, per skill and per role."""

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


def median(values: Iterable[int | float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count), or None when none."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def practice_log(entries: Iterable[JournalEntry]) -> PracticeLog:
    """The practice of some journal entries, day by day, overall and per skill."""
    days: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    skills: dict[str, dict[dt.date, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for entry in entries:
        for totals in (days[entry.date], *(skills[s][entry.date] for s in entry.skill_ids)):
            totals[0] += entry.minutes
            totals[1] += 1
    return PracticeLog(_practice_days(days), {s: _practice_days(d) for s, d in skills.items()})


def _practice_days(totals: Mapping[dt.date, list[int]]) -> tuple[Practice, ...]:
    return tuple(Practice(day, minutes, entries) for day, (minutes, entries) in sorted(totals.items()))


def practice_in(practice: Iterable[Practice], window: Window | None = None) -> tuple[int, int]:
    """(minutes, entries) of the practice days inside the window (all of them when None)."""
    minutes = entries = 0
    for day in practice:
        if window is None or day.date in window:
            minutes += day.minutes
            entries += day.entries
    return minutes, entries


def supporters(bundle: Bundle) -> dict[str, set[str]]:
    """For each skill, the contacts linked to it (its supporters)."""
    linked: dict[str, set[str]] = defaultdict(set)
    for contact in bundle.contacts:
        for skill_id in contact.skill_ids:
            linked[skill_id].add(contact.id)
    return linked


def network_counts(bundle: Bundle, window: Window) -> NetworkCounts:
    """The window's interactions, ideas and ideas applied, and each skill's supporters, from records."""
    interactions = [i for i in bundle.interactions if i.date in window]
    ideas = [idea for i in interactions for idea in i.ideas]
    return NetworkCounts(
        interactions=len(interactions),
        ideas=len(ideas),
        ideas_applied=sum(idea.applied_on is not None for idea in ideas),
        supporters={skill_id: frozenset(ids) for skill_id, ids in supporters(bundle).items()},
    )


def evidence_by_skill(bundle: Bundle, practice: PracticeLog | None = None) -> dict[str, Evidence]:
    """Each skill's evidence: applications, teaching events, practice days and learned_on."""
    practice = practice or practice_log(bundle.journal)
    applications: dict[str, list[Application]] = defaultdict(list)
    teaching: dict[str, list[TeachingEvent]] = defaultdict(list)
    for application in bundle.applications:
        applications[application.skill_id].append(application)
    for event in bundle.teaching:
        teaching[event.skill_id].append(event)
    return {
        skill.id: Evidence(
            tuple(applications[skill.id]), tuple(teaching[skill.id]),
            practice.by_skill.get(skill.id, ()), skill.learned_on,
        )
        for skill in bundle.skills
    }


def tier_histories(evidence: Mapping[str, Evidence], rules: TierRules) -> dict[str, TierHistory]:
    """Every skill's tier history from all its evidence."""
    return {skill_id: tier_history(ev, rules) for skill_id, ev in evidence.items()}


def tiers_as_of(histories: Mapping[str, TierHistory], day: dt.date) -> dict[str, Tier]:
    """Every skill's tier on the day."""
    return {skill_id: history.tier_as_of(day) for skill_id, history in histories.items()}


def first_application_latency(skill: Skill, applications: Iterable[Application]) -> int | None:
    """Days from learned_on to the first application on or after it (not windowed)."""
    if skill.learned_on is None:
        return None
    later = [a.date for a in applications if a.date >= skill.learned_on]
    return (min(later) - skill.learned_on).days if later else None


def skill_metrics(
    skill: Skill, evidence: Evidence, history: TierHistory, window: Window, rules: TierRules
) -> SkillMetrics:
    """One skill's metrics in the window (tier, strength and dates as of its end)."""
    applications = [a for a in evidence.applications if a.date in window]
    teaching = [t for t in evidence.teaching if t.date in window]
    as_known = history.until(window.end)
    tier = as_known.tier_as_of(window.end)
    strength = application_strength(evidence.applications, window.end, rules.strength_half_life_days)
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
        tier=tier,
        started_on=as_known.started_on,
        applied_on=as_known.applied_on,
        mastery_on=as_known.mastery_on,
        days_to_applied=as_known.days_to_applied(),
        days_to_mastery=as_known.days_to_mastery(),
        practice_minutes=practice_in(evidence.practice, window)[0],
        application_strength=strength,
        last_applied_on=max((a.date for a in evidence.applications if a.date <= window.end), default=None),
        at_risk=is_at_risk(tier, strength, rules),
    )


def role_readiness(
    role: Role, tiers: Mapping[str, Tier], project_status: Mapping[str, ProjectStatus]
) -> RoleReadiness:
    """Readiness = Σ w·min(1, ord(held)/ord(required)) / Σ w, with the gaps and milestones."""
    total_weight = sum(r.weight for r in role.requirements)
    earned = 0.0
    gaps = []
    for requirement in role.requirements:
        held = tiers.get(requirement.skill_id, Tier.NONE)
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


def role_added_by(role: Role, day: dt.date) -> bool:
    """Whether the role existed on the day (one without the day it was added always did)."""
    return role.created_on is None or role.created_on <= day


def applied_within_days(skill: Skill, applications: Iterable[Application], end: dt.date) -> bool | None:
    """True when first applied within 14 days of learning (and by end); None while still pending."""
    latency = first_application_latency(skill, (a for a in applications if a.date <= end))
    if latency is not None and latency <= APPLIED_WITHIN_DAYS:
        return True
    return False if is_decided(skill.learned_on, end) else None


def is_decided(learned_on: dt.date, end: dt.date) -> bool:
    """Whether the 14 days after learning have passed by end: a skill not applied by then counts as not."""
    return learned_on + dt.timedelta(days=APPLIED_WITHIN_DAYS) <= end


def applied_within_14_days_share(
    bundle: Bundle, evidence: Mapping[str, Evidence], window: Window
) -> float | None:
    """Among skills learned in the window whose outcome is decided by its end, the share applied in 14 days."""
    outcomes = [
        applied_within_days(skill, evidence[skill.id].applications, window.end)
        for skill in bundle.skills
        if skill.learned_on is not None and skill.learned_on in window
    ]
    decided = [outcome for outcome in outcomes if outcome is not None]
    return share(sum(decided), len(decided))


def overall_metrics(
    bundle: Bundle,
    skills: list[SkillMetrics],
    evidence: Mapping[str, Evidence],
    practice: PracticeLog,
    network: NetworkCounts,
    window: Window,
) -> OverallMetrics:
    """The journal-wide metrics in the window (the network's counted for it by network_counts)."""
    applications = [a for a in bundle.applications if a.date in window]
    teaching = [t for t in bundle.teaching if t.date in window]
    promotions = sum(day is not None and day in window for s in skills for day in (s.applied_on, s.mastery_on))
    return OverallMetrics(
        applications=len(applications),
        applications_per_week=len(applications) / window.weeks,
        teaching_events=len(teaching),
        teaching_audience=sum(t.audience_size for t in teaching),
        teaching_mean_rating=mean(t.rating for t in teaching),
        novel_context_share=share(sum(a.novel_context for a in applications), len(applications)),
        applied_within_14_days_share=applied_within_14_days_share(bundle, evidence, window),
        promotions=promotions,
        interactions=network.interactions,
        ideas=network.ideas,
        ideas_applied_share=share(network.ideas_applied, network.ideas),
        practice_minutes=practice_in(practice.days, window)[0],
        skills_at_risk=sum(s.at_risk for s in skills),
        median_days_to_applied=median(
            s.days_to_applied for s in skills if s.applied_on is not None and s.applied_on in window
        ),
        median_days_to_mastery=median(
            s.days_to_mastery for s in skills if s.mastery_on is not None and s.mastery_on in window
        ),
        network_resilience=network_resilience(network.supporters, skills),
    )


def network_resilience(linked: Mapping[str, frozenset[str]], skills: list[SkillMetrics]) -> float | None:
    """Among skills active in the window, the share supported by two or more contacts."""
    active = [s.id for s in skills if s.applications or s.teaching_events]
    resilient = sum(len(linked.get(skill_id, ())) >= RESILIENT_CONTACTS for skill_id in active)
    return share(resilient, len(active))


def compute_metrics(
    bundle: Bundle,
    window: Window,
    rules: TierRules,
    practice: PracticeLog | None = None,
    network: NetworkCounts | None = None,
) -> MetricsReport:
    """Every metric of DESIGN.md for the window.

    The practice comes from the bundle's journal entries, and the network's counts from its
    interactions and contacts, unless given (the store adds both up in SQL, without reading
    those records one by one).
    """
    if window.start > window.end:
        raise MasteryDeskError(f"The window starts on {window.start}, after it ends on {window.end}.")
    practice = practice or practice_log(bundle.journal)
    evidence = evidence_by_skill(bundle, practice)
    skills = [
        skill_metrics(skill, evidence[skill.id], tier_history(evidence[skill.id], rules), window, rules)
        for skill in bundle.skills
    ]
    tiers = {s.id: s.tier for s in skills}
    status = {p.id: p.status for p in bundle.projects}
    roles = tuple(role_readiness(role, tiers, status) for role in bundle.roles)
    overall = overall_metrics(bundle, skills, evidence, practice, network or network_counts(bundle, window), window)
    return MetricsReport(window, overall, tuple(skills), roles)

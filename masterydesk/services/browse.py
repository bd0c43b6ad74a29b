"""What the app's screens show: journal pages, skills with their tiers, a skill's card, Today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from masterydesk.domain import records as r
from masterydesk.domain.metrics import SkillMetrics, compute_metrics, evidence_by_skill
from masterydesk.domain.tiers import Milestone, next_tier_milestones, tally, tier_history
from masterydesk.services.settings import read_rules
from masterydesk.store import browse, bundles
from masterydesk.store import models as m
from masterydesk.store.browse import COUNT_CAP, MATCH_END, MATCH_START, JournalFilter, JournalLine
from masterydesk.store.database import Journal

RECENT_WEEKS = 12
CHECKIN_EVERY_DAYS = 30
UNAPPLIED_AFTER_DAYS = 10

NAMED = {
    "skills": (m.SkillRow, "name"),
    "projects": (m.ProjectRow, "name"),
    "contacts": (m.ContactRow, "name"),
    "communities": (m.CommunityRow, "name"),
    "roles": (m.RoleRow, "title"),
}

__all__ = ["COUNT_CAP", "MATCH_END", "MATCH_START", "JournalFilter", "JournalLine"]


def journal_count(journal: Journal, where: JournalFilter) -> int:
    with journal.reading() as connection:
        return browse.count_entries(connection, where)


def journal_page(journal: Journal, where: JournalFilter, offset: int, limit: int) -> list[JournalLine]:
    with journal.reading() as connection:
        return browse.entry_page(connection, where, offset, limit)


def journal_entry(journal: Journal, entry_id: str) -> r.JournalEntry | None:
    with journal.reading() as connection:
        found = bundles.read_journal(connection, [entry_id])
    return found[0] if found else None


def record_names(journal: Journal, collection: str) -> list[tuple[str, str]]:
    """(id, name) pairs of a collection, sorted by name."""
    model, label = NAMED[collection]
    with journal.reading() as connection:
        return browse.names(connection, model, label)


def load_everything_but_entries(journal: Journal) -> tuple[r.Bundle, r.TierRules]:
    with journal.reading() as connection:
        return bundles.read_bundle(connection, journal=False), read_rules(connection)


@dataclass(frozen=True, slots=True)
class SkillOverview:
    """A skill as the Skill Map shows it."""

    skill: r.Skill
    metrics: SkillMetrics
    recent_per_week: float
    supporters: int

    @property
    def id(self) -> str:
        return self.skill.id


def skill_overview(journal: Journal, today: dt.date) -> list[SkillOverview]:
    """Every skill with its tier as of today, its all-time and recent application frequency."""
    bundle, rules = load_everything_but_entries(journal)
    earliest = min([a.date for a in bundle.applications] + [today])
    all_time = compute_metrics(bundle, r.Window(min(earliest, today), today), rules)
    recent = compute_metrics(bundle, r.Window(today - dt.timedelta(weeks=RECENT_WEEKS) + dt.timedelta(days=1), today), rules)
    recent_rate = {s.id: s.applications_per_week for s in recent.skills}
    supporters = {s.id: 0 for s in bundle.skills}
    for contact in bundle.contacts:
        for skill_id in contact.skill_ids:
            supporters[skill_id] = supporters.get(skill_id, 0) + 1
    skills = {s.id: s for s in bundle.skills}
    return [
        SkillOverview(skills[x.id], x, recent_rate[x.id], supporters[x.id]) for x in all_time.skills
    ]


@dataclass(frozen=True, slots=True)
class SkillCard:
    """Everything the Skill Map's card says about one skill."""

    skill: r.Skill
    tier: r.Tier
    applied_on: dt.date | None
    mastery_on: dt.date | None
    milestones: tuple[Milestone, ...]
    applications: int
    recent_per_week: float
    teaching_events: int
    teaching_mean_rating: float | None
    latency_days: int | None
    prerequisites: tuple[str, ...]
    supporters: tuple[str, ...]


def skill_card(journal: Journal, skill_id: str, today: dt.date) -> SkillCard | None:
    """The card of one skill as of today, or None when it no longer exists."""
    bundle, rules = load_everything_but_entries(journal)
    skills = {s.id: s for s in bundle.skills}
    if skill_id not in skills:
        return None
    skill = skills[skill_id]
    evidence = evidence_by_skill(bundle)[skill_id]
    history = tier_history(evidence, rules).until(today)
    tier = history.tier_as_of(today)
    recent = r.Window(today - dt.timedelta(weeks=RECENT_WEEKS) + dt.timedelta(days=1), today)
    metrics = compute_metrics(r.Bundle(skills=(skill,), applications=evidence.applications,
                                       teaching=evidence.teaching), recent, rules).skills[0]
    rated = [t.rating for t in evidence.teaching if t.rating is not None]
    return SkillCard(
        skill=skill, tier=tier, applied_on=history.applied_on, mastery_on=history.mastery_on,
        milestones=tuple(next_tier_milestones(tally(evidence, rules, today), tier, rules)),
        applications=len(evidence.applications), recent_per_week=metrics.applications_per_week,
        teaching_events=len(evidence.teaching),
        teaching_mean_rating=sum(rated) / len(rated) if rated else None,
        latency_days=metrics.first_application_latency_days,
        prerequisites=tuple(skills[p].name for p in skill.prerequisites if p in skills),
        supporters=tuple(c.name for c in bundle.contacts if skill_id in c.skill_ids),
    )


@dataclass(frozen=True, slots=True)
class TodayItem:
    """One thing that needs attention today, and the record it is about."""

    kind: str  # follow_up, checkin, unapplied, near_tier
    text: str
    collection: str | None = None
    record_id: str | None = None


def _near_next_tier(milestones: list[Milestone]) -> bool:
    """One more piece of evidence would complete the next tier."""
    missing = [x for x in milestones if not x.met]
    return len(missing) == 1 and isinstance(missing[0].need, int) and missing[0].need - missing[0].have == 1


def today_items(journal: Journal, today: dt.date) -> list[TodayItem]:
    """Follow-ups due, a check-in due, skills not yet applied, skills one step from a tier."""
    bundle, rules = load_everything_but_entries(journal)
    items = [
        TodayItem("follow_up", f"Follow up with {c.name} (due {c.follow_up_on:%d %b})", "contacts", c.id)
        for c in sorted(bundle.contacts, key=lambda c: (c.follow_up_on or today, c.name))
        if c.follow_up_on is not None and c.follow_up_on <= today
    ]
    last = max((c.date for c in bundle.checkins), default=None)
    if last is None or (today - last).days >= CHECKIN_EVERY_DAYS:
        since = f"the last was on {last:%d %b %Y}" if last else "none yet"
        items.append(TodayItem("checkin", f"A monthly check-in is due ({since})"))
    evidence = evidence_by_skill(bundle)
    for skill in sorted(bundle.skills, key=lambda s: s.name.lower()):
        if skill.archived:
            continue
        ev = evidence[skill.id]
        if skill.learned_on and (today - skill.learned_on).days > UNAPPLIED_AFTER_DAYS and not any(
            a.date >= skill.learned_on for a in ev.applications
        ):
            days = (today - skill.learned_on).days
            items.append(TodayItem("unapplied", f"{skill.name}: learned {days} days ago, not applied yet", "skills", skill.id))
        tier = tier_history(ev, rules).tier_as_of(today)
        milestones = next_tier_milestones(tally(ev, rules, today), tier, rules)
        if _near_next_tier(milestones):
            missing = next(x for x in milestones if not x.met)
            following = r.TIER_ORDER[tier.ordinal]
            items.append(TodayItem(
                "near_tier", f"{skill.name} is one step from {following.value.title()}: {missing}",
                "skills", skill.id,
            ))
    return items

"""What the app's screens show: journal pages, skills with their tiers, a skill's card, Today.

The journal list's queries are plain SQL (store.browse): `journal_count` and `journal_page` take
an open Journal, or a store.snapshot.JournalSnapshot while the app starts, before SQLAlchemy loads;
so this module imports the ORM's readers only inside the functions that use them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from masterydesk.domain import records as r
from masterydesk.domain.metrics import SkillMetrics, evidence_by_skill, skill_metrics
from masterydesk.domain.tiers import Milestone, next_tier_milestones, tally, tier_history
from masterydesk.services.settings import read_rules
from masterydesk.store import browse
from masterydesk.store.browse import COUNT_CAP, MATCH_END, MATCH_START, JournalFilter, JournalLine, search_match

if TYPE_CHECKING:
    from masterydesk.store.database import Journal
    from masterydesk.store.snapshot import JournalSnapshot

RECENT_WEEKS = 12
CHECKIN_EVERY_DAYS = 30
UNAPPLIED_AFTER_DAYS = 10

# The table and the column that name the records of each collection.
NAMED = {
    "skills": ("skills", "name"),
    "projects": ("projects", "name"),
    "contacts": ("contacts", "name"),
    "communities": ("communities", "name"),
    "roles": ("roles", "title"),
}

__all__ = ["COUNT_CAP", "MATCH_END", "MATCH_START", "JournalFilter", "JournalLine", "search_match"]


def journal_count(journal: Journal | JournalSnapshot, where: JournalFilter) -> int:
    with journal.reading() as connection:
        return browse.count_entries(connection, where)


def journal_page(journal: Journal | JournalSnapshot, where: JournalFilter, offset: int, limit: int) -> list[JournalLine]:
    with journal.reading() as connection:
        return browse.entry_page(connection, where, offset, limit)


def journal_entry(journal: Journal, entry_id: str) -> r.JournalEntry | None:
    from masterydesk.store import bundles

    with journal.reading() as connection:
        found = bundles.read_journal(connection, [entry_id])
    return found[0] if found else None


def record_names(journal: Journal | JournalSnapshot, collection: str) -> list[tuple[str, str]]:
    """(id, name) pairs of a collection, sorted by name."""
    with journal.reading() as connection:
        return browse.names(connection, *NAMED[collection])


def load_skill_evidence(journal: Journal) -> tuple[r.Bundle, r.TierRules]:
    """Skills, contacts, applications and teaching: what tiers and the Skill Map need."""
    from masterydesk.store import bundles

    with journal.reading() as connection:
        bundle = r.Bundle(
            skills=bundles.read_skills(connection), contacts=bundles.read_contacts(connection),
            applications=bundles.read_applications(connection), teaching=bundles.read_teaching(connection),
            checkins=bundles.read_checkins(connection),
        )
        return bundle, read_rules(connection)


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


def _recent(today: dt.date) -> r.Window:
    return r.Window(today - dt.timedelta(weeks=RECENT_WEEKS) + dt.timedelta(days=1), today)


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


@dataclass(frozen=True, slots=True)
class SkillMap:
    """The skills of a journal as of a day, read once; cards are made from it without the database."""

    today: dt.date
    bundle: r.Bundle
    rules: r.TierRules
    evidence: dict[str, r.Evidence]
    overview: tuple[SkillOverview, ...]

    def card(self, skill_id: str) -> SkillCard | None:
        """The card of one skill, or None when it no longer exists."""
        found = [o for o in self.overview if o.skill.id == skill_id]
        if not found:
            return None
        overview, evidence = found[0], self.evidence[skill_id]
        names = {s.id: s.name for s in self.bundle.skills}
        rated = [t.rating for t in evidence.teaching if t.rating is not None]
        metrics = overview.metrics
        return SkillCard(
            skill=overview.skill, tier=metrics.tier, applied_on=metrics.applied_on, mastery_on=metrics.mastery_on,
            milestones=tuple(next_tier_milestones(tally(evidence, self.rules, self.today), metrics.tier, self.rules)),
            applications=len(evidence.applications), recent_per_week=overview.recent_per_week,
            teaching_events=len(evidence.teaching),
            teaching_mean_rating=sum(rated) / len(rated) if rated else None,
            latency_days=metrics.first_application_latency_days,
            prerequisites=tuple(names[p] for p in overview.skill.prerequisites if p in names),
            supporters=tuple(c.name for c in self.bundle.contacts if skill_id in c.skill_ids),
        )


def skill_map(journal: Journal, today: dt.date) -> SkillMap:
    """Every skill with its tier as of today, all-time and recent application frequency, supporters."""
    bundle, rules = load_skill_evidence(journal)
    evidence = evidence_by_skill(bundle)
    earliest = min([a.date for a in bundle.applications] + [today])
    all_time, recent = r.Window(earliest, today), _recent(today)
    supporters: dict[str, int] = {}
    for contact in bundle.contacts:
        for skill_id in contact.skill_ids:
            supporters[skill_id] = supporters.get(skill_id, 0) + 1
    overview = []
    for skill in bundle.skills:
        history = tier_history(evidence[skill.id], rules)
        metrics = skill_metrics(skill, evidence[skill.id], history, all_time)
        recent_rate = sum(a.date in recent for a in evidence[skill.id].applications) / recent.weeks
        overview.append(SkillOverview(skill, metrics, recent_rate, supporters.get(skill.id, 0)))
    return SkillMap(today, bundle, rules, evidence, tuple(overview))


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
    bundle, rules = load_skill_evidence(journal)
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

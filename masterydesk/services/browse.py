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
from masterydesk.domain.metrics import SkillMetrics, evidence_by_skill, practice_in, skill_metrics
from masterydesk.domain.tiers import Milestone, learned_not_applied, next_tier_milestones, tier_history
from masterydesk.services.figures import day_text
from masterydesk.services.settings import read_rules
from masterydesk.store import browse
from masterydesk.store.browse import COUNT_CAP, MATCH_END, MATCH_START, JournalFilter, JournalLine, search_match

if TYPE_CHECKING:
    from masterydesk.store.database import Journal
    from masterydesk.store.snapshot import JournalSnapshot

RECENT_WEEKS = 12
CHECKIN_EVERY_DAYS = 30

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
    from masterydesk.store import readers

    with journal.reading() as connection:
        found = readers.read_journal(connection, [entry_id])
    return found[0] if found else None


def record_names(journal: Journal | JournalSnapshot, collection: str) -> list[tuple[str, str]]:
    """(id, name) pairs of a collection, sorted by name."""
    with journal.reading() as connection:
        return browse.names(connection, *NAMED[collection])


def load_skill_evidence(journal: Journal, today: dt.date) -> tuple[r.Bundle, r.TierRules, dict[str, r.Evidence]]:
    """Skills, contacts, check-ins and each skill's evidence: what tiers, the Skill Map and Today need."""
    from masterydesk.store import readers

    with journal.reading() as connection:
        bundle = r.Bundle(
            skills=readers.read_skills(connection), contacts=readers.read_contacts(connection),
            applications=readers.read_applications(connection), teaching=readers.read_teaching(connection),
            checkins=readers.read_checkins(connection),
        )
        # Each skill's first day and its practice to today: what the cards and Today show.
        rules, practice = read_rules(connection), readers.read_practice(connection, r.Window(r.FIRST_DAY, today))
    return bundle, rules, evidence_by_skill(bundle, practice)


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
    metrics: SkillMetrics  # all time, tier and strength as of today
    milestones: tuple[Milestone, ...]
    applications: int
    recent_per_week: float
    teaching_events: int
    practice_minutes: int
    practice_entries: int
    prerequisites: tuple[str, ...]
    supporters: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SkillMap:
    """The skills of a journal as of a day, read once, with every skill's card. The records they were
    made from are not kept: on ten years they held 7.5 MiB for cards that take a few KiB."""

    today: dt.date
    overview: tuple[SkillOverview, ...]
    cards: dict[str, SkillCard]

    def card(self, skill_id: str) -> SkillCard | None:
        """The card of one skill, or None when it no longer exists."""
        return self.cards.get(skill_id)


def skill_map(journal: Journal, today: dt.date) -> SkillMap:
    """Every skill with its tier as of today, all-time and recent application frequency, supporters."""
    bundle, rules, evidence = load_skill_evidence(journal, today)
    earliest = min([a.date for a in bundle.applications] + [today])
    all_time, recent = r.Window(earliest, today), _recent(today)
    linked = _supporter_names(bundle)
    overview = []
    for skill in bundle.skills:
        history = tier_history(evidence[skill.id], rules)
        metrics = skill_metrics(skill, evidence[skill.id], history, all_time, rules)
        recent_rate = sum(a.date in recent for a in evidence[skill.id].applications) / recent.weeks
        overview.append(SkillOverview(skill, metrics, recent_rate, len(linked.get(skill.id, ()))))
    return SkillMap(today, tuple(overview), _cards(bundle, rules, evidence, overview, today, linked))


def _supporter_names(bundle: r.Bundle) -> dict[str, list[str]]:
    """For each skill, the names of the contacts linked to it (domain.metrics.supporters' contacts),
    in the journal's order of contacts, as the card lists them."""
    names: dict[str, list[str]] = {}
    for contact in bundle.contacts:
        for skill_id in dict.fromkeys(contact.skill_ids):
            names.setdefault(skill_id, []).append(contact.name)
    return names


def _cards(bundle: r.Bundle, rules: r.TierRules, evidence: dict[str, r.Evidence],
           overview: list[SkillOverview], today: dt.date, supporter_names: dict[str, list[str]]) -> dict[str, SkillCard]:
    """Each skill's card (about 20 ms for 300 skills on ten years, most of it their next tiers' milestones)."""
    names = {s.id: s.name for s in bundle.skills}
    cards = {}
    for shown in overview:
        skill_id, found = shown.skill.id, evidence[shown.skill.id]
        minutes, entries = practice_in(found.practice)
        cards[skill_id] = SkillCard(
            skill=shown.skill, metrics=shown.metrics,
            milestones=tuple(next_tier_milestones(found, rules, today)),
            applications=len(found.applications), recent_per_week=shown.recent_per_week,
            teaching_events=len(found.teaching), practice_minutes=minutes, practice_entries=entries,
            prerequisites=tuple(names[p] for p in shown.skill.prerequisites if p in names),
            supporters=tuple(supporter_names.get(skill_id, ())),
        )
    return cards


@dataclass(frozen=True, slots=True)
class TodayItem:
    """One thing that needs attention today, and the record it is about."""

    kind: str  # follow_up, checkin, unapplied, at_risk, near_tier
    text: str
    collection: str | None = None
    record_id: str | None = None


def _near_next_tier(milestones: list[Milestone]) -> bool:
    """One more piece of evidence would complete the next tier."""
    missing = [x for x in milestones if not x.met]
    return len(missing) == 1 and isinstance(missing[0].need, int) and missing[0].need - missing[0].have == 1


def today_items(journal: Journal, today: dt.date) -> list[TodayItem]:
    """Follow-ups due, a check-in due, skills not yet applied, skills at risk, skills one step from a tier."""
    bundle, rules, evidence = load_skill_evidence(journal, today)
    items = [
        TodayItem("follow_up", f"Follow up with {c.name} (due {c.follow_up_on:%d %b})", "contacts", c.id)
        for c in sorted(bundle.contacts, key=lambda c: (c.follow_up_on or today, c.name))
        if c.follow_up_on is not None and c.follow_up_on <= today
    ]
    last = max((c.date for c in bundle.checkins), default=None)
    if last is None or (today - last).days >= CHECKIN_EVERY_DAYS:
        since = f"the last was on {day_text(last)}" if last else "none yet"
        items.append(TodayItem("checkin", f"A monthly check-in is due ({since})"))
    skills = sorted((s for s in bundle.skills if not s.archived), key=lambda s: s.name.lower())
    for skill in skills:
        items.extend(_skill_items(skill, evidence[skill.id], rules, today))
    return sorted(items, key=lambda item: TODAY_ORDER.index(item.kind))


TODAY_ORDER = ("follow_up", "checkin", "at_risk", "unapplied", "near_tier")


def _skill_items(skill: r.Skill, evidence: r.Evidence, rules: r.TierRules, today: dt.date) -> list[TodayItem]:
    """What one skill asks for today: an application, some use again, one more piece of evidence."""
    items = []
    days = learned_not_applied(skill, evidence.applications, today)
    if days is not None:
        items.append(TodayItem("unapplied", f"{skill.name}: learned {days} days ago, not applied yet", "skills", skill.id))
    metrics = skill_metrics(skill, evidence, tier_history(evidence, rules), r.Window(today, today), rules)
    if metrics.at_risk:
        last = (today - metrics.last_applied_on).days if metrics.last_applied_on else None
        since = f"last applied {last} days ago" if last is not None else "never applied"
        items.append(TodayItem("at_risk", f"{skill.name}: {metrics.tier.label}, {since}", "skills", skill.id))
    milestones = next_tier_milestones(evidence, rules, today)
    if metrics.tier is not r.Tier.NONE and _near_next_tier(milestones):
        missing = next(x for x in milestones if not x.met)
        items.append(TodayItem(
            "near_tier", f"{skill.name} is one step from {metrics.tier.following.label}: {missing}",
            "skills", skill.id,
        ))
    return items

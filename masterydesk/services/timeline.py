"""The Journal tab's one timeline: every dated record and every tier a skill reached, newest first.

The records come from the store a page at a time (store.timeline). Tier promotions are derived
from the evidence, never stored (domain.tiers): `tier_promotions` computes them all once, the tab
keeps them until a change they depend on, and `timeline_page` merges them into each page by date.
A promotion is a day a skill reached Applied or Mastery, as DESIGN.md counts `promotions`; the
day a skill started (Foundation) is already on the timeline as its first record.

Like services.browse, this takes an open Journal or, while the app starts, a JournalSnapshot
(store.snapshot): nothing here imports SQLAlchemy until promotions are asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from masterydesk.store import timeline as store
from masterydesk.store.browse import COUNT_CAP, search_match, words_matcher
from masterydesk.store.timeline import ENTRY_KINDS, KINDS, TimelineFilter, TimelineRow

if TYPE_CHECKING:
    from masterydesk.store.database import Journal
    from masterydesk.store.snapshot import JournalSnapshot

__all__ = ["COUNT_CAP", "ENTRY_KINDS", "KINDS", "TimelineFilter", "TimelineRow"]

# What the promotions are computed from: a change to any of these computes them anew.
PROMOTIONS_DEPEND_ON = ("skills", "applications", "teaching", "settings")
# Promotions sit above the day's records; Mastery above Applied when both came the same day.
PROMOTION_RANK = {"applied": 5, "mastery": 6}  # by the Tier's value


def tier_promotions(journal: Journal) -> tuple[TimelineRow, ...]:
    """Every day a skill reached Applied or Mastery, newest first."""
    # Not on the way to the first paint: settings loads SQLAlchemy, and domain.records builds its 19
    # dataclasses (12 ms) when first imported.
    from masterydesk.domain.records import Tier
    from masterydesk.domain.tiers import tier_history
    from masterydesk.services.settings import read_rules

    with journal.reading() as connection:
        names, evidence = store.tier_evidence(connection)
        rules = read_rules(connection)
    promotions = []
    for skill_id, (seq, name) in names.items():
        history = tier_history(evidence[skill_id], rules)
        for tier, day in ((Tier.APPLIED, history.applied_on), (Tier.MASTERY, history.mastery_on)):
            if day is not None:
                text = f"{name} reached {tier.label}"
                promotions.append(TimelineRow("promotion", skill_id, day, PROMOTION_RANK[tier.value], seq, text, skills=name))
    return tuple(sorted(promotions, key=lambda row: row.key, reverse=True))


def _shown(promotions: tuple[TimelineRow, ...], where: TimelineFilter) -> list[TimelineRow]:
    """The promotions the filter lets through, in its order, marked with its search words."""
    if "promotion" not in where.kinds or where.contact_id is not None:
        return []
    words = where.words if search_match(where.words) else ""
    holds_words = words_matcher(words) if words else None
    shown = [
        TimelineRow(p.kind, p.id, p.date, p.rank, p.seq, p.text, words, p.skills)
        for p in promotions
        if (where.skill_id is None or p.id == where.skill_id)
        and (where.start is None or p.date >= where.start) and (where.end is None or p.date <= where.end)
        and (holds_words is None or holds_words(p.text))
    ]
    return shown if where.descending else shown[::-1]


def timeline_count(
    journal: Journal | JournalSnapshot, where: TimelineFilter, promotions: tuple[TimelineRow, ...] = ()
) -> dict[str, int]:
    """How many rows of each kind of record the timeline shows ("entry" for journal entries, "promotion").

    Search hits are counted up to COUNT_CAP + 1 in all.
    """
    with journal.reading() as connection:
        counts = store.count_rows(connection, where)
    shown = len(_shown(promotions, where))
    return {**counts, "promotion": shown} if shown else counts


def count_text(counts: dict[str, int], capped: bool = False) -> str:
    """What the timeline_count counts say under the list: the records (entries, when no other kind is
    counted), then the tiers reached, apart: they are the journal's reading of its records, not
    records, and the first look shows the records' count before they are computed. capped: the hits
    of a search, counted to COUNT_CAP."""
    promotions = counts.get("promotion", 0)
    kinds = {kind: count for kind, count in counts.items() if kind != "promotion"}
    total = sum(kinds.values())
    one, many = ("entry", "entries") if set(kinds) <= {"entry"} else ("record", "records")
    if capped and total + promotions > COUNT_CAP:
        return f"more than {COUNT_CAP:,} {many}"
    text = f"{total:,} {one if total == 1 else many}"
    if promotions:
        text += f", {promotions:,} {'tier' if promotions == 1 else 'tiers'} reached"
    return text


def timeline_page(
    journal: Journal | JournalSnapshot, where: TimelineFilter, after: tuple | None, limit: int,
    promotions: tuple[TimelineRow, ...] = (),
) -> list[TimelineRow]:
    """Up to `limit` rows past the key `after` (None: from the top), records and promotions merged by date."""
    with journal.reading() as connection:
        rows = store.read_page(connection, where, after, limit)
    later = [p for p in _shown(promotions, where) if after is None or _past(p.key, after, where.descending)]
    merged = sorted([*rows, *later[:limit]], key=lambda row: row.key, reverse=where.descending)
    return merged[:limit]


def _past(key: tuple, after: tuple, descending: bool) -> bool:
    """Whether a row with this key comes after the row keyed `after`, in the timeline's order."""
    return key < after if descending else key > after

"""A journal entry in one line, as `masterydesk log` takes it: text, kind, minutes, skills by name, a day.

The words are checked before anything is written (a refusal is one sentence and saves nothing);
the entry is saved through editing.save_records, the one write door.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from masterydesk.domain import records as r
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.ids import new_id
from masterydesk.domain.limits import FIELD_LIMITS, MINUTES
from masterydesk.services.editing import save_records
from masterydesk.services.figures import day_text, minutes_text
from masterydesk.store.readers import read_skills

if TYPE_CHECKING:
    from masterydesk.store.database import Journal

TEXT_LIMIT = FIELD_LIMITS[r.JournalEntry]["text"]


class EntryRefused(MasteryDeskError):
    """The words do not make an entry: the sentence says why, and nothing was saved."""


def _listed(names: Sequence[str], last: str = "and") -> str:
    """'SQL', 'SQL and Python', 'SQL, Python and Git'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {last} {names[-1]}"


def _choices(names: Sequence[str]) -> str:
    return _listed([f"'{name}'" for name in names], "or")


def close_names(typed: str, names: Iterable[str], most: int = 3) -> list[str]:
    """The names nearest to a typed one, case aside: those that contain it, then look-alikes."""
    by_folded = {name.casefold(): name for name in sorted(names)}
    folded = typed.strip().casefold()
    containing = [n for f, n in by_folded.items() if folded and folded in f]
    alike = [by_folded[f] for f in difflib.get_close_matches(folded, list(by_folded), n=most, cutoff=0.6)]
    return list(dict.fromkeys(containing + alike))[:most]


def skill_ids_named(typed_names: Sequence[str], skills: Sequence[r.Skill]) -> tuple[str, ...]:
    """The ids of the skills named (case aside), in the order given; an unknown name is refused."""
    by_name: dict[str, list[r.Skill]] = {}
    for skill in skills:
        by_name.setdefault(skill.name.strip().casefold(), []).append(skill)
    ids: list[str] = []
    for typed in typed_names:
        found = by_name.get(typed.strip().casefold(), [])
        if len(found) > 1:
            raise EntryRefused(f"{len(found)} skills are named '{typed.strip()}'; rename one in the app to log against it.")
        if not found:
            raise EntryRefused(_unknown_skill(typed, [s.name for s in skills]))
        if found[0].id not in ids:
            ids.append(found[0].id)
    return tuple(ids)


def _unknown_skill(typed: str, names: Sequence[str]) -> str:
    close = close_names(typed, names)
    if close:
        return f"No skill is named '{typed.strip()}'; did you mean {_choices(close)}?"
    if not names:
        return f"No skill is named '{typed.strip()}': the journal has no skills yet; add them in the app first."
    return f"No skill is named '{typed.strip()}', and none has a close name; add it in the app first."


def entry_from_words(
    text: str, *, kind: str, minutes: int, skill_names: Sequence[str], day: dt.date, private: bool,
    skills: Sequence[r.Skill],
) -> r.JournalEntry:
    """The entry the words describe, or EntryRefused saying what is wrong."""
    text = text.strip()
    if not text:
        raise EntryRefused("The entry has no text: write a few words about what you did.")
    if len(text) > TEXT_LIMIT:
        raise EntryRefused(f"The text is {len(text):,} characters long; an entry holds at most {TEXT_LIMIT:,}.")
    kinds = {k.value: k for k in r.EntryKind}
    entry_kind = kinds.get(kind.strip().casefold())
    if entry_kind is None:
        raise EntryRefused(f"'{kind}' is not a kind of entry: use {_choices(list(kinds))}.")
    if not 0 <= minutes <= MINUTES:
        raise EntryRefused(f"An entry records 0 to {MINUTES:,} minutes, not {minutes}.")
    if not r.FIRST_DAY <= day <= r.LAST_DAY:
        raise EntryRefused(
            f"{day.isoformat()} is outside the days a journal keeps "
            f"({r.FIRST_DAY.isoformat()} to {r.LAST_DAY.isoformat()})."
        )
    return r.JournalEntry(
        id=new_id("journal"), date=day, kind=entry_kind, text=text, minutes=minutes,
        skill_ids=skill_ids_named(skill_names, skills), private=private,
    )


def saved_sentence(entry: r.JournalEntry, skills: Sequence[r.Skill]) -> str:
    """What was saved, in one sentence: 'Saved a practice entry of 30 min on 6 Dec 2026 for SQL.'"""
    names = {s.id: s.name for s in skills}
    what = f"a private {entry.kind.value}" if entry.private else f"a {entry.kind.value}"
    length = f" of {minutes_text(entry.minutes)}" if entry.minutes else ""
    skills_part = f" for {_listed([names[i] for i in entry.skill_ids])}" if entry.skill_ids else ""
    return f"Saved {what} entry{length} on {day_text(entry.date)}{skills_part}."


def log_entry(
    journal: Journal, text: str, *, kind: str = "practice", minutes: int = 0, skill_names: Sequence[str] = (),
    day: dt.date, private: bool = False,
) -> tuple[r.JournalEntry, str]:
    """Save one entry from the words in one transaction; the entry and the sentence saying what was saved."""
    with journal.reading() as connection:
        skills = read_skills(connection)
    entry = entry_from_words(
        text, kind=kind, minutes=minutes, skill_names=skill_names, day=day, private=private, skills=skills,
    )
    save_records(journal, entry)
    return entry, saved_sentence(entry, skills)

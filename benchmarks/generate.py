"""A ten-year heavy journal in the portable format, generated deterministically and cached.

`scale` multiplies every collection's size (1.0 = the benchmark journal; tests use a tiny one).
`python -m benchmarks.generate` makes the cached files; delete benchmarks/out/ to make them anew.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from itertools import accumulate
from pathlib import Path

OUT = Path(__file__).parent / "out"
SEED = 20260101
START = dt.date(2016, 1, 1)
END = dt.date(2025, 12, 31)
DAYS = (END - START).days + 1

# Records per collection at scale 1.0, as the benchmark asks.
SIZES = {
    "skills": 300,
    "projects": 400,
    "contacts": 1500,
    "journal": 40_000,
    "applications": 15_000,
    "teaching": 3_000,
    "interactions": 6_000,
    "roles": 4,
    "checkins": 120,
}
COMMUNITY_SIZES = (40, 25)
WORDS_PER_ENTRY = (50, 400)

COMMON_WORDS = (
    "the a to of and in that it for on with was this is as I my at be by from had have not but we"
    " they what so an about when more some time today again how one which could would after then"
    " work team code data model review notes learned tried better slow fast found problem solution"
    " question idea feedback session meeting project client tests bug fix design plan next week"
    " understand explain read wrote built refactor query chart report metric goal progress habit"
    " focus energy tired good hard easy clearer harder simpler mentor peer skill pattern example"
).split()
SYLLABLES = "ka lo mi ner tas vel quo rin dus pha tem gro lin sar ob ex ul ic zen mor".split()
CATEGORIES = ("technical", "social", "strategic")
RELATIONSHIPS = ("mentor", "peer", "mentee", "accountability_partner", "coach", "industry")
STATUSES = ("planned", "active", "done", "dropped")
TEACHING_FORMATS = ("mentoring", "talk", "workshop", "code_review", "writing", "pairing", "other")
INTERACTION_KINDS = ("feedback", "meeting", "intro", "informational_interview", "review", "other")
ENTRY_KINDS = ("practice", "learning", "reflection")
TIERS = ("foundation", "applied", "mastery")


class Writer:
    """Deterministic random text and dates."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        # A long tail of made-up words after the common ones: search has rare words to find.
        rare = sorted({"".join(self.rng.choices(SYLLABLES, k=3)) for _ in range(4000)})
        self.vocabulary = COMMON_WORDS + rare
        self.cumulative = list(accumulate(1 / (rank + 1) for rank in range(len(self.vocabulary))))

    def words(self, count: int) -> str:
        return " ".join(self.rng.choices(self.vocabulary, cum_weights=self.cumulative, k=count))

    def sentence(self, low: int = 4, high: int = 14) -> str:
        return self.words(self.rng.randint(low, high)).capitalize() + "."

    def day(self, after: dt.date = START, before: dt.date = END) -> dt.date:
        return after + dt.timedelta(days=self.rng.randint(0, max(0, (before - after).days)))

    def some(self, population: list, most: int) -> list:
        """Up to `most` distinct items of the population."""
        return self.rng.sample(population, min(len(population), self.rng.randint(0, most)))

    def maybe(self, chance: float, value):
        return value if self.rng.random() < chance else None


def count(name: str, scale: float) -> int:
    return max(1, round(SIZES[name] * scale))


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def make_skills(w: Writer, n: int) -> list[dict]:
    """Skills learned one after another over the years; prerequisites only on earlier skills (acyclic)."""
    skills = []
    for i in range(n):
        learned = START + dt.timedelta(days=int(i * DAYS * 0.9 / n) + w.rng.randint(0, 30))
        earlier = [s["id"] for s in skills[-40:]]
        skills.append({
            "id": f"skill-{i:04d}",
            "name": f"{w.words(2).title()} {i}",
            "category": CATEGORIES[i % 3],
            "description": w.sentence(),
            "learned_on": iso(w.maybe(0.95, learned)),
            "prerequisites": w.some(earlier, 3),
            "archived": w.rng.random() < 0.03,
        })
    return skills


def make_projects(w: Writer, n: int) -> list[dict]:
    projects = []
    for i in range(n):
        started = w.day()
        status = w.rng.choice(STATUSES)
        ended = w.day(started, min(END, started + dt.timedelta(days=300))) if status in ("done", "dropped") else None
        projects.append({
            "id": f"project-{i:04d}", "name": f"Project {w.words(2)} {i}", "status": status,
            "description": w.sentence(), "role": w.rng.choice(("lead", "contributor", "reviewer", "")),
            "started_on": iso(started), "ended_on": iso(ended), "outcome": w.sentence() if ended else "",
        })
    return projects


def make_contacts(w: Writer, n: int, skill_ids: list[str]) -> list[dict]:
    return [
        {
            "id": f"contact-{i:05d}", "name": f"{w.words(1).title()} {w.words(1).title()} {i}",
            "relationship": w.rng.choices(RELATIONSHIPS, weights=(2, 6, 2, 1, 1, 4))[0],
            "email": f"person{i}@example.org", "organization": w.words(2).title(), "title": w.words(2),
            "skill_ids": w.some(skill_ids, 4),
            "follow_up_on": iso(w.maybe(0.2, w.day())), "notes": w.sentence(),
        }
        for i in range(n)
    ]


def make_communities(w: Writer, contact_ids: list[str]) -> list[dict]:
    return [
        {
            "id": f"community-{i}", "name": name, "focus": w.sentence(), "cadence_days": cadence,
            "member_ids": w.rng.sample(contact_ids, min(size, len(contact_ids))),
        }
        for i, (name, cadence, size) in enumerate(
            (("ML engineering guild", 14, COMMUNITY_SIZES[0]), ("Leadership mastermind", 30, COMMUNITY_SIZES[1]))
        )
    ]


def make_journal(w: Writer, n: int, skill_ids: list[str]) -> list[dict]:
    """Entries in date order, so their integer keys follow their dates as in real use."""
    days = sorted(w.day() for _ in range(n))
    entries = []
    for i, day in enumerate(days):
        text = w.words(w.rng.randint(*WORDS_PER_ENTRY))
        if w.rng.random() < 0.75:  # a frequent word with tens of thousands of hits, for search
            text = "Practice: " + text
        entries.append({
            "id": f"entry-{i:06d}", "date": iso(day), "kind": w.rng.choice(ENTRY_KINDS),
            "minutes": w.rng.randint(5, 180), "text": text,
            "skill_ids": w.some(skill_ids, 3), "private": w.rng.random() < 0.05,
        })
    return entries


def _learned(skill: dict) -> dt.date:
    return dt.date.fromisoformat(skill["learned_on"]) if skill["learned_on"] else START


def make_applications(w: Writer, n: int, skills: list[dict], projects: list[dict], reviewers: list[str]) -> list[dict]:
    """Mostly after the skill was learned; a few before (the metrics must cope)."""
    popular = w.rng.choices(skills, k=n, weights=[1 + (i % 7) ** 2 for i in range(len(skills))])
    applications = []
    for i, skill in enumerate(popular):
        start = START if w.rng.random() < 0.03 else _learned(skill)
        quality = w.maybe(0.6, w.rng.choices((1, 2, 3, 4, 5), weights=(1, 2, 4, 4, 2))[0])
        applications.append({
            "id": f"application-{i:05d}", "skill_id": skill["id"], "date": iso(w.day(start)),
            "project_id": w.maybe(0.8, w.rng.choice(projects)["id"]), "novel_context": w.rng.random() < 0.12,
            "quality": quality, "reviewer_id": w.maybe(0.5, w.rng.choice(reviewers)) if quality else None,
            "notes": w.sentence() if w.rng.random() < 0.5 else "",
        })
    return applications


def make_teaching(w: Writer, n: int, skills: list[dict], contact_ids: list[str]) -> list[dict]:
    """Teaching starts half a year after learning, on the older half of the skills."""
    taught = skills[: max(1, len(skills) // 2)]
    return [
        {
            "id": f"teaching-{i:05d}", "skill_id": skill["id"],
            "date": iso(w.day(min(END, _learned(skill) + dt.timedelta(days=180)))),
            "format": w.rng.choice(TEACHING_FORMATS), "audience_size": w.rng.choice((1, 1, 2, 5, 12, 40)),
            "rating": w.maybe(0.7, w.rng.choices((2, 3, 4, 5), weights=(1, 3, 5, 4))[0]),
            "contact_id": w.maybe(0.5, w.rng.choice(contact_ids)), "notes": w.sentence(),
        }
        for i, skill in enumerate(w.rng.choices(taught, k=n))
    ]


def make_ideas(w: Writer, day: dt.date) -> list[dict]:
    return [
        {"text": w.sentence(), "applied_on": iso(w.maybe(0.4, w.day(day, min(END, day + dt.timedelta(days=90)))))}
        for _ in range(w.rng.choices((0, 1, 2, 3), weights=(4, 3, 2, 1))[0])
    ]


def make_interactions(w: Writer, n: int, contact_ids: list[str], community_ids: list[str]) -> list[dict]:
    interactions = []
    for i in range(n):
        day = w.day()
        with_group = w.rng.random() < 0.15
        interactions.append({
            "id": f"interaction-{i:05d}", "date": iso(day), "kind": w.rng.choice(INTERACTION_KINDS),
            "contact_id": w.maybe(0.3 if with_group else 1.0, w.rng.choice(contact_ids)),
            "community_id": w.rng.choice(community_ids) if with_group else None,
            "notes": w.sentence(), "ideas": make_ideas(w, day),
        })
    return interactions


def make_roles(w: Writer, n: int, skill_ids: list[str], project_ids: list[str]) -> list[dict]:
    return [
        {
            "id": f"role-{i}", "title": f"{w.words(2).title()} lead {i}", "organization": w.words(1).title(),
            "target_date": iso(END + dt.timedelta(days=180 * (i + 1))),
            "created_on": iso(START + dt.timedelta(days=365 * (2 * i + 1))),  # one role every other year
            "requirements": [
                {"skill_id": s, "tier": w.rng.choice(TIERS[1:]), "weight": float(w.rng.randint(1, 3))}
                for s in w.rng.sample(skill_ids, min(12, len(skill_ids)))
            ],
            "milestone_project_ids": w.rng.sample(project_ids, min(3, len(project_ids))),
            "notes": w.sentence(),
        }
        for i in range(n)
    ]


def make_checkins(w: Writer, n: int) -> list[dict]:
    """Monthly, ending in the last month of the ten years."""
    months = [(END.year * 12 + END.month - 1) - k for k in range(n)][::-1]
    return [
        {
            "id": f"checkin-{i:04d}", "date": iso(dt.date(m // 12, m % 12 + 1, 1)),
            "working": w.sentence(), "adjust": w.sentence(), "notes": w.sentence(),
        }
        for i, m in enumerate(months)
    ]


def generate_document(scale: float = 1.0, seed: int = SEED) -> dict:
    """The portable document of a heavy ten-year journal; the same arguments give the same document."""
    w = Writer(seed)
    skills = make_skills(w, count("skills", scale))
    skill_ids = [s["id"] for s in skills]
    projects = make_projects(w, count("projects", scale))
    contacts = make_contacts(w, count("contacts", scale), skill_ids)
    contact_ids = [c["id"] for c in contacts]
    reviewers = [c["id"] for c in contacts if c["relationship"] in ("mentor", "peer", "coach")] or contact_ids
    communities = make_communities(w, contact_ids)
    return {
        "format": "masterydesk",
        "version": 1,
        "exported_at": f"{END.isoformat()}T18:00:00+00:00",
        "skills": skills,
        "projects": projects,
        "contacts": contacts,
        "communities": communities,
        "journal": make_journal(w, count("journal", scale), skill_ids),
        "applications": make_applications(w, count("applications", scale), skills, projects, reviewers),
        "teaching": make_teaching(w, count("teaching", scale), skills, contact_ids),
        "interactions": make_interactions(w, count("interactions", scale), contact_ids, [c["id"] for c in communities]),
        "roles": make_roles(w, count("roles", scale), skill_ids, [p["id"] for p in projects]),
        "checkins": make_checkins(w, count("checkins", scale)),
    }


def _name(scale: float) -> str:
    return "ten-year" if scale == 1.0 else f"ten-year-x{scale:g}"


def ten_year_document(folder: Path = OUT, scale: float = 1.0) -> Path:
    """The generated document as a JSON file (written once, then reused)."""
    path = Path(folder) / f"{_name(scale)}.json"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.partial")
    with temporary.open("w", encoding="utf-8") as stream:
        # Laid out as `masterydesk export` writes it, so import reads a realistic file.
        json.dump(generate_document(scale), stream, ensure_ascii=False, indent=1)
    os.replace(temporary, path)
    return path


def _at_head(path: Path) -> bool:
    """Whether a cached journal has this version's schema (an older one would be upgraded on open)."""
    import sqlite3

    from masterydesk.store.versions import head_revision

    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)
    finally:
        connection.close()


def ten_year_journal(path: Path | None = None, scale: float = 1.0) -> Path:
    """A SQLite journal of the generated document, cached with the document beside it; copy it to write."""
    path = Path(path) if path else OUT / f"{_name(scale)}.sqlite"
    if path.exists() and _at_head(path):
        return path
    from masterydesk.interchange.portable import document_to_bundle, read_document_file
    from masterydesk.services.transfer import import_bundle
    from masterydesk.store.database import open_journal

    document = read_document_file(ten_year_document(path.parent, scale))
    temporary = path.with_name(f".{path.name}.partial")
    for leftover in (temporary, *(temporary.with_name(temporary.name + s) for s in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    journal = open_journal(temporary, create=True)
    try:
        import_bundle(journal, document_to_bundle(document))
    finally:
        journal.close()  # closing the last connection checkpoints the WAL into the file
    os.replace(temporary, path)
    return path


if __name__ == "__main__":
    print(ten_year_journal())

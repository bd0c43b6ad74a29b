"""A small journal whose chart values were worked out by hand (see each test)."""

import datetime as dt

import pytest

from masterydesk.domain import records as r
from tests.builders import app, contact, fill, skill, teach

D = dt.date
TODAY = D(2024, 3, 31)  # a Sunday
FOUR_WEEKS = r.Window(D(2024, 3, 4), TODAY)  # Monday 4 March to Sunday 31 March: 28 days
PRIVATE_TEXT = "MY SECRET PLAN to leave the team"


@pytest.fixture
def small(journal):
    fill(
        journal,
        skills=[
            skill("sql", name="SQL", learned_on=D(2024, 3, 1)),
            skill("py", name="Python", learned_on=D(2024, 1, 1)),
            skill("talk", name="Public speaking", category=r.Category.SOCIAL, learned_on=D(2024, 3, 10)),
        ],
        contacts=[
            contact("c1", relationship=r.Relationship.MENTOR, skill_ids=("sql", "py"), follow_up_on=D(2024, 3, 1)),
            contact("c2", skill_ids=("sql",), follow_up_on=D(2024, 3, 25)),
            contact("c3", relationship=r.Relationship.COACH, skill_ids=("talk",)),
        ],
        projects=[r.Project("p1", "Dashboard", r.ProjectStatus.DONE)],
        applications=[
            app("a1", "sql", D(2024, 3, 5), reviewer_id="c1", quality=4),
            app("a2", "sql", D(2024, 3, 6)),
            app("a3", "sql", D(2024, 3, 12)),
            app("a4", "sql", D(2024, 3, 20), novel_context=True),
            app("a5", "py", D(2024, 2, 20)),
            app("a6", "py", D(2024, 3, 5)),
            app("a7", "py", D(2024, 3, 26)),
        ],
        teaching=[
            teach("t1", "sql", D(2024, 3, 8), audience_size=10, rating=5),
            teach("t2", "sql", D(2024, 3, 15), format=r.TeachingFormat.MENTORING, rating=4),
            teach("t3", "py", D(2024, 3, 28), audience_size=5),
            teach("t4", "sql", D(2024, 2, 10), format=r.TeachingFormat.WORKSHOP, audience_size=3, rating=3),
        ],
        journal=[
            r.JournalEntry("e1", D(2024, 3, 5), r.EntryKind.PRACTICE, "Window functions drill", 30, ("sql",)),
            r.JournalEntry("e2", D(2024, 3, 5), r.EntryKind.REFLECTION, PRIVATE_TEXT, private=True),
            r.JournalEntry("e3", D(2024, 3, 11), r.EntryKind.LEARNING, "Read about indexes", 20, ("py", "sql")),
        ],
        interactions=[
            r.Interaction("i1", D(2024, 3, 7), r.InteractionKind.MEETING, contact_id="c1",
                          ideas=(r.Idea("Keep a decision log", D(2024, 3, 20)), r.Idea("Pair weekly"))),
            r.Interaction("i2", D(2024, 2, 15), r.InteractionKind.FEEDBACK, contact_id="c2"),
            r.Interaction("i3", D(2024, 3, 21), r.InteractionKind.FEEDBACK, contact_id="c2"),
        ],
        roles=[
            r.Role("r1", "Data Lead", requirements=(
                r.Requirement("sql", r.Tier.APPLIED, 2), r.Requirement("py", r.Tier.APPLIED, 1),
            ), milestone_project_ids=("p1",)),
        ],
        checkins=[r.CheckIn("ck1", D(2024, 3, 3), "Morning practice block", "Ask for more reviews")],
    )
    return journal

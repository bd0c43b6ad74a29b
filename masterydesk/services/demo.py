"""The demo journal: two years of a data analyst growing into an ML engineer, made deterministically.

Everything is dated relative to `today`, so the demo always has a recent past to show; the same
`today` always gives the same journal.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from masterydesk.domain import records as r
from masterydesk.services.transfer import import_bundle
from masterydesk.store.database import open_journal

DAYS = 730
SEED = 20241

T, S, G = r.Category.TECHNICAL, r.Category.SOCIAL, r.Category.STRATEGIC

# id, name, category, prerequisites, day learning started (from the start), applications per week
SKILLS: tuple[tuple[str, str, r.Category, tuple[str, ...], int, float], ...] = (
    ("excel", "Spreadsheet modelling", T, (), -400, 0.4),
    ("sql", "SQL", T, (), -300, 1.6),
    ("python", "Python", T, (), -200, 1.8),
    ("statistics", "Statistics", T, (), -150, 0.8),
    ("git", "Git", T, (), 10, 1.0),
    ("pandas", "pandas", T, ("python",), 20, 1.4),
    ("data-viz", "Data visualisation", T, ("pandas",), 60, 0.9),
    ("testing", "Testing with pytest", T, ("python",), 120, 0.7),
    ("linear-algebra", "Linear algebra", T, (), 150, 0.3),
    ("data-pipelines", "Data pipelines", T, ("sql", "python"), 180, 0.9),
    ("experiment-design", "Experiment design", T, ("statistics",), 200, 0.5),
    ("machine-learning", "Machine learning", T, ("python", "statistics", "linear-algebra"), 240, 1.2),
    ("feature-engineering", "Feature engineering", T, ("pandas", "machine-learning"), 280, 0.8),
    ("model-evaluation", "Model evaluation", T, ("machine-learning", "statistics"), 300, 0.8),
    ("docker", "Docker", T, ("git",), 330, 0.6),
    ("deep-learning", "Deep learning", T, ("machine-learning",), 420, 0.6),
    ("pytorch", "PyTorch", T, ("deep-learning", "python"), 450, 0.6),
    ("cloud", "Cloud deployment (AWS)", T, ("docker",), 500, 0.4),
    ("mlops", "MLOps", T, ("machine-learning", "docker", "data-pipelines"), 560, 0.4),
    ("nlp", "Natural language processing", T, ("deep-learning",), DAYS - 26, 0.0),
    ("technical-writing", "Technical writing", S, (), 30, 0.5),
    ("presenting", "Presenting", S, (), 90, 0.4),
    ("stakeholder-communication", "Stakeholder communication", S, (), -100, 0.8),
    ("code-review", "Code review", S, ("python",), 160, 0.7),
    ("mentoring", "Mentoring", S, ("technical-writing",), 380, 0.3),
    ("active-listening", "Active listening", S, (), 250, 0.3),
    ("problem-framing", "Problem framing", G, (), 40, 0.6),
    ("prioritisation", "Prioritisation", G, ("problem-framing",), 210, 0.4),
    ("product-sense", "Product sense", G, ("problem-framing",), 350, 0.3),
    ("system-design", "ML system design", G, ("mlops", "data-pipelines"), 640, 0.25),
    ("roadmapping", "Roadmapping", G, ("prioritisation", "product-sense"), DAYS - 12, 0.0),
)

# Skills the user has taught, from which day, how often (events per month).
TEACHING: dict[str, tuple[int, float]] = {
    "sql": (120, 1.2), "python": (260, 1.0), "pandas": (300, 0.8), "statistics": (330, 0.5),
    "data-viz": (400, 0.6), "stakeholder-communication": (200, 0.4), "git": (250, 0.5),
    "code-review": (380, 0.7), "machine-learning": (560, 0.5), "technical-writing": (450, 0.4),
    "problem-framing": (600, 0.3),
}

# id, name, relationship, organization, title, supported skills
CONTACTS = (
    ("priya", "Priya Raman", r.Relationship.MENTOR, "Northwind Analytics", "Principal ML Engineer",
     ("machine-learning", "model-evaluation", "mlops", "system-design", "deep-learning")),
    ("marcus", "Marcus Webb", r.Relationship.MENTOR, "Fabrikam", "Head of Data",
     ("sql", "stakeholder-communication", "prioritisation", "product-sense")),
    ("lena", "Lena Hofmann", r.Relationship.PEER, "Northwind Analytics", "Data Scientist",
     ("python", "pandas", "statistics", "experiment-design", "machine-learning")),
    ("tomas", "Tomás Alvarez", r.Relationship.PEER, "Northwind Analytics", "Data Engineer",
     ("sql", "data-pipelines", "docker", "git", "cloud")),
    ("aisha", "Aisha Bello", r.Relationship.PEER, "Contoso", "ML Engineer",
     ("pytorch", "deep-learning", "mlops", "testing")),
    ("kenji", "Kenji Sato", r.Relationship.ACCOUNTABILITY_PARTNER, "", "Analytics Engineer",
     ("python", "technical-writing")),
    ("olivia", "Olivia Grant", r.Relationship.COACH, "Independent", "Career coach",
     ("presenting", "active-listening", "problem-framing")),
    ("sam", "Sam Okafor", r.Relationship.MENTEE, "Northwind Analytics", "Junior Analyst",
     ("sql", "pandas")),
    ("ines", "Inês Costa", r.Relationship.MENTEE, "Northwind Analytics", "Analyst", ("data-viz",)),
    ("david", "David Kim", r.Relationship.INDUSTRY, "Tailspin AI", "Staff ML Engineer",
     ("system-design", "mlops", "nlp")),
    ("rachel", "Rachel Stein", r.Relationship.INDUSTRY, "Woodgrove Bank", "Lead Data Scientist",
     ("experiment-design", "feature-engineering")),
    ("omar", "Omar Haddad", r.Relationship.PEER, "PyData meetup", "Software Engineer",
     ("testing", "code-review", "git", "docker")),
)

# id, name, status, started (day), ended (day or None), role, skills used, outcome
PROJECTS = (
    ("sales-dashboard", "Regional sales dashboard", r.ProjectStatus.DONE, 0, 90, "Analyst",
     ("sql", "excel", "data-viz", "stakeholder-communication"),
     "Weekly report replaced by a self-serve dashboard used by 40 managers."),
    ("churn-analysis", "Customer churn analysis", r.ProjectStatus.DONE, 80, 200, "Analyst",
     ("sql", "python", "pandas", "statistics", "problem-framing"),
     "Found three churn drivers; retention campaign targeted at two of them."),
    ("etl-rewrite", "Nightly ETL rewrite", r.ProjectStatus.DONE, 170, 300, "Analyst / engineer",
     ("python", "sql", "data-pipelines", "git", "testing"), "Nightly job from 3 h to 25 min, with tests."),
    ("pricing-test", "Pricing A/B test", r.ProjectStatus.DONE, 220, 320, "Analyst",
     ("experiment-design", "statistics", "stakeholder-communication", "prioritisation"),
     "Shipped the 2-tier price; +4 % revenue per visitor."),
    ("churn-model", "Churn prediction model", r.ProjectStatus.DONE, 280, 450, "Data scientist",
     ("machine-learning", "feature-engineering", "model-evaluation", "pandas", "code-review"),
     "Model in monthly use by the retention team; AUC 0.81."),
    ("demand-forecast", "Demand forecasting service", r.ProjectStatus.DONE, 430, 600, "ML engineer",
     ("machine-learning", "docker", "data-pipelines", "testing", "git", "cloud"),
     "Forecasts served daily to the supply team."),
    ("internal-wiki", "Analytics handbook", r.ProjectStatus.DROPPED, 300, 360, "Author",
     ("technical-writing",), "Paused when the team reorganised."),
    ("image-tagging", "Product image tagging", r.ProjectStatus.ACTIVE, 520, None, "ML engineer",
     ("deep-learning", "pytorch", "mlops", "model-evaluation", "product-sense"), ""),
    ("feature-store", "Feature store pilot", r.ProjectStatus.ACTIVE, 620, None, "ML engineer",
     ("mlops", "data-pipelines", "system-design", "cloud", "docker"), ""),
    ("support-nlp", "Support ticket triage with NLP", r.ProjectStatus.PLANNED, 740, None, "ML engineer",
     ("nlp", "pytorch", "roadmapping"), ""),
)

PRACTICE_NOTES = (
    "Worked through {skill} exercises for {minutes} minutes; the tricky part was {detail}.",
    "Deliberate practice on {skill}: rebuilt yesterday's solution from memory, then compared. {detail}.",
    "Timed drill on {skill}. Slower than I want on {detail}; repeat tomorrow.",
    "Paired with a colleague on {skill}. Took notes on {detail}.",
)
LEARNING_NOTES = (
    "Read a chapter on {skill}. Key idea: {detail}.",
    "Course module on {skill} finished. I want to try {detail} at work this week.",
    "Watched a talk about {skill}; {detail} changed how I think about it.",
)
REFLECTION_NOTES = (
    "Looking back at the week: {skill} is getting easier; {detail} still needs work.",
    "Feedback today made me rethink my approach to {skill}. Next time: {detail}.",
    "I notice I avoid {skill} when tired. Plan: {detail} first thing in the morning.",
)
DETAILS = (
    "window functions", "edge cases in the joins", "explaining the trade-offs", "naming things well",
    "vectorising the loop", "choosing the baseline", "writing the test first", "reading the error",
    "the confidence intervals", "keeping the scope small", "asking the second question",
    "checking the data before modelling", "setting up the experiment tracking",
)
IDEAS = (
    "Keep a decision log for every model release",
    "Write the evaluation plan before training",
    "Run a weekly data quality report",
    "Timebox exploration to two days",
    "Pair with the data engineer on schema changes",
    "Present results as decisions, not charts",
    "Try a shadow deployment before switching traffic",
    "Ask stakeholders for the decision the analysis should inform",
)


def _day(start: dt.date, offset: int) -> dt.date:
    return start + dt.timedelta(days=offset)


def _skills(start: dt.date) -> tuple[r.Skill, ...]:
    return tuple(
        r.Skill(
            id=sid, name=name, category=category, prerequisites=prereqs,
            learned_on=_day(start, learned), archived=(sid == "excel"),
            description=f"{name}: part of the path from data analyst to ML engineer.",
        )
        for sid, name, category, prereqs, learned, _rate in SKILLS
    )


def _projects(start: dt.date) -> tuple[r.Project, ...]:
    return tuple(
        r.Project(
            id=pid, name=name, status=status, started_on=_day(start, s),
            ended_on=_day(start, e) if e is not None else None, role=role, outcome=outcome,
            description=f"Skills: {', '.join(skills)}.",
        )
        for pid, name, status, s, e, role, skills, outcome in PROJECTS
    )


def _project_on(day_offset: int, skill_id: str) -> str | None:
    for pid, _n, status, s, e, _role, skills, _o in PROJECTS:
        if skill_id in skills and s <= day_offset <= (e if e is not None else DAYS) and status is not r.ProjectStatus.PLANNED:
            return pid
    return None


def _reviewer_for(skill_id: str, rng: random.Random) -> str | None:
    supporters = [c[0] for c in CONTACTS if skill_id in c[5] and c[2] is not r.Relationship.MENTEE]
    return rng.choice(supporters) if supporters and rng.random() < 0.3 else None


def _applications(start: dt.date, rng: random.Random) -> tuple[r.Application, ...]:
    out = []
    for sid, _name, _cat, _pre, learned, rate in SKILLS:
        first = max(0, learned + rng.randint(3, 25))
        for offset in range(first, DAYS + 1):
            # Use grows from a trickle to the skill's full rate over about four months.
            ramp = min(1.0, (offset - first + 7) / 120)
            if rng.random() >= rate * ramp / 7:
                continue
            reviewer = _reviewer_for(sid, rng)
            out.append(r.Application(
                id=f"app-{len(out) + 1:05d}", skill_id=sid, date=_day(start, offset),
                project_id=_project_on(offset, sid),
                novel_context=rng.random() < 0.12,
                quality=rng.choice((3, 4, 4, 5)) if reviewer else None,
                reviewer_id=reviewer,
                notes=f"Used {sid.replace('-', ' ')} " + rng.choice(("in a review", "to unblock the team", "on a deadline", "in a new setting")),
            ))
    return tuple(out)


def _teaching(start: dt.date, rng: random.Random) -> tuple[r.TeachingEvent, ...]:
    formats = list(r.TeachingFormat)
    mentees = ("sam", "ines")
    out = []
    for sid, (first, per_month) in TEACHING.items():
        for offset in range(first, DAYS + 1):
            if rng.random() >= per_month / 30:
                continue
            form = rng.choice(formats)
            out.append(r.TeachingEvent(
                id=f"teach-{len(out) + 1:04d}", skill_id=sid, date=_day(start, offset), format=form,
                audience_size=rng.choice((1, 1, 2, 5, 12, 30)) if form in (r.TeachingFormat.TALK, r.TeachingFormat.WORKSHOP) else 1,
                rating=rng.choice((None, 4, 4, 5, 5, 3)),
                contact_id=rng.choice(mentees) if form is r.TeachingFormat.MENTORING else None,
                notes=f"Taught {sid.replace('-', ' ')} ({form.value.replace('_', ' ')}).",
            ))
    return tuple(out)


def _contacts(start: dt.date, today: dt.date) -> tuple[r.Contact, ...]:
    follow_ups = {"priya": today - dt.timedelta(days=3), "david": today + dt.timedelta(days=9),
                  "olivia": today, "rachel": today - dt.timedelta(days=20)}
    return tuple(
        r.Contact(
            id=cid, name=name, relationship=rel, organization=org, title=title, skill_ids=skills,
            email=f"{cid}@example.org", follow_up_on=follow_ups.get(cid),
            notes="Met through work." if org else "Met at a meetup.",
        )
        for cid, name, rel, org, title, skills in CONTACTS
    )


def _communities() -> tuple[r.Community, ...]:
    return (
        r.Community("pydata", "PyData meetup", "Monthly talks on Python for data", 30,
                    ("lena", "omar", "aisha", "tomas")),
        r.Community("ml-mastermind", "ML mastermind", "Four engineers working towards senior ML roles",
                    14, ("aisha", "kenji", "lena", "david")),
    )


def _interactions(start: dt.date, rng: random.Random) -> tuple[r.Interaction, ...]:
    out = []
    contacts = [c[0] for c in CONTACTS]
    for offset in range(5, DAYS + 1):
        community = None
        if offset % 30 == 12 and offset > 60:
            community = "pydata"
        elif offset % 14 == 3 and offset > 360:
            community = "ml-mastermind"
        elif rng.random() >= 0.1:
            continue
        contact = None if community and rng.random() < 0.5 else rng.choice(contacts)
        kind = rng.choice(list(r.InteractionKind))
        if contact in ("david", "rachel") and rng.random() < 0.5:
            kind = r.InteractionKind.INFORMATIONAL_INTERVIEW
        ideas = ()
        if rng.random() < 0.35:
            applied = offset + rng.randint(3, 40)
            ideas = (r.Idea(rng.choice(IDEAS), _day(start, applied) if applied <= DAYS and rng.random() < 0.6 else None),)
        out.append(r.Interaction(
            id=f"int-{len(out) + 1:04d}", date=_day(start, offset), kind=kind, contact_id=contact,
            community_id=community, notes=f"{kind.value.replace('_', ' ').capitalize()}.", ideas=ideas,
        ))
    return tuple(out)


def _roles(start: dt.date) -> tuple[r.Role, ...]:
    A, M = r.Tier.APPLIED, r.Tier.MASTERY
    return (
        r.Role(
            "ml-engineer", "ML Engineer", "Tailspin AI", _day(start, DAYS + 120),
            (r.Requirement("python", M, 2), r.Requirement("machine-learning", M, 2),
             r.Requirement("mlops", A, 1.5), r.Requirement("docker", A), r.Requirement("pytorch", A),
             r.Requirement("system-design", A), r.Requirement("code-review", A),
             r.Requirement("stakeholder-communication", A)),
            ("demand-forecast", "image-tagging", "feature-store"),
            "The role David described: owning models from notebook to production.",
        ),
        r.Role(
            "senior-ds", "Senior Data Scientist", "Woodgrove Bank", _day(start, DAYS + 300),
            (r.Requirement("statistics", M, 2), r.Requirement("experiment-design", A, 1.5),
             r.Requirement("machine-learning", A), r.Requirement("feature-engineering", A),
             r.Requirement("presenting", A), r.Requirement("mentoring", A),
             r.Requirement("product-sense", A)),
            ("pricing-test", "churn-model"),
            "Fallback path: deeper in statistics and experimentation.",
        ),
    )


def _journal(start: dt.date, rng: random.Random) -> tuple[r.JournalEntry, ...]:
    out = []
    for offset in range(0, DAYS + 1):
        if rng.random() >= 0.55:
            continue
        learned = [s for s in SKILLS if s[4] <= offset]
        skill = rng.choice(learned[-12:] if learned else SKILLS)
        kind = rng.choices(list(r.EntryKind), weights=(6, 3, 2))[0]
        templates = {r.EntryKind.PRACTICE: PRACTICE_NOTES, r.EntryKind.LEARNING: LEARNING_NOTES,
                     r.EntryKind.REFLECTION: REFLECTION_NOTES}[kind]
        minutes = rng.choice((15, 20, 30, 45, 60, 90)) if kind is not r.EntryKind.REFLECTION else 10
        text = rng.choice(templates).format(skill=skill[1], minutes=minutes, detail=rng.choice(DETAILS))
        out.append(r.JournalEntry(
            id=f"entry-{len(out) + 1:05d}", date=_day(start, offset), kind=kind, text=text,
            minutes=minutes, skill_ids=(skill[0],), private=kind is r.EntryKind.REFLECTION and rng.random() < 0.3,
        ))
    return tuple(out)


def _checkins(start: dt.date, rng: random.Random) -> tuple[r.CheckIn, ...]:
    working = ("Daily 30-minute practice block", "Reviewing a peer's code every week",
               "Writing up each project in the handbook", "Mentoring Sam on SQL")
    adjust = ("Apply new skills within two weeks of learning them", "Ask for reviews more often",
              "Teach what I learn at the mastermind", "Fewer courses, more projects")
    return tuple(
        r.CheckIn(f"checkin-{n:02d}", _day(start, offset), rng.choice(working), rng.choice(adjust))
        for n, offset in enumerate(range(30, DAYS - 20, 30), start=1)
    )


def demo_bundle(today: dt.date) -> r.Bundle:
    """The whole demo journal, ending on today."""
    rng = random.Random(SEED)
    start = today - dt.timedelta(days=DAYS)
    return r.Bundle(
        skills=_skills(start), projects=_projects(start), contacts=_contacts(start, today),
        communities=_communities(), journal=_journal(start, rng), applications=_applications(start, rng),
        teaching=_teaching(start, rng), interactions=_interactions(start, rng), roles=_roles(start),
        checkins=_checkins(start, rng),
    )


def ready_demo_journal() -> Path:
    """The app's demo journal (the app and every command use the same one), made the first time."""
    from masterydesk.paths import demo_journal

    path = demo_journal()
    if not path.exists():
        create_demo_journal(path)
    else:  # one made by an earlier MasteryDesk is ours to upgrade, so that commands that only read can
        open_journal(path).close()
    return path


def create_demo_journal(path: Path, today: dt.date | None = None) -> None:
    """Write the demo journal to a new file at path."""
    journal = open_journal(path, create=True)
    try:
        import_bundle(journal, demo_bundle(today or dt.date.today()))
    finally:
        journal.close()

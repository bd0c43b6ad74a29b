"""JSON Resume export: skills with the tier they earned, résumé-worthy projects with dates, outcome and skills."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from masterydesk.domain.records import Project, ProjectStatus
from masterydesk.interchange.exporters import export_journal
from tests.builders import app, contact, fill, skill, teach

D = dt.date
# The top-level properties schema v1.0.0 allows (it allows no others).
RESUME_KEYS = {
    "$schema", "basics", "work", "volunteer", "education", "awards", "certificates", "publications",
    "skills", "languages", "interests", "references", "projects", "meta",
}
RESUME_DATE = re.compile(r"^([1-2][0-9]{3}-[0-1][0-9]-[0-3][0-9]|[1-2][0-9]{3}-[0-1][0-9]|[1-2][0-9]{3})$")


@pytest.fixture
def resume(journal, tmp_path) -> dict:
    fill(
        journal,
        skills=[
            skill("py", name="Python"), skill("sql", name="SQL"), skill("talk", name="Public speaking"),
            skill("old", name="Perl", archived=True),
        ],
        contacts=[contact("rev", name="Reviewer")],
        projects=[
            Project("etl", "ETL rewrite", ProjectStatus.DONE, "Moved the nightly jobs.", "Tech lead",
                    D(2024, 1, 8), D(2024, 4, 30), "- Cut run time from 6 h to 40 min\n* Zero missed loads since\n\n"),
            Project("dash", "Sales dashboard", ProjectStatus.ACTIVE, started_on=D(2024, 6, 1), ended_on=D(2024, 12, 1)),
            Project("idea", "Someday", ProjectStatus.PLANNED),
            Project("gone", "Abandoned", ProjectStatus.DROPPED, started_on=D(2023, 1, 1)),
        ],
        applications=[
            app("a1", "py", D(2024, 2, 1), project_id="etl"),
            app("a2", "py", D(2024, 3, 1), project_id="etl", reviewer_id="rev", quality=4),
            app("a3", "py", D(2024, 4, 1), project_id="dash"),
            *(app(f"t{i}", "talk", D(2024, i, 2), reviewer_id="rev", quality=5, novel_context=i == 3) for i in (1, 2, 3)),
            app("s1", "sql", D(2024, 2, 2), project_id="etl"),
        ],
        teaching=[teach(f"te{i}", "talk", D(2024, 5, i), rating=5) for i in (1, 2, 3)],
    )
    return json.loads(export_journal(journal, tmp_path / "resume.json", "jsonresume").read_text("utf-8"))


def test_skills_carry_their_tier_as_level_highest_first(resume):
    assert resume["skills"] == [
        {"name": "Public speaking", "level": "Mastery", "keywords": ["technical"]},
        {"name": "Python", "level": "Applied", "keywords": ["technical"]},
        {"name": "SQL", "level": "Foundation", "keywords": ["technical"]},
    ]


def test_done_and_active_projects_with_dates_outcome_and_skills(resume):
    assert resume["projects"] == [
        {"name": "Sales dashboard", "keywords": ["Python"], "startDate": "2024-06-01"},
        {
            "name": "ETL rewrite", "description": "Moved the nightly jobs.",
            "highlights": ["Cut run time from 6 h to 40 min", "Zero missed loads since"],
            "keywords": ["Python", "SQL"], "startDate": "2024-01-08", "endDate": "2024-04-30", "roles": ["Tech lead"],
        },
    ]


def test_the_document_keeps_to_the_schema(resume):
    assert set(resume) <= RESUME_KEYS
    assert resume["$schema"].endswith("/v1.0.0/schema.json")
    dates = [p[k] for p in resume["projects"] for k in ("startDate", "endDate") if k in p]
    assert dates and all(RESUME_DATE.match(d) for d in dates)
    assert dt.datetime.fromisoformat(resume["meta"]["lastModified"])

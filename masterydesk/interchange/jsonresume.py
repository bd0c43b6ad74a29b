"""JSON Resume export (jsonresume.org schema v1.0.0): skills with their tier, projects with dates and outcome."""

from __future__ import annotations

import datetime as dt

from masterydesk.domain.records import Bundle, Project, ProjectStatus, Tier

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
SCHEMA_VERSION = "v1.0.0"
# Planned and dropped projects are not evidence for a résumé.
RESUME_STATUSES = (ProjectStatus.DONE, ProjectStatus.ACTIVE)


def skill_items(bundle: Bundle, tiers: dict[str, Tier]) -> list[dict]:
    """Skills started and not archived, highest tier first: name, level (the tier), keywords (the category)."""
    skills = [s for s in bundle.skills if not s.archived and tiers.get(s.id, Tier.NONE) is not Tier.NONE]
    ordered = sorted(skills, key=lambda s: (-tiers.get(s.id, Tier.NONE).ordinal, s.name.casefold()))
    return [
        {"name": s.name, "level": tiers.get(s.id, Tier.NONE).label, "keywords": [s.category.value]}
        for s in ordered
    ]


def _highlights(outcome: str) -> list[str]:
    # An outcome written as a list ("- cut costs 30%") becomes one highlight per line.
    lines = (line.strip().lstrip("-*•").strip() for line in outcome.splitlines())
    return [line for line in lines if line]


def project_item(project: Project, skill_names: list[str]) -> dict:
    """One project: name, description, highlights from the outcome, dates, role, skills applied."""
    item: dict = {"name": project.name}
    if project.description:
        item["description"] = project.description
    if highlights := _highlights(project.outcome):
        item["highlights"] = highlights
    if skill_names:
        item["keywords"] = skill_names
    if project.started_on:
        item["startDate"] = project.started_on.isoformat()
    if project.ended_on and project.status is ProjectStatus.DONE:
        item["endDate"] = project.ended_on.isoformat()
    if project.role:
        item["roles"] = [project.role]
    return item


def project_items(bundle: Bundle) -> list[dict]:
    """Done and active projects, newest first, each with the skills applied in it."""
    names = {skill.id: skill.name for skill in bundle.skills}
    applied: dict[str, set[str]] = {}
    for application in bundle.applications:
        if application.project_id:
            applied.setdefault(application.project_id, set()).add(names[application.skill_id])
    projects = [p for p in bundle.projects if p.status in RESUME_STATUSES]
    projects.sort(key=lambda p: (p.started_on or dt.date.min, p.name.casefold()), reverse=True)
    return [project_item(p, sorted(applied.get(p.id, ()), key=str.casefold)) for p in projects]


def resume_document(bundle: Bundle, tiers: dict[str, Tier], now: dt.datetime) -> dict:
    """The résumé: skills and projects; the user adds basics, work and education in their résumé tool."""
    return {
        "$schema": SCHEMA_URL,
        "skills": skill_items(bundle, tiers),
        "projects": project_items(bundle),
        "meta": {"version": SCHEMA_VERSION, "lastModified": now.replace(microsecond=0).isoformat()},
    }

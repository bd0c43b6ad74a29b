"""Role templates: a target role with its skills, prerequisites and required tiers, as data files.

The built-in templates are JSON files in resources/templates; a file of the same form in the
data folder's `templates` folder adds a template, or replaces the built-in one of the same name.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from masterydesk.domain import records as r
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.ids import new_id
from masterydesk.domain.validation import find_cycle
from masterydesk.paths import data_folder
from masterydesk.services.resources import resource_path

FORMAT = "masterydesk-role-template-1"
MIN_SKILLS = 8
MAX_SKILLS = 15
DAYS_PER_MONTH = 30.44


class TemplateError(MasteryDeskError):
    """A role template file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True, slots=True)
class TemplateSkill:
    key: str
    name: str
    category: r.Category
    description: str
    prerequisites: tuple[str, ...]
    required_tier: r.Tier
    weight: float


@dataclass(frozen=True, slots=True)
class RoleTemplate:
    key: str
    label: str
    title: str
    summary: str
    months: int
    skills: tuple[TemplateSkill, ...]


def template_folders() -> list[Path]:
    """The built-in templates first, then the user's own (which win on equal names)."""
    return [resource_path("templates"), data_folder() / "templates"]


def list_templates(folders: Sequence[Path] | None = None) -> list[RoleTemplate]:
    """Every template in the folders, by label; a broken file raises TemplateError."""
    found: dict[str, RoleTemplate] = {}
    for folder in template_folders() if folders is None else folders:
        for path in sorted(Path(folder).glob("*.json")):
            found[path.stem] = load_template(path)
    return sorted(found.values(), key=lambda template: template.label.casefold())


def load_template(path: Path) -> RoleTemplate:
    """Read and check one template file."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TemplateError(f"The role template {Path(path).name} cannot be read: {error}.") from error
    return parse_template(Path(path).stem, document, Path(path).name)


def parse_template(key: str, document: Any, source: str) -> RoleTemplate:
    """A template from its JSON document, or TemplateError naming what is wrong."""
    reader = _Reader(source)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        reader.fail("format", f"it must be \"{FORMAT}\"")
    skills = document.get("skills")
    if not isinstance(skills, list) or not MIN_SKILLS <= len(skills) <= MAX_SKILLS:
        reader.fail("skills", f"a template lists {MIN_SKILLS} to {MAX_SKILLS} skills")
    template = RoleTemplate(
        key=key,
        label=reader.text(document, "label"),
        title=reader.text(document, "title"),
        summary=reader.text(document, "summary"),
        months=reader.number(document, "months", int, 1, 120),
        skills=tuple(_parse_skill(reader, item, n) for n, item in enumerate(skills)),
    )
    _check_skill_set(reader, template.skills)
    return template


def _parse_skill(reader: _Reader, item: Any, index: int) -> TemplateSkill:
    where = f"skills[{index}]"
    if not isinstance(item, dict):
        reader.fail(where, "each skill is an object")
    prerequisites = item.get("prerequisites", [])
    if not isinstance(prerequisites, list) or not all(isinstance(p, str) for p in prerequisites):
        reader.fail(f"{where}.prerequisites", "it must be a list of skill keys")
    return TemplateSkill(
        key=reader.text(item, "key", where),
        name=reader.text(item, "name", where),
        category=reader.choice(item, "category", r.Category, where),
        description=reader.text(item, "description", where),
        prerequisites=tuple(prerequisites),
        required_tier=reader.choice(item, "required_tier", r.Tier, where),
        weight=reader.number(item, "weight", float, 0.1, 100, where),
    )


def _check_skill_set(reader: _Reader, skills: tuple[TemplateSkill, ...]) -> None:
    keys = [skill.key for skill in skills]
    for key in keys:
        if keys.count(key) > 1:
            reader.fail("skills", f"the key \"{key}\" is used more than once")
    for skill in skills:
        for prerequisite in skill.prerequisites:
            if prerequisite not in keys:
                reader.fail(f"{skill.key}.prerequisites", f"no skill has the key \"{prerequisite}\"")
    missing = set(r.Category) - {skill.category for skill in skills}
    if missing:
        reader.fail("skills", "a template needs technical, social and strategic skills; "
                    f"it has no {', '.join(sorted(missing))} skill")
    cycle = find_cycle({skill.key: skill.prerequisites for skill in skills})
    if cycle:
        reader.fail("prerequisites", "they form a cycle (" + " → ".join(cycle) + ")")


class _Reader:
    """Reads typed fields from a template document; each failure names the file and the field."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, field: str, problem: str) -> NoReturn:
        raise TemplateError(f"The role template {self.source} is not valid: in '{field}', {problem}.")

    def text(self, data: dict, name: str, where: str = "") -> str:
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            self.fail(_field(where, name), "a non-empty text is needed")
        return value.strip()

    def choice(self, data: dict, name: str, kind: type, where: str):
        try:
            return kind(data.get(name))
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            self.fail(_field(where, name), f"it must be one of {allowed}")

    def number(self, data: dict, name: str, kind: type, low: float, high: float, where: str = ""):
        value = data.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            self.fail(_field(where, name), f"it must be a number from {low:g} to {high:g}")
        if kind is int and value != int(value):
            self.fail(_field(where, name), "it must be a whole number")
        return kind(value)


def _field(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def skill_ids(template: RoleTemplate) -> dict[str, str]:
    """Fresh record ids for the template's skills, by skill key."""
    return {skill.key: new_id("skills") for skill in template.skills}


def template_records(
    template: RoleTemplate,
    held: Mapping[str, dt.date | None],
    today: dt.date,
    ids: Mapping[str, str] | None = None,
) -> tuple[r.Skill | r.Role, ...]:
    """The template's skills (learning dates from `held`) and its target role, ready to save."""
    ids = ids or skill_ids(template)
    unknown = set(held) - set(ids)
    if unknown:
        raise ValueError(f"{template.key} has no skill {', '.join(sorted(unknown))}")
    for key, started in held.items():
        if started is not None and started > today:
            raise ValueError(f"learning {key} cannot have started after {today}")
    skills = tuple(
        r.Skill(
            id=ids[skill.key],
            name=skill.name,
            category=skill.category,
            description=skill.description,
            learned_on=held.get(skill.key),
            prerequisites=tuple(ids[p] for p in skill.prerequisites),
        )
        for skill in template.skills
    )
    role = r.Role(
        id=new_id("roles"),
        title=template.title,
        target_date=today + dt.timedelta(days=round(template.months * DAYS_PER_MONTH)),
        requirements=tuple(
            r.Requirement(ids[skill.key], skill.required_tier, skill.weight) for skill in template.skills
        ),
        notes=template.summary,
    )
    return (*skills, role)

"""Every built-in role template loads, is well formed, and makes records a journal accepts."""

import datetime as dt
import json

import pytest

from masterydesk.domain import records as r
from masterydesk.domain.validation import find_cycle
from masterydesk.services.editing import bundle_of
from masterydesk.services.resources import resource_path
from masterydesk.services.templates import (
    TemplateError,
    list_templates,
    load_template,
    skill_ids,
    template_records,
)
from masterydesk.services.transfer import export_bundle, import_bundle

TODAY = dt.date(2025, 6, 30)
BUILT_IN = sorted(resource_path("templates").glob("*.json"))
REQUIRED_PATHS = {
    "software-engineer-senior", "data-analyst-to-data-scientist", "product-manager",
    "ux-designer", "engineering-manager", "marketing-specialist",
}


def test_the_six_required_role_paths_are_built_in():
    assert REQUIRED_PATHS <= {path.stem for path in BUILT_IN}


@pytest.mark.parametrize("path", BUILT_IN, ids=lambda path: path.stem)
def test_template_is_well_formed(path):
    template = load_template(path)
    keys = {skill.key for skill in template.skills}
    assert 8 <= len(template.skills) <= 15
    assert {skill.category for skill in template.skills} == set(r.Category)
    assert all(set(skill.prerequisites) <= keys for skill in template.skills)
    assert find_cycle({skill.key: skill.prerequisites for skill in template.skills}) is None
    assert any(skill.prerequisites for skill in template.skills)
    assert all(isinstance(skill.required_tier, r.Tier) and skill.weight > 0 for skill in template.skills)


@pytest.mark.parametrize("path", BUILT_IN, ids=lambda path: path.stem)
def test_template_records_import_into_a_journal(journal, path):
    template = load_template(path)
    first, second = template.skills[0], template.skills[1]
    held = {first.key: dt.date(2024, 1, 15), second.key: None}
    import_bundle(journal, bundle_of(template_records(template, held, TODAY)))
    saved = export_bundle(journal)
    by_name = {skill.name: skill for skill in saved.skills}
    assert set(by_name) == {skill.name for skill in template.skills}
    assert by_name[first.name].learned_on == dt.date(2024, 1, 15)
    assert by_name[second.name].learned_on is None
    (role,) = saved.roles
    assert role.title == template.title
    assert role.target_date > TODAY
    assert [q.tier for q in role.requirements] == [s.required_tier for s in template.skills]


def test_prerequisites_point_at_the_new_skill_records():
    template = next(t for t in list_templates() if t.key == "software-engineer-senior")
    ids = skill_ids(template)
    records = template_records(template, {}, TODAY, ids)
    review = next(x for x in records if isinstance(x, r.Skill) and x.id == ids["code-review"])
    assert set(review.prerequisites) == {ids["code-design"], ids["automated-testing"]}


def test_a_learning_date_after_today_is_refused():
    template = list_templates()[0]
    with pytest.raises(ValueError, match="after"):
        template_records(template, {template.skills[0].key: TODAY + dt.timedelta(days=1)}, TODAY)


def _write(folder, name, document):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(document), encoding="utf-8")


def _builtin_document(stem="product-manager"):
    return json.loads(resource_path("templates", f"{stem}.json").read_text(encoding="utf-8"))


def test_a_template_in_the_data_folder_is_added_without_code(isolated_home):
    document = _builtin_document()
    document["label"] = "Staff product manager"
    _write(isolated_home / "templates", "staff-product-manager", document)
    labels = [template.label for template in list_templates()]
    assert "Staff product manager" in labels and "Product manager" in labels


def test_a_prerequisite_cycle_is_refused_naming_the_file(tmp_path):
    document = _builtin_document()
    skills = {skill["key"]: skill for skill in document["skills"]}
    skills["customer-interviews"]["prerequisites"] = ["roadmapping"]
    _write(tmp_path, "circular", document)
    with pytest.raises(TemplateError, match=r"circular\.json.*cycle"):
        list_templates([tmp_path])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["skills"][0].update(required_tier="expert"), "required_tier"),
        (lambda d: d["skills"][0].update(prerequisites=["nowhere"]), "nowhere"),
        (lambda d: d.update(skills=d["skills"][:5]), "8 to 15"),
        (lambda d: d.update(format="something else"), "format"),
        (lambda d: [s.update(category="technical") for s in d["skills"]], "social"),
    ],
    ids=["tier", "reference", "count", "format", "categories"],
)
def test_a_broken_template_is_refused_with_the_field_named(tmp_path, change, message):
    document = _builtin_document()
    change(document)
    _write(tmp_path, "broken", document)
    with pytest.raises(TemplateError, match=message):
        load_template(tmp_path / "broken.json")

"""Rules records must keep: each record's own (dates in order, someone to meet…), ids unique,
references resolved, no prerequisite cycle. Dialogs, saves and imports all check these."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from masterydesk.domain.errors import InvalidRecord
from masterydesk.domain.limits import too_long
from masterydesk.domain import records as r
from masterydesk.domain.records import Bundle

# (collection, field, target collection) for every single-valued or list reference.
REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("skills", "prerequisites", "skills"),
    ("contacts", "skill_ids", "skills"),
    ("communities", "member_ids", "contacts"),
    ("journal", "skill_ids", "skills"),
    ("applications", "skill_id", "skills"),
    ("applications", "project_id", "projects"),
    ("applications", "reviewer_id", "contacts"),
    ("teaching", "skill_id", "skills"),
    ("teaching", "contact_id", "contacts"),
    ("interactions", "contact_id", "contacts"),
    ("interactions", "community_id", "communities"),
    ("roles", "milestone_project_ids", "projects"),
)


def _as_ids(value: object) -> Iterable[str]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return value  # type: ignore[return-value]


# --- each record's own rules ------------------------------------------------------------------


def _project_dates(project: r.Project) -> tuple[str, str] | None:
    if project.started_on and project.ended_on and project.ended_on < project.started_on:
        return "ended_on", "the project cannot end before it started"
    return None


def _contact_email(contact: r.Contact) -> tuple[str, str] | None:
    if contact.email and "@" not in contact.email:
        return "email", f"'{contact.email}' is not an email address"
    return None


def _interaction_someone(interaction: r.Interaction) -> tuple[str, str] | None:
    if not interaction.contact_id and not interaction.community_id:
        return "contact_id", "an interaction is with a contact, a community, or both; pick at least one"
    return None


def _ideas_after_interaction(interaction: r.Interaction) -> tuple[str, str] | None:
    for idea in interaction.ideas:
        if idea.applied_on is not None and idea.applied_on < interaction.date:
            return ("ideas.applied_on", "an idea cannot be applied before the interaction it came from "
                    f"({interaction.date.isoformat()})")
    return None


def _not_own_prerequisite(skill: r.Skill) -> tuple[str, str] | None:
    if skill.id in skill.prerequisites:
        return "prerequisites", "a skill cannot be its own prerequisite"
    return None


def _requirements_name_a_tier(role: r.Role) -> tuple[str, str] | None:
    for requirement in role.requirements:
        if requirement.tier not in r.REQUIRED_TIERS:
            return "requirements.tier", "a requirement asks for Foundation, Applied or Mastery"
    return None


RECORD_RULES = {
    r.Role: (_requirements_name_a_tier,),
    r.Project: (_project_dates,),
    r.Contact: (_contact_email,),
    r.Interaction: (_interaction_someone, _ideas_after_interaction),
    r.Skill: (_not_own_prerequisite,),
}


def broken_rule(record: object) -> tuple[str, str] | None:
    """The first of its own rules the record breaks, as (field, problem), or None."""
    for rule in (too_long, *RECORD_RULES.get(type(record), ())):
        found = rule(record)
        if found:
            return found
    return None


def check_record_rules(bundle: Bundle) -> None:
    """Every record keeps its own rules."""
    for collection in Bundle.__dataclass_fields__:
        for record in getattr(bundle, collection):
            found = broken_rule(record)
            if found:
                raise InvalidRecord(collection, record.id, *found)


def check_unique_ids(bundle: Bundle) -> None:
    """Each id appears once in its collection."""
    for collection in Bundle.__dataclass_fields__:
        counts = Counter(record.id for record in getattr(bundle, collection))
        for record_id, count in counts.items():
            if count > 1:
                raise InvalidRecord(collection, record_id, "id", f"the id is used {count} times")


def check_references(bundle: Bundle, existing: Mapping[str, set[str]]) -> None:
    """Every reference names a record of the bundle or one already in the journal."""
    known = {
        name: {r.id for r in getattr(bundle, name)} | existing.get(name, set())
        for name in Bundle.__dataclass_fields__
    }
    for collection, field, target in REFERENCES:
        for record in getattr(bundle, collection):
            for ref in _as_ids(getattr(record, field)):
                if ref not in known[target]:
                    raise InvalidRecord(
                        collection, record.id, field, f"no {target} record has the id '{ref}'"
                    )
    for role in bundle.roles:
        for requirement in role.requirements:
            if requirement.skill_id not in known["skills"]:
                raise InvalidRecord(
                    "roles", role.id, "requirements.skill_id",
                    f"no skills record has the id '{requirement.skill_id}'",
                )


def find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A cycle in skill -> prerequisites, as the list of ids around it, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    for root in graph:
        if state.get(root):
            continue
        path = [root]
        stack = [iter(graph.get(root, ()))]
        state[root] = 1
        while stack:
            child = next(stack[-1], None)
            if child is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(child) == 1:
                return path[path.index(child):] + [child]
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append(iter(graph.get(child, ())))
    return None


def check_prerequisite_cycles(bundle: Bundle, existing: Mapping[str, Iterable[str]]) -> None:
    """Prerequisites, the bundle's merged over the journal's, form no cycle."""
    graph = {skill_id: list(prereqs) for skill_id, prereqs in existing.items()}
    graph.update({skill.id: list(skill.prerequisites) for skill in bundle.skills})
    cycle = find_cycle(graph)
    if cycle:
        raise InvalidRecord(
            "skills", cycle[0], "prerequisites",
            "the prerequisites form a cycle (" + " → ".join(cycle) + ")",
        )


def check_bundle(
    bundle: Bundle,
    existing_ids: Mapping[str, set[str]] | None = None,
    existing_prerequisites: Mapping[str, Iterable[str]] | None = None,
) -> None:
    """Raise InvalidRecord for the first rule the bundle breaks."""
    check_record_rules(bundle)
    check_unique_ids(bundle)
    check_references(bundle, existing_ids or {})
    check_prerequisite_cycles(bundle, existing_prerequisites or {})


def referenced_ids(bundle: Bundle) -> dict[str, set[str]]:
    """Every id the bundle's records refer to, by the collection it must be found in."""
    wanted: dict[str, set[str]] = {}
    for collection, field, target in REFERENCES:
        for record in getattr(bundle, collection):
            wanted.setdefault(target, set()).update(_as_ids(getattr(record, field)))
    for role in bundle.roles:
        wanted.setdefault("skills", set()).update(q.skill_id for q in role.requirements)
    return wanted

"""Rules a set of records must keep: ids unique, references resolved, no prerequisite cycle."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from masterydesk.domain.errors import InvalidRecord
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

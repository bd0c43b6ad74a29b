"""The write door: a save checks every rule, and returns what undoing it needs, read in its own transaction."""

from __future__ import annotations

import dataclasses

import pytest

from masterydesk.domain.errors import InvalidRecord
from masterydesk.domain import records as r
from masterydesk.services.editing import save_with_undo, undo_saving
from masterydesk.services.transfer import export_bundle
from tests.builders import D, app, contact, fill, skill


def test_undoing_a_save_removes_what_it_added_and_restores_what_it_changed(journal):
    fill(journal, skills=[skill("sql", name="SQL")], contacts=[contact("ada", name="Ada")])
    renamed = dataclasses.replace(export_bundle(journal).skills[0], name="Structured Query Language")
    saving = save_with_undo(journal, renamed, app("a1", "sql", D(2024, 3, 1)))
    assert saving.created == {"skills": (), "applications": ("a1",)}
    assert [s.name for s in saving.before.skills] == ["SQL"]
    assert [s.name for s in export_bundle(journal).skills] == ["Structured Query Language"]

    changes = undo_saving(journal, saving)

    after = export_bundle(journal)
    assert [s.name for s in after.skills] == ["SQL"] and after.applications == ()
    assert changes.affects("skills") and changes.affects("applications")


@pytest.mark.parametrize("record, field", [
    (r.Interaction("i1", D(2024, 1, 2), r.InteractionKind.MEETING), "contact_id"),
    (r.Project("p1", "P", r.ProjectStatus.DONE, started_on=D(2024, 2, 1), ended_on=D(2024, 1, 1)), "ended_on"),
    (r.Interaction("i2", D(2024, 1, 5), r.InteractionKind.FEEDBACK, contact_id="ada",
                   ideas=(r.Idea("early", D(2024, 1, 1)),)), "ideas.applied_on"),
])
def test_a_save_that_breaks_a_record_rule_is_refused_whole(journal, record, field):
    fill(journal, contacts=[contact("ada")])
    before = export_bundle(journal)
    with pytest.raises(InvalidRecord) as refused:
        save_with_undo(journal, skill("new"), record)
    assert refused.value.field == field
    assert export_bundle(journal) == before  # not even the valid skill beside it was saved


def test_the_portable_schema_states_the_domains_field_limits():
    from masterydesk.domain import limits
    from masterydesk.interchange import portable

    definitions = portable.schema()["$defs"]
    stated = {
        "id": definitions["id"]["maxLength"], "name": definitions["name"]["maxLength"],
        "text": definitions["text"]["maxLength"],
        "email": definitions["contact"]["properties"]["email"]["maxLength"],
        "focus": definitions["community"]["properties"]["focus"]["maxLength"],
        "idea": definitions["interaction"]["properties"]["ideas"]["items"]["properties"]["text"]["maxLength"],
    }
    assert stated == {"id": limits.ID, "name": limits.NAME, "text": limits.TEXT, "email": limits.EMAIL,
                      "focus": limits.FOCUS, "idea": limits.IDEA}


def test_a_save_refuses_a_field_longer_than_the_domain_allows(journal):
    with pytest.raises(InvalidRecord, match=r"field 'email': it is longer than 320 characters"):
        save_with_undo(journal, contact("ada", email="a@" + "x" * 400))
    assert export_bundle(journal).contacts == ()

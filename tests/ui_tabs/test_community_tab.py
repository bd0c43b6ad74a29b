"""Contacts, communities, interactions and their ideas in the Community tab."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from masterydesk.domain import records as r
from tests.builders import contact, skill
from tests.ui_tabs.driving import cells, choose, click, file_bundle, open_tab, seed, type_into

D = dt.date
TODAY = D.today()


def with_an_interaction(window, ideas=()):
    """Ann, met on 2025-03-01 with the given ideas; the tab open with the interaction selected."""
    seed(window, contacts=[contact("ann", name="Ann", organization="Acme")],
         interactions=[r.Interaction("i1", D(2025, 3, 1), r.InteractionKind.FEEDBACK, contact_id="ann",
                                     notes="Code review feedback", ideas=tuple(ideas))])
    tab = open_tab(window, 4)
    tab.select_record("interactions", "i1")
    return tab


def select_idea(tab, row: int) -> None:
    tab.ideas_view.setCurrentIndex(tab.ideas_model.index(row, 0))


def test_add_a_contact_an_interaction_and_an_idea_then_mark_it_applied(qtbot, window, journal_path):
    seed(window, skills=[skill("sql", name="SQL")])
    tab = open_tab(window, 4)
    click(qtbot, tab.add_contact_button)
    dialog = tab.dialog
    type_into(qtbot, dialog.editors["name"], "Ann Lee")
    type_into(qtbot, dialog.editors["organization"], "Acme")
    choose(dialog.editors["relationship"], r.Relationship.MENTOR)
    type_into(qtbot, dialog.editors["skill_ids"].picker, "SQL")
    QTest.keyClick(dialog.editors["skill_ids"].picker.lineEdit(), Qt.Key.Key_Return)
    click(qtbot, dialog.save_button)
    assert cells(tab.contacts, 0) == ["Ann Lee"] and cells(tab.contacts, 5) == ["SQL"]
    assert tab.interactions_heading.text() == "Interactions with Ann Lee"
    ann = file_bundle(journal_path).contacts[0]
    assert (ann.name, ann.relationship, ann.skill_ids) == ("Ann Lee", r.Relationship.MENTOR, ("sql",))

    click(qtbot, tab.add_interaction_button)
    dialog = tab.dialog
    assert dialog.editors["contact_id"].value() == ann.id
    choose(dialog.editors["kind"], r.InteractionKind.FEEDBACK)
    qtbot.keyClicks(dialog.editors["notes"], "Talked through my query plans")
    click(qtbot, dialog.save_button)
    assert cells(tab.interactions, 1) == ["feedback"]
    assert tab.ideas_hint.text().startswith("No ideas recorded")

    qtbot.keyClicks(tab.new_idea, "Read the plan before tuning")
    click(qtbot, tab.add_idea_button)
    assert tab.ideas_model.index(0, 0).data() == "Read the plan before tuning"
    assert cells(tab.interactions, 3) == ["1"] and tab.new_idea.text() == ""
    assert file_bundle(journal_path).interactions[0].ideas == (r.Idea("Read the plan before tuning"),)

    select_idea(tab, 0)
    click(qtbot, tab.mark_applied_button)
    assert tab.dialog.applied_on.value() == TODAY
    click(qtbot, tab.dialog.save_button)
    assert tab.ideas_model.index(0, 1).data() == TODAY.isoformat()
    assert file_bundle(journal_path).interactions[0].ideas == (r.Idea("Read the plan before tuning", TODAY),)
    window.undo_action.trigger()
    assert file_bundle(journal_path).interactions[0].ideas[0].applied_on is None
    assert tab.ideas_model.index(0, 1).data() == ""


def test_an_idea_cannot_be_applied_before_its_interaction(qtbot, window, journal_path):
    tab = with_an_interaction(window, ideas=[r.Idea("Pair on schema changes")])
    select_idea(tab, 0)
    click(qtbot, tab.mark_applied_button)
    tab.dialog.applied_on.set_value(D(2025, 2, 1))
    click(qtbot, tab.dialog.save_button)
    assert tab.dialog.isVisible()
    assert tab.dialog.error_label.text() == (
        "Applied on: an idea cannot be applied before the interaction it came from (2025-03-01).")
    assert file_bundle(journal_path).interactions[0].ideas[0].applied_on is None


def test_an_empty_idea_is_refused(qtbot, window, journal_path):
    tab = with_an_interaction(window)
    qtbot.keyClicks(tab.new_idea, "   ")
    click(qtbot, tab.add_idea_button)
    assert tab.ideas_error.text() == "Idea: write the idea before adding it."
    assert file_bundle(journal_path).interactions[0].ideas == ()


def test_remove_an_idea_then_undo(qtbot, window, journal_path):
    tab = with_an_interaction(window, ideas=[r.Idea("First"), r.Idea("Second", D(2025, 3, 9))])
    select_idea(tab, 0)
    click(qtbot, tab.remove_idea_button)
    assert file_bundle(journal_path).interactions[0].ideas == (r.Idea("Second", D(2025, 3, 9)),)
    assert tab.ideas_model.rowCount() == 1
    window.undo_action.trigger()
    assert [i.text for i in file_bundle(journal_path).interactions[0].ideas] == ["First", "Second"]
    assert tab.ideas_model.rowCount() == 2


def test_a_contact_with_a_bad_email_is_refused(qtbot, window, journal_path):
    tab = open_tab(window, 4)
    click(qtbot, tab.add_contact_button)
    dialog = tab.dialog
    type_into(qtbot, dialog.editors["name"], "Ann")
    type_into(qtbot, dialog.editors["email"], "ann.example.org")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Email: 'ann.example.org' is not an email address."
    assert file_bundle(journal_path).contacts == ()


def test_an_interaction_with_nobody_is_refused(qtbot, window, journal_path):
    tab = with_an_interaction(window)
    click(qtbot, tab.add_interaction_button)
    dialog = tab.dialog
    dialog.editors["contact_id"].lineEdit().clear()
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.error_label.text().startswith("Contact: an interaction is with a contact, a community, or both")
    assert len(file_bundle(journal_path).interactions) == 1


def test_contacts_whose_follow_up_is_due_are_marked(qtbot, window):
    seed(window, contacts=[
        contact("late", name="Late", follow_up_on=TODAY - dt.timedelta(days=2)),
        contact("now", name="Now", follow_up_on=TODAY),
        contact("soon", name="Soon", follow_up_on=TODAY + dt.timedelta(days=1)),
        contact("none", name="None"),
    ])
    tab = open_tab(window, 4)
    assert cells(tab.contacts, 0) == ["Late", "None", "Now", "Soon"]
    assert cells(tab.contacts, 4) == ["due", "", "due", ""]
    proxy = tab.contacts.view.model()
    bold = [bool(proxy.index(row, 0).data(Qt.ItemDataRole.FontRole)) for row in range(4)]
    assert bold == [True, False, True, False]
    assert proxy.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    window.show_record("contacts", "now")
    assert tab.contacts.current_record().contact.name == "Now"


def test_a_community_lists_its_interactions_and_adds_one(qtbot, window, journal_path):
    seed(window, contacts=[contact("ann", name="Ann")])
    tab = open_tab(window, 4)
    click(qtbot, tab.add_community_button)
    dialog = tab.dialog
    type_into(qtbot, dialog.editors["name"], "PyData meetup")
    dialog.editors["cadence_days"].setValue(30)
    type_into(qtbot, dialog.editors["member_ids"].picker, "Ann")
    QTest.keyClick(dialog.editors["member_ids"].picker.lineEdit(), Qt.Key.Key_Return)
    click(qtbot, dialog.save_button)
    assert cells(tab.communities, 1) == ["30 days"] and cells(tab.communities, 2) == ["1"]
    assert tab.contacts.current_record() is None
    assert tab.interactions_heading.text() == "Interactions with PyData meetup"
    click(qtbot, tab.add_interaction_button)
    click(qtbot, tab.dialog.save_button)
    group = file_bundle(journal_path).communities[0]
    assert file_bundle(journal_path).interactions[0].community_id == group.id
    assert cells(tab.interactions, 0) == [TODAY.isoformat()]


def test_delete_a_contact_with_the_delete_key_then_undo(qtbot, window, journal_path):
    tab = with_an_interaction(window)
    tab.contacts.select_id("ann")
    tab.contacts.view.setFocus()
    QTest.keyClick(tab.contacts.view, Qt.Key.Key_Delete)
    held = file_bundle(journal_path)
    assert held.contacts == () and held.interactions[0].contact_id is None
    assert cells(tab.contacts, 0) == [] and tab.interactions_hint.text().startswith("Select a contact")
    window.undo_action.trigger()
    held = file_bundle(journal_path)
    assert [c.name for c in held.contacts] == ["Ann"] and held.interactions[0].contact_id == "ann"


def test_single_points_of_failure_and_a_change_made_while_the_tab_was_hidden(qtbot, window):
    tab = open_tab(window, 4)
    open_tab(window, 1)
    seed(window, skills=[skill("sql", name="SQL"), skill("py", name="Python")],
         contacts=[contact("ann", name="Ann", skill_ids=("sql", "py")), contact("bo", name="Bo", skill_ids=("py",))])
    assert tab.contacts.model.rowCount() == 0  # hidden: not refreshed yet
    open_tab(window, 4)
    assert cells(tab.contacts, 0) == ["Ann", "Bo"]
    assert cells(tab.single_points, 0) == ["SQL"] and cells(tab.single_points, 1) == ["Ann"]


def test_the_tables_pass_the_model_tester(qtmodeltester, window):
    tab = with_an_interaction(window, ideas=[r.Idea("One"), r.Idea("Two", D(2025, 3, 2))])
    for model in (tab.contacts.model, tab.communities.model, tab.interactions.model, tab.ideas_model,
                  tab.single_points.model):
        qtmodeltester.check(model)

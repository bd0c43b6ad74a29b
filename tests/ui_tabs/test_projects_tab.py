"""Projects and their applications, added, edited and deleted in place in the Projects tab."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from masterydesk.domain import records as r
from tests.builders import app, contact, skill
from tests.ui_tabs.driving import cells, choose, click, file_bundle, open_tab, seed, type_into

D = dt.date


def add_project(qtbot, tab, name: str, role: str = ""):
    click(qtbot, tab.add_project_button)
    dialog = tab.dialog
    type_into(qtbot, dialog.editors["name"], name)
    type_into(qtbot, dialog.editors["role"], role)
    click(qtbot, dialog.save_button)
    return dialog


def seeded_project(window):
    """A project with one application of SQL, the project selected in the tab."""
    seed(window, skills=[skill("sql", name="SQL"), skill("py", name="Python")],
         contacts=[contact("mia", name="Mia")],
         projects=[r.Project("etl", "ETL rewrite", r.ProjectStatus.ACTIVE, role="Engineer")],
         applications=[app("a1", "sql", D(2025, 3, 1), project_id="etl")])
    tab = open_tab(window, 3)
    tab.select_record("projects", "etl")
    return tab


def test_add_a_project_then_an_application_in_place(qtbot, window, journal_path):
    seed(window, skills=[skill("sql", name="SQL")], contacts=[contact("mia", name="Mia")])
    tab = open_tab(window, 3)
    assert tab.details.hint.text().startswith("No projects yet")
    dialog = add_project(qtbot, tab, "Churn model", role="Data scientist")
    assert not dialog.isVisible()
    assert cells(tab.projects, 0) == ["Churn model"]
    assert tab.details.heading.text() == "Churn model" and tab.details.role.text() == "Data scientist"
    assert tab.applications_hint.isVisible()
    project = file_bundle(journal_path).projects[0]
    assert (project.name, project.role, project.started_on) == ("Churn model", "Data scientist", D.today())

    click(qtbot, tab.add_application_button)
    dialog = tab.dialog
    assert dialog.editors["project_id"].value() == project.id
    type_into(qtbot, dialog.editors["skill_id"], "SQL")
    dialog.editors["novel_context"].setChecked(True)
    choose(dialog.editors["quality"], 4)
    type_into(qtbot, dialog.editors["reviewer_id"], "Mia")
    click(qtbot, dialog.save_button)

    assert not dialog.isVisible()
    assert cells(tab.applications, 0) == ["SQL"] and cells(tab.applications, 4) == ["Mia"]
    assert tab.applications.current_record().skill_name == "SQL"
    assert cells(tab.projects, 5) == ["1"]
    saved = file_bundle(journal_path).applications[0]
    assert (saved.skill_id, saved.project_id, saved.novel_context, saved.quality, saved.reviewer_id) == (
        "sql", project.id, True, 4, "mia")


def test_enter_on_an_application_edits_it(qtbot, window, journal_path):
    tab = seeded_project(window)
    tab.applications.select_id("a1")
    tab.applications.view.setFocus()
    QTest.keyClick(tab.applications.view, Qt.Key.Key_Return)
    dialog = tab.dialog
    assert dialog.windowTitle() == "Edit application"
    type_into(qtbot, dialog.editors["skill_id"], "Python")
    choose(dialog.editors["quality"], 5)
    type_into(qtbot, dialog.editors["reviewer_id"], "Mia")
    click(qtbot, dialog.save_button)
    assert cells(tab.applications, 0) == ["Python"] and cells(tab.applications, 3) == ["5"]
    saved = file_bundle(journal_path).applications
    assert [(a.id, a.skill_id, a.quality, a.reviewer_id) for a in saved] == [("a1", "py", 5, "mia")]


def test_editing_a_project_shows_its_outcome_as_plain_text(qtbot, window, journal_path):
    tab = seeded_project(window)
    click(qtbot, tab.edit_project_button)
    dialog = tab.dialog
    choose(dialog.editors["status"], r.ProjectStatus.DONE)
    qtbot.keyClicks(dialog.editors["outcome"], "<b>Shipped</b> nightly")
    click(qtbot, dialog.save_button)
    assert tab.details.outcome.text() == "<b>Shipped</b> nightly"
    assert tab.details.outcome.textFormat() == Qt.TextFormat.PlainText
    assert tab.details.status.text() == "Done" and cells(tab.projects, 1) == ["done"]
    project = file_bundle(journal_path).projects[0]
    assert (project.status, project.outcome) == (r.ProjectStatus.DONE, "<b>Shipped</b> nightly")


def test_delete_an_application_then_undo_and_redo(qtbot, window, journal_path):
    tab = seeded_project(window)
    tab.applications.select_id("a1")
    tab.applications.view.setFocus()
    QTest.keyClick(tab.applications.view, Qt.Key.Key_Delete)
    assert cells(tab.applications, 0) == [] and file_bundle(journal_path).applications == ()
    assert "Deleted application of SQL" in window.statusBar().currentMessage()
    window.undo_action.trigger()
    assert cells(tab.applications, 0) == ["SQL"] and len(file_bundle(journal_path).applications) == 1
    window.redo_action.trigger()
    assert cells(tab.applications, 0) == [] and file_bundle(journal_path).applications == ()


def test_ctrl_delete_removes_the_project_and_undo_relinks_its_applications(qtbot, window, journal_path):
    tab = seeded_project(window)
    tab.projects.view.setFocus()
    QTest.keyClick(window, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    held = file_bundle(journal_path)
    assert held.projects == () and held.applications[0].project_id is None
    assert cells(tab.projects, 0) == [] and tab.details.hint.text().startswith("No projects yet")
    window.undo_action.trigger()
    held = file_bundle(journal_path)
    assert [p.name for p in held.projects] == ["ETL rewrite"] and held.applications[0].project_id == "etl"
    assert cells(tab.projects, 0) == ["ETL rewrite"] and cells(tab.projects, 5) == ["1"]


def test_a_project_that_ends_before_it_starts_is_refused(qtbot, window, journal_path):
    tab = open_tab(window, 3)
    click(qtbot, tab.add_project_button)
    dialog = tab.dialog
    type_into(qtbot, dialog.editors["name"], "Backwards")
    dialog.editors["started_on"].set_value(D(2025, 5, 1))
    dialog.editors["ended_on"].set_value(D(2025, 4, 1))
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Ended: the project cannot end before it started."
    assert file_bundle(journal_path).projects == ()


def test_an_application_of_an_unknown_skill_is_refused(qtbot, window, journal_path):
    tab = seeded_project(window)
    click(qtbot, tab.add_application_button)
    dialog = tab.dialog
    type_into(qtbot, dialog.editors["skill_id"], "Juggling")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Skill: there is no skill named 'Juggling'."
    assert len(file_bundle(journal_path).applications) == 1


def test_the_today_panel_jumps_to_an_application(qtbot, window):
    tab = seeded_project(window)
    tab.projects.view.clearSelection()
    window.show_record("applications", "a1")
    assert window.tabs.currentWidget() is tab
    assert tab.projects.current_record().id == "etl" and tab.applications.current_record().id == "a1"


def test_the_tables_pass_the_model_tester(qtmodeltester, window):
    tab = seeded_project(window)
    qtmodeltester.check(tab.projects.model)
    qtmodeltester.check(tab.projects.proxy)
    qtmodeltester.check(tab.applications.model)

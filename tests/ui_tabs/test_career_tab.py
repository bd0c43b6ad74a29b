"""Target roles in the Career tab: requirements edited in the table, readiness, gaps, milestones, interviews."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QWidget

from masterydesk.domain import records as r
from masterydesk.ui.career.requirements_model import TIER, WEIGHT
from tests.builders import app, contact, skill
from tests.ui_tabs.driving import cells, click, file_bundle, open_tab, seed, type_into

D = dt.date
TODAY = D.today()
A, M = r.Tier.APPLIED, r.Tier.MASTERY


def open_editor(view, row: int, column: int):
    """Put the cursor on a cell and press F2, as a person edits a cell; returns the editor."""
    view.setCurrentIndex(view.model().index(row, column))
    QTest.keyClick(view, Qt.Key.Key_F2)
    return cell_editor(view)


def cell_editor(view):
    """The editor open over a cell (editors live on the view's viewport)."""
    editors = [w for w in view.viewport().findChildren(QWidget) if w.isVisible() and w.parent() is view.viewport()]
    assert len(editors) == 1, editors
    return editors[0]


def pick_in_editor(combo: QComboBox, text: str) -> None:
    """Choose an item and press Enter; the view commits it on its next turn of the event loop."""
    combo.setCurrentIndex(combo.findText(text))
    QTest.keyClick(combo, Qt.Key.Key_Return)


def double_click(qtbot, view, row: int) -> None:
    """Press then double-click a row (the view acts on a double click only on the row it saw pressed)."""
    center = view.visualRect(view.model().index(row, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)


def role_with(window, *requirements, **fields):
    """A target role seeded into the journal, the Career tab open with it selected."""
    seed(window, roles=[r.Role("role", fields.pop("title", "Data Engineer"), requirements=tuple(requirements), **fields)])
    tab = open_tab(window, 5)
    tab.select_record("roles", "role")
    return tab


def test_build_a_role_and_edit_its_requirements_in_the_table(qtbot, window, journal_path):
    seed(window, skills=[skill("sql", name="SQL"), skill("py", name="Python")])
    tab = open_tab(window, 5)
    assert tab.hint.text().startswith("No target roles yet")
    click(qtbot, tab.add_role_button)
    type_into(qtbot, tab.dialog.editors["title"], "Data Engineer")
    type_into(qtbot, tab.dialog.editors["organization"], "Acme")
    click(qtbot, tab.dialog.save_button)
    assert cells(tab.roles, 0) == ["Data Engineer"] and tab.heading.text() == "Data Engineer"
    assert tab.requirements_hint.isVisible() and tab.readiness_bar.format() == "No requirements yet"

    click(qtbot, tab.add_requirement_button)
    skill_editor = cell_editor(tab.requirements_view)
    assert isinstance(skill_editor, QComboBox) and skill_editor.currentText() == "Python"
    edited = tab.requirements_model.sig_requirements_edited
    with qtbot.waitSignal(edited):
        pick_in_editor(skill_editor, "SQL")
    with qtbot.waitSignal(edited):
        pick_in_editor(open_editor(tab.requirements_view, 0, TIER), "Mastery")
    weight = open_editor(tab.requirements_view, 0, WEIGHT)
    assert isinstance(weight, QDoubleSpinBox)
    weight.selectAll()
    qtbot.keyClicks(weight, "2.5")
    with qtbot.waitSignal(edited):
        QTest.keyClick(weight, Qt.Key.Key_Return)

    role = file_bundle(journal_path).roles[0]
    assert (role.title, role.organization) == ("Data Engineer", "Acme")
    assert role.requirements == (r.Requirement("sql", M, 2.5),)
    model = tab.requirements_model
    assert [model.index(0, c).data() for c in range(4)] == ["SQL", "Mastery", "2.5", "Not started"]
    assert tab.readiness_bar.text() == "0% ready" and cells(tab.roles, 3) == ["0%"]  # nothing logged yet
    assert tab.gaps_model.index(0, 0).data() == "SQL"
    window.undo_action.trigger()
    assert file_bundle(journal_path).roles[0].requirements == (r.Requirement("sql", M, 1.0),)
    assert model.index(0, WEIGHT).data() == "1"


def test_readiness_moves_as_applications_are_logged(qtbot, window, journal_path):
    seed(window, skills=[skill("sql", name="SQL"), skill("py", name="Python")], contacts=[contact("mia", name="Mia")])
    tab = role_with(window, r.Requirement("sql", A), r.Requirement("py", M))
    assert tab.readiness_bar.value() == 0 and cells(tab.roles, 3) == ["0%"]  # nothing logged: nothing earned
    assert tab.gaps_model.index(0, 3).data().startswith("to Foundation: 0 of 1 journal entries")

    yesterday = TODAY - dt.timedelta(days=1)
    window.session.save(app("a1", "sql", yesterday), app("a2", "sql", TODAY), text="Log applications")
    assert tab.gaps_model.index(0, 3).data().startswith("to Applied: 2 of 3 applications")
    assert tab.readiness_bar.value() == 25  # SQL at Foundation: half of Applied, for half the weight
    window.session.save(app("a3", "sql", TODAY, reviewer_id="mia", quality=4), text="Log application")
    assert tab.readiness_bar.value() == 50 and tab.readiness_bar.text() == "50% ready"
    assert cells(tab.roles, 3) == ["50%"]
    assert [tab.gaps_model.index(row, 0).data() for row in range(tab.gaps_model.rowCount())] == ["Python"]
    assert tab.requirements_model.index(0, 3).data() == "Applied"
    window.undo_action.trigger()
    assert tab.readiness_bar.value() == 25


def test_milestone_projects_and_informational_interviews_are_listed(qtbot, window):
    seed(window,
         projects=[r.Project("p1", "Pipeline", r.ProjectStatus.DONE), r.Project("p2", "Warehouse", r.ProjectStatus.ACTIVE)],
         contacts=[contact("ann", name="Ann", organization="Acme"), contact("bo", name="Bo", organization="Other")],
         interactions=[
             r.Interaction("i1", D(2025, 1, 5), r.InteractionKind.INFORMATIONAL_INTERVIEW, contact_id="ann"),
             r.Interaction("i2", D(2025, 2, 5), r.InteractionKind.INFORMATIONAL_INTERVIEW, contact_id="bo",
                           notes="What a data engineer does all day"),
             r.Interaction("i3", D(2025, 3, 5), r.InteractionKind.MEETING, contact_id="ann"),
         ])
    tab = role_with(window, organization="acme", milestone_project_ids=("p1", "p2"))
    assert tab.milestones_label.text() == "Milestone projects: 1 of 2 done"
    assert [tab.milestones_model.index(row, 1).data() for row in range(2)] == ["done", "active"]
    interviews = tab.interviews_model
    assert [interviews.index(row, 1).data() for row in range(interviews.rowCount())] == ["Bo", "Ann"]
    double_click(qtbot, tab.interviews_view, 1)
    assert window.tabs.currentIndex() == 3
    assert window.page(3).interactions.current_record().id == "i1"


def test_a_role_without_a_title_is_refused(qtbot, window, journal_path):
    tab = open_tab(window, 5)
    click(qtbot, tab.add_role_button)
    type_into(qtbot, tab.dialog.editors["organization"], "Acme")
    click(qtbot, tab.dialog.save_button)
    assert tab.dialog.isVisible() and tab.dialog.error_label.text() == "Title is required."
    assert file_bundle(journal_path).roles == ()


def test_a_skill_required_twice_is_refused_in_the_table(qtbot, window, journal_path):
    seed(window, skills=[skill("sql", name="SQL"), skill("py", name="Python")])
    tab = role_with(window, r.Requirement("sql", A), r.Requirement("py", A))
    with qtbot.waitSignal(tab.requirements_model.sig_edit_refused):
        pick_in_editor(open_editor(tab.requirements_view, 1, 0), "SQL")
    assert tab.requirements_error.text() == "Skill: SQL is already required by this role; change its row instead."
    assert [q.skill_id for q in file_bundle(journal_path).roles[0].requirements] == ["sql", "py"]
    assert tab.requirements_model.index(1, 0).data() == "Python"


def test_remove_a_requirement_then_delete_the_role_and_undo_both(qtbot, window, journal_path):
    seed(window, skills=[skill("sql", name="SQL"), skill("py", name="Python")])
    tab = role_with(window, r.Requirement("sql", A), r.Requirement("py", A))
    tab.requirements_view.setCurrentIndex(tab.requirements_model.index(0, 0))
    click(qtbot, tab.remove_requirement_button)
    assert [q.skill_id for q in file_bundle(journal_path).roles[0].requirements] == ["py"]
    tab.roles.view.setFocus()
    QTest.keyClick(tab.roles.view, Qt.Key.Key_Delete)
    assert file_bundle(journal_path).roles == () and tab.hint.text().startswith("No target roles yet")
    window.undo_action.trigger()
    assert cells(tab.roles, 0) == ["Data Engineer"]
    window.undo_action.trigger()
    assert [q.skill_id for q in file_bundle(journal_path).roles[0].requirements] == ["sql", "py"]
    window.redo_action.trigger()
    assert tab.requirements_model.rowCount() == 1


def test_the_tables_pass_the_model_tester(qtmodeltester, window):
    seed(window, skills=[skill("sql", name="SQL")], projects=[r.Project("p1", "Pipeline", r.ProjectStatus.DONE)])
    tab = role_with(window, r.Requirement("sql", M, 2), milestone_project_ids=("p1",))
    for model in (tab.requirements_model, tab.roles.model, tab.gaps_model, tab.milestones_model,
                  tab.interviews_model):
        qtmodeltester.check(model)


def test_a_role_title_that_fits_the_width_is_one_line_above_its_organisation_and_date(qtbot, window):
    """Beside them, the title was given the width a wrapped label guesses and broke after its first word."""
    window.resize(1400, 900)
    tab = role_with(window, title="Senior Machine Learning Platform Engineer", organization="Acme", target_date=D(2027, 4, 6))
    qtbot.waitUntil(lambda: tab.heading.text() == "Senior Machine Learning Platform Engineer")
    qtbot.waitUntil(lambda: tab.heading.isVisible())
    assert tab.heading.height() < 2 * tab.heading.fontMetrics().lineSpacing()
    assert tab.subheading.text() == "Acme · target 2027-04-06"

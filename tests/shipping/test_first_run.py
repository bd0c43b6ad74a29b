"""The welcome page's four ways in, and the assessment walked into a new journal like a person would."""

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWizard

from masterydesk.domain import records as r
from masterydesk.domain.tiers import tier_history
from masterydesk.services.browse import load_skill_evidence
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from masterydesk.ui.main_window import MainWindow
from masterydesk.ui.recent_journals import KEY as RECENT_JOURNALS
from masterydesk.ui.welcome import AssessmentWizard, WelcomePage

TODAY = dt.date(2025, 6, 30)


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def file_bundle(path) -> r.Bundle:
    """What the journal file holds, read through a fresh connection."""
    journal = open_journal(path, read_only=True)
    try:
        return export_bundle(journal)
    finally:
        journal.close()


@pytest.mark.parametrize(
    ("button", "signal"),
    [
        ("new_button", "sig_new_journal_requested"),
        ("demo_button", "sig_demo_requested"),
        ("open_button", "sig_open_requested"),
        ("import_button", "sig_import_requested"),
    ],
)
def test_each_welcome_button_asks_for_its_action(qtbot, button, signal):
    page = WelcomePage()
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(getattr(page, signal)):
        click(qtbot, getattr(page, button))


def test_the_welcome_page_works_from_the_keyboard(qtbot):
    page = WelcomePage()
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitActive(page):
        page.activateWindow()
    page.setFocus()
    assert page.new_button.hasFocus()
    qtbot.keyClick(page.new_button, Qt.Key.Key_Tab)
    with qtbot.waitSignal(page.sig_demo_requested):
        qtbot.keyClick(page.demo_button, Qt.Key.Key_Space)


def start_wizard(qtbot, journal) -> AssessmentWizard:
    wizard = AssessmentWizard(lambda: journal, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def pick_role(qtbot, wizard, label: str) -> None:
    choices = wizard.role_page.choices
    item = choices.findItems(label, Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(choices.viewport(), Qt.MouseButton.LeftButton, pos=choices.visualItemRect(item).center())


def type_date(qtbot, date_edit, day: dt.date) -> None:
    """Home, arrow keys to the year, then type the month and day, as a keyboard user would."""
    # Typed year digits are dropped by QDateEdit under QTest; the arrow keys are not.
    date_edit.setFocus()
    qtbot.keyClick(date_edit, Qt.Key.Key_Home)
    years = date_edit.date().year() - day.year
    for _ in range(abs(years)):
        qtbot.keyClick(date_edit, Qt.Key.Key_Down if years > 0 else Qt.Key.Key_Up)
    qtbot.keyClicks(date_edit, f"-{day:%m}-{day:%d}")


def tick_sql_and_statistics(qtbot, wizard) -> None:
    """The data-analyst role, with SQL started on 2023-02-01 and statistics on 2024-09-15; on to the person."""
    pick_role(qtbot, wizard, "Data analyst → data scientist")
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    rows = wizard.skills_page.rows
    click(qtbot, rows["sql"].checkbox)
    type_date(qtbot, rows["sql"].started, dt.date(2023, 2, 1))
    click(qtbot, rows["statistics"].checkbox)
    type_date(qtbot, rows["statistics"].started, dt.date(2024, 9, 15))
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))


def test_assessment_writes_the_role_skills_and_mentor(qtbot, journal, journal_path):
    wizard = start_wizard(qtbot, journal)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # a choice comes first
    tick_sql_and_statistics(qtbot, wizard)

    person = wizard.person_page
    qtbot.keyClicks(person.name, "Priya Raman")
    person.relationship.setCurrentIndex(person.relationship.findText("Peer"))
    qtbot.keyClicks(person.organization, "Northwind")
    statistics = person.supported.findItems("Statistical inference", Qt.MatchFlag.MatchExactly)[0]
    statistics.setCheckState(Qt.CheckState.Checked)
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))

    assert wizard.result() == QWizard.DialogCode.Accepted
    saved = file_bundle(journal_path)
    skills = {skill.name: skill for skill in saved.skills}
    assert len(skills) == 13
    assert skills["SQL for analysis"].learned_on == dt.date(2023, 2, 1)
    assert skills["Statistical inference"].learned_on == dt.date(2024, 9, 15)
    assert skills["Python for data work"].learned_on is None
    assert set(skills["Experiment design"].prerequisites) == {skills["Statistical inference"].id}
    (role,) = saved.roles
    assert role.title == "Data scientist"
    assert len(role.requirements) == 13
    (contact,) = saved.contacts
    assert (contact.name, contact.relationship, contact.organization) == ("Priya Raman", r.Relationship.PEER, "Northwind")
    assert contact.skill_ids == (skills["Statistical inference"].id,)


def test_a_date_learning_started_cannot_be_after_today(qtbot, journal):
    wizard = start_wizard(qtbot, journal)
    pick_role(qtbot, wizard, "UX designer")
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    row = wizard.skills_page.rows["user-research"]
    click(qtbot, row.checkbox)
    type_date(qtbot, row.started, dt.date(2031, 1, 1))
    assert row.started.date().toPython() <= TODAY


def test_a_blank_start_skips_the_skills_and_may_add_only_a_person(qtbot, journal, journal_path):
    wizard = start_wizard(qtbot, journal)
    pick_role(qtbot, wizard, "Start blank, without a target role")
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentPage() is wizard.person_page
    qtbot.keyClicks(wizard.person_page.name, "Marcus Webb")
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    saved = file_bundle(journal_path)
    assert [c.name for c in saved.contacts] == ["Marcus Webb"]
    assert saved.contacts[0].relationship is r.Relationship.MENTOR
    assert not saved.skills and not saved.roles


def test_cancelling_the_assessment_writes_nothing(qtbot, journal, journal_path):
    wizard = start_wizard(qtbot, journal)
    pick_role(qtbot, wizard, "Product manager")
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    click(qtbot, wizard.skills_page.rows["prioritisation"].checkbox)
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    assert wizard.result() == QWizard.DialogCode.Rejected
    assert file_bundle(journal_path) == r.Bundle()


# --- the first run in the window: nothing exists until the assessment is finished ---------------


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def first_window(qtbot, settings) -> MainWindow:
    """A main window started with no journal anywhere: it shows the welcome page."""
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show()
    main.open_startup_journal(None, demo=False)
    assert main.stack.currentWidget() is main.welcome_flow.page
    return main


def start_assessment(qtbot, main) -> AssessmentWizard:
    click(qtbot, main.welcome_flow.page.new_button)
    wizard = main.welcome_flow.assessment
    qtbot.waitExposed(wizard)
    return wizard


def files_in(folder) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def test_cancelling_the_welcome_assessment_leaves_no_journal_and_the_welcome_comes_back(
    qtbot, settings, isolated_home
):
    main = first_window(qtbot, settings)
    wizard = start_assessment(qtbot, main)
    pick_role(qtbot, wizard, "Data analyst → data scientist")
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    click(qtbot, wizard.skills_page.rows["sql"].checkbox)
    with qtbot.waitSignal(wizard.rejected):
        click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))

    assert files_in(isolated_home) == []  # no journal, no -wal/-shm, no lock file
    assert main.session is None
    assert main.stack.currentWidget() is main.welcome_flow.page
    main.close()
    settings.sync()
    assert settings.value(RECENT_JOURNALS, []) == []
    assert files_in(isolated_home) == []

    again = first_window(qtbot, settings)  # the next start: the welcome page once more
    assert again.session is None
    again.close()


def test_finishing_the_welcome_assessment_starts_the_ticked_skills_and_leaves_the_others_not_started(
    qtbot, settings, isolated_home
):
    main = first_window(qtbot, settings)
    wizard = start_assessment(qtbot, main)
    assert files_in(isolated_home) == []  # the journal is made on Finish, not before
    tick_sql_and_statistics(qtbot, wizard)
    with qtbot.waitSignal(wizard.accepted):
        click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    path = isolated_home / "journal.sqlite"
    assert main.session.journal.path == path.resolve()
    main.close()
    assert settings.value(RECENT_JOURNALS) in ([str(path.resolve())], str(path.resolve()))

    journal = open_journal(path, read_only=True)
    try:
        saved = export_bundle(journal)
        _bundle, rules, evidence = load_skill_evidence(journal, dt.date.today())
    finally:
        journal.close()
    started = {skill.name: skill.learned_on for skill in saved.skills}
    assert started.pop("SQL for analysis") == dt.date(2023, 2, 1)
    assert started.pop("Statistical inference") == dt.date(2024, 9, 15)
    assert len(started) == 11 and set(started.values()) == {None}
    tiers = {skill.name: tier_history(evidence[skill.id], rules) for skill in saved.skills}
    sql = tiers.pop("SQL for analysis")
    assert (sql.tier_as_of(dt.date(2023, 1, 31)), sql.tier_as_of(dt.date(2023, 2, 1))) == (
        r.Tier.NONE, r.Tier.FOUNDATION)
    assert tiers.pop("Statistical inference").started_on == dt.date(2024, 9, 15)
    assert {history.tier_as_of(dt.date.today()) for history in tiers.values()} == {r.Tier.NONE}

"""Building skills through the dialogs and the quick log until the Skill Map shows a new tier."""

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest

from masterydesk.domain import records as r
from masterydesk.ui.skills.skill_graph import depths
from tests.builders import app, contact, fill, read_file, skill, teach


def file_bundle(path):
    return read_file(path)


def add_skill(qtbot, tab, name: str, prerequisite: str | None = None):
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    qtbot.keyClicks(dialog.editors["name"], name)
    if prerequisite:
        picker = dialog.editors["prerequisites"].picker
        qtbot.keyClicks(picker.lineEdit(), prerequisite)
        QTest.keyClick(picker.lineEdit(), Qt.Key.Key_Return)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return dialog


def skill_map(window):
    window.tabs.setCurrentIndex(1)
    return window.page(1)


def test_adding_skills_with_a_prerequisite_draws_an_arrowed_map(qtbot, window, journal_path):
    tab = skill_map(window)
    add_skill(qtbot, tab, "SQL")
    add_skill(qtbot, tab, "Data modelling", prerequisite="SQL")
    skills = {s.name: s for s in file_bundle(journal_path).skills}
    assert skills["Data modelling"].prerequisites == (skills["SQL"].id,)
    sql, modelling = tab.scene.nodes[skills["SQL"].id], tab.scene.nodes[skills["Data modelling"].id]
    assert modelling.pos().x() > sql.pos().x()  # a skill stands after what it builds on
    assert tab.card.title.text() == "Data modelling"


def test_a_prerequisite_cycle_is_refused_with_a_message(qtbot, window, journal_path):
    tab = skill_map(window)
    add_skill(qtbot, tab, "A")
    add_skill(qtbot, tab, "B", prerequisite="A")
    a = next(s for s in file_bundle(journal_path).skills if s.name == "A")
    tab.select_record("skills", a.id)
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    picker = dialog.editors["prerequisites"].picker
    qtbot.keyClicks(picker.lineEdit(), "B")
    QTest.keyClick(picker.lineEdit(), Qt.Key.Key_Return)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "prerequisites form a cycle" in dialog.error_label.text()
    assert next(s for s in file_bundle(journal_path).skills if s.name == "A").prerequisites == ()


def test_a_skill_without_a_name_is_refused(qtbot, window, journal_path):
    tab = skill_map(window)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.dialog.save_button, Qt.MouseButton.LeftButton)
    assert tab.dialog.error_label.text() == "Name is required."
    assert file_bundle(journal_path).skills == ()


def quick_log_application(qtbot, window, skill_name: str, reviewer: str | None = None, quality: int | None = None,
                          day: dt.date | None = None):
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.quick_log
    dialog.show_kind("applications")
    form = dialog.forms["applications"]
    if day is not None:
        form.editors["date"].setDate(QDate(day.year, day.month, day.day))
    qtbot.keyClicks(form.editors["skill_id"].lineEdit(), skill_name)
    if reviewer:
        qtbot.keyClicks(form.editors["reviewer_id"].lineEdit(), reviewer)
        form.editors["quality"].setCurrentIndex(form.editors["quality"].findData(quality))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return dialog


def test_logging_applications_until_the_tier_changes_on_the_map(qtbot, window, journal_path):
    fill(window.session.journal, contacts=[contact("mia", name="Mia")])
    tab = skill_map(window)
    add_skill(qtbot, tab, "SQL")
    sql_id = file_bundle(journal_path).skills[0].id
    assert tab.scene.nodes[sql_id].tier is r.Tier.NONE  # drawn "not started" until evidence comes
    assert tab.scene.nodes[sql_id].pen().style() == Qt.PenStyle.DashLine
    quick_log_application(qtbot, window, "SQL", day=dt.date.today() - dt.timedelta(days=1))
    quick_log_application(qtbot, window, "SQL")
    assert tab.scene.nodes[sql_id].tier is r.Tier.FOUNDATION
    tab.select_record("skills", sql_id)
    assert "2 of 3 applications" in tab.card.text()
    quick_log_application(qtbot, window, "SQL", reviewer="Mia", quality=4)
    assert tab.scene.nodes[sql_id].tier is r.Tier.APPLIED
    assert f"Applied, reached on {dt.date.today().isoformat()}" in tab.card.text()
    assert len(file_bundle(journal_path).applications) == 3
    window.undo_action.trigger()
    assert tab.scene.nodes[sql_id].tier is r.Tier.FOUNDATION


def test_quick_log_refuses_an_application_for_an_unknown_skill(qtbot, window, journal_path):
    dialog = quick_log_application(qtbot, window, "Nonexistent")
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Skill: there is no skill named 'Nonexistent'."
    assert file_bundle(journal_path).applications == ()


def test_quick_log_records_a_practice_session(qtbot, window, journal_path):
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.quick_log
    qtbot.keyClicks(dialog.forms["journal"].editors["text"], "Forty minutes of SQL katas")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert [e.text for e in file_bundle(journal_path).journal] == ["Forty minutes of SQL katas"]


def test_archive_hides_the_skill_and_delete_can_be_undone(qtbot, window, journal_path):
    tab = skill_map(window)
    add_skill(qtbot, tab, "Excel")
    skill_id = file_bundle(journal_path).skills[0].id
    tab.select_record("skills", skill_id)
    qtbot.mouseClick(tab.archive_button, Qt.MouseButton.LeftButton)
    assert file_bundle(journal_path).skills[0].archived
    tab.select_record("skills", skill_id)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert file_bundle(journal_path).skills == ()
    window.undo_action.trigger()
    assert file_bundle(journal_path).skills[0].name == "Excel"


def test_table_view_sorts_and_passes_the_model_tester(qtbot, qtmodeltester, window):
    fill(window.session.journal, skills=[
        r.Skill("b", "Beta", r.Category.SOCIAL), r.Skill("a", "Alpha", r.Category.TECHNICAL),
    ])
    tab = skill_map(window)
    tab.reload()
    tab.views.setCurrentIndex(1)
    assert tab.table.proxy.index(0, 0).data() == "Alpha"  # A to Z at first
    tab.table.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert tab.table.proxy.index(0, 0).data() == "Beta"
    qtmodeltester.check(tab.table.model)


def test_layout_depths_follow_prerequisites():
    assert depths({"a": [], "b": ["a"], "c": ["b", "a"], "d": []}) == {"a": 0, "b": 1, "c": 2, "d": 0}


def test_a_hidden_skill_map_reads_the_journal_again_only_when_shown(qtbot, window):
    tab = skill_map(window)
    window.tabs.setCurrentIndex(0)  # the Journal tab: the map is built but hidden
    window.session.save(r.Skill("s-new", "Negotiation", r.Category.SOCIAL), text="Add skill")
    assert "s-new" not in tab.scene.nodes  # a save elsewhere costs the hidden map nothing
    window.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "s-new" in tab.scene.nodes, timeout=5_000)


def test_in_quick_log_enter_saves_and_a_typed_beginning_picks_the_one_skill_it_names(qtbot, window, journal_path):
    fill(window.session.journal, skills=[r.Skill("at", "Automated testing", r.Category.TECHNICAL),
                                         r.Skill("sql", "SQL", r.Category.TECHNICAL)])
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.quick_log
    form = dialog.forms["journal"]
    skills = form.editors["skill_ids"]
    assert not skills.remove_button.autoDefault() and not skills.remove_button.isDefault()
    qtbot.keyClicks(skills.picker.lineEdit(), "Automated")
    QTest.keyClick(skills.picker.lineEdit(), Qt.Key.Key_Return)
    assert skills.value() == ("at",)  # one name begins so: it is picked, not cleared away
    qtbot.keyClicks(form.editors["text"], "Wrote the first end-to-end test")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [e.skill_ids for e in file_bundle(journal_path).journal] == [("at",)]


def test_a_typed_beginning_that_names_several_skills_picks_none(qtbot, window, journal_path):
    fill(window.session.journal, skills=[r.Skill("s1", "Data modelling", r.Category.TECHNICAL),
                                         r.Skill("s2", "Data visualisation", r.Category.TECHNICAL)])
    dialog = quick_log_application(qtbot, window, "Data")
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Skill: there is no skill named 'Data'."


def test_the_card_says_not_started_practice_time_strength_and_the_days_each_tier_took(qtbot, window):
    today = dt.date.today()
    days_ago = [today - dt.timedelta(days=n) for n in (60, 59, 58)]
    fill(
        window.session.journal,
        skills=[skill("new", name="Kotlin"), skill("sql", name="SQL", learned_on=today - dt.timedelta(days=70))],
        contacts=[contact("mia", name="Mia")],
        journal=[r.JournalEntry(f"e{n}", days_ago[0], r.EntryKind.PRACTICE, "kata", 380, ("sql",)) for n in range(2)],
        applications=[app(f"a{n}", "sql", day, reviewer_id="mia", quality=4) for n, day in enumerate(days_ago)],
        teaching=[teach("t1", "sql", today)],
    )
    tab = skill_map(window)
    tab.reload()
    tab.select_record("skills", "new")
    card = tab.card.text()
    assert "Tier: Not started" in card and "Towards Foundation: 0 of 1 journal entries" in card
    tab.select_record("skills", "sql")
    card = tab.card.text()
    assert f"Tier: Applied, reached on {days_ago[2].isoformat()} (Applied 12 days after starting)" in card
    assert "Practice: 12 h 40 min over 2 entries" in card
    strength = 0.5 ** (58 / 30) + 0.5 ** (59 / 30) + 0.5 ** (60 / 30)  # 0.76: below 1
    assert f"Application strength: {strength:.2f}, last applied on {days_ago[2].isoformat()} — at risk" in card
    assert "Teaching: 1 teaching event\n" in card  # no rating yet, so none is shown
    assert "0 of 1 rated teaching events" in card


def test_the_card_names_its_supporters_and_prerequisites_and_the_map_keeps_no_records(qtbot, window):
    fill(
        window.session.journal,
        skills=[skill("sql", name="SQL"), skill("dm", name="Data modelling", prerequisites=("sql",)),
                skill("py", name="Python")],
        contacts=[contact("zoe", name="Zoe", skill_ids=("dm", "py")), contact("ann", name="Ann", skill_ids=("dm",)),
                  contact("bo", name="Bo", skill_ids=("py",))],
        applications=[app("a1", "dm", dt.date.today())],
    )
    tab = skill_map(window)
    tab.reload()
    tab.select_record("skills", "dm")
    card = tab.card.text()
    assert "Supported by: Ann, Zoe\n" in card  # in the order of the contacts' ids, as before
    assert "Builds on: SQL" in card
    tab.select_record("skills", "sql")
    assert "Supported by: no one yet" in tab.card.text()
    kept = tab.skill_map
    assert set(kept.cards) == {"sql", "dm", "py"} and not hasattr(kept, "evidence") and not hasattr(kept, "bundle")


def test_the_cards_headings_start_where_their_text_does(qtbot, window):
    """A style sheet's margin on each heading indented its words 4 px right of the text under it."""
    from PySide6.QtWidgets import QLabel

    fill(window.session.journal, skills=[skill("sql", name="SQL")])
    tab = skill_map(window)
    tab.reload()
    tab.select_record("skills", "sql")
    qtbot.waitUntil(lambda: tab.card.body.count() > 2)

    def first_ink(label: QLabel) -> int:
        picture = label.grab().toImage()
        paper = picture.pixelColor(picture.width() - 1, 0)
        return min(x for x in range(picture.width()) for y in range(picture.height())
                   if picture.pixelColor(x, y) != paper)

    labels = [tab.card.body.itemAt(i).widget() for i in range(tab.card.body.count())]
    labels = [label for label in labels if label is not None]
    heading, text = labels[0], labels[1]  # "Tier", then what it says
    assert heading.text() == "Tier" and heading.font().bold()
    assert abs(first_ink(heading) - first_ink(text)) <= 1

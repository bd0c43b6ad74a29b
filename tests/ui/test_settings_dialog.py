"""Edit ▸ Settings: the thresholds, stored in the journal, undoable, and every tier follows them."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from masterydesk.domain import records as r
from masterydesk.services.settings import journal_rules
from tests.builders import app, contact, fill, skill

TODAY = dt.date.today()


def open_settings(qtbot, window):
    window.settings_action.trigger()
    dialog = window.settings_dialog
    qtbot.waitExposed(dialog)
    return dialog


def set_value(qtbot, editor, value):
    editor.selectAll()
    qtbot.keyClicks(editor, str(value))


def test_a_lower_threshold_changes_the_tier_on_the_map_and_undo_puts_it_back(qtbot, window):
    fill(window.session.journal, skills=[skill("sql", name="SQL")], contacts=[contact("mia")],
         applications=[app("a1", "sql", TODAY - dt.timedelta(days=1), reviewer_id="mia", quality=4),
                       app("a2", "sql", TODAY)])
    window.tabs.setCurrentIndex(1)
    tab = window.page(1)
    tab.reload()
    assert tab.scene.nodes["sql"].tier is r.Tier.FOUNDATION  # two applications of the three asked for
    dialog = open_settings(qtbot, window)
    assert window.settings_action.menuRole().name == "PreferencesRole"
    assert dialog.editors["applied_min_applications"].value() == 3
    set_value(qtbot, dialog.editors["applied_min_applications"], 2)
    QTest.keyClick(dialog.editors["applied_min_applications"], Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert journal_rules(window.session.journal) == r.TierRules(applied_min_applications=2)
    assert tab.scene.nodes["sql"].tier is r.Tier.APPLIED
    assert window.undo_action.text() == "&Undo Change settings"
    window.undo_action.trigger()
    assert journal_rules(window.session.journal) == r.TierRules()
    assert tab.scene.nodes["sql"].tier is r.Tier.FOUNDATION


def test_restore_defaults_and_cancel(qtbot, window):
    from masterydesk.services.settings import save_rules

    save_rules(window.session.journal, r.TierRules(mastery_min_mean_rating=3.5, strength_half_life_days=45))
    dialog = open_settings(qtbot, window)
    assert dialog.editors["mastery_min_mean_rating"].value() == 3.5
    assert dialog.editors["strength_half_life_days"].value() == 45
    set_value(qtbot, dialog.editors["at_risk_below"], "0.5")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.rules() == r.TierRules()
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert journal_rules(window.session.journal) == r.TierRules(mastery_min_mean_rating=3.5, strength_half_life_days=45)
    assert window.session.undo_stack.count() == 0


def test_the_fields_keep_to_each_thresholds_range(qtbot, window):
    dialog = open_settings(qtbot, window)
    set_value(qtbot, dialog.editors["applied_min_quality"], 9)
    assert dialog.editors["applied_min_quality"].value() <= 5
    assert dialog.editors["mastery_min_mean_rating"].maximum() == 5

"""Reachable without a mouse, named for a screen reader, readable in both themes.

Every button that shows only an icon has a name and a tooltip; every menu command has a shortcut or a
mnemonic; the dialogs tab through their fields in order; every text colour of the light and the dark
theme reads at 4.5 : 1 (WCAG AA) on the backgrounds it is drawn on.
"""

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QCheckBox, QDialog, QMenu, QToolButton, QWidget

from masterydesk.services.demo import create_demo_journal
from masterydesk.ui.dialogs.record_dialog import error_label
from masterydesk.ui.forms import FIELDS, open_record_dialog
from masterydesk.ui.main_window import TAB_NAMES, MainWindow
from masterydesk.ui.theme import STATUS_TEXT, apply_theme, fallback_palette, status_colour
from masterydesk.ui.welcome import AssessmentWizard, WelcomePage
from masterydesk.ui.widgets.labels import StatusLabel, hint_label

Role = QPalette.ColorRole


@pytest.fixture
def demo_window(qtbot, tmp_path):
    path = tmp_path / "demo.sqlite"
    create_demo_journal(path)
    main = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.show()
    assert main.open_journal_path(path)
    for index in range(len(TAB_NAMES)):
        main.tabs.setCurrentIndex(index)
        QApplication.processEvents()
    yield main
    main.close()


# --- names and tooltips ----------------------------------------------------------------------------


def shows_only_an_icon(button: QAbstractButton) -> bool:
    if isinstance(button, QToolButton) and button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly \
            and button.defaultAction() is None and not button.icon().isNull():
        return True
    return not button.icon().isNull() and not button.text().strip()


def unnamed_icon_buttons(root: QWidget) -> list[str]:
    """Each icon-only button in root without an accessible name or a tooltip, described; an arrow without a name."""
    missing = []
    for button in root.findChildren(QAbstractButton):
        where = f"{type(button).__name__} {button.objectName()!r} in {type(button.parentWidget()).__name__}"
        if shows_only_an_icon(button) and not (button.accessibleName().strip() and button.toolTip().strip()):
            missing.append(where)
        arrow = isinstance(button, QToolButton) and button.arrowType() != Qt.ArrowType.NoArrow
        if arrow and not button.accessibleName().strip():
            missing.append(where)
    return missing


def test_every_icon_button_of_the_window_has_a_name_and_a_tooltip(demo_window):
    assert unnamed_icon_buttons(demo_window) == []


def test_qt_own_buttons_are_named_too(demo_window):
    """The clear button of a filter field, the toolbar's overflow and the Today panel's float and close."""
    names = {b.accessibleName() for b in demo_window.findChildren(QAbstractButton)}
    assert {"Clear", "More tools", "Float", "Close"} <= names
    filter_field = demo_window.page(TAB_NAMES.index("Community")).contacts.filter_field
    clear = [b for b in filter_field.findChildren(QToolButton) if b.accessibleName() == "Clear"]
    assert clear and clear[0].toolTip() == "Clear the text"


def dialogs_of(window) -> list[QDialog]:
    """Every dialog the window's menus and tabs open, and each record dialog, open together."""
    session = window.session
    dialogs = [open_record_dialog(window, session, collection) for collection in FIELDS]
    for action, kept in ((window.quick_log_action, "quick_log"), (window.settings_action, "settings_dialog"),
                         (window.export_action, "export_dialog"), (window.backups_action, "backups_dialog"),
                         (window.guide_action, "guide"), (window.about_action, "about")):
        action.trigger()
        dialogs.append(getattr(window, kept))
    community = window.page(TAB_NAMES.index("Community"))
    community.select_record("contacts", community.contacts.model.record_at(0).id)
    interaction = community.interactions.current_record()
    if interaction is not None and interaction.interaction.ideas:
        community.ideas_view.selectRow(0)
        community.mark_idea_applied()
        dialogs.append(community.dialog)
    return dialogs


def test_every_dialog_names_its_icon_buttons(qtbot, demo_window):
    for dialog in dialogs_of(demo_window):
        assert unnamed_icon_buttons(dialog) == [], dialog.windowTitle()
        dialog.reject()


def test_the_welcome_page_and_the_assessment_name_their_buttons(qtbot, journal):
    page = WelcomePage()
    qtbot.addWidget(page)
    wizard = AssessmentWizard(lambda: journal, today=dt.date(2025, 6, 30))
    qtbot.addWidget(wizard)
    for widget in (page, wizard):
        widget.show()
        assert unnamed_icon_buttons(widget) == []
    for button in (page.new_button, page.demo_button, page.open_button, page.import_button):
        assert button.accessibleName() and button.accessibleDescription()


# --- the keyboard --------------------------------------------------------------------------------


def menu_actions(menu: QMenu, skipped: QMenu):
    """The commands of a menu and of its submenus, except those of the skipped one."""
    for action in menu.actions():
        if action.isSeparator():
            continue
        yield action
        if action.menu() is not None and action.menu() is not skipped:
            yield from menu_actions(action.menu(), skipped)


def mnemonic(text: str) -> str | None:
    marked = text.replace("&&", "").partition("&")[2]
    return marked[:1].lower() or None


def test_every_menu_command_has_a_shortcut_or_a_mnemonic(demo_window):
    for bar_action in demo_window.menuBar().actions():
        assert mnemonic(bar_action.text()), bar_action.text()
        # File ▸ Open recent has a mnemonic; the journals it lists are reached with the arrow keys.
        for action in menu_actions(bar_action.menu(), skipped=demo_window.recent_menu):
            assert mnemonic(action.text()) or not action.shortcut().isEmpty(), action.text()


def test_no_two_commands_of_a_menu_share_a_mnemonic(demo_window):
    menus = [a.menu() for a in demo_window.menuBar().actions()] + [demo_window.theme_menu]
    for menu in menus:
        letters = [mnemonic(a.text()) for a in menu.actions() if not a.isSeparator() and mnemonic(a.text())]
        assert len(letters) == len(set(letters)), (menu.title(), letters)


def focus_order(dialog: QDialog, editors: dict[str, QWidget]) -> list[str]:
    """The fields in the order Tab reaches them, from the first."""
    first = next(iter(editors.values()))
    first.setFocus()
    reached = []
    widget = first
    for _ in range(60):
        owner = next((name for name, editor in editors.items()
                      if widget is editor or editor.isAncestorOf(widget)), None)
        if owner is not None and owner not in reached:
            reached.append(owner)
        widget = widget.nextInFocusChain()
        if widget is first:
            break
    return reached


@pytest.mark.parametrize("collection", list(FIELDS))
def test_a_record_dialog_tabs_through_its_fields_in_order(qtbot, demo_window, collection):
    dialog = open_record_dialog(demo_window, demo_window.session, collection)
    assert focus_order(dialog, dialog.editors) == [field.name for field in FIELDS[collection]]
    dialog.reject()


def test_the_skill_map_zoom_buttons_are_reachable_and_named(demo_window):
    page = demo_window.page(TAB_NAMES.index("Skill Map"))
    for button in (page.zoom_out_button, page.zoom_in_button, page.fit_button):
        assert button.accessibleName() and button.toolTip()
        assert button.focusPolicy() != Qt.FocusPolicy.NoFocus


# --- contrast ------------------------------------------------------------------------------------


def luminance(colour) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def contrast(foreground, background) -> float:
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


TEXT_ON = (  # each text role, on each background it is drawn on
    (Role.WindowText, Role.Window), (Role.WindowText, Role.Button), (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase), (Role.ButtonText, Role.Button), (Role.HighlightedText, Role.Highlight),
    (Role.ToolTipText, Role.ToolTipBase), (Role.PlaceholderText, Role.Base), (Role.PlaceholderText, Role.Window),
    (Role.Link, Role.Base), (Role.Link, Role.Window), (Role.LinkVisited, Role.Base), (Role.LinkVisited, Role.Window),
)
BACKGROUNDS = (Role.Window, Role.Base, Role.AlternateBase, Role.Button)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_text_role_of_the_palette_reads_at_4_5_to_1(qapp, dark):
    palette = fallback_palette(dark)
    for text, background in TEXT_ON:
        ratio = contrast(palette.color(text), palette.color(background))
        assert ratio >= 4.5, f"{text.name} on {background.name}: {ratio:.2f}"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("kind", list(STATUS_TEXT))
def test_the_status_colours_read_at_4_5_to_1_on_every_background(qapp, dark, kind):
    palette = fallback_palette(dark)
    for background in BACKGROUNDS:
        ratio = contrast(status_colour(kind, palette), palette.color(background))
        assert ratio >= 4.5, f"{kind} on {background.name}: {ratio:.2f}"


@pytest.fixture
def app_theme(qapp):
    yield qapp
    apply_theme(qapp, "system")


def test_hints_and_errors_follow_the_theme(qtbot, app_theme):
    hint, error = hint_label("No contacts yet."), error_label()
    for label in (hint, error):
        qtbot.addWidget(label)
    assert hint.isEnabled()  # a greyed hint, not a disabled label, whose grey would not read
    assert hint.foregroundRole() == Role.PlaceholderText
    assert isinstance(error, StatusLabel)
    for theme in ("light", "dark"):
        apply_theme(app_theme, theme)
        app_theme.processEvents()  # the palette change reaches the widgets as an event
        palette = app_theme.palette()
        assert error.palette().color(Role.WindowText) == status_colour("error", palette)
        assert contrast(error.palette().color(Role.WindowText), palette.color(Role.Window)) >= 4.5


def edge_contrast(qtbot, box) -> float:
    """The contrast of a check box's or radio button's outline on the window around it, as painted."""
    from PySide6.QtWidgets import QStyle, QStyleOptionButton, QVBoxLayout

    window = QWidget()
    qtbot.addWidget(window)
    QVBoxLayout(window).addWidget(box)
    window.show()
    qtbot.waitExposed(window)
    picture = window.grab().toImage()
    option = QStyleOptionButton()
    option.initFrom(box)
    element = QStyle.SubElement.SE_CheckBoxIndicator if isinstance(box, QCheckBox) else QStyle.SubElement.SE_RadioButtonIndicator
    indicator = box.style().subElementRect(element, option, box).translated(box.pos())
    around = picture.pixelColor(1, 1)
    middle = indicator.center().y()
    return max(contrast(picture.pixelColor(x, middle), around) for x in range(indicator.left() - 1, indicator.left() + 3))


def test_check_boxes_and_radio_buttons_are_outlined_at_3_to_1_in_the_dark_theme(qtbot, app_theme):
    """Fusion darkens the Window colour into their outline: 1.2 : 1 on the dark Window, unchecked all but unseen."""
    from PySide6.QtWidgets import QRadioButton

    apply_theme(app_theme, "dark")
    assert edge_contrast(qtbot, QCheckBox("Novel context")) >= 3
    assert edge_contrast(qtbot, QRadioButton("One")) >= 3
    apply_theme(app_theme, "light")  # back to the application's palette, whatever it becomes
    box = QCheckBox("Archived")
    qtbot.addWidget(box)
    assert box.palette().color(Role.Window) == app_theme.palette().color(Role.Window)


def test_overdue_contacts_and_unmet_requirements_use_the_theme_colours(demo_window, app_theme):
    community = demo_window.page(TAB_NAMES.index("Community"))
    model = community.contacts.model
    due_row = next(row for row in range(model.rowCount()) if model.record_at(row).due)
    for theme in ("light", "dark"):
        apply_theme(app_theme, theme)
        app_theme.processEvents()
        brush = model.data(model.index(due_row, 0), Qt.ItemDataRole.ForegroundRole)
        assert brush.color() == status_colour("error")
    career = demo_window.page(TAB_NAMES.index("Career"))
    requirements = career.requirements_model
    held = {requirements.data(requirements.index(row, 3), Qt.ItemDataRole.ForegroundRole).color().name()
            for row in range(requirements.rowCount())}
    assert held == {status_colour("good").name(), status_colour("error").name()}  # the demo has both

"""The theme switch, the icon set, and the help dialogs."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from masterydesk import __version__
from masterydesk.ui.help import AboutDialog, UserGuideDialog
from masterydesk.ui.icons import app_icon, icon, icon_names
from masterydesk.ui.theme import (
    NATIVE_STYLE,
    SETTING,
    SYSTEM_SCHEME,
    apply_theme,
    current_theme,
    follow_system_scheme,
    is_dark,
)

WINDOW = QPalette.ColorRole.Window


@pytest.fixture
def app(qapp):
    """The application, put back to the system theme afterwards."""
    yield qapp
    apply_theme(qapp, "system")


def test_light_and_dark_give_different_palettes(app):
    apply_theme(app, "light")
    light = app.palette().color(WINDOW)
    apply_theme(app, "dark")
    dark = app.palette().color(WINDOW)
    assert light != dark
    assert is_dark(app.palette()) and dark.lightness() < light.lightness()
    assert current_theme() == "dark"


def test_the_choice_is_remembered_and_system_is_the_default(app):
    QSettings().remove(SETTING)
    assert current_theme() == "system"
    apply_theme(app, "light")
    assert current_theme() == "light"
    assert not is_dark(QApplication.palette())


def test_back_on_the_system_theme_the_platform_style_returns(app):
    """Offscreen ignores the colour-scheme hint, so dark is drawn by Fusion with MasteryDesk's palette;
    here the platform's own style is Windows (a style Qt always has)."""
    before = app.style().name(), app.property(NATIVE_STYLE)
    app.setProperty(NATIVE_STYLE, None)
    app.setStyle("Windows")
    try:
        apply_theme(app, "system")
        assert app.style().name() == "windows"
        apply_theme(app, "dark")
        assert app.style().name() == "fusion" and is_dark(app.palette())
        apply_theme(app, "system")
        assert app.style().name() == "windows"
    finally:
        app.setStyle(before[0])
        app.setProperty(NATIVE_STYLE, before[1])


def test_an_unknown_theme_is_refused(app):
    with pytest.raises(ValueError, match="unknown theme"):
        apply_theme(app, "purple")


def test_at_start_the_system_scheme_last_read_is_drawn_then_read_again_and_followed(app):
    """Reading the scheme at start would cost the first frame 15 ms (app.py): the one read last time
    is drawn, and read again after the frame. Offscreen reports no scheme and draws light."""
    QSettings().setValue(SYSTEM_SCHEME, "dark")  # the system was dark when last read
    apply_theme(app, "system", at_start=True)
    assert is_dark(app.palette())
    follow_system_scheme(app)
    assert not is_dark(app.palette())
    assert QSettings().value(SYSTEM_SCHEME) == "unknown"
    apply_theme(app, "system", at_start=True)  # next start: what was read
    assert not is_dark(app.palette())


def test_a_change_of_the_system_scheme_while_the_app_runs_is_followed(app):
    from PySide6.QtCore import SIGNAL, Qt

    apply_theme(app, "system")
    follow_system_scheme(app)
    listeners = app.styleHints().receivers(SIGNAL("colorSchemeChanged(Qt::ColorScheme)"))
    follow_system_scheme(app)  # asked again: still one listener
    assert app.styleHints().receivers(SIGNAL("colorSchemeChanged(Qt::ColorScheme)")) == listeners >= 1
    QSettings().setValue(SYSTEM_SCHEME, "dark")
    apply_theme(app, "system", at_start=True)
    assert is_dark(app.palette())
    # What the platform sends when the user switches; offscreen then reads no scheme, and draws light.
    changes = []
    app.paletteChanged.connect(changes.append)
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not is_dark(app.palette()) and QSettings().value(SYSTEM_SCHEME) == "unknown"
    assert len(changes) == 1


def test_a_forced_theme_is_not_undone_by_the_system_scheme(app):
    apply_theme(app, "dark", at_start=True)
    QSettings().setValue(SYSTEM_SCHEME, "light")
    follow_system_scheme(app)
    assert is_dark(app.palette()) and current_theme() == "dark"


def test_every_icon_renders(qapp):
    names = icon_names()
    for needed in ("entry", "skill-map", "project", "community", "career", "insights", "quick-log"):
        assert needed in names
    for name in names:
        assert not icon(name).pixmap(24, 24).isNull(), name
    assert not app_icon().pixmap(256, 256).isNull()


def test_an_unknown_icon_name_fails_loudly(qapp):
    with pytest.raises(KeyError, match="no icon called"):
        icon("no-such-icon")


def test_the_user_guide_explains_tabs_tiers_and_metrics(qtbot):
    dialog = UserGuideDialog()
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    for words in ("Skill Map", "Insights", "Applied", "Mastery", "Application frequency",
                  "Teaching capacity", "Network resilience", "Readiness"):
        assert words in text


@pytest.mark.parametrize("home", ["/home/ann", "/home/alexandra.konstantinidou"])
def test_about_shows_a_journal_path_on_one_line(qtbot, home):
    dialog = AboutDialog(Path(f"{home}/Documents/MasteryDesk/journal.sqlite"), Path(f"{home}/backups"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = dialog.journal_label
    assert label.height() < 2 * label.fontMetrics().lineSpacing()


def test_about_tells_version_places_and_privacy(qtbot, journal_path):
    backups = journal_path.parent / "backups"
    dialog = AboutDialog(journal_path, backups)
    qtbot.addWidget(dialog)
    assert dialog.journal_label.text() == str(journal_path)
    assert dialog.backups_label.text() == str(backups)
    labels = " ".join(label.text() for label in dialog.findChildren(type(dialog.journal_label)))
    assert __version__ in labels
    assert "never opens a network connection" in labels

"""The frequency chart's light "Other skills" band and its switch; what a left chart page keeps; a
chart saved in the dark theme keeps its dark background."""

import datetime as dt

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from masterydesk.reports.chart_plots import Band
from masterydesk.reports.chart_style import PALETTE, contrast, luminance, to_hex
from masterydesk.ui.insights import InsightsTab
from masterydesk.ui.insights.insights_tab import SHOW_OTHER_SETTING
from masterydesk.ui.session import JournalSession
from masterydesk.ui.theme import apply_theme
from tests.builders import app, fill, skill
from tests.insights.conftest import TODAY

SKILLS = 9  # six busiest drawn alone, the other three as one band


@pytest.fixture
def busy(journal):
    """Nine skills, the n-th applied n times in the last four weeks."""
    skills = [skill(f"s{n}", name=f"Skill {n}") for n in range(1, SKILLS + 1)]
    applications = [app(f"a{n}-{k}", f"s{n}", TODAY - dt.timedelta(days=k)) for n in range(1, SKILLS + 1)
                    for k in range(n)]
    fill(journal, skills=skills, applications=applications)
    return journal


@pytest.fixture
def theme_app(qapp):
    yield qapp
    apply_theme(qapp, "system")


def insights_tab(qtbot, journal, settings=None):
    tab = InsightsTab(today=TODAY)
    qtbot.addWidget(tab)
    if settings is not None:
        tab.restore_state(settings)
    tab.set_session(JournalSession(journal))
    tab.resize(1200, 760)
    tab.show()
    qtbot.waitUntil(lambda: "frequency" in tab.charts and tab.charts["frequency"].picture is not None)
    return tab


def bands(canvas) -> dict[str, str]:
    """{label: fill colour} of the stacked bands the chart shows now."""
    return {mark.label: to_hex(mark.color) for mark in canvas.picture.panels[0].marks if isinstance(mark, Band)}


def painted_background(canvas) -> str:
    """The colour of the chart's corner as painted on screen."""
    corner = canvas.grab().toImage().pixelColor(2, 2)
    return to_hex((corner.redF(), corner.greenF(), corner.blueF()))


def test_the_other_skills_band_is_a_light_tint_that_the_check_box_hides_and_shows(qtbot, busy):
    tab = insights_tab(qtbot, busy)
    frequency = tab.charts["frequency"]
    shown = bands(frequency)
    assert len(shown) == 7 and shown["Other skills (3)"] == to_hex(frequency.colors.other)
    background = frequency.colors.background
    assert contrast(shown["Other skills (3)"], background) < min(contrast(c, background) for c in PALETTE)
    assert luminance(shown["Other skills (3)"]) > 0.8  # a tint on the light theme, not a dominant grey
    assert tab.show_other_box.isChecked()

    with qtbot.waitSignal(frequency.sig_drawn):
        tab.show_other_box.click()
    assert "Other skills (3)" not in bands(frequency)
    assert len(bands(frequency)) == 6
    assert tab.cards["Applications per week"].value.text() == tab.series.headline[2].value_text()  # still counted

    with qtbot.waitSignal(frequency.sig_drawn):
        tab.show_other_box.click()
    assert "Other skills (3)" in bands(frequency)


def test_hiding_the_other_skills_is_remembered(qtbot, busy, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    tab = insights_tab(qtbot, busy, settings)
    with qtbot.waitSignal(tab.charts["frequency"].sig_drawn):
        tab.show_other_box.click()
    assert settings.value(SHOW_OTHER_SETTING, type=bool) is False

    again = insights_tab(qtbot, busy, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    assert not again.show_other_box.isChecked()
    assert len(bands(again.charts["frequency"])) == 6


def test_the_check_box_shows_only_beside_the_frequency_chart(qtbot, busy):
    tab = insights_tab(qtbot, busy)
    assert tab.show_other_box.isVisible()
    tab.chart_tabs.setCurrentWidget(tab.charts["teaching"])
    assert not tab.show_other_box.isVisible()


def test_a_chart_page_left_lets_go_of_its_drawing_and_draws_again_when_shown(qtbot, busy):
    tab = insights_tab(qtbot, busy)
    frequency, teaching = tab.charts["frequency"], tab.charts["teaching"]
    with qtbot.waitSignal(teaching.sig_drawn):
        tab.chart_tabs.setCurrentWidget(teaching)
    assert frequency.picture is None  # its picture is given back while another chart is shown
    with qtbot.waitSignal(frequency.sig_drawn):
        tab.chart_tabs.setCurrentWidget(frequency)
    assert len(bands(frequency)) == 7


def test_a_chart_saved_in_the_dark_theme_keeps_its_dark_background(qtbot, theme_app, busy, tmp_path):
    apply_theme(theme_app, "dark")
    tab = insights_tab(qtbot, busy)
    frequency = tab.charts["frequency"]
    shown = painted_background(frequency)
    assert luminance(shown) < 0.2

    target = tmp_path / "frequency.png"
    frequency.save(target)
    corner = QImage(str(target)).pixelColor(2, 2)
    assert to_hex((corner.redF(), corner.greenF(), corner.blueF())) == shown


def test_a_theme_change_redraws_the_chart_shown_in_the_new_colours(qtbot, theme_app, busy):
    apply_theme(theme_app, "light")
    tab = insights_tab(qtbot, busy)
    frequency = tab.charts["frequency"]
    light_other = bands(frequency)["Other skills (3)"]
    with qtbot.waitSignal(frequency.sig_drawn):
        apply_theme(theme_app, "dark")
    assert luminance(painted_background(frequency)) < 0.2
    assert bands(frequency)["Other skills (3)"] != light_other
    assert bands(frequency)["Other skills (3)"] == to_hex(frequency.colors.other)

"""The charts follow the theme: drawn in the palette's colours, redrawn when it changes; the report stays paper."""

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from masterydesk.reports.chart_style import LIGHT, PALETTE, ChartColors, contrast, luminance, to_hex
from masterydesk.reports.coaching import report_content
from masterydesk.ui import theme
from masterydesk.ui.report_pdf import lay_out, write_report
from masterydesk.ui.theme import apply_theme
from tests.insights.conftest import FOUR_WEEKS, TODAY
from tests.insights.test_insights_tab import make_tab

PAPER = "#ffffff"


@pytest.fixture
def app(qapp):
    """The application, put back to the system theme afterwards."""
    yield qapp
    apply_theme(qapp, "system")


def background(canvas) -> str:
    """The colour of the chart's corner as painted on screen."""
    corner = canvas.grab().toImage().pixelColor(2, 2)
    return to_hex((corner.redF(), corner.greenF(), corner.blueF()))


def painted_pixels(canvas, color: str) -> int:
    """How many pixels of the chart as painted are exactly color."""
    image = canvas.grab().toImage()
    wanted = QColor(color).rgb()
    return sum(image.pixel(x, y) == wanted for x in range(image.width()) for y in range(0, image.height(), 2))


def dark(color: str) -> bool:
    return luminance(color) < 0.2


def picture_texts(picture) -> set[str]:
    """Titles, axis names, tick labels and legend entries of a painted chart."""
    texts = set()
    for panel in picture.panels:
        texts |= {panel.title, panel.x.label, panel.y.label, *(key.label for key in panel.keys)}
        texts |= {text for _, text in [*panel.x.ticks, *panel.y.ticks]}
    return texts - {""}


def test_the_dark_theme_draws_dark_charts_and_light_draws_them_light_again(qtbot, app, small):
    apply_theme(app, "light")
    tab = make_tab(qtbot, small)
    frequency = tab.charts["frequency"]
    assert not dark(background(frequency))

    with qtbot.waitSignal(frequency.sig_drawn):
        apply_theme(app, "dark")
    assert dark(background(frequency)) and frequency.picture.colors == frequency.colors
    assert {"Application frequency — all skills", "week", "SQL", "4-week mean"} <= picture_texts(frequency.picture)
    # The texts are painted in the text colour, readable on the dark background.
    assert contrast(frequency.colors.text, background(frequency)) >= 4.5
    assert contrast(frequency.colors.muted, background(frequency)) >= 4.5
    assert painted_pixels(frequency, frequency.colors.text) > 200  # the title's and labels' glyphs

    with qtbot.waitSignal(frequency.sig_drawn):
        apply_theme(app, "light")
    assert not dark(background(frequency))
    assert frequency.picture.panels[0].title == "Application frequency — all skills"


def test_a_chart_hidden_when_the_theme_changed_is_redrawn_in_it_when_shown(qtbot, app, small):
    apply_theme(app, "light")
    tab = make_tab(qtbot, small)
    calendar = tab.charts["calendar"]
    with qtbot.waitSignal(calendar.sig_drawn):
        tab.chart_tabs.setCurrentWidget(calendar)
    tab.chart_tabs.setCurrentWidget(tab.charts["frequency"])
    with qtbot.waitSignal(tab.charts["frequency"].sig_drawn):
        apply_theme(app, "dark")
    assert calendar.picture is None and not dark(calendar.colors.background)  # not built again while hidden
    with qtbot.waitSignal(calendar.sig_drawn):
        tab.chart_tabs.setCurrentWidget(calendar)
    assert dark(background(calendar))
    assert dark(calendar.colors.calendar_shade(0.0))  # a day with nothing logged is a dark cell, not a white one


def test_the_report_stays_light_in_the_dark_theme(qtbot, app, small, tmp_path):
    apply_theme(app, "dark")
    tab = make_tab(qtbot, small)
    assert dark(background(tab.charts["frequency"]))
    assert write_report(small, tmp_path / "report.pdf", FOUR_WEEKS.start, FOUR_WEEKS.end, today=TODAY) == 2
    content = report_content(small, FOUR_WEEKS.start, FOUR_WEEKS.end, today=TODAY)
    layout = lay_out(content, QRectF(0, 0, 595, 842), QImage(595, 842, QImage.Format.Format_RGB32))
    for number in range(2):  # the pages as the PDF has them, painted on an image to look at
        image = QImage(595, 842, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        layout.paint(painter, number)
        painter.end()
        shades = [QColor(image.pixel(x, y)).name() for x in range(0, 595, 5) for y in range(0, 842, 5)]
        assert shades.count(PAPER) > 0.7 * len(shades)  # paper, charts included
        screen = ChartColors.on(theme.DARK[theme.Role.Base], theme.DARK[theme.Role.Text])
        assert not {screen.background, screen.text, screen.grid, screen.other} & set(shades)  # nothing of the screen's
        assert shades.count(LIGHT.text.lower()) > 20  # the text is in the paper's text colour


@pytest.mark.parametrize("name, colors", [
    ("paper", LIGHT),
    ("light theme", ChartColors.on(theme.LIGHT[theme.Role.Base], theme.LIGHT[theme.Role.Text])),
    ("dark theme", ChartColors.on(theme.DARK[theme.Role.Base], theme.DARK[theme.Role.Text])),
])
def test_chart_text_is_readable_and_the_other_band_is_quieter_than_any_skill(name, colors):
    assert contrast(colors.text, colors.background) >= 4.5, name
    assert contrast(colors.muted, colors.background) >= 4.5, name
    quietest_skill = min(contrast(color, colors.background) for color in PALETTE)
    assert contrast(colors.other, colors.background) < quietest_skill, name


def test_muted_text_falls_back_to_the_text_colour_on_a_palette_of_little_contrast():
    colors = ChartColors.on("#777777", "#FFFFFF")
    assert colors.muted == "#ffffff"

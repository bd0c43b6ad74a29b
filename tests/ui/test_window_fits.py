"""Every tab is usable in a 1024 × 700 window and at 1280 × 800: nothing asks for more room than there is.

The window is the app on the demo journal, with the Today panel docked beside the tabs, as a new user sees it.
"""

import pytest
from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QApplication

from masterydesk.services.demo import create_demo_journal
from masterydesk.ui.main_window import TAB_NAMES, MainWindow
from masterydesk.ui.widgets.record_table import RecordTable, capped_widths

SMALL, LARGE = QSize(1024, 700), QSize(1280, 800)


@pytest.fixture
def demo_window(qtbot, tmp_path):
    path = tmp_path / "demo.sqlite"
    create_demo_journal(path)
    main = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.show()
    assert main.open_journal_path(path)
    yield main
    main.close()


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def visit(window, index: int):
    """Show a tab and let its page lay itself out; the page."""
    window.tabs.setCurrentIndex(index)
    settle()
    return window.page(index)


def sized(window, size: QSize) -> None:
    window.resize(size)
    settle()


def room_in(window, page, size: QSize) -> QSize:
    """The room the page has in a window of that size: the window's size less what the dock, bars and tab bar take.

    Measured in the window as it is: should one page be too wide for 1024 px the window stays wider,
    and the room a 1024-pixel window would leave is still what each other page must fit.
    """
    return QSize(size.width() - (window.width() - page.width()), size.height() - (window.height() - page.height()))


def fits(page, room: QSize) -> bool:
    hint = page.minimumSizeHint()
    return hint.width() <= room.width() and hint.height() <= room.height()


@pytest.mark.parametrize("name", TAB_NAMES)
def test_each_tab_fits_beside_the_today_panel_in_1024_by_700(demo_window, name):
    sized(demo_window, SMALL)
    page = visit(demo_window, TAB_NAMES.index(name))
    room = room_in(demo_window, page, SMALL)
    assert fits(page, room), f"{name} needs {page.minimumSizeHint().toTuple()}, has {room.toTuple()}"


def test_the_window_opens_down_to_1024_by_700(demo_window):
    for index in range(len(TAB_NAMES)):
        visit(demo_window, index)
    hint = demo_window.minimumSizeHint()
    assert hint.width() <= SMALL.width() and hint.height() <= SMALL.height(), hint.toTuple()
    sized(demo_window, SMALL)
    assert demo_window.size() == SMALL
    for index, name in enumerate(TAB_NAMES):
        page = visit(demo_window, index)
        assert fits(page, page.size()), name


def test_the_today_panel_gives_the_tabs_most_of_a_small_window(demo_window):
    sized(demo_window, SMALL)
    assert demo_window.today_dock.minimumSizeHint().width() <= 230
    assert demo_window.today_dock.isVisible()


def test_at_1024_by_700_the_today_panel_keeps_its_width_through_every_tab(qtbot, demo_window):
    """A page wider than the room beside the panel squeezed the panel, and every tab moved."""
    from PySide6.QtCore import Qt

    from masterydesk.ui.today_wiring import PANEL_WIDTH

    sized(demo_window, SMALL)  # the offscreen screen is smaller: the panel was docked narrower
    demo_window.resizeDocks([demo_window.today_dock], [PANEL_WIDTH], Qt.Orientation.Horizontal)
    settle()
    for index, name in enumerate(TAB_NAMES):
        visit(demo_window, index)
        assert demo_window.today_dock.width() == PANEL_WIDTH and demo_window.width() == SMALL.width(), name
    insights = demo_window.page(TAB_NAMES.index("Insights"))
    qtbot.waitUntil(lambda: insights.data is not None)  # read on a worker: the scope's values come with it
    for window in ("Last year", "Custom dates"):
        insights.window_choice.setCurrentText(window)
        for scope in range(insights.scope_kind.count()):  # a category, a skill or a role picked beside it
            insights.scope_kind.setCurrentIndex(scope)
            settle()
            picked = (window, insights.scope_kind.currentText())
            assert demo_window.today_dock.width() == PANEL_WIDTH and demo_window.width() == SMALL.width(), picked


def record_tables(page) -> list[RecordTable]:
    return [table for table in page.findChildren(RecordTable) if table.isVisible()]


@pytest.mark.parametrize("name", ["Projects", "Community", "Career"])
def test_the_tables_never_scroll_sideways_at_1280_by_800(demo_window, name):
    sized(demo_window, LARGE)
    page = visit(demo_window, TAB_NAMES.index(name))
    page.findChildren(RecordTable)[0].select_first_if_none()  # its details fill the other tables
    settle()
    tables = record_tables(page)
    assert tables
    for table in tables:
        assert not table.view.horizontalScrollBar().isVisible(), table.filter_field.placeholderText()


def test_the_community_contacts_elide_and_show_their_cells_whole_in_a_tooltip(demo_window):
    sized(demo_window, SMALL)
    page = visit(demo_window, TAB_NAMES.index("Community"))
    view = page.contacts.view
    header = view.horizontalHeader()
    assert sum(header.sectionSize(i) for i in range(header.count())) <= view.viewport().width() + 1
    supports = page.contacts.model.index(0, 5)
    tip = QTextDocumentFragment.fromHtml(supports.data(0x03)).toPlainText()  # ToolTipRole, as text
    assert tip == supports.data()  # the whole list of skills


def test_the_career_tab_shows_several_roles_at_700_high(demo_window):
    sized(demo_window, SMALL)
    page = visit(demo_window, TAB_NAMES.index("Career"))
    view = page.roles.view
    rows_shown = (view.viewport().height()) // view.verticalHeader().defaultSectionSize()
    assert rows_shown >= 3
    assert page.details_scroll.isVisible()  # the role's details scroll below the list


def test_the_skill_card_wraps_its_buttons_instead_of_clipping_them(demo_window):
    sized(demo_window, SMALL)
    page = visit(demo_window, TAB_NAMES.index("Skill Map"))
    page.select_record("skills", next(iter(page.scene.nodes)))
    settle()
    card = page.card
    for button in (card.log_application, card.log_teaching):
        assert button.isVisible()
        assert card.rect().contains(button.geometry()), button.text()
    assert not card.parentWidget().parentWidget().horizontalScrollBar().isVisible()


@pytest.mark.parametrize(("natural", "room", "fitted"), [
    ([100, 200, 300], 1000, [100, 200, 300]),  # room enough: every column as wide as its cells
    ([100, 200, 300], 500, [100, 200, 200]),  # the widest are cut to one width
    ([100, 200, 300], 350, [100, 125, 125]),
    ([100, 200, 300], 100, [64, 64, 64]),  # never below a few letters
])
def test_columns_are_cut_widest_first(natural, room, fitted):
    assert capped_widths(natural, room) == fitted

"""Rows of buttons that wrap: one line when the pane is wide, more lines when it is narrow."""

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from masterydesk.ui.widgets.flow_layout import FlowLayout


def flowing(qtbot, spacing: int = -1, in_box: bool = False) -> tuple[QWidget, list[QPushButton]]:
    pane = QWidget()
    qtbot.addWidget(pane)
    row = FlowLayout(spacing=spacing) if in_box else FlowLayout(pane, spacing)
    if in_box:
        QVBoxLayout(pane).addLayout(row)
    buttons = [QPushButton(text) for text in ("Log practice", "Add skill", "Plan the week")]
    for button in buttons:
        row.addWidget(button)
    return pane, buttons


def lay_out(pane: QWidget, width: int) -> None:
    pane.resize(width, pane.layout().heightForWidth(width) if pane.layout().hasHeightForWidth() else 200)
    pane.layout().activate()
    pane.layout().setGeometry(pane.rect())


def test_on_a_wide_pane_the_buttons_share_one_line_the_style_s_gap_apart(qtbot):
    pane, (first, second, third) = flowing(qtbot)
    lay_out(pane, 900)
    other = QWidget()
    style_gap = QHBoxLayout(other).spacing()  # what a row of the style's own puts between widgets
    assert first.y() == second.y() == third.y()
    assert second.x() - first.geometry().right() - 1 == style_gap
    assert third.x() - second.geometry().right() - 1 == style_gap


def test_on_a_narrow_pane_they_wrap_and_the_layout_asks_for_the_height_of_every_line(qtbot):
    pane, (first, second, third) = flowing(qtbot)
    layout = pane.layout()
    narrow = max(button.sizeHint().width() for button in (first, second, third)) + 4
    lay_out(pane, narrow)
    assert first.y() < second.y() < third.y() and first.x() == second.x() == third.x()
    assert layout.heightForWidth(narrow) > layout.heightForWidth(900)
    assert layout.minimumSize().width() == narrow - 4


def test_a_spacing_asked_for_is_the_gap_across_and_down(qtbot):
    pane, (first, second, third) = flowing(qtbot, spacing=15)
    lay_out(pane, 900)
    assert second.x() - first.geometry().right() - 1 == 15
    narrow = max(button.sizeHint().width() for button in (first, second, third))
    lay_out(pane, narrow)
    assert second.y() - first.geometry().bottom() - 1 == 15


def test_inside_another_layout_the_row_takes_its_gap(qtbot):
    pane, (first, second, _third) = flowing(qtbot, in_box=True)
    pane.layout().setSpacing(11)
    pane.resize(900, 200)
    pane.show()
    qtbot.waitExposed(pane)
    assert second.x() - first.geometry().right() - 1 == 11

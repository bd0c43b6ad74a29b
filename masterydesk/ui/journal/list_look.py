"""How the Journal tab's list looks: its columns, the words and icons of each kind of row, and where
the list sat in its page the last time the window closed.

The first look (ui.journal_opener) is painted in the window's first frame, before the tab's own
modules load, and is replaced by the tab's page a few hundred milliseconds later. Both take their
columns from here, and the first look takes the place the page's list had last time, so the rows
do not move when the page replaces it. This module loads nothing the first frame does without.
"""

from __future__ import annotations

import json

from PySide6.QtWidgets import QHeaderView, QTableView

COLUMNS = ("Date", "Kind", "Skills", "Person", "Summary")
KIND_COLUMN, SUMMARY_COLUMN = 1, 4
WIDTHS = (92, 116, 120, 120, 360)  # by the columns above; the last one shown stretches
KIND_ROOM = 34  # beside the Kind column's words: its icon and the cell's padding
# What happened comes right after the date and kind; skills and people after it, for a wider list.
SHOWN_ORDER = (0, KIND_COLUMN, SUMMARY_COLUMN, 2, 3)
PLACE_KEY = "journal/list_place"

# How each kind of row is named and drawn.
KIND_LABELS = {
    "practice": "Practice", "learning": "Learning", "reflection": "Reflection", "application": "Application",
    "teaching": "Teaching", "interaction": "Interaction", "checkin": "Check-in", "promotion": "Tier reached",
}
KIND_ICONS = {
    "practice": "entry", "learning": "entry", "reflection": "entry", "application": "application",
    "teaching": "teaching", "interaction": "interaction", "checkin": "checkin", "promotion": "skill",
}


def kind_text(kind: str, private: bool) -> str:
    """The Kind column's words for a row: "Practice", "Check-in · private", …"""
    return KIND_LABELS[kind] + (" · private" if private else "")


def default_widths(header: QHeaderView) -> list[int]:
    """WIDTHS, the Kind column as wide as its longest words ("Interaction · private") where the font
    needs it: cut to "Reflection · …", a private entry did not say it was one."""
    metrics = header.fontMetrics()
    kind = max(metrics.horizontalAdvance(kind_text(name, True)) for name in KIND_LABELS) + KIND_ROOM
    return [max(width, kind) if column == KIND_COLUMN else width for column, width in enumerate(WIDTHS)]


def look_like_the_list(view: QTableView, place: dict | None = None) -> None:
    """The list's rows (one line each, a little air around it), newest first, and its columns."""
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSortIndicatorShown(True)  # on the dates, newest first: a new header's own (0, descending)
    header.setStretchLastSection(True)
    lay_out_columns(header, place)


def lay_out_columns(header: QHeaderView, place: dict | None = None) -> None:
    """The columns' order and widths: as the page's list had them last time (place), else the defaults."""
    widths = place["widths"] if place else default_widths(header)
    order = place["order"] if place else SHOWN_ORDER
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    for position, column in enumerate(order):
        header.moveSection(header.visualIndex(column), position)


def list_place(page, view, below) -> dict:
    """Where the list sits in its page (the margins around it, the widget below it included) and its columns."""
    top_left = view.mapTo(page, view.rect().topLeft())
    right = view.mapTo(page, view.rect().bottomRight()).x()
    bottom = below.mapTo(page, below.rect().bottomRight()).y()
    header = view.horizontalHeader()
    return {
        "margins": [top_left.x(), top_left.y(), page.width() - 1 - right, page.height() - 1 - bottom],
        "width": page.width(),
        "widths": [header.sectionSize(column) for column in range(len(COLUMNS))],
        "order": [header.logicalIndex(position) for position in range(len(COLUMNS))],
    }


def save_place(settings, place: dict) -> None:
    settings.setValue(PLACE_KEY, json.dumps(place))


def saved_place(settings) -> dict | None:
    """The place saved last time, or None (never saved, or not readable: the defaults then)."""
    try:
        place = json.loads(settings.value(PLACE_KEY, "null"))
        margins, widths, order, width = place["margins"], place["widths"], place["order"], place["width"]
    except (TypeError, ValueError, KeyError):
        return None
    sound = (
        len(margins) == 4 and len(widths) == len(order) == len(COLUMNS)
        and sorted(order) == list(range(len(COLUMNS)))
        and all(isinstance(n, int) and 0 <= n < 10_000 for n in (*margins, *widths, width))
    )
    return place if sound else None


def fits(place: dict, width: int) -> bool:
    """Whether the place's margins leave a list in a page this wide at least half as wide as it was
    (a place saved on a larger screen would squeeze it)."""
    left, _top, right, _bottom = place["margins"]
    return width - left - right >= (place["width"] - left - right) / 2

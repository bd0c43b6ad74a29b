"""Window rules: which days a figure covers, by default, by preset, and the period before.

A window is [from, to], both days inclusive (records.Window). The metrics, Insights, the
check-in and the coaching report all take their windows from here.
"""

from __future__ import annotations

import datetime as dt

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.records import FIRST_DAY, LAST_DAY, Window

DAY = dt.timedelta(days=1)
PRESET_DAYS = {"4 weeks": 28, "quarter": 91, "year": 364}  # whole weeks, so no week is cut short
PRESETS = ("4 weeks", "quarter", "year", "all")
DEFAULT_PRESET = "year"


def check_window_days(start: dt.date | None, end: dt.date | None) -> None:
    """Refuse a window day MasteryDesk cannot report on."""
    for day in (start, end):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise MasteryDeskError(
                f"The window cannot include {day.isoformat()}: MasteryDesk reports on days from "
                f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}."
            )


def resolve_window(
    earliest: dt.date | None, start: dt.date | None, end: dt.date | None, today: dt.date
) -> Window:
    """Defaults: from the earliest dated record (1900 at the earliest), to today; refuse the impossible."""
    check_window_days(start, end)
    end = end or max(today, FIRST_DAY)
    if start is None:
        start = max(min(earliest, end), FIRST_DAY) if earliest else end
    return Window(start, end)


def preset_window(preset: str, today: dt.date, earliest: dt.date | None) -> Window:
    """The window a preset names, ending today: '4 weeks', 'quarter', 'year' or 'all'."""
    if preset == "all":
        return resolve_window(earliest, None, None, today)
    return Window(today - dt.timedelta(days=PRESET_DAYS[preset] - 1), today)


def default_preset(today: dt.date, earliest: dt.date | None) -> str:
    """The window a journal opens on: the last year, or all of it while it is younger than that."""
    if earliest is None or (today - earliest).days < PRESET_DAYS["year"]:
        return "all"
    return DEFAULT_PRESET


def previous_window(window: Window) -> Window:
    """The window of the same length that ends the day before this one starts."""
    length = dt.timedelta(days=(window.end - window.start).days + 1)
    return Window(window.start - length, window.start - DAY)

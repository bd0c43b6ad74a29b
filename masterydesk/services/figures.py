"""How figures and dates read, everywhere they are shown: the app, the check-in, the report.

One place for "4.5 / 5", "42 %", "12 h 40 min" and "6 Dec 2026", so the screens and the PDF
cannot disagree on how a number looks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def day_text(day: dt.date) -> str:
    """A day as people read it: 6 Dec 2026 (no zero padding, and no platform-specific %-d)."""
    return f"{day.day} {day:%b %Y}"


def minutes_text(minutes: float) -> str:
    """A duration: 45 min, 3 h, 12 h 40 min."""
    minutes = round(minutes)
    hours, rest = divmod(abs(minutes), 60)
    sign = "-" if minutes < 0 else ""
    if not hours:
        return f"{sign}{rest} min"
    return f"{sign}{hours} h {rest} min" if rest else f"{sign}{hours} h"


def days_text(days: float) -> str:
    """A number of days: 1 day, 12 days, 4.5 days (a median may fall between two)."""
    shown = f"{days:.0f}" if float(days).is_integer() else f"{days:.1f}"
    return f"{shown} day" if shown == "1" else f"{shown} days"


def format_value(value: float | None, unit: str) -> str:
    """A value as people read it: 42 %, 3.2 / week, 4.5 / 5, 12 h 40 min, 31 days."""
    if value is None:
        return "—"
    if unit == "share":
        return f"{value * 100:.0f} %"
    if unit == "rate":
        return f"{value:.1f} / week"
    if unit == "rating":
        return f"{value:.1f} / 5"
    if unit == "minutes":
        return minutes_text(value)
    if unit == "days":
        return days_text(value)
    return f"{value:.0f}"


@dataclass(frozen=True, slots=True)
class Measure:
    """A named figure with the value it had before (a previous period, or a past date)."""

    label: str
    value: float | None
    previous: float | None
    unit: str = "count"  # count | rate | share | rating | minutes | days

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    def value_text(self) -> str:
        return format_value(self.value, self.unit)

    def change_text(self) -> str:
        """The change as a signed figure, or a dash when it is undefined."""
        change = self.change
        if change is None:
            return "—"
        if self.unit == "share":
            return f"{change * 100:+.0f} pts"
        if self.unit == "count":
            return f"{change:+.0f}"
        if self.unit == "minutes":
            return ("+" if change >= 0 else "") + minutes_text(change)
        if self.unit == "days":
            return f"{change:+.1f} days" if not float(change).is_integer() else f"{change:+.0f} days"
        return f"{change:+.1f}"

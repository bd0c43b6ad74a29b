"""What the Insights charts are drawn with, on screen and in the coaching report's PDF: colours,
the palette, the empty states' words and how a bin of dates is said.

Nothing here imports Qt: colours are "#RRGGBB" strings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from masterydesk.domain.records import Tier
from masterydesk.services.figures import day_text

PALETTE = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3", "#CCB974", "#64B5CD")
NAME_LENGTH = 26
GAP_ROWS_SHOWN = 8  # the role readiness chart's gaps: room for this many, the first ones at the top
READABLE = 4.5  # the least contrast of text with its background (WCAG AA)
# Days with more logged are darker greens on a light background and brighter ones on a dark one.
LIGHT_GREENS = ("#9BE9A8", "#40C463", "#216E39")
DARK_GREENS = ("#006D32", "#26A641", "#39D353")
TIER_COLORS = {Tier.FOUNDATION: "#B8B8B8", Tier.APPLIED: "#4C72B0", Tier.MASTERY: "#D4A017"}
DAY = dt.timedelta(days=1)


def rgb(color: str) -> tuple[float, float, float]:
    """A "#RRGGBB" colour as three channels from 0 to 1."""
    digits = color.lstrip("#")
    if len(digits) != 6:
        raise ValueError(f"not a #RRGGBB colour: {color!r}")
    return tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))


def to_hex(channels) -> str:
    """Three channels from 0 to 1 (or a colour string) as a lower-case "#rrggbb"."""
    if isinstance(channels, str):
        channels = rgb(channels)
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in channels[:3])


def mix(color: str, background: str, share: float) -> str:
    """share of color laid over background."""
    return to_hex([share * c + (1 - share) * b for c, b in zip(rgb(color), rgb(background))])


def luminance(color: str) -> float:
    """The relative luminance of a colour (WCAG 2): 0 for black, 1 for white."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb(to_hex(color))]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(one: str, other: str) -> float:
    """The contrast ratio of two colours (WCAG 2), from 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _readable_mix(text: str, background: str) -> str:
    """The quietest mix of text into background that stays readable (the text itself if none is)."""
    for share in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
        muted = mix(text, background, share)
        if contrast(muted, background) >= READABLE:
            return muted
    return to_hex(text)


@dataclass(frozen=True)
class ChartColors:
    """The colours of everything in a chart but its series: background, text, quiet marks."""

    background: str = "#FFFFFF"
    text: str = "#222222"  # titles and labels, and the lines that sum up (means, rates, ratings)
    muted: str = "#666666"  # secondary lines and messages, still readable on the background
    grid: str = "#E6E6E6"
    other: str = "#EBEBEB"  # the "Other skills" band: a light tint behind the skills, never a dominant grey
    calendar: tuple[str, ...] = ("#E4E7EB", *LIGHT_GREENS)  # a day with nothing logged, then more and more

    @classmethod
    def on(cls, background: str, text: str) -> ChartColors:
        """Colours for a screen whose palette puts text on background, light or dark."""
        dark = luminance(background) < luminance(text)
        return cls(background=to_hex(background), text=to_hex(text), muted=_readable_mix(text, background),
                   grid=mix(text, background, 0.16 if dark else 0.10),
                   other=mix(text, background, 0.13 if dark else 0.08),
                   calendar=(mix(text, background, 0.12), *(DARK_GREENS if dark else LIGHT_GREENS)))

    def calendar_shade(self, share: float) -> str:
        """The practice calendar's shade for share (0: nothing logged, 1: the most logged on one day)."""
        stops = self.calendar
        where = min(max(share, 0.0), 1.0) * (len(stops) - 1)
        low = min(int(where), len(stops) - 2)
        return mix(stops[low + 1], stops[low], where - low)


LIGHT = ChartColors()

EMPTY = {
    "frequency": "No applications in this window yet.\n"
                 "Log each use of a skill in real work (Quick log → Application, Ctrl+L).",
    "teaching": "No teaching in this window yet.\n"
                "Log each time you mentor, review, present or write about a skill (Quick log → Teaching).",
    "calendar": "Nothing logged in this year yet.\n"
                "Write a journal entry, or log an application or a teaching event.",
    "latency": "No skill in scope was started in this window.\n"
               "Set the date you started learning each skill on the Skill Map, then log its applications.",
    "tiers": "No skill reached Applied or Mastery in this window.\n"
             "Log reviewed applications to reach Applied; rated teaching and a novel-context use for Mastery.",
    "readiness": "No target roles yet.\n"
                 "Add a role and the skills it requires, at the tier it requires, on the Career tab.",
    "community": "No contacts or interactions yet.\n"
                 "Add your mentors and peers on the Community tab and log each conversation with them.",
}


def short(name: str) -> str:
    """A name cut to NAME_LENGTH characters, with an ellipsis when cut."""
    return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1] + "…"


def period_text(start: dt.date, stop: dt.date) -> str:
    """A bin [start, stop) as people say it: 'March 2025', 'Q1 2025' or '3 Mar 2025 – 9 Mar 2025'."""
    whole_month = start.day == 1 and stop.day == 1
    months = (stop.year - start.year) * 12 + stop.month - start.month
    if whole_month and months == 1:
        return f"{start:%B %Y}"
    if whole_month and months == 3 and start.month % 3 == 1:
        return f"Q{start.month // 3 + 1} {start.year}"
    return f"{day_text(start)} – {day_text(stop - DAY)}"

"""Days as people type them: 2024-03-31, today, yesterday, or a weekday name.

One reading for every typed day (the command line's --date, --from and --to, and the app's date
fields), so that "friday" means the same day everywhere.
"""

from __future__ import annotations

import datetime as dt

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WORDS = ("today", "yesterday", *WEEKDAYS)
HINT = "write it like 2024-03-31, or today, yesterday or a weekday name"


def may_become_a_day_word(text: str) -> bool:
    """Whether text is the start of a day word ("tod", "fr"): a field typing it waits for the rest."""
    word = text.strip().casefold()
    return bool(word) and any(name.startswith(word) for name in WORDS)


def day_from_words(text: str, today: dt.date) -> dt.date:
    """The day text names as of today; a weekday is the latest such day on or before today.

    A weekday may be shortened to three letters or more ("fri", "thurs"). Raises ValueError
    with a sentence for anything else.
    """
    word = text.strip().casefold()
    if word == "today":
        return today
    if word == "yesterday":
        return today - dt.timedelta(days=1)
    weekdays = [n for n, name in enumerate(WEEKDAYS) if len(word) >= 3 and name.startswith(word)]
    if len(weekdays) == 1:
        return today - dt.timedelta(days=(today.weekday() - weekdays[0]) % 7)
    try:
        return dt.date.fromisoformat(word)
    except ValueError:
        raise ValueError(f"'{text}' is not a day: {HINT}.") from None

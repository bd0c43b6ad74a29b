"""Day words: 2024-03-31, today, yesterday and weekday names, worked out by hand from a known today."""

import datetime as dt

import pytest

from masterydesk.domain.day_words import day_from_words, may_become_a_day_word

D = dt.date
WEDNESDAY = D(2024, 3, 6)  # a leap year: the Thursday before it is 29 February


@pytest.mark.parametrize("text, day", [
    ("2024-03-31", D(2024, 3, 31)),
    ("today", D(2024, 3, 6)),
    ("  Today ", D(2024, 3, 6)),
    ("yesterday", D(2024, 3, 5)),
    ("wednesday", D(2024, 3, 6)),  # the day itself, not a week ago
    ("tuesday", D(2024, 3, 5)),
    ("Monday", D(2024, 3, 4)),
    ("sunday", D(2024, 3, 3)),
    ("saturday", D(2024, 3, 2)),
    ("FRIDAY", D(2024, 3, 1)),
    ("thursday", D(2024, 2, 29)),
    ("fri", D(2024, 3, 1)),
    ("thurs", D(2024, 2, 29)),
])
def test_a_day_word_names_the_latest_such_day_on_or_before_today(text, day):
    assert day_from_words(text, WEDNESDAY) == day


def test_day_words_cross_the_year_back():
    new_year = D(2025, 1, 1)  # a Wednesday
    assert day_from_words("yesterday", new_year) == D(2024, 12, 31)
    assert day_from_words("tuesday", new_year) == D(2024, 12, 31)
    assert day_from_words("thursday", new_year) == D(2024, 12, 26)


@pytest.mark.parametrize("text", ["someday", "last friday", "t", "th", "", "2024-02-30", "31/03/2024", "tomorrow"])
def test_anything_else_is_refused_with_a_sentence(text):
    with pytest.raises(ValueError) as refused:
        day_from_words(text, WEDNESDAY)
    assert str(refused.value) == (
        f"'{text}' is not a day: write it like 2024-03-31, or today, yesterday or a weekday name."
    )


@pytest.mark.parametrize("text, expected", [
    ("tod", True), ("FR", True), ("y", True), ("tuesday", True), ("x", False), ("", False), ("2024", False),
])
def test_the_start_of_a_day_word_may_become_one(text, expected):
    assert may_become_a_day_word(text) is expected

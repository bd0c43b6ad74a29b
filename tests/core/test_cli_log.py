"""`masterydesk log` from the command line, and `--demo` with the commands that read a journal."""

import datetime as dt
import json
import subprocess
import sys

import pytest

from masterydesk.domain import records as r
from masterydesk.store.database import open_journal
from tests.builders import fill, read_file, skill


def run(*args):
    return subprocess.run([sys.executable, "-m", "masterydesk", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def skilled_journal(tmp_path):
    path = tmp_path / "journal.sqlite"
    journal = open_journal(path, create=True)
    fill(journal, skills=[skill("sql", name="SQL"), skill("python", name="Python"),
                          skill("sql-tuning", name="SQL tuning"), skill("pandas", name="pandas")])
    journal.close()
    return path


def entries(path) -> tuple[r.JournalEntry, ...]:
    return read_file(path).journal


def test_log_saves_one_entry_and_says_what_was_saved(skilled_journal):
    result = run("log", "Window functions kata", "--kind", "practice", "--minutes", "30", "--skill", "SQL",
                 "--date", "2026-12-06", "--db", str(skilled_journal))
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "Saved a practice entry of 30 min on 6 Dec 2026 for SQL.\n", "")
    (entry,) = entries(skilled_journal)
    assert (entry.date, entry.kind, entry.text, entry.minutes, entry.skill_ids, entry.private) == (
        dt.date(2026, 12, 6), r.EntryKind.PRACTICE, "Window functions kata", 30, ("sql",), False)
    assert entry.id.startswith("entry-")


def test_skills_match_by_name_case_aside_and_the_day_may_be_a_word(skilled_journal):
    result = run("log", "Read about indexes", "--kind", "Learning", "--minutes", "90", "--skill", "sql",
                 "--skill", "PYTHON", "--skill", "Sql", "--date", "yesterday", "--private", "--db", str(skilled_journal))
    yesterday = dt.date.today() - dt.timedelta(days=1)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Saved a private learning entry of 1 h 30 min on {yesterday.day} {yesterday:%b %Y} for SQL and Python.\n"
    (entry,) = entries(skilled_journal)
    assert (entry.date, entry.kind, entry.skill_ids, entry.private) == (
        yesterday, r.EntryKind.LEARNING, ("sql", "python"), True)


def test_a_reflection_needs_no_skill_nor_minutes_and_defaults_to_today(skilled_journal):
    result = run("log", "The week went well", "--kind", "reflection", "--db", str(skilled_journal))
    today = dt.date.today()
    assert result.stdout == f"Saved a reflection entry on {today.day} {today:%b %Y}.\n", result.stderr
    assert [(e.date, e.minutes, e.skill_ids) for e in entries(skilled_journal)] == [(today, 0, ())]


@pytest.mark.parametrize("typed, sentence", [
    ("Sequel", "No skill is named 'Sequel'; did you mean 'SQL'?"),
    ("sq", "No skill is named 'sq'; did you mean 'SQL' or 'SQL tuning'?"),
    ("Pandass", "No skill is named 'Pandass'; did you mean 'pandas'?"),
    ("Cooking", "No skill is named 'Cooking', and none has a close name; add it in the app first."),
])
def test_an_unknown_skill_is_refused_naming_the_close_matches_and_nothing_is_saved(skilled_journal, typed, sentence):
    result = run("log", "Kata", "--minutes", "30", "--skill", "Python", "--skill", typed, "--db", str(skilled_journal))
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"masterydesk: {sentence}\n")
    assert entries(skilled_journal) == ()


def test_a_bad_date_is_a_usage_error_and_nothing_is_saved(skilled_journal):
    result = run("log", "Kata", "--skill", "SQL", "--date", "someday", "--db", str(skilled_journal))
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "masterydesk log: error: argument --date: 'someday' is not a day: "
        "write it like 2024-03-31, or today, yesterday or a weekday name."
    )
    assert entries(skilled_journal) == ()


@pytest.mark.parametrize("arguments, sentence", [
    (["Kata", "--minutes", "-5"], "An entry records 0 to 1,440 minutes, not -5."),
    (["Kata", "--minutes", "1441"], "An entry records 0 to 1,440 minutes, not 1441."),
    (["   "], "The entry has no text: write a few words about what you did."),
    (["x" * 100_001], "The text is 100,001 characters long; an entry holds at most 100,000."),
    (["Kata", "--date", "1899-12-31"], "1899-12-31 is outside the days a journal keeps (1900-01-01 to 2999-12-31)."),
])
def test_bad_input_is_one_sentence_exit_2_and_nothing_is_saved(skilled_journal, arguments, sentence):
    result = run("log", *arguments, "--db", str(skilled_journal))
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"masterydesk: {sentence}\n")
    assert entries(skilled_journal) == ()


def test_log_does_not_make_a_journal_where_there_is_none(tmp_path):
    missing = tmp_path / "none.sqlite"
    result = run("log", "Kata", "--db", str(missing))
    assert (result.returncode, result.stderr) == (1, f"masterydesk: There is no journal at {missing}.\n")
    assert not missing.exists()


def test_every_command_that_reads_a_journal_takes_demo(isolated_home, tmp_path):
    report = tmp_path / "report.pdf"
    result = run("report", "--demo", "--out", str(report))
    assert result.returncode == 0, result.stderr
    assert report.read_bytes().startswith(b"%PDF")
    assert (isolated_home / "demo.sqlite").is_file()  # the app's demo journal, made the first time
    result = run("--demo", "metrics", "--json", "--from", "monday", "--to", "today")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["window"]["to"] == dt.date.today().isoformat()
    result = run("export", str(tmp_path / "demo.json"), "--demo")
    assert result.returncode == 0, result.stderr
    result = run("log", "Window functions kata", "--minutes", "30", "--skill", "sql", "--demo")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Saved a practice entry of 30 min on ")
    assert result.stdout.endswith(" for SQL.\n")


@pytest.mark.parametrize("arguments, message", [
    (["--demo", "restore", "backup.sqlite"], "--demo works with log, import, export, metrics, report, backup; not with restore"),
    (["export", "out.json", "--demo", "--db", "journal.sqlite"], "--demo and --db each name a journal; give one of them"),
])
def test_demo_is_refused_where_it_would_touch_another_journal(isolated_home, arguments, message):
    result = run(*arguments)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == f"masterydesk: error: {message}"
    assert not (isolated_home / "demo.sqlite").exists()

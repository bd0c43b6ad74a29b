"""The one timeline in the store: every dated record in pages, its filters, and the search index its triggers keep."""

import datetime as dt
import sqlite3

import pytest

from masterydesk.domain import records as r
from masterydesk.services.editing import delete_records, save_records
from masterydesk.services.timeline import TimelineFilter, tier_promotions, timeline_count, timeline_page
from masterydesk.store import timeline
from masterydesk.store.database import open_journal
from tests.builders import D, app, contact, fill, skill, teach
from tests.safety.old_journals import first_revision_journal


def one_of_each_kind():
    return dict(
        skills=[skill("sql", name="SQL"), skill("talks", name="Public speaking")],
        projects=[r.Project("churn", "Churn model", r.ProjectStatus.ACTIVE)],
        contacts=[contact("ann", name="Ann Lovelace"), contact("bo", name="Bo Quist")],
        communities=[r.Community("guild", "Data guild")],
        journal=[r.JournalEntry("e1", D(2024, 1, 1), r.EntryKind.PRACTICE, "Window functions drill", skill_ids=("sql",))],
        applications=[app("a1", "sql", D(2024, 1, 2), project_id="churn", quality=4, reviewer_id="bo",
                          notes="Rewrote the cohort query")],
        teaching=[teach("t1", "talks", D(2024, 1, 3), contact_id="bo", notes="Lightning talk on indexes")],
        interactions=[r.Interaction("i1", D(2024, 1, 4), r.InteractionKind.MEETING, contact_id="ann",
                                    community_id="guild", notes="Coffee chat",
                                    ideas=(r.Idea("Try a pricing experiment"),))],
        checkins=[r.CheckIn("c1", D(2024, 1, 5), working="Daily drills", adjust="Sleep earlier")],
    )


def rows(journal, **where):
    return timeline_page(journal, TimelineFilter(**where), None, 100)


def found(journal, words: str, **where) -> list[str]:
    return [row.id for row in rows(journal, words=words, **where)]


def test_every_dated_record_is_one_row_newest_first(journal):
    fill(journal, **one_of_each_kind())
    listed = rows(journal)
    assert [(row.kind, row.id) for row in listed] == [
        ("checkin", "c1"), ("interaction", "i1"), ("teaching", "t1"), ("application", "a1"), ("practice", "e1")]
    by_kind = {row.kind: row for row in listed}
    assert by_kind["application"].summary == "Churn model · quality 4 · Rewrote the cohort query"
    assert (by_kind["application"].skills, by_kind["application"].person) == ("SQL", "Bo Quist")
    assert by_kind["interaction"].person == "Ann Lovelace · Data guild"
    assert by_kind["interaction"].summary == "Meeting · Coffee chat · Try a pricing experiment"
    assert by_kind["practice"].skills == "SQL"
    assert timeline_count(journal, TimelineFilter()) == {
        "entry": 1, "application": 1, "teaching": 1, "interaction": 1, "checkin": 1}


def test_filters_by_kind_skill_person_and_dates(journal):
    fill(journal, **one_of_each_kind())
    assert [row.id for row in rows(journal, kinds=frozenset({"teaching", "checkin"}))] == ["c1", "t1"]
    assert [row.id for row in rows(journal, kinds=frozenset({"learning"}))] == []
    assert [row.id for row in rows(journal, skill_id="sql")] == ["a1", "e1"]
    assert [row.id for row in rows(journal, contact_id="bo")] == ["t1", "a1"]
    assert [row.id for row in rows(journal, start=D(2024, 1, 2), end=D(2024, 1, 3))] == ["t1", "a1"]
    assert [row.id for row in rows(journal, descending=False)] == ["e1", "a1", "t1", "i1", "c1"]
    assert timeline_count(journal, TimelineFilter(contact_id="bo")) == {"application": 1, "teaching": 1}


def test_search_covers_notes_ideas_check_ins_and_the_names_a_record_names(journal):
    fill(journal, **one_of_each_kind())
    assert found(journal, "pricing exp") == ["i1"]  # an idea
    assert found(journal, "lightning") == ["t1"]  # a teaching event's notes
    assert found(journal, "lovelace") == ["i1"]  # the contact of an interaction
    assert found(journal, "churn") == ["a1"]  # the project of an application
    assert found(journal, "sleep") == ["c1"]
    assert found(journal, "window") == ["e1"]
    assert found(journal, "sql") == ["a1"]  # an application's skill (an entry is found by its text)
    assert found(journal, "quist") == ["t1", "a1"]
    assert found(journal, "quist lightning") == ["t1"]  # every word, across the record's words
    hit = rows(journal, words="pricing")[0]
    assert hit.summary == "Meeting · Coffee chat · Try a \x02pricing\x03 experiment"
    assert timeline_count(journal, TimelineFilter(words="quist")) == {"application": 1, "teaching": 1}


def test_the_index_follows_edits_renames_ideas_and_deletes(journal):
    fill(journal, **one_of_each_kind())
    save_records(journal, contact("ann", name="Ann Byron"))
    assert found(journal, "lovelace") == [] and found(journal, "byron") == ["i1"]
    save_records(journal, skill("sql", name="Structured queries"))
    assert found(journal, "structured") == ["a1"]
    interaction = r.Interaction("i1", D(2024, 1, 4), r.InteractionKind.MEETING, contact_id="ann",
                                ideas=(r.Idea("Pair on reviews"),))
    save_records(journal, interaction)
    assert found(journal, "pricing") == [] and found(journal, "pair") == ["i1"] and found(journal, "guild") == []
    delete_records(journal, "contacts", ["bo"])  # its records keep no name of it
    assert found(journal, "quist") == []
    assert found(journal, "lightning") == ["t1"]
    delete_records(journal, "skills", ["talks"])  # its teaching goes with it
    assert found(journal, "lightning") == []
    delete_records(journal, "interactions", ["i1"])
    assert found(journal, "pair") == []


def test_pages_continue_after_the_last_row_across_kinds_and_days(journal):
    start = D(2023, 1, 1)
    fill(
        journal, skills=[skill("sql")],
        journal=[r.JournalEntry(f"e{n:03}", start + dt.timedelta(days=n // 3), r.EntryKind.LEARNING, f"entry {n}")
                 for n in range(90)],
        applications=[app(f"a{n:03}", "sql", start + dt.timedelta(days=n // 2)) for n in range(60)],
        checkins=[r.CheckIn(f"c{n}", start + dt.timedelta(days=n)) for n in range(30)],
    )
    for descending in (True, False):
        where = TimelineFilter(descending=descending)
        seen, after = [], None
        while True:
            page = timeline_page(journal, where, after, 7)
            seen += page
            if len(page) < 7:
                break
            after = page[-1].key
        keys = [row.key for row in seen]
        assert len(seen) == 180 and len(set(keys)) == 180
        assert keys == sorted(keys, reverse=descending)
    same_day = [row.id for row in rows(journal, kinds=frozenset({"learning"}), start=start, end=start)]
    assert same_day == ["e002", "e001", "e000"]  # entries of one day: the one written last on top


def test_a_skill_that_reached_applied_shows_the_day_as_a_promotion(journal):
    fill(
        journal, skills=[skill("sql", name="SQL")], contacts=[contact("bo")],
        applications=[app("a1", "sql", D(2024, 3, 1)), app("a2", "sql", D(2024, 3, 1)),
                      app("a3", "sql", D(2024, 3, 4), reviewer_id="bo", quality=4)],
    )
    promotions = tier_promotions(journal)
    assert [(p.kind, p.id, p.date, p.summary) for p in promotions] == [
        ("promotion", "sql", D(2024, 3, 4), "SQL reached Applied")]
    listed = timeline_page(journal, TimelineFilter(), None, 10, promotions)
    assert [row.kind for row in listed] == ["promotion", "application", "application", "application"]
    assert timeline_page(journal, TimelineFilter(contact_id="bo"), None, 10, promotions)[0].kind == "application"
    assert [row.id for row in timeline_page(journal, TimelineFilter(words="appl"), None, 10, promotions)] == ["sql"]
    assert [row.id for row in timeline_page(journal, TimelineFilter(words="sql reached appl"), None, 10, promotions)] == ["sql"]
    assert timeline_page(journal, TimelineFilter(words="reached mast"), None, 10, promotions) == []
    assert timeline_count(journal, TimelineFilter(skill_id="sql"), promotions) == {"application": 3, "promotion": 1}


def test_an_import_rebuilds_the_index_once_and_keeps_its_triggers(journal):
    fill(journal, skills=[skill("sql")],
         applications=[app(f"a{n}", "sql", D(2024, 1, 1), notes=f"note{n}") for n in range(600)])
    assert found(journal, "note599") == ["a599"]
    save_records(journal, app("a599", "sql", D(2024, 1, 1), notes="rewritten"))
    assert found(journal, "note599") == [] and found(journal, "rewritten") == ["a599"]


def test_the_upgrade_to_0006_indexes_the_records_a_journal_holds(tmp_path):
    path = first_revision_journal(tmp_path / "old.sqlite", "0005")
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO applications (id, skill_id, date, novel_context, notes) "
                    "VALUES ('a1', 'sql', '2024-01-02', 0, 'cohort query')")
    raw.close()
    journal = open_journal(path)
    try:
        assert journal.upgraded_from == "0005"
        assert found(journal, "cohort") == ["a1"] and found(journal, "sql") == ["a1"]
        save_records(journal, app("a2", "sql", D(2024, 1, 3), notes="another cohort"))
        assert found(journal, "cohort") == ["a2", "a1"]
    finally:
        journal.close()


@pytest.mark.parametrize("words", ["", "a", "p", "ki", "\"", "*", "NOT", "a AND b", "é"])
def test_any_typed_text_reads_without_an_error(journal, words):
    fill(journal, **one_of_each_kind())
    with journal.reading() as connection:
        counted = sum(timeline.count_rows(connection, TimelineFilter(words=words)).values())
        shown = timeline.read_page(connection, TimelineFilter(words=words), None, 100)
    assert counted == len(shown)

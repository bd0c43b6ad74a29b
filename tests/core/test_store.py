"""Opening journals: new files are private, old ones upgrade after a backup, the rest are refused."""

import datetime as dt
import hashlib
import sqlite3
import stat
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masterydesk.domain import records as r
from masterydesk.domain.errors import JournalRefused
from masterydesk.store import sqlite as store_sqlite
from masterydesk.store.database import backups_folder, open_journal
from masterydesk.store.versions import head_revision, known_revisions
from masterydesk.services.transfer import export_bundle
from tests.builders import fill, skill
from tests.safety.old_journals import first_revision_journal


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_journal_is_private_in_wal_mode_and_marked_as_ours(journal):
    assert stat.S_IMODE(journal.path.stat().st_mode) == 0o600
    with sqlite3.connect(journal.path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA application_id").fetchone()[0] == store_sqlite.APPLICATION_ID
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()


def test_foreign_keys_are_enforced(journal):
    with pytest.raises(Exception):
        with journal.writing() as connection:
            connection.exec_driver_sql(
                "INSERT INTO applications (id, skill_id, date, novel_context, notes) "
                "VALUES ('a', 'missing', '2024-01-01', 0, '')"
            )


def assert_refused_and_untouched(path, match):
    before = digest(path)
    with pytest.raises(JournalRefused, match=match):
        open_journal(path)
    assert digest(path) == before


def test_a_text_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("my shopping list\n" * 20)
    assert_refused_and_untouched(path, "not a MasteryDesk journal")


def test_an_empty_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.touch()
    assert_refused_and_untouched(path, "is empty")


def test_another_sqlite_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE t (x)")
    assert_refused_and_untouched(path, "SQLite database but not a MasteryDesk journal")


def test_a_journal_from_a_newer_version_is_refused_and_untouched(journal):
    journal.close()
    with sqlite3.connect(journal.path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    assert_refused_and_untouched(journal.path, "newer version of MasteryDesk")


def test_a_damaged_journal_is_refused_and_untouched(journal):
    fill(journal, skills=[skill(f"s{i}", description="x" * 3000) for i in range(40)])
    journal.close()
    data = bytearray(journal.path.read_bytes())
    page = 4096
    data[page * 3: page * 4] = b"\x00" * page  # zero a whole page in the middle of the file
    journal.path.write_bytes(bytes(data))
    assert_refused_and_untouched(journal.path, "damaged")


def test_a_journal_at_the_first_revision_upgrades_after_a_backup(tmp_path):
    path = first_revision_journal(tmp_path / "old.sqlite")

    journal = open_journal(path)
    try:
        assert journal.upgraded_from == "0001"
        assert [s.id for s in export_bundle(journal).skills] == ["sql"]
        with journal.reading() as connection:
            hits = connection.exec_driver_sql("SELECT rowid FROM journal_fts WHERE journal_fts MATCH 'window'").all()
        assert len(hits) == 1
    finally:
        journal.close()
    backups = list(backups_folder(path).glob("*before-upgrade-from-0001*"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"


def test_the_command_line_refuses_a_non_journal_with_one_sentence(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    result = subprocess.run(
        [sys.executable, "-m", "masterydesk", "metrics", "--json", "--db", str(path)],
        capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "masterydesk: notes.txt is not a MasteryDesk journal, or its first bytes are damaged: "
        "it does not start like a SQLite database."
    )
    assert path.read_text() == "hello"


def test_the_revisions_checked_on_open_are_the_migration_scripts():
    from masterydesk.store.database import script_revisions
    from masterydesk.store.versions import known_revisions

    assert known_revisions() == script_revisions()


def test_a_journal_at_revision_0002_keeps_its_search_with_a_smaller_index(tmp_path):
    from masterydesk.store.browse import JournalFilter, entry_page

    path = first_revision_journal(tmp_path / "old.sqlite", revision="0002")
    journal = open_journal(path)
    try:
        assert journal.upgraded_from == "0002"
        with journal.reading() as connection:
            index_sql = connection.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'journal_fts'").scalar()
            hits = entry_page(connection, JournalFilter(words="wi"), 0, 10)
        assert "prefix='2', detail=none)" in index_sql
        assert [(hit.id, hit.summary) for hit in hits] == [("e1", "\x02window\x03 functions drill")]
    finally:
        journal.close()


def _top_level_parts(body: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in body:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()]


def schema_of(path) -> dict:
    """Every table, index and trigger: columns in order, constraints in any order (SQL spacing aside)."""
    with sqlite3.connect(path) as raw:
        rows = raw.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall()
    raw.close()
    schema = {}
    for kind, name, sql in rows:
        sql = " ".join(sql.replace('"', "").replace("(", " ( ").replace(")", " ) ").split())
        if kind == "table" and not sql.startswith("CREATE VIRTUAL"):
            head, body = sql.split(" ( ", 1)
            parts = _top_level_parts(body.rsplit(" )", 1)[0])
            columns = [p for p in parts if not p.startswith("CONSTRAINT")]
            sql = (head, tuple(columns), frozenset(set(parts) - set(columns)))
        schema[kind, name] = sql
    return schema


def test_a_new_journal_has_the_schema_every_migration_builds(tmp_path):
    migrated = first_revision_journal(tmp_path / "migrated.sqlite")
    open_journal(migrated).close()
    new = open_journal(tmp_path / "new.sqlite", create=True)
    new.close()
    assert schema_of(new.path) == schema_of(migrated)
    assert len(schema_of(new.path)) > 30
    with sqlite3.connect(new.path) as raw:
        marks = [raw.execute(f"PRAGMA {name}").fetchone()[0] for name in ("application_id", "user_version")]
        assert marks == [store_sqlite.APPLICATION_ID, len(known_revisions())]
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [(head_revision(),)]
    raw.close()


def test_rows_bound_by_the_driver_store_dates_as_sqlalchemy_would(journal):
    from masterydesk.store import models

    row = {"id": "s", "name": "S", "category": "technical", "description": "",
           "learned_on": dt.datetime(2024, 5, 1, 9, 30), "archived": True}
    with journal.writing() as connection:
        store_sqlite.insert_rows(connection, models.SkillRow.__table__, [row])
        stored = connection.exec_driver_sql("SELECT learned_on, archived FROM skills").fetchall()
    assert stored == [("2024-05-01", 1)]
    with pytest.raises(TypeError):
        with journal.writing() as connection:
            store_sqlite.insert_rows(connection, models.SkillRow.__table__, [{**row, "id": "t", "learned_on": "1 May"}])


@pytest.mark.parametrize("words", ["᜴ᑹᳳĪᰰ", "ỺḆᦾᧁⓄੈ", "ᰞᘎᦰȺℽ", "ᯁᶩᒯᦽਆ"])  # letters SQLite's tables split
def test_a_search_in_any_script_answers_without_an_error(journal, words):
    from masterydesk.store.browse import JournalFilter, count_entries, entry_page

    fill(journal, journal=[r.JournalEntry("e1", dt.date(2024, 1, 1), r.EntryKind.PRACTICE, f"notes {words} école")])
    with journal.reading() as connection:
        assert count_entries(connection, JournalFilter(words=words)) in (0, 1)
        assert len(entry_page(connection, JournalFilter(words=words), 0, 10)) in (0, 1)
        assert [line.id for line in entry_page(connection, JournalFilter(words="ecole"), 0, 10)] == ["e1"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.text(max_size=12))
def test_any_typed_text_shows_the_whole_list_or_only_entries_it_finds(journal, words):
    from masterydesk.store.browse import JournalFilter, count_entries, entry_page, search_match

    fill(journal, journal=[
        r.JournalEntry("e1", dt.date(2024, 1, 1), r.EntryKind.PRACTICE, "window functions drill"),
        r.JournalEntry("e2", dt.date(2024, 1, 2), r.EntryKind.PRACTICE, "pairing on tests"),
    ])
    where = JournalFilter(words=words)
    with journal.reading() as connection:
        shown = [line.id for line in entry_page(connection, where, 0, 10)]
        counted = count_entries(connection, where)
    assert counted == len(shown)  # the count under the list matches the rows in it
    if not search_match(words):
        assert shown == ["e2", "e1"]  # nothing to search for yet: the whole list, newest first
    else:
        assert set(shown) <= {"e1", "e2"} and len(shown) == len(set(shown))


def links(path):
    with sqlite3.connect(path) as raw:
        found = raw.execute("SELECT entry_pk, skill_id, date, minutes FROM entry_skills ORDER BY skill_id").fetchall()
    raw.close()
    return found


def test_the_upgrade_to_0005_dates_roles_and_copies_each_entrys_date_and_minutes(tmp_path):
    path = first_revision_journal(tmp_path / "old.sqlite", "0004")
    with sqlite3.connect(path) as raw:
        raw.executescript("""
            INSERT INTO skills (id, name, category, description, learned_on, archived)
                VALUES ('py', 'Python', 'technical', '', '2023-06-01', 0);
            INSERT INTO entry_skills (entry_pk, skill_id, position) VALUES (1, 'sql', 0);
            INSERT INTO applications (id, skill_id, date, novel_context, notes) VALUES ('a1', 'sql', '2024-02-01', 0, '');
            INSERT INTO roles (id, title, organization, notes) VALUES ('lead', 'Lead', '', ''), ('none', 'Empty', '', '');
            INSERT INTO role_requirements (role_id, position, skill_id, tier, weight) VALUES ('lead', 0, 'sql', 'applied', 1);
        """)
    raw.close()
    open_journal(path).close()
    assert links(path) == [(1, "sql", "2024-01-01", 30)]
    with sqlite3.connect(path) as raw:
        dated = dict(raw.execute("SELECT id, created_on FROM roles").fetchall())
        # An entry's changed minutes reach its links, however the entry is changed.
        raw.execute("UPDATE journal_entries SET minutes = 45, date = '2024-01-03' WHERE id = 'e1'")
    raw.close()
    assert dated == {"lead": "2024-01-01", "none": dt.date.today().isoformat()}  # sql's entry came first
    assert links(path) == [(1, "sql", "2024-01-03", 45)]


def test_saving_an_entry_writes_its_date_and_minutes_into_its_links(journal):
    fill(journal, skills=[skill("sql"), skill("py")],
         journal=[r.JournalEntry("e1", dt.date(2024, 1, 1), r.EntryKind.PRACTICE, "kata", 30, ("sql", "py"))])
    fill(journal, journal=[r.JournalEntry("e1", dt.date(2024, 1, 9), r.EntryKind.PRACTICE, "kata", 50, ("py",))])
    assert [row[1:] for row in links(journal.path)] == [("py", "2024-01-09", 50)]


def test_records_read_in_plain_sql_come_back_as_written(journal):
    # Journal entries and check-ins are read without the ORM (store.readers): the same values, and
    # check-ins of one day in the order they were written, as the ORM's reader gave them.
    day = dt.date(2025, 3, 4)
    fill(journal, skills=[skill("sql")], journal=[
        r.JournalEntry("e2", day, r.EntryKind.LEARNING, "Window functions", 25, ("sql",), private=True),
        r.JournalEntry("e1", day, r.EntryKind.PRACTICE, "Joins", 0),
    ], checkins=[r.CheckIn("z", day, "steady"), r.CheckIn("a", day, notes="later"), r.CheckIn("m", dt.date(2025, 1, 1))])
    bundle = export_bundle(journal)
    assert bundle.journal == (
        r.JournalEntry("e2", day, r.EntryKind.LEARNING, "Window functions", 25, ("sql",), True),
        r.JournalEntry("e1", day, r.EntryKind.PRACTICE, "Joins", 0, (), False),
    )
    assert [type(e.private) for e in bundle.journal] == [bool, bool]
    assert [c.id for c in bundle.checkins] == ["m", "z", "a"]
    assert bundle.checkins[1] == r.CheckIn("z", day, "steady", "", "")

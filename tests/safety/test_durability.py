"""Nothing acknowledged is lost: kill -9 while writing; a migration that fails or is killed half-way."""

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from masterydesk.domain.errors import JournalRefused
from masterydesk.services.backups import list_backups
from masterydesk.store import database, versions
from masterydesk.store.database import open_journal
from masterydesk.store.versions import head_revision
from tests.safety.kill_writer import APPLICATIONS_PER_SKILL

ROOT = Path(__file__).parents[2]
KILLS = 120


class Writer:
    """The kill_writer process: starts writers, reports what they acknowledged."""

    def __init__(self, journal_path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.safety.kill_writer", str(journal_path)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )

    def send(self, line: str) -> None:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def read_until(self, prefix: str, acknowledged: set[str]) -> str:
        """Collect `ack` lines into acknowledged up to the first line starting with prefix; return it."""
        while True:
            line = self.process.stdout.readline()
            assert line, "the writer process ended"
            if line.startswith("ack "):
                acknowledged.add(line.split()[1])
            if line.startswith(prefix):
                return line

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def assert_nothing_acknowledged_was_lost(journal_path: Path, acknowledged: set[str]) -> None:
    """The journal passes integrity_check, holds every acknowledged save, and no save in part."""
    raw = sqlite3.connect(journal_path)  # as the app would: it replays the -wal the killed writer left
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        skills = {row[0] for row in raw.execute("SELECT id FROM skills")}
        uses = dict(raw.execute("SELECT skill_id, count(*) FROM applications GROUP BY skill_id").fetchall())
    finally:
        raw.close()
    assert acknowledged <= skills
    assert all(uses.get(skill) == APPLICATIONS_PER_SKILL for skill in skills)


def test_kill_9_at_random_moments_never_loses_an_acknowledged_save(journal_path):
    open_journal(journal_path, create=True).close()
    writer = Writer(journal_path)
    chance = random.Random(20241)  # seeded: a failing run can be replayed
    acknowledged: set[str] = set()
    try:
        for n in range(KILLS):
            writer.send(f"start {n}")
            pid = int(writer.read_until(f"child {n} ", acknowledged).split()[2])
            # Let the child open the journal and save a few times (none: the kill lands while it
            # opens), then kill it somewhere inside the next save: a transaction, a commit, a sync.
            for _ in range(chance.choice((0, 1, 1, 2, 3))):
                writer.read_until(f"ack w{n}-", acknowledged)
            time.sleep(chance.uniform(0.0, 0.015))
            os.kill(pid, signal.SIGKILL)
            writer.send(f"reap {pid}")
            writer.read_until(f"reaped {pid}", acknowledged)
            assert_nothing_acknowledged_was_lost(journal_path, acknowledged)
    finally:
        writer.close()
    print(f"\nkill -9: {KILLS} kills, {len(acknowledged)} acknowledged saves all present, "
          "integrity_check ok after every kill")


BROKEN_REVISION = """
from alembic import op
import os, signal
import sqlalchemy as sa

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("scratch", sa.Column("x", sa.Integer))
    op.add_column("skills", sa.Column("extra", sa.Text(), nullable=True))
    op.execute("UPDATE skills SET name = 'renamed by a half-done migration'")
    op.execute("DELETE FROM applications")
    {ending}


def downgrade():
    pass
"""
FAILS = 'raise RuntimeError("the migration broke half-way")'
IS_KILLED = "os.kill(os.getpid(), signal.SIGKILL)"


def with_broken_revision(tmp_path: Path, ending: str) -> Path:
    """A copy of the app's migrations with one more revision that does work, then fails."""
    folder = tmp_path / "migrations"
    shutil.copytree(database.MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    revision = BROKEN_REVISION.format(head=head_revision(), ending=ending)
    (folder / "versions" / "9001_broken.py").write_text(revision)
    return folder


def snapshot(path: Path) -> tuple:
    """Everything the journal holds: schema and rows as SQL, and the marks in its header."""
    raw = sqlite3.connect(path)
    try:
        marks = [raw.execute(f"PRAGMA {name}").fetchone()[0] for name in ("user_version", "application_id")]
        return marks, list(raw.iterdump())
    finally:
        raw.close()


def test_a_migration_failing_half_way_leaves_schema_and_data_as_they_were(filled_journal, tmp_path, monkeypatch):
    before, revision = snapshot(filled_journal), head_revision()
    monkeypatch.setattr(database, "MIGRATIONS", with_broken_revision(tmp_path, FAILS))
    monkeypatch.setattr(versions, "REVISIONS", (*versions.REVISIONS, "9001"))
    with pytest.raises(JournalRefused, match="could not be upgraded .the migration broke half-way.; it was left as it was"):
        open_journal(filled_journal)
    assert snapshot(filled_journal) == before
    assert [b.reason for b in list_backups(filled_journal)] == [f"before-upgrade-from-{revision}"]


def test_a_migration_killed_half_way_leaves_schema_and_data_as_they_were(filled_journal, tmp_path):
    before = snapshot(filled_journal)
    upgrade = textwrap.dedent(f"""
        from pathlib import Path
        from masterydesk.store import database, versions
        database.MIGRATIONS = Path({str(with_broken_revision(tmp_path, IS_KILLED))!r})
        versions.REVISIONS = (*versions.REVISIONS, "9001")
        database.open_journal({str(filled_journal)!r})
    """)
    result = subprocess.run([sys.executable, "-c", upgrade], cwd=ROOT)
    assert result.returncode == -signal.SIGKILL
    assert snapshot(filled_journal) == before
    open_journal(filled_journal).close()  # this version opens it as if nothing had happened

"""`masterydesk backup` and `restore` from the command line."""

import subprocess
import sys

from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from tests.builders import fill, skill


def run(*args):
    return subprocess.run([sys.executable, "-m", "masterydesk", *args], capture_output=True, text=True)


def test_backup_then_restore_into_a_new_place(tmp_path):
    source = tmp_path / "journal.sqlite"
    journal = open_journal(source, create=True)
    fill(journal, skills=[skill("sql", name="SQL")])
    journal.close()
    result = run("backup", "--db", str(source))
    assert result.returncode == 0, result.stderr
    backup = result.stdout.strip().removeprefix("Backed up to ").removesuffix(".")
    target = tmp_path / "elsewhere" / "journal.sqlite"
    result = run("restore", backup, "--db", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Restored {backup} as the journal {target}."
    restored = open_journal(target, read_only=True)
    try:
        assert [s.name for s in export_bundle(restored).skills] == ["SQL"]
    finally:
        restored.close()

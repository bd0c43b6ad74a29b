"""The layers of STYLE.md hold: import-linter's contracts in pyproject.toml pass."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_import_contracts_hold():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 7 kept, 0 broken." in result.stdout


# Every function that changes a journal's records, and the kind of change it declares; a new write
# path is added here. Sync's change log is noted by triggers inside each of these transactions
# (store.sync_log), and sync's own writes go through the same door.
WRITE_PATHS = {
    ("masterydesk/services/editing.py", "save_with_undo", "save"),
    ("masterydesk/services/editing.py", "undo_saving", "undo"),
    ("masterydesk/services/editing.py", "delete_records", "delete"),
    ("masterydesk/services/transfer.py", "import_bundle", "import"),
    ("masterydesk/services/settings.py", "save_rules", "settings"),
    ("masterydesk/services/checkins.py", "write_checkin", "check-in"),
    ("masterydesk/sync/syncing.py", "set_up", "sync"),
    ("masterydesk/sync/syncing.py", "turn_off", "sync"),
    ("masterydesk/sync/syncing.py", "run", "sync"),
    ("masterydesk/sync/syncing.py", "remember", "sync"),
    ("masterydesk/sync/syncing.py", "_apply", "sync"),
    ("masterydesk/sync/syncing.py", "_push", "sync"),
    ("masterydesk/sync/syncing.py", "_reserve", "sync"),
    ("masterydesk/sync/syncing.py", "_push_snapshot", "sync"),
    ("masterydesk/sync/syncing.py", "_load_whole", "sync"),
    ("masterydesk/sync/syncing.py", "_snapshot_if_due", "sync"),
    ("masterydesk/sync/conflicts.py", "restore", "settings"),
    ("masterydesk/sync/conflicts.py", "restore", "sync"),
    ("masterydesk/trust/identity.py", "journal_identity", "identity"),
    ("masterydesk/trust/identity.py", "set_owner_name", "identity"),
}


def _write_calls(path: Path):
    """(function, action) for each call of writes.writing(journal, action), and each bare .writing()."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
        for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            if name == "writing":
                action = call.args[1].value if len(call.args) > 1 and isinstance(call.args[1], ast.Constant) else None
                yield function.name, action


def test_every_record_write_goes_through_the_one_write_door():
    found = set()
    for path in sorted((ROOT / "masterydesk").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        for function, action in _write_calls(path):
            found.add((relative, function, action))
    door = {("masterydesk/services/writes.py", "writing", None)}  # the one bare journal.writing()
    assert found - door == WRITE_PATHS

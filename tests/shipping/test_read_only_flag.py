"""`masterydesk --db COPY --read-only`: the window shows the journal, an edit typed in it is refused
with a sentence, and the file (and its folder) are left byte for byte as they were."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from masterydesk.cli import main
from masterydesk.domain import records as r
from masterydesk.store.database import open_journal
from tests.builders import fill

ROOT = Path(__file__).parents[2]
READ_ONLY_SENTENCE = "This journal is open read-only: changes cannot be saved."


@pytest.fixture
def copy_path(tmp_path):
    path = tmp_path / "copies" / "ann copy.sqlite"
    path.parent.mkdir()
    journal = open_journal(path, create=True)
    fill(journal, journal=[r.JournalEntry("e1", dt.date(2026, 3, 3), r.EntryKind.PRACTICE, "Window functions", 30)])
    journal.close()
    return path


# Runs `masterydesk --db COPY --read-only` in a fresh process (the shipped entry point's event loop
# must not run inside the test's), tries an edit once the journal is shown, and prints what it saw.
TRY_AN_EDIT = textwrap.dedent("""
    import json, sys
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from masterydesk.cli import main
    from masterydesk.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    seen = {}

    def when_shown():
        window = next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.session), None)
        if window is None:
            QTimer.singleShot(20, when_shown)
            return
        tab = window.page(0)
        seen["title"] = window.windowTitle()
        seen["delete_enabled"] = tab.editor.delete_button.isEnabled()
        window.delete_action.trigger()  # Edit > Delete: the entry stays, and no error dialog opens
        seen["entries"] = tab.model.rowCount()
        tab.start_new_entry()
        QTest.keyClicks(tab.editor.text, "An edit that must not be saved")
        QTest.keyClick(tab.editor.text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        QTest.mouseClick(tab.editor.save_button, Qt.MouseButton.LeftButton)
        seen["problem"] = tab.editor.error_label.text()
        seen["import_enabled"] = window.trust_wiring.import_action.isEnabled()
        seen["dialogs"] = [type(w).__name__ for w in app.topLevelWidgets() if w.isVisible() and w is not window]
        app.quit()

    QTimer.singleShot(0, when_shown)
    QTimer.singleShot(30_000, app.quit)
    code = main(["--db", sys.argv[1], "--read-only"])
    print(json.dumps({"code": code, **seen}), flush=True)
""")


def test_an_edit_in_a_copy_opened_read_only_is_refused_and_nothing_is_written(copy_path, tmp_path):
    before, folder_before = copy_path.read_bytes(), sorted(p.name for p in copy_path.parent.iterdir())
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MASTERYDESK_HOME": str(tmp_path / "home"),
                   "XDG_CONFIG_HOME": str(tmp_path / "config")}
    ran = subprocess.run([sys.executable, "-c", TRY_AN_EDIT, str(copy_path)], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, env=environment)
    assert ran.returncode == 0, ran.stderr[-3000:]
    seen = json.loads(ran.stdout.strip().splitlines()[-1])
    assert seen == {"code": 0, "title": "ann copy.sqlite (read-only) — MasteryDesk", "delete_enabled": False,
                    "entries": 1, "problem": READ_ONLY_SENTENCE, "import_enabled": False, "dialogs": []}
    assert copy_path.read_bytes() == before
    # No lock and no backup: only what SQLite needs to read a journal in WAL mode, its shared memory
    # and an empty -wal, which a reader cannot remove.
    made = sorted({p.name for p in copy_path.parent.iterdir()} - set(folder_before))
    assert made in ([], ["ann copy.sqlite-shm", "ann copy.sqlite-wal"])
    assert all(p.stat().st_size == 0 for p in copy_path.parent.glob("*-wal"))


@pytest.mark.parametrize("argv", [["--read-only", "--demo"], ["--read-only", "log", "x"]])
def test_read_only_is_for_opening_a_named_journal(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    assert "--read-only opens the app on the journal you name with --db" in capsys.readouterr().err

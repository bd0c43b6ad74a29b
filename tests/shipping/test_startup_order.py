"""The start-up order as the shipped entry point runs it: the window is exposed before the journal is
read, and its first paint already holds the newest entries.

Each test starts `masterydesk --db J --smoke` in a fresh process (offscreen). The journal's reads
are seen through Python's own audit hooks (every sqlite3 connection and every file opened), the
window's exposure and paints through an application-wide event filter: nothing of the app is mocked.
"""

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from masterydesk.domain import records as r
from tests.builders import fill

ROOT = Path(__file__).parents[2]
NEWEST = dt.date(2025, 6, 30)

WATCH = textwrap.dedent("""
    import json, sys, threading, time
    from pathlib import Path
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QWindow
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow

    journal = Path(sys.argv[1]).resolve()
    seen = []

    def audit(event, args):
        # Every sqlite3 connection, and every file opened, that touches the journal (or its lock, its WAL).
        if event in ("sqlite3.connect", "open") and args and str(args[0]).startswith(str(journal)):
            seen.append(event)
        # Every module loaded off the main (UI) thread.
        elif event == "import" and threading.current_thread() is not threading.main_thread():
            loaded_by_workers.append(args[0])

    class Watcher(QObject):
        def eventFilter(self, watched, event):
            kind = event.type()
            if kind == QEvent.Type.Expose and isinstance(watched, QWindow) and watched.isExposed():
                seen.append("exposed")
            elif kind == QEvent.Type.Paint and isinstance(watched, QMainWindow) and "painted" not in seen:
                seen.append("painted")
                views = [v for v in watched.findChildren(QAbstractItemView) if v.isVisible() and v.model().rowCount()]
                shown = views[0].model() if views else None
                first_paint.update(rows=shown.rowCount() if shown else 0,
                                   top=shown.index(0, 0).data() if shown else None,
                                   loaded=[name for name in HEAVY if name in sys.modules])
            return False

    # Modules the first frame does without: SQLAlchemy, and the domain's records (19 dataclasses, 12 ms)
    # and tier rules, which only the tier promotions need.
    HEAVY = ("sqlalchemy", "masterydesk.domain.records", "masterydesk.domain.tiers")
    first_paint, loaded_by_workers = {}, []
    app = QApplication(sys.argv[:1])
    watcher = Watcher()
    app.installEventFilter(watcher)
    sys.addaudithook(audit)
    from masterydesk.cli import main
    code = main(["--db", str(journal), "--smoke"])
    print(json.dumps({"code": code, "seen": seen, "first_paint": first_paint, "loaded_by_workers": loaded_by_workers}),
          flush=True)
""")


def start_and_watch(journal_path: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", WATCH, str(journal_path)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def entries(count: int) -> list[r.JournalEntry]:
    return [r.JournalEntry(f"e{n:03}", NEWEST - dt.timedelta(days=n), r.EntryKind.PRACTICE, f"Day {n}: drills", 30)
            for n in range(count)]


def test_nothing_reads_the_journal_before_the_window_is_exposed(journal):
    fill(journal, journal=entries(120))
    journal.close()
    watched = start_and_watch(journal.path)
    assert watched["code"] == 0
    seen = [event for event in watched["seen"] if event != "painted"]
    assert seen[0] == "exposed", seen
    assert "sqlite3.connect" in seen  # then the journal is read (and opened, off the UI thread)


def test_the_newest_entries_are_in_the_list_when_the_window_first_paints(journal):
    fill(journal, journal=entries(120))
    journal.close()
    watched = start_and_watch(journal.path)
    assert watched["first_paint"]["rows"] > 0
    assert watched["first_paint"]["top"] == NEWEST.isoformat()
    assert watched["first_paint"]["loaded"] == []


def test_worker_threads_load_no_module_that_makes_pyside_types(journal):
    """PySide6 makes its types on first use, and two threads making them at once crashed the app
    (ui/imports_ahead.py): worker threads load the plain layers only, the UI thread every ui module."""
    fill(journal, journal=entries(30))
    journal.close()
    loaded = start_and_watch(journal.path)["loaded_by_workers"]
    # The workers' loads are seen: SQLAlchemy for the opening, the records for the Journal tab (ahead).
    assert "sqlalchemy" in loaded and "masterydesk.domain.records" in loaded
    assert [name for name in loaded if name.split(".")[0] in ("PySide6", "shiboken6")
            or name.startswith("masterydesk.ui") or name.startswith("matplotlib.backends")] == []

"""Start-up of the desktop app: the window's first frame shows the journal, the rest fills in.

Nothing reads the journal before the window is exposed: on X11 a window is mapped black, and
work done before its first paint (or a zero timer, which ran before the exposure) kept it black.
On its exposure the newest entries are read through sqlite3 alone and painted in that first
frame; after it, SQLAlchemy loads and the file is checked on worker threads while the window
stays live, and the journal is handed to the window in short steps (journal_opener).

The first frame is painted before PySide builds its `Qt` namespace: the first use of any of its
enums makes all 93 of them, 15 ms of Python's enum machinery (the bare window never pays it). So the
code that runs before that frame uses none: the theme takes the system's colour scheme as it was
last read and reads it after the frame, the Today panel is docked by restoring a window state, and
an enum property is set by its number (setProperty). A test in tests/ui/test_main_window.py
keeps it so.
"""

from __future__ import annotations

import json
import os
import sys
import time
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication

SMOKE_SECONDS = 1.5
# How long a thread may hold the interpreter while another waits for it (Python's default: 5 ms).
# The window's models answer Qt in Python: painting a list takes the interpreter hundreds of times,
# and while a worker thread read the journal each of those waited up to the full interval.
SWITCH_SECONDS = 0.0005
TRACE_VARIABLE = "MASTERYDESK_STARTUP_TRACE"  # a file for the benchmark's start-up figures (benchmarks/bench_ui.py)


def run_app(db: Path | None = None, demo: bool = False, smoke: bool = False, read_only: bool = False) -> int:
    """Open the main window on a journal; return the exit code (smoke: quit after a moment).

    read_only: the journal named (else the user's own) opens as the window opens any journal
    read-only: without the lock, the upgrade or the backup, every edit refused with a sentence.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    from masterydesk.ui.collector import collect_on_ui_thread

    collect_on_ui_thread(app)  # never on a worker thread: see ui/collector.py
    app.setApplicationName("MasteryDesk")
    app.setOrganizationName("MasteryDesk")
    app.setDesktopFileName("org.masterydesk.MasteryDesk")  # matches the .desktop file

    from masterydesk.ui.icons import app_icon
    from masterydesk.ui.main_window import MainWindow
    from masterydesk.ui.theme import apply_theme, current_theme

    app.setWindowIcon(app_icon())
    apply_theme(app, current_theme(), at_start=True)
    window = MainWindow()
    if read_only:
        from masterydesk.paths import default_journal

        open_journal = partial(window.open_journal_path, db or default_journal(), read_only=True)
    else:
        window.opener.prepare_startup(db, demo)
        when_exposed(window, window.opener.look_at_startup)
        open_journal = partial(window.open_startup_journal, db, demo)
    if os.environ.get(TRACE_VARIABLE):
        StartupTrace(window, Path(os.environ[TRACE_VARIABLE]))
    crash_handlers = []
    after_first_paint(window, lambda: _after_first_frame(open_journal, crash_handlers))
    window.show()
    if smoke:
        QTimer.singleShot(int(SMOKE_SECONDS * 1000), app.quit)
    code = app.exec()
    window.close_journal()  # a journal still opening is waited for: no thread outlives the window
    for handler in crash_handlers:
        handler.uninstall()
    return code


def _after_first_frame(open_journal, crash_handlers: list) -> None:
    """Open the journal (on worker threads, unless read-only), and catch unexpected errors from now on."""
    # The crash handler's module costs a tenth of the first frame: it is installed right after it.
    from masterydesk.ui.crash import install_crash_handler
    from masterydesk.ui.theme import follow_system_scheme

    # Before the open's worker threads start: reading the scheme makes the Qt namespace's 93 enums,
    # Python that PySide does not guard against a thread switch (PYSIDE-2404, see README).
    follow_system_scheme(QApplication.instance())
    sys.setswitchinterval(SWITCH_SECONDS)  # not before: the first frame is the UI thread's alone
    open_journal()
    crash_handlers.append(install_crash_handler(QApplication.instance()))


def when_exposed(window, work) -> None:
    """Run work when the window is first exposed, before that exposure is painted."""

    class FirstExposure(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Expose and watched.isExposed():
                watched.removeEventFilter(self)
                work()
            return False

    window.winId()  # the native window exists from now on: its exposure can be watched
    watcher = FirstExposure(window)
    window.windowHandle().installEventFilter(watcher)


def after_first_paint(window, work, fallback_ms: int = 1000) -> None:
    """Run work once the window has painted for the first time (or after fallback_ms, if it never does)."""

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__(window)
            self.done = False

        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint and not self.done:
                QTimer.singleShot(0, self.run)  # after this paint has reached the screen
            return False

        def run(self) -> None:
            if not self.done:
                self.done = True
                window.removeEventFilter(self)
                work()

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    QTimer.singleShot(fallback_ms, watcher.run)


class StartupTrace(QObject):
    """For the benchmark only: when the window was exposed, its first rows painted and the journal
    opened, and the gaps between 5 ms heartbeats (the event loop busy) until the start-up settled;
    written as JSON to path, then the app quits."""

    SETTLE_MS = 2000  # after the journal opened: the Today panel fills meanwhile
    NOTED_GAP_MS = 20

    def __init__(self, window, path: Path) -> None:
        super().__init__(window)
        self.window, self.path, self.marks, self.ticks = window, path, {}, []
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(5)
        self.heartbeat.timeout.connect(lambda: self.ticks.append(time.time()))
        when_exposed(window, self._on_exposed)
        window.windowTitleChanged.connect(self._on_title_changed)

    def _on_exposed(self) -> None:
        self.marks["exposed"] = time.time()
        self.ticks.append(self.marks["exposed"])
        self.heartbeat.start()
        self._watch_lists()

    def _watch_lists(self) -> None:
        """Watch the paints of the window's lists (not every event of the app: a filter in Python on
        each of the thousands of events before the first frame made it 20 ms later)."""
        for view in self.window.findChildren(QAbstractItemView):
            view.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if "rows_painted" not in self.marks and event.type() == QEvent.Type.Paint:
            view = watched.parent()
            if view.model() is not None and view.model().rowCount():
                corner = watched.mapToGlobal(watched.rect().topLeft())
                self.marks["rows_painted"] = time.time()
                self.marks["rows_box"] = [corner.x(), corner.y(), watched.width(), watched.height()]
        return False

    def _on_title_changed(self, _title: str) -> None:
        if "journal_open" not in self.marks and self.window.session is not None:
            QTimer.singleShot(0, self._on_journal_attached)  # the title is set while the journal is attached

    def _on_journal_attached(self) -> None:
        self.marks["journal_open"] = time.time()
        if "rows_painted" not in self.marks:  # no first look: the rows come with the journal's page
            self._watch_lists()
        QTimer.singleShot(self.SETTLE_MS, self._finish)

    def _finish(self) -> None:
        gaps = (((later - earlier) * 1000, earlier) for earlier, later in zip(self.ticks, self.ticks[1:]))
        self.marks["gaps_ms"] = [[round(gap, 1), at] for gap, at in gaps if gap > self.NOTED_GAP_MS]
        self.marks["rss_mib"] = _resident_mib()
        self.path.write_text(json.dumps(self.marks), "utf-8")
        QApplication.instance().quit()


def _resident_mib() -> float:
    """The memory the process holds now (resident), in MiB (Linux)."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024

"""The desktop app on the ten-year journal as the user sees it, against a bare PySide6 window.

Start-up: each round starts a bare PySide6 window, then the real entry point (`python -m
masterydesk --db J`), each in a fresh process on a private X server (Xvfb, Qt's xcb platform).
The screen is read every few milliseconds (benchmarks/screen.py): the first frame with content
(more than a few colours: a mapped window still black does not count), the first frame showing
rows in the journal's list, the title naming the journal. The app, told by MASTERYDESK_STARTUP_TRACE,
adds when its window was exposed and the journal attached (open for editing), where its list is,
and the longest gaps between 5 ms heartbeats: the event loop busy.

In use: the same entry point, driven from inside its process once the journal is open: memory
(RSS) with each tab built, each tab's first build, keystrokes typed into the journal's search field.

Each figure is given as min–median–max over the rounds; the host probe runs at the start and the end.
"""

from __future__ import annotations

import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from benchmarks.generate import OUT, ten_year_journal
from benchmarks.host_probe import probe_ms
from benchmarks.screen import ScreenRecorder, first_frame, first_title, private_x_server, x_environment

ROOT = Path(__file__).parents[1]
RUNS = int(os.environ.get("BENCH_RUNS", 7))  # rounds: the machine drifts by a third from minute to minute
USE_RUNS = int(os.environ.get("BENCH_USE_RUNS", 3))
FEW_COLOURS = 8  # a black or single-colour window shows fewer; text and icons many more
TRACE = "MASTERYDESK_STARTUP_TRACE"
STARTUP_TIMEOUT_S = 60

BARE = textwrap.dedent("""
    import sys
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTabWidget

    app = QApplication(sys.argv)
    window = QMainWindow()
    tabs = QTabWidget()
    for name in ("Journal", "Skill Map", "Projects", "Community", "Career", "Insights"):
        tabs.addTab(QLabel(name), name)
    window.setCentralWidget(tabs)
    window.resize(1280, 820)
    window.show()
    app.exec()
""")

# Runs the real entry point in this process and drives the window once its journal is open.
USE = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    marks = {}

    def rss_mib():
        fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
        return int(fields["VmRSS"].split()[0]) / 1024

    # Waits run Qt's event loop as the app does, idle between events: a loop calling processEvents
    # from Python would hold the interpreter half the time, slowing every worker thread of the app.
    def run_events(seconds):
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    def wait_for(ready, what, seconds=60):
        end = time.perf_counter() + seconds
        loop = QEventLoop()
        check = QTimer(interval=1)
        check.timeout.connect(lambda: loop.quit() if ready() or time.perf_counter() > end else None)
        check.start()
        if not ready():
            loop.exec()
        check.stop()
        assert ready(), f"{what} never happened"

    class Paints(QObject):
        # When the watched widget last painted.
        last = 0.0

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                self.last = time.perf_counter()
            return False

    def keystroke(field, viewport, paints, key):
        start = time.perf_counter()
        QTest.keyClick(field, key)
        wait_for(lambda: paints.last > start, "a repaint of the list", 5)
        return paints.last - start

    def drive():
        window = next(w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow")
        wait_for(lambda: window.session is not None, "the journal's opening")
        run_events(2.0)  # the Today panel fills
        marks["rss_mib_journal"] = rss_mib()
        builds = {}
        for index, name in ((1, "skill_map"), (2, "projects"), (3, "community"), (4, "career")):
            start = time.perf_counter()
            window.tabs.setCurrentIndex(index)
            app.processEvents()
            builds[name] = time.perf_counter() - start
            run_events(0.3)
            marks[f"rss_mib_with_{name}"] = rss_mib()
        window.tabs.setCurrentIndex(0)
        run_events(0.3)
        tab = window.page(0)
        paints = Paints()
        tab.view.viewport().installEventFilter(paints)
        tab.search.setFocus()
        marks["keystrokes_s"] = [keystroke(tab.search, tab.view.viewport(), paints, key) for key in "practice"]
        tab.search.clear()
        run_events(0.3)
        start = time.perf_counter()
        window.tabs.setCurrentIndex(5)
        insights = window.page(5)
        wait_for(lambda: insights.chart_tabs.currentWidget().picture is not None, "the first Insights chart")
        builds["insights"] = time.perf_counter() - start
        run_events(1.0)
        marks["rss_mib_with_insights"] = rss_mib()
        marks["tab_first_build_s"] = builds
        print(json.dumps(marks), flush=True)
        window.close()

    QTimer.singleShot(0, drive)
    from masterydesk.cli import main
    sys.exit(main(["--db", sys.argv[1]]))
""")


def _fresh_journal(folder: Path) -> Path:
    """A copy of the ten-year journal in folder, so that nothing a run does reaches the next."""
    copy = folder / "journal.sqlite"
    copy.write_bytes(ten_year_journal().read_bytes())
    return copy


def _environment(display: str, folder: Path, **extra: str) -> dict[str, str]:
    # Settings, the data folder and the logs of each run live in its own folder.
    return {**x_environment(display), "MASTERYDESK_HOME": str(folder), "XDG_CONFIG_HOME": str(folder / "config"),
            "PYTHONPATH": str(ROOT), **extra}


def _record(display: str, command: list[str], environment: dict, done) -> tuple[float, ScreenRecorder]:
    """Start command while the screen is recorded; stop it once done(recorder, started) or on its own."""
    with ScreenRecorder(display) as screen:
        time.sleep(0.05)
        started = time.time()
        process = subprocess.Popen(command, env=environment, cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
        deadline = started + STARTUP_TIMEOUT_S
        while process.poll() is None and not done(screen, started) and time.time() < deadline:
            time.sleep(0.05)
        if process.poll() is None:
            process.terminate()
        _out, errors = process.communicate()
    if process.returncode not in (0, -15) or "Traceback" in errors:
        raise RuntimeError(f"{' '.join(command[:3])} failed:\n{errors[-3000:]}")
    return started, screen


def _has_content(frame) -> bool:
    return frame.colours() > FEW_COLOURS


def bare_round(display: str) -> dict:
    """Spawn to the first frame with content of a bare PySide6 window with six tabs."""
    with tempfile.TemporaryDirectory() as folder:
        started, screen = _record(display, [sys.executable, "-c", BARE], _environment(display, Path(folder)),
                                  lambda screen, _started: first_frame(screen.frames[-1:], _has_content) is not None)
    return {"first_frame_s": first_frame(screen.frames, _has_content).time - started}


def app_round(display: str) -> dict:
    """The shipped entry point on a copy of the ten-year journal: what the screen shows, and when."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        trace = folder / "startup.json"
        environment = _environment(display, folder, **{TRACE: str(trace)})
        command = [sys.executable, "-m", "masterydesk", "--db", str(_fresh_journal(folder))]
        started, screen = _record(display, command, environment, lambda _screen, _started: trace.exists())
        marks = json.loads(trace.read_text("utf-8"))
    return _startup_figures(started, screen, marks)


def _startup_figures(started: float, screen: ScreenRecorder, marks: dict) -> dict:
    first = first_frame(screen.frames, _has_content)
    box = marks["rows_box"]
    with_rows = first_frame(screen.frames, lambda frame: frame.colours(box) > FEW_COLOURS)
    # The first gap starts at the exposure: the first frame's own work. The others are stalls.
    first_frame_work = next((gap for gap, at in marks["gaps_ms"] if at == marks["exposed"]), 0.0)
    stalls = [gap for gap, at in marks["gaps_ms"] if at != marks["exposed"]]
    return {
        "first_frame_s": first.time - started,
        "rows_on_screen_s": with_rows.time - started,
        "first_frame_has_rows": with_rows is first,
        "title_names_journal_s": first_title(screen, lambda title: "— MasteryDesk" in title) - started,
        "journal_open_s": marks["journal_open"] - started,
        "first_frame_work_ms": first_frame_work,
        "longest_stall_ms": max(stalls, default=0.0),
        "stalls_over_50_ms": sum(1 for gap in stalls if gap > 50),
        "rss_mib_settled": marks["rss_mib"],
    }


def use_round(display: str) -> dict:
    """The entry point driven in its own process: memory with each tab built, keystrokes, first builds."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        result = subprocess.run([sys.executable, "-c", USE, str(_fresh_journal(folder))], cwd=ROOT, text=True,
                                capture_output=True, env=_environment(display, folder), timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"the driven app failed:\n{result.stderr[-3000:]}")
    marks = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        **{key: value for key, value in marks.items() if key.startswith("rss_mib")},
        "keystroke_max_s": max(marks["keystrokes_s"]),
        "keystroke_median_s": statistics.median(marks["keystrokes_s"]),
        **{f"first_build_{tab}_s": seconds for tab, seconds in marks["tab_first_build_s"].items()},
    }


def spread(values: list[float]) -> list[float]:
    """min, median and max."""
    return [min(values), statistics.median(values), max(values)]


def summary(runs: list[dict]) -> dict[str, list[float]]:
    """Each numeric figure's min, median and max over the runs."""
    keys = [key for key, value in runs[0].items() if isinstance(value, (int, float)) and not isinstance(value, bool)]
    return {key: spread([run[key] for run in runs]) for key in keys}


ROWS = (  # (figure, how it reads, goal)
    ("bare_first_frame_s", "bare PySide6 window: first frame with content", ""),
    ("first_frame_s", "app: first frame with content", "≤ 1.5 × bare"),
    ("first_frame_ratio", "… as a multiple of the bare window's (pair by pair)", "≤ 1.5"),
    ("rows_on_screen_s", "app: journal rows on screen", ""),
    ("journal_open_s", "app: journal open for editing (attached)", "≤ 0.6 s"),
    ("first_frame_work_ms", "app: exposure to first frame painted (ms)", ""),
    ("longest_stall_ms", "app: longest event-loop stall after the first frame (ms)", "≤ 50 ms"),
    ("rss_mib_journal", "memory, journal open (MiB)", ""),
    ("rss_mib_with_career", "… with the first five tabs built (MiB)", ""),
    ("rss_mib_with_insights", "… with every tab built, Insights drawn (MiB)", "≤ 160 MiB"),
    ("keystroke_max_s", "search: slowest of 8 keystrokes, to the list repainted", "≤ 0.025 s"),
)


def markdown(figures: dict[str, list[float]]) -> str:
    """The README's table: min–median–max of each figure."""
    lines = ["| what | min–median–max | goal |", "|---|---|---|"]
    for key, label, goal in ROWS:
        if key in figures:
            low, middle, high = figures[key]
            digits = 0 if key.endswith(("_ms", "_mib")) or "rss" in key else (2 if "ratio" in key else 3)
            lines.append(f"| {label} | {low:.{digits}f}–{middle:.{digits}f}–{high:.{digits}f} | {goal} |")
    return "\n".join(lines)


def main() -> None:
    ten_year_journal()  # made (or brought to the schema's head) before anything is timed
    # As installed, the app's bytecode is compiled; a checkout run with PYTHONDONTWRITEBYTECODE (or
    # edited since) would compile each changed module at every start, 5-20 ms of every round.
    compileall.compile_dir(ROOT / "masterydesk", quiet=1)
    probes = {"before_ms": probe_ms()}
    startups = []
    with private_x_server() as display:
        for _ in range(RUNS):
            bare = bare_round(display)
            app = app_round(display)
            startups.append({"bare_first_frame_s": bare["first_frame_s"], **app,
                             "first_frame_ratio": app["first_frame_s"] / bare["first_frame_s"]})
        uses = [use_round(display) for _ in range(USE_RUNS)]
    probes["after_ms"] = probe_ms()
    figures = {**summary(startups), **summary(uses)}
    shown_rows = sum(run["first_frame_has_rows"] for run in startups)
    print(f"desktop app on the ten-year journal under Xvfb: {RUNS} start-up rounds (a bare window, then the app), "
          f"{USE_RUNS} rounds in use; host probe {probes['before_ms']} ms before, {probes['after_ms']} ms after")
    print(f"the first frame showed the journal's rows in {shown_rows} of {RUNS} rounds")
    print(markdown(figures))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "ui.json").write_text(json.dumps({"figures": figures, "host_probe_ms": probes, "startups": startups,
                                             "uses": uses}, indent=2))


if __name__ == "__main__":
    main()

"""Insights on the ten-year journal: first charts, redraw on a new window or scope, the report.

Targets (issue 4): first charts drawn within 1.5 s of first opening the tab; a new window or scope
redrawn within 300 ms; the coaching report written within 5 s (its PDF painted with Qt offscreen, as
`masterydesk report` does).
Each first-opening run is a fresh process, as the app is when the user first clicks the tab.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import OUT, ten_year_journal

RUNS = 5
ROOT = Path(__file__).parents[1]

# Runs in a fresh process, in the state the main window leaves before Insights is first opened:
# PySide6, SQLAlchemy and the store loaded (the Today panel has read the journal).
FIRST_OPEN = r"""
import datetime as dt, json, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication([])
from masterydesk.store.database import open_journal
from masterydesk.services.browse import today_items
from masterydesk.ui.insights import InsightsTab
journal = open_journal(sys.argv[1], read_only=True)
today_items(journal, dt.date.fromisoformat(sys.argv[2]))
tab = InsightsTab(today=dt.date.fromisoformat(sys.argv[2]))
tab.set_journal(journal)
tab.resize(1280, 800)
drawn = []
start, cpu_start = time.perf_counter(), time.process_time()
tab.show()
while "frequency" not in tab.charts:
    app.processEvents()
tab.charts["frequency"].sig_painted.connect(lambda: drawn.append((time.perf_counter(), time.process_time())))
while not drawn:
    app.processEvents()
first = (drawn[0][0] - start, drawn[0][1] - cpu_start)

def redraw(change):
    drawn.clear()
    begin, cpu_begin = time.perf_counter(), time.process_time()
    change()
    while not drawn:
        app.processEvents()
    return (drawn[0][0] - begin, drawn[0][1] - cpu_begin)

def pick(combo, text):
    return lambda: combo.setCurrentIndex(combo.findText(text))

changes = [pick(tab.window_choice, t) for t in ("Last 4 weeks", "Last quarter", "All time", "Last year")]
changes += [pick(tab.scope_kind, "One category"), pick(tab.scope_kind, "Skills a role needs"),
            pick(tab.scope_kind, "One skill"), pick(tab.scope_kind, "All skills")]
redraws = [redraw(change) for change in changes]
print(json.dumps({"first": first, "redraws": redraws}))
"""


def first_open(journal: Path, today: str) -> dict:
    """One fresh process: seconds to the first chart, then each redraw."""
    result = subprocess.run([sys.executable, "-c", FIRST_OPEN, str(journal), today], cwd=ROOT,
                            capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(result.stdout.strip().splitlines()[-1])


def timed(action) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) that action took."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def report_times(journal: Path, days: int | None) -> tuple[float, float]:
    """Writing the report for the last `days` days of the journal (None: all of it)."""
    import datetime as dt

    from masterydesk.ui.report_pdf import write_report
    from masterydesk.store.database import open_journal

    end = dt.date(2025, 12, 31)
    start = dt.date(2016, 1, 1) if days is None else end - dt.timedelta(days=days - 1)
    opened = open_journal(journal, read_only=True)
    try:
        with tempfile.TemporaryDirectory() as folder:
            return timed(lambda: write_report(opened, Path(folder) / "report.pdf", start, end, today=end))
    finally:
        opened.close()


def series_times(journal: Path) -> tuple[tuple[float, float], tuple[float, float]]:
    """Reading what the charts need, and computing every series for a year."""
    import datetime as dt

    from masterydesk.domain.windows import preset_window
    from masterydesk.services.insights import load_insights
    from masterydesk.services.series import insights_series
    from masterydesk.store.database import open_journal

    opened = open_journal(journal, read_only=True)
    loaded = []
    try:
        load = timed(lambda: loaded.append(load_insights(opened, dt.date(2025, 12, 31))))
        data = loaded[0]
        compute = timed(lambda: insights_series(data, preset_window("year", data.today, data.earliest)))
        return load, compute
    finally:
        opened.close()


def median_pair(pairs) -> tuple[float, float]:
    walls, cpus = zip(*pairs)
    return statistics.median(walls), statistics.median(cpus)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def main() -> None:
    journal = ten_year_journal()
    runs = [first_open(journal, "2025-12-31") for _ in range(RUNS)]
    redraws = [tuple(pair) for run in runs for pair in run["redraws"]]
    loads, computes = zip(*(series_times(journal) for _ in range(RUNS)))
    results = {
        "first charts drawn, from first opening the tab": (median_pair(tuple(r["first"]) for r in runs), 1.5),
        "redraw after a window or scope change (median)": (median_pair(redraws), 0.3),
        "redraw after a window or scope change (slowest)": (max(redraws), 0.3),
        "read what the charts need": (median_pair(loads), None),
        "compute every series, one year": (median_pair(computes), None),
        "coaching report, 4 weeks": (median_pair(report_times(journal, 28) for _ in range(3)), 5.0),
        "coaching report, all time": (median_pair(report_times(journal, None) for _ in range(3)), 5.0),
    }
    # Wall time is what the user waits; CPU time is what it would be on an idle machine.
    print(f"{'':<50} {'wall':>9} {'CPU':>9}   (load average {os.getloadavg()[0]:.1f})")
    for name, ((wall, cpu), target) in results.items():
        verdict = "" if target is None else ("  ok" if wall <= target else f"  over the {ms(target)} target")
        print(f"{name:<50} {ms(wall):>9} {ms(cpu):>9}{verdict}")
    OUT.mkdir(exist_ok=True)
    document = {name: {"wall_s": wall, "cpu_s": cpu} for name, ((wall, cpu), _t) in results.items()}
    (OUT / "insights.json").write_text(json.dumps(document, indent=2))

"""The Journal tab's timeline on the ten-year journal: search as you type, paging, tier promotions.

Target (the daily loop, "One timeline"): each keystroke of a search answered within 50 ms. A
keystroke is what the list does for it: count the hits (to the cap), read the first page, and make
the snippets of the rows a window shows. Measured in this process on the services (median of RUNS
per keystroke), then in a fresh process on the Journal tab itself, typing into its search field and
waiting for the list to paint. Figures go to benchmarks/out/timeline.json.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.generate import OUT, ten_year_journal

RUNS = 7
TARGET_S = 0.05
VISIBLE_ROWS = 40  # the rows a tall window shows: their snippets are made when they are drawn
ROOT = Path(__file__).parents[1]
# Typed a letter at a time: a word in three of four entries, a community's name (interactions
# only), a word of the ideas and notes, and a word in no record at all.
TYPED = ("practice", "leadership", "feedback", "zzyzx")

TAB = r"""
import json, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
app = QApplication([])
from masterydesk.store.database import open_journal
from masterydesk.ui.journal.journal_tab import JournalTab
from masterydesk.ui.session import JournalSession
session = JournalSession(open_journal(sys.argv[1], read_only=True))
tab = JournalTab()
tab.resize(1000, 760)
tab.show()
tab.set_session(session)
for _ in range(5):
    app.processEvents()
painted = []

class Paints(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            painted.append(time.perf_counter())
        return False

paints = Paints()
tab.view.viewport().installEventFilter(paints)
times = {}
for word in sys.argv[2:]:
    keystrokes = []
    for n in range(1, len(word) + 1):
        painted.clear()
        start, cpu = time.perf_counter(), time.process_time()
        tab.search.setText(word[:n])
        while not painted:
            app.processEvents()
        keystrokes.append((painted[0] - start, time.process_time() - cpu))
    times[word] = keystrokes
    tab.search.clear()
    app.processEvents()
print(json.dumps(times))
"""


def keystroke(journal, where, promotions) -> None:
    """What the list does for one keystroke."""
    from masterydesk.services.timeline import timeline_count, timeline_page

    timeline_count(journal, where, promotions)
    for row in timeline_page(journal, where, None, 200, promotions)[:VISIBLE_ROWS]:
        row.summary  # made when the row is drawn


def timed(action) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) that action took."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def medians(runs: list[tuple[float, float]]) -> dict[str, float]:
    return {"wall_s": statistics.median(w for w, _ in runs), "cpu_s": statistics.median(c for _, c in runs)}


def service_stages(path: Path) -> dict[str, dict[str, float]]:
    """Each keystroke of each word, then paging and the promotions, in this process."""
    from masterydesk.services.timeline import TimelineFilter, tier_promotions, timeline_page
    from masterydesk.store.database import open_journal

    journal = open_journal(path, read_only=True)
    try:
        promotions = tier_promotions(journal)
        stages = {"tier promotions, computed": medians([timed(lambda: tier_promotions(journal)) for _ in range(RUNS)])}
        for word in TYPED:
            for n in range(1, len(word) + 1):
                where = TimelineFilter(words=word[:n])
                stages[f"keystroke '{word[:n]}'"] = medians([timed(lambda: keystroke(journal, where, promotions))
                                                            for _ in range(RUNS)])
        stages["first page, no search"] = medians(
            [timed(lambda: keystroke(journal, TimelineFilter(), promotions)) for _ in range(RUNS)])
        deep = _key_after(journal, promotions, 99)
        stages["the 100th page of 200 rows"] = medians(
            [timed(lambda: timeline_page(journal, TimelineFilter(), deep, 200, promotions)) for _ in range(RUNS)])
    finally:
        journal.close()
    return stages


def _key_after(journal, promotions, pages: int) -> tuple:
    """The key of the last row of that many pages of the timeline."""
    from masterydesk.services.timeline import TimelineFilter, timeline_page

    after = None
    for _ in range(pages):
        after = timeline_page(journal, TimelineFilter(), after, 200, promotions)[-1].key
    return after


def tab_keystrokes(path: Path) -> dict[str, list[tuple[float, float]]]:
    """In a fresh process, the Journal tab: from a keystroke to the list's next paint."""
    result = subprocess.run([sys.executable, "-c", TAB, str(path), *TYPED], cwd=ROOT, capture_output=True,
                            text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    """Run the timeline benchmark and write benchmarks/out/timeline.json."""
    subprocess.run([sys.executable, "-m", "benchmarks.generate"], check=True, stdout=subprocess.DEVNULL)
    path = ten_year_journal()
    load = os.getloadavg()[0]
    print(f"Load average before: {load:.1f} on {os.cpu_count()} CPUs (others' work inflates wall times).")
    stages = service_stages(path)
    print(f"  {'stage (services, median of ' + str(RUNS) + ')':<44}{'wall':>9}{'cpu':>10}")
    for name, seconds in stages.items():
        print(f"  {name:<44}{seconds['wall_s'] * 1000:>7.1f} ms{seconds['cpu_s'] * 1000:>7.1f} ms")
    keystrokes = [v for k, v in stages.items() if k.startswith("keystroke")]
    slowest = max(s["wall_s"] for s in keystrokes)
    print(f"  slowest keystroke: {slowest * 1000:.1f} ms (target ≤ {TARGET_S * 1000:.0f} ms: "
          f"{'ok' if slowest <= TARGET_S else 'MISSED'})")
    tab = tab_keystrokes(path)
    print("  the Journal tab, keystroke to painted list (wall / cpu ms):")
    for word, times in tab.items():
        shown = ", ".join(f"{w * 1000:.0f}/{c * 1000:.0f}" for w, c in times)
        print(f"    {word:<12} {shown}")
    tab_slowest = max(w for times in tab.values() for w, _ in times)
    print(f"  slowest in the tab: {tab_slowest * 1000:.1f} ms")
    report = {"load_average": load, "target_s": TARGET_S, "stages_s": stages,
              "slowest_keystroke_s": slowest, "tab_keystrokes_s": tab, "tab_slowest_keystroke_s": tab_slowest}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "timeline.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(f"\nWritten to {OUT / 'timeline.json'}.")

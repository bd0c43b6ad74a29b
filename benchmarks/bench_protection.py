"""What a passphrase costs: the ten-year journal plain and protected, side by side in one run.

Fresh processes for `masterydesk metrics` (start-up and key stretching included); in-process for
opening (every page checked), saving an entry, and a search as the Journal tab runs it. Plain and
protected are measured in turn, pair by pair, so a machine that drifts in speed drifts for both:
the ratio is the figure to quote. Figures go to benchmarks/out/protection.json.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.generate import OUT, ten_year_journal

RUNS = 5
SAVES = 30
SEARCHES = ("pra", "practice", "review the", "window function")
PASSPHRASE = "a benchmark passphrase"


def _protected_copy(source: Path, target: Path) -> float:
    """Copy the journal and protect the copy with the command line; the seconds protecting took."""
    shutil.copyfile(source, target)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "masterydesk", "passphrase", "--set", "--db", str(target)],
                   env=os.environ | {"MASTERYDESK_NEW_PASSPHRASE": PASSPHRASE}, check=True, capture_output=True)
    return time.perf_counter() - start


def _metrics_seconds(journal: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "masterydesk", "metrics", "--json", "--db", str(journal)],
                   env=os.environ | {"MASTERYDESK_PASSPHRASE": PASSPHRASE}, check=True, capture_output=True)
    return time.perf_counter() - start


def _in_process(journal_path: Path) -> dict[str, float]:
    """Open (every page checked), then median save and search times, in this process."""
    from masterydesk.domain import records as r
    from masterydesk.services.browse import journal_count, journal_page
    from masterydesk.services.editing import save_records
    from masterydesk.services.protection import is_protected, unlock_journal
    from masterydesk.store.browse import JournalFilter
    from masterydesk.store.database import open_journal

    start = time.perf_counter()
    if is_protected(journal_path):
        unlock_journal(journal_path, PASSPHRASE)
    unlocked = time.perf_counter()
    journal = open_journal(journal_path)
    opened = time.perf_counter()
    try:
        saves = []
        for n in range(SAVES):
            entry = r.JournalEntry(id=f"bench-{n}-{time.monotonic_ns()}", date=dt.date(2025, 1, 1),
                                   kind=r.EntryKind.PRACTICE, text=f"benchmark entry {n}")
            before = time.perf_counter()
            save_records(journal, entry)
            saves.append(time.perf_counter() - before)
        searches = []
        for words in SEARCHES:
            before = time.perf_counter()
            where = JournalFilter(words=words)
            journal_count(journal, where)
            journal_page(journal, where, 0, 100)
            searches.append(time.perf_counter() - before)
    finally:
        journal.close()
    return {"unlock_s": unlocked - start, "open_s": opened - unlocked,
            "save_s": statistics.median(saves), "search_s": max(searches)}


def _child(journal_path: Path) -> dict[str, float]:
    """_in_process in a fresh process, so that no key or cache is shared between the two."""
    code = f"import json; from benchmarks.bench_protection import _in_process; from pathlib import Path; " \
           f"print(json.dumps(_in_process(Path({str(journal_path)!r}))))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).parents[1])
    return json.loads(result.stdout.strip().splitlines()[-1])


def _medians(rows: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(row[key] for row in rows) for key in rows[0]}


def _pairs(plain: Path, protected: Path, measure: Callable[[Path], object]) -> tuple[list, list]:
    plain_runs, protected_runs = [], []
    for _ in range(RUNS):
        plain_runs.append(measure(plain))
        protected_runs.append(measure(protected))
    return plain_runs, protected_runs


def main() -> None:
    source = ten_year_journal()
    with tempfile.TemporaryDirectory() as scratch:
        plain, protected = Path(scratch) / "plain" / "journal.sqlite", Path(scratch) / "protected" / "journal.sqlite"
        plain.parent.mkdir()
        protected.parent.mkdir()
        shutil.copyfile(source, plain)
        protecting = _protected_copy(source, protected)
        print(f"protecting the ten-year journal ({source.stat().st_size / 2**20:.0f} MiB): {protecting:.2f} s")
        metrics = _pairs(plain, protected, _metrics_seconds)
        work = _pairs(plain, protected, _child)
    results = {
        "protect_s": protecting,
        "metrics_s": {"plain": statistics.median(metrics[0]), "protected": statistics.median(metrics[1]),
                      "ratios": [b / a for a, b in zip(*metrics)]},
        "plain": _medians(work[0]),
        "protected": _medians(work[1]),
    }
    _print(results)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "protection.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


def _print(results: dict) -> None:
    metrics = results["metrics_s"]
    print(f"{'what':<34}{'plain':>10}{'protected':>12}")
    print(f"{'metrics --json (fresh process)':<34}{metrics['plain']:>9.3f}s{metrics['protected']:>11.3f}s"
          f"   pair ratios {min(metrics['ratios']):.2f}-{max(metrics['ratios']):.2f}x")
    for key, label in (("unlock_s", "passphrase stretched"), ("open_s", "open, every page checked"),
                       ("save_s", "save one entry (median of 30)"), ("search_s", "search, slowest of 4")):
        print(f"{label:<34}{results['plain'][key]:>9.3f}s{results['protected'][key]:>11.3f}s")

"""The core benchmark: `masterydesk import`, `export` and `metrics` on the ten-year journal.

Each command runs in a fresh process (start-up included), once unmeasured and then RUNS times; the table shows the median
wall and CPU time and the peak memory of the child, beside the issue's targets (CPU time is the
steadier figure when other work shares the machine). Then the in-process stages show where the
time goes. Figures go to benchmarks/out/core.json.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from benchmarks.generate import END, OUT, START, ten_year_document, ten_year_journal

RUNS = 5
STAGE_RUNS = 3
SAVES_AFTER_IMPORT = 30  # FTS5 once merged a bulk import's index on the 13th save: 0.8 s
TARGETS = {"import": 3.0, "export": 3.0, "metrics": 0.2}  # seconds, from issue 2 and the speed issue
WINDOW = ("--from", START.isoformat(), "--to", END.isoformat())
# What each command imports before it does any work (cli.py imports the rest inside the command).
START_UP = {
    "imports of import": "masterydesk.cli, masterydesk.store.database, masterydesk.interchange.importers",
    "imports of export": "masterydesk.cli, masterydesk.store.database, masterydesk.interchange.exporters",
    "imports of metrics": (
        "masterydesk.cli, masterydesk.store.snapshot, masterydesk.services.metrics, masterydesk.interchange.metrics_json"
    ),
}


def run_child(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MiB of one child process (which must succeed)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        # wait4 gives this child's own rusage; RUSAGE_CHILDREN would keep the maximum of all.
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed: {errors.read().decode(errors='replace')}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # Linux reports KiB


def measure(name: str, make_command: Callable[[int], list[str]], runs: int = RUNS) -> dict:
    """Median time and peak memory over runs of a command (make_command gets the run number), after
    one run that is not counted: the command before wrote hundreds of MB (five imports, five exports)
    and pushed the journal out of the page cache, so the first metrics run read it from the disk
    (0.42 s against 0.28-0.34 s for the four after it)."""
    run_child(make_command(runs))
    times, cpu_times, peaks = zip(*(run_child(make_command(n)) for n in range(runs)))
    result = {
        "name": name,
        "median_s": statistics.median(times),
        "median_cpu_s": statistics.median(cpu_times),
        "runs_s": list(times),
        "peak_mib": max(peaks),
        "target_s": TARGETS.get(name),
    }
    print(_row(result), flush=True)
    return result


def masterydesk(*args: str) -> list[str]:
    return [sys.executable, "-m", "masterydesk", *args]


def importing(modules: str) -> Callable[[int], list[str]]:
    return lambda n: [sys.executable, "-c", f"import {modules}"]


def command_results(document: Path, journal: Path, scratch: Path) -> list[dict]:
    """The three commands, after the start-up floors they stand on."""
    results = [
        measure("python -c pass", lambda n: [sys.executable, "-c", "pass"]),
        measure("masterydesk --version", lambda n: masterydesk("--version")),
    ]
    results += [measure(name, importing(modules)) for name, modules in START_UP.items()]
    return results + [
        measure("import", lambda n: masterydesk("import", str(document), "--db", str(scratch / f"import-{n}.sqlite"))),
        measure("export", lambda n: masterydesk("export", str(scratch / f"export-{n}.json"), "--db", str(journal))),
        measure("metrics", lambda n: masterydesk("metrics", "--db", str(journal), *WINDOW, "--json")),
    ]


def _row(result: dict) -> str:
    target = result["target_s"]
    verdict = "" if target is None else ("  ok" if result["median_s"] <= target else "  MISSED")
    target_text = f"≤ {target:.1f} s" if target is not None else ""
    return (
        f"{result['name']:<24}{result['median_s']:>8.3f} s{target_text:>10}{verdict:<8}"
        f"{result['median_cpu_s']:>7.3f} s{result['peak_mib']:>8.0f} MiB   ({len(result['runs_s'])} runs)"
    )


class Stages:
    """Named in-process timings, wall and CPU; each stage keeps the medians of its runs."""

    def __init__(self) -> None:
        self.seconds: dict[str, list[tuple[float, float]]] = {}

    def time(self, name: str, work: Callable[[], object]):
        wall, cpu = time.perf_counter(), time.process_time()
        value = work()
        self.seconds.setdefault(name, []).append((time.perf_counter() - wall, time.process_time() - cpu))
        return value

    def medians(self) -> dict[str, dict[str, float]]:
        return {
            name: {"wall_s": statistics.median(w for w, _ in runs), "cpu_s": statistics.median(c for _, c in runs)}
            for name, runs in self.seconds.items()
        }


@contextmanager
def timing_calls(stages: Stages, name: str, module: ModuleType, attribute: str) -> Iterator[None]:
    """Time each call the product makes to module.attribute, as the stage name."""
    original = getattr(module, attribute)
    setattr(module, attribute, lambda *args, **kwargs: stages.time(name, lambda: original(*args, **kwargs)))
    try:
        yield
    finally:
        setattr(module, attribute, original)


def import_stages(stages: Stages, document_path: Path, target: Path) -> None:
    """What `masterydesk import` of an export where no journal is yet does, piece by piece."""
    from masterydesk.domain.validation import check_bundle
    from masterydesk.interchange import portable
    from masterydesk.store import bundles

    data = stages.time("import: read file", lambda: portable.read_document_bytes(document_path))
    document = stages.time("import: json load", lambda: portable.parse_document(data, document_path.name))
    stages.time("import: schema validation", lambda: portable.validate_document(document))
    bundle = stages.time("import: document -> records", lambda: portable.bundle_from_document(document))
    stages.time("import: lone-surrogate scan", lambda: portable.may_hold_lone_surrogates(data))
    stages.time("import: reference checks", lambda: check_bundle(bundle))
    # The search index is rebuilt inside write_bundle (and once more, empty, as the journal is
    # made): the writes are timed as one piece.
    with timing_calls(stages, "import:   of which written + indexed", bundles, "write_bundle"):
        stages.time("import: journal built, synced, renamed", lambda: bundles.write_new_journal(target, bundle))


def saves_after_import(journal_path: Path) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each of the first saves of one journal entry into a journal just imported."""
    from masterydesk.domain import records as r
    from masterydesk.services.editing import save_records
    from masterydesk.store.database import open_journal

    journal = open_journal(journal_path)
    seconds = []
    try:
        for n in range(SAVES_AFTER_IMPORT):
            entry = r.JournalEntry(f"bench-save-{n}", END, r.EntryKind.PRACTICE, f"Saved after the import ({n})")
            wall, cpu = time.perf_counter(), time.process_time()
            save_records(journal, entry)
            seconds.append((time.perf_counter() - wall, time.process_time() - cpu))
    finally:
        journal.close()
    return seconds


def export_stages(stages: Stages, journal_path: Path, out: Path) -> None:
    """What `masterydesk export` does, piece by piece."""
    from masterydesk.interchange import portable
    from masterydesk.services.transfer import export_bundle
    from masterydesk.store.database import open_journal

    journal = stages.time("export: open journal (checks)", lambda: open_journal(journal_path, read_only=True))
    try:
        bundle = stages.time("export: read records", lambda: export_bundle(journal))
    finally:
        journal.close()
    document = stages.time("export: records -> document", lambda: portable.bundle_to_document(bundle))
    stages.time("export: json write + fsync", lambda: portable.write_json_atomically(document, out))


def metrics_stages(stages: Stages, journal_path: Path) -> None:
    """What `masterydesk metrics --json` does, piece by piece."""
    from masterydesk.domain.metrics import compute_metrics
    from masterydesk.domain.records import Window
    from masterydesk.interchange.metrics_json import metrics_to_json
    from masterydesk.services import settings
    from masterydesk.store import readers as metric_records
    from masterydesk.store.snapshot import JournalSnapshot

    snapshot = stages.time(
        "metrics: open file (checks)", lambda: JournalSnapshot.open(journal_path, metric_records.READ_IN_FULL)
    )
    try:
        with snapshot.reading() as connection:
            bundle = stages.time("metrics: read records", lambda: metric_records.read_metric_records(connection))
            practice = stages.time(
                "metrics: add up practice", lambda: metric_records.read_practice(connection, Window(START, END))
            )
            network = stages.time(
                "metrics: count the network", lambda: metric_records.read_network(connection, Window(START, END))
            )
            rules = settings.read_rules(connection)
    finally:
        snapshot.close()
    report = stages.time(
        "metrics: compute", lambda: compute_metrics(bundle, Window(START, END), rules, practice, network)
    )
    stages.time("metrics: to JSON text", lambda: json.dumps(metrics_to_json(report), indent=2, ensure_ascii=False))


def stage_results(document: Path, journal: Path, scratch: Path) -> dict[str, dict[str, float]]:
    from masterydesk.interchange import portable

    stages = Stages()
    # Compiled once per process; the first validation in a command pays for it.
    stages.time("import: schema compile (once)", portable._fast_validator)
    for n in range(STAGE_RUNS):
        import_stages(stages, document, scratch / f"stages-{n}.sqlite")
        export_stages(stages, journal, scratch / f"stages-{n}.json")
        metrics_stages(stages, journal)
    medians = stages.medians()
    saves = saves_after_import(scratch / "stages-0.sqlite")
    slowest = max(saves)
    medians[f"import: then a save, median of {len(saves)}"] = {
        "wall_s": statistics.median(w for w, _ in saves), "cpu_s": statistics.median(c for _, c in saves)}
    medians[f"import: then a save, slowest of {len(saves)}"] = {"wall_s": slowest[0], "cpu_s": slowest[1]}
    print(f"  {'stage':<40}{'wall':>8}{'cpu':>10}")
    for name, seconds in medians.items():
        print(f"  {name:<40}{seconds['wall_s']:>8.3f} s{seconds['cpu_s']:>8.3f} s")
    return medians


def main() -> None:
    """Run the core benchmark and write benchmarks/out/core.json."""
    # Made in a child: this process stays small while it spawns the measured ones, whose peak
    # memory would otherwise start from a copy of it.
    subprocess.run([sys.executable, "-m", "benchmarks.generate"], check=True, stdout=subprocess.DEVNULL)
    document, journal = ten_year_document(), ten_year_journal()
    load = os.getloadavg()[0]
    scratch = Path(tempfile.mkdtemp(prefix="masterydesk-bench-"))
    try:
        print(f"Load average before: {load:.1f} on {os.cpu_count()} CPUs (others' work inflates wall times).")
        print(f"{'command':<24}{'median':>10}{'target':>10}{'':<8}{'cpu':>9}{'peak':>12}")
        commands = command_results(document, journal, scratch)
        print(f"\nIn-process stages (median of {STAGE_RUNS}):")
        stages = stage_results(document, journal, scratch)
    finally:
        shutil.rmtree(scratch)
    report = {
        "document_mib": document.stat().st_size / 2**20,
        "load_average": load,
        "commands": commands,
        "stages_s": stages,
    }
    (OUT / "core.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(f"\nWritten to {OUT / 'core.json'}.")

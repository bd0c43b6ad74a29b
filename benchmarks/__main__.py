"""`python -m benchmarks [NAME ...]`: run benchmarks/bench_NAME.py, or every bench_*.py when none is named."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from benchmarks.host_probe import probe_ms

PREFIX = "bench_"


def available() -> list[str]:
    """The names of the benchmarks in this folder, sorted."""
    return sorted(p.stem.removeprefix(PREFIX) for p in Path(__file__).parent.glob(f"{PREFIX}*.py"))


def main(argv: list[str]) -> int:
    names = argv or available()
    unknown = [n for n in names if n not in available()]
    if unknown:
        print(f"No benchmark named {', '.join(unknown)}; there are: {', '.join(available())}.", file=sys.stderr)
        return 2
    probes = {}
    for name in names:
        before = probe_ms()
        print(f"== {name} == (host probe {before} ms)", flush=True)
        importlib.import_module(f"benchmarks.{PREFIX}{name}").main()
        probes[name] = {"before_ms": before, "after_ms": probe_ms()}
        print(f"host probe after {name}: {probes[name]['after_ms']} ms", flush=True)
    _record(probes)
    return 0


def _record(probes: dict) -> None:
    """Keep each benchmark's host probes beside its figures (benchmarks/out/host-probe.json)."""
    path = Path(__file__).parent / "out" / "host-probe.json"
    known = json.loads(path.read_text("utf-8")) if path.exists() else {}
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps({**known, **probes}, indent=2) + "\n", "utf-8")


sys.exit(main(sys.argv[1:]))

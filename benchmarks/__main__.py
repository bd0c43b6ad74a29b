"""`python -m benchmarks [NAME ...]`: run benchmarks/bench_NAME.py, or every bench_*.py when none is named."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

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
    for name in names:
        print(f"== {name} ==", flush=True)
        importlib.import_module(f"benchmarks.{PREFIX}{name}").main()
    return 0


sys.exit(main(sys.argv[1:]))

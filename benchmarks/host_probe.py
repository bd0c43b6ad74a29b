"""How fast the host runs right now: a fixed piece of Python and SQLite work, timed.

The machines these benchmarks run on are shared: the same command takes a third longer in some
minutes than in others. Each benchmark run times this probe before and after, so figures from two
runs are compared only when their probes agree (within about 10 %), or scaled by them.
"""

from __future__ import annotations

import sqlite3
import statistics
import time

ROUNDS = 5


def _work() -> None:
    total = 0
    for number in range(300_000):
        total += number * number % 7
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (a INTEGER, b TEXT)")
    connection.executemany("INSERT INTO t VALUES (?, ?)", ((n, str(n)) for n in range(50_000)))
    connection.execute("SELECT sum(a), count(DISTINCT b) FROM t").fetchone()
    connection.close()


def probe_ms() -> float:
    """The median time of the fixed work, in milliseconds (lower: a faster host right now)."""
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        _work()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 1)

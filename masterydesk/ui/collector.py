"""Python's cyclic garbage collector, run on the UI thread only.

Left to itself the collector runs on whichever thread allocates past its threshold: a worker thread
reading the journal, say. Collected there, a cycle holding Qt objects (a closed dialog's widgets and
the lambdas connected to them) deletes them off the UI thread; their timers stay registered with
the UI thread and one fired on freed memory later (a segmentation fault in Qt's timer list, in every
run of a test that read the journal on a worker while dialogs were closed; none with collection
kept on the UI thread). So the automatic collector is off, and the UI thread collects by the same
thresholds a few times a second.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250
# A full collection scans every object (47 ms with ten years open, 112 ms with Insights drawn): the
# automatic collector skips most of them (until a quarter more objects are long-lived); here they
# happen at most once a minute, the younger generations as their thresholds say.
FULL_EVERY_S = 60.0
_last_full = time.monotonic()


def collect_by_thresholds() -> None:
    """Collect the oldest generation whose count passed its threshold, as the automatic collector would."""
    global _last_full
    counts, thresholds = gc.get_count(), gc.get_threshold()
    due = [generation for generation in range(3) if counts[generation] > thresholds[generation]]
    if not due:
        return
    generation = max(due)
    if generation == 2 and time.monotonic() - _last_full < FULL_EVERY_S:
        generation = 1
    gc.collect(generation)
    if generation == 2:
        _last_full = time.monotonic()


def freeze_survivors() -> None:
    """Keep every object alive now out of later collections (gc.freeze): the modules, the window,
    the shown journal's pages. With ten years open and every tab built, a full collection scanned
    210,000 objects in 120-140 ms (once a minute, a stall each time); after this only what came
    since. Refcounting still frees them; a cycle among them that turns into garbage (or already
    was: no collection runs first, it took 34 ms at the attach) waits for thaw_and_collect(),
    which giving a journal back calls."""
    gc.freeze()


def thaw_and_collect() -> None:
    """Let collections see every frozen object again, and collect now (a journal was given back:
    its pages' cycles are garbage)."""
    global _last_full
    gc.unfreeze()
    gc.collect()
    _last_full = time.monotonic()


def collect_on_ui_thread(parent: QObject) -> QTimer:
    """Turn the automatic collector off and collect on this (the UI) thread from now on."""
    gc.disable()
    timer = QTimer(parent, interval=INTERVAL_MS)
    timer.timeout.connect(collect_by_thresholds)
    timer.start()
    return timer

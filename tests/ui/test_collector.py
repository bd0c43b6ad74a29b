"""The cyclic garbage collector runs on the UI thread only (masterydesk/ui/collector.py)."""

import gc
import threading
import weakref

from PySide6.QtCore import QObject, QTimer

from masterydesk.ui.collector import INTERVAL_MS, collect_on_ui_thread


class Held(QObject):
    """A Qt object with a running timer, held only by a reference cycle; says on which thread it went."""

    finalized_on: list = []

    def __init__(self) -> None:
        super().__init__()
        self.cycle = self
        self.timer = QTimer(self, interval=1000)
        self.timer.start()

    def __del__(self) -> None:
        Held.finalized_on.append(threading.get_ident())


def _cycle_of_qt_objects() -> weakref.ref:
    held = Held()
    return weakref.ref(held)


def test_a_worker_allocating_much_never_collects_qt_objects_the_ui_thread_collects_them(qtbot):
    parent = QObject()
    timer = collect_on_ui_thread(parent)
    try:
        assert not gc.isenabled()
        Held.finalized_on.clear()
        alive = _cycle_of_qt_objects()

        kept = []

        def allocate() -> None:  # as a read of the journal does: far past every threshold of the collector
            kept.extend([[], {}] for _ in range(100_000))

        worker = threading.Thread(target=allocate)
        worker.start()
        worker.join()
        assert alive() is not None and Held.finalized_on == []  # nothing collected on the worker
        qtbot.waitUntil(lambda: alive() is None, timeout=20 * INTERVAL_MS)
        assert Held.finalized_on == [threading.get_ident()]  # collected here, on the UI thread
    finally:
        timer.stop()

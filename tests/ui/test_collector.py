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


def test_a_full_collection_runs_at_most_once_a_minute(monkeypatch):
    from masterydesk.ui import collector

    def full_collections() -> int:
        return gc.get_stats()[2]["collections"]

    def pass_every_threshold() -> None:
        for _ in range(gc.get_threshold()[2] + 1):
            gc.collect(1)  # each counts once towards the oldest generation's threshold
        kept.extend([[], {}] for _ in range(gc.get_threshold()[0] + 1))

    kept: list = []
    monkeypatch.setattr(collector, "_last_full", collector.time.monotonic())
    pass_every_threshold()
    before = full_collections()
    collector.collect_by_thresholds()
    assert full_collections() == before  # a younger generation instead
    monkeypatch.setattr(collector, "_last_full", collector.time.monotonic() - collector.FULL_EVERY_S - 1)
    pass_every_threshold()
    collector.collect_by_thresholds()
    assert full_collections() == before + 1


def test_what_was_alive_when_frozen_is_collected_only_once_thawed(qtbot):
    from masterydesk.ui.collector import freeze_survivors, thaw_and_collect

    Held.finalized_on.clear()
    alive = _cycle_of_qt_objects()  # garbage already, but a cycle: only a collection finds it
    gc.collect(2)
    assert alive() is None  # the control: a full collection finds such a cycle
    held = Held()
    alive = weakref.ref(held)
    freeze_survivors()
    try:
        assert gc.get_freeze_count() > 0
        del held  # a cycle now garbage, frozen with the rest
        gc.collect()
        assert alive() is not None  # not scanned: what once a minute cost 120-140 ms with ten years
    finally:
        thaw_and_collect()
    assert alive() is None and gc.get_freeze_count() == 0
    assert Held.finalized_on[-1] == threading.get_ident()


def test_a_shown_journal_freezes_what_the_window_holds_and_giving_it_back_thaws(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from masterydesk.ui.main_window import MainWindow

    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    gc.unfreeze()
    assert window.open_journal_path(tmp_path / "journal.sqlite", create=True)
    assert gc.get_freeze_count() > 0
    window.close()
    assert gc.get_freeze_count() == 0

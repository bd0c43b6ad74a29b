"""Reads on the worker thread (masterydesk/ui/background_reads.py): the newest result reaches the UI
thread, and what a read holds is let go of on the UI thread only."""

import threading
import time

from PySide6.QtCore import QObject, QTimer

from masterydesk.domain.errors import JournalBusy
from masterydesk.ui import background_reads
from masterydesk.ui.background_reads import NewestRead


def _deleted_on(qt_object: QObject) -> list:
    """Fills with the thread the object's C++ side is destroyed on."""
    threads = []
    qt_object.destroyed.connect(lambda: threads.append(threading.get_ident()))
    return threads


def test_only_the_newest_read_reaches_the_ui_thread(qtbot):
    parent = QObject()
    results = []
    reads = NewestRead(parent, results.append)
    reads.ask(lambda: "first")
    reads.ask(lambda word: word, "second")
    qtbot.waitUntil(lambda: results == ["second"])
    qtbot.wait(3 * background_reads.POLL_MS)
    assert results == ["second"]


def test_a_read_that_raises_gives_nothing_and_the_next_read_works(qtbot):
    parent = QObject()
    results = []
    reads = NewestRead(parent, results.append)
    reads.ask(lambda: 1 / 0)
    qtbot.waitUntil(lambda: not reads.busy())
    assert results == []
    reads.ask(lambda: "after")
    qtbot.waitUntil(lambda: results == ["after"])


def test_a_window_held_only_by_a_forgotten_read_is_deleted_on_the_ui_thread(qtbot):
    """The read outlives everything else that holds the timer (a window, in the app): when it ends on
    the worker, the timer must still go on the UI thread (Qt breaks when a timer goes elsewhere)."""
    parent = QObject()
    reads = NewestRead(parent, lambda result: None)
    started = threading.Event()
    timer = QTimer(interval=1000)  # Python owns it, as it owns a top-level window
    timer.start()
    deleted_on = _deleted_on(timer)

    def slow_read(held: QTimer) -> None:
        started.set()
        time.sleep(0.2)

    reads.ask(slow_read, timer)
    qtbot.waitUntil(started.is_set)
    reads.forget()
    del timer
    background_reads.finish()
    assert deleted_on == [threading.get_ident()]


def test_a_read_that_raises_lets_go_of_what_it_held_on_the_ui_thread(qtbot):
    parent = QObject()
    reads = NewestRead(parent, lambda result: None)
    timer = QTimer(interval=1000)
    timer.start()
    deleted_on = _deleted_on(timer)

    def failing_read(held: QTimer) -> None:
        time.sleep(0.05)
        raise JournalBusy("Another program is writing this journal.")  # expected: said, not logged

    reads.ask(failing_read, timer)
    del timer
    qtbot.waitUntil(lambda: not reads.busy())
    background_reads.finish()
    assert deleted_on == [threading.get_ident()]


def test_giving_a_journal_back_drops_every_read_asked_or_in_flight(qtbot):
    # A read asked but not begun would open the given-back journal's file again, without its lock.
    parent = QObject()
    ran, results = [], []
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "in flight"

    in_flight = NewestRead(parent, results.append)
    in_flight.ask(slow)
    qtbot.waitUntil(started.is_set)
    asked = NewestRead(parent, results.append)
    asked.ask(lambda: ran.append("asked") or "asked")
    background_reads.forget_every_read()
    release.set()
    background_reads.finish()
    qtbot.wait(4 * background_reads.POLL_MS)
    assert ran == [] and results == []
    assert not in_flight.busy() and not asked.busy()

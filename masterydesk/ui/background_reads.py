"""Reads of the open journal that take longer than a frame — the tiers reached for the Journal tab's
list, what the Today panel lists, what Insights plots — run one after another on one worker thread,
so that the window stays live while they read (0.1–0.3 s each on ten years).

Each asker keeps only its newest read: one asked for again before the last was taken replaces it.
Closing a journal first waits for the reads in flight (`finish`), since a read holds the file.

A read and its arguments are only ever let go of on the UI thread. PySide deletes an object that
Python owns (a window, a timer) on the thread that drops its last reference: a read that was the
last to hold a closed window (a lambda over a panel that holds it) deleted the window on the worker,
and Qt's timer list broke — the crash that the Insights and window tests met when they ran together.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from PySide6.QtCore import QObject, QTimer

POLL_MS = 15  # how often an asker looks whether its read is done


@dataclass
class _Reading:
    """A read on the worker: the UI thread holds its callable and arguments until it is done."""

    read: Callable
    arguments: tuple
    future: Future | None = None
    generation: int = field(default_factory=lambda: _generation)

    def done(self) -> bool:
        return self.future is not None and self.future.done()


_retired: list[_Reading] = []  # reads forgotten while in flight, held until done and let go of here
_generation = 0  # counts the journals given back: a read asked before the last is dropped


class NewestRead(QObject):
    """Reads for one asker on the worker thread; on_ready(result) on the UI thread for the newest one.

    A read that fails is logged when unexpected; its sentence goes to on_failed when the asker shows
    it, else it is dropped (the next read meets the same cause and the window says why).
    """

    def __init__(
        self, parent: QObject, on_ready: Callable[[Any], None], on_failed: Callable[[str], None] | None = None
    ) -> None:
        super().__init__(parent)
        self.on_ready, self.on_failed = on_ready, on_failed
        self.asked: _Reading | None = None  # a read to start at the next timeout
        self.reading: _Reading | None = None
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self._on_timer_timeout)

    def ask(self, read: Callable, *arguments) -> None:
        """Read once the UI thread is back in its event loop: a Python read on the worker takes turns
        with the UI thread for the interpreter, and doubled the time of whatever the UI thread was doing."""
        self.asked = _Reading(read, arguments)
        self.timer.start()

    def _on_timer_timeout(self) -> None:
        _let_go_of_retired()
        if self.asked is not None and self.asked.generation != _generation:
            self.forget()  # asked for a journal given back since
            return
        if self.asked is not None:
            _retire(self.reading)
            self.reading, self.asked = self.asked, None
            self.reading.future = _worker().submit(_run, [self.reading.read, self.reading.arguments])
            return
        self._take_reading()

    def busy(self) -> bool:
        """Whether a read is asked for or in flight."""
        return self.asked is not None or self.reading is not None

    def forget(self) -> None:
        """Drop the read asked for or in flight: its result will not be shown."""
        _retire(self.reading)
        self.asked = self.reading = None
        self.timer.stop()

    def _take_reading(self) -> None:
        reading = self.reading
        if reading is not None and not reading.done():
            return
        self.forget()
        if reading is None or reading.generation != _generation:
            return
        result = reading.future.result()
        if not isinstance(result, _Failed):
            self.on_ready(result)
        elif self.on_failed is not None:
            self.on_failed(result.sentence)


@dataclass
class _Failed:
    """What a read that raised returns: its sentence (the error was logged on the worker when unexpected)."""

    sentence: str


def _run(read_and_arguments: list) -> Any:
    """On the worker: the read, holding its callable and arguments no longer than it runs.

    Its exception is logged here and not kept: a traceback would hold the read's frames.
    """
    read, arguments = read_and_arguments
    read_and_arguments.clear()
    try:
        return read(*arguments)
    except Exception as error:
        from masterydesk.services.failures import sentence_for

        return _Failed(sentence_for(error))  # logged when unexpected
    finally:
        del read, arguments


def _retire(reading: _Reading | None) -> None:
    """A read no longer wanted: held here until it is done, if it is not."""
    if reading is not None and not reading.done():
        _retired.append(reading)


def _let_go_of_retired() -> None:
    _retired[:] = [reading for reading in _retired if not reading.done()]


def forget_every_read() -> None:
    """Drop every read asked or in flight until now: the journal they read is being given back (a read
    asked but not begun would otherwise open the closed journal's file again, without its lock)."""
    global _generation
    _generation += 1


def finish() -> None:
    """Wait for the reads in flight (the worker runs one at a time): the journal's file is free after it."""
    _worker().submit(lambda: None).result()
    _let_go_of_retired()


@cache
def _worker() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="masterydesk-reads")

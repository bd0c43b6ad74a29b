"""Reads of the open journal that take longer than a frame — the tiers reached for the Journal tab's
list, what the Today panel lists — run one after another on one worker thread, so that the window
stays live while they read (0.1–0.3 s each on ten years).

Each asker keeps only its newest read: one asked for again before the last was taken replaces it.
Closing a journal first waits for the reads in flight (`finish`), since a read holds the file.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from typing import Any

from PySide6.QtCore import QObject, QTimer

POLL_MS = 15  # how often an asker looks whether its read is done


class NewestRead(QObject):
    """Reads for one asker on the worker thread; on_ready(result) on the UI thread for the newest one.

    A read that fails is logged when unexpected and otherwise dropped: the next read meets the same
    cause and the window says why.
    """

    def __init__(self, parent: QObject, on_ready: Callable[[Any], None]) -> None:
        super().__init__(parent)
        self.on_ready = on_ready
        self.asked: tuple[Callable, tuple] | None = None  # a read to start at the next timeout
        self.reading: Future | None = None
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self._on_timer_timeout)

    def ask(self, read: Callable, *arguments) -> None:
        """Read once the UI thread is back in its event loop: a Python read on the worker takes turns
        with the UI thread for the interpreter, and doubled the time of whatever the UI thread was doing."""
        self.asked = (read, arguments)
        self.timer.start()

    def _on_timer_timeout(self) -> None:
        if self.asked is not None:
            (read, arguments), self.asked = self.asked, None
            self.reading = _worker().submit(read, *arguments)
            return
        self._take_reading()

    def forget(self) -> None:
        """Drop the read asked for or in flight: its result will not be shown."""
        self.asked = self.reading = None
        self.timer.stop()

    def _take_reading(self) -> None:
        reading = self.reading
        if reading is not None and not reading.done():
            return
        self.forget()
        if reading is None:
            return
        if reading.exception() is not None:
            from masterydesk.services.failures import sentence_for

            sentence_for(reading.exception())  # logged when unexpected
            return
        self.on_ready(reading.result())


def finish() -> None:
    """Wait for the reads in flight (the worker runs one at a time): the journal's file is free after it."""
    _worker().submit(lambda: None).result()


@cache
def _worker() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="masterydesk-reads")

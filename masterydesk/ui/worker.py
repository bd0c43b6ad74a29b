"""Run long work (reading an import, writing an export) off the UI thread; results come back by signal."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal



class _Worker(QObject):
    sig_finished = Signal(object)
    sig_failed = Signal(str)

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self._work = work

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # every failure reaches the dialog as a sentence; faults are logged
            from masterydesk.services.failures import sentence_for

            self.sig_failed.emit(sentence_for(error))
        else:
            self.sig_finished.emit(result)
        finally:
            # The thread ends itself, so that the UI thread may wait for it without a deadlock.
            QThread.currentThread().quit()


class Background(QObject):
    """One piece of work on its own thread; sig_finished(result) or sig_failed(sentence) on the UI thread."""

    sig_finished = Signal(object)
    sig_failed = Signal(str)

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thread = QThread(self)
        self.worker = _Worker(work)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.sig_finished.connect(self._on_worker_finished)
        self.worker.sig_failed.connect(self._on_worker_failed)

    def start(self) -> None:
        self.thread.start()

    def wait(self) -> None:
        self.thread.wait()

    def _on_worker_finished(self, result: Any) -> None:
        self.thread.wait()
        self.sig_finished.emit(result)

    def _on_worker_failed(self, message: str) -> None:
        self.thread.wait()
        self.sig_failed.emit(message)


class NewestJob(QObject):
    """Work asked again and again (a page re-reading its journal after each change), run on a thread of its
    own one job at a time; on_ready(result) or on_failed(sentence) only for the newest job asked.

    A job asked while one runs waits for it and replaces any other waiting; the running job's result
    is then dropped. drop() waits for the running job and forgets both (before the journal goes).
    Each job has a QThread of its own. The Insights tab's read through background_reads' shared worker
    (NewestRead) crashed the test process inside Qt's timers. One cause was the cyclic collector running
    on the worker and deleting Qt objects there (ui/collector.py keeps it on the UI thread; with it
    tests/ui/test_keyboard_and_names.py alone passes), but the Insights and window tests run together
    still crashed every time through NewestRead, and never through this. The rest is not understood.
    """

    def __init__(self, parent: QObject, on_ready: Callable[[Any], None], on_failed: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.on_ready, self.on_failed = on_ready, on_failed
        self.job: Background | None = None
        self.waiting: Callable[[], Any] | None = None
        _NEWEST_JOBS.add(self)

    def ask(self, work: Callable[[], Any]) -> None:
        if self.job is None:
            self._start(work)
        else:
            self.waiting = work

    def drop(self) -> None:
        self.waiting = None
        if self.job is not None:
            self.job.sig_finished.disconnect()
            self.job.sig_failed.disconnect()
            self.job.wait()
            self._forget_job()

    def _start(self, work: Callable[[], Any]) -> None:
        self.job = Background(work, self)
        self.job.sig_finished.connect(lambda result: self._on_job_done(self.on_ready, result))
        self.job.sig_failed.connect(lambda sentence: self._on_job_done(self.on_failed, sentence))
        self.job.start()

    def _on_job_done(self, then: Callable[[Any], None], value: Any) -> None:
        self._forget_job()
        if self.waiting is not None:
            work, self.waiting = self.waiting, None
            self._start(work)
        else:
            then(value)

    def _forget_job(self) -> None:
        self.job.deleteLater()
        self.job = None


_NEWEST_JOBS: weakref.WeakSet[NewestJob] = weakref.WeakSet()


def drop_newest_jobs() -> None:
    """Wait for every NewestJob's running job and drop what waits (a journal is closing: none reads it after)."""
    for newest in list(_NEWEST_JOBS):
        newest.drop()


class OneJobAtATime:
    """For a dialog that runs one hub or file job at a time, says how it went in its status_label, and
    waits for it before it closes.

    The dialog provides status_label and _update_buttons() (which reads self.job: None when idle).
    """

    job: Background | None = None

    def _run(self, work: Callable[[], Any], finished: Callable[[Any], None]) -> None:
        self.job = Background(work, self)
        self.job.sig_finished.connect(lambda result: self._on_job_done(finished, result))
        self.job.sig_failed.connect(lambda sentence: self._on_job_done(self._say, sentence))
        self._update_buttons()
        self.job.start()

    def _on_job_done(self, then: Callable[[Any], None], value: Any) -> None:
        self.job = None
        self._update_buttons()
        then(value)

    def _say(self, sentence: str) -> None:
        self.status_label.setText(sentence)

    def done(self, result: int) -> None:
        if self.job is not None:  # no thread outlives the dialog
            self.job.wait()
        super().done(result)

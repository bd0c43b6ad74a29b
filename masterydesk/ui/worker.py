"""Run long work (reading an import, writing an export) off the UI thread; results come back by signal."""

from __future__ import annotations

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

"""Unexpected errors: say what happened, keep the details in a private log, leave the journal alone.

Every change is already committed when it is made, so an error in the interface cannot lose
saved work: the handler reports and the user carries on, and it never opens or closes the journal.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import os
import platform
import sys
import threading
import traceback
from pathlib import Path

import PySide6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from masterydesk import __version__
from masterydesk.ui.icons import icon
from masterydesk.ui.widgets.labels import plain_label, section_label

FILE_MODE = 0o600
MAX_LOG_BYTES = 1_000_000
FATAL_LOG = "fatal-errors.log"


def default_log_folder() -> Path:
    """The user log folder (e.g. ~/.local/state/MasteryDesk/log on Linux; MASTERYDESK_HOME/logs if set)."""
    from masterydesk.paths import log_folder

    return log_folder()


def install_crash_handler(app: QApplication, log_folder: Path | None = None) -> CrashHandler:
    """Catch unexpected errors on every thread from now on; return the handler (uninstall() undoes it)."""
    handler = CrashHandler(Path(log_folder) if log_folder else default_log_folder(), app)
    handler.install()
    return handler


def _open_private(path: Path, flags: int):
    """A text file only its owner can read, created with that mode rather than fixed later."""
    from masterydesk.services.files import private_folder

    private_folder(path.parent)
    return os.fdopen(os.open(path, flags | os.O_WRONLY | os.O_CREAT, FILE_MODE), "a", encoding="utf-8")


class CrashHandler(QObject):
    """Hooks sys.excepthook and threading.excepthook; shows one CrashDialog for what they catch."""

    sig_error_caught = Signal(str, str)  # summary, details; queued to the UI thread from any thread

    def __init__(self, log_folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_folder = log_folder
        self.log_path = log_folder / f"error-{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
        self.dialog: CrashDialog | None = None
        self._previous_hooks = (sys.excepthook, threading.excepthook)
        self._fatal_log = None
        self._faulthandler_was_enabled = faulthandler.is_enabled()
        self.sig_error_caught.connect(self._on_error_caught)

    def install(self) -> None:
        """Take over the exception hooks and send fatal crashes (segfaults) to a log file."""
        self._previous_hooks = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._on_exception
        threading.excepthook = self._on_thread_exception
        fatal = self.log_folder / FATAL_LOG
        if fatal.exists() and fatal.stat().st_size > MAX_LOG_BYTES:
            fatal.unlink()
        self._fatal_log = _open_private(fatal, os.O_APPEND)
        self._fatal_log.write(f"--- MasteryDesk {__version__} started {dt.datetime.now():%Y-%m-%d %H:%M:%S}\n")
        self._fatal_log.flush()
        faulthandler.enable(self._fatal_log, all_threads=True)

    def uninstall(self) -> None:
        """Put back the hooks that were there before install()."""
        sys.excepthook, threading.excepthook = self._previous_hooks
        faulthandler.disable()
        if self._faulthandler_was_enabled:
            faulthandler.enable(sys.__stderr__)
        if self._fatal_log:
            self._fatal_log.close()
            self._fatal_log = None

    def _on_exception(self, kind, value, trace) -> None:
        if issubclass(kind, KeyboardInterrupt):  # Ctrl+C in a terminal is a request, not a crash
            self._previous_hooks[0](kind, value, trace)
            return
        self._report(kind, value, trace, threading.current_thread().name)

    def _on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread else "a background thread"
        self._report(args.exc_type, args.exc_value, args.exc_traceback, name)

    def _report(self, kind, value, trace, thread_name: str) -> None:
        summary = f"{kind.__name__}: {value}" if str(value) else kind.__name__
        details = describe_error(kind, value, trace, thread_name)
        self._write_log(details)
        self.sig_error_caught.emit(summary, details)

    def _write_log(self, details: str) -> None:
        try:
            if self.log_path.exists() and self.log_path.stat().st_size > MAX_LOG_BYTES:
                return  # an error repeating in a loop must not fill the disk
            with _open_private(self.log_path, os.O_APPEND) as log:
                log.write(details + "\n")
        except OSError as error:
            print(f"masterydesk: could not write {self.log_path}: {error}", file=sys.stderr)

    def _on_error_caught(self, summary: str, details: str) -> None:
        if self.dialog and self.dialog.isVisible():
            self.dialog.add_error(details)
            return
        self.dialog = CrashDialog(summary, details, self.log_path, QApplication.activeWindow())
        self.dialog.open()  # open(), not exec(): the app keeps running behind the dialog


def describe_error(kind, value, trace, thread_name: str) -> str:
    """What a support request needs: versions, platform, thread and the traceback."""
    lines = [
        f"MasteryDesk {__version__}: unexpected error at {dt.datetime.now():%Y-%m-%d %H:%M:%S} "
        f"in thread {thread_name}",
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, {platform.platform()}",
        "",
        *traceback.format_exception(kind, value, trace),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


class CrashDialog(QDialog):
    """What went wrong, that the journal is safe, where the log is, and a "Copy details" button."""

    def __init__(self, summary: str, details: str, log_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("MasteryDesk — unexpected error")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(640, 420)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setAccessibleName("Error details")
        self.copy_button = QPushButton(icon("copy"), "&Copy details")
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self._header(summary, log_path))
        details_label = QLabel("&Details:")
        details_label.setBuddy(self.details)
        layout.addWidget(details_label)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)

    def _header(self, summary: str, log_path: Path) -> QHBoxLayout:
        picture = QLabel()
        picture.setPixmap(icon("warning").pixmap(48, 48))
        picture.setAccessibleName("Warning")
        text = QVBoxLayout()
        text.addWidget(section_label("Something went wrong, but your journal is safe.", scale=1.15))
        text.addWidget(plain_label(f"What happened: {summary}"))
        text.addWidget(plain_label(
            "Everything you saved was already written to your journal, and this error did not "
            "change it. You can keep working; if the problem comes back, close MasteryDesk and "
            "open it again."
        ))
        text.addWidget(plain_label(
            f"The details were saved to {log_path}; include them if you report the problem."
        ))
        header = QHBoxLayout()
        header.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(text, 1)
        return header

    def add_error(self, details: str) -> None:
        """Another error while the dialog is open: append it rather than stacking dialogs."""
        self.details.appendPlainText("\n" + details)

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText("&Copied")

"""Start-up of the desktop app: the window is painted first, the journal loaded after."""

from __future__ import annotations

import sys
from pathlib import Path

SMOKE_SECONDS = 1.5


def run_app(db: Path | None = None, demo: bool = False, smoke: bool = False) -> int:
    """Open the main window on a journal; return the exit code (smoke: quit after a moment)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("MasteryDesk")
    app.setOrganizationName("MasteryDesk")
    app.setDesktopFileName("org.masterydesk.MasteryDesk")  # matches the .desktop file

    from masterydesk.ui.crash import install_crash_handler
    from masterydesk.ui.icons import app_icon
    from masterydesk.ui.main_window import MainWindow
    from masterydesk.ui.theme import apply_theme, current_theme

    app.setWindowIcon(app_icon())
    apply_theme(app, current_theme())
    crash_handler = install_crash_handler(app)  # kept referenced while the app runs
    window = MainWindow()
    window.show()
    # The journal (and SQLAlchemy with it) loads once the window is on screen: on X11 a zero timer
    # ran before the window was exposed, and the screen stayed black until the journal was open.
    after_first_paint(window, lambda: window.open_startup_journal(db, demo))
    if smoke:
        QTimer.singleShot(int(SMOKE_SECONDS * 1000), app.quit)
    code = app.exec()
    crash_handler.uninstall()
    return code


def after_first_paint(window, work, fallback_ms: int = 1000) -> None:
    """Run work once the window has painted for the first time (or after fallback_ms, if it never does)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__(window)
            self.done = False

        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint and not self.done:
                QTimer.singleShot(0, self.run)  # after this paint has reached the screen
            return False

        def run(self) -> None:
            if not self.done:
                self.done = True
                window.removeEventFilter(self)
                work()

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    QTimer.singleShot(fallback_ms, watcher.run)

"""Start-up of the desktop app: the window is painted first, the journal loaded after."""

from __future__ import annotations

import sys
from pathlib import Path


def run_app(db: Path | None = None, demo: bool = False, smoke: bool = False) -> int:
    """Open the main window on a journal; return the exit code."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from masterydesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("MasteryDesk")
    app.setOrganizationName("MasteryDesk")
    window = MainWindow()
    window.show()
    QTimer.singleShot(0, lambda: window.open_startup_journal(db, demo))
    if smoke:
        QTimer.singleShot(1500, app.quit)
    return app.exec()

"""The main window: six tabs in DESIGN.md's order."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget

TAB_NAMES = ("Journal", "Skill Map", "Projects", "Community", "Career", "Insights")


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("MasteryDesk")
        self.resize(1200, 800)
        self.tabs = QTabWidget()
        for name in TAB_NAMES:
            self.tabs.addTab(QLabel(name), name)
        self.setCentralWidget(self.tabs)
        self.journal = None

    def open_startup_journal(self, db: Path | None, demo: bool) -> None:
        from masterydesk.paths import default_journal, demo_journal
        from masterydesk.services.demo import create_demo_journal
        from masterydesk.store.database import open_journal

        path = demo_journal() if demo else (db or default_journal())
        if demo and not path.exists():
            create_demo_journal(path)
        self.journal = open_journal(path, create=True)
        self.setWindowTitle(f"{path.name} — MasteryDesk")

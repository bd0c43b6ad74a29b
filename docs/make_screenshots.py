"""Screenshots of every tab on the demo journal, for the README: run under Xvfb.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from masterydesk.services.demo import create_demo_journal
from masterydesk.ui.main_window import TAB_NAMES, MainWindow
from masterydesk.ui.theme import apply_theme

DOCS = Path(__file__).parent


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def main() -> None:
    app = QApplication(sys.argv)
    theme = sys.argv[1] if len(sys.argv) > 1 else "light"
    apply_theme(app, theme)
    folder = Path(tempfile.mkdtemp())
    journal = folder / "demo.sqlite"
    create_demo_journal(journal, dt.date.today())
    window = MainWindow(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    window.resize(1400, 880)
    window.show()
    window.open_journal_path(journal)
    for index, name in enumerate(TAB_NAMES):
        window.tabs.setCurrentIndex(index)
        settle(app)
        chosen = {"Skill Map": ("skills", "machine-learning"), "Community": ("contacts", "priya"),
                  "Projects": ("projects", "image-tagging")}.get(name)
        if chosen and hasattr(window.page(index), "select_record"):
            window.page(index).select_record(*chosen)
            settle(app)
        suffix = "" if theme == "light" else f"-{theme}"
        window.grab().save(str(DOCS / f"tab-{name.lower().replace(' ', '-')}{suffix}.png"))
    window.close()


if __name__ == "__main__":
    main()

"""Screenshots of the welcome page and the assessment, light and dark, into docs/ (AppStream uses them).

    .venv/bin/python packaging/screenshots.py
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from masterydesk.store.database import open_journal
from masterydesk.ui.theme import apply_theme
from masterydesk.ui.welcome import AssessmentWizard, WelcomePage

DOCS = Path(__file__).resolve().parents[1] / "docs"
TODAY = dt.date(2025, 3, 1)
STARTED = {"sql": dt.date(2021, 5, 1), "python-data": dt.date(2023, 1, 9), "statistics": dt.date(2024, 2, 12),
           "data-visualisation": dt.date(2023, 6, 1), "stakeholder-communication": dt.date(2022, 9, 1)}


def save(widget: QWidget, name: str) -> None:
    QApplication.processEvents()
    target = DOCS / f"{name}.png"
    if not widget.grab().save(str(target)):
        raise OSError(f"could not write {target}")


def shoot(app: QApplication, theme: str, folder: Path) -> None:
    apply_theme(app, theme)
    welcome = WelcomePage()
    welcome.resize(1000, 700)
    welcome.show()
    save(welcome, f"welcome-{theme}")
    welcome.close()
    journal = open_journal(folder / f"{theme}.sqlite", create=True)
    wizard = AssessmentWizard(journal, today=TODAY)
    wizard.show()
    wizard.role_page.choose("data-analyst-to-data-scientist")
    save(wizard, f"assessment-role-{theme}")
    wizard.next()
    for key, started in STARTED.items():
        row = wizard.skills_page.rows[key]
        row.checkbox.setChecked(True)
        row.started.setDate(started)
    save(wizard, f"assessment-skills-{theme}")
    wizard.reject()
    journal.close()


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        # Only the built-in templates, and the theme choice kept away from the user's own settings.
        os.environ["MASTERYDESK_HOME"] = folder
        os.environ["XDG_CONFIG_HOME"] = folder
        app = QApplication(sys.argv[:1])
        for theme in ("light", "dark"):
            shoot(app, theme, Path(folder))
    print(f"Wrote the screenshots into {DOCS}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

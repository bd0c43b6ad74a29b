"""Help ▸ User guide and Help ▸ About."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from masterydesk import __version__
from masterydesk.services.resources import resource_path
from masterydesk.ui.crash import default_log_folder
from masterydesk.ui.icons import app_icon, icon
from masterydesk.ui.widgets.labels import plain_label

ABOUT_WIDTH_CHARACTERS = 72  # the About dialog's narrowest
PATH_ROOM = 48  # beside a path: the form's spacing and the dialog's margins
PRIVACY = (
    "Nothing leaves this computer: MasteryDesk never opens a network connection. "
    "Your journal and its backups are files only your user account can read."
)


def guide_text() -> str:
    """The user guide, as Markdown."""
    return resource_path("guide", "user-guide.md").read_text(encoding="utf-8")


class UserGuideDialog(QDialog):
    """The short user guide: the tabs, how tiers are earned, what each number means."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("MasteryDesk user guide")
        self.setWindowIcon(icon("help"))
        self.resize(720, 680)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)  # the guide has no links, and the app stays offline
        self.browser.setMarkdown(guide_text())
        self.browser.setAccessibleName("User guide")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)


class AboutDialog(QDialog):
    """The version, where the journal, backups and logs are, and that nothing leaves the machine."""

    def __init__(
        self,
        journal_path: Path | None,
        backups_folder: Path | None,
        parent: QWidget | None = None,
        log_folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("About MasteryDesk")
        self.setWindowIcon(app_icon())
        self.journal_path = journal_path
        layout = QVBoxLayout(self)
        layout.addLayout(self._title())
        layout.addLayout(self._places(journal_path, backups_folder, log_folder or default_log_folder()))
        layout.addWidget(plain_label(PRIVACY))
        layout.addWidget(plain_label(
            f"Python {platform.python_version()}, PySide6 {pyside_version}, {platform.system()}"
        ))
        layout.addStretch()  # the height the wrapped labels asked for and did not take goes under them
        layout.addWidget(self._buttons())
        self._fit_the_paths()

    def _fit_the_paths(self) -> None:
        """Wide enough for each path on one line (wrapped labels would let it shrink to its buttons' width,
        breaking every path), within the screen: a longer path wraps there."""
        paths = (self.journal_label, self.backups_label, self.logs_label)
        longest = max(label.fontMetrics().horizontalAdvance(label.text()) for label in paths)
        beside = self.fontMetrics().horizontalAdvance("Error logs:") + PATH_ROOM
        wanted = max(self.fontMetrics().averageCharWidth() * ABOUT_WIDTH_CHARACTERS, longest + beside)
        self.setMinimumWidth(min(wanted, self.screen().availableGeometry().width() * 9 // 10))

    def _title(self) -> QHBoxLayout:
        picture = QLabel()
        picture.setPixmap(app_icon().pixmap(64, 64))
        picture.setAccessibleName("MasteryDesk icon")
        name = QLabel(f"MasteryDesk {__version__}")
        font = name.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        name.setFont(font)
        text = QVBoxLayout()
        text.addWidget(name)
        text.addWidget(plain_label("An offline journal that turns practice into mastery."))
        title = QHBoxLayout()
        title.addWidget(picture)
        title.addLayout(text, 1)
        return title

    def _places(self, journal: Path | None, backups: Path | None, logs: Path) -> QFormLayout:
        form = QFormLayout()
        self.journal_label = _path_label(journal, "No journal is open.")
        self.backups_label = _path_label(backups, "No journal is open.")
        self.logs_label = _path_label(logs, "")
        form.addRow("&Journal:", self.journal_label)
        form.addRow("&Backups:", self.backups_label)
        form.addRow("&Error logs:", self.logs_label)
        return form

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        show = QPushButton(icon("folder"), "&Show journal folder")
        show.setEnabled(self.journal_path is not None)
        show.clicked.connect(self._on_show_folder_clicked)
        buttons.addButton(show, QDialogButtonBox.ButtonRole.ActionRole)
        return buttons

    def _on_show_folder_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.journal_path.parent)))


def _path_label(path: Path | None, missing: str) -> QLabel:
    label = plain_label(str(path) if path else missing)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    return label

"""The page shown when there is no journal yet: start one, look at the demo, open or import."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QCommandLinkButton, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from masterydesk.ui.icons import app_icon, icon

COLUMN_WIDTH = 560


class WelcomePage(QWidget):
    """Four ways in; the main window decides what each one does."""

    sig_new_journal_requested = Signal()
    sig_demo_requested = Signal()
    sig_open_requested = Signal()
    sig_import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome_page")
        self.new_button = self._choice(
            "new-journal", "Start a new journal",
            "Pick the role you are aiming for, mark the skills you already have and add a mentor. "
            "It takes a few minutes.",
            self.sig_new_journal_requested,
        )
        self.demo_button = self._choice(
            "demo", "Explore the demo journal",
            "Two years of a data analyst growing into an ML engineer, to see what the charts show.",
            self.sig_demo_requested,
        )
        self.open_button = self._choice(
            "folder", "Open a journal file…",
            "A MasteryDesk journal kept somewhere else, for example on another disk.",
            self.sig_open_requested,
        )
        self.import_button = self._choice(
            "import", "Import from another app…",
            "A MasteryDesk export, contacts from a vCard file, a LinkedIn export or a jrnl journal.",
            self.sig_import_requested,
        )
        self._lay_out()

    def _choice(self, icon_name: str, title: str, description: str, signal: Signal) -> QCommandLinkButton:
        button = QCommandLinkButton(title, description)
        button.setIcon(icon(icon_name))
        button.setIconSize(QSize(32, 32))
        button.setAccessibleName(title.rstrip("…"))
        button.setAccessibleDescription(description)
        button.clicked.connect(signal.emit)
        return button

    def _lay_out(self) -> None:
        picture = QLabel()
        picture.setPixmap(app_icon().pixmap(96, 96))
        picture.setFixedSize(96, 96)
        picture.setAccessibleName("MasteryDesk")
        title = QLabel("Welcome to MasteryDesk")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            "A private journal that turns practice into mastery: log what you practise, apply and "
            "teach, and watch your skills climb from foundation to mastery. "
            "Everything stays in one file on this computer."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        intro.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column = QVBoxLayout()
        column.setSpacing(10)
        for widget in (picture, title):
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(intro)
        column.addSpacing(12)
        for button in (self.new_button, self.demo_button, self.open_button, self.import_button):
            column.addWidget(button)
        holder = QWidget()
        holder.setLayout(column)
        holder.setFixedWidth(COLUMN_WIDTH)  # a fixed width lets the wrapped descriptions size their height
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(holder)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.setFocusProxy(self.new_button)

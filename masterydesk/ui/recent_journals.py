"""File ▸ Open recent: the journals opened last, newest first, kept in the settings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # built before the first paint: no Qt class is loaded here that the window has not
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMenu

RECENT_LIMIT = 8
KEY = "recent_journals"


class RecentJournals:
    """The recent journals and the menu that lists them; choosing one calls open_path."""

    def __init__(self, settings: QSettings, menu: QMenu, open_path: Callable[[Path], object]) -> None:
        self.settings = settings
        self.menu = menu
        self.open_path = open_path
        self.refresh_menu()

    def paths(self) -> list[str]:
        value = self.settings.value(KEY, [])
        return [value] if isinstance(value, str) else list(value or [])

    def remember(self, path: Path) -> None:
        recent = [str(path)] + [p for p in self.paths() if p != str(path)]
        self.settings.setValue(KEY, recent[:RECENT_LIMIT])
        self.refresh_menu()

    def refresh_menu(self) -> None:
        self.menu.clear()
        for path in self.paths():
            action = self.menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(Path(p)))
        self.menu.setEnabled(bool(self.paths()))

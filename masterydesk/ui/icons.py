"""The app's own icon set: one SVG per name in resources/icons, loaded once."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from masterydesk.services.resources import resource_path

APP_ICON = "masterydesk"


@cache
def icon(name: str) -> QIcon:
    """The icon called `name` (e.g. "skill", "quick-log"); an unknown name raises KeyError."""
    path = resource_path("icons", f"{name}.svg")
    if not path.is_file():
        raise KeyError(f"no icon called '{name}' in {path.parent}")
    result = QIcon(str(path))
    # Selected rows would otherwise tint the icon with the highlight color, hiding colored ones.
    result.addFile(str(path), QSize(), QIcon.Mode.Selected)
    return result


def icon_names() -> list[str]:
    """Every icon the set has, for the main window to pick from (and the tests to check)."""
    return sorted(path.stem for path in resource_path("icons").glob("*.svg"))


def app_icon() -> QIcon:
    """The application's icon, for windows and the About dialog."""
    return icon(APP_ICON)

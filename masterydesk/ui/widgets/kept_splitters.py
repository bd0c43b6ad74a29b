"""One mixin for every tab that has splitters: where the user left them comes back next time."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the Journal tab is built on the way to the first paint: this loads no Qt class
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QSplitter


class KeepsSplitters:
    """Mixed into a tab: where the user left its splitters is saved and restored under their keys."""

    def kept_splitters(self) -> dict[str, QSplitter]:
        """Each splitter of the tab by its settings key."""
        raise NotImplementedError

    def save_state(self, settings: QSettings) -> None:
        for key, splitter in self.kept_splitters().items():
            settings.setValue(key, splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        for key, splitter in self.kept_splitters().items():
            state = settings.value(key)
            if state is not None:
                splitter.restoreState(state)

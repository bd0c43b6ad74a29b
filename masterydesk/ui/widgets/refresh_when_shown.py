"""The tabs' page protocol: refresh on a change that affects the page, at once when it is visible,
else when it is next shown.

Its own module, importing nothing heavy: the Journal tab, on the path to the first painted
entries, uses it before SQLAlchemy loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from masterydesk.services.changes import Changes


class RefreshWhenShown:
    """Mixed into a tab: refresh on a change that affects it, at once when visible, else when next shown."""

    AFFECTED_BY: tuple[str, ...] = ()
    session = None
    _pending: Changes | None = None  # what changed while the tab was hidden

    def refresh(self, changes: Changes | None = None) -> None:
        """Reload what the changes affect (everything when None)."""
        raise NotImplementedError

    def on_changes(self, changes: Changes) -> None:
        if self.session is None or not changes.affects(*self.AFFECTED_BY):
            return
        if self.isVisible():
            self.refresh(changes)
        else:  # hidden tabs cost nothing until they are looked at
            self._pending = changes if self._pending is None else self._pending | changes

    def showEvent(self, event) -> None:
        if self._pending is not None and self.session is not None:
            changes, self._pending = self._pending, None
            self.refresh(changes)
        super().showEvent(event)

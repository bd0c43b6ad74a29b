"""The app's one door to the journal: every edit goes through here, onto the undo stack.

After each action the session emits sig_changed with what changed (the refresh bus); each tab
refreshes only when it is affected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.services.changes import Changes

if TYPE_CHECKING:  # the journal type only; opening one goes through services.journals
    from masterydesk.store.database import Journal


class _JournalCommand(QUndoCommand):
    """An action already carried out once; redo and undo run the given functions."""

    def __init__(self, session: JournalSession, text: str, redo: Callable, undo: Callable) -> None:
        super().__init__(text)
        self._session = session
        self._redo = redo
        self._undo = undo
        self._first = True

    def redo(self) -> None:
        if self._first:  # push() calls redo; the action has already run
            self._first = False
            return
        self._session.run_quietly(self._redo)

    def undo(self) -> None:
        self._session.run_quietly(self._undo)


class JournalSession(QObject):
    """An open journal with its undo stack; emits sig_changed after every change."""

    sig_changed = Signal(object)  # Changes
    sig_error = Signal(str)
    sig_said = Signal(str)  # what a save did besides what was asked (a follow-up moved on), for the status bar

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.undo_stack = QUndoStack(self)
        self.closed = False  # work finishing after the journal closed (tier promotions) then reads nothing

    @property
    def read_only(self) -> bool:
        return self.journal.read_only

    def run_quietly(self, action: Callable[[], Changes]) -> None:
        """Run an undo or redo step; a failure is reported as a sentence, never raised into Qt."""
        try:
            self.sig_changed.emit(action())
        except MasteryDeskError as error:
            self.sig_error.emit(str(error))

    def save(self, *records, text: str) -> Changes:
        """Add or update records; raises MasteryDeskError (nothing saved) when they break a rule."""
        from masterydesk.services import editing  # SQLAlchemy's ORM: loaded after the open (ShownJournal)

        saving = editing.save_with_undo(self.journal, *records)
        self.undo_stack.push(_JournalCommand(
            self, text, lambda: editing.save_records(self.journal, *records),
            lambda: editing.undo_saving(self.journal, saving),
        ))
        self.sig_changed.emit(saving.changes)
        if saving.sentences:
            self.sig_said.emit("; ".join(saving.sentences))
        return saving.changes

    def record(self, action: Callable[[], Changes], undo: Callable[[], Changes], *, text: str) -> Changes:
        """Carry out an action that has its own undo (a check-in with its figures, say) and stack it.

        Raises MasteryDeskError (nothing saved, nothing stacked) when the action is refused.
        """
        changes = action()
        self.undo_stack.push(_JournalCommand(self, text, action, undo))
        self.sig_changed.emit(changes)
        return changes

    def delete(self, collection: str, ids: list[str], *, text: str) -> Changes:
        """Delete records and what they own; undo puts everything back."""
        from masterydesk.services import editing

        deletions = [editing.delete_records(self.journal, collection, ids)]

        def redo() -> Changes:
            deletions.append(editing.delete_records(self.journal, collection, ids))
            return deletions[-1].changes

        def undo() -> Changes:
            return editing.restore_deletion(self.journal, deletions[-1]) | deletions[-1].changes

        self.undo_stack.push(_JournalCommand(self, text, redo, undo))
        self.sig_changed.emit(deletions[0].changes)
        return deletions[0].changes

    def close(self) -> None:
        self.closed = True
        self.undo_stack.clear()
        self.journal.close()

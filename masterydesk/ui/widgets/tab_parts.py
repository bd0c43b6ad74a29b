"""Small parts the Projects, Community and Career tabs share: table set-up, refreshing, record actions."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QHeaderView, QMainWindow, QPushButton, QWidget

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.services.changes import Changes
from masterydesk.ui.forms import open_record_dialog
from masterydesk.ui.widgets.record_table import RecordTable
from masterydesk.ui.widgets.refresh_when_shown import RefreshWhenShown

RESIZE_SAMPLE_ROWS = 60


def arrange(table: RecordTable, sort_column: int, order: Qt.SortOrder, stretch_column: int | None = None) -> None:
    """Sort a table by a column at first, and let one column (else the last) take the spare width."""
    table.view.sortByColumn(sort_column, order)
    # Fit columns to the first rows only: measuring all 1,500 contacts costs a second per refresh.
    table.view.horizontalHeader().setResizeContentsPrecision(RESIZE_SAMPLE_ROWS)
    if stretch_column is not None:
        header = table.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)


def connect_record_actions(table: RecordTable, buttons: Sequence[QPushButton], add, edit, delete) -> None:
    """Add, Edit and Delete buttons, and the table's Enter, double-click and Delete key, to one set of actions."""
    add_button, edit_button, delete_button = buttons
    add_button.clicked.connect(add)
    edit_button.clicked.connect(lambda: edit(table.current_record()))
    delete_button.clicked.connect(lambda: delete(table.current_record()))
    table.sig_record_activated.connect(edit)
    table.sig_delete_requested.connect(delete)


def show_records(table: RecordTable, records: Sequence) -> None:
    """Show records in a table, leaving it alone (selection, scroll, sort) when nothing changed.

    The table does not announce its current record meanwhile: the caller shows what is current after.
    """
    if list(records) != table.model.records():
        with QSignalBlocker(table):
            table.set_records(records)


class RecordTab(RefreshWhenShown):
    """Mixed into the Projects, Career and Community tabs: a journal opening or closing, and adding, editing and
    deleting records through the same dialogs and messages."""

    dialog = None  # the dialog opened last
    _last_table: QWidget | None = None  # the list used last: the Delete command deletes its selected record

    def set_session(self, session) -> None:
        """Show the open journal's records; with None (no journal open), show nothing and disable the tab."""
        self.session = session
        self.setEnabled(session is not None)
        if session is None:
            self._show_no_journal()
            return
        self.refresh()
        self._select_first()

    def _show_no_journal(self) -> None:
        """Empty the lists and the details."""
        raise NotImplementedError

    def _select_first(self) -> None:
        """Select what the tab opens on once a journal is shown: nothing unless a tab says."""

    def journal_writable(self) -> bool:
        return self.session is not None and not self.session.read_only

    def add_record(self, collection: str, select: Callable[[str], object] | None = None, **values) -> None:
        """Open the dialog for a new record with these values; once saved, select (else select_record) shows it."""
        select = select or (lambda record_id: self.select_record(collection, record_id))
        self.dialog = open_record_dialog(self, self.session, collection, **values)
        self.dialog.sig_record_saved.connect(lambda record: select(record.id))

    def edit_record(self, collection: str, record) -> None:
        """Open the dialog on a record; nothing when there is none or the journal is read-only."""
        if record is not None and not self.session.read_only:
            self.dialog = open_record_dialog(self, self.session, collection, record)

    def delete_record(self, collection: str, record_id: str, what: str) -> None:
        """Delete at once (Undo brings it back) and say so in the status bar; a refusal is reported."""
        try:
            self.session.delete(collection, [record_id], text=f"Delete {what}")
        except MasteryDeskError as error:
            self.session.sig_error.emit(str(error))
            return
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(f"Deleted {what}. Edit ▸ Undo brings it back.", 8000)


class MasterDetailTab(RecordTab):
    """Mixed into the Projects and Career tabs: a list of records above (the master), the selected one's details below.

    The tab sets self.master to its list and says which lines it lists (master_lines) and how a line's details show
    (show_details).
    """

    master: RecordTable

    def master_lines(self) -> Sequence:
        """The lines the master list shows, read from the open journal."""
        raise NotImplementedError

    def show_details(self, line) -> None:
        """Show the details of a master line, or what to do when there is none (None)."""
        raise NotImplementedError

    def refresh(self, changes: Changes | None = None) -> None:
        """Reload the master list, then the selected line's details."""
        show_records(self.master, self.master_lines())
        self.show_details(self.master.current_record())

    def _connect_master(self, buttons: Sequence[QPushButton], add, edit, delete) -> None:
        """Connect the master list's buttons and keys to its actions, and its current line to the details."""
        connect_record_actions(self.master, buttons, add, edit, delete)
        self.master.sig_current_changed.connect(self._on_master_current_changed)

    def _show_no_journal(self) -> None:
        self.master.set_records([])
        self.show_details(None)

    def _select_first(self) -> None:
        self.master.select_first_if_none()

    def _on_master_current_changed(self, line) -> None:
        self._last_table = self.master
        self.show_details(line)

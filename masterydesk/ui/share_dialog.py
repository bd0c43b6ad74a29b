"""File ▸ Sync ▸ Share…: whom this journal shares its coaching view with, on a PostgreSQL hub (sync.shares).

The dialog lists the shares the journal's hub user made (own_shares), shares with another hub user
(share_with: the non-private records, sealed to their published key) and, once the user confirms, stops a share
(stop_sharing: the reader's copy is deleted from the hub). The hub is the journal's sync hub; a
journal that does not sync with a PostgreSQL hub is told so in one sentence. Every call to the hub
runs on a worker thread, which loads libsodium and the PostgreSQL driver only then.

sync_wiring puts `ShareDialog.show_for(window, journal)` in File ▸ Sync.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from masterydesk.ui.theme import status_colour
from masterydesk.ui.widgets.confirm import ask_first
from masterydesk.ui.widgets.labels import plain_label
from masterydesk.ui.widgets.record_model import column_title
from masterydesk.ui.widgets.tables import row_table
from masterydesk.ui.worker import OneJobAtATime

AnyIndex = QModelIndex | QPersistentModelIndex
NO_POSTGRES_HUB = ("Sharing needs a PostgreSQL hub, and this journal does not sync with one; "
                   "File ▸ Sync ▸ Set up sync… joins one.")
KEY_UNCHANGED = "unchanged"
KEY_CHANGED = "changed: share again"
KEY_CHANGED_TIP = ("They published another key since this share was made; "
                   "share with them again to seal their copy to the new key.")
KEY_COLUMN = 2
STOP_QUESTION = ("Stop sharing with {reader}? Their copy of your figures is deleted from the hub; "
                 "share again to give it back.")


class ShareTableModel(QAbstractTableModel):
    """The shares this hub user made, one OwnShare (sync.shares) each."""

    COLUMNS = ("Shared with", "Brought up to date", "Their key")
    ShareRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shares: list = []

    def set_shares(self, shares: list) -> None:
        self.beginResetModel()
        self._shares = list(shares)
        self.endResetModel()

    def share_at(self, row: int):
        return self._shares[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._shares)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        share = self._shares[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells(share)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return KEY_CHANGED_TIP if index.column() == KEY_COLUMN and share.key_changed else share.reader_did
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == KEY_COLUMN and share.key_changed:
            return status_colour("error")  # the share is sealed to a key they no longer hold
        if role == self.ShareRole:
            return share
        return None

    @staticmethod
    def _cells(share) -> tuple[str, ...]:
        key = KEY_CHANGED if share.key_changed else KEY_UNCHANGED
        return share.reader, share.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"), key

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        return column_title(self.COLUMNS, section, orientation, role)


class ShareDialog(OneJobAtATime, QDialog):
    """The shares of the journal shown; Share with a hub user, Stop sharing the selected one.

    sig_shares_read(count) says the list was read from the hub.
    """

    sig_shares_read = Signal(int)

    def __init__(self, journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.job = None
        self.hub_usable = False
        self.confirmation: QMessageBox | None = None  # Stop sharing's question, while it is asked
        self.setWindowTitle("Share a coaching view")
        self.resize(640, 340)
        self.status_label = plain_label()
        self.model = ShareTableModel(self)
        self.table = row_table(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)  # a long cell is elided on its one line; its tooltip shows it whole
        self.table.setAccessibleName("Shares")
        self.user_edit = QLineEdit()
        self.user_edit.setPlaceholderText("hub user, e.g. coach_kim")
        self.user_edit.setAccessibleName("Hub user to share with")
        self.share_button = QPushButton("&Share")
        self.stop_button = QPushButton("S&top sharing")
        self.stop_button.setToolTip("Their copy is deleted from the hub.")
        self._lay_out()
        self.share_button.clicked.connect(self._on_share_button_clicked)
        self.user_edit.returnPressed.connect(self._on_share_button_clicked)
        self.stop_button.clicked.connect(self._on_stop_button_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def _lay_out(self) -> None:
        explained = plain_label("Who you share with sees your non-private records and figures, sealed to their key; "
                                "no private entry leaves. Each sync keeps their copy current.")
        adding = QHBoxLayout()
        label = QLabel("Share &with:")
        label.setBuddy(self.user_edit)
        adding.addWidget(label)
        adding.addWidget(self.user_edit, 1)
        adding.addWidget(self.share_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (explained, self.status_label, self.table):
            layout.addWidget(widget)
        layout.addLayout(adding)
        layout.addWidget(buttons)

    @classmethod
    def show_for(cls, parent: QWidget, journal) -> ShareDialog:
        """Show the dialog for the journal and start reading its shares."""
        dialog = cls(journal, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.load()
        return dialog

    # --- acting -----------------------------------------------------------------------------

    def load(self) -> None:
        """Read the journal's shares from its hub on a worker thread."""
        self._say("Reading the hub…")
        journal = self.journal
        self._run(lambda: _with_hub(journal, lambda shares, hub: shares.own_shares(hub)), self._on_shares_read)

    def _on_shares_read(self, made: list) -> None:
        self.hub_usable = True
        self.model.set_shares(made)
        names = ", ".join(share.reader for share in made)
        self._say(f"You share with {names}." if made else "You share with nobody on this hub yet.")
        self._update_buttons()
        self.sig_shares_read.emit(len(made))

    def _on_share_button_clicked(self) -> None:
        reader = self.user_edit.text().strip()
        if self.job is not None or not self.hub_usable:
            return
        if not reader:
            self._say("Type the hub user to share with (letters, digits and _).")
            return
        journal = self.journal
        self._say(f"Sharing with {reader}…")
        self._run(lambda: _with_hub(journal, lambda shares, hub: _share(shares, hub, journal, reader)),
                  self._on_changed)

    def _on_stop_button_clicked(self) -> None:
        """Ask first: stopping deletes the reader's copy from the hub at once."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.job is not None:
            return
        reader = self.model.share_at(rows[0].row()).reader
        if self.confirmation is not None:  # the one asked before, answered
            self.confirmation.deleteLater()
        self.confirmation = ask_first(self, "Stop sharing", STOP_QUESTION.format(reader=reader), "S&top sharing",
                                      lambda: self.stop_sharing(reader))

    def stop_sharing(self, reader: str) -> None:
        """Stop the share with reader (the user has confirmed): their copy is deleted from the hub."""
        if self.job is not None:
            return
        journal = self.journal
        self._say(f"Stopping the share with {reader}…")
        self._run(lambda: _with_hub(journal, lambda shares, hub: shares.stop_sharing(hub, reader)),
                  self._on_changed)

    def _on_changed(self, sentence: str) -> None:
        self.user_edit.clear()
        journal = self.journal
        # The list is read again, and the sentence of what was done stays shown.
        self._run(lambda: _with_hub(journal, lambda shares, hub: shares.own_shares(hub)),
                  lambda made: (self._on_shares_read(made), self._say(sentence)))

    # --- plumbing ---------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        idle = self.job is None and self.hub_usable
        self.share_button.setEnabled(idle)
        self.user_edit.setEnabled(idle)
        self.stop_button.setEnabled(idle and bool(self.table.selectionModel().selectedRows()))


# --- the work (worker threads: no widget is touched) --------------------------------------------


def _with_hub(journal, act):
    """act(shares module, hub) on the journal's PostgreSQL sync hub, closed afterwards."""
    from masterydesk.sync import shares

    try:
        address = shares.hub_address(journal, None)
    except shares.ShareRefused:
        raise shares.ShareRefused(NO_POSTGRES_HUB) from None
    with shares.share_hub(address) as hub:
        return act(shares, hub)


def _share(shares, hub, journal, reader: str) -> str:
    from masterydesk.trust.did_key import public_key_from_did
    from masterydesk.trust.feedback import me
    from masterydesk.trust.identity import journal_identity

    return shares.share_with(journal, hub, me(journal_identity(journal)), reader, public_key_from_did)

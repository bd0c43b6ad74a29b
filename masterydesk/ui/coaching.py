"""File ▸ Open coaching views…: a coach's Clients list on a PostgreSQL hub (sync.shares, `masterydesk coach`).

The dialog lists the hub users who share their journal with this one: name, headline figures, last
check-in and what needs attention, computed from each client's shared copy with the services the
client's own app uses. Open read-only writes the client's copy into the private folder
`coaching/` of the data folder and shows it in the window read-only: the same Skill Map, Career and
Insights, charts and coaching report as the client's (the coach's own journal comes back through
File ▸ Recent). Coaching report… writes the report the client would print. Comment on check-in… and
Review application… send the client a comment, or a review (quality 1 to 5 and a comment), signed
with the coach's key and sealed to the client (trust.feedback); the client's next sync imports it.

The hub is the coach's journal's sync hub (it must be PostgreSQL); the journal's identity opens the
shares, and its key is published on the hub the first time. While a client's copy is shown, the
coach's journal is remembered, so the list can be opened again. The hub is read on a worker thread;
a refusal is one sentence in the dialog, and nothing is written.

main_window puts `open_coaching_views(window)` in the File menu.
"""

from __future__ import annotations

import datetime as dt
import weakref
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from masterydesk.ui.trust_dialogs import comment_problem, quality_box, quality_problem
from masterydesk.ui.widgets.labels import StatusLabel, plain_label, plain_tip
from masterydesk.ui.widgets.record_model import RIGHT_ALIGNED, column_title
from masterydesk.ui.widgets.tables import row_table
from masterydesk.ui.worker import OneJobAtATime

AnyIndex = QModelIndex | QPersistentModelIndex
COPIES_FOLDER = "coaching"  # in the data folder: the clients' copies opened read-only
PDF_FILTER = "PDF files (*.pdf);;All files (*)"
NOTHING_SHARED = {False: "The client has shared no check-in yet: there is nothing to comment on.",
                  True: "The client has shared no application yet: there is nothing to review."}

# The coach's journal for each window, kept while the window shows a client's copy instead.
_coach_journals: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def copies_folder() -> Path:
    from masterydesk.paths import data_folder

    return data_folder() / COPIES_FOLDER


def open_coaching_views(window) -> CoachingDialog:
    """Show the Clients list for the window's journal (or the coach's journal remembered for it)."""
    coach_path = _coach_journal(window)
    dialog = CoachingDialog(coach_path, window)  # the window, its parent, keeps it while it is open
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.sig_copy_written.connect(lambda path: _show_copy(window, path))
    dialog.show()
    dialog.load()
    return dialog


def _coach_journal(window) -> Path | None:
    session = getattr(window, "session", None)
    shown = Path(session.journal.path) if session is not None else None
    if shown is not None and copies_folder().resolve() not in shown.resolve().parents:
        _coach_journals[window] = shown
    return _coach_journals.get(window)


def _show_copy(window, path: Path) -> None:
    window.open_journal_path(path, read_only=True)


class ClientTableModel(QAbstractTableModel):
    """The clients who share with this journal, one ClientView (sync.shares) each."""

    COLUMNS = ("Client", "Applications / week", "Teaching events", "Practice (min)", "Skills at risk",
               "Last check-in", "Needs attention")
    ViewRole = Qt.ItemDataRole.UserRole + 1
    NUMBERS = (1, 2, 3, 4)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._views: list = []

    def set_views(self, views: list) -> None:
        self.beginResetModel()
        self._views = list(views)
        self.endResetModel()

    def view_at(self, row: int):
        return self._views[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._views)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        view = self._views[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells(view)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip("\n".join(view.attention) or view.headline())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.NUMBERS:
            return RIGHT_ALIGNED
        if role == self.ViewRole:
            return view
        return None

    @staticmethod
    def _cells(view) -> tuple[str, ...]:
        from masterydesk.services.figures import day_text

        overall = view.metrics["overall"]
        attention = view.attention
        return (
            f"{view.name} ({view.user})",
            f"{overall['applications_per_week']:.2f}",
            str(overall["teaching_events"]),
            str(overall["practice_minutes"]),
            str(overall["skills_at_risk"]),
            day_text(view.last_checkin) if view.last_checkin else "none yet",
            (attention[0] + (f" (+{len(attention) - 1} more)" if len(attention) > 1 else "")) if attention else "",
        )

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        return column_title(self.COLUMNS, section, orientation, role)


class CoachingDialog(OneJobAtATime, QDialog):
    """The Clients list; Open read-only and Coaching report… act on the selected client.

    sig_copy_written(path) says a client's copy is ready to be shown read-only.
    """

    sig_copy_written = Signal(Path)

    def __init__(self, coach_journal: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.coach_journal = coach_journal
        self.shares: dict[str, object] = {}  # the opened shares by client hub user
        self.job = None
        self.setWindowTitle("Coaching views")
        self.resize(900, 360)
        self.status_label = plain_label()
        self.model = ClientTableModel(self)
        self.table = row_table(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)  # a long cell is elided on its one line; its tooltip says it whole
        self.table.setAccessibleName("Clients")
        self.open_button = QPushButton("&Open read-only")
        self.report_button = QPushButton("Coaching re&port…")
        self.refresh_button = QPushButton("Re&fresh")
        self.comment_button = QPushButton("Co&mment on check-in…")
        self.review_button = QPushButton("Re&view application…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.open_button, self.report_button, self.comment_button, self.review_button,
                       self.refresh_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.report_button.clicked.connect(self._on_report_button_clicked)
        self.refresh_button.clicked.connect(self.load)
        self.comment_button.clicked.connect(self._on_comment_button_clicked)
        self.review_button.clicked.connect(self._on_review_button_clicked)
        self.table.doubleClicked.connect(lambda _index: self._on_open_button_clicked())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # --- reading the hub ------------------------------------------------------------------------

    def load(self) -> None:
        """Read the shares addressed to this journal on a worker thread; fill the list."""
        if self.coach_journal is None:
            self._say("Open your own journal first: its identity opens what clients share with you.")
            return
        self._say("Reading the hub…")
        coach_journal = self.coach_journal
        self._run(lambda: _read_clients(coach_journal), self._on_clients_read)

    def _on_clients_read(self, result) -> None:
        views, shares, problems = result
        self.shares = shares
        self.model.set_views(views)
        if views:
            self.table.selectRow(0)
        count = len(views)
        said = f"{count} client{' shares' if count == 1 else 's share'} with you." if views else \
            "No hub user shares with you yet."
        self._say(" ".join([said, *problems]))

    # --- acting on a client ---------------------------------------------------------------------

    def selected_view(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.view_at(rows[0].row()) if rows else None

    def _on_open_button_clicked(self) -> None:
        view = self.selected_view()
        if view is None or self.job is not None:
            return
        share = self.shares[view.user]
        self._say(f"Writing {view.name}'s copy…")
        self._run(lambda: _fresh_copy(share), self._on_copy_written)

    def _on_copy_written(self, path: Path) -> None:
        self.accept()
        self.sig_copy_written.emit(path)

    def _on_report_button_clicked(self) -> None:
        view = self.selected_view()
        if view is None or self.job is not None:
            return
        out, _filter = QFileDialog.getSaveFileName(self, "Save the coaching report", f"{view.name} coaching report.pdf",
                                                   PDF_FILTER)
        if out:
            self.write_report(view.user, Path(out))

    def write_report(self, user: str, out: Path) -> None:
        """Write the client's coaching report to out: read on a worker thread, painted on this one
        (PySide6 makes its types on first use, which is not safe on two threads: ui/imports_ahead.py)."""
        share = self.shares[user]
        self._say(f"Writing {share.name}'s coaching report…")
        self._run(lambda: _report_content(share), lambda content: self._write_pdf(share.name, content, out))

    def _write_pdf(self, name: str, content, out: Path) -> None:
        from masterydesk.services.failures import sentence_for
        from masterydesk.ui.report_pdf import write_content

        try:
            pages = write_content(content, out)
        except Exception as error:  # a full disk, a folder that cannot be written: said, nothing else changes
            self._say(sentence_for(error))
            return
        self._say(f"Wrote {name}'s coaching report ({pages} page{'s' if pages != 1 else ''}) to {out}.")

    # --- writing back to a client -------------------------------------------------------------

    def _on_comment_button_clicked(self) -> None:
        view = self.selected_view()
        if view is None or self.job is not None:
            return
        checkins = self.shares[view.user].document["records"].get("checkins", [])
        choices = [(c["date"], f"{c['date']}: {c.get('working', '')[:80]}") for c in reversed(checkins)]
        answer = FeedbackDialog.ask(self, f"Comment on {view.name}'s check-in", choices, with_quality=False)
        if answer is not None:
            self.send_comment(view.user, dt.date.fromisoformat(answer[0]), answer[2])

    def _on_review_button_clicked(self) -> None:
        view = self.selected_view()
        if view is None or self.job is not None:
            return
        records = self.shares[view.user].document["records"]
        skills = {s["id"]: s.get("name", "") for s in records.get("skills", [])}
        choices = [(a["id"], f"{a['date']}: {skills.get(a.get('skill_id'), '')}") for a in
                   reversed(records.get("applications", []))]
        answer = FeedbackDialog.ask(self, f"Review one of {view.name}'s applications", choices, with_quality=True)
        if answer is not None:
            self.send_review(view.user, *answer)

    def send_comment(self, user: str, day: dt.date, text: str) -> None:
        """Send a signed comment on the client's check-in of that day, on a worker thread."""
        self._say("Sending your comment…")
        coach_journal = self.coach_journal
        self._run(lambda: _send_feedback(coach_journal, lambda feedback, journal, hub: feedback.send_comment(
            journal, hub, user, day, text)), self._say)

    def send_review(self, user: str, application_id: str, quality: int, comment: str) -> None:
        """Send a signed review of the client's application, on a worker thread."""
        self._say("Sending your review…")
        coach_journal = self.coach_journal
        self._run(lambda: _send_feedback(coach_journal, lambda feedback, journal, hub: feedback.send_review(
            journal, hub, user, application_id, quality, comment)), self._say)

    # --- plumbing -------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        chosen = bool(self.table.selectionModel().selectedRows()) and self.job is None
        self.open_button.setEnabled(chosen)
        self.report_button.setEnabled(chosen)
        self.comment_button.setEnabled(chosen)
        self.review_button.setEnabled(chosen)
        self.refresh_button.setEnabled(self.job is None)


class FeedbackDialog(QDialog):
    """A comment on one of the client's check-ins, or a review of one of their applications (with a quality).

    A review's quality is chosen, never preset: Sign and send says so until one is (trust_dialogs.quality_box).
    """

    def __init__(self, title: str, choices: list[tuple[str, str]], with_quality: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.with_quality = with_quality
        self.choice_box = QComboBox()
        for value, label in choices:
            self.choice_box.addItem(label, value)
        self.quality = quality_box() if with_quality else None
        self.text_edit = QPlainTextEdit()
        self.text_edit.setAccessibleName("Comment")
        self.text_edit.setTabChangesFocus(True)
        self.problem_label = StatusLabel("error")
        form = QFormLayout(self)
        form.addRow("&Application:" if with_quality else "C&heck-in:", self.choice_box)
        if self.quality is not None:
            form.addRow("&Quality (1–5):", self.quality)
        form.addRow("C&omment:", self.text_edit)
        form.addRow(self.problem_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.send_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.send_button.setText("&Sign and send")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if not choices:
            self.problem_label.setText(NOTHING_SHARED[with_quality])
            self.send_button.setEnabled(False)

    def value(self) -> tuple[str, int | None, str]:
        """(chosen id or date, quality or None for a comment, comment)."""
        quality = self.quality.currentData() if self.quality is not None else None
        return self.choice_box.currentData(), quality, self.text_edit.toPlainText().strip()

    def problem_with_input(self) -> str:
        """What keeps it from being sent, naming the field; '' when it can be signed and sent."""
        if self.choice_box.currentData() is None:
            return NOTHING_SHARED[self.with_quality]
        comment = self.value()[2]
        if self.quality is not None:
            return quality_problem(self.quality) or comment_problem(comment)
        return comment_problem(comment) if comment else "Comment: write the comment first."

    def accept(self) -> None:
        problem = self.problem_with_input()
        self.problem_label.setText(problem)
        if not problem:
            super().accept()

    @classmethod
    def ask(cls, parent: QWidget, title: str, choices: list[tuple[str, str]], with_quality: bool):
        """(chosen id or date, quality, comment), or None when cancelled."""
        dialog = cls(title, choices, with_quality, parent)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


# --- the work (worker threads: no widget is touched) --------------------------------------------


def _read_clients(coach_journal: Path):
    """(views, shares by client, problems) for the coach's journal at path."""
    from masterydesk.services.journals import open_journal_file
    from masterydesk.sync import shares
    from masterydesk.trust import feedback
    from masterydesk.trust.did_key import public_key_from_did
    from masterydesk.trust.identity import journal_identity

    journal = open_journal_file(coach_journal)
    try:
        identity, address = journal_identity(journal), _hub_address(journal)
    finally:
        journal.close()
    with shares.share_hub(address) as hub:
        received, problems = shares.received_shares(hub, feedback.me(identity), public_key_from_did)
    views = [shares.client_view(share) for share in received]
    return views, {share.owner: share for share in received}, problems


def _fresh_copy(share) -> Path:
    """The client's copy in the private coaching folder, named for when it was shared; older copies go."""
    from masterydesk.services.files import private_folder
    from masterydesk.sync import shares

    folder = private_folder(copies_folder())
    stamp = "".join(ch for ch in share.made_at if ch.isdigit())[:14]
    path = folder / f"{share.owner}-{stamp}.sqlite"
    if not path.exists():
        shares.save_copy(share, path)
    for older in folder.glob(f"{share.owner}-*.sqlite"):
        if older != path:
            try:
                older.unlink()
            except OSError:
                pass  # open elsewhere: it goes next time
    return path


def _report_content(share):
    """What the client's coaching report holds, read from a copy of their share."""
    from masterydesk.reports.coaching import report_content
    from masterydesk.sync import shares

    with shares.opened_copy(share) as copy:
        return report_content(copy)


def _send_feedback(coach_journal: Path, act) -> str:
    """act(trust.feedback, the coach's journal, the hub): a comment or a review sent; its sentence."""
    from masterydesk.services.journals import open_journal_file
    from masterydesk.sync import shares
    from masterydesk.trust import feedback

    journal = open_journal_file(coach_journal)
    try:
        with shares.share_hub(_hub_address(journal)) as hub:
            return act(feedback, journal, hub)
    finally:
        journal.close()


def _hub_address(journal) -> str:
    """The journal's PostgreSQL sync hub; without one, the sentence the Share dialog says (not the command line's)."""
    from masterydesk.sync import shares
    from masterydesk.ui.share_dialog import NO_POSTGRES_HUB

    try:
        return shares.hub_address(journal, None)
    except shares.ShareRefused:
        raise shares.ShareRefused(NO_POSTGRES_HUB) from None

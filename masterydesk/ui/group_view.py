"""Community tab ▸ Open group view…: a mastermind group's page (sync.groups).

For the selected community: when it meets (its cadence, its last session, the next one), then its
members, each with the skills and tiers they share with this journal on the PostgreSQL hub, and the
selected member's latest applications, the work they presented. Review… signs a review of one of
them (quality 1 to 5 and a comment) with this journal's key and sends it sealed to that member, as a
coach's review goes (trust.feedback, relation PEER); their next sync imports it, verified, as a
review by a group member.

The sessions come from the journal itself and show at once; the members need the hub, read on a
worker thread that loads libsodium and the PostgreSQL driver only then. A journal that does not sync
with a PostgreSQL hub is told so in one sentence, and nothing is written.

community_tab's Open group view… button calls `GroupViewDialog.show_for(tab, journal, community_id)`.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QPushButton, QVBoxLayout, QWidget

from masterydesk.ui.widgets.labels import hint_label, plain_label, section_label
from masterydesk.ui.widgets.record_model import Column, RecordTableModel
from masterydesk.ui.widgets.tables import row_table
from masterydesk.ui.worker import OneJobAtATime

MEMBER_COLUMNS = (
    Column("Member", lambda m: m.contact_name),
    Column("Hub user", lambda m: m.user),
    Column("Shared skills and tiers", lambda m: m.skills_text() or m.problem),
    Column("Presented work", lambda m: len(m.work), align_right=True),
)
WORK_COLUMNS = (
    Column("Date", lambda w: w.date),
    Column("Skill", lambda w: w.skill),
    Column("Project", lambda w: w.project),
    Column("Quality", lambda w: w.quality, text=lambda w: f"{w.quality}/5" if w.quality else "", align_right=True),
    Column("Notes", lambda w: w.notes.strip().split("\n", 1)[0]),
)
SKILLS_COLUMN, NOTES_COLUMN = 2, 4  # the columns that take the width left over
PICK_A_MEMBER = "Select a member to see the work they presented."
NOTHING_PRESENTED = "This member has shared no application yet."


class GroupViewDialog(OneJobAtATime, QDialog):
    """A community's page: sessions, members with their shared skills, and the work they presented.

    sig_group_read(count) says the members were read from the hub; sig_review_sent(sentence) that a review went.
    """

    sig_group_read = Signal(int)
    sig_review_sent = Signal(str)

    def __init__(self, journal, community_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.community_id = community_id
        self.job = None
        self.review_dialog = None
        self.setWindowTitle("Group view")
        self.resize(900, 520)
        self._build()
        self._lay_out()
        self.members_view.selectionModel().selectionChanged.connect(self._on_members_selection_changed)
        self.work_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.work_view.doubleClicked.connect(lambda _index: self._on_review_button_clicked())
        self.review_button.clicked.connect(self._on_review_button_clicked)
        self.refresh_button.clicked.connect(self.load)
        self._update_buttons()

    def _build(self) -> None:
        self.sessions_label = plain_label()
        self.sessions_label.setAccessibleName("Sessions")
        self.status_label = plain_label()
        self.members_model = RecordTableModel(MEMBER_COLUMNS, self)
        self.members_view = self._table(self.members_model, "Members", SKILLS_COLUMN)
        self.work_heading = section_label("Presented work")
        self.work_hint = hint_label(PICK_A_MEMBER)
        self.work_hint.hide()  # until there are members to pick from
        self.work_model = RecordTableModel(WORK_COLUMNS, self)
        self.work_view = self._table(self.work_model, "Presented work", NOTES_COLUMN)
        self.review_button = QPushButton("&Review…")
        self.review_button.setToolTip("Sign a review of this application and send it to the member, sealed to them.")
        self.refresh_button = QPushButton("Re&fresh")

    @staticmethod
    def _table(model, name: str, stretched: int):
        """A table whose stretched column takes the width left; a long cell is elided, its tooltip shows it whole."""
        view = row_table(model)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretched, QHeaderView.ResizeMode.Stretch)
        view.setWordWrap(False)
        view.setAccessibleName(name)
        return view

    def _lay_out(self) -> None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.review_button, self.refresh_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.sessions_label, self.status_label, self.members_view, self.work_heading,
                       self.work_hint, self.work_view, buttons):
            layout.addWidget(widget)

    @classmethod
    def show_for(cls, parent: QWidget, journal, community_id: str) -> GroupViewDialog:
        """Show the community's page and start reading its members from the hub."""
        dialog = cls(journal, community_id, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.load()
        return dialog

    # --- reading ----------------------------------------------------------------------------

    def load(self) -> None:
        """Show the sessions (from the journal), then read the members on a worker thread."""
        from masterydesk.domain.errors import MasteryDeskError
        from masterydesk.sync.groups import group_sessions

        try:
            sessions = group_sessions(self.journal, self.community_id, dt.date.today())
        except MasteryDeskError as error:
            self._say(str(error))
            return
        self.setWindowTitle(f"Group view: {sessions.name}")
        self.sessions_label.setText(sessions.sentence())
        self._say("Reading what the members share with you…")
        journal, community_id = self.journal, self.community_id
        self._run(lambda: _read_group(journal, community_id), self._on_group_read)

    def _on_group_read(self, page) -> None:
        self.members_model.set_records(page.members)
        sharing = sum(1 for member in page.members if not member.problem)
        said = (f"{sharing} of {len(page.members)} member{'s' if len(page.members) != 1 else ''} share with you."
                if page.members else "This community has no members yet; edit it to add the contacts who belong.")
        problems = [member.problem for member in page.members if member.problem]
        self._say(" ".join([said, *problems, *page.problems]))
        if sharing:
            self.members_view.selectRow(next(n for n, m in enumerate(page.members) if not m.problem))
        self._on_members_selection_changed()
        self.sig_group_read.emit(len(page.members))

    def selected_member(self):
        rows = self.members_view.selectionModel().selectedRows()
        return self.members_model.record_at(rows[0].row()) if rows else None

    def selected_work(self):
        rows = self.work_view.selectionModel().selectedRows()
        return self.work_model.record_at(rows[0].row()) if rows else None

    def _on_members_selection_changed(self, *_args) -> None:
        member = self.selected_member()
        self.work_model.set_records(member.work if member else ())
        self.work_heading.setText(f"Work {member.contact_name} presented" if member else "Presented work")
        self.work_hint.setText(PICK_A_MEMBER if member is None else member.problem or NOTHING_PRESENTED)
        # Without members there is nothing to pick: the status sentence says why.
        self.work_hint.setVisible(bool(self.members_model.rowCount()) and not self.work_model.rowCount())
        self._update_buttons()

    # --- reviewing --------------------------------------------------------------------------

    def _on_review_button_clicked(self) -> None:
        from masterydesk.ui.coaching import FeedbackDialog

        member, work = self.selected_member(), self.selected_work()
        if member is None or work is None or self.job is not None:
            return
        if self.review_dialog is not None:  # the one asked before, done with
            self.review_dialog.deleteLater()
        label = f"{work.date.isoformat()}: {work.skill}" + (f" ({work.project})" if work.project else "")
        self.review_dialog = FeedbackDialog(f"Review {member.contact_name}'s application", [(work.id, label)],
                                            True, self)
        self.review_dialog.accepted.connect(lambda: self.send_review(member.user, *self.review_dialog.value()))
        self.review_dialog.open()

    def send_review(self, user: str, application_id: str, quality: int, comment: str) -> None:
        """Sign a review of the member's application as a group member and send it, on a worker thread."""
        self._say("Sending your review…")
        journal = self.journal
        self._run(lambda: _send_review(journal, user, application_id, quality, comment), self._on_review_sent)

    def _on_review_sent(self, sentence: str) -> None:
        self._say(sentence)
        self.sig_review_sent.emit(sentence)

    # --- plumbing ---------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        idle = self.job is None
        self.review_button.setEnabled(idle and self.selected_work() is not None)
        self.refresh_button.setEnabled(idle)


# --- the work (worker threads: no widget is touched) --------------------------------------------


def _with_hub(journal, act):
    """act(hub) on the journal's PostgreSQL sync hub, closed afterwards; one sentence when there is none."""
    from masterydesk.sync import groups, shares

    try:
        address = shares.hub_address(journal, None)
    except shares.ShareRefused:
        raise groups.GroupRefused(groups.NEEDS_HUB) from None
    with shares.share_hub(address) as hub:
        return act(hub)


def _read_group(journal, community_id: str):
    """The community's page (sync.groups.GroupPage), read with this journal's identity."""
    from masterydesk.sync import groups
    from masterydesk.trust.did_key import public_key_from_did
    from masterydesk.trust.feedback import me
    from masterydesk.trust.identity import journal_identity

    identity = journal_identity(journal)
    return _with_hub(journal, lambda hub: groups.group_page(journal, hub, me(identity), public_key_from_did,
                                                            community_id))


def _send_review(journal, user: str, application_id: str, quality: int, comment: str) -> str:
    from masterydesk.trust import feedback

    return _with_hub(journal, lambda hub: feedback.send_review(journal, hub, user, application_id, quality, comment,
                                                               relation=feedback.PEER))

"""The Community tab: contacts and communities; the interactions of the selected one, with their ideas."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtGui import QBrush, QFont, Qt  # QtGui's Qt also has convertFromPlainText
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from masterydesk.domain import records as r
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.services.changes import Changes
from masterydesk.services.views import (
    ContactLine,
    InteractionLine,
    communities,
    contact_lines,
    interaction,
    interactions_with,
    single_points_of_failure,
)
from masterydesk.ui.dialogs.record_dialog import error_label
from masterydesk.ui.forms import broken_rule_sentence
from masterydesk.ui.theme import status_colour
from masterydesk.ui.widgets.kept_splitters import KeepsSplitters
from masterydesk.ui.widgets.labels import hint_label, plain_label, section_label
from masterydesk.ui.widgets.panes import button_row, pane, record_buttons, splitter
from masterydesk.ui.widgets.pickers import OptionalDateEdit
from masterydesk.ui.widgets.record_model import Column, RecordTableModel
from masterydesk.ui.widgets.record_table import RecordTable, fit_columns_to_view
from masterydesk.ui.widgets.tab_parts import RecordTab, arrange, connect_record_actions, show_records
from masterydesk.ui.widgets.tables import row_table

IDEA_MAX_LENGTH = 2000  # the journal keeps up to 2,000 characters of an idea


def _shortened(did: str) -> str:
    """A did:key short enough for a narrow pane: its start and its last characters (the whole in the tooltip)."""
    return did if len(did) <= 28 else f"{did[:16]}…{did[-6:]}"


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0]


CONTACT_COLUMNS = (
    Column("Name", lambda x: x.contact.name),
    Column("Relationship", lambda x: x.contact.relationship),
    Column("Organization", lambda x: x.contact.organization),
    Column("Follow up", lambda x: x.contact.follow_up_on),
    Column("Due", lambda x: x.due, text=lambda x: "due" if x.due else ""),
    Column("Supports", lambda x: ", ".join(x.skill_names)),
)
COMMUNITY_COLUMNS = (
    Column("Name", lambda c: c.name),
    Column("Meets every", lambda c: c.cadence_days, text=lambda c: f"{c.cadence_days} days" if c.cadence_days else ""),
    Column("Members", lambda c: len(c.member_ids), align_right=True),
    Column("Focus", lambda c: c.focus),
)
INTERACTION_COLUMNS = (
    Column("Date", lambda x: x.interaction.date),
    Column("Kind", lambda x: x.interaction.kind),
    Column("Also with", lambda x: x.with_whom),
    Column("Ideas", lambda x: len(x.interaction.ideas), align_right=True),
    Column("Notes", lambda x: _first_line(x.interaction.notes)),
)
IDEA_COLUMNS = (
    Column("Idea", lambda x: x.idea.text),
    Column("Applied on", lambda x: x.idea.applied_on),
)
SUPPORT_COLUMNS = (
    Column("Skill", lambda g: g.skill_name),
    Column("Only supporter", lambda g: g.contact_name),
)
NO_CONTACTS = "No contacts yet. Press Add contact… for a mentor, a peer or anyone who supports your skills."
NO_COMMUNITIES = "No communities yet. Press Add community… for a mastermind, guild or meetup you belong to."
SINGLE_POINTS = "Skills only one contact supports: if that person moves on, nobody else backs you up."
NO_SINGLE_POINTS = "No single points of failure: every skill your contacts support has two or more of them."
PICK_SOMEONE = "Select a contact or a community to see your interactions with them."
NO_INTERACTIONS = "No interactions logged yet. Press Add interaction after you meet, talk or get feedback."
PICK_AN_INTERACTION = "Select an interaction to see the ideas it gave you."
NO_IDEAS = "No ideas recorded from this interaction. Type one below and press Add idea."


@dataclass(frozen=True, slots=True)
class IdeaItem:
    """An idea at its place in its interaction's list."""

    position: int
    idea: r.Idea

    @property
    def id(self) -> str:
        return str(self.position)


class MarkedRecordModel(RecordTableModel):
    """A record table whose marked rows are drawn bold in a warning colour."""

    def __init__(self, columns, marked, parent=None) -> None:
        super().__init__(columns, parent)
        self._marked = marked
        self._bold = QFont()
        self._bold.setBold(True)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole) and index.isValid():
            if index.row() < self.rowCount() and self._marked(self.record_at(index.row())):
                return self._bold if role == Qt.ItemDataRole.FontRole else QBrush(status_colour("error"))
            return None
        return super().data(index, role)


class MarkedRecordTable(RecordTable):
    """A RecordTable over a MarkedRecordModel."""

    def __init__(self, columns, marked, filter_hint: str) -> None:
        super().__init__(columns, filter_hint)
        # RecordTable builds a plain model; put the marking one in its place behind the same proxy.
        plain = self.model
        self.model = MarkedRecordModel(columns, marked, self)
        self.proxy.setSourceModel(self.model)
        plain.deleteLater()


class MarkAppliedDialog(QDialog):
    """Pick the date an idea was applied (today unless changed); unticking means not applied.

    The date is checked by the domain's record rules, as a save and an import check it.
    """

    sig_date_chosen = Signal(object)  # a date, or None

    def __init__(self, parent: QWidget, interaction: r.Interaction, position: int) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mark idea applied")
        self._interaction = interaction
        self._position = position
        idea = interaction.ideas[position]
        self.idea_label = plain_label(idea.text)
        self.applied_on = OptionalDateEdit("Applied")
        self.applied_on.set_value(idea.applied_on or dt.date.today())
        self.applied_on.setAccessibleName("Applied on")
        self.error_label = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        form = QFormLayout()
        form.addRow("Idea", self.idea_label)
        form.addRow("Applied on", self.applied_on)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _on_save_clicked(self) -> None:
        day = self.applied_on.value()
        ideas = list(self._interaction.ideas)
        ideas[self._position] = dataclasses.replace(ideas[self._position], applied_on=day)
        problem = broken_rule_sentence(dataclasses.replace(self._interaction, ideas=tuple(ideas)))
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        self.sig_date_chosen.emit(day)
        self.accept()


class CommunityTab(RecordTab, KeepsSplitters, QWidget):
    """Contacts and communities on the left; interactions and their ideas on the right."""

    AFFECTED_BY = ("contacts", "communities", "interactions", "skills")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._ideas_of: str | None = None  # the interaction whose ideas are listed
        self._build_people()
        self._build_interactions()
        self._build_ideas()
        self._build_layout()
        self._connect()
        self.setEnabled(False)

    # --- building ------------------------------------------------------------------------------

    def _build_people(self) -> None:
        self.contacts = MarkedRecordTable(CONTACT_COLUMNS, lambda x: x.due, "Filter contacts…")
        self.contacts_hint = hint_label(NO_CONTACTS)
        arrange(self.contacts, 0, Qt.SortOrder.AscendingOrder, stretch_column=5)
        self.contacts.view.setWordWrap(False)
        self.add_contact_button, self.edit_contact_button, self.delete_contact_button = record_buttons("contact")
        self.contact_key = plain_label()  # the selected contact's key, held from their card or a review they signed
        self.contact_key.setAccessibleName("Their key")
        self.contact_key.hide()
        self.communities = RecordTable(COMMUNITY_COLUMNS, "Filter communities…")
        self.communities_hint = hint_label(NO_COMMUNITIES)
        arrange(self.communities, 0, Qt.SortOrder.AscendingOrder)
        self.add_community_button, self.edit_community_button, self.delete_community_button = (
            record_buttons("community"))
        self.group_view_button = QPushButton("Open group view…")
        self.group_view_button.setToolTip("What the members share with you on the hub, and the work they presented.")
        self.single_points = RecordTable(SUPPORT_COLUMNS, "Filter skills…")
        arrange(self.single_points, 0, Qt.SortOrder.AscendingOrder)
        self.single_points_hint = hint_label(SINGLE_POINTS)

    def _build_interactions(self) -> None:
        self.interactions_heading = section_label("Interactions")
        self.interactions = RecordTable(INTERACTION_COLUMNS, "Filter interactions…")
        arrange(self.interactions, 0, Qt.SortOrder.DescendingOrder, stretch_column=4)
        self.interactions.view.setWordWrap(False)
        self.interactions_hint = hint_label(PICK_SOMEONE)
        self.add_interaction_button, self.edit_interaction_button, self.delete_interaction_button = (
            record_buttons("interaction"))

    def _build_ideas(self) -> None:
        self.ideas_heading = section_label("Ideas")
        self.ideas_model = RecordTableModel(IDEA_COLUMNS, self)
        self.ideas_view = row_table(self.ideas_model)
        self.ideas_view.horizontalHeader().setStretchLastSection(False)
        self.ideas_view.horizontalHeader().setSectionResizeMode(0, self.ideas_view.horizontalHeader().ResizeMode.Stretch)
        self.ideas_view.setWordWrap(True)
        fit_columns_to_view(self.ideas_view)
        self.ideas_hint = hint_label(PICK_AN_INTERACTION)
        self.new_idea = QLineEdit(placeholderText="A new idea from this interaction…")
        self.new_idea.setMaxLength(IDEA_MAX_LENGTH)
        self.new_idea.setAccessibleName("New idea")
        self.add_idea_button = QPushButton("Add idea")
        self.mark_applied_button = QPushButton("Mark applied…")
        self.remove_idea_button = QPushButton("Remove idea")
        self.ideas_error = error_label()

    def _people_pane(self) -> QWidget:
        contacts = pane(button_row(self.add_contact_button, self.edit_contact_button, self.delete_contact_button),
                        self.contacts_hint, self.contacts, self.contact_key)
        groups = QWidget()
        groups_layout = QVBoxLayout(groups)
        groups_layout.addLayout(button_row(
            self.add_community_button, self.edit_community_button, self.delete_community_button,
            self.group_view_button))
        groups_layout.addWidget(self.communities_hint)
        groups_layout.addWidget(self.communities)
        support = QWidget()
        support_layout = QVBoxLayout(support)
        support_layout.addWidget(self.single_points_hint)
        support_layout.addWidget(self.single_points)
        self.lower_tabs = QTabWidget()
        self.lower_tabs.addTab(groups, "Communities")
        self.lower_tabs.addTab(support, "Single points of failure")
        self.people_splitter = splitter(Qt.Orientation.Vertical, (contacts, self.lower_tabs), (460, 300))
        return self.people_splitter

    def _interactions_pane(self) -> QWidget:
        interactions = pane(
            self.interactions_heading,
            button_row(self.add_interaction_button, self.edit_interaction_button, self.delete_interaction_button),
            self.interactions_hint,
            self.interactions,
        )
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_idea, 1)
        add_row.addWidget(self.add_idea_button)
        ideas = pane(self.ideas_heading, self.ideas_hint, self.ideas_view, add_row, self.ideas_error,
                     button_row(self.mark_applied_button, self.remove_idea_button))
        self.interactions_splitter = splitter(Qt.Orientation.Vertical, (interactions, ideas), (460, 300))
        return self.interactions_splitter

    def _build_layout(self) -> None:
        panes = (self._people_pane(), self._interactions_pane())
        # The contacts' six columns take the larger share; narrowed, the window takes it from both sides.
        self.splitter = splitter(Qt.Orientation.Horizontal, panes, (620, 440))
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

    def _connect(self) -> None:
        for table, collection, buttons, add in (
            (self.contacts, "contacts", (self.add_contact_button, self.edit_contact_button, self.delete_contact_button),
             lambda: self.add_record("contacts")),
            (self.communities, "communities",
             (self.add_community_button, self.edit_community_button, self.delete_community_button),
             lambda: self.add_record("communities")),
            (self.interactions, "interactions",
             (self.add_interaction_button, self.edit_interaction_button, self.delete_interaction_button),
             self.add_interaction),
        ):
            connect_record_actions(table, buttons, add, lambda line, c=collection: self._edit(c, line),
                                   lambda line, c=collection: self._delete(c, line))
        for table in (self.contacts, self.communities):
            table.sig_current_changed.connect(lambda line, t=table: self._on_people_current_changed(t, line))
        self.interactions.sig_current_changed.connect(self._on_interactions_current_changed)
        self.ideas_view.selectionModel().currentRowChanged.connect(self._on_ideas_current_changed)
        self.ideas_view.activated.connect(lambda _index: self.mark_idea_applied())
        self.new_idea.returnPressed.connect(self.add_idea)
        self.add_idea_button.clicked.connect(self.add_idea)
        self.mark_applied_button.clicked.connect(self.mark_idea_applied)
        self.remove_idea_button.clicked.connect(self.remove_idea)
        self.group_view_button.clicked.connect(self.open_group_view)

    # --- the main window's calls ---------------------------------------------------------------

    def select_record(self, collection: str, record_id: str) -> None:
        """Select a contact or community, or an interaction under whom it was with."""
        if collection == "interactions":
            found = interaction(self.session.journal, record_id)
            if found is None:
                return
            subject = ("contacts", found.contact_id) if found.contact_id else ("communities", found.community_id)
            self.select_record(*subject)
            self.interactions.reveal_id(record_id)
            return
        table = self.contacts if collection == "contacts" else self.communities
        if collection == "communities":
            self.lower_tabs.setCurrentIndex(0)
        table.reveal_id(record_id)

    def delete_selected(self) -> None:
        """Delete what is selected in the list used last."""
        if self._last_table is self.ideas_view:
            self.remove_idea()
        elif self._last_table is self.interactions:
            self._delete("interactions", self.interactions.current_record())
        elif self._last_table is self.communities:
            self._delete("communities", self.communities.current_record())
        else:
            self._delete("contacts", self.contacts.current_record())

    def kept_splitters(self) -> dict[str, QSplitter]:
        return {"community/splitter": self.splitter, "community/people_splitter": self.people_splitter,
                "community/interactions_splitter": self.interactions_splitter}

    # --- showing -------------------------------------------------------------------------------

    def refresh(self, changes: Changes | None = None) -> None:
        """Reload what the changes affect of contacts, communities and single points; then the interactions shown."""
        journal = self.session.journal
        if changes is None or changes.affects("contacts", "skills"):
            show_records(self.contacts, contact_lines(journal, dt.date.today()))
            show_records(self.single_points, single_points_of_failure(journal))
        if changes is None or changes.affects("communities", "contacts"):
            show_records(self.communities, communities(journal))
        self.contacts_hint.setVisible(not self.contacts.model.rowCount())
        self.communities_hint.setVisible(not self.communities.model.rowCount())
        self.single_points_hint.setText(SINGLE_POINTS if self.single_points.model.rowCount() else NO_SINGLE_POINTS)
        self._show_interactions()

    def _show_no_journal(self) -> None:
        for table in (self.contacts, self.communities, self.single_points, self.interactions):
            table.set_records([])
        self._show_ideas(None)
        self._show_contact_key()

    def _subject(self) -> tuple[str, str, str] | None:
        """Whose interactions are shown, as (collection, id, name): the selected contact, else community."""
        contact = self.contacts.current_record()
        if contact is not None:
            return "contacts", contact.id, contact.contact.name
        group = self.communities.current_record()
        if group is not None:
            return "communities", group.id, group.name
        return None

    def _show_interactions(self, pick_first: bool = False) -> None:
        """The subject's interactions; pick_first selects the newest (a new subject was chosen)."""
        subject = self._subject()
        lines = interactions_with(self.session.journal, subject[0], subject[1]) if subject else []
        show_records(self.interactions, lines)
        self.interactions_heading.setText(f"Interactions with {subject[2]}" if subject else "Interactions")
        self.interactions_hint.setText(NO_INTERACTIONS if subject else PICK_SOMEONE)
        self.interactions_hint.setVisible(not lines)
        if pick_first and lines:
            with QSignalBlocker(self.interactions):
                self.interactions.view.selectRow(0)
        self._show_ideas(self.interactions.current_record())
        self._show_contact_key()

    def _show_contact_key(self) -> None:
        """'Key: did:key:z6Mk…x7Qp (verified reviews)' for a contact holding a peer's key; hidden otherwise.

        The key is shown, never edited: it comes from importing their identity card or a review they signed.
        """
        line = self.contacts.current_record()
        did = line.contact.did if line is not None else ""
        self.contact_key.setVisible(bool(did))
        self.contact_key.setText(f"Key: {_shortened(did)} (verified reviews)" if did else "")
        self.contact_key.setToolTip(Qt.convertFromPlainText(
            f"{did}\nTheir reviews signed with this key show as verified. It comes from their identity card "
            "or a review they signed (File ▸ Import review answer or card…).", Qt.WhiteSpaceMode.WhiteSpaceNormal)
            if did else "")

    def _show_ideas(self, line: InteractionLine | None) -> None:
        same = line is not None and line.id == self._ideas_of
        row = self.ideas_view.currentIndex().row() if same else -1
        self._ideas_of = line.id if line else None
        ideas = line.interaction.ideas if line else ()
        self.ideas_model.set_records([IdeaItem(n, idea) for n, idea in enumerate(ideas)])
        if 0 <= row < len(ideas):  # the same interaction, refreshed: keep the idea selected
            self.ideas_view.selectRow(row)
        self.ideas_view.resizeRowsToContents()
        self.ideas_heading.setText(f"Ideas from the {line.interaction.kind.value.replace('_', ' ')} on "
                                   f"{line.interaction.date.isoformat()}" if line else "Ideas")
        self.ideas_hint.setText(NO_IDEAS if line else PICK_AN_INTERACTION)
        self.ideas_hint.setVisible(not ideas)
        self.ideas_error.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = self.journal_writable()
        for table, edit, delete in (
            (self.contacts, self.edit_contact_button, self.delete_contact_button),
            (self.communities, self.edit_community_button, self.delete_community_button),
            (self.interactions, self.edit_interaction_button, self.delete_interaction_button),
        ):
            edit.setEnabled(writable and table.current_record() is not None)
            delete.setEnabled(writable and table.current_record() is not None)
        self.add_contact_button.setEnabled(writable)
        self.add_community_button.setEnabled(writable)
        self.group_view_button.setEnabled(writable and self.communities.current_record() is not None)
        self.add_interaction_button.setEnabled(writable and self._subject() is not None)
        has_interaction = writable and self.interactions.current_record() is not None
        self.new_idea.setEnabled(has_interaction)
        self.add_idea_button.setEnabled(has_interaction)
        has_idea = has_interaction and self._current_idea() is not None
        self.mark_applied_button.setEnabled(has_idea)
        self.remove_idea_button.setEnabled(has_idea)

    def _on_people_current_changed(self, table: RecordTable, line) -> None:
        self._last_table = table
        if line is not None:
            other = self.communities if table is self.contacts else self.contacts
            with QSignalBlocker(other):
                other.view.selectionModel().clear()  # one subject at a time: a contact or a community
        self._show_interactions(pick_first=True)

    def _on_interactions_current_changed(self, line: InteractionLine | None) -> None:
        self._last_table = self.interactions
        self._show_ideas(line)

    def _on_ideas_current_changed(self, *_args) -> None:
        self._last_table = self.ideas_view
        self._update_buttons()

    # --- editing records -----------------------------------------------------------------------

    def _edit(self, collection: str, line) -> None:
        """Edit the record a line shows: a contact, an interaction, or the community that is its own line."""
        record = line.contact if isinstance(line, ContactLine) else getattr(line, "interaction", line)
        self.edit_record(collection, record)

    def _delete(self, collection: str, line) -> None:
        if line is None:
            return
        if isinstance(line, ContactLine):
            what = f"contact {line.contact.name}"
        elif isinstance(line, InteractionLine):
            what = f"{line.interaction.kind.value.replace('_', ' ')} of {line.interaction.date.isoformat()}"
        else:
            what = f"community {line.name}"
        self.delete_record(collection, line.id, what)

    def add_interaction(self) -> None:
        """A new interaction with the selected contact or community, dated today."""
        subject = self._subject()
        if subject is None:
            return
        field = "contact_id" if subject[0] == "contacts" else "community_id"
        self.add_record("interactions", self.interactions.reveal_id, **{field: subject[1]})

    def open_group_view(self) -> None:
        """The selected community's group view (ui.group_view), loaded only when first asked for."""
        from masterydesk.ui.group_view import GroupViewDialog

        group = self.communities.current_record()
        if group is not None and self.journal_writable():
            self.group_dialog = GroupViewDialog.show_for(self, self.session.journal, group.id)

    # --- editing ideas -------------------------------------------------------------------------

    def _current_idea(self) -> IdeaItem | None:
        index = self.ideas_view.currentIndex()
        return self.ideas_model.record_at(index.row()) if index.isValid() else None

    def _save_ideas(self, ideas: tuple[r.Idea, ...], text: str) -> bool:
        line = self.interactions.current_record()
        try:
            self.session.save(dataclasses.replace(line.interaction, ideas=ideas), text=text)
        except MasteryDeskError as error:
            self.ideas_error.setText(str(error))
            self.ideas_error.show()
            return False
        return True

    def add_idea(self) -> None:
        """Add the typed idea to the selected interaction."""
        line = self.interactions.current_record()
        text = self.new_idea.text().strip()
        if line is None:
            return
        if not text:
            self.ideas_error.setText("Idea: write the idea before adding it.")
            self.ideas_error.show()
            return
        if self._save_ideas((*line.interaction.ideas, r.Idea(text)), "Add idea"):
            self.new_idea.clear()
            self.ideas_view.selectRow(self.ideas_model.rowCount() - 1)

    def mark_idea_applied(self) -> None:
        """Ask for the date the selected idea was applied."""
        item = self._current_idea()
        line = self.interactions.current_record()
        if item is None or line is None or self.session.read_only:
            return
        self.dialog = MarkAppliedDialog(self, line.interaction, item.position)
        self.dialog.sig_date_chosen.connect(lambda day: self._set_applied_on(item.position, day))
        self.dialog.open()

    def _set_applied_on(self, position: int, day: dt.date | None) -> None:
        ideas = list(self.interactions.current_record().interaction.ideas)
        ideas[position] = dataclasses.replace(ideas[position], applied_on=day)
        self._save_ideas(tuple(ideas), "Mark idea applied" if day else "Mark idea not applied")

    def remove_idea(self) -> None:
        item = self._current_idea()
        line = self.interactions.current_record()
        if item is None or line is None:
            return
        ideas = line.interaction.ideas
        self._save_ideas(ideas[:item.position] + ideas[item.position + 1:], "Remove idea")

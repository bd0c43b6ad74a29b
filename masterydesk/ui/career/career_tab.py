"""The Career tab: target roles with readiness, requirements edited in a table, gaps, milestones, interviews."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from masterydesk.domain import records as r
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.services.changes import Changes
from masterydesk.services.browse import record_names
from masterydesk.services.views import GapLine, RoleLine, RoleView, role_lines, role_view
from masterydesk.ui.career.requirements_model import RequirementDelegate, RequirementTableModel, tier_label
from masterydesk.ui.dialogs.record_dialog import error_label
from masterydesk.ui.widgets.kept_splitters import KeepsSplitters
from masterydesk.ui.widgets.labels import hint_label, plain_label, section_label
from masterydesk.ui.widgets.panes import button_row, pane, record_buttons, splitter
from masterydesk.ui.widgets.record_model import Column, RecordTableModel
from masterydesk.ui.widgets.record_table import RecordTable, fit_columns, fit_columns_to_view
from masterydesk.ui.widgets.tab_parts import MasterDetailTab, arrange
from masterydesk.ui.widgets.tables import keep_rows_in_view, row_table


def percent(readiness: float | None) -> str:
    return "" if readiness is None else f"{readiness:.0%}"


def next_steps(gap: GapLine) -> str:
    """What the skill needs for its next tier, one milestone a line: 'to Applied: 2 of 3 applications …'."""
    following = gap.held.following
    return f"to {tier_label(following)}: " + "\n".join(str(m) for m in gap.next_steps)


ROLE_COLUMNS = (
    Column("Title", lambda x: x.role.title),
    Column("Organization", lambda x: x.role.organization),
    Column("Target date", lambda x: x.role.target_date),
    Column("Readiness", lambda x: x.readiness, text=lambda x: percent(x.readiness), align_right=True),
)
GAP_COLUMNS = (
    Column("Skill", lambda g: g.skill_name),
    Column("Held", lambda g: g.held, text=lambda g: tier_label(g.held)),
    Column("Required", lambda g: g.required, text=lambda g: tier_label(g.required)),
    Column("Next", next_steps),
)
MILESTONE_COLUMNS = (
    Column("Project", lambda p: p.name),
    Column("Status", lambda p: p.status),
    Column("Ended", lambda p: p.ended_on),
)
INTERVIEW_COLUMNS = (
    Column("Date", lambda x: x.interaction.date),
    Column("Contact", lambda x: x.contact_name),
    Column("Organization", lambda x: x.organization),
    Column("Notes", lambda x: x.interaction.notes.strip().split("\n", 1)[0]),
)
NO_ROLES = "No target roles yet. Press Add role… to describe a role you are aiming for."
PICK_A_ROLE = "Select a target role to see how ready you are and what is missing."
NO_REQUIREMENTS = "No requirements yet. Press Add requirement, then pick the skill and the tier the role asks for."
NO_GAPS = "No gaps: every requirement is met."
NO_MILESTONES = "No milestone projects linked. Edit role… to link the projects that show you are ready."

ROLE_ROWS_SHOWN = 4  # at 700 pixels high the list of roles still shows several, the details scroll below
DETAIL_ROWS_SHOWN = 3

EDIT_TRIGGERS = (QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                 | QAbstractItemView.EditTrigger.SelectedClicked)


def small_table(columns) -> tuple[QTableView, RecordTableModel]:
    """A read-only table of records without a filter field, its last column taking the spare width."""
    model = RecordTableModel(columns)
    view = row_table(model)
    model.setParent(view)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    fit_columns_to_view(view)
    keep_rows_in_view(view, DETAIL_ROWS_SHOWN)
    return view, model


class CareerTab(MasterDetailTab, KeepsSplitters, QWidget):
    """Target roles above; the selected role's readiness, requirements, gaps, milestones and interviews below."""

    AFFECTED_BY = ("roles", "skills", "journal", "applications", "teaching", "projects", "interactions", "contacts",
                   "settings")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._shown_role: r.Role | None = None
        self._skill_names: dict[str, str] = {}
        self._build_roles()
        self._build_details()
        self._build_layout()
        self._connect()
        self.setEnabled(False)

    # --- building ------------------------------------------------------------------------------

    def _build_roles(self) -> None:
        self.roles = self.master = RecordTable(ROLE_COLUMNS, "Filter roles…")
        arrange(self.roles, 2, Qt.SortOrder.AscendingOrder, stretch_column=0)
        keep_rows_in_view(self.roles.view, ROLE_ROWS_SHOWN)
        self.add_role_button, self.edit_role_button, self.delete_role_button = record_buttons("role")

    def _build_details(self) -> None:
        self.heading = section_label()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.heading.setFont(font)
        self.subheading = plain_label()
        self.hint = hint_label(PICK_A_ROLE)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.readiness_bar = QProgressBar()
        self.readiness_bar.setRange(0, 100)
        self.readiness_bar.setAccessibleName("Readiness")
        self.requirements_model = RequirementTableModel(self)
        self.requirements_delegate = RequirementDelegate(self)
        self.requirements_view = QTableView()
        self.requirements_view.setModel(self.requirements_model)
        self.requirements_view.setItemDelegate(self.requirements_delegate)
        self.requirements_view.verticalHeader().hide()
        self.requirements_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.requirements_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.requirements_view.setWordWrap(False)  # a long skill name is elided, not cut off below
        fit_columns_to_view(self.requirements_view)
        keep_rows_in_view(self.requirements_view, DETAIL_ROWS_SHOWN)
        self.requirements_hint = hint_label(NO_REQUIREMENTS)
        self.requirements_error = error_label()
        self.add_requirement_button = QPushButton("Add requirement")
        self.remove_requirement_button = QPushButton("Remove requirement")
        self.gaps_view, self.gaps_model = small_table(GAP_COLUMNS)
        self.gaps_view.setWordWrap(True)  # each milestone on its own line
        self.gaps_hint = hint_label(NO_GAPS)
        self.milestones_label = section_label("Milestone projects")
        self.milestones_view, self.milestones_model = small_table(MILESTONE_COLUMNS)
        self.milestones_view.horizontalHeader().setStretchLastSection(False)
        self.milestones_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.milestones_hint = hint_label(NO_MILESTONES)
        self.interviews_view, self.interviews_model = small_table(INTERVIEW_COLUMNS)
        self.interviews_hint = hint_label()

    def _build_layout(self) -> None:
        top = pane(button_row(self.add_role_button, self.edit_role_button, self.delete_role_button), self.roles)
        grid = QGridLayout()
        grid.addWidget(pane(section_label("Requirements"), self.requirements_hint, self.requirements_view,
                            self.requirements_error,
                            button_row(self.add_requirement_button, self.remove_requirement_button)), 0, 0)
        grid.addWidget(pane(section_label("Gaps and what each needs next"), self.gaps_hint, self.gaps_view), 0, 1)
        grid.addWidget(pane(self.milestones_label, self.milestones_hint, self.milestones_view), 1, 0)
        grid.addWidget(pane(section_label("Informational interviews"), self.interviews_hint,
                            self.interviews_view), 1, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        self.details = QWidget()
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        # The title on a line of its own: beside the organisation and date it was given the width a
        # wrapped label guesses for itself, and broke after its first word with the row half empty.
        details_layout.addWidget(self.heading)
        details_layout.addWidget(self.subheading)
        details_layout.addWidget(self.readiness_bar)
        details_layout.addLayout(grid, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.hint)
        bottom_layout.addWidget(self.details, 1)
        self.details_scroll = QScrollArea()  # in a short window the details scroll, the roles stay in view
        self.details_scroll.setWidgetResizable(True)
        self.details_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.details_scroll.setWidget(bottom)
        self.splitter = splitter(Qt.Orientation.Vertical, (top, self.details_scroll), (240, 560))
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

    def _connect(self) -> None:
        self._connect_master((self.add_role_button, self.edit_role_button, self.delete_role_button),
                             self.add_role, self.edit_role, self.delete_role)
        self.add_requirement_button.clicked.connect(self.add_requirement)
        self.remove_requirement_button.clicked.connect(self.remove_requirement)
        self.requirements_model.sig_requirements_edited.connect(
            lambda requirements: self._save_requirements(requirements, "Edit requirement"))
        self.requirements_model.sig_edit_refused.connect(self._show_requirement_problem)
        self.requirements_view.selectionModel().currentChanged.connect(self._on_requirements_current_changed)
        self.milestones_view.activated.connect(
            lambda index: self._show_elsewhere("projects", self.milestones_model.record_at(index.row()).id))
        self.interviews_view.activated.connect(
            lambda index: self._show_elsewhere("interactions", self.interviews_model.record_at(index.row()).id))

    # --- the main window's calls ---------------------------------------------------------------

    def select_record(self, _collection: str, record_id: str) -> None:
        self.roles.reveal_id(record_id)

    def delete_selected(self) -> None:
        """Remove the selected requirement when its table was used last, else delete the selected role."""
        if self._last_table is self.requirements_view and self.requirements_view.currentIndex().isValid():
            self.remove_requirement()
        else:
            self.delete_role(self.roles.current_record())

    def kept_splitters(self) -> dict[str, QSplitter]:
        return {"career/splitter": self.splitter}

    # --- showing -------------------------------------------------------------------------------

    def refresh(self, changes: Changes | None = None) -> None:
        """Reload the skills a requirement can name, the roles with their readiness, and the selected role's details."""
        choices = record_names(self.session.journal, "skills")
        self._skill_names = dict(choices)
        self.requirements_delegate.set_skill_choices(choices)
        super().refresh(changes)

    def master_lines(self) -> list[RoleLine]:
        return role_lines(self.session.journal, dt.date.today())

    def show_details(self, line: RoleLine | None) -> None:
        """The role's readiness, requirements, gaps, milestones and interviews."""
        view = role_view(self.session.journal, line.id, dt.date.today()) if line and self.session else None
        self._shown_role = view.role if view else None
        self.hint.setText(PICK_A_ROLE if self.roles.model.rowCount() else NO_ROLES)
        self.hint.setVisible(view is None)
        self.details.setVisible(view is not None)
        if view is not None:
            self._show_summary(view)
            self._show_requirements(view)
            self._show_lists(view)
        self._update_buttons()

    def _show_summary(self, view: RoleView) -> None:
        role = view.role
        self.heading.setText(role.title)
        target = f"target {role.target_date.isoformat()}" if role.target_date else "no target date"
        self.subheading.setText(" · ".join(x for x in (role.organization, target) if x))
        readiness = view.readiness.readiness
        self.readiness_bar.setValue(round((readiness or 0) * 100))
        self.readiness_bar.setFormat(f"{percent(readiness)} ready" if readiness is not None else "No requirements yet")

    def _show_requirements(self, view: RoleView) -> None:
        required = {q.skill_id: self._skill_names.get(q.skill_id, q.skill_id) for q in view.role.requirements}
        self.requirements_model.set_requirements(view.role.requirements, view.held, required)
        fit_columns(self.requirements_view)
        self.requirements_hint.setVisible(not view.role.requirements)
        self.requirements_error.hide()

    def _show_lists(self, view: RoleView) -> None:
        self.gaps_model.set_records(view.gaps)
        self.gaps_hint.setVisible(bool(view.role.requirements) and not view.gaps)
        self.milestones_model.set_records(view.milestones)
        done = view.readiness.milestones_done
        total = view.readiness.milestones_total
        self.milestones_label.setText(f"Milestone projects: {done} of {total} done" if total else "Milestone projects")
        self.milestones_hint.setVisible(not view.milestones)
        self.interviews_model.set_records(view.interviews)
        self.interviews_hint.setText(self._no_interviews_text(view.role))
        self.interviews_hint.setVisible(not view.interviews)
        for table in (self.gaps_view, self.milestones_view, self.interviews_view):
            fit_columns(table)
        self.gaps_view.resizeRowsToContents()

    @staticmethod
    def _no_interviews_text(role: r.Role) -> str:
        where = f"people at {role.organization}" if role.organization else f"notes naming {role.title}"
        return (f"No informational interviews with {where} yet. Log one in Community "
                "with the kind Informational interview.")

    def _update_buttons(self) -> None:
        writable = self.journal_writable()
        has_role = writable and self._shown_role is not None
        self.add_role_button.setEnabled(writable)
        self.edit_role_button.setEnabled(has_role)
        self.delete_role_button.setEnabled(has_role)
        self.add_requirement_button.setEnabled(has_role)
        self.remove_requirement_button.setEnabled(has_role and self.requirements_view.currentIndex().isValid())
        self.requirements_view.setEditTriggers(EDIT_TRIGGERS if writable else QAbstractItemView.EditTrigger.NoEditTriggers)

    def _on_requirements_current_changed(self, *_args) -> None:
        self._last_table = self.requirements_view
        self._update_buttons()

    def _show_elsewhere(self, collection: str, record_id: str) -> None:
        """Jump to the tab that shows the record (the main window knows which)."""
        window = self.window()
        if hasattr(window, "show_record"):
            window.show_record(collection, record_id)

    # --- editing roles -------------------------------------------------------------------------

    def add_role(self) -> None:
        self.add_record("roles")

    def edit_role(self, line: RoleLine | None) -> None:
        self.edit_record("roles", line.role if line else None)

    def delete_role(self, line: RoleLine | None) -> None:
        if line is not None:
            self.delete_record("roles", line.id, f"target role {line.role.title}")

    # --- editing requirements ------------------------------------------------------------------

    def _show_requirement_problem(self, message: str) -> None:
        self.requirements_error.setText(message)
        self.requirements_error.show()

    def _save_requirements(self, requirements: tuple[r.Requirement, ...], text: str) -> bool:
        """Save the shown role with these requirements; a refusal is shown and the table reloaded."""
        if self._shown_role is None:
            return False
        try:
            self.session.save(dataclasses.replace(self._shown_role, requirements=requirements), text=text)
        except MasteryDeskError as error:
            self.refresh()
            self._show_requirement_problem(str(error))
            return False
        return True

    def add_requirement(self) -> None:
        """A new requirement (the first skill the role does not require yet, at Applied), its skill open to pick."""
        if self._shown_role is None:
            return
        required = {q.skill_id for q in self._shown_role.requirements}
        free = [skill_id for skill_id in self._skill_names if skill_id not in required]
        if not free:
            self._show_requirement_problem(
                "Skill: every skill is already required by this role." if required
                else "Skill: add a skill in the Skill Map first; a requirement names a skill.")
            return
        added = r.Requirement(free[0], r.Tier.APPLIED, 1.0)
        if self._save_requirements((*self._shown_role.requirements, added), "Add requirement"):
            index = self.requirements_model.index(self.requirements_model.rowCount() - 1, 0)
            self.requirements_view.setCurrentIndex(index)
            self.requirements_view.edit(index)

    def remove_requirement(self) -> None:
        index = self.requirements_view.currentIndex()
        if self._shown_role is None or not index.isValid():
            return
        requirements = self.requirements_model.requirements()
        self._save_requirements(requirements[:index.row()] + requirements[index.row() + 1:], "Remove requirement")

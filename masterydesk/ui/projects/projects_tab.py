"""The Projects tab: projects with status, dates and role; each project's applications edited in place."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget

from masterydesk.domain import records as r
from masterydesk.services.editing import read_records
from masterydesk.services.views import ApplicationLine, ProjectLine, application_project, project_applications, project_lines
from masterydesk.ui.dialogs.record_dialog import enum_label
from masterydesk.ui.widgets.kept_splitters import KeepsSplitters
from masterydesk.ui.widgets.labels import hint_label, plain_label, section_label
from masterydesk.ui.widgets.panes import button_row, pane, record_buttons, splitter
from masterydesk.ui.widgets.record_model import Column
from masterydesk.ui.widgets.record_table import RecordTable
from masterydesk.ui.widgets.tab_parts import MasterDetailTab, arrange, connect_record_actions, show_records

PROJECT_COLUMNS = (
    Column("Name", lambda x: x.project.name),
    Column("Status", lambda x: x.project.status),
    Column("Role", lambda x: x.project.role),
    Column("Started", lambda x: x.project.started_on),
    Column("Ended", lambda x: x.project.ended_on),
    Column("Applications", lambda x: x.applications, align_right=True),
)
APPLICATION_COLUMNS = (
    Column("Skill", lambda x: x.skill_name),
    Column("Date", lambda x: x.application.date),
    Column("Novel context", lambda x: x.application.novel_context),
    Column("Quality", lambda x: x.application.quality, align_right=True),
    Column("Reviewer", lambda x: x.reviewer_name),
    Column("Notes", lambda x: x.application.notes.split("\n", 1)[0]),
)
NO_PROJECTS = "No projects yet. Press Add project to log the first one."
PICK_A_PROJECT = "Select a project to see its details and the skills applied in it."
NO_APPLICATIONS = "No applications logged in this project yet. Press Add application when you use a skill in it."


def _dates(project: r.Project) -> str:
    start = project.started_on.isoformat() if project.started_on else "not started"
    end = project.ended_on.isoformat() if project.ended_on else "ongoing"
    return f"{start} → {end}"


def _review_comment(review: str) -> str:
    """The reviewer's comment in a signed answer (already checked), or ''."""
    try:
        comment = json.loads(review).get("comment", "")
    except (ValueError, AttributeError):
        return ""
    return comment.strip() if isinstance(comment, str) else ""


class ProjectDetails(QWidget):
    """The selected project's status, role, dates, description and outcome, as plain text."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.heading = plain_label()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.hint = hint_label()
        self.status = plain_label()
        self.role = plain_label()
        self.dates = plain_label()
        self.description = plain_label()
        self.outcome = plain_label()
        self.form = QFormLayout()
        for text, label in (("Status", self.status), ("Your role", self.role), ("Dates", self.dates),
                            ("Description", self.description), ("Outcome", self.outcome)):
            self.form.addRow(text, label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addLayout(self.form)
        layout.addStretch(1)

    def show_project(self, project: r.Project | None, hint: str) -> None:
        """Show a project, or the hint when there is none."""
        self.heading.setText(project.name if project else "")
        self.heading.setVisible(project is not None)
        self.hint.setText(hint)
        self.hint.setVisible(project is None)
        for row in range(self.form.rowCount()):
            self.form.setRowVisible(row, project is not None)
        if project is None:
            return
        self.status.setText(enum_label(project.status))
        self.role.setText(project.role or "—")
        self.dates.setText(_dates(project))
        self.description.setText(project.description or "—")
        self.outcome.setText(project.outcome or "—")


class ProjectsTab(MasterDetailTab, KeepsSplitters, QWidget):
    """Projects above; the selected project's details and its applications below."""

    AFFECTED_BY = ("projects", "applications", "skills", "contacts")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.projects = self.master = RecordTable(PROJECT_COLUMNS, "Filter projects…")
        arrange(self.projects, 3, Qt.SortOrder.DescendingOrder, stretch_column=0)
        self.add_project_button, self.edit_project_button, self.delete_project_button = record_buttons("project")
        self.details = ProjectDetails()
        self.applications_heading = section_label("Applications")
        self.applications = RecordTable(APPLICATION_COLUMNS, "Filter applications…")
        arrange(self.applications, 1, Qt.SortOrder.DescendingOrder)
        self.applications_hint = hint_label(NO_APPLICATIONS)
        self.add_application_button, self.edit_application_button, self.delete_application_button = (
            record_buttons("application"))
        self.request_review_button = QPushButton("Request review…")
        self.request_review_button.setToolTip(
            "A signed request for a peer to review this application: the skill, date, project and your notes on it")
        self.review_label = plain_label()  # the selected application's signed review, verified or not
        self.review_label.setAccessibleName("Review")
        self.review_label.hide()
        self._build_layout()
        self._connect()
        self.setEnabled(False)

    def _build_layout(self) -> None:
        top = pane(button_row(self.add_project_button, self.edit_project_button, self.delete_project_button),
                   self.projects)
        applications = pane(
            self.applications_heading,
            button_row(self.add_application_button, self.edit_application_button, self.delete_application_button,
                       self.request_review_button),
            self.applications_hint,
            self.applications,
            self.review_label,
        )
        details = QScrollArea()  # a long description scrolls instead of pushing the window taller
        details.setWidgetResizable(True)
        details.setFrameShape(QScrollArea.Shape.NoFrame)
        details.setWidget(self.details)
        self.bottom_splitter = splitter(Qt.Orientation.Horizontal, (details, applications), (360, 640))
        self.splitter = splitter(Qt.Orientation.Vertical, (top, self.bottom_splitter), (400, 400))
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

    def _connect(self) -> None:
        self._connect_master((self.add_project_button, self.edit_project_button, self.delete_project_button),
                             self.add_project, self.edit_project, self.delete_project)
        connect_record_actions(
            self.applications,
            (self.add_application_button, self.edit_application_button, self.delete_application_button),
            self.add_application, self.edit_application, self.delete_application,
        )
        self.applications.sig_current_changed.connect(self._on_applications_current_changed)
        self.request_review_button.clicked.connect(lambda: self.request_review(self.applications.current_record()))

    # --- the main window's calls ---------------------------------------------------------------

    def select_record(self, collection: str, record_id: str) -> None:
        """Select a project, or an application within its project."""
        project_id = record_id if collection == "projects" else application_project(self.session.journal, record_id)
        if project_id is None:
            return
        self.projects.reveal_id(project_id)
        if collection == "applications":
            self.applications.filter_field.clear()
            self.applications.select_id(record_id)
            self.applications.view.setFocus()

    def delete_selected(self) -> None:
        """Delete the selected application when its list was used last, else the selected project."""
        if self._last_table is self.applications and self.applications.current_record() is not None:
            self.delete_application(self.applications.current_record())
        else:
            self.delete_project(self.projects.current_record())

    def kept_splitters(self) -> dict[str, QSplitter]:
        return {"projects/splitter": self.splitter, "projects/bottom_splitter": self.bottom_splitter}

    # --- showing -------------------------------------------------------------------------------

    def master_lines(self) -> list[ProjectLine]:
        return project_lines(self.session.journal)

    def show_details(self, line: ProjectLine | None) -> None:
        """The project's details and its applications."""
        hint = PICK_A_PROJECT if self.projects.model.rowCount() else NO_PROJECTS
        self.details.show_project(line.project if line else None, hint)
        lines = project_applications(self.session.journal, line.id) if line and self.session else []
        show_records(self.applications, lines)
        self.applications_heading.setText(f"Applications in {line.project.name}" if line else "Applications")
        self.applications_hint.setVisible(line is not None and not lines)
        self._update_buttons()
        self._show_review(self.applications.current_record())

    def _update_buttons(self) -> None:
        writable = self.journal_writable()
        has_project = self.projects.current_record() is not None
        has_application = self.applications.current_record() is not None
        self.add_project_button.setEnabled(writable)
        self.edit_project_button.setEnabled(writable and has_project)
        self.delete_project_button.setEnabled(writable and has_project)
        self.add_application_button.setEnabled(writable and has_project)
        self.edit_application_button.setEnabled(writable and has_application)
        self.delete_application_button.setEnabled(writable and has_application)
        self.request_review_button.setEnabled(self.session is not None and has_application)

    def _show_review(self, line: ApplicationLine | None) -> None:
        """'Verified review by Priya: 4/5' and the comment, or what does not hold; hidden without a signed review."""
        review = line.application.review if line is not None and self.session is not None else ""
        self.review_label.setVisible(bool(review))
        if not review:
            self.review_label.clear()
            return
        from masterydesk.trust.reviews import verified_review  # libsodium loads only for a signed review

        application = line.application
        ids = [application.reviewer_id] if application.reviewer_id else []
        reviewers = read_records(self.session.journal, "contacts", ids).contacts if ids else ()
        text = verified_review(application, reviewers[0] if reviewers else None)
        comment = _review_comment(review) if text.startswith("Verified") else ""
        self.review_label.setText(f"{text}\n“{comment}”" if comment else text)

    def _on_applications_current_changed(self, line: ApplicationLine | None) -> None:
        self._last_table = self.applications
        self._update_buttons()
        self._show_review(line)

    # --- editing -------------------------------------------------------------------------------

    def add_project(self) -> None:
        self.add_record("projects", started_on=dt.date.today())

    def edit_project(self, line: ProjectLine | None) -> None:
        self.edit_record("projects", line.project if line else None)

    def delete_project(self, line: ProjectLine | None) -> None:
        if line is not None:
            self.delete_record("projects", line.id, f"project “{line.project.name}”")

    def add_application(self) -> None:
        line = self.projects.current_record()
        if line is not None:
            self.add_record("applications", self.applications.select_id, project_id=line.id)

    def edit_application(self, line: ApplicationLine | None) -> None:
        self.edit_record("applications", line.application if line else None)

    def request_review(self, line: ApplicationLine | None) -> None:
        """Write a signed request for a peer to review the application (the window's trust commands)."""
        if line is not None:
            self.window().trust_wiring.request_review(line.id)

    def delete_application(self, line: ApplicationLine | None) -> None:
        if line is not None:
            self.delete_record("applications", line.id, f"application of {line.skill_name} on {line.application.date}")

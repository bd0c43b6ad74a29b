"""The assessment that starts a new journal: a target role, the skills already held, a first mentor."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from masterydesk.domain import records as r
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.ids import new_id
from masterydesk.services.changes import Changes
from masterydesk.services.editing import save_records
from masterydesk.services.resources import resource_path
from masterydesk.services.templates import (
    RoleTemplate,
    TemplateError,
    list_templates,
    skill_ids,
    template_records,
)
from masterydesk.ui.icons import app_icon, icon
from masterydesk.ui.widgets.labels import StatusLabel, plain_label
from masterydesk.ui.widgets.pickers import date_edit, to_qdate

if TYPE_CHECKING:  # the journal type only; opening one goes through services.journals
    from masterydesk.store.database import Journal

    JournalToFill = Callable[[], Journal | None]

ROLE_PAGE, SKILLS_PAGE, PERSON_PAGE = range(3)
RELATIONSHIPS = (
    ("Mentor", r.Relationship.MENTOR),
    ("Peer", r.Relationship.PEER),
    ("Coach", r.Relationship.COACH),
    ("Accountability partner", r.Relationship.ACCOUNTABILITY_PARTNER),
)


class AssessmentWizard(QWizard):
    """Three short pages; Finish writes everything in one transaction.

    journal_to_fill is called only on Finish: it opens (or makes) the journal the answers go
    into, or answers None once it has said why not. So a cancelled assessment leaves no file.
    """

    def __init__(self, journal_to_fill: JournalToFill, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.journal_to_fill = journal_to_fill
        self.today = today or dt.date.today()
        self.changes: Changes | None = None
        self.setWindowTitle("Start your journal")
        self.setWindowIcon(app_icon())
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, app_icon().pixmap(48, 48))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.role_page = RolePage()
        self.skills_page = SkillsPage(self.today)
        self.person_page = PersonPage()
        self.setPage(ROLE_PAGE, self.role_page)
        self.setPage(SKILLS_PAGE, self.skills_page)
        self.setPage(PERSON_PAGE, self.person_page)
        self.resize(720, 620)

    @classmethod
    def ask(cls, parent: QWidget | None, journal_to_fill: JournalToFill) -> bool:
        """Run the assessment; True when the user finished it and the answers were saved."""
        return cls(journal_to_fill, parent).exec() == QDialog.DialogCode.Accepted

    def records(self) -> tuple:
        """What the answers make: the template's skills and role, and the first contact."""
        template = self.role_page.template()
        ids = skill_ids(template) if template else {}
        made = template_records(template, self.skills_page.held(), self.today, ids) if template else ()
        person = self.person_page.contact(ids)
        return (*made, person) if person else made

    def accept(self) -> None:
        """Save the answers, or say on the last page why they could not be saved."""
        records = self.records()
        journal = self.journal_to_fill()
        if journal is None:  # refused: the opener has said why
            self.person_page.show_error("Nothing was saved: the journal could not be opened.")
            return
        try:
            self.changes = save_records(journal, *records) if records else Changes()
        except MasteryDeskError as error:
            self.person_page.show_error(f"Nothing was saved: {error}")
            return
        super().accept()


class RolePage(QWizardPage):
    """Choose a built-in role template, or start blank."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Where are you heading?")
        self.setSubTitle(
            "Pick the role you are working towards. Its skills, how they build on each other and "
            "the tier each one needs become your skill map; you can change all of it later."
        )
        self.templates, problem = _load_templates()
        self.choices = QListWidget()
        self.choices.setAccessibleName("Target role")
        blank = QListWidgetItem(icon("add"), "Start blank, without a target role")
        self.choices.addItem(blank)
        for template in self.templates:
            item = QListWidgetItem(icon("role"), template.label)
            item.setData(Qt.ItemDataRole.UserRole, template.key)
            self.choices.addItem(item)
        self.choices.itemSelectionChanged.connect(self._on_choices_selection_changed)
        self.choices.itemSelectionChanged.connect(self.completeChanged)
        self.summary = plain_label(problem)
        label = QLabel("&Target role:")
        label.setBuddy(self.choices)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.choices, 1)
        layout.addWidget(self.summary)

    def template(self) -> RoleTemplate | None:
        """The chosen template; None for a blank start or no choice yet."""
        row = self._chosen_row()
        return self.templates[row - 1] if row >= 1 else None

    def _chosen_row(self) -> int:
        # The selection, not the current row: focus alone makes the first row current.
        selected = self.choices.selectedIndexes()
        return selected[0].row() if selected else -1

    def choose(self, key: str | None) -> None:
        """Select a template by key (None for blank), as a click on it would."""
        keys = [None] + [template.key for template in self.templates]
        self.choices.setCurrentRow(keys.index(key))

    def isComplete(self) -> bool:
        return self._chosen_row() >= 0

    def nextId(self) -> int:
        return SKILLS_PAGE if self.template() else PERSON_PAGE

    def _on_choices_selection_changed(self) -> None:
        template = self.template()
        if template is None:
            self.summary.setText("An empty journal: add skills and roles yourself on the Skill Map and Career tabs.")
            return
        counts = Counter(skill.category for skill in template.skills)
        mix = ", ".join(f"{counts[category]} {category.value}" for category in r.Category)
        self.summary.setText(f"{template.summary}\n\n{len(template.skills)} skills: {mix}.")


def _load_templates() -> tuple[list[RoleTemplate], str]:
    """All templates; if one the user added is broken, the built-in ones and why."""
    try:
        return list_templates(), ""
    except TemplateError as error:
        return list_templates([resource_path("templates")]), str(error)


@dataclass
class SkillRow:
    """One skill of the template: ticked when already started, with the date learning started."""

    key: str
    checkbox: QCheckBox
    started: QDateEdit


class SkillsPage(QWizardPage):
    """Tick the template's skills already started, each with the date learning began."""

    def __init__(self, today: dt.date) -> None:
        super().__init__()
        self.today = today
        self.setTitle("Which of these have you started?")
        self.setSubTitle(
            "Tick the skills you are already learning or using, and say when you started. "
            "The others wait on your skill map until you begin."
        )
        self.rows: dict[str, SkillRow] = {}
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll)

    def initializePage(self) -> None:
        """Lay out the skills of the template chosen on the previous page."""
        template = self.wizard().role_page.template()
        self.rows = {}
        grid = QGridLayout()
        grid.setColumnStretch(0, 1)
        line = 0
        for category in r.Category:
            heading = QLabel(category.value.capitalize())
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            grid.addWidget(heading, line, 0)
            if line == 0:
                grid.addWidget(QLabel("Started learning on"), line, 1)
            line += 1
            for skill in (s for s in template.skills if s.category is category):
                row = self._row(skill.key, skill.name, skill.description)
                grid.addWidget(row.checkbox, line, 0, Qt.AlignmentFlag.AlignLeft)
                grid.addWidget(row.started, line, 1)
                line += 1
        grid.setRowStretch(line, 1)
        holder = QWidget()
        holder.setLayout(grid)
        self.scroll.setWidget(holder)

    def _row(self, key: str, name: str, description: str) -> SkillRow:
        checkbox = QCheckBox(name)
        checkbox.setToolTip(description)
        started = date_edit(self.today)
        started.setDateRange(to_qdate(r.FIRST_DAY), to_qdate(self.today))
        started.setEnabled(False)
        started.setAccessibleName(f"Started learning {name}")
        checkbox.toggled.connect(started.setEnabled)
        self.rows[key] = SkillRow(key, checkbox, started)
        return self.rows[key]

    def held(self) -> dict[str, dt.date]:
        """The ticked skills with the date learning started."""
        return {
            key: row.started.date().toPython()
            for key, row in self.rows.items()
            if row.checkbox.isChecked()
        }


class PersonPage(QWizardPage):
    """The first mentor or peer, and the skills they support; may be left empty."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Who helps you grow?")
        self.setSubTitle(
            "Add a mentor or a peer who supports you. Skills backed by two or more people are the "
            "resilient ones. You can leave this empty."
        )
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.name.setPlaceholderText("For example: Priya Raman")
        self.relationship = QComboBox()
        for text, relationship in RELATIONSHIPS:
            self.relationship.addItem(text, relationship)
        self.organization = QLineEdit()
        self.organization.setMaxLength(200)
        self.supported = QListWidget()
        self.supported.setAccessibleName("Skills they support")
        self.error = StatusLabel("error")
        form = QFormLayout(self)
        form.addRow("&Name:", self.name)
        form.addRow("&Relationship:", self.relationship)
        form.addRow("&Organization:", self.organization)
        form.addRow("&Skills they support:", self.supported)
        form.addRow(self.error)

    def initializePage(self) -> None:
        """Offer the chosen template's skills to link the person to."""
        template = self.wizard().role_page.template()
        self.supported.clear()
        for skill in template.skills if template else ():
            item = QListWidgetItem(skill.name)
            item.setData(Qt.ItemDataRole.UserRole, skill.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.supported.addItem(item)
        self.supported.setEnabled(template is not None)

    def contact(self, ids: Mapping[str, str]) -> r.Contact | None:
        """The person typed in, linked to the ticked skills; None when no name was typed."""
        name = self.name.text().strip()
        if not name:
            return None
        items = (self.supported.item(n) for n in range(self.supported.count()))
        keys = [item.data(Qt.ItemDataRole.UserRole) for item in items if item.checkState() == Qt.CheckState.Checked]
        return r.Contact(
            id=new_id("contacts"),
            name=name,
            relationship=self.relationship.currentData(),
            organization=self.organization.text().strip(),
            skill_ids=tuple(ids[key] for key in keys),
        )

    def show_error(self, message: str) -> None:
        self.error.setText(message)

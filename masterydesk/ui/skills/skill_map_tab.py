"""The Skill Map tab: the map (or a table) of skills, and the selected skill's card."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from masterydesk.domain.records import Category, Tier
from masterydesk.services.browse import SkillCard, SkillMap, SkillOverview, skill_map
from masterydesk.services.figures import minutes_text
from masterydesk.ui.dialogs.record_dialog import enum_label
from masterydesk.ui.forms import open_record_dialog
from masterydesk.ui.skills.skill_graph import SkillMapScene, SkillMapView
from masterydesk.ui.widgets.kept_splitters import KeepsSplitters
from masterydesk.ui.widgets.refresh_when_shown import RefreshWhenShown
from masterydesk.ui.widgets.labels import plain_label, section_label
from masterydesk.ui.widgets.panes import button_row
from masterydesk.ui.widgets.record_model import Column
from masterydesk.ui.widgets.record_table import RecordTable

HEADING_GAP = 6  # above each heading of the card
CARD_MIN_WIDTH = 230  # the card's headings and numbers stay readable beside the map

COLUMNS = (
    Column("Skill", lambda o: o.skill.name),
    Column("Category", lambda o: o.skill.category),
    Column("Tier", lambda o: o.metrics.tier.ordinal, text=lambda o: o.metrics.tier.label),
    Column("Applications", lambda o: o.metrics.applications, align_right=True),
    Column("Per week (12 wk)", lambda o: round(o.recent_per_week, 2), align_right=True),
    Column("Teaching", lambda o: o.metrics.teaching_events, align_right=True),
    Column("Mean rating", lambda o: o.metrics.teaching_mean_rating, align_right=True),
    Column("Days to first use", lambda o: o.metrics.first_application_latency_days, align_right=True),
    Column("Supporters", lambda o: o.supporters, align_right=True),
    Column("Learning started", lambda o: o.skill.learned_on),
    Column("Archived", lambda o: o.skill.archived),
)


def card_lines(card: SkillCard) -> list[tuple[str, str]]:
    """The card as (heading, text) pairs, in plain words."""
    metrics = card.metrics
    return [
        ("Tier", _tier_text(metrics)),
        _towards_next_tier(card),
        ("Practice", _practice_text(card)),
        ("Application frequency",
         f"{card.recent_per_week:.2f} per week over the last 12 weeks; {card.applications} applications in all"),
        ("Application strength", _strength_text(metrics)),
        ("Teaching", _teaching_text(card)),
        ("Learn → apply", _latency_text(card)),
        _supporters_line(card),
        ("Builds on", ", ".join(card.prerequisites) or "no prerequisites"),
    ]


def _tier_text(metrics) -> str:
    """'Applied, reached on 2026-03-02 (41 days after starting)', or 'Not started'."""
    tier = metrics.tier
    if tier is Tier.NONE:
        return "Not started: log practice, an application or teaching, or set when learning started"
    if tier is Tier.FOUNDATION:
        return f"Foundation, started on {metrics.started_on.isoformat()}"
    took = []
    if metrics.days_to_applied is not None:
        took.append(f"Applied {_days(metrics.days_to_applied)} after starting")
    if metrics.days_to_mastery is not None:
        took.append(f"Mastery {_days(metrics.days_to_mastery)} after Applied")
    reached = metrics.mastery_on if tier is Tier.MASTERY else metrics.applied_on
    return f"{tier.label}, reached on {reached.isoformat()}" + (f" ({'; '.join(took)})" if took else "")


def _days(days: int) -> str:
    return "the same day" if days == 0 else f"{days} day{'' if days == 1 else 's'}"


def _towards_next_tier(card: SkillCard) -> tuple[str, str]:
    following = card.metrics.tier.following
    if following is None:
        return ("Towards the next tier", "Mastery reached: keep teaching and applying it.")
    return (f"Towards {following.label}", "\n".join(str(m) for m in card.milestones))


def _practice_text(card: SkillCard) -> str:
    if not card.practice_entries:
        return "no journal entry names it yet"
    entries = f"{card.practice_entries} entr{'y' if card.practice_entries == 1 else 'ies'}"
    return f"{minutes_text(card.practice_minutes)} over {entries}"


def _strength_text(metrics) -> str:
    if metrics.last_applied_on is None:
        return "not applied yet"
    risk = " — at risk: apply it again soon" if metrics.at_risk else ""
    return f"{metrics.application_strength:.2f}, last applied on {metrics.last_applied_on.isoformat()}{risk}"


def _teaching_text(card: SkillCard) -> str:
    events = f"{card.teaching_events} teaching event{'' if card.teaching_events == 1 else 's'}"
    rating = card.metrics.teaching_mean_rating
    return events + (f", mean rating {rating:.1f}" if rating is not None else "")


def _latency_text(card: SkillCard) -> str:
    latency = card.metrics.first_application_latency_days
    if latency is not None:
        return f"first applied {latency} days after learning started"
    if card.skill.learned_on is not None:
        return f"not applied since learning started on {card.skill.learned_on.isoformat()}"
    return "set the date learning started to see it"


def _supporters_line(card: SkillCard) -> tuple[str, str]:
    if not card.supporters:
        return ("Supported by", "no one yet: link a mentor or peer in Community")
    single = " (a single point of failure: find a second supporter)" if len(card.supporters) == 1 else ""
    return ("Supported by", ", ".join(card.supporters) + single)


class SkillCardPanel(QWidget):
    """The selected skill: tier with its evidence, what the next tier needs, and the people."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = section_label(scale=1.25)
        self.category = plain_label()
        self.body = QVBoxLayout()
        self.log_application = QPushButton("Log application…")
        self.log_teaching = QPushButton("Log teaching…")
        self.export_credential = QPushButton("Export credential…")
        buttons = button_row(self.log_application, self.log_teaching, self.export_credential)  # wraps when narrow
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.category)
        layout.addLayout(self.body)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.show_card(None)

    def show_card(self, card: SkillCard | None) -> None:
        while self.body.count():
            item = self.body.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.card = card
        self.log_application.setEnabled(card is not None)
        self.log_teaching.setEnabled(card is not None)
        self._offer_credential(card)
        if card is None:
            self.title.setText("No skill selected")
            self.category.setText("Click a skill on the map or in the table to see its card.")
            return
        self.title.setText(card.skill.name)
        self.category.setText(enum_label(card.skill.category) + (" · archived" if card.skill.archived else ""))
        for heading, text in card_lines(card):
            # A bold font and the layout's spacing: a style sheet's margin indented the heading 4 px.
            self.body.addSpacing(HEADING_GAP)
            self.body.addWidget(section_label(heading))
            self.body.addWidget(plain_label(text))

    def _offer_credential(self, card: SkillCard | None) -> None:
        """Export credential… for a skill at Applied or Mastery; below, the tooltip says why not."""
        tier = card.metrics.tier if card is not None else None
        can = tier in (Tier.APPLIED, Tier.MASTERY)
        self.export_credential.setEnabled(can)
        if can:
            tip = "An Open Badges 3.0 credential for this skill, signed with your journal's key: anyone can verify it."
        elif card is None:
            tip = "Select a skill at Applied or Mastery to export a credential for it."
        else:
            tip = f"A credential vouches for a skill at Applied or Mastery; this one is {tier.label}."
        self.export_credential.setToolTip(tip)

    def text(self) -> str:
        """Everything the card says, for tests and accessibility."""
        if self.card is None:
            return self.title.text()
        return "\n".join([self.card.skill.name] + [f"{h}: {t}" for h, t in card_lines(self.card)])


class SkillMapTab(RefreshWhenShown, KeepsSplitters, QWidget):
    """Skills on a zoomable map laid out by prerequisites (or in a table), with the card beside."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.session = None
        self.today = dt.date.today()
        self.overview: tuple[SkillOverview, ...] = ()
        self.skill_map: SkillMap | None = None
        self.selected_id: str | None = None
        self.scene = SkillMapScene(self)
        self.map_view = SkillMapView(self.scene)
        self.table = RecordTable(COLUMNS, "Filter skills…")
        self.views = QTabWidget()
        self.views.addTab(self.map_view, "Map")
        self.views.addTab(self.table, "Table")
        self.card = SkillCardPanel()
        card_scroll = QScrollArea()
        card_scroll.setWidgetResizable(True)
        card_scroll.setWidget(self.card)
        card_scroll.setMinimumWidth(CARD_MIN_WIDTH)
        self.category_filter = QComboBox()
        self.category_filter.setAccessibleName("Show category")
        self.category_filter.addItem("All categories", None)
        for category in Category:
            self.category_filter.addItem(enum_label(category), category)
        self.show_archived = QCheckBox("Show archived")
        self.add_button = QPushButton("Add skill…")
        self.edit_button = QPushButton("Edit…")
        self.archive_button = QPushButton("Archive")
        self.delete_button = QPushButton("Delete")
        self.zoom_in_button = self._tool_button("+", "Zoom in", lambda: self.map_view.zoom(1.25))
        self.zoom_out_button = self._tool_button("−", "Zoom out", lambda: self.map_view.zoom(0.8))
        self.fit_button = self._tool_button("Fit", "Zoom to fit the whole map", self.map_view.zoom_to_fit)
        self.legend = plain_label(
            "Fill shows the tier: white with a dashed border not started, grey Foundation, yellow Applied, "
            "green Mastery. "
            "Border shows the category: blue technical, purple social, orange strategic. "
            "Arrows point from a prerequisite to the skill that builds on it."
        )
        map_page = QWidget()
        map_layout = QVBoxLayout(map_page)
        map_layout.setContentsMargins(0, 0, 0, 0)
        map_layout.addWidget(self.views, 1)
        map_layout.addWidget(self.legend)
        self.splitter = QSplitter()
        self.splitter.addWidget(map_page)
        self.splitter.addWidget(card_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self._build_layout()
        self._connect()
        self.setEnabled(False)

    def _tool_button(self, text: str, name: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(name)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    def _build_layout(self) -> None:
        # What filters and zooms the map sits beside its Map and Table tabs: the row of buttons above
        # then needs only its own width (and wraps), so the tab fits beside the Today panel at 1024 px.
        corner = QWidget()
        corner_row = QHBoxLayout(corner)
        corner_row.setContentsMargins(0, 0, 0, 2)
        for widget in (self.category_filter, self.show_archived, self.zoom_out_button, self.zoom_in_button,
                       self.fit_button):
            corner_row.addWidget(widget)
        self.views.setCornerWidget(corner)
        layout = QVBoxLayout(self)
        layout.addLayout(button_row(self.add_button, self.edit_button, self.archive_button, self.delete_button))
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        self.scene.sig_skill_selected.connect(self._on_scene_skill_selected)
        self.table.sig_current_changed.connect(self._on_table_current_changed)
        self.table.sig_record_activated.connect(lambda _o: self._on_edit_clicked())
        self.table.sig_delete_requested.connect(lambda _o: self.delete_selected())
        self.category_filter.currentIndexChanged.connect(self._redraw)
        self.views.currentChanged.connect(self._on_views_current_changed)
        self.show_archived.toggled.connect(self._redraw)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.archive_button.clicked.connect(self._on_archive_clicked)
        self.delete_button.clicked.connect(self.delete_selected)
        self.card.log_application.clicked.connect(lambda: self._log("applications"))
        self.card.log_teaching.clicked.connect(lambda: self._log("teaching"))
        self.card.export_credential.clicked.connect(self._on_export_credential_clicked)

    def _on_views_current_changed(self, index: int) -> None:
        """The zoom buttons only while the map is shown."""
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            button.setVisible(self.views.widget(index) is self.map_view)

    # --- session -----------------------------------------------------------------------------

    def set_session(self, session) -> None:
        self.session = session
        self.setEnabled(session is not None)
        if session is not None:
            self.reload()
            self.map_view.zoom_to_fit()

    # Read every skill's evidence again (a tenth of a second on ten years) only when it is looked at.
    AFFECTED_BY = ("skills", "journal", "applications", "teaching", "contacts", "settings")  # entries start skills

    def refresh(self, changes=None) -> None:
        self.reload()

    def kept_splitters(self) -> dict[str, QSplitter]:
        return {"skills/splitter": self.splitter}

    def save_state(self, settings: QSettings) -> None:
        super().save_state(settings)
        settings.setValue("skills/view", self.views.currentIndex())

    def restore_state(self, settings: QSettings) -> None:
        super().restore_state(settings)
        self.views.setCurrentIndex(int(settings.value("skills/view", 0)))

    def reload(self) -> None:
        """Read the skills again and redraw, keeping the selection."""
        self.skill_map = skill_map(self.session.journal, self.today)
        self.overview = self.skill_map.overview
        self._redraw()

    def visible(self) -> list[SkillOverview]:
        category = self.category_filter.currentData()
        return [
            o for o in self.overview
            if (category is None or o.skill.category == category)
            and (self.show_archived.isChecked() or not o.skill.archived or o.skill.id == self.selected_id)
        ]

    def _redraw(self, *_args) -> None:
        shown = self.visible()
        self.scene.show_skills([
            (o.skill.id, o.skill.name, o.skill.category, o.skill.prerequisites, o.metrics.tier, o.skill.archived)
            for o in shown
        ])
        self.table.set_records(shown)
        self._select(self.selected_id if any(o.skill.id == self.selected_id for o in shown) else None)

    # --- selection ---------------------------------------------------------------------------

    def select_record(self, _collection: str, record_id: str) -> None:
        if not any(o.skill.id == record_id for o in self.visible()):
            self.category_filter.setCurrentIndex(0)
            self.show_archived.setChecked(True)
        self._select(record_id)
        node = self.scene.nodes.get(record_id)
        if node is not None:
            self.map_view.centerOn(node)

    def _select(self, skill_id: str | None) -> None:
        self.selected_id = skill_id
        self.scene.blockSignals(True)
        self.scene.select_skill(skill_id) if skill_id else self.scene.clearSelection()
        self.scene.blockSignals(False)
        if skill_id:
            self.table.select_id(skill_id)
        card = self.skill_map.card(skill_id) if skill_id else None
        self.card.show_card(card)
        for button in (self.edit_button, self.archive_button, self.delete_button):
            button.setEnabled(card is not None)
        if card is not None:
            self.archive_button.setText("Unarchive" if card.skill.archived else "Archive")

    def _on_scene_skill_selected(self, skill_id) -> None:
        if skill_id != self.selected_id:
            self._select(skill_id)

    def _on_table_current_changed(self, overview) -> None:
        if overview is not None and overview.skill.id != self.selected_id:
            self._select(overview.skill.id)

    def selected_skill(self):
        return next((o.skill for o in self.overview if o.skill.id == self.selected_id), None)

    # --- editing -----------------------------------------------------------------------------

    def _on_add_clicked(self) -> None:
        self.dialog = open_record_dialog(self, self.session, "skills")
        self.dialog.sig_record_saved.connect(lambda skill: self.select_record("skills", skill.id))

    def _on_edit_clicked(self) -> None:
        skill = self.selected_skill()
        if skill is not None:
            self.dialog = open_record_dialog(self, self.session, "skills", skill)

    def _on_archive_clicked(self) -> None:
        skill = self.selected_skill()
        if skill is not None:
            action = "Unarchive skill" if skill.archived else "Archive skill"
            self.session.save(dataclasses.replace(skill, archived=not skill.archived), text=action)

    def delete_selected(self) -> None:
        skill = self.selected_skill()
        if skill is not None:
            self.selected_id = None
            self.session.delete("skills", [skill.id], text=f"Delete skill {skill.name}")

    def _log(self, collection: str) -> None:
        skill = self.selected_skill()
        if skill is not None:
            self.dialog = open_record_dialog(self, self.session, collection, skill_id=skill.id)

    def _on_export_credential_clicked(self) -> None:
        skill = self.selected_skill()
        if skill is not None:
            self.window().trust_wiring.export_credential(skill.id)

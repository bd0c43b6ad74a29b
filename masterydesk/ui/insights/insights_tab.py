"""The Insights tab: seven charts for a window and a scope, headline figures, check-ins, the report.

Nothing heavy is imported with this module: the series and the charts load when the tab is first
shown, so the main window starts without them. The charts are painted with Qt, as the coaching
report's PDF is.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from importlib import import_module

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGroupBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from masterydesk.domain.records import COLLECTIONS, Category
from masterydesk.services.changes import Changes
from masterydesk.services.figures import day_text
from masterydesk.ui import background_reads
from masterydesk.ui.widgets.chart_canvas import ChartCanvas
from masterydesk.ui.widgets.labels import StatusLabel, hint_label, plain_label
from masterydesk.ui.widgets.refresh_when_shown import RefreshWhenShown
from masterydesk.ui.widgets.pickers import date_edit, from_qdate, to_qdate

WINDOWS = (("Last 4 weeks", "4 weeks"), ("Last quarter", "quarter"), ("Last year", "year"),
           ("All time", "all"), ("Custom dates", "custom"))
SCOPES = (("All skills", "all"), ("One category", "category"), ("One skill", "skill"), ("Skills a role needs", "role"))
CHARTS = (("frequency", "Application frequency"), ("teaching", "Teaching capacity"),
          ("calendar", "Practice"), ("latency", "Learn → apply"), ("tiers", "Tier progression"),
          ("readiness", "Role readiness"), ("community", "Community"))
CARDS = ("Practice time", "Applications per week", "Teaching events", "Tier promotions", "Skills at risk",
         "Median days to Applied", "Median days to Mastery", "Applied within 14 days of learning",
         "Audience reached", "Community ideas applied")
CARD_COLUMNS = 5
# Every change but a community's own fields alters something this tab shows.
AFFECTING = tuple(sorted((set(COLLECTIONS) | {"settings"}) - {"communities"}))
SNIPPET = 48
SHOW_OTHER_SETTING = "insights/show_other_skills"
READING = "Reading the journal…"


class HeadlineCard(QFrame):
    """One headline figure: its value large, its name and its change below."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("—")
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        self.value.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.caption = QLabel(label)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setWordWrap(True)  # the theme's text colour: #555 was 1.9 : 1 on the dark theme's cards
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addStretch()  # at the top: beside a card whose caption wraps, the figures stay in line

    def show_measure(self, measure) -> None:
        self.value.setText(measure.value_text())
        self.caption.setText(f"{self.label}\n{measure.change_text()} vs previous period")


class InsightsTab(RefreshWhenShown, QWidget):
    """Charts, headline figures, check-ins and the coaching report of one journal."""


    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.session = None
        self.journal = None
        self.data = None
        self.series = None
        self.charts: dict[str, ChartCanvas] = {}
        self._today = today
        self._built = False
        self._stale = True
        self._window_fitted = False
        self.checkin_dialog = None
        self.report_dialog = None
        self.settings = None  # given by restore_state: where "Show other skills" is remembered
        self._show_other = True
        self._layout = QVBoxLayout(self)

    # --- the API the main window uses --------------------------------------------------------

    def set_session(self, session) -> None:
        """The open journal's session (check-ins are saved through it, onto the undo stack), or None."""
        self.session = session
        self.set_journal(session.journal if session is not None else None)

    def set_journal(self, journal) -> None:
        """Show this journal (or nothing, for None); read when the tab is shown."""
        self.journal = journal
        self.data = None
        if self._built:
            self._forget_reads()  # no read of the journal before is shown (closing it waits for the read)
        self._stale = True
        self._window_fitted = False
        if self._built and self.isVisible():
            self.reload()

    AFFECTED_BY = AFFECTING

    def refresh(self, changes: Changes | None = None) -> None:
        """Read the journal again: now if the tab is shown, else when it next is (the page protocol)."""
        self._stale = True
        if self._built and self.isVisible():
            self.reload()

    def closeEvent(self, event) -> None:
        if self._built:  # shown on its own (tests, tools): no read outlives it
            self._forget_reads()
            background_reads.finish()
        super().closeEvent(event)

    def showEvent(self, event) -> None:
        if not self._built:
            self._build()
        super().showEvent(event)  # the protocol: what changed while hidden is read now
        if self._stale:
            self.reload()

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def restore_state(self, settings) -> None:
        """Whether the frequency chart shows the other skills' band, as the user left it."""
        self.settings = settings
        self._show_other = settings.value(SHOW_OTHER_SETTING, True, type=bool)
        if self._built:
            self.show_other_box.setChecked(self._show_other)

    # --- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self._built = True
        self.reads = background_reads.NewestRead(self, self._on_insights_read, self._on_insights_failed)
        # The series of the window and scope picked: 0.1-0.3 s on ten years, computed on the worker too.
        self.series_reads = background_reads.NewestRead(self, self._on_series_computed, self._on_insights_failed)
        self.pages = QStackedWidget()
        self.no_journal = QLabel("Open a journal to see its insights.")
        self.no_journal.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(self.no_journal)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_pickers())
        layout.addLayout(self._build_cards())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_chart_tabs())
        splitter.addWidget(self._build_checkins_panel())
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 260])
        layout.addWidget(splitter, 1)
        self.pages.addWidget(content)
        self._layout.addWidget(self.pages)

    def _build_pickers(self) -> QVBoxLayout:
        """The window and the scope in one row, narrow enough (a skill or category picked included) for
        the page to fit beside the Today panel in a 1024-pixel window (tests/ui/test_window_fits.py):
        a wider row squeezed the panel. Custom dates adds a row of their own under it."""
        row = QHBoxLayout()
        for widget in (QLabel("Window:"), self._build_window_choice(), self.window_dates):
            row.addWidget(widget)
        row.addSpacing(8)
        for widget in (QLabel("Scope:"), *self._build_scope_pickers()):
            row.addWidget(widget)
        row.setStretchFactor(self.scope_value, 1)  # where there is room, the picked name shows whole
        self.reading_label = hint_label(READING)
        self.reading_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the tab
        self.reading_label.hide()
        row.addWidget(self.reading_label)
        row.addStretch(1)
        pickers = QVBoxLayout()
        pickers.addLayout(row)
        pickers.addWidget(self._build_custom_dates())
        self._show_date_fields(False)
        return pickers

    def _build_window_choice(self) -> QComboBox:
        self.window_choice = QComboBox()
        self.window_choice.setAccessibleName("Window")
        for text, key in WINDOWS:
            self.window_choice.addItem(text, key)
        self.window_choice.setCurrentIndex(2)
        self.window_choice.currentIndexChanged.connect(self._on_window_choice_changed)
        self.window_dates = plain_label(wrap=False)  # a preset's dates; Custom dates edits them instead
        self.window_dates.setAccessibleName("Window dates")
        return self.window_choice

    def _build_scope_pickers(self) -> tuple[QComboBox, QComboBox]:
        self.scope_kind = QComboBox()
        self.scope_kind.setAccessibleName("Scope")
        for text, key in SCOPES:
            self.scope_kind.addItem(text, key)
        self.scope_kind.currentIndexChanged.connect(self._on_scope_kind_changed)
        self.scope_value = QComboBox()
        self.scope_value.setAccessibleName("Scope value")
        # As wide as 12 letters, whatever the names: a long one is cut short in the box, whole in its list.
        self.scope_value.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.scope_value.setMinimumContentsLength(12)
        self.scope_value.setMaximumWidth(self.scope_value.fontMetrics().averageCharWidth() * 32 + 40)  # 32 letters
        self.scope_value.hide()
        self.scope_value.currentIndexChanged.connect(self._on_scope_value_changed)
        return self.scope_kind, self.scope_value

    def _build_custom_dates(self) -> QWidget:
        """From and to, and what is wrong with them: shown for Custom dates only."""
        self.from_date = date_edit()
        self.to_date = date_edit()
        for edit, name in ((self.from_date, "From"), (self.to_date, "To")):
            edit.setAccessibleName(name)
            edit.dateChanged.connect(self._on_custom_date_changed)
        self.window_error = StatusLabel("error")
        self.custom_dates = QWidget()
        row = QHBoxLayout(self.custom_dates)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel("From"), self.from_date, QLabel("to"), self.to_date, self.window_error):
            row.addWidget(widget)
        row.addStretch(1)
        return self.custom_dates

    def _build_cards(self) -> QGridLayout:
        self.cards = {label: HeadlineCard(label) for label in CARDS}
        grid = QGridLayout()
        for index, card in enumerate(self.cards.values()):
            grid.addWidget(card, index // CARD_COLUMNS, index % CARD_COLUMNS)
        for column in range(CARD_COLUMNS):
            grid.setColumnStretch(column, 1)
        return grid

    def _build_chart_tabs(self) -> QWidget:
        self.chart_tabs = QTabWidget()
        self.chart_tabs.setDocumentMode(True)
        for name, title in CHARTS:
            canvas = ChartCanvas(name, waiting=READING)
            self.charts[name] = canvas
            self.chart_tabs.addTab(canvas, title)
        self.save_chart_button = QPushButton("Save chart…")
        self.save_chart_button.setToolTip("Save the chart shown as PNG, SVG or PDF (or right-click the chart)")
        self.save_chart_button.clicked.connect(lambda: self.chart_tabs.currentWidget().ask_save())
        self.show_other_box = QCheckBox("Show other skills")
        self.show_other_box.setToolTip("The skills beyond the busiest, as one light band above them")
        self.show_other_box.setChecked(self._show_other)
        self.show_other_box.toggled.connect(self._on_show_other_box_toggled)
        self.chart_tabs.currentChanged.connect(self._on_chart_tabs_current_changed)
        # Under the chart, not beside its tabs: there they took the room of two tabs, hidden behind
        # scroll arrows even at 1400 pixels.
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chart_tabs, 1)
        row = QHBoxLayout()
        row.addWidget(self.show_other_box)
        row.addStretch(1)
        row.addWidget(self.save_chart_button)
        layout.addLayout(row)
        return pane

    def _build_checkins_panel(self) -> QGroupBox:
        box = QGroupBox("Check-ins")
        self.checkin_list = QListWidget()
        self.checkin_list.setAccessibleName("Past check-ins")
        self.checkin_list.setWordWrap(True)
        self.checkin_list.setSpacing(3)
        self.checkin_list.itemActivated.connect(self._on_checkin_list_activated)
        self.start_checkin_button = QPushButton("Start check-in…")
        self.start_checkin_button.clicked.connect(self.start_checkin)
        self.report_button = QPushButton("Coaching report…")  # what the coach reads, beside the check-ins
        self.report_button.clicked.connect(self.open_report_dialog)
        layout = QVBoxLayout(box)
        layout.addWidget(self.start_checkin_button)
        layout.addWidget(self.report_button)
        layout.addWidget(self.checkin_list, 1)
        layout.addWidget(hint_label("Open a check-in to see the figures it was saved with."))
        box.setMinimumWidth(220)
        return box

    # --- reading and drawing -----------------------------------------------------------------

    def reload(self) -> None:
        """Read the journal again, on a thread of its own, and redraw when it is read."""
        self._stale = False
        if self.journal is None:
            self.data = None
            self._forget_reads()
            self.pages.setCurrentIndex(0)
            return
        self.pages.setCurrentIndex(1)
        self.reading_label.setText(READING)
        self.reading_label.show()
        self.reads.ask(read_insights, self.journal, self.today())

    def _forget_reads(self) -> None:
        self.reads.forget()
        self.series_reads.forget()

    def _on_insights_failed(self, sentence: str) -> None:
        self.reading_label.setText(sentence)
        for canvas in self.charts.values():
            canvas.waiting.setText(sentence)  # where no chart is drawn yet (at 1024 px the row has no room)

    def _on_insights_read(self, data) -> None:
        from masterydesk.ui.collector import freeze_survivors

        freeze_survivors()  # the series' and the charts' modules, loaded by the read
        self.reading_label.hide()
        self.data = data
        if not self._window_fitted:
            self._fit_window_to_journal()
        self._fill_scope_values()
        self._fill_checkins()
        self.start_checkin_button.setEnabled(not self.journal.read_only)
        self.recompute()

    def _fit_window_to_journal(self) -> None:
        """Open a journal on the last year, or on all of it while it is younger than a year."""
        from masterydesk.domain.windows import default_preset

        preset = default_preset(self.today(), self.data.earliest)
        self.window_choice.blockSignals(True)
        self.window_choice.setCurrentIndex(self.window_choice.findData(preset))
        self.window_choice.blockSignals(False)
        self._show_date_fields(False)
        self._window_fitted = True

    def current_window(self):
        """The window picked: a preset ending today, or the custom dates."""
        from masterydesk.domain.records import Window
        from masterydesk.domain.windows import preset_window

        key = self.window_choice.currentData()
        if key == "custom":
            return Window(from_qdate(self.from_date.date()), from_qdate(self.to_date.date()))
        return preset_window(key, self.today(), self.data.earliest if self.data else None)

    def current_scope(self):
        from masterydesk.services.insights import Scope

        kind = self.scope_kind.currentData()
        return Scope() if kind == "all" else Scope(kind, self.scope_value.currentData())

    def recompute(self) -> None:
        """Compute the series for the window and scope picked, and hand them to the charts."""
        if self.data is None:
            return
        from masterydesk.services.series import insights_series

        window = self.current_window()
        if window.start > window.end:
            self.window_error.setText("The window starts after it ends.")
            return
        self.window_error.setText("")
        self._show_window_dates(window)
        self.series_reads.ask(insights_series, self.data, window, self.current_scope())
        for card in self.cards.values():
            card.setEnabled(False)  # greyed: the figures of the window picked before, until these come

    def _on_series_computed(self, series) -> None:
        self.series = series
        measures = {m.label: m for m in self.series.headline}
        for card in self.cards.values():
            card.setEnabled(True)
        for label, card in self.cards.items():
            card.show_measure(measures[label])
        for name in self.charts:
            self._plot(name)

    def _plot(self, name: str) -> None:
        """Hand the chart its series (the frequency chart without the other skills' band, if so chosen)."""
        from masterydesk.reports.chart_plots import PLOTS

        series = getattr(self.series, name)
        if name == "frequency" and not self._show_other:
            series = series.without_other()
        self.charts[name].set_plot(partial(PLOTS[name], series))

    def _fill_scope_values(self) -> None:
        kind = self.scope_kind.currentData()
        current = self.scope_value.currentData()
        bundle = self.data.bundle
        if kind == "category":
            choices = [(c.value.title(), c.value) for c in Category]
        elif kind == "skill":
            choices = sorted(((s.name, s.id) for s in bundle.skills if not s.archived), key=lambda c: c[0].lower())
        elif kind == "role":
            choices = [(x.title, x.id) for x in bundle.roles]
        else:
            choices = []
        self.scope_value.blockSignals(True)
        self.scope_value.clear()
        for text, key in choices:
            self.scope_value.addItem(text, key)
        index = self.scope_value.findData(current)
        self.scope_value.setCurrentIndex(max(index, 0) if choices else -1)
        self.scope_value.blockSignals(False)
        self.scope_value.setVisible(kind != "all")

    def _fill_checkins(self) -> None:
        from masterydesk.services.checkins import past_checkins

        self.saved_checkins = past_checkins(self.journal)
        self.checkin_list.clear()
        for saved in self.saved_checkins:
            checkin = saved.checkin
            summary = checkin.working or checkin.adjust or "(no notes)"
            if len(summary) > SNIPPET:
                summary = summary[: SNIPPET - 1] + "…"
            mark = " · with figures" if saved.figures else ""
            item = QListWidgetItem(f"{day_text(checkin.date)}{mark}\n{summary}")
            item.setData(Qt.ItemDataRole.UserRole, checkin.id)
            self.checkin_list.addItem(item)

    # --- slots -------------------------------------------------------------------------------

    def _show_window_dates(self, window) -> None:
        """The dates always say the window drawn; a custom window starts from them."""
        self.window_dates.setText(f"{window.start.isoformat()} to {window.end.isoformat()}")
        for edit, day in ((self.from_date, window.start), (self.to_date, window.end)):
            edit.blockSignals(True)
            edit.setDate(to_qdate(day))
            edit.blockSignals(False)

    def _show_date_fields(self, custom: bool) -> None:
        """The date fields, in a row under the pickers, for Custom dates; else the preset's dates as words."""
        self.window_dates.setVisible(not custom)
        self.custom_dates.setVisible(custom)

    def _on_window_choice_changed(self, _index: int) -> None:
        self._show_date_fields(self.window_choice.currentData() == "custom")
        self.recompute()

    def _on_custom_date_changed(self, _date) -> None:
        if self.window_choice.currentData() == "custom":
            self.recompute()

    def _on_scope_kind_changed(self, _index: int) -> None:
        if self.data is not None:
            self._fill_scope_values()
        self.recompute()

    def _on_scope_value_changed(self, _index: int) -> None:
        self.recompute()

    def _on_show_other_box_toggled(self, shown: bool) -> None:
        self._show_other = shown
        if self.settings is not None:
            self.settings.setValue(SHOW_OTHER_SETTING, shown)
        if self.series is not None:
            self._plot("frequency")

    def _on_chart_tabs_current_changed(self, _index: int) -> None:
        self.show_other_box.setVisible(self.chart_tabs.currentWidget() is self.charts["frequency"])

    def _on_checkin_list_activated(self, item: QListWidgetItem) -> None:
        self.open_checkin(item.data(Qt.ItemDataRole.UserRole))

    # --- check-ins and the report --------------------------------------------------------------

    def start_checkin(self) -> None:
        """Open the check-in dialog, pre-filled with what changed since the last one."""
        from masterydesk.services.checkins import start_checkin
        from masterydesk.ui.insights.dialogs import CheckInDialog

        if self.journal is None:
            return
        figures = start_checkin(self.journal, self.today())
        self.checkin_dialog = CheckInDialog(figures, partial(self._save_checkin, figures), self)
        self.checkin_dialog.open()

    def _save_checkin(self, figures, working: str, adjust: str) -> None:
        from masterydesk.services.checkins import new_checkin, write_checkin
        from masterydesk.services.editing import delete_records

        checkin = new_checkin(figures, working, adjust)
        journal = self.session.journal
        self.session.record(
            lambda: write_checkin(journal, checkin, figures),
            lambda: delete_records(journal, "checkins", [checkin.id]).changes,
            text="Save check-in",
        )

    def open_checkin(self, checkin_id: str) -> None:
        """Show a past check-in with the figures it was saved with."""
        from masterydesk.ui.insights.dialogs import CheckInViewDialog

        saved = next((s for s in self.saved_checkins if s.checkin.id == checkin_id), None)
        if saved is not None:
            self.checkin_view = CheckInViewDialog(saved, self)
            self.checkin_view.open()

    def open_report_dialog(self) -> None:
        """Preview the coaching report for the window picked, then write it as a PDF."""
        from masterydesk.reports.coaching import report_content
        from masterydesk.ui.insights.dialogs import CoachingReportDialog

        if self.journal is None or self.data is None:
            return
        window = self.current_window()  # as picked, even while its series is being computed
        if window.start > window.end:
            return  # the tab says why
        content = report_content(self.journal, window.start, window.end, self.today())
        self.report_dialog = CoachingReportDialog(content, self)
        self.report_dialog.open()


def read_insights(journal, today: dt.date):
    """What the charts of the journal need, read on a worker thread, with the chart modules' imports.

    On ten years the read takes a third of a second: on the UI thread, showing the tab (or starting
    on it) froze the window for as long.
    """
    import_module("masterydesk.reports.chart_plots")  # what the charts are built with
    from masterydesk.services.insights import load_insights

    return load_insights(journal, today)

"""The Journal tab: the one timeline of every dated record, beside the entry editor.

The list shows journal entries, applications, teaching events, interactions, check-ins and the
tiers skills reached, newest first, filtered by kind, skill, person and dates, and searched as
you type (services.timeline). Selecting an entry opens it in the editor beside the list, as the
journal always did; selecting another record shows what it says, and opening it (Enter or a
double-click) edits it in the dialog its own tab uses (ui.forms), or, for a tier reached, shows
the skill in the Skill Map. A save comes back through the refresh bus like any other.

The tiers skills reached are computed from all their evidence (0.1 s on ten years): on a worker
thread, when a journal opens and when the evidence changes; the list takes them when they are
ready, so that neither the first rows nor a save wait for them.

The editor sits in a scroll area, so the page stays narrow enough for a 1024-pixel window.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from masterydesk.domain import limits
from masterydesk.domain import records as r
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.ids import new_id
from masterydesk.services.browse import COUNT_CAP, journal_entry, record_names, search_match
from masterydesk.services.changes import Changes
from masterydesk.services.timeline import (
    PROMOTIONS_DEPEND_ON, TimelineFilter, TimelineRow, count_text, tier_promotions,
)
from masterydesk.ui.background_reads import NewestRead
from masterydesk.ui.dialogs.record_dialog import enum_label, error_label
from masterydesk.ui.journal.journal_model import HighlightDelegate, TimelineModel
from masterydesk.ui.journal.list_look import (
    SUMMARY_COLUMN, lay_out_columns, list_place, look_like_the_list, save_place, saved_place,
)
from masterydesk.ui.journal.timeline_parts import KindFilter, NoRecordShown, RecordDetail
from masterydesk.ui.widgets.kept_splitters import KeepsSplitters
from masterydesk.ui.widgets.labels import fit_to_longest, plain_label
from masterydesk.ui.widgets.pickers import MultiRecordPicker, OptionalDateEdit, date_edit, from_qdate, to_qdate
from masterydesk.ui.widgets.record_model import RECORD_ROLE
from masterydesk.ui.widgets.refresh_when_shown import RefreshWhenShown
from masterydesk.ui.widgets.tables import row_table

# The longest texts the editor's heading and the list's count show (dates are written in English).
LONGEST_HEADING = "Wednesday 30 September 2026"
LONGEST_COUNTS = (f"more than {COUNT_CAP:,} entries", f"more than {COUNT_CAP:,} records",
                  f"{999_999:,} records, {9_999:,} tiers reached")
EDITOR_MIN_WIDTH = 300  # the splitter keeps the editor this wide at least; it scrolls when narrower
FILTER_MIN_CHARACTERS = 8  # the skill and person filters shrink to this many characters


class EntryEditor(QWidget):
    """Write or edit one entry: date, kind, minutes, skills, private, and Markdown text."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.entry: r.JournalEntry | None = None
        self.is_new = False  # an entry started here and not saved yet
        self.date = date_edit()
        self.kind = QComboBox()
        for kind in r.EntryKind:
            self.kind.addItem(enum_label(kind), kind)
        self.minutes = QSpinBox()
        self.minutes.setRange(0, limits.MINUTES)
        self.minutes.setSuffix(" min")
        self.skills = MultiRecordPicker()
        self.private = QCheckBox("Private")
        self.private.setToolTip("Private text never leaves the app in a report or an export meant for others")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("What did you practise, learn or notice? Markdown works.")
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.text)
        self.pages.addWidget(self.preview)
        self.preview_toggle = QPushButton("Preview")
        self.preview_toggle.setCheckable(True)
        self.preview_toggle.toggled.connect(self._on_preview_toggled)
        self.save_button = QPushButton("Save")
        self.save_button.setShortcut("Ctrl+S")
        self.delete_button = QPushButton("Delete")
        self.error_label = error_label()
        self.heading = fit_to_longest(plain_label(wrap=False), LONGEST_HEADING)
        form = QFormLayout()
        for label_text, widget in (("&Date", self.date), ("&Kind", self.kind), ("&Minutes", self.minutes),
                                   ("S&kills", self.skills)):
            label = QLabel(label_text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow("", self.private)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_toggle)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.text.setAccessibleName("Entry text")

    def set_skill_choices(self, choices) -> None:
        self.skills.set_choices(choices)

    def load(self, entry: r.JournalEntry, is_new: bool = False) -> None:
        """Show an entry; is_new when it was started here and has no row in the journal yet."""
        self.entry = entry
        self.is_new = is_new
        self.date.setDate(to_qdate(entry.date))
        self.kind.setCurrentIndex(self.kind.findData(entry.kind))
        self.minutes.setValue(entry.minutes)
        self.skills.set_value(entry.skill_ids)
        self.private.setChecked(entry.private)
        self.text.setPlainText(entry.text)
        self.preview_toggle.setChecked(False)
        self.error_label.hide()

    def edited(self) -> r.JournalEntry | None:
        if self.entry is None:
            return None
        return dataclasses.replace(
            self.entry, date=from_qdate(self.date.date()), kind=self.kind.currentData(),
            minutes=self.minutes.value(), skill_ids=self.skills.value(), private=self.private.isChecked(),
            text=self.text.toPlainText(),
        )

    def is_dirty(self) -> bool:
        return self.entry is not None and self.edited() != self.entry

    def problem(self) -> str | None:
        entry = self.edited()
        if entry is not None and not entry.text.strip():
            return "Text: write a few words about the session before saving."
        if entry is not None and len(entry.text) > 100000:
            return "Text: an entry holds at most 100,000 characters."
        return None

    def show_problem(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _on_preview_toggled(self, on: bool) -> None:
        if on:
            features = QTextDocument.MarkdownFeature.MarkdownDialectGitHub | QTextDocument.MarkdownFeature.MarkdownNoHTML
            self.preview.document().setMarkdown(self.text.toPlainText(), features)
        self.pages.setCurrentIndex(1 if on else 0)


class JournalTab(RefreshWhenShown, KeepsSplitters, QWidget):
    """The timeline, filtered by kind, skill, person, dates and words; the entry editor or a record beside it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.session = None
        self.dialog = None  # the record dialog opened last
        self.model = TimelineModel(self)
        self.search = QLineEdit(placeholderText="Search the journal…", clearButtonEnabled=True)
        self.search.setAccessibleName("Search the journal")
        self.kind_filter = KindFilter()
        self.skill_filter = _filter_box("All skills", "Filter by skill")  # the names join when a journal opens
        self.person_filter = _filter_box("All people", "Filter by person")
        self.start_filter = OptionalDateEdit("From")
        self.end_filter = OptionalDateEdit("To")
        self.count_label = plain_label(wrap=False)
        fit_to_longest(self.count_label, max(LONGEST_COUNTS, key=self.count_label.fontMetrics().horizontalAdvance))
        self.view = self._timeline_view()
        self.new_button = QPushButton("New entry")
        self.editor = EntryEditor()
        self.detail = RecordDetail()
        self.no_record = NoRecordShown()
        self.hidden_pane = None  # the pane no_record stands in for
        self.pane = QStackedWidget()
        self.showing_snapshot_of = None  # the journal whose snapshot the list shows, until it is open
        self.promotions = NewestRead(self, self._on_promotions_read)  # the tiers reached, computed off the UI thread
        self._build_layout()
        self._connect()
        self.setEnabled(False)

    def _timeline_view(self):
        view = row_table(self.model)
        view.setSortingEnabled(True)
        look_like_the_list(view)
        view.setItemDelegateForColumn(SUMMARY_COLUMN, HighlightDelegate(view))
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        return view

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        filters = QHBoxLayout()
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.skill_filter, 1)
        filters.addWidget(self.person_filter, 1)
        dates = QHBoxLayout()
        dates.addWidget(self.start_filter)
        dates.addWidget(self.end_filter)
        dates.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        for row in (top, filters, dates):
            left_layout.addLayout(row)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.count_label)
        self.pane.addWidget(self.editor)
        self.pane.addWidget(self.detail)
        self.pane.addWidget(self.no_record)
        scroll = QScrollArea()
        scroll.setWidget(self.pane)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setMinimumWidth(EDITOR_MIN_WIDTH)
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._on_filters_changed)
        self.kind_filter.sig_kinds_changed.connect(self._on_filters_changed)
        self.skill_filter.currentIndexChanged.connect(self._on_filters_changed)
        self.person_filter.currentIndexChanged.connect(self._on_filters_changed)
        for optional in (self.start_filter, self.end_filter):
            optional.enabled.toggled.connect(self._on_filters_changed)
            optional.date.dateChanged.connect(self._on_filters_changed)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_row_changed)
        self.view.activated.connect(self._on_view_activated)
        self.view.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_indicator_changed)
        self.model.sig_counted.connect(self._update_count)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        self.new_button.clicked.connect(self.start_new_entry)
        self.editor.save_button.clicked.connect(self.save_entry)
        self.editor.delete_button.clicked.connect(self.delete_selected)
        self.detail.open_button.clicked.connect(lambda: self.open_row(self.detail.row))

    # --- the session -------------------------------------------------------------------------

    def set_session(self, session) -> None:
        self.session = session
        self.setEnabled(session is not None)
        if session is None:
            self.promotions.forget()
            self.model.set_journal(None)
            self.count_label.setText("")
            return
        self.editor.setEnabled(True)
        self._refresh_choices()
        if self.showing_snapshot_of == session.journal.path:
            self.model.take_over(session.journal)  # the rows shown are the journal's: not read again
        else:
            self.model.set_journal(session.journal)
        self.showing_snapshot_of = None
        self._update_count()
        self._compute_promotions()
        self.editor.save_button.setEnabled(not session.read_only)
        self.editor.delete_button.setEnabled(not session.read_only)
        if self.model.rowCount():
            self._select_row(0)
        else:
            self.start_new_entry()
        if session.read_only:
            self.editor.show_problem("This journal is open read-only: changes cannot be saved.")

    def show_snapshot(self, snapshot, read=None) -> None:
        """The newest rows of a journal not yet open (store.snapshot.JournalSnapshot), to look at.

        read: (rows, counts, limit) of the unfiltered timeline, read from it already (the first look):
        shown as they are when the list is unfiltered, not read again. Tier promotions join once
        the journal is open: computing them loads SQLAlchemy.
        """
        self.setEnabled(True)
        self.editor.setEnabled(False)  # nothing can be saved until the journal is open
        if read is not None and self.model.current_filter() == TimelineFilter():
            self.model.show_read(snapshot, *read)
        else:
            self.model.set_journal(snapshot)
        self.showing_snapshot_of = snapshot.path
        self._update_count()

    AFFECTED_BY = ("journal", "skills", "projects", "contacts", "communities", "applications", "teaching",
                   "interactions", "checkins", "settings")

    def refresh(self, changes=None) -> None:
        """Reload the list (the promotions and the filters' names as needed) after a change; None: everything."""
        changes = changes or Changes.everything()
        if changes.affects("skills", "contacts"):
            self._refresh_choices()
        if changes.affects(*PROMOTIONS_DEPEND_ON):
            self._compute_promotions()
        self._reload_list(changes)

    def _reload_list(self, changes) -> None:
        """Read the list again, keeping the row beside it selected (and showing it as it is now)."""
        self.model.reload()  # its count comes by sig_counted
        if self.pane.currentWidget() is self.detail:
            self._show_detail_again(changes)
        elif self.pane.currentWidget() is self.editor:
            if self.editor.entry is not None:
                self._select_record("journal", self.editor.entry.id, load=False)
            self._reload_editor_if_changed(changes)

    def _compute_promotions(self) -> None:
        """Compute the tiers skills reached off the UI thread (0.1 s on ten years); the list takes them when ready."""
        self.promotions.ask(tier_promotions, self.session.journal)

    def _on_promotions_read(self, promotions) -> None:
        if self.session is None or self.session.closed:
            return
        self.model.set_promotions(promotions)
        self._reload_list(Changes())

    def _show_detail_again(self, changes) -> None:
        """The record beside the list as it is now; a new entry in its place when it was deleted."""
        shown = self.detail.row
        row = self.model.row_of(shown.collection, shown.id)
        if row is not None:
            self._select_row(row, load=False)
            self.detail.show_row(self.model.line(row), editable=not self.session.read_only)
        elif shown.id in changes.ids and shown.kind != "promotion":
            self.start_new_entry()

    def _reload_editor_if_changed(self, changes) -> None:
        """After undo or redo the entry in the editor may have changed underneath it."""
        entry = self.editor.entry
        if entry is None or self.editor.is_dirty():
            return
        current = journal_entry(self.session.journal, entry.id)
        if current is not None and current != entry:
            self.editor.load(current)
        elif current is None and entry.id in changes.ids:
            self.start_new_entry()

    def kept_splitters(self) -> dict[str, QSplitter]:
        return {"journal/splitter": self.splitter}

    def save_state(self, settings: QSettings) -> None:
        """The splitter, where the list sits and its columns (the next start's first look takes
        them), and the entry being written."""
        super().save_state(settings)
        if self.isVisible():  # a page hidden behind another tab is laid out as it was when last shown
            save_place(settings, list_place(self, self.view, self.count_label))
        self.flush()

    def restore_state(self, settings: QSettings) -> None:
        super().restore_state(settings)
        place = saved_place(settings)
        if place is not None:
            lay_out_columns(self.view.horizontalHeader(), place)

    def _refresh_choices(self) -> None:
        """The skills the editor and the filter offer, and the people the filter offers."""
        skills = record_names(self.session.journal, "skills")
        self.editor.set_skill_choices(skills)
        _set_choices(self.skill_filter, skills)
        _set_choices(self.person_filter, record_names(self.session.journal, "contacts"))

    # --- the list ----------------------------------------------------------------------------

    def current_filter(self) -> TimelineFilter:
        return TimelineFilter(
            kinds=self.kind_filter.kinds(), skill_id=self.skill_filter.currentData(),
            contact_id=self.person_filter.currentData(), start=self.start_filter.value(),
            end=self.end_filter.value(), words=self.search.text(),
            descending=self.model.current_filter().descending,
        )

    def _on_filters_changed(self, *_args) -> None:
        if self.session is None:
            return
        self.model.set_filter(self.current_filter())  # its count comes by sig_counted
        self._keep_pane_in_list()

    def _keep_pane_in_list(self) -> None:
        """After a filter change, the record beside the list stays selected if it is among the rows read.
        Filtered out, the pane says so instead of showing it, until a filter brings it back; an entry
        being written, or with unsaved edits, stays where it is."""
        pane = self.pane.currentWidget()
        hidden = pane is self.no_record
        shown = self._record_in(self.hidden_pane if hidden else pane)
        if shown is None:
            return
        row = self.model.row_of(*shown)
        if row is not None:
            self._select_row(row, load=hidden)  # back in the list: shown again, as it is now
        elif not hidden:
            self.hidden_pane = pane
            self.pane.setCurrentWidget(self.no_record)

    def _record_in(self, pane) -> tuple[str, str] | None:
        """The (collection, id) of the record a pane shows, if a filter may hide it."""
        if pane is self.detail and self.detail.row is not None:
            return self.detail.row.collection, self.detail.row.id
        entry = self.editor.entry
        if pane is self.editor and entry is not None and not self.editor.is_new and not self.editor.is_dirty():
            return "journal", entry.id
        return None

    def _on_sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if column != 0:  # the timeline runs by date only: the arrow goes back to the date, as it was
            descending = self.model.current_filter().descending
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            self.view.horizontalHeader().setSortIndicator(0, order)

    def _update_count(self) -> None:
        counts = self.model.counts()
        if counts is None:  # being counted
            self.count_label.setText("")
            return
        self.count_label.setText(count_text(counts, capped=search_match(self.model.current_filter().words)))

    def _select_row(self, row: int, load: bool = True) -> None:
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.view.selectionModel().blockSignals(not load)
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.selectionModel().blockSignals(False)
        self.view.scrollTo(index)

    def select_record(self, collection: str, record_id: str) -> None:
        """Select a record in the list (fetching pages until it appears) and show it."""
        self._select_record(collection, record_id, load=True)

    def _select_record(self, collection: str, record_id: str, load: bool) -> None:
        row = self.model.row_of(collection, record_id)
        while row is None and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(collection, record_id)
        if row is not None:
            self._select_row(row, load)

    def _on_view_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self.session is None or not self.flush():
            return  # (no session: the rows of a journal still opening, only to look at)
        line = current.data(RECORD_ROLE)
        if line.collection != "journal":
            self.detail.show_row(line, editable=not self.session.read_only)
            self.pane.setCurrentWidget(self.detail)
            return
        entry = journal_entry(self.session.journal, line.id)
        if entry is not None:
            self.editor.load(entry)
            self.editor.heading.setText(f"{entry.date:%A %d %B %Y}")
            self.pane.setCurrentWidget(self.editor)

    def _on_view_activated(self, index: QModelIndex) -> None:
        self.open_row(index.data(RECORD_ROLE))

    def open_row(self, line: TimelineRow | None) -> None:
        """Edit the row's record: an entry in the editor, another record in its dialog; a tier in the Skill Map."""
        if line is None or self.session is None:
            return
        if line.collection == "journal":
            self.editor.text.setFocus()
        elif line.kind == "promotion":
            window = self.window()
            if hasattr(window, "show_record"):  # the main window knows which tab shows a skill
                window.show_record("skills", line.id)
        elif not self.session.read_only:
            self._edit_record(line.collection, line.id)

    def _edit_record(self, collection: str, record_id: str) -> None:
        from masterydesk.services.editing import read_records  # loads SQLAlchemy: not before the first paint
        from masterydesk.ui.forms import open_record_dialog

        found = getattr(read_records(self.session.journal, collection, [record_id]), collection)
        if found:
            self.dialog = open_record_dialog(self, self.session, collection, found[0])

    # --- editing -----------------------------------------------------------------------------

    def start_new_entry(self) -> None:
        """A fresh entry dated today in the editor, ready to type."""
        if self.session is None or not self.flush():
            return
        self.view.clearSelection()
        entry = r.JournalEntry(id=new_id("journal"), date=dt.date.today(), kind=r.EntryKind.PRACTICE, text="")
        self.editor.load(entry, is_new=True)
        self.editor.heading.setText("New entry")
        self.pane.setCurrentWidget(self.editor)
        self.editor.text.setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def flush(self) -> bool:
        """Save the entry in the editor when it has unsaved changes; False when it cannot be."""
        if not self.editor.is_dirty() or self.session is None:
            return True
        if self.editor.edited().text.strip() == "" and self.editor.is_new:
            return True  # a new entry nobody wrote in: nothing to keep
        return self.save_entry()

    def save_entry(self) -> bool:
        """Save the editor's entry; say what is wrong instead when it cannot be saved."""
        message = self.editor.problem()
        if message:
            self.editor.show_problem(message)
            return False
        entry = self.editor.edited()
        try:
            self.session.save(entry, text="Add journal entry" if self.editor.is_new else "Edit journal entry")
        except MasteryDeskError as error:
            self.editor.show_problem(str(error))
            return False
        self.editor.load(entry)
        self.editor.heading.setText(f"{entry.date:%A %d %B %Y}")
        self._select_record("journal", entry.id, load=False)  # the editor shows it already
        return True

    def delete_selected(self) -> None:
        """Delete the entry in the editor, or the record beside the list (Undo brings it back)."""
        if self.session is None or self.session.read_only:
            return
        if self.pane.currentWidget() is self.detail:
            self._delete_record(self.detail.row)
            return
        if self.pane.currentWidget() is self.no_record:
            return
        entry = self.editor.entry
        if entry is None:
            return
        if journal_entry(self.session.journal, entry.id) is None:  # never saved: just empty it
            self.editor.load(dataclasses.replace(entry, text=""), is_new=self.editor.is_new)
            return
        self.editor.load(entry)  # drop unsaved edits: the delete can be undone as it was
        self.session.delete("journal", [entry.id], text="Delete journal entry")
        self._select_first_row()

    def _delete_record(self, line: TimelineRow | None) -> None:
        from masterydesk.ui.forms import NOUN

        if line is None or line.kind == "promotion" or self.session.read_only:
            return  # a tier reached is derived: it goes when its evidence does
        try:
            self.session.delete(line.collection, [line.id], text=f"Delete {NOUN[line.collection]}")
        except MasteryDeskError as error:
            self.session.sig_error.emit(str(error))
            return
        self._select_first_row()

    def _select_first_row(self) -> None:
        if self.model.rowCount():
            self._select_row(0)
        else:
            self.start_new_entry()


def _filter_box(everything: str, accessible_name: str) -> QComboBox:
    """A filter's drop-down: its first choice shows everything; it shrinks to a few characters."""
    box = QComboBox()
    box.addItem(everything, None)
    box.setAccessibleName(accessible_name)
    box.setToolTip(accessible_name)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(FILTER_MIN_CHARACTERS)
    return box


def _set_choices(box: QComboBox, choices: list[tuple[str, str]]) -> None:
    """Offer these (id, name) choices after the first one, keeping the one chosen when it is still there."""
    current, everything = box.currentData(), box.itemText(0)
    box.blockSignals(True)
    box.clear()
    box.addItem(everything, None)
    for record_id, name in choices:
        box.addItem(name, record_id)
    box.setCurrentIndex(max(0, box.findData(current)))
    box.blockSignals(False)

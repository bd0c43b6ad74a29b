"""The Journal tab: a dated, filterable, searchable list of entries beside the entry editor."""

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
from masterydesk.services.changes import Changes
from masterydesk.services.browse import COUNT_CAP, JournalFilter, journal_entry, record_names, search_match
from masterydesk.ui.dialogs.record_dialog import enum_label, error_label
from masterydesk.ui.journal.journal_model import SUMMARY_COLUMN, HighlightDelegate, JournalListModel
from masterydesk.ui.widgets.kept_splitters import KeepsSplitters
from masterydesk.ui.widgets.labels import fit_to_longest, plain_label
from masterydesk.ui.widgets.pickers import MultiRecordPicker, OptionalDateEdit, date_edit, from_qdate, to_qdate
from masterydesk.ui.widgets.record_model import RECORD_ROLE
from masterydesk.ui.widgets.refresh_when_shown import RefreshWhenShown
from masterydesk.ui.widgets.tables import row_table

ALL = "All kinds"


# The longest texts the editor's heading and the list's count show (dates are written in English).
LONGEST_HEADING = "Wednesday 30 September 2026"
LONGEST_COUNT = "more than 1,000 entries"

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
        self.private = QCheckBox("Private (never in reports or exports for others)")
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
    """Entries newest first, filtered by kind, skill, dates and words, and the editor beside them."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.session = None
        self.model = JournalListModel(self)
        self.search = QLineEdit(placeholderText="Search the journal…", clearButtonEnabled=True)
        self.search.setAccessibleName("Search the journal")
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(ALL, None)
        for kind in r.EntryKind:
            self.kind_filter.addItem(enum_label(kind), kind.value)
        self.kind_filter.setAccessibleName("Filter by kind")
        self.skill_filter = QComboBox()
        self.skill_filter.addItem("All skills", None)  # the skills join it when a journal opens
        self.skill_filter.setAccessibleName("Filter by skill")
        self.start_filter = OptionalDateEdit("From")
        self.end_filter = OptionalDateEdit("To")
        self.count_label = fit_to_longest(plain_label(wrap=False), LONGEST_COUNT)
        self.view = row_table(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.setItemDelegateForColumn(SUMMARY_COLUMN, HighlightDelegate(self.view))
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((92, 110, 64, 170)):
            self.view.setColumnWidth(column, width)
        self.new_button = QPushButton("New entry")
        self.editor = EntryEditor()
        self._build_layout()
        self.search.textChanged.connect(self._on_filters_changed)
        self.kind_filter.currentIndexChanged.connect(self._on_filters_changed)
        self.skill_filter.currentIndexChanged.connect(self._on_filters_changed)
        for optional in (self.start_filter, self.end_filter):
            optional.enabled.toggled.connect(self._on_filters_changed)
            optional.date.dateChanged.connect(self._on_filters_changed)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_row_changed)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        self.new_button.clicked.connect(self.start_new_entry)
        self.editor.save_button.clicked.connect(self.save_entry)
        self.editor.delete_button.clicked.connect(self.delete_selected)
        self.setEnabled(False)

    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.skill_filter, 1)
        filters.addWidget(self.start_filter)
        filters.addWidget(self.end_filter)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.count_label)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

    # --- the session -------------------------------------------------------------------------

    def set_session(self, session) -> None:
        self.session = session
        self.setEnabled(session is not None)
        if session is None:
            self.model.set_journal(None)
            self.count_label.setText("")
            return
        self.editor.setEnabled(True)
        self._refresh_skill_choices()
        self.model.set_journal(session.journal)
        self._update_count()
        self.editor.save_button.setEnabled(not session.read_only)
        if self.model.rowCount():
            self.select_record("journal", self.model.line(0).id)
        else:
            self.start_new_entry()
        if session.read_only:
            self.editor.show_problem("This journal is open read-only: changes cannot be saved.")

    def show_snapshot(self, snapshot) -> None:
        """The newest entries of a journal not yet open (store.snapshot.JournalSnapshot), to look at."""
        self.setEnabled(True)
        self.editor.setEnabled(False)  # nothing can be saved until the journal is open
        self.model.set_journal(snapshot)
        self._update_count()

    AFFECTED_BY = ("journal", "skills")

    def refresh(self, changes=None) -> None:
        """Reload the list (and the skill choices) after a change; None: everything."""
        changes = changes or Changes.everything()
        if changes.affects("skills"):
            self._refresh_skill_choices()
        if changes.affects("journal", "skills"):
            self.model.reload()
            self._update_count()
            if self.editor.entry is not None and self.model.row_of(self.editor.entry.id) is not None:
                self._select_row(self.model.row_of(self.editor.entry.id), load=False)
            self._reload_editor_if_changed(changes)

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
        super().save_state(settings)
        self.flush()

    def _refresh_skill_choices(self) -> None:
        choices = record_names(self.session.journal, "skills")
        self.editor.set_skill_choices(choices)
        current = self.skill_filter.currentData()
        self.skill_filter.blockSignals(True)
        self.skill_filter.clear()
        self.skill_filter.addItem("All skills", None)
        for skill_id, name in choices:
            self.skill_filter.addItem(name, skill_id)
        self.skill_filter.setCurrentIndex(max(0, self.skill_filter.findData(current)))
        self.skill_filter.blockSignals(False)

    # --- the list ----------------------------------------------------------------------------

    def current_filter(self) -> JournalFilter:
        old = self.model.current_filter()
        return JournalFilter(
            kind=self.kind_filter.currentData(), skill_id=self.skill_filter.currentData(),
            start=self.start_filter.value(), end=self.end_filter.value(), words=self.search.text(),
            order=old.order, descending=old.descending,
        )

    def _on_filters_changed(self, *_args) -> None:
        if self.session is None:
            return
        self.model.set_filter(self.current_filter())
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.total()
        if total > COUNT_CAP and search_match(self.model.current_filter().words):  # hits are counted to a cap
            self.count_label.setText(f"more than {COUNT_CAP:,} entries")
        else:
            self.count_label.setText(f"{total:,} entr{'y' if total == 1 else 'ies'}")

    def _select_row(self, row: int, load: bool = True) -> None:
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.view.selectionModel().blockSignals(not load)
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.selectionModel().blockSignals(False)
        self.view.scrollTo(index)

    def select_record(self, _collection: str, record_id: str) -> None:
        """Select an entry in the list (fetching pages until it appears) and open it."""
        self._select_entry(record_id, load=True)

    def _select_entry(self, record_id: str, load: bool) -> None:
        row = self.model.row_of(record_id)
        while row is None and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(record_id)
        if row is not None:
            self._select_row(row, load)

    def _on_view_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        if not self.flush():
            return
        line = current.data(RECORD_ROLE)
        entry = journal_entry(self.session.journal, line.id)
        if entry is not None:
            self.editor.load(entry)
            self.editor.heading.setText(f"{entry.date:%A %d %B %Y}")

    # --- editing -----------------------------------------------------------------------------

    def start_new_entry(self) -> None:
        """A fresh entry dated today in the editor, ready to type."""
        if self.session is None or not self.flush():
            return
        self.view.clearSelection()
        entry = r.JournalEntry(id=new_id("journal"), date=dt.date.today(), kind=r.EntryKind.PRACTICE, text="")
        self.editor.load(entry, is_new=True)
        self.editor.heading.setText("New entry")
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
        self._select_entry(entry.id, load=False)  # the editor shows it already
        return True

    def delete_selected(self) -> None:
        entry = self.editor.entry
        if entry is None or self.session is None:
            return
        if journal_entry(self.session.journal, entry.id) is None:  # never saved: just empty it
            self.editor.load(dataclasses.replace(entry, text=""), is_new=self.editor.is_new)
            return
        self.editor.load(entry)  # drop unsaved edits: the delete can be undone as it was
        self.session.delete("journal", [entry.id], text="Delete journal entry")
        if self.model.rowCount():
            self._select_row(0)
        else:
            self.start_new_entry()

"""The window's six tabs: each page built the first time it is shown, then kept told of the journal.

A page's module loads SQLAlchemy (or the series, for Insights) with it: the window paints with a
placeholder in every tab, and a page is put in only once a journal is open and the page is shown.
The start-up journal's page is made (hidden) while the journal opens: its first making costs a
quarter of a frame the window would otherwise wait for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from masterydesk.ui.icons import icon

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

TABS = (
    ("Journal", "masterydesk.ui.journal.journal_tab", "JournalTab", "entry"),
    ("Skill Map", "masterydesk.ui.skills.skill_map_tab", "SkillMapTab", "skill-map"),
    ("Projects", "masterydesk.ui.projects.projects_tab", "ProjectsTab", "project"),
    ("Community", "masterydesk.ui.community.community_tab", "CommunityTab", "community"),
    ("Career", "masterydesk.ui.career.career_tab", "CareerTab", "career"),
    ("Insights", "masterydesk.ui.insights", "InsightsTab", "insights"),
)
TAB_NAMES = tuple(tab[0] for tab in TABS)
# Which tab shows a record of each collection when the Today panel or a search jumps to it.
TAB_OF = {"skills": 1, "journal": 0, "projects": 2, "applications": 2, "contacts": 3,
          "communities": 3, "interactions": 3, "roles": 4}


class TabPages:
    """The pages of one MainWindow's tabs: built on first use, handed its session, told of its changes."""

    def __init__(self, window) -> None:
        self.window = window
        self.built: dict[int, QWidget] = {}
        self.made: dict[int, QWidget] = {}  # pages made ahead, not yet in their tab
        for name, _module, _class, icon_name in TABS:
            window.tabs.addTab(QWidget(), icon(icon_name), name)  # until the page is built
        window.tabs.currentChanged.connect(self._on_tabs_current_changed)

    def make_ahead(self, index: int) -> None:
        """Make the tab's page now, hidden and without a journal; it goes in its tab on first use."""
        if index not in self.built and index not in self.made:
            self.made[index] = self._make(index)

    def page(self, index: int) -> QWidget:
        """The tab's page, built on first use."""
        if index not in self.built:
            tabs = self.window.tabs
            name, _module_name, _class_name, icon_name = TABS[index]
            page = self.made.pop(index) if index in self.made else self._make(index)
            self.built[index] = page
            current = tabs.currentIndex()
            tabs.blockSignals(True)
            tabs.removeTab(index)
            tabs.insertTab(index, page, icon(icon_name), name)
            tabs.setCurrentIndex(current)
            tabs.blockSignals(False)
            if hasattr(page, "restore_state"):
                page.restore_state(self.window.settings)
            self.hand_session(page)
        return self.built[index]

    @staticmethod
    def _make(index: int) -> QWidget:
        _name, module_name, class_name, _icon_name = TABS[index]
        return getattr(importlib.import_module(module_name), class_name)()

    def hand_session(self, page: QWidget) -> None:
        """Give the page the window's session (a page that only reads gets the journal); None without one."""
        session = self.window.session
        if hasattr(page, "set_session"):
            page.set_session(session)
        elif hasattr(page, "set_journal"):
            page.set_journal(session.journal if session else None)

    def hand_session_to_built_pages(self) -> None:
        """A journal was attached: every page built so far shows it (the others get it when built)."""
        for page in self.built.values():
            self.hand_session(page)

    def on_changes(self, changes) -> None:
        """Each built page refreshes what it shows, if the changes affect it."""
        for page in self.built.values():
            if hasattr(page, "on_changes"):
                page.on_changes(changes)

    def save_state(self, settings: QSettings) -> None:
        """Where the user left each built page (its splitters, its columns)."""
        for page in self.built.values():
            if hasattr(page, "save_state"):
                page.save_state(settings)

    def show(self, name: str) -> None:
        """Switch to the tab of that name ("Skill Map")."""
        self.window.tabs.setCurrentIndex(TAB_NAMES.index(name))

    def show_record(self, collection: str, record_id: str) -> None:
        """Switch to the tab that shows the record and select it there."""
        index = TAB_OF.get(collection)
        if index is None:
            return
        self.window.tabs.setCurrentIndex(index)
        page = self.page(index)
        if hasattr(page, "select_record"):
            page.select_record(collection, record_id)

    def _on_tabs_current_changed(self, index: int) -> None:
        if self.window.session is not None:
            self.page(index)

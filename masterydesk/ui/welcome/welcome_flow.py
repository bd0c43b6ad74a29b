"""The first run in the window: the welcome page's four ways in, and the assessment after a new journal."""

from __future__ import annotations

from PySide6.QtCore import QObject


class WelcomeFlow(QObject):
    """Shows the welcome page in a MainWindow and follows the way the user chooses."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.page = None
        self.assessment = None
        self.first_import = None

    def show(self) -> None:
        """The first-run page: start a journal, open the demo, open a file or import."""
        from masterydesk.ui.menu_commands import ask_and_open_journal
        from masterydesk.ui.welcome.welcome_page import WelcomePage

        window = self.window
        if self.page is None:
            self.page = WelcomePage()
            self.page.sig_new_journal_requested.connect(self._on_new_journal_requested)
            self.page.sig_demo_requested.connect(window.opener.open_demo)
            self.page.sig_open_requested.connect(lambda: ask_and_open_journal(window))
            self.page.sig_import_requested.connect(self._on_import_requested)
            window.stack.addWidget(self.page)
        window.stack.setCurrentWidget(self.page)
        window.today_wiring.hide()
        for action in [*window.journal_actions, *window.protection_actions]:
            action.setEnabled(False)

    def _on_new_journal_requested(self) -> None:
        from masterydesk.ui.welcome.assessment import AssessmentWizard

        self.assessment = AssessmentWizard(self._journal_for_answers, self.window)
        self.assessment.accepted.connect(self._on_assessment_accepted)
        self.assessment.open()

    def _journal_for_answers(self):
        """The new journal, made and opened only when the assessment is finished; None if refused.

        Nothing exists before Finish, so Cancel leaves no file, no lock and no recent journal,
        and the next start shows this page again. A second Finish (after a failed save) reuses it.
        """
        from masterydesk.paths import default_journal

        window = self.window
        if window.session is None and not window.open_journal_path(default_journal(), create=True):
            return None
        return window.session.journal

    def _on_assessment_accepted(self) -> None:
        from masterydesk.services.changes import Changes

        self.window.session.sig_changed.emit(Changes.everything())
        self.window.tab_pages.show("Skill Map")

    def _on_import_requested(self) -> None:
        """A new journal from another app's file, made only when its import succeeds (see first_import)."""
        from masterydesk.ui.welcome.first_import import FirstImport

        self.first_import = FirstImport(self.window)
        self.first_import.start()

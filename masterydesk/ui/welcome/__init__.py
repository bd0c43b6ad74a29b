"""First run: the welcome page and the assessment that starts a new journal."""

from masterydesk.ui.welcome.assessment import AssessmentWizard
from masterydesk.ui.welcome.welcome_page import WelcomePage

__all__ = ["AssessmentWizard", "WelcomePage"]

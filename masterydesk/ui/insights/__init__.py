"""The Insights tab: charts, check-ins and the coaching report."""

from masterydesk.ui.insights.insights_tab import InsightsTab

__all__ = ["InsightsTab"]

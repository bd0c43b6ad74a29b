"""Series the charts draw: windows, scopes, and agreement with `masterydesk metrics`."""

import datetime as dt
from dataclasses import replace

import pytest

from masterydesk.domain import records as r
from masterydesk.domain.metrics import compute_metrics
from masterydesk.domain.windows import default_preset, preset_window, previous_window
from masterydesk.services.metrics import journal_metrics
from masterydesk.services.transfer import export_bundle
from masterydesk.services.insights import Scope, load_insights, scoped_bundle
from masterydesk.services.series import insights_series, period_edges, week_edges
from tests.insights.conftest import FOUR_WEEKS, TODAY

D = dt.date


def test_presets_end_today_and_cover_whole_weeks():
    assert preset_window("4 weeks", TODAY, None) == FOUR_WEEKS
    assert preset_window("quarter", TODAY, None) == r.Window(D(2024, 1, 1), TODAY)
    assert preset_window("year", TODAY, None).weeks == 52
    assert preset_window("all", TODAY, D(2023, 5, 1)) == r.Window(D(2023, 5, 1), TODAY)
    assert previous_window(FOUR_WEEKS) == r.Window(D(2024, 2, 5), D(2024, 3, 3))


def test_a_journal_younger_than_a_year_opens_on_all_of_it():
    assert default_preset(TODAY, None) == "all"
    assert default_preset(TODAY, TODAY - dt.timedelta(days=363)) == "all"
    assert default_preset(TODAY, TODAY - dt.timedelta(days=364)) == "year"


def test_bins_end_on_the_window_end_and_follow_calendar_months():
    assert week_edges(r.Window(D(2024, 3, 1), D(2024, 3, 14))) == [D(2024, 3, 1), D(2024, 3, 8), D(2024, 3, 15)]
    assert week_edges(r.Window(D(2024, 3, 3), D(2024, 3, 14))) == [D(2024, 3, 3), D(2024, 3, 8), D(2024, 3, 15)]
    assert period_edges(r.Window(D(2024, 2, 10), D(2024, 4, 2))) == [
        D(2024, 2, 10), D(2024, 3, 1), D(2024, 4, 1), D(2024, 4, 3)]
    assert period_edges(r.Window(D(2024, 2, 10), D(2024, 7, 2)), months=3) == [
        D(2024, 2, 10), D(2024, 4, 1), D(2024, 7, 1), D(2024, 7, 3)]


def test_headline_figures_are_the_metrics_of_the_window(small):
    series = insights_series(load_insights(small, TODAY), FOUR_WEEKS)
    report = journal_metrics(small, FOUR_WEEKS.start, FOUR_WEEKS.end)
    assert series.report.overall == report.overall
    assert series.report.roles == report.roles
    figures = {m.label: (m.value, m.previous) for m in series.headline}
    assert figures["Applications"] == (6, 1)
    assert figures["Applications per week"] == (1.5, 0.25)
    assert figures["Teaching events"] == (3, 1)
    assert figures["Tier promotions"] == (2, 0)


@pytest.mark.parametrize("scope", [Scope(), Scope("category", "technical"), Scope("skill", "py"), Scope("role", "r1")])
def test_scoped_metrics_are_compute_metrics_of_the_scoped_records(small, scope):
    data = load_insights(small, TODAY)
    whole = export_bundle(small)  # with the journal entries, whose minutes and dates count
    ids = scope.skill_ids(whole)
    scoped = scoped_bundle(whole, ids)
    if ids is not None:  # the practice of a scope: the entries naming one of its skills, each once
        scoped = replace(scoped, journal=tuple(e for e in whole.journal if set(e.skill_ids) & ids))
    expected = compute_metrics(scoped, FOUR_WEEKS, data.rules)
    report = insights_series(data, FOUR_WEEKS, scope).report
    assert (report.overall, report.skills) == (expected.overall, expected.skills)
    assert report.roles == compute_metrics(whole, FOUR_WEEKS, data.rules).roles


def test_a_skill_scope_counts_the_journal_entries_touching_it(small):
    calendar = insights_series(load_insights(small, TODAY), FOUR_WEEKS, Scope("skill", "sql")).calendar
    week = [calendar.grid[weekday][49] for weekday in range(7)]  # Monday 4 to Sunday 10 March
    assert week == [0, 2, 1, 0, 1, 0, 0]  # the 5th: entry e1 and application a1; e2 is not about SQL
    assert [calendar.grid[weekday][50] for weekday in range(7)] == [1, 1, 0, 0, 1, 0, 0]


def test_a_scope_counts_only_its_skills(small):
    data = load_insights(small, TODAY)
    sql = insights_series(data, FOUR_WEEKS, Scope("skill", "sql"))
    assert [layer.label for layer in sql.frequency.layers] == ["SQL"]
    assert sql.report.overall.applications == 4
    social = insights_series(data, FOUR_WEEKS, Scope("category", "social"))
    assert social.frequency.empty and social.report.overall.applications == 0
    role = insights_series(data, FOUR_WEEKS, Scope("role", "r1"))
    assert {layer.label for layer in role.frequency.layers} == {"SQL", "Python"}
    assert role.report.overall.applications == 6


def test_readiness_uses_every_skill_whatever_the_scope(small):
    data = load_insights(small, TODAY)
    scoped = insights_series(data, FOUR_WEEKS, Scope("category", "social"))
    assert scoped.readiness.roles[0].values[-1] == pytest.approx(5 / 6)

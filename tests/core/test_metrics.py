"""Every metric of DESIGN.md on a small journal whose values were worked out by hand."""

import datetime as dt
import json
import subprocess
import sys

import pytest

from masterydesk.domain import records as r
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.metrics import compute_metrics, network_counts
from masterydesk.services.metrics import journal_metrics
from masterydesk.services.settings import read_rules, save_rules
from masterydesk.store.bundles import read_bundle
from masterydesk.store.readers import read_network
from tests.builders import app, contact, fill, skill, teach

D = dt.date
JAN = (D(2024, 1, 1), D(2024, 1, 28))  # 28 days: 4 weeks


@pytest.fixture
def small(journal):
    fill(
        journal,
        skills=[
            skill("sql", learned_on=D(2024, 1, 2)),
            skill("py"),  # no learned_on
            skill("talk", category=r.Category.SOCIAL, learned_on=D(2024, 1, 10), archived=True),
            skill("late", learned_on=D(2023, 12, 1)),
            skill("idle", learned_on=D(2024, 1, 20)),
        ],
        contacts=[
            contact("c1", skill_ids=("sql", "py")),
            contact("c2", skill_ids=("sql",)),
            contact("c3", skill_ids=("talk",)),
        ],
        projects=[
            r.Project("pa", "A", r.ProjectStatus.DONE),
            r.Project("pb", "B", r.ProjectStatus.ACTIVE),
        ],
        applications=[
            app("a1", "sql", D(2023, 12, 30)),  # before learned_on and before the window
            app("a2", "sql", D(2024, 1, 5), reviewer_id="c1", quality=4),
            app("a3", "sql", D(2024, 1, 6)),
            app("a4", "sql", D(2024, 1, 6), novel_context=True, quality=2),
            app("p1", "py", D(2024, 1, 15)),
            app("t1", "talk", D(2024, 1, 25), novel_context=True),
            app("l1", "late", D(2024, 2, 10)),
        ],
        teaching=[
            teach("e1", "sql", D(2024, 1, 10), rating=5, audience_size=10),
            teach("e2", "sql", D(2024, 1, 12), audience_size=3),
            teach("e3", "sql", D(2024, 1, 20), rating=4),
            teach("e4", "talk", D(2024, 2, 2), rating=3),
        ],
        interactions=[
            r.Interaction("i1", D(2024, 1, 3), r.InteractionKind.MEETING, contact_id="c1",
                          ideas=(r.Idea("x", D(2024, 1, 10)), r.Idea("y"))),
            r.Interaction("i2", D(2024, 1, 30), r.InteractionKind.FEEDBACK, contact_id="c1",
                          ideas=(r.Idea("z", D(2024, 2, 1)),)),
        ],
        roles=[
            r.Role("r1", "Lead", requirements=(
                r.Requirement("sql", r.Tier.MASTERY, 2),
                r.Requirement("py", r.Tier.APPLIED, 1),
                r.Requirement("talk", r.Tier.MASTERY, 1),
            ), milestone_project_ids=("pa", "pb")),
            r.Role("r2", "Empty"),
        ],
    )
    return journal


def by_id(report):
    return {s.id: s for s in report.skills}


def test_overall_metrics_in_a_four_week_window(small):
    overall = journal_metrics(small, *JAN).overall
    assert overall.applications == 5
    assert overall.applications_per_week == pytest.approx(1.25)
    assert overall.teaching_events == 3
    assert overall.teaching_audience == 14
    assert overall.teaching_mean_rating == pytest.approx(4.5)
    assert overall.novel_context_share == pytest.approx(0.4)
    # sql applied in 3 days, talk first in 15: decided; idle (learned Jan 20) is still pending
    assert overall.applied_within_14_days_share == pytest.approx(1 / 2)
    assert overall.promotions == 2
    assert overall.interactions == 1
    assert overall.ideas == 2
    assert overall.ideas_applied_share == pytest.approx(0.5)
    assert overall.network_resilience == pytest.approx(1 / 3)


def test_skill_metrics_including_archived_and_unlearned_skills(small):
    skills = by_id(journal_metrics(small, *JAN))
    sql = skills["sql"]
    assert (sql.applications, sql.teaching_events, sql.teaching_audience) == (3, 3, 14)
    assert sql.applications_per_week == pytest.approx(0.75)
    assert sql.novel_context_share == pytest.approx(1 / 3)
    assert sql.mean_quality == pytest.approx(3.0)
    assert sql.teaching_mean_rating == pytest.approx(4.5)
    assert sql.first_application_latency_days == 3  # the application before learned_on is ignored
    assert (sql.tier, sql.applied_on, sql.mastery_on) == (r.Tier.MASTERY, D(2024, 1, 6), D(2024, 1, 20))
    assert skills["py"].first_application_latency_days is None
    assert skills["talk"].archived and skills["talk"].applications == 1
    assert skills["talk"].first_application_latency_days == 15
    assert skills["late"].applications == 0 and skills["late"].first_application_latency_days == 71
    assert skills["late"].novel_context_share is None and skills["late"].mean_quality is None
    assert skills["idle"].first_application_latency_days is None


def test_tiers_are_as_of_the_end_of_the_window(small):
    sql = by_id(journal_metrics(small, D(2024, 1, 1), D(2024, 1, 10)))["sql"]
    assert (sql.tier, sql.applied_on, sql.mastery_on) == (r.Tier.APPLIED, D(2024, 1, 6), None)


def test_role_readiness_uses_weights_and_lists_the_gaps(small):
    roles = {x.id: x for x in journal_metrics(small, *JAN).roles}
    lead = roles["r1"]
    assert lead.readiness == pytest.approx((2 * 1 + 1 * 0.5 + 1 * (1 / 3)) / 4)
    assert [(g.skill_id, g.held, g.required) for g in lead.gaps] == [
        ("py", r.Tier.FOUNDATION, r.Tier.APPLIED),
        ("talk", r.Tier.FOUNDATION, r.Tier.MASTERY),
    ]
    assert (lead.milestones_done, lead.milestones_total) == (1, 2)
    assert roles["r2"].readiness is None


def test_an_empty_window_gives_zeros_and_nulls_and_keeps_tiers(small):
    report = journal_metrics(small, D(2025, 1, 1), D(2025, 1, 7))
    overall = report.overall
    assert (overall.applications, overall.teaching_events, overall.promotions) == (0, 0, 0)
    assert overall.applications_per_week == 0
    for undefined in ("teaching_mean_rating", "novel_context_share", "applied_within_14_days_share",
                      "ideas_applied_share", "network_resilience"):
        assert getattr(overall, undefined) is None, undefined
    assert by_id(report)["sql"].tier is r.Tier.MASTERY


def test_the_default_window_runs_from_the_earliest_record_to_today(small):
    report = journal_metrics(small, today=D(2024, 3, 1))
    assert (report.window.start, report.window.end) == (D(2023, 12, 1), D(2024, 3, 1))


def test_a_window_that_ends_before_it_starts_is_refused(small):
    with pytest.raises(MasteryDeskError, match="after it ends"):
        journal_metrics(small, D(2024, 2, 1), D(2024, 1, 1))


def test_tier_thresholds_come_from_the_journal_settings(small):
    save_rules(small, r.TierRules(applied_min_applications=1, applied_min_days=1))
    assert by_id(journal_metrics(small, *JAN))["py"].tier is r.Tier.FOUNDATION  # not reviewed
    save_rules(small, r.TierRules(applied_min_applications=1, applied_min_days=1, applied_min_reviewed=0))
    assert by_id(journal_metrics(small, *JAN))["py"].applied_on == D(2024, 1, 15)


def test_the_command_line_prints_the_metrics_as_json(small):
    small.close()
    result = subprocess.run(
        [sys.executable, "-m", "masterydesk", "metrics", "--db", str(small.path),
         "--from", "2024-01-01", "--to", "2024-01-28", "--json"],
        capture_output=True, text=True, check=True,
    )
    data = json.loads(result.stdout)
    assert data["window"] == {"from": "2024-01-01", "to": "2024-01-28"}
    assert data["overall"]["applications_per_week"] == pytest.approx(1.25)
    sql = next(s for s in data["skills"] if s["id"] == "sql")
    assert (sql["name"], sql["tier"], sql["applied_on"], sql["mastery_on"]) == ("Sql", "mastery", "2024-01-06", "2024-01-20")
    lead = next(x for x in data["roles"] if x["id"] == "r1")
    assert set(lead) == {"id", "title", "readiness", "milestones_done", "milestones_total", "gaps"}
    assert lead["gaps"][0] == {"skill_id": "py", "held": "foundation", "required": "applied"}


def test_the_command_line_reads_the_same_metrics_without_loading_sqlalchemy(small):
    small.close()
    script = (
        "import sys, json, io, contextlib\n"
        "from masterydesk.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    assert main(['metrics', '--json', '--db', {str(small.path)!r}, '--to', '2024-03-01']) == 0\n"
        "print(json.dumps({'sqlalchemy': 'sqlalchemy' in sys.modules, 'metrics': json.loads(out.getvalue())}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    printed = json.loads(result.stdout)
    assert printed["sqlalchemy"] is False
    from masterydesk.interchange.metrics_json import metrics_to_json

    assert printed["metrics"] == metrics_to_json(journal_metrics(small, end=D(2024, 3, 1)))


@pytest.mark.parametrize("window", [
    JAN,
    (D(2024, 1, 30), D(2024, 2, 1)),  # the second interaction alone, its idea applied after the window
    (D(2025, 1, 1), D(2025, 1, 7)),  # nothing
    (D(2023, 1, 1), D(2024, 12, 31)),  # everything
])
def test_the_store_counts_the_network_as_the_records_do(small, window):
    window = r.Window(*window)
    with small.reading() as connection:
        counted = read_network(connection, window)
        records = read_bundle(connection)
        rules = read_rules(connection)
    assert counted == network_counts(records, window)
    assert journal_metrics(small, window.start, window.end) == compute_metrics(records, window, rules)

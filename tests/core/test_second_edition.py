"""The second edition of the tier rules and metrics (DESIGN.md), on journals worked out by hand."""

import dataclasses
import datetime as dt
import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from masterydesk.domain import records as r
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.metrics import compute_metrics, median
from masterydesk.domain.thresholds import THRESHOLDS
from masterydesk.domain.tiers import application_strength, tier_history
from masterydesk.services.metrics import journal_metrics
from masterydesk.services.settings import save_rules
from tests.builders import app, fill, skill, teach

D = dt.date
RULES = r.TierRules()


def reviewed(aid, day, **kw):
    return app(aid, "s", day, reviewer_id="c", quality=4, **kw)


# --- tiers ------------------------------------------------------------------------------------


def test_applied_needs_its_evidence_on_two_days():
    same_day = (reviewed("a1", D(2024, 1, 1)), app("a2", "s", D(2024, 1, 1)), app("a3", "s", D(2024, 1, 1)))
    assert tier_history(r.Evidence(same_day), RULES).applied_on is None
    second_day = (*same_day, app("a4", "s", D(2024, 1, 9)))
    assert tier_history(r.Evidence(second_day), RULES).applied_on == D(2024, 1, 9)


def test_mastery_needs_teaching_on_two_days():
    applications = (reviewed("a1", D(2024, 1, 1)), reviewed("a2", D(2024, 1, 2)),
                    reviewed("a3", D(2024, 1, 3), novel_context=True))
    one_afternoon = tuple(teach(f"t{i}", "s", D(2024, 1, 3), rating=5) for i in range(4))
    assert tier_history(r.Evidence(applications, one_afternoon), RULES).mastery_on is None
    next_day = (*one_afternoon, teach("t9", "s", D(2024, 1, 4), rating=4))
    assert tier_history(r.Evidence(applications, next_day), RULES).mastery_on == D(2024, 1, 4)


def test_a_novel_context_counts_for_mastery_only_from_the_day_applied_was_reached():
    teaching = tuple(teach(f"t{i}", "s", D(2024, 2, i), rating=5) for i in range(1, 4))
    before = (app("n0", "s", D(2024, 1, 1), novel_context=True), reviewed("a1", D(2024, 1, 2)),
              app("a2", "s", D(2024, 1, 3)))
    history = tier_history(r.Evidence(before, teaching), RULES)
    assert (history.applied_on, history.mastery_on) == (D(2024, 1, 3), None)
    after = (*before, app("n1", "s", D(2024, 3, 1), novel_context=True))
    assert tier_history(r.Evidence(after, teaching), RULES).mastery_on == D(2024, 3, 1)


def test_a_skill_is_started_by_its_first_evidence_or_learning_date():
    entry_only = r.Evidence(practice=(r.Practice(D(2024, 5, 2), 30),))
    history = tier_history(entry_only, RULES)
    assert history.started_on == D(2024, 5, 2)
    assert history.tier_as_of(D(2024, 5, 1)) is r.Tier.NONE
    assert history.tier_as_of(D(2024, 5, 2)) is r.Tier.FOUNDATION
    learned_first = dataclasses.replace(entry_only, learned_on=D(2024, 4, 1))
    assert tier_history(learned_first, RULES).started_on == D(2024, 4, 1)
    assert tier_history(r.Evidence(), RULES).tier_as_of(D(2999, 1, 1)) is r.Tier.NONE


evidence_days = st.dates(D(2024, 1, 1), D(2024, 3, 31))
applications = st.lists(st.builds(
    lambda n, day, novel, quality, has_reviewer: app(f"a{n}", "s", day, novel_context=novel, quality=quality,
                                                     reviewer_id="c" if has_reviewer else None),
    st.integers(0, 10**6), evidence_days, st.booleans(), st.none() | st.integers(1, 5), st.booleans(),
), max_size=12)
teachings = st.lists(st.builds(
    lambda n, day, rating: teach(f"t{n}", "s", day, rating=rating),
    st.integers(0, 10**6), evidence_days, st.none() | st.integers(1, 5),
), max_size=8)
whole_thresholds = [t for t in THRESHOLDS if t.group != "Application strength"]


@settings(max_examples=300, deadline=None)
@given(applications, teachings, st.sampled_from(whole_thresholds), st.integers(1, 3), evidence_days)
def test_raising_any_threshold_never_raises_a_tier(applied, taught, threshold, step, day):
    evidence = r.Evidence(tuple(applied), tuple(taught))
    base = RULES
    raised = dataclasses.replace(base, **{threshold.name: getattr(base, threshold.name) + step})
    before = tier_history(evidence, base).tier_as_of(day)
    after = tier_history(evidence, raised).tier_as_of(day)
    assert after.ordinal <= before.ordinal


# --- metrics ----------------------------------------------------------------------------------


def test_strength_halves_every_half_life_and_marks_skills_at_risk():
    uses = (app("a1", "s", D(2024, 6, 30)), app("a2", "s", D(2024, 5, 31)), app("a3", "s", D(2024, 7, 2)))
    assert application_strength(uses, D(2024, 6, 30), 30) == pytest.approx(1.5)  # a3 is after the day
    bundle = r.Bundle(
        skills=(skill("s"),),
        applications=(reviewed("r1", D(2024, 1, 1)), app("r2", "s", D(2024, 1, 2)), app("r3", "s", D(2024, 1, 3))),
    )
    report = compute_metrics(bundle, r.Window(D(2024, 1, 1), D(2024, 3, 3)), RULES)
    sql = report.skills[0]
    # 0.5^(60/30) + 0.5^(61/30) + 0.5^(62/30) = 0.25 + 0.2434 + 0.2370
    assert sql.application_strength == pytest.approx(0.25 + 0.5 ** (61 / 30) + 0.5 ** (62 / 30))
    assert (sql.tier, sql.at_risk, sql.last_applied_on) == (r.Tier.APPLIED, True, D(2024, 1, 3))
    assert report.overall.skills_at_risk == 1
    fresh = compute_metrics(bundle, r.Window(D(2024, 1, 1), D(2024, 1, 3)), RULES).skills[0]
    assert not fresh.at_risk and fresh.application_strength == pytest.approx(1 + 0.5 ** (1 / 30) + 0.5 ** (2 / 30))


def test_a_foundation_skill_is_never_at_risk():
    bundle = r.Bundle(skills=(skill("s"),), applications=(app("a1", "s", D(2020, 1, 1)),))
    report = compute_metrics(bundle, r.Window(D(2024, 1, 1), D(2024, 1, 1)), RULES)
    assert (report.skills[0].tier, report.skills[0].at_risk) == (r.Tier.FOUNDATION, False)


def test_median_of_even_and_odd_counts():
    assert median([]) is None
    assert median([9, 1, 5]) == 5
    assert median([9, 1, 5, 4]) == 4.5


def test_days_each_tier_took_and_their_medians():
    def skill_reaching(sid, learned, applied_days, mastery_day=None):
        apps = [app(f"{sid}{n}", sid, d, reviewer_id="c", quality=4, novel_context=n == 2)
                for n, d in enumerate(applied_days)]
        teaching = []
        if mastery_day:
            teaching = [teach(f"{sid}t{n}", sid, mastery_day - dt.timedelta(days=n), rating=5) for n in range(3)]
        return skill(sid, learned_on=learned), apps, teaching

    parts = [
        skill_reaching("x", D(2024, 1, 1), [D(2024, 1, 10), D(2024, 1, 11), D(2024, 1, 11)], D(2024, 2, 10)),
        skill_reaching("y", D(2024, 1, 1), [D(2024, 1, 20), D(2024, 1, 21), D(2024, 1, 21)]),
        skill_reaching("z", D(2024, 1, 5), [D(2024, 1, 15), D(2024, 2, 4), D(2024, 2, 5)]),
    ]
    bundle = r.Bundle(
        skills=tuple(p[0] for p in parts),
        applications=tuple(a for p in parts for a in p[1]),
        teaching=tuple(t for p in parts for t in p[2]),
    )
    report = compute_metrics(bundle, r.Window(D(2024, 1, 1), D(2024, 3, 1)), RULES)
    days = {s.id: (s.started_on, s.days_to_applied, s.days_to_mastery) for s in report.skills}
    assert days == {"x": (D(2024, 1, 1), 10, 30), "y": (D(2024, 1, 1), 20, None), "z": (D(2024, 1, 5), 31, None)}
    assert report.overall.median_days_to_applied == 20  # 10, 20, 31
    assert report.overall.median_days_to_mastery == 30
    january = compute_metrics(bundle, r.Window(D(2024, 1, 1), D(2024, 1, 31)), RULES).overall
    assert january.median_days_to_applied == 15  # x and y reached Applied in January: (10 + 20) / 2
    assert january.median_days_to_mastery is None


def test_applied_within_14_days_counts_only_decided_skills():
    bundle = r.Bundle(
        skills=(skill("fast", learned_on=D(2024, 1, 1)), skill("slow", learned_on=D(2024, 1, 1)),
                skill("fresh", learned_on=D(2024, 1, 26))),
        applications=(app("a1", "fast", D(2024, 1, 10)), app("a2", "slow", D(2024, 1, 20))),
    )
    day_one = compute_metrics(bundle, r.Window(D(2024, 1, 1), D(2024, 1, 1)), RULES).overall
    assert day_one.applied_within_14_days_share is None  # nothing decided on a journal one day old
    by_31st = compute_metrics(bundle, r.Window(D(2024, 1, 1), D(2024, 1, 31)), RULES).overall
    assert by_31st.applied_within_14_days_share == 0.5  # fresh was learned 5 days before: pending


def test_practice_minutes_sum_the_entries_private_ones_too():
    entries = (
        r.JournalEntry("e1", D(2024, 1, 2), r.EntryKind.PRACTICE, "kata", 30, ("s",)),
        r.JournalEntry("e2", D(2024, 1, 3), r.EntryKind.REFLECTION, "secret", 15, ("s",), private=True),
        r.JournalEntry("e3", D(2024, 1, 3), r.EntryKind.LEARNING, "reading", 45),
        r.JournalEntry("e4", D(2024, 2, 1), r.EntryKind.PRACTICE, "later", 60, ("s",)),
    )
    bundle = r.Bundle(skills=(skill("s"),), journal=entries)
    report = compute_metrics(bundle, r.Window(D(2024, 1, 1), D(2024, 1, 31)), RULES)
    assert (report.overall.practice_minutes, report.skills[0].practice_minutes) == (90, 45)
    assert report.skills[0].started_on == D(2024, 1, 2) and report.skills[0].tier is r.Tier.FOUNDATION


def test_readiness_starts_from_zero_for_skills_not_started():
    bundle = r.Bundle(
        skills=(skill("a"), skill("b")),
        applications=(app("x", "a", D(2024, 1, 1)),),
        roles=(r.Role("lead", "Lead", requirements=(r.Requirement("a", r.Tier.APPLIED), r.Requirement("b", r.Tier.APPLIED))),),
    )
    role = compute_metrics(bundle, r.Window(D(2024, 1, 1), D(2024, 1, 2)), RULES).roles[0]
    assert role.readiness == pytest.approx(0.25)  # a: Foundation, half of Applied; b: not started, 0
    assert [(g.skill_id, g.held) for g in role.gaps] == [("a", r.Tier.FOUNDATION), ("b", r.Tier.NONE)]
    untouched = dataclasses.replace(bundle, applications=())
    assert compute_metrics(untouched, r.Window(D(2024, 1, 1), D(2024, 1, 2)), RULES).roles[0].readiness == 0


# --- through a journal --------------------------------------------------------------------------


@pytest.fixture
def practised(journal):
    fill(
        journal,
        skills=[skill("sql", learned_on=D(2024, 1, 2)), skill("idle")],
        journal=[
            r.JournalEntry("e1", D(2024, 1, 3), r.EntryKind.PRACTICE, "window functions", 40, ("sql",)),
            r.JournalEntry("e2", D(2024, 1, 4), r.EntryKind.REFLECTION, "private", 20, ("sql", "idle"), private=True),
            r.JournalEntry("e3", D(2024, 1, 4), r.EntryKind.LEARNING, "no skill", 15),
        ],
        applications=[app("a1", "sql", D(2024, 1, 5))],
        roles=[r.Role("r1", "Analyst", requirements=(r.Requirement("sql", r.Tier.APPLIED),))],
    )
    return journal


def test_the_journal_adds_up_practice_in_sql(practised):
    report = journal_metrics(practised, D(2024, 1, 1), D(2024, 1, 31))
    skills = {s.id: s for s in report.skills}
    assert report.overall.practice_minutes == 75
    assert (skills["sql"].practice_minutes, skills["idle"].practice_minutes) == (60, 20)
    assert skills["idle"].started_on == D(2024, 1, 4)  # started by an entry alone
    assert skills["idle"].tier is r.Tier.FOUNDATION


def test_only_the_windows_practice_counts_but_earlier_practice_still_starts_a_skill(practised):
    later = {s.id: s for s in journal_metrics(practised, D(2024, 1, 4), D(2024, 1, 31)).skills}
    assert (later["sql"].practice_minutes, later["idle"].practice_minutes) == (20, 20)
    after = {s.id: s for s in journal_metrics(practised, D(2024, 1, 5), D(2024, 1, 31)).skills}
    assert (after["sql"].practice_minutes, after["idle"].practice_minutes) == (0, 0)
    assert after["idle"].started_on == D(2024, 1, 4)  # by its entry, before the window
    assert after["idle"].tier is r.Tier.FOUNDATION


def test_a_role_saved_without_its_day_is_dated_by_its_first_evidence(practised):
    role = journal_metrics(practised, D(2024, 1, 1), D(2024, 1, 31)).roles[0]
    assert role.id == "r1"
    from masterydesk.services.editing import read_records

    assert read_records(practised, "roles", ["r1"]).roles[0].created_on == D(2024, 1, 2)  # sql's learned_on


def test_settings_out_of_range_are_refused_with_a_sentence(practised):
    with pytest.raises(MasteryDeskError, match="'with a quality of at least' must be from 1 to 5, not 9"):
        save_rules(practised, r.TierRules(applied_min_quality=9))
    save_rules(practised, r.TierRules(strength_half_life_days=7.5, at_risk_below=0.25))
    from masterydesk.services.settings import read_rules

    with practised.reading() as connection:
        assert read_rules(connection) == r.TierRules(strength_half_life_days=7.5, at_risk_below=0.25)


SECOND_EDITION_KEYS = {
    "overall": {"applications", "applications_per_week", "teaching_events", "teaching_mean_rating",
                "novel_context_share", "applied_within_14_days_share", "promotions", "interactions", "ideas",
                "ideas_applied_share", "practice_minutes", "skills_at_risk", "median_days_to_applied",
                "median_days_to_mastery", "network_resilience"},
    "skills": {"applications", "applications_per_week", "novel_context_share", "mean_quality", "teaching_events",
               "teaching_audience", "teaching_mean_rating", "first_application_latency_days", "tier", "started_on",
               "applied_on", "mastery_on", "days_to_applied", "days_to_mastery", "practice_minutes",
               "application_strength", "at_risk"},
    "roles": {"readiness", "milestones_done", "milestones_total", "gaps"},
}


def test_the_command_line_prints_every_key_of_the_second_edition(practised):
    practised.close()
    result = subprocess.run(
        [sys.executable, "-m", "masterydesk", "metrics", "--db", str(practised.path), "--from", "2024-01-01",
         "--to", "2024-01-31", "--json"], capture_output=True, text=True, check=True,
    )
    document = json.loads(result.stdout)
    assert SECOND_EDITION_KEYS["overall"] <= set(document["overall"])
    for part in ("skills", "roles"):
        for item in document[part]:
            assert SECOND_EDITION_KEYS[part] <= set(item), part
    idle = next(s for s in document["skills"] if s["id"] == "idle")
    assert (idle["tier"], idle["started_on"], idle["practice_minutes"]) == ("foundation", "2024-01-04", 20)
    assert document["overall"]["practice_minutes"] == 75


def test_a_role_cannot_require_a_skill_to_be_not_started():
    from masterydesk.domain.validation import broken_rule

    role = r.Role("lead", "Lead", requirements=(r.Requirement("s", r.Tier.NONE),))
    assert broken_rule(role) == ("requirements.tier", "a requirement asks for Foundation, Applied or Mastery")
    assert broken_rule(dataclasses.replace(role, requirements=(r.Requirement("s", r.Tier.APPLIED),))) is None

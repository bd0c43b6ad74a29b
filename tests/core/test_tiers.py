"""Tier rules of DESIGN.md, on evidence worked out by hand."""

import datetime as dt

from masterydesk.domain.records import Evidence, Tier, TierRules
from masterydesk.domain.tiers import Milestone, next_tier_milestones, tally, tier_history
from tests.builders import app, teach

D = dt.date
RULES = TierRules()


def test_applied_needs_three_applications_and_one_reviewed_with_quality_three():
    evidence = Evidence(applications=(
        app("a1", "s", D(2024, 1, 1)),
        app("a2", "s", D(2024, 1, 5), reviewer_id="c", quality=2),  # reviewed, quality too low
        app("a3", "s", D(2024, 1, 9)),
        app("a4", "s", D(2024, 2, 1), reviewer_id="c", quality=3),
    ))
    history = tier_history(evidence, RULES)
    assert history.applied_on == D(2024, 2, 1)
    assert history.tier_as_of(D(2024, 1, 31)) is Tier.FOUNDATION
    assert history.tier_as_of(D(2024, 2, 1)) is Tier.APPLIED


def test_quality_without_reviewer_does_not_count_as_reviewed():
    evidence = Evidence(applications=tuple(app(f"a{i}", "s", D(2024, 1, i), quality=5) for i in range(1, 6)))
    assert tier_history(evidence, RULES).applied_on is None


def test_same_day_evidence_completes_a_tier_together():
    day = D(2024, 3, 3)
    evidence = Evidence(
        applications=(
            app("a1", "s", D(2024, 3, 1)),
            app("a2", "s", day),
            app("a3", "s", day, reviewer_id="c", quality=4, novel_context=True),
        ),
        teaching=(
            teach("t1", "s", D(2024, 2, 1), rating=4),
            teach("t2", "s", D(2024, 2, 2), rating=5),
            teach("t3", "s", day, rating=4),
        ),
    )
    history = tier_history(evidence, RULES)
    assert history.applied_on == day
    assert history.mastery_on == day


def test_unrated_teaching_counts_as_an_event_but_not_in_the_mean():
    applications = (
        app("a1", "s", D(2024, 1, 1), reviewer_id="c", quality=3),
        app("a2", "s", D(2024, 1, 2)),
        app("a3", "s", D(2024, 1, 3), novel_context=True),
    )
    teaching = (
        teach("t1", "s", D(2024, 2, 1)),
        teach("t2", "s", D(2024, 2, 2)),
        teach("t3", "s", D(2024, 2, 3), rating=4),  # mean over the rated ones: 4.0
    )
    assert tier_history(Evidence(applications, teaching), RULES).mastery_on == D(2024, 2, 3)
    all_unrated = tuple(teach(f"t{i}", "s", D(2024, 2, i)) for i in range(1, 5))
    assert tier_history(Evidence(applications, all_unrated), RULES).mastery_on is None


def test_a_tier_once_reached_is_kept_when_the_mean_rating_later_falls():
    applications = tuple(app(f"a{i}", "s", D(2024, 1, i), reviewer_id="c", quality=4, novel_context=True) for i in range(1, 4))
    teaching = (
        teach("t1", "s", D(2024, 2, 1), rating=4),
        teach("t2", "s", D(2024, 2, 2), rating=4),
        teach("t3", "s", D(2024, 2, 3), rating=4),
        teach("t4", "s", D(2024, 2, 4), rating=1),
    )
    history = tier_history(Evidence(applications, teaching), RULES)
    assert history.mastery_on == D(2024, 2, 3)
    assert history.tier_as_of(D(2024, 12, 31)) is Tier.MASTERY


def test_mastery_needs_applied_first_even_when_teaching_came_earlier():
    teaching = tuple(teach(f"t{i}", "s", D(2023, 1, i), rating=5) for i in range(1, 4))
    applications = (
        app("a1", "s", D(2024, 1, 1)),
        app("a2", "s", D(2024, 1, 2)),
        app("a3", "s", D(2024, 1, 3), reviewer_id="c", quality=5, novel_context=True),
    )
    history = tier_history(Evidence(applications, teaching), RULES)
    assert history.applied_on == history.mastery_on == D(2024, 1, 3)  # the novel use is on the day of Applied


def test_changed_thresholds_change_the_history():
    applications = (app("a1", "s", D(2024, 1, 1), reviewer_id="c", quality=3),)
    assert tier_history(Evidence(applications), RULES).applied_on is None
    lenient = TierRules(applied_min_applications=1, applied_min_days=1)
    assert tier_history(Evidence(applications), lenient).applied_on == D(2024, 1, 1)


def test_milestones_say_what_the_next_tier_still_needs():
    evidence = Evidence(applications=(app("a1", "s", D(2024, 1, 1)), app("a2", "s", D(2024, 1, 1))))
    milestones = next_tier_milestones(evidence, RULES, D(2024, 2, 1))
    assert [str(m) for m in milestones] == [
        "2 of 3 applications",
        "1 of 2 days with an application",
        "0 of 1 reviewed applications (quality ≥ 3)",
    ]
    assert next_tier_milestones(Evidence(), RULES, D(2024, 2, 1)) == [
        Milestone("journal entries, applications or teaching events", 0, 1)
    ]


def test_towards_mastery_a_rating_is_asked_for_only_until_there_is_one():
    applied = tuple(app(f"a{i}", "s", D(2024, 1, i), reviewer_id="c", quality=4) for i in range(1, 4))
    unrated = Evidence(applied, (teach("t1", "s", D(2024, 2, 1)),))
    lines = [str(m) for m in next_tier_milestones(unrated, RULES, D(2024, 3, 1))]
    assert lines == [
        "1 of 3 teaching events",
        "1 of 2 days with teaching",
        "0 of 1 rated teaching events",
        "0 of 1 novel-context applications since Applied",
    ]
    rated = Evidence(applied, (teach("t1", "s", D(2024, 2, 1), rating=3),))
    assert "mean teaching rating 3.0 (needs 4.0)" in [str(m) for m in next_tier_milestones(rated, RULES, D(2024, 3, 1))]
    assert tally(rated, RULES).mean_rating == 3.0

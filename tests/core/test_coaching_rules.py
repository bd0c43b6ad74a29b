"""What a coach is asked about, decided in the domain from records worked out by hand."""

import datetime as dt

from masterydesk.domain import coaching
from masterydesk.domain import records as r
from masterydesk.domain.metrics import compute_metrics, evidence_by_skill, tier_histories
from tests.builders import app, contact, skill, teach

D = dt.date
WINDOW = r.Window(D(2024, 3, 1), D(2024, 3, 28))
BUNDLE = r.Bundle(
    skills=(skill("sql", learned_on=D(2024, 1, 1)), skill("py", learned_on=D(2024, 3, 10)),
            skill("go", learned_on=D(2024, 3, 20))),
    contacts=(contact("c1", skill_ids=("sql", "py")), contact("c2", skill_ids=("sql",))),
    applications=(
        app("a1", "sql", D(2024, 1, 2), reviewer_id="c1", quality=4), app("a2", "sql", D(2024, 1, 3)),
        app("a3", "sql", D(2024, 1, 4)),
        *(app(f"p{n}", "py", D(2024, 3, 10 + n)) for n in range(3)),
    ),
    teaching=(teach("t1", "py", D(2024, 3, 15)),),
)


def report(rules=r.TierRules(), window=WINDOW):
    return compute_metrics(BUNDLE, window, rules)


def test_applied_but_never_taught_and_at_foundation_without_a_review():
    histories = tier_histories(evidence_by_skill(BUNDLE), r.TierRules())
    assert [(s.id, day) for s, day in coaching.skills_waiting_to_be_taught(BUNDLE, histories, WINDOW.end)] == [
        ("sql", D(2024, 1, 4))]
    assert [s.id for s in coaching.skills_waiting_for_review(report(), r.TierRules())] == ["py"]
    fewer = r.TierRules(applied_min_applications=4)  # the threshold comes from the settings
    assert coaching.skills_waiting_for_review(report(fewer), fewer) == []


def test_thin_support_waiting_use_rate_drop_and_ideas():
    assert [(s.id, n) for s, n in coaching.thinly_supported_skills(BUNDLE, report())] == [("py", 1)]
    assert [(s.id, days) for s, days in coaching.skills_waiting_for_use(BUNDLE, evidence_by_skill(BUNDLE), D(2024, 3, 31))] == [
        ("go", 11)]
    january = report(window=r.Window(D(2024, 1, 1), D(2024, 1, 28)))  # 3 applications in 4 weeks, as in March
    assert coaching.application_rate_drop(report(), january) is None  # the same rate: no question
    quiet = report(window=r.Window(D(2024, 2, 1), D(2024, 2, 28)))
    assert coaching.application_rate_drop(quiet, january) == (0.75, 0.0)
    assert coaching.ideas_waiting(BUNDLE, WINDOW) == (0, 0)

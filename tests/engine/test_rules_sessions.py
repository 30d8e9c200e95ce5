"""Sessions a coach would sign (DOMAIN §2, §3, §9): words that agree with their number, and the
rules that follow in this module. One test per rule code, on runners a coach would recognise;
test_rules.test_every_rule_has_a_named_test reads this module too."""

from __future__ import annotations

from datetime import date

from app.engine.explain import ENGLISH, msg
from app.engine.programme import generate_programme
from tests.engine import checks
from tests.engine.helpers import plan, profile

GYM = ["barbell", "dumbbells", "bench"]


def test_counted_messages_agree_with_their_number():
    render = ENGLISH.render
    assert render(msg("prog.maintain", sets=1)).endswith("build, 1 set.")
    assert render(msg("prog.maintain", sets=2)).endswith("build, 2 sets.")
    assert render(msg("plan.race_weeks_after", weeks=1)) == "the week after this one"
    assert render(msg("plan.race_weeks_after", weeks=3)) == "3 weeks after this one"
    assert render(msg("adapt.missed", count=1)).startswith("1 session missed")
    assert render(msg("prog.easy_start", weeks=1)).startswith("The first week is the easiest")
    assert render(msg("warn.plan_has", count=1)) == "The plan has 1 strength session."
    assert "1 rep in reserve" in render(msg("load.source_week", week=2, sets=3, reps=10,
                                            load="16", unit="kg", reserve=1))
    one = plan(sessions_per_week=1, unavailable_days=["mon", "tue", "wed", "thu", "fri", "sat",
                                                       "sun"])
    reduced = next(w for w in one.warnings if w.code == "sessions_reduced")
    assert reduced.message.startswith("The strength session you were due does not fit")
    prog = generate_programme(profile(phase=None, experience="advanced", equipment=GYM,
                                      strength_history_weeks=52),
                              start_date=date(2026, 1, 5), race_date=date(2026, 4, 26))
    lines = [*prog.rationale] + [n.note for w in prog.weeks for n in w.progression.values()]
    assert any(line.startswith("The first week is the easiest") for line in lines)
    assert not checks.counted_word_problems(lines)

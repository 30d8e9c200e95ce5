"""Heavy sessions in programme weeks keep their strength rest (DOMAIN §3), over random
programmes: the build and race-specific weeks' heavy sessions come from the week planner and
then progress week by week, and no progression step or time fit shortens a heavy set's rest.
Same inputs and settings as test_programme_properties (300 examples under
HYPOTHESIS_PROFILE=ci)."""

from __future__ import annotations

from hypothesis import given

from app.engine.dosing import role
from app.engine.rules import DEFAULT_RULES
from app.engine.types import Intensity
from tests.engine.checks import counted_word_problems
from tests.engine.test_programme_properties import CAT, PROGRAMME_SETTINGS, inputs


@PROGRAMME_SETTINGS
@given(inputs())
def test_heavy_sessions_keep_strength_rest_in_every_programme_week(inp):
    prog = inp.generate()
    for w in prog.weeks:
        for s in w.plan.sessions:
            if s.intensity is not Intensity.HEAVY:
                continue
            for rx in s.exercises:
                if role(CAT.by_slug[rx.slug]) == "lift":
                    assert rx.rest_seconds >= DEFAULT_RULES.rest_heavy_lift, (
                        w.number, s.id, rx.slug, rx.rest_seconds)


@PROGRAMME_SETTINGS
@given(inputs())
def test_programme_words_agree_with_their_numbers(inp):
    prog = inp.generate()
    lines = [*prog.rationale, *(w.message for w in prog.warnings)]
    for w in prog.weeks:
        lines += [*w.plan.rationale, *(x.message for x in w.plan.warnings)]
        lines += [n.note for n in w.progression.values()]
        lines += [w.adaptation] if w.adaptation else []
        for s in w.plan.sessions:
            lines += [*s.rationale, *(rx.load.advice for rx in s.exercises)]
    assert not counted_word_problems(lines)


@PROGRAMME_SETTINGS
@given(inputs())
def test_a_harder_variation_keeps_its_doable_dose_in_every_programme_week(inp):
    """hard_exercises_get_doable_doses holds after progression too: a step to a harder
    variation (towel curl to Nordic curl, skater to pistol) takes the new exercise's dose."""
    prog = inp.generate()
    for w in prog.weeks:
        for s in w.plan.sessions:
            for rx in s.exercises:
                hard = DEFAULT_RULES.hard_doses.get(rx.slug)
                if hard is not None:
                    assert rx.target.max <= hard.amount[1], (w.number, s.id, rx.slug, rx.target)

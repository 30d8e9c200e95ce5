"""Programme weeks, one change at a time (DOMAIN §6): where a week's sessions are planned anew,
what a change that does not fit the time falls back to, and which state an exercise continues
from. Each test pins a case that random programmes once found."""

from __future__ import annotations

from datetime import date

from app.engine.programme import ProgrammeWeek, generate_programme
from app.engine.progression import ExerciseState, find_state, remember
from app.engine.rules import DEFAULT_RULES
from app.engine.types import (
    Category,
    Equipment,
    Experience,
    Injury,
    InjuryArea,
    InjuryStatus,
    Phase,
    RunnerProfile,
)

MONDAY = date(2026, 1, 5)


def by_position(w: ProgrammeWeek) -> dict[tuple[str, int], tuple[str, int, int]]:
    return {(s.id, i): (rx.slug, rx.sets, rx.rest_seconds)
            for s in w.plan.sessions for i, rx in enumerate(s.exercises)}


def test_the_first_week_keeps_the_form_of_the_weeks_after_it():
    """Straight into maintenance with 23 minutes: the full weeks run as a circuit to fit two
    sets, so the lighter first week is the same circuit with one set, not straight sets at 90 s
    (which would change the sets and the rest together in week 2)."""
    p = RunnerProfile(experience=Experience.INTERMEDIATE, phase=Phase.RACE_SPECIFIC,
                      session_minutes=23)
    prog = generate_programme(p, start_date=MONDAY, weeks=4)
    first, second = by_position(prog.weeks[0]), by_position(prog.weeks[1])
    same = [k for k in first if k in second and first[k][0] == second[k][0]]
    assert same
    for k in same:
        assert first[k][2] == second[k][2], k  # the same rest
        assert first[k][1] <= second[k][1], k
    assert all(sets == 1 for _, sets, _ in first.values())
    assert any(second[k][1] == 2 for k in same)


def test_no_deload_in_the_first_week_of_a_phase_or_of_loaded_work():
    """A beginner's week 4 is both build's first week and the first week with weights: its
    sessions are new, which is the week's change, so the deload due then comes in week 5."""
    prog = generate_programme(RunnerProfile(experience=Experience.BEGINNER, session_minutes=37),
                              start_date=MONDAY, race_date=date(2026, 3, 30))
    assert prog.weeks[3].phase is Phase.BUILD
    assert prog.weeks[2].phase is Phase.BASE
    assert [w.number for w in prog.weeks if w.deload] == [5]
    week4, week5 = by_position(prog.weeks[3]), by_position(prog.weeks[4])
    for k, (slug, sets, rest) in week5.items():
        if k in week4 and week4[k][0] == slug:  # the same session: one set fewer, same rest
            assert sets == max(1, week4[k][1] - 1), k
            assert rest == week4[k][2], k


def test_a_deload_is_never_more_than_a_week_late():
    """Weeks 4 and 5 are both fresh for this beginner (first weights, then base's first week):
    the deload waits once, not twice, so five weeks never pass without one."""
    prog = generate_programme(RunnerProfile(experience=Experience.BEGINNER, session_minutes=15),
                              start_date=MONDAY, race_date=date(2026, 5, 18))
    general = [w for w in prog.weeks if w.phase in (Phase.OFF_SEASON, Phase.BASE, Phase.BUILD)]
    assert [w.phase for w in general[:5]] == [Phase.OFF_SEASON] * 4 + [Phase.BASE]
    assert general[4].deload


def test_a_change_that_does_not_fit_falls_back_to_something_shorter():
    """A session new this week (three sessions instead of two) squeezes a core exercise in for
    one set; last week the same exercise had three sets in another session. Holding it at those
    three sets would lengthen the session, so it keeps the one planned set, and next week's
    deload goes down from there by one set, not by two."""
    p = RunnerProfile(experience=Experience.INTERMEDIATE, phase=Phase.OFF_SEASON,
                      equipment=frozenset({Equipment.BARBELL}), session_minutes=59,
                      injuries=(Injury(InjuryArea.KNEE, InjuryStatus.HISTORY),
                                Injury(InjuryArea.IT_BAND, InjuryStatus.CURRENT)))
    prog = generate_programme(p, start_date=date(2026, 1, 8), weeks=4)
    week3, week4 = prog.weeks[2], prog.weeks[3]
    assert week4.deload
    tap = next(rx for s in week3.plan.sessions if s.id == "mon-strength" for rx in s.exercises
               if rx.slug == "plank-shoulder-tap")
    assert tap.sets == 1
    for s in week3.plan.sessions:
        assert s.estimated_minutes <= p.session_minutes
    before = by_position(week3)
    for k, (slug, sets, _) in by_position(week4).items():
        if k in before and before[k][0] == slug:
            assert sets == max(1, before[k][1] - 1), k


def test_a_session_runs_as_straight_sets_or_as_a_circuit_never_half_of_each():
    """The first week with weights plans a straight-sets session where the bodyweight weeks had
    a circuit. Exercises that could not progress within the time hold last week's dose at this
    session's rest, not at the circuit's."""
    p = RunnerProfile(experience=Experience.BEGINNER, phase=Phase.OFF_SEASON,
                      equipment=frozenset({Equipment.KETTLEBELL}), session_minutes=34,
                      injuries=(Injury(InjuryArea.KNEE, InjuryStatus.CURRENT),))
    prog = generate_programme(p, start_date=MONDAY, weeks=5)
    circuit = DEFAULT_RULES.rest_circuit
    for w in prog.weeks:
        for s in w.plan.sessions:
            forms = {rx.rest_seconds <= circuit for rx in s.exercises
                     if rx.category is not Category.PLYOMETRICS}
            assert len(forms) == 1, (w.number, s.id, [rx.rest_seconds for rx in s.exercises])


def test_an_exercise_new_to_a_session_continues_from_its_latest_state():
    week1 = prog_state("thu-strength", goal=8)
    week2 = prog_state("tue-strength", goal=10)
    state: dict[str, ExerciseState] = {}
    remember(state, "thu-strength:goblet-squat", week1)
    remember(state, "tue-strength:goblet-squat", week2)
    assert find_state(state, "mon-strength", "goblet-squat") is week2
    remember(state, "thu-strength:goblet-squat", week1)  # written again: now the latest
    assert find_state(state, "mon-strength", "goblet-squat") is week1
    assert find_state(state, "tue-strength", "goblet-squat") is week2  # its own comes first


def prog_state(session_id: str, *, goal: int) -> ExerciseState:
    prog = generate_programme(RunnerProfile(experience=Experience.INTERMEDIATE,
                                            phase=Phase.BASE,
                                            equipment=frozenset({Equipment.DUMBBELLS})),
                              start_date=MONDAY, weeks=4)
    rx = prog.weeks[0].plan.sessions[0].exercises[0]
    return ExerciseState(f"{session_id}-{rx.slug}", goal, rx.sets, rx.tempo, 0, 0, rx)

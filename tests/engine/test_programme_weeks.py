"""Programme weeks, one change at a time (DOMAIN §6): where a week's sessions are planned anew,
what a change that does not fit the time falls back to, and which state an exercise continues
from. Each test pins a case that random programmes once found."""

from __future__ import annotations

from datetime import date

from app.engine.programme import ProgrammeWeek, generate_programme
from app.engine.progression import (
    LOAD_STEPS,
    Change,
    ExerciseState,
    Progression,
    find_state,
    remember,
)
from app.engine.rules import DEFAULT_RULES
from app.engine.types import (
    Category,
    Day,
    Equipment,
    Experience,
    Injury,
    InjuryArea,
    InjuryStatus,
    Phase,
    Prescription,
    Run,
    RunKind,
    RunnerProfile,
    Strategy,
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


def test_no_deload_in_the_first_week_of_a_phase():
    """Week 4 is build's first week and the fourth loading week: its sessions are new (a heavy
    day now), which is the week's change, so the deload comes in week 5, on sessions the runner
    has done once: one set fewer, the same rest."""
    prog = generate_programme(RunnerProfile(experience=Experience.INTERMEDIATE,
                                            session_minutes=37),
                              start_date=MONDAY, race_date=date(2026, 3, 30))
    assert prog.weeks[2].phase is Phase.BASE
    assert prog.weeks[3].phase is Phase.BUILD
    assert [w.number for w in prog.weeks if w.deload] == [5]
    week4, week5 = by_position(prog.weeks[3]), by_position(prog.weeks[4])
    same = [k for k in week5 if k in week4 and week4[k][0] == week5[k][0]]
    assert same
    for k in same:
        assert week5[k][1] == max(1, week4[k][1] - 1), k
        assert week5[k][2] == week4[k][2], k


def test_a_change_that_does_not_fit_falls_back_to_something_shorter():
    """A session new this week (three sessions instead of two) squeezes a core exercise in for
    one set; last week the same exercise had three sets in another session. Holding it at those
    three sets would lengthen the session, so it keeps the one planned set, and a deload goes
    down by one set from the week before it, not by two."""
    p = RunnerProfile(experience=Experience.INTERMEDIATE, phase=Phase.OFF_SEASON,
                      equipment=frozenset({Equipment.BARBELL}), session_minutes=55,
                      injuries=(Injury(InjuryArea.KNEE, InjuryStatus.HISTORY),
                                Injury(InjuryArea.IT_BAND, InjuryStatus.CURRENT)))
    prog = generate_programme(p, start_date=date(2026, 1, 8), weeks=6)
    week3 = prog.weeks[2]
    assert [w.number for w in prog.weeks if w.deload] == [6]
    tap = next(rx for s in week3.plan.sessions if s.id == "mon-strength" for rx in s.exercises
               if rx.slug == "plank-shoulder-tap")
    assert tap.sets == 1
    for s in week3.plan.sessions:
        assert s.estimated_minutes <= p.session_minutes
    before = by_position(prog.weeks[4])
    for k, (slug, sets, _) in by_position(prog.weeks[5]).items():
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


def test_bodyweight_weeks_do_not_count_towards_a_deload():
    """A beginner's three bodyweight weeks learn the moves; the deload comes about four loading
    weeks later (it was the second week with weights), and not in build's first week."""
    p = RunnerProfile(experience=Experience.BEGINNER, session_minutes=40,
                      equipment=frozenset({Equipment.DUMBBELLS, Equipment.MINI_BAND}))
    prog = generate_programme(p, start_date=date(2026, 3, 2), race_date=date(2026, 6, 21))
    assert all(not w.deload for w in prog.weeks[:6])
    first = next(w for w in prog.weeks if w.deload)
    assert first.number == 7
    assert prog.weeks[first.number - 2].phase is first.phase  # not a phase's first week


def short_sessions() -> list[ProgrammeWeek]:
    p = RunnerProfile(experience=Experience.INTERMEDIATE, session_minutes=15,
                      runs=tuple(Run(d, RunKind.EASY) for d in (Day.MON, Day.TUE, Day.WED,
                                                                 Day.FRI)))
    prog = generate_programme(p, start_date=date(2026, 8, 15), race_date=date(2026, 11, 30))
    return list(prog.weeks)


def thursday(w: ProgrammeWeek, slug: str) -> tuple[Prescription, Progression]:
    s = next(x for x in w.plan.sessions if x.id == "thu-strength")
    i = next(i for i, rx in enumerate(s.exercises)
             if w.progression[(s.id, i)].base_slug == slug)
    return s.exercises[i], w.progression[(s.id, i)]


def test_a_load_step_due_is_not_put_off_by_a_new_phases_range():
    """A step due in the first week of a new phase whose change for the exercise is only its
    range (the sets stay) comes on the new range, rather than the new targets taking yet another
    loading week without one."""
    p = RunnerProfile(experience=Experience.INTERMEDIATE, session_minutes=25)
    prog = generate_programme(p, start_date=date(2026, 8, 15), race_date=date(2026, 11, 30))
    found = []
    for prev, w in zip(prog.weeks, prog.weeks[1:], strict=False):
        if prev.phase is w.phase:
            continue
        before = {(s.id, i): (rx, prev.progression[(s.id, i)])
                  for s in prev.plan.sessions for i, rx in enumerate(s.exercises)}
        for s in w.plan.sessions:
            for i, rx in enumerate(s.exercises):
                note = w.progression[(s.id, i)]
                old, was = before.get((s.id, i), (None, None))
                if (note.change in LOAD_STEPS and old is not None and was is not None
                        and was.base_slug == note.base_slug and old.sets == rx.sets
                        and (old.target.min, old.target.max)
                        != (rx.target.min, rx.target.max)):
                    found.append((w.number, old.slug, rx.slug, note.change))
                    assert was.change not in LOAD_STEPS  # no step the week before
    assert found  # e.g. week 4, base's first: tempo squat -> split squat on base's 8-12
    assert any(change == Change.VARIATION for *_, change in found)


def test_an_exercise_the_deload_left_at_one_set_progresses_the_week_after():
    """A deload cannot take a set from an exercise at one set, so there is no set to bring back
    the week after: that week the exercise progresses as in any loading week."""
    weeks = short_sessions()
    assert weeks[4].deload
    held, _ = thursday(weeks[4], "tempo-bodyweight-squat")
    rx, note = thursday(weeks[5], "tempo-bodyweight-squat")
    assert held.sets == rx.sets == 1
    assert note.change == Change.REPS
    assert note.reps_goal is not None
    assert note.reps_goal > rx.target.min  # a rep more than the step's bottom of the range


def test_week_1_of_a_programme_of_settling_in_weeks_is_not_its_hardest():
    """The race thirteen days away: every week is a settling-in week, so there is no full week
    to measure the first against. Week 2's only session is light (the day before the race
    allows nothing else), so week 1 takes a rep more in reserve rather than be the hardest."""
    p = RunnerProfile(experience=Experience.BEGINNER, session_minutes=15,
                      strategy=Strategy.SEPARATE,
                      runs=(Run(Day.MON, RunKind.EASY), Run(Day.SAT, RunKind.EASY),
                            Run(Day.THU, RunKind.EASY), Run(Day.WED, RunKind.QUALITY),
                            Run(Day.FRI, RunKind.QUALITY), Run(Day.TUE, RunKind.EASY)))
    weeks = generate_programme(p, start_date=date(2026, 1, 6), race_date=date(2026, 1, 19)).weeks
    top = [max((rx.load.rpe or 0 for s in w.plan.sessions for rx in s.exercises), default=0)
           for w in weeks]
    assert weeks[1].plan.sessions[0].intensity.label == "light"
    assert top[0] <= max(top[1:])  # was RPE 6 against week 2's 5

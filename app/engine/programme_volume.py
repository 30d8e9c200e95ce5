"""Where a programme starts and how big each of its weeks may be (DOMAIN §5-§6).

The first weeks are the easiest of the programme: bodyweight while the moves are learnt, then
settling-in weeks with moderate sessions, a rep more in reserve and never more sessions or
working sets than the first full week after them. Until build starts, no week holds more
sessions or working sets, or a higher top effort, than a build week. Race-specific weeks keep
build's exercises, load and effort and hold about a third fewer working sets than build's
loading weeks did.

The limits are ceilings planned ahead: a full build week and the first full week are planned
once before week 1 (the planner is memoised, so the real weeks reuse them), and a week over its
ceiling is planned with fewer sessions or a rep more in reserve, then its sets are cut, least
important exercise first and never below one set: the exercises, and so every sentence naming
them, stay.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from app.engine.context import NO_LIMITS, WeekOptions
from app.engine.dosing import role
from app.engine.explain import Msg, msg
from app.engine.types import (
    GENTLE_PHASES,
    Exercise,
    Experience,
    InjuryStatus,
    Intensity,
    Phase,
    RunnerProfile,
    Session,
    WeekPlan,
)

# Which sets go first when a week is over its ceiling: upper body, then core, accessories,
# plyometrics, calves, and the main leg lifts last.
CUT_ORDER = {"upper": 0, "core": 1, "accessory": 2, "plyo": 3, "calf": 4, "lift": 5}
MAINTENANCE_SHARE = 0.75  # race-specific: about a third fewer working sets than build


@dataclass(frozen=True, slots=True)
class Start:
    """Where progression starts for this runner: bodyweight weeks, then settling-in weeks."""

    bodyweight_weeks: int
    intro_weeks: int
    first_sets: int = 2  # sets of each exercise in the very first week
    first_sessions: int = 2


def starting_point(profile: RunnerProfile) -> Start:
    history = profile.strength_history_weeks or 0
    pain = any(i.status is InjuryStatus.CURRENT for i in profile.injuries)
    if profile.experience is Experience.BEGINNER and history < 8:
        return Start(3, 3, first_sets=1)
    bodyweight = 2 if pain else 0
    return Start(bodyweight, max(bodyweight, 1 if history >= 26 else 2))


def week_limits(number: int, start: Start, phase: Phase) -> WeekOptions:
    """The first weeks are the easiest of the programme: no heavy session and at most two (the
    very first week's fewer sets are cut from the planned week by first_week, so the session
    keeps the form - straight sets or a circuit - of the weeks after it)."""
    if number > start.intro_weeks or phase in GENTLE_PHASES:
        return NO_LIMITS
    first = number == 1
    return WeekOptions(max_intensity=Intensity.MODERATE,
                       max_sessions=start.first_sessions if first else 2,
                       lean=first, extra_reserve=1,
                       plyometrics=False)  # jumps once the runner is lifting again


def first_sets(start: Start, phase: Phase) -> int:
    """The most sets of any exercise in the programme's first week."""
    return 1 if phase is Phase.RACE_SPECIFIC else start.first_sets


@dataclass(frozen=True, slots=True)
class Ceiling:
    """The most a week may hold (None: no limit) and the sentence that says why, when the
    limit cuts something."""

    sessions: int | None = None
    sets: int | None = None
    rpe: int | None = None
    why: str | None = None  # message id, with {sets} and {build}
    build: int = 0  # the build volume the limit comes from (for the sentence)
    # sessions (id, intensity) the reference week holds the same: their sets are cut last, so
    # that the week after, planned the same, does not inherit the cut by holding last week's
    # dose when its own does not fit the time
    kept: frozenset[tuple[str, int]] = frozenset()

    def below(self, other: Ceiling) -> Ceiling:
        """Both limits at once; the first one's sentence."""
        def least(a: int | None, b: int | None) -> int | None:
            return b if a is None else a if b is None else min(a, b)
        return Ceiling(least(self.sessions, other.sessions), least(self.sets, other.sets),
                       least(self.rpe, other.rpe), self.why or other.why,
                       self.build or other.build, self.kept | other.kept)


NO_CEILING = Ceiling()


def working_sets(plan: WeekPlan) -> int:
    return sum(rx.sets for s in plan.sessions for rx in s.exercises)


def least_sets(plan: WeekPlan) -> int:
    """The fewest working sets the week's exercises can be cut to: one each."""
    return sum(len(s.exercises) for s in plan.sessions)


def top_rpe(plan: WeekPlan) -> int:
    return max((rx.load.rpe or 0 for s in plan.sessions for rx in s.exercises), default=0)


def ceiling_of(plan: WeekPlan, why: str | None = None) -> Ceiling:
    """A planned week as a ceiling for others: its sessions, working sets and top effort."""
    sets = working_sets(plan)
    return Ceiling(len(plan.sessions), sets, top_rpe(plan), why, sets,
                   frozenset((s.id, int(s.intensity)) for s in plan.sessions))


@dataclass(frozen=True, slots=True)
class Shape:
    """The references planned ahead: a full build week, and the first full week after the
    settling-in weeks."""

    layout: tuple[Phase, ...]
    start: Start
    first_build: int | None  # week number of build's first week, in a race programme
    build: Ceiling | None  # base and general preparation stay within it
    first_full: Ceiling | None  # the settling-in weeks stay within it ...
    first_full_number: int = 0  # ... and within build's when this week comes before build
    first_week: Ceiling = NO_CEILING  # week 1 never above any later week (found as built)


def plan_ahead(layout: Sequence[Phase], start: Start, race: bool,
               plan_week: Callable[[int], WeekPlan]) -> Shape:
    """Plan the reference weeks: build's first full week (past the settling-in weeks) and the
    first full week of the programme. `plan_week(number)` is the planner's week `number`."""
    phases = tuple(layout)
    settled = start.intro_weeks
    first_build = next((i + 1 for i, p in enumerate(phases) if p is Phase.BUILD), None)
    full_build = next((i + 1 for i, p in enumerate(phases)
                       if p is Phase.BUILD and i + 1 > settled), None)
    build = None
    if race and full_build is not None:
        build = ceiling_of(plan_week(full_build), "prog.below_build")
    n = settled + 1
    if not settled or n > len(phases) or phases[n - 1] in GENTLE_PHASES:
        return Shape(phases, start, first_build if race else None, build, None)
    first_full = build if n == full_build and build is not None else ceiling_of(plan_week(n))
    return Shape(phases, start, first_build if race else None, build,
                 dataclasses.replace(first_full, why="prog.settling_cap"), n)


def early_weeks(start: Start) -> int:
    """The programme's first, easiest weeks: the settling-in weeks, and at least two."""
    return max(2, start.intro_weeks)


def ceiling(shape: Shape, number: int, build_most: int) -> Ceiling:
    """Week `number`'s ceiling. `build_most`: the most working sets of build's loading weeks so
    far (0 before any)."""
    phase = shape.layout[number - 1]
    if phase in GENTLE_PHASES:
        return NO_CEILING
    out = shape.first_week if number == 1 else NO_CEILING
    before_build = shape.first_build is not None and shape.build is not None
    if number <= early_weeks(shape.start) and shape.first_full is not None:
        out = out.below(shape.first_full)
        if before_build and shape.first_full_number < (shape.first_build or 0):
            assert shape.build is not None
            out = out.below(shape.build)
    if before_build and number < (shape.first_build or 0):
        assert shape.build is not None
        out = out.below(shape.build)
    if phase is Phase.RACE_SPECIFIC and build_most:
        out = out.below(Ceiling(sets=int(MAINTENANCE_SHARE * build_most + 1e-9),
                                why="prog.maintenance_cut", build=build_most))
    return out


@dataclass(frozen=True, slots=True)
class Size:
    """A week as the ceilings measure it: sessions, working sets and top effort, and the fewest
    sets it could be cut to (one of each exercise)."""

    sets: int
    rpe: int
    least: int


def size_of(plan: WeekPlan) -> Size:
    sets = rpe = least = 0
    for s in plan.sessions:
        least += len(s.exercises)
        for rx in s.exercises:
            sets += rx.sets
            rpe = max(rpe, rx.load.rpe or 0)
    return Size(sets, rpe, least)


def as_built(shape: Shape, weeks: Sequence[tuple[Phase, bool, WeekPlan]]) -> Shape | None:
    """The ceilings again, from the weeks as progressed. A progressed week can hold fewer sets
    than the planner's (a slower tempo or a harder variation that does not fit the time holds
    last week's dose), so a week before build can come out bigger or harder than build's
    loading weeks, or an early week bigger than the weeks after it. Then: the shape with those
    ceilings at what the later weeks hold; None when every week is within them (or holds one
    set of each exercise, nothing left to cut). `weeks`: each week's phase, whether it is a
    deload, and its plan."""
    sizes = [size_of(plan) if plan.sessions else None for _, _, plan in weeks]
    out = shape
    if shape.build is not None and shape.first_build is not None:
        settled = shape.start.intro_weeks
        loading = [size for i, ((phase, deload, _), size) in enumerate(zip(weeks, sizes,
                                                                           strict=True))
                   if phase is Phase.BUILD and not deload and i + 1 > settled]
        tighter = _tighter(shape.build, loading, sizes[: shape.first_build - 1])
        if tighter is not None:
            out = dataclasses.replace(out, build=tighter)
    if shape.first_full is not None:
        early = early_weeks(shape.start)
        later = [size for (phase, _, _), size in zip(weeks[early:], sizes[early:], strict=True)
                 if phase not in GENTLE_PHASES]
        tighter = _tighter(shape.first_full, later, sizes[:early])
        if tighter is not None:
            out = dataclasses.replace(out, first_full=tighter)
    # A programme short enough to be all settling-in weeks (a race in two weeks) has no full
    # week to measure the first against: the weeks after it, whatever they are.
    tighter = _tighter(dataclasses.replace(shape.first_week, why="prog.settling_cap"),
                       sizes[1:], sizes[:1])
    if tighter is not None:
        out = dataclasses.replace(out, first_week=tighter)
    return None if out is shape else out


def _tighter(top: Ceiling, reference: Sequence[Size | None],
             weeks: Sequence[Size | None]) -> Ceiling | None:
    """`top` at the most sets and effort of `reference` when one of `weeks` is above them
    (weeks without a session, None, count for neither)."""
    measured = [size for size in reference if size is not None]
    if not measured:
        return None
    most, hardest = max(x.sets for x in measured), max(x.rpe for x in measured)
    if not any(size.rpe > hardest or size.sets > max(most, size.least)
               for size in weeks if size is not None):
        return None
    sets = most if top.sets is None else min(top.sets, most)
    rpe = hardest if top.rpe is None else min(top.rpe, hardest)
    return dataclasses.replace(top, sets=sets, rpe=rpe, build=min(top.build or most, most))


def ceiling_sentence(top: Ceiling, capped: bool, plan: WeekPlan) -> Msg | None:
    """What the week says when its ceiling changed it (fewer sessions or sets, a rep more in
    reserve), with the working sets it holds once progressed; nothing when it is still over
    (one set of each exercise is as far as a cut goes)."""
    sets = working_sets(plan)
    if (not capped or top.why is None or top.sets is None or sets > top.sets
            or sets < 2):
        return None
    return msg(top.why, sets=sets, build=top.build)


def with_ceiling(options: WeekOptions, top: Ceiling) -> WeekOptions:
    if top.sessions is None:
        return options
    most = top.sessions if options.max_sessions is None else min(options.max_sessions,
                                                                 top.sessions)
    return dataclasses.replace(options, max_sessions=most)


def easier(options: WeekOptions, plan: WeekPlan, top: Ceiling) -> WeekOptions | None:
    """The options that bring the week's top effort down to the ceiling's (a rep more in
    reserve per point over it), or None when it is within already."""
    if top.rpe is None:
        return None
    over = top_rpe(plan) - top.rpe
    if over <= 0:
        return None
    return dataclasses.replace(options, extra_reserve=options.extra_reserve + over)


def cut_sets(sessions: Sequence[Session], most: int, by_slug: Mapping[str, Exercise],
             kept: frozenset[tuple[str, int]] = frozenset()) -> list[list[int]]:
    """The sets of each exercise once the week is cut to `most` working sets: one set at a time
    from the exercise with the most sets, the least important first (sessions in `kept` last;
    CUT_ORDER; a lighter session before a heavier one, later sessions and exercises first),
    never below one set."""
    sets = [[rx.sets for rx in s.exercises] for s in sessions]
    total = sum(map(sum, sets))
    order = sorted(((CUT_ORDER[role(by_slug[rx.slug])], int(s.intensity), -i, -j), i, j)
                   for i, s in enumerate(sessions) for j, rx in enumerate(s.exercises))
    late = [(s.id, int(s.intensity)) in kept for s in sessions]
    while total > most:
        victim: tuple[int, int] | None = None
        for _, i, j in order:
            if sets[i][j] > 1 and (victim is None or (not late[i], sets[i][j]) > (
                    not late[victim[0]], sets[victim[0]][victim[1]])):
                victim = (i, j)
        if victim is None:
            break
        sets[victim[0]][victim[1]] -= 1
        total -= 1
    return sets

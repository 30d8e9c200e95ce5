"""generate_programme: a runner profile and a race (or a number of weeks) in, a periodised
multi-week programme out (DOMAIN §5-§6).

Each week is a full WeekPlan from generate_week with that week's phase, dates and limits; then
progression.py carries every exercise's state forward, one change at a time. The first weeks are
the easiest; feedback outranks the calendar (the week after pain steps back, the week after a
very hard or missed week holds - at a phase boundary too); race-specific weeks keep build's
exercises, load and effort with fewer sets; after the race a recovery week, and optionally a new
general preparation block. Pure and deterministic, like the week planner.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.engine.catalogue import Catalogue, default_catalogue
from app.engine.context import LEVEL_OF, pools
from app.engine.errors import ProfileError
from app.engine.explain import ENGLISH, Msg, Voice, msg
from app.engine.loads import LoggedSet
from app.engine.programme_plan import Frame, capped_plan, monday_of, week_plan
from app.engine.programme_volume import (
    Ceiling,
    Shape,
    Start,
    as_built,
    ceiling,
    ceiling_sentence,
    first_sets,
    plan_ahead,
    starting_point,
    week_limits,
    working_sets,
)
from app.engine.programme_weeks import first_week, fit_progressed, repeat_week
from app.engine.progression import (
    Change,
    ExerciseState,
    Progression,
    SessionFeedback,
    Tools,
    Verdict,
    WeekMode,
    latest_sets,
    verdict,
)
from app.engine.rules import DEFAULT_RULES, Rules
from app.engine.types import (
    GENTLE_PHASES,
    Day,
    Experience,
    InjuryStatus,
    Phase,
    PlanWarning,
    Prescription,
    RunnerProfile,
    WeekPlan,
)
from app.engine.week import generate_week

MIN_WEEKS, MAX_WEEKS, MAX_RACE_WEEKS = 4, 24, 30
AFTER_RACE = ("stop", "recover", "continue")

__all__ = ["Change", "Programme", "ProgrammeWeek", "Progression", "SessionFeedback", "Start",
           "generate_programme", "monday_of", "next_week", "phase_layout", "starting_point"]


@dataclass(frozen=True, slots=True)
class ProgrammeWeek:
    number: int
    phase: Phase
    week_start: date | None
    deload: bool
    adaptation: str | None
    plan: WeekPlan
    progression: Mapping[tuple[str, int], Progression]  # (session id, position) -> note


@dataclass(frozen=True, slots=True)
class PhaseBlock:
    phase: Phase
    first_week: int
    last_week: int
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Programme:
    engine_version: str
    start_date: date
    race_date: date | None
    weeks: tuple[ProgrammeWeek, ...]
    blocks: tuple[PhaseBlock, ...]
    warnings: tuple[PlanWarning, ...]
    rationale: tuple[str, ...]


def phase_layout(n: int, *, race: bool, phase: Phase | None) -> list[Phase]:
    """Phase of each week. With a race: (general preparation, base, build when there is room),
    race-specific for up to six weeks, then a taper of one week (short programmes) or two.
    Without a race every week keeps the runner's phase."""
    if not race:
        assert phase is not None
        return [phase] * n
    taper = 1 if n < 8 else 2
    remaining = n - taper
    specific = min(6, remaining)
    left = remaining - specific
    general = base = 0
    if n > 12:
        general = max(2, left // 3)
        base = (left - general) // 2
    elif left >= 4:
        base = left // 2
    build = left - general - base
    return ([Phase.OFF_SEASON] * general + [Phase.BASE] * base + [Phase.BUILD] * build
            + [Phase.RACE_SPECIFIC] * specific + [Phase.TAPER] * taper)


def generate_programme(
    profile: RunnerProfile,
    *,
    start_date: date,
    race_date: date | None = None,
    weeks: int | None = None,
    feedback: Mapping[int, Sequence[SessionFeedback]] | None = None,
    catalogue: Catalogue | None = None,
    rules: Rules = DEFAULT_RULES,
    after_race: str = "stop",
    continue_weeks: int = 8,
    voice: Voice = ENGLISH,
    start: Start | None = None,
) -> Programme:
    """Plan every week from start_date to the race (or for `weeks` weeks).

    `feedback` maps a week number to what was logged for its sessions; it decides whether the
    following week progresses, holds or steps back, and logged loads give concrete numbers.
    `after_race`: "stop" at the race week, "recover" adds a recovery week, "continue" adds the
    recovery week and `continue_weeks` of a new general preparation block.
    """
    cat = catalogue if catalogue is not None else default_catalogue()
    layout, warnings, rationale = _layout(profile, start_date, race_date, weeks, after_race,
                                          continue_weeks, voice)
    if start is None:
        start = starting_point(profile)
        if not any(p in (Phase.OFF_SEASON, Phase.BASE, Phase.BUILD) for p in layout[1:]):
            # Straight into race-specific maintenance: week 1 must still be the lightest.
            start = dataclasses.replace(start, first_sets=1, first_sessions=min(
                2, rules.sessions_default[(Phase.RACE_SPECIFIC, profile.experience)]))
    rationale += [voice.render(m) for m in _start_sentences(start, profile)]
    frame = Frame(profile, tuple(layout), start_date, race_date, start, cat, rules, voice)
    shape: Shape | None = plan_ahead(frame.layout, start, race_date is not None, lambda n: (
        week_plan(frame, n, frozenset(), week_limits(n, start, frame.layout[n - 1]))))
    for _ in range(3):  # at most twice more, with build's ceiling as build came out
        assert shape is not None
        result = _weeks(frame, feedback or {}, shape)
        shape = as_built(shape, [(w.phase, w.deload, w.plan) for w in result])
        if shape is None:
            break
    return Programme(
        engine_version=result[0].plan.engine_version, start_date=start_date,
        race_date=race_date, weeks=tuple(result), blocks=tuple(_blocks(result)),
        warnings=tuple(warnings), rationale=tuple(rationale),
    )


def _layout(profile: RunnerProfile, start_date: date, race_date: date | None,
            weeks: int | None, after_race: str, continue_weeks: int,
            voice: Voice) -> tuple[list[Phase], list[PlanWarning], list[str]]:
    warnings: list[PlanWarning] = []
    first_monday = monday_of(start_date)
    if after_race not in AFTER_RACE:
        raise ProfileError("after_race", f"after_race must be one of {', '.join(AFTER_RACE)}")
    if race_date is not None and weeks is not None:
        raise ProfileError("weeks", "give weeks only when there is no race_date")
    if race_date is None:
        if weeks is None or not MIN_WEEKS <= weeks <= MAX_WEEKS:
            raise ProfileError("weeks", f"weeks must be between {MIN_WEEKS} and {MAX_WEEKS} "
                               "when there is no race_date")
        if profile.phase is None:
            raise ProfileError("profile.phase", "phase is required when there is no race_date")
        layout = phase_layout(weeks, race=False, phase=profile.phase)
        return layout, warnings, [voice("prog.plan_weeks", weeks=weeks,
                                        phase=msg(f"phase.{profile.phase.value}"))]
    if race_date < start_date:
        raise ProfileError("race_date", "race_date is in the past relative to start_date")
    n = (race_date - first_monday).days // 7 + 1
    if n > MAX_RACE_WEEKS:
        raise ProfileError("race_date", f"the race is more than {MAX_RACE_WEEKS} weeks away; "
                           "start the programme later or plan in blocks of weeks")
    if (race_date - start_date).days < 7:
        warnings.append(PlanWarning("race_too_close", voice("prog.race_too_close")))
    layout = phase_layout(n, race=True, phase=None)
    if after_race != "stop":
        layout.append(Phase.RECOVERY)
    if after_race == "continue":
        layout += [Phase.OFF_SEASON] * continue_weeks
    counts = tuple(msg("prog.phase_count", count=layout.count(p), phase=msg(f"phase.{p.value}"))
                   for p in dict.fromkeys(layout))
    return layout, warnings, [voice("prog.plan_race", weeks=n, phases=counts)]


def _start_sentences(start: Start, profile: RunnerProfile) -> list[Msg]:
    out: list[Msg] = []
    if start.bodyweight_weeks:
        who = "prog.who_beginner" if profile.experience is Experience.BEGINNER else (
            "prog.who_pain")
        out.append(msg("prog.bodyweight_weeks", who=msg(who), weeks=start.bodyweight_weeks))
    out.append(msg("prog.easy_start", weeks=start.intro_weeks))
    out += [msg("prog.one_change"), msg("prog.deloads"), msg("prog.feedback")]
    return out


def _weeks(frame: Frame, feedback: Mapping[int, Sequence[SessionFeedback]],
           shape: Shape) -> list[ProgrammeWeek]:
    profile, start = frame.profile, frame.start
    current = frozenset(i.area for i in profile.injuries if i.status is InjuryStatus.CURRENT)
    allowed, _ = pools(frame.catalogue, profile.equipment, LEVEL_OF[profile.experience], current)
    state: dict[str, ExerciseState] = {}
    result: list[ProgrammeWeek] = []
    since_deload = build_most = 0
    logged: dict[str, LoggedSet] = {}
    pained: frozenset[str] = frozenset()
    for i, phase in enumerate(frame.layout):
        number = i + 1
        logs = feedback.get(number - 1, ())
        v = verdict(logs) if number > 1 else Verdict(1, False, None)
        if logs:  # the latest logged set per exercise, up to last week
            logged = {**logged, **latest_sets({number - 1: logs}, monday_of(frame.start_date))}
            hurt = {e.slug for f in logs for e in f.exercises if e.pain}
            pained = pained | hurt if hurt or any(f.pain for f in logs) else frozenset()
        tools = Tools(frame.catalogue, allowed, profile, frame.voice, logged, pained, frame.rules)
        prev = result[-1] if result else None
        if (prev is not None and v.negative and phase not in GENTLE_PHASES
                and prev.phase not in GENTLE_PHASES):
            week = repeat_week(prev, number, phase, v, state, tools, frame.rules, logs)
        else:
            general = phase in (Phase.OFF_SEASON, Phase.BASE, Phase.BUILD)
            deload = general and _deload_due(since_deload, prev, phase)
            loading = number > start.bodyweight_weeks  # bodyweight weeks learn the moves
            since_deload = 0 if deload or not general else since_deload + loading
            week = _planned_week(frame, number, prev, v, deload, state, tools,
                                 ceiling(shape, number, build_most))
        if logs:
            reason = v.reason
            if reason is not None and reason.id == "adapt.progress" and phase in (
                    Phase.RACE_SPECIFIC, Phase.TAPER, Phase.RECOVERY):
                reason = msg("adapt.progress_phase", phase=msg(f"phase.{phase.value}"))
            week = dataclasses.replace(week, adaptation=None if reason is None
                                       else frame.voice.render(reason))
        if (phase is Phase.BUILD and not week.deload and number > start.intro_weeks
                and week.plan.sessions):  # build's loading weeks: what race-specific cuts
            build_most = max(build_most, working_sets(week.plan))
        result.append(week)
    return result


def _deload_due(since: int, prev: ProgrammeWeek | None, phase: Phase) -> bool:
    """A deload after three loading weeks of general preparation, never two in a row, and not
    in the first week of a new phase: that week's sessions are planned anew (new targets,
    another session mix), which is its change, so the deload comes a week later, on sessions
    the runner has done once."""
    return prev is not None and not prev.deload and since >= 3 and prev.phase is phase


def _planned_week(frame: Frame, number: int, prev: ProgrammeWeek | None, v: Verdict,
                  deload: bool, state: dict[str, ExerciseState], tools: Tools,
                  top: Ceiling) -> ProgrammeWeek:
    """The planner's week within its ceiling (fewer sessions, a rep more in reserve, fewer
    sets), then each exercise progressed from its state."""
    phase, start, voice = frame.layout[number - 1], frame.start, frame.voice
    blocked = frozenset({Day.MON}) if prev is not None and any(
        s.day is Day.SUN for s in prev.plan.sessions) else frozenset()
    plan, capped = capped_plan(frame, number, blocked, top, tools)
    kind = _mode_kind(phase, number <= start.bodyweight_weeks, deload, prev, v)
    plan, notes = fit_progressed(plan, WeekMode(kind, v, number), state, tools, frame.rules)
    if number == 1 and start.intro_weeks and phase not in GENTLE_PHASES:
        plan = first_week(plan, first_sets(start, phase), state, tools, frame.rules)
    why = ceiling_sentence(top, capped, plan)
    given = voice("plan.phase_given", phase=msg(f"phase.{phase.value}"))
    mine = voice("prog.phase_week", phase=msg(f"phase.{phase.value}"), week=number)
    plan = dataclasses.replace(plan, rationale=(  # the programme chose the phase
        *(mine if line == given else line for line in plan.rationale),
        *(() if why is None else (voice.render(why),))))
    monday = monday_of(frame.start_date) + timedelta(weeks=number - 1)
    return ProgrammeWeek(number, phase, monday, deload, None, plan, notes)


def _mode_kind(phase: Phase, bodyweight: bool, deload: bool, prev: ProgrammeWeek | None,
               v: Verdict) -> str:
    if phase is Phase.TAPER:
        return Change.TAPER
    if phase is Phase.RECOVERY:
        return Change.RECOVERY
    if deload:
        return Change.DELOAD
    if bodyweight:
        return Change.BODYWEIGHT
    if phase is Phase.RACE_SPECIFIC:
        return Change.MAINTAIN
    if prev is not None and prev.deload:
        return Change.RESTORE
    return Change.HOLD if v.step == 0 else Change.START


def _blocks(weeks: Sequence[ProgrammeWeek]) -> list[PhaseBlock]:
    blocks: list[PhaseBlock] = []
    for w in weeks:
        assert w.week_start is not None  # programme weeks are always dated
        end = w.week_start + timedelta(days=6)
        if blocks and blocks[-1].phase is w.phase:
            b = blocks[-1]
            blocks[-1] = PhaseBlock(b.phase, b.first_week, w.number, b.start, end)
        else:
            blocks.append(PhaseBlock(w.phase, w.number, w.number, w.week_start, end))
    return blocks


def next_week(
    profile: RunnerProfile,
    feedback: Sequence[SessionFeedback],
    *,
    catalogue: Catalogue | None = None,
    rules: Rules = DEFAULT_RULES,
    voice: Voice = ENGLISH,
) -> ProgrammeWeek:
    """The week after a saved week plan, adapted to what was logged for it, by the same
    progression as a programme: RPE 7 or less with everything done moves on one step, RPE 9+ or
    missed sessions hold, pain steps back."""
    if (profile.week_start is not None and profile.race_date is not None
            and profile.race_date < profile.week_start + timedelta(weeks=1)):
        raise ProfileError("profile.race_date", "the race is over: save a new plan with a new "
                           "race or phase")
    cat = catalogue if catalogue is not None else default_catalogue()
    start = profile.week_start or date(2026, 1, 5)  # any Monday: the dates are dropped again
    phase = profile.phase or generate_week(profile, catalogue=cat, rules=rules).phase
    prog = generate_programme(dataclasses.replace(profile, phase=phase, race_date=None,
                                                  week_start=None),
                              start_date=start, weeks=MIN_WEEKS, feedback={1: feedback},
                              catalogue=cat, rules=rules, voice=voice, start=Start(0, 0))
    week = prog.weeks[1]
    if profile.week_start is None:
        week = dataclasses.replace(week, week_start=None, plan=_undated(week.plan))
    return week


def _undated(plan: WeekPlan) -> WeekPlan:
    """The week with its dates dropped: those of its days, its sessions and its logged sets."""
    return dataclasses.replace(
        plan, week=tuple(dataclasses.replace(d, date=None) for d in plan.week),
        sessions=tuple(dataclasses.replace(s, date=None, exercises=tuple(
            _undated_rx(rx) for rx in s.exercises)) for s in plan.sessions))


def _undated_rx(rx: Prescription) -> Prescription:
    got = rx.load.suggested
    if got is None or got.on is None:
        return rx
    return dataclasses.replace(rx, load=dataclasses.replace(
        rx.load, suggested=dataclasses.replace(got, on=None)))

"""The progression's vocabulary (DOMAIN §6): what changed for an exercise from one week to the
next and the note that says so, what the runner logged, the verdict on a week's logs, each
exercise's state across weeks, and the week's mode and tools. The rules that use them live in
progression.py (steps, deloads, feedback) and progression_loads.py (the numbers from logs)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.engine.catalogue import Catalogue
from app.engine.explain import Msg, Voice, msg
from app.engine.loads import LoggedSet
from app.engine.rules import DEFAULT_RULES, Rules
from app.engine.types import Day, Measure, Prescription, RunnerProfile

SLOW_TEMPO = "3-1-1-0"
PAUSE_SECONDS = 2  # the load step after a slow lowering: a longer pause at the bottom
FEWEST_REPS = 3  # a slower tempo with fewer reps never asks for fewer than this a set


class Change:
    """What changed for an exercise from one week to the next: one variable at a time."""

    START = "start"            # first time in the programme: bottom of the range
    BODYWEIGHT = "bodyweight"  # early weeks without load
    REPS = "reps"              # +1 rep (or +5 s / +5 m) per set
    LOAD = "load"              # a load step: more weight, a stronger band, a slower tempo
    VARIATION = "variation"    # a harder variation, when there is no load to add
    HOLD = "hold"              # same as last week
    DELOAD = "deload"          # one set fewer, same load
    RESTORE = "restore"        # the week after a deload: the set comes back
    STEP_BACK = "step_back"    # after pain: lighter and easier, no new exercise
    MAINTAIN = "maintain"      # race-specific: same load and effort, fewer sets
    TAPER = "taper"            # very light, bodyweight only
    RECOVERY = "recovery"      # the week after the race
    SWAP = "swap"              # pain on this exercise: an alternative that spares the area
    TARGETS = "targets"        # a new phase's sets, range or rest: nothing else changes


LOAD_STEPS = frozenset({Change.LOAD, Change.VARIATION})


@dataclass(frozen=True, slots=True)
class Progression:
    change: str
    note: str
    reps_goal: int | None = None
    base_slug: str = ""
    if_no_time: Progression | None = None  # what the week says when the change does not fit
    top: bool = False  # nothing harder to move to: a hold that is the top of the progression


@dataclass(frozen=True, slots=True)
class ExerciseLog:
    slug: str
    sets: int
    reps: int | None = None
    load_kg: float | None = None
    rpe: int | None = None
    reps_in_reserve: int | None = None
    pain: bool = False


@dataclass(frozen=True, slots=True)
class SessionFeedback:
    """What the runner logged for one session."""

    done: bool
    rpe: int | None = None
    pain: bool = False
    exercises: tuple[ExerciseLog, ...] = ()
    session_id: str = ""
    log_id: str = ""  # the stored log's id, so a suggested load can name it


@dataclass(frozen=True, slots=True)
class Verdict:
    step: int            # +1 progress, 0 hold, -1 step back
    negative: bool       # pain, RPE >= 9 or a missed session: the week may not grow
    reason: Msg | None   # None when progressing as planned without logs


@dataclass(frozen=True, slots=True)
class ExerciseState:
    slug: str                   # current variation (may differ from the planner's base slug)
    goal: int                   # amount per set aimed for
    sets: int
    tempo: str | None
    loading_weeks: int          # loading weeks since the last load step
    load_steps: int
    rx: Prescription            # last week's prescription
    logged: LoggedSet | None = None
    fewer_reps: int = 0         # reps taken off the range so its slower tempo takes no longer


State = Mapping[str, ExerciseState]  # by state_key: the session's place in the week and slug


def state_key(session_id: str, slug: str) -> str:
    """An exercise's identity across weeks: its session (day) and the planner's exercise (an
    exercise may stand in two sessions of one week)."""
    return f"{session_id}:{slug}"


def find_state(state: State, session_id: str, slug: str) -> ExerciseState | None:
    """The exercise's state in this session, or - when a new phase moved the session to another
    day - where the same exercise got to most recently in the other sessions."""
    own = state.get(state_key(session_id, slug))
    if own is not None:
        return own
    return next((state[k] for k in reversed(list(state)) if k.split(":", 1)[1] == slug), None)


def remember(state: dict[str, ExerciseState], key: str, new: ExerciseState) -> None:
    """Store an exercise's state as the most recent (find_state looks newest first)."""
    state.pop(key, None)
    state[key] = new


def verdict(logs: Sequence[SessionFeedback]) -> Verdict:
    if not logs:
        return Verdict(1, False, None)
    if any(f.pain or any(e.pain for e in f.exercises) for f in logs):
        return Verdict(-1, True, msg("adapt.pain"))
    hardest = max((f.rpe for f in logs if f.done and f.rpe is not None), default=None)
    if hardest is not None and hardest >= 9:
        return Verdict(0, True, msg("adapt.very_hard", rpe=hardest))
    missed = sum(1 for f in logs if not f.done)
    if missed:
        return Verdict(0, True, msg("adapt.missed", count=missed))
    if hardest is not None and hardest <= 7:
        return Verdict(1, False, msg("adapt.progress"))
    return Verdict(0, False, msg("adapt.rpe8"))


def latest_sets(feedback: Mapping[int, Sequence[SessionFeedback]],
                first_monday: date | None = None) -> dict[str, LoggedSet]:
    """The latest usable logged set per exercise: a load, reps, and an RPE or reserve. With the
    programme's first Monday, each set knows the date of its session."""
    out: dict[str, LoggedSet] = {}
    for week in sorted(feedback):
        for f in feedback[week]:
            day = day_of(f.session_id)
            on = None if first_monday is None or day is None else (
                first_monday + timedelta(weeks=week - 1, days=day.num))
            for e in f.exercises:
                reserve = e.reps_in_reserve if e.reps_in_reserve is not None else (
                    None if e.rpe is None else max(0, 10 - e.rpe))
                if e.load_kg and e.reps and reserve is not None and e.sets:
                    out[e.slug] = LoggedSet(week, f.session_id, e.sets, e.reps, e.load_kg,
                                            reserve, f.log_id, on)
    return out


def day_of(session_id: str) -> Day | None:
    """The day a session id names ("tue-strength" -> Tuesday), if it names one."""
    try:
        return Day(session_id.split("-", 1)[0])
    except ValueError:
        return None


def slower(tempo: str | None) -> bool:
    """Whether the slow load-step tempo (3 s down, 1 s pause) would slow this tempo down (a
    4-2-1-0 or a 3-1-3-0 is already slower)."""
    return tempo is None or _seconds(tempo) < _seconds(SLOW_TEMPO)


def paused(tempo: str | None) -> str | None:
    """The tempo with a longer pause at the bottom (the hold that follows a slow lowering), or
    None when it pauses that long already (or has no written tempo yet: the slow lowering
    comes first)."""
    if tempo is None:
        return None
    parts = tempo.split("-")
    if len(parts) != 4 or not all(x.isdigit() for x in parts) or int(parts[1]) >= PAUSE_SECONDS:
        return None
    return "-".join([parts[0], str(PAUSE_SECONDS), *parts[2:]])


def _seconds(tempo: str) -> int:
    return sum(int(x) for x in tempo.split("-") if x.isdigit())


def amount(n: int, unit: Measure) -> Msg:
    return msg(f"amount.{unit.value}", n=n)


@dataclass(frozen=True, slots=True)
class WeekMode:
    """What kind of week this is for progression."""

    kind: str  # one of Change: START (normal), BODYWEIGHT, TAPER, RECOVERY, MAINTAIN,
    #            DELOAD, RESTORE, HOLD, STEP_BACK
    verdict: Verdict
    number: int


@dataclass(frozen=True, slots=True)
class Tools:
    catalogue: Catalogue
    allowed: frozenset[str]
    profile: RunnerProfile
    voice: Voice
    logged: Mapping[str, LoggedSet]
    pained: frozenset[str] = frozenset()  # exercises pain was logged on, not yet pain-free
    rules: Rules = DEFAULT_RULES  # the programme's (their hard doses cap harder variations)


def note(change: str, message_id: str, tools: Tools, *, goal: int | None = None,
          **params: object) -> Progression:
    if goal is not None:
        params.setdefault("goal", goal)
    reps_goal = goal
    text = tools.voice.render(msg(message_id, **params)).rstrip()  # an empty last part
    return Progression(change, text, reps_goal)

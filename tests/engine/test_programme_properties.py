"""Property-based tests for generate_programme (DOMAIN §3-§6 over many weeks).

Each example draws one valid RunnerProfile, a start date and either a race date (0..29 weeks
after the start) or a number of weeks without a race, generates ONE programme and checks one
behaviour over all of its weeks. Unlike the week-plan properties, the calendar here is real:
"the day before" a run is the previous calendar date, which may lie in the previous programme
week, and the race is a dated event.

Settings: `HYPOTHESIS_PROFILE=ci` gives 300 derandomised examples per test, anything else 50.
They are applied with a decorator built from this file's own profiles ("programme-ci" and
"programme-dev"), which are registered but never loaded globally, so they do not clash with
the profiles that test_properties.py registers and loads.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from hypothesis import currently_in_test_context, given, note, settings
from hypothesis import strategies as st

from app.engine.catalogue import default_catalogue
from app.engine.planner import validate_profile
from app.engine.planner import work_seconds as _work_seconds
from app.engine.programme import (
    Change,
    Programme,
    ProgrammeWeek,
    generate_programme,
    monday_of,
    starting_point,
)
from app.engine.rules import DEFAULT_RULES
from app.engine.types import (
    DAY_ORDER,
    Day,
    Equipment,
    Experience,
    Goal,
    Injury,
    InjuryArea,
    InjuryStatus,
    Intensity,
    Phase,
    Prescription,
    Run,
    RunKind,
    RunnerProfile,
    Session,
    Strategy,
)

CI = os.environ.get("HYPOTHESIS_PROFILE") == "ci"
settings.register_profile("programme-ci", max_examples=300, deadline=None, derandomize=True)
settings.register_profile("programme-dev", max_examples=50, deadline=None, derandomize=False)
PROGRAMME_SETTINGS = settings(settings.get_profile("programme-ci" if CI else "programme-dev"))

CAT = default_catalogue()
RULES = DEFAULT_RULES
FIRST_DAY = date(2026, 1, 5)
TRAINING_RUNS = (RunKind.EASY, RunKind.QUALITY, RunKind.LONG)
PHASE_ORDER = (Phase.OFF_SEASON, Phase.BASE, Phase.BUILD, Phase.RACE_SPECIFIC, Phase.TAPER)
GENERAL = frozenset({Phase.OFF_SEASON, Phase.BASE, Phase.BUILD})
CHANGES = frozenset(
    v for k, v in vars(Change).items() if not k.startswith("_") and isinstance(v, str)
)
DAY = timedelta(days=1)


# ------------------------------------------------------------------ the input strategy


def _src(v: object) -> str:
    """Python source for a value of the input, enums as Name.MEMBER (for failure notes)."""
    if isinstance(v, Enum):
        return f"{type(v).__name__}.{v.name}"
    if isinstance(v, frozenset):
        return f"frozenset({{{', '.join(sorted(_src(x) for x in v))}}})" if v else "frozenset()"
    if isinstance(v, tuple):
        return "(" + ", ".join(_src(x) for x in v) + ("," if len(v) == 1 else "") + ")"
    if isinstance(v, Run):
        return f"Run({_src(v.day)}, {_src(v.kind)})"
    if isinstance(v, Injury):
        return f"Injury({_src(v.area)}, {_src(v.status)})"
    if isinstance(v, date):
        return f"date({v.year}, {v.month}, {v.day})"
    return repr(v)


@dataclass(frozen=True)
class Input:
    profile: RunnerProfile
    start_date: date
    race_date: date | None
    weeks: int | None

    def source(self) -> str:
        """The generate_programme call, profile fields left at their default omitted."""
        default = RunnerProfile(experience=self.profile.experience)
        fields = [f"experience={_src(self.profile.experience)}"] + [
            f"{name}={_src(getattr(self.profile, name))}"
            for name in RunnerProfile.__slots__
            if name != "experience" and getattr(self.profile, name) != getattr(default, name)
        ]
        when = (
            f"race_date={_src(self.race_date)}"
            if self.race_date is not None
            else f"weeks={self.weeks}"
        )
        return (
            f"generate_programme(RunnerProfile({', '.join(fields)}), "
            f"start_date={_src(self.start_date)}, {when})"
        )

    def generate(self) -> Programme:
        if currently_in_test_context():
            note(self.source())  # Hypothesis prints the notes of the failing example
        return generate_programme(
            self.profile, start_date=self.start_date, race_date=self.race_date, weeks=self.weeks
        )


@st.composite
def inputs(draw: st.DrawFn) -> Input:
    """A valid profile (no race run, no dates: generate_programme sets them per week), a start
    date on any weekday, and either a race 0..29 weeks later or 4..24 weeks without a race."""
    start = FIRST_DAY + timedelta(days=draw(st.integers(0, 400)))
    with_race = draw(st.booleans())
    race_date = weeks = None
    if with_race:
        # extra weight on races in the first two weeks (race week + taper edge cases)
        race_date = start + timedelta(days=draw(st.integers(0, 13) | st.integers(0, 29 * 7)))
        phase = draw(st.none() | st.sampled_from(Phase))
    else:
        weeks = draw(st.integers(4, 24))
        phase = draw(st.sampled_from(Phase))
    return Input(draw(profiles(phase)), start, race_date, weeks)


@st.composite
def race_inputs(draw: st.DrawFn, shortest: int = 4, longest: int = 16) -> Input:
    """A race programme of `shortest`..`longest` weeks (the common race lengths, DOMAIN §5:
    12, 10, 8, 6 or 4 weeks, up to 16), the race on any day of its week."""
    start = FIRST_DAY + timedelta(days=draw(st.integers(0, 400)))
    n = draw(st.integers(shortest, longest))
    race = monday_of(start) + timedelta(weeks=n - 1, days=draw(st.integers(0, 6)))
    if race < start:  # the race week is the start week: the race on or after the start
        race = start + timedelta(days=draw(st.integers(0, 6 - start.weekday())))
    phase = draw(st.none() | st.sampled_from(Phase))
    return Input(draw(profiles(phase)), start, race, None)


@st.composite
def profiles(draw: st.DrawFn, phase: Phase | None) -> RunnerProfile:
    run_days = draw(st.lists(st.sampled_from(DAY_ORDER), unique=True, max_size=7))
    runs = tuple(Run(d, draw(st.sampled_from(TRAINING_RUNS))) for d in run_days)
    injuries = draw(st.dictionaries(st.sampled_from(InjuryArea), st.sampled_from(InjuryStatus)))
    profile = RunnerProfile(
        experience=draw(st.sampled_from(Experience)),
        runs=runs,
        phase=phase,
        race_date=None,
        week_start=None,
        equipment=draw(st.frozensets(st.sampled_from(Equipment))),
        session_minutes=draw(st.integers(15, 120)),
        sessions_per_week=draw(st.none() | st.integers(0, 4)),
        injuries=tuple(Injury(a, s) for a, s in injuries.items()),
        goals=tuple(draw(st.lists(st.sampled_from(Goal), unique=True))),
        strategy=draw(st.sampled_from(Strategy)),
        unavailable_days=draw(st.frozensets(st.sampled_from(DAY_ORDER))),
    )
    if phase is not None:
        validate_profile(profile)  # the strategy must only build valid profiles
    return profile


# ------------------------------------------------------------------ helpers


def items(s: Session) -> list[Prescription]:
    return [*s.warmup, *s.exercises, *s.cooldown]


def sessions(prog: Programme) -> Iterator[tuple[ProgrammeWeek, Session]]:
    for w in prog.weeks:
        for s in w.plan.sessions:
            yield w, s


def session_date(w: ProgrammeWeek, s: Session) -> date:
    assert w.week_start is not None
    return w.week_start + timedelta(days=s.day.num)


def calendar(prog: Programme) -> dict[date, RunKind | None]:
    """The real run on every date of the programme, from each week's plan (race included)."""
    out: dict[date, RunKind | None] = {}
    for w in prog.weeks:
        for e in w.plan.week:
            assert e.date is not None
            out[e.date] = e.runs[0] if e.runs else None
    if prog.race_date is not None:
        out[prog.race_date] = RunKind.RACE
    return out


def bodyweight(rx: Prescription) -> bool:
    return not CAT.by_slug[rx.slug].equipment


def describe(w: ProgrammeWeek, s: Session) -> str:
    return (
        f"week {w.number} ({w.phase.value}) {s.day.value} {session_date(w, s)} "
        f"{s.intensity.label} {s.focus.value}"
    )


def notes_of(w: ProgrammeWeek, s: Session) -> list[str | None]:
    notes = [w.progression.get((s.id, i)) for i in range(len(s.exercises))]
    return [None if n is None else n.change for n in notes]


def exercises_by_position(w: ProgrammeWeek) -> dict[tuple[str, int], Prescription]:
    return {(s.id, i): rx for s in w.plan.sessions for i, rx in enumerate(s.exercises)}


# ------------------------------------------------------------------ properties


@PROGRAMME_SETTINGS
@given(inputs())
def test_phase_order_never_goes_backwards(inp):
    prog = inp.generate()
    phases = [w.phase for w in prog.weeks]
    assert [w.plan.phase for w in prog.weeks] == phases
    if inp.race_date is None:
        assert phases == [inp.profile.phase] * len(phases)
        return
    ranks = [PHASE_ORDER.index(p) for p in phases]
    assert ranks == sorted(ranks), f"phases go backwards: {[p.value for p in phases]}"


@PROGRAMME_SETTINGS
@given(inputs())
def test_taper_ends_the_race_programme_with_at_most_one_light_early_bodyweight_session(inp):
    prog = inp.generate()
    if inp.race_date is None:
        assert all(w.phase is inp.profile.phase for w in prog.weeks)
        return
    race = inp.race_date
    assert prog.weeks[-1].phase is Phase.TAPER
    assert sum(w.phase is Phase.TAPER for w in prog.weeks) <= 2
    for w in prog.weeks:
        if w.phase is not Phase.TAPER:
            continue
        assert len(w.plan.sessions) <= 1, f"week {w.number}: {len(w.plan.sessions)} sessions"
        for s in w.plan.sessions:
            assert s.intensity is Intensity.LIGHT, describe(w, s)
            assert s.day in (Day.MON, Day.TUE, Day.WED), describe(w, s)
            for rx in [*items(s), *w.plan.after_run_core_block]:
                assert bodyweight(rx), f"{describe(w, s)}: {rx.slug} needs equipment"
            d = session_date(w, s)
            assert d <= race, f"{describe(w, s)} is after the race on {race}"
            if w is prog.weeks[-1]:
                assert (race - d).days >= RULES.taper_days_clear_before_race, (
                    f"{describe(w, s)} is only {(race - d).days} day(s) before the race {race}"
                )


@PROGRAMME_SETTINGS
@given(inputs())
def test_no_week_breaks_a_week_plan_rule(inp):
    prog = inp.generate()
    p = inp.profile
    cal = calendar(prog)
    race = inp.race_date
    dated: list[tuple[date, str]] = []
    for w, s in sessions(prog):
        d = session_date(w, s)
        where = describe(w, s)
        assert s.date == d, f"{where}: session date {s.date}"
        assert d >= inp.start_date, f"{where} is before the start date {inp.start_date}"
        assert cal[d] not in (RunKind.LONG, RunKind.RACE), f"{where} is on a {cal[d]} day"
        assert d != race, f"{where} is on race day"
        nxt = RunKind.RACE if d + DAY == race else cal.get(d + DAY)
        if nxt in (RunKind.LONG, RunKind.QUALITY, RunKind.RACE):
            assert s.intensity is Intensity.LIGHT, f"{where} is the day before a {nxt} run"
        if race is not None and 0 < (race - d).days <= RULES.heavy_days_clear_before_race:
            assert s.intensity is Intensity.LIGHT, f"{where} is within 48 h of the race {race}"
        assert s.estimated_minutes <= p.session_minutes, (
            f"{where}: {s.estimated_minutes} min > {p.session_minutes}"
        )
        # the progressed content itself (slower tempo, harder variation) must still fit
        content = math.ceil(
            sum(
                rx.sets
                * (_work_seconds(CAT.by_slug[rx.slug], rx.target, rx.tempo) + rx.rest_seconds)
                for rx in items(s)
            )
            / 60
        )
        assert content <= p.session_minutes, (
            f"{where}: its exercises take {content} min > {p.session_minutes} (estimated_minutes "
            f"says {s.estimated_minutes}); notes {notes_of(w, s)}"
        )
        for rx in items(s):
            need = CAT.by_slug[rx.slug].equipment
            assert need <= p.equipment, f"{where}: {rx.slug} needs {sorted(need - p.equipment)}"
        dated.append((d, where))
    for w in prog.weeks:
        for rx in w.plan.after_run_core_block:
            assert CAT.by_slug[rx.slug].equipment <= p.equipment, f"week {w.number}: {rx.slug}"
    dated.sort()
    for (a, wa), (b, wb) in zip(dated, dated[1:], strict=False):
        assert (b - a).days >= 2, f"no full day between sessions: {wa} and {wb}"


@PROGRAMME_SETTINGS
@given(inputs())
def test_progression_changes_one_variable_at_a_time(inp):
    prog = inp.generate()
    for w in prog.weeks:
        for s in w.plan.sessions:
            for i, rx in enumerate(s.exercises):
                prog_note = w.progression.get((s.id, i))
                assert prog_note is not None, f"week {w.number} {s.id}: {rx.slug} has no note"
                assert prog_note.change in CHANGES, f"week {w.number} {s.id}: {prog_note.change!r}"
        # one note per exercise: a harder variation must not turn into a slug the session
        # already holds (the (session id, slug) keys would collide and a note would be lost)
        assert len(w.progression) == sum(len(s.exercises) for s in w.plan.sessions), (
            f"week {w.number}: {len(w.progression)} notes for "
            f"{sum(len(s.exercises) for s in w.plan.sessions)} exercises: "
            f"{[(s.id, [rx.slug for rx in s.exercises]) for s in w.plan.sessions]}"
        )
    first_loaded = starting_point(inp.profile).bodyweight_weeks + 1
    for prev, cur in zip(prog.weeks, prog.weeks[1:], strict=False):
        before = exercises_by_position(prev)
        prev_intensity = {s.id: s.intensity for s in prev.plan.sessions}
        intensity = {s.id: s.intensity for s in cur.plan.sessions}
        for (sid, i), rx in exercises_by_position(cur).items():
            old = before.get((sid, i))
            if old is None or old.slug != rx.slug:
                continue
            change = cur.progression[(sid, i)].change
            if change in (Change.START, Change.BODYWEIGHT, Change.TAPER, Change.TARGETS):
                continue  # a new exercise, or a phase's new targets: the plan sets them
            same = (prev.phase is cur.phase and prev_intensity[sid] is intensity[sid]
                    and cur.number != first_loaded)
            # A re-planned session (a new phase, another kind of session - heavy, moderate,
            # light - or the first week with weights) has its own form: straight sets at the
            # rest its exercises need, or a circuit. Its rest is the plan's, like a phase's new
            # targets; sets and tempo still change one at a time.
            changed = [
                name
                for name in ("sets", "tempo", "rest_seconds")
                if getattr(old, name) != getattr(rx, name)
                and (same or name != "rest_seconds")
            ]
            what = (
                f"weeks {prev.number}->{cur.number} ({prev.phase.value}->{cur.phase.value}, "
                f"{prev_intensity[sid].label}->{intensity[sid].label}) {sid}[{i}] {rx.slug}: "
                f"{changed} all changed (sets/tempo/rest {old.sets}/{old.tempo}/"
                f"{old.rest_seconds} -> {rx.sets}/{rx.tempo}/{rx.rest_seconds}); "
                f"note {change!r}"
            )
            # Two assertions for one rule, so that Hypothesis reports a minimal example of each
            # kind: the same session of the same phase, and a session the week plan re-planned
            # (phase change, another kind of session, the first loaded week, race week).
            if same:
                assert len(changed) <= 1, "same phase and session: " + what
            else:
                assert len(changed) <= 1, "re-planned session: " + what
            if change == Change.DELOAD:
                assert rx.sets <= old.sets, f"week {cur.number} {sid} {rx.slug}: deload adds sets"
                assert rx.sets == max(1, old.sets - 1), (
                    f"week {cur.number} {sid}[{i}] {rx.slug}: deload goes from {old.sets} to "
                    f"{rx.sets} sets ({prev.phase.value} {prev_intensity[sid].label} -> "
                    f"{cur.phase.value} {intensity[sid].label})"
                )


@PROGRAMME_SETTINGS
@given(inputs())
def test_long_general_blocks_contain_a_deload_and_the_taper_never_is_one(inp):
    prog = inp.generate()
    for w in prog.weeks:
        assert not (w.deload and w.phase is Phase.TAPER), f"week {w.number} is a taper deload"
    run: list[ProgrammeWeek] = []
    bodyweight = starting_point(inp.profile).bodyweight_weeks  # learning the moves, no load
    for w in [*prog.weeks, None]:
        if w is not None and w.phase in GENERAL:
            if w.number > bodyweight:  # a deload comes about every fourth loading week
                run.append(w)
            continue
        for k in range(len(run) - 4):
            window = run[k : k + 5]
            assert any(x.deload for x in window), (
                f"weeks {window[0].number}-{window[-1].number} "
                f"({[x.phase.value for x in window]}) have no deload"
            )
        run = []


@PROGRAMME_SETTINGS
@given(inputs())
def test_beginners_and_runners_in_pain_start_with_bodyweight_weeks(inp):
    p = inp.profile
    pain = any(i.status is InjuryStatus.CURRENT for i in p.injuries)
    n = 3 if p.experience is Experience.BEGINNER else (2 if pain else 0)
    if n == 0:
        return
    prog = inp.generate()
    for w in prog.weeks[:n]:
        for s in w.plan.sessions:
            for rx in items(s):
                assert bodyweight(rx), f"{describe(w, s)}: {rx.slug} needs equipment"
        for rx in w.plan.after_run_core_block:
            assert bodyweight(rx), f"week {w.number} core block: {rx.slug}"


@PROGRAMME_SETTINGS
@given(inputs())
def test_generation_is_deterministic(inp):
    first = inp.generate()
    second = generate_programme(
        inp.profile, start_date=inp.start_date, race_date=inp.race_date, weeks=inp.weeks
    )
    assert first == second


@PROGRAMME_SETTINGS
@given(inputs())
def test_race_programme_runs_to_the_race_week_and_warns_when_the_race_is_close(inp):
    prog = inp.generate()
    if inp.race_date is None:
        assert len(prog.weeks) == inp.weeks
        assert "race_too_close" not in {x.code for x in prog.warnings}
        return
    first = monday_of(inp.start_date)
    assert len(prog.weeks) == (inp.race_date - first).days // 7 + 1
    assert [w.number for w in prog.weeks] == list(range(1, len(prog.weeks) + 1))
    assert [w.week_start for w in prog.weeks] == [
        first + timedelta(weeks=i) for i in range(len(prog.weeks))
    ]
    last = prog.weeks[-1].week_start
    assert last is not None
    assert last <= inp.race_date <= last + 6 * DAY
    close = (inp.race_date - inp.start_date).days < 7
    assert ("race_too_close" in {x.code for x in prog.warnings}) == close

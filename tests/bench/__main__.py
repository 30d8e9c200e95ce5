"""In-process engine timings: python -m tests.bench [--quick].

Prints the median and p99 time to generate one week plan for a spread of realistic profiles,
a 16-week programme, and one session's FIT workout file (target: under 5 ms).
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date

from app.engine.catalogue import default_catalogue
from app.engine.planner import generate_week
from app.engine.programme import generate_programme
from app.engine.types import (
    Day,
    Equipment,
    Experience,
    Goal,
    Injury,
    InjuryArea,
    InjuryStatus,
    Phase,
    Run,
    RunKind,
    RunnerProfile,
)
from app.fit import exercise_numbers, session_fit
from app.schemas import plan_to_dict

E = Equipment
PROFILES = {
    "contract example (base, 2 sessions)": RunnerProfile(
        experience=Experience.INTERMEDIATE,
        runs=(Run(Day.TUE, RunKind.EASY), Run(Day.THU, RunKind.QUALITY),
              Run(Day.SAT, RunKind.LONG), Run(Day.SUN, RunKind.EASY)),
        phase=Phase.BASE, equipment=frozenset({E.DUMBBELLS, E.MINI_BAND, E.MAT}),
        session_minutes=35, injuries=(Injury(InjuryArea.ACHILLES, InjuryStatus.HISTORY),),
        goals=(Goal.INJURY_RESILIENCE, Goal.ECONOMY), unavailable_days=frozenset({Day.FRI}),
    ),
    "off-season advanced, gym, 3 sessions": RunnerProfile(
        experience=Experience.ADVANCED,
        runs=(Run(Day.TUE, RunKind.QUALITY), Run(Day.THU, RunKind.EASY),
              Run(Day.SAT, RunKind.LONG)),
        phase=Phase.OFF_SEASON, equipment=frozenset(Equipment), session_minutes=60,
        goals=(Goal.SPEED_POWER,),
    ),
    "beginner, bodyweight, knee pain": RunnerProfile(
        experience=Experience.BEGINNER, runs=(Run(Day.MON, RunKind.EASY),
                                              Run(Day.SAT, RunKind.LONG)),
        phase=Phase.BASE, session_minutes=20,
        injuries=(Injury(InjuryArea.KNEE, InjuryStatus.CURRENT),),
    ),
    "race week, derived taper": RunnerProfile(
        experience=Experience.INTERMEDIATE, runs=(Run(Day.TUE, RunKind.EASY),
                                                  Run(Day.SUN, RunKind.RACE)),
        week_start=date(2026, 4, 6), race_date=date(2026, 4, 12),
        equipment=frozenset({E.KETTLEBELL}), session_minutes=30,
    ),
}


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def measure(profile: RunnerProfile, n: int) -> tuple[float, float]:
    for _ in range(min(200, n)):
        generate_week(profile)
    times = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        generate_week(profile)
        times.append(time.perf_counter_ns() - t0)
    times.sort()
    return statistics.median(times) / 1e6, times[int(len(times) * 0.99) - 1] / 1e6


def measure_programme(n: int) -> tuple[float, float]:
    profile = PROFILES["contract example (base, 2 sessions)"]
    start, race = date(2026, 3, 2), date(2026, 6, 21)  # 16 weeks
    for _ in range(min(20, n)):
        generate_programme(profile, start_date=start, race_date=race)
    times = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        generate_programme(profile, start_date=start, race_date=race)
        times.append(time.perf_counter_ns() - t0)
    times.sort()
    return statistics.median(times) / 1e6, times[int(len(times) * 0.99) - 1] / 1e6


def distinct_profiles(count: int) -> list[RunnerProfile]:
    """A fixed cycle of different runners (no two alike), so no whole-plan cache could answer:
    only the stage memos keyed by the parts of a profile a stage reads."""
    import itertools

    kinds = (RunKind.EASY, RunKind.QUALITY, RunKind.LONG)
    weeks = [tuple(Run(d, kinds[(i + j) % 3]) for j, d in enumerate(days))
             for i, days in enumerate(itertools.combinations(list(Day), 4))]
    kits = [frozenset(), frozenset({E.DUMBBELLS}), frozenset({E.MINI_BAND, E.MAT}),
            frozenset({E.KETTLEBELL, E.BOX_OR_STEP}), frozenset(Equipment)]
    out: list[RunnerProfile] = []
    for i, (runs, kit, exp, phase, minutes) in enumerate(itertools.product(
            weeks, kits, list(Experience), (Phase.OFF_SEASON, Phase.BASE, Phase.BUILD,
                                            Phase.RACE_SPECIFIC), (20, 30, 45, 60))):
        injuries = (Injury(list(InjuryArea)[i % 9], InjuryStatus.HISTORY),) if i % 3 == 0 else ()
        out.append(RunnerProfile(experience=exp, runs=runs, phase=phase, equipment=kit,
                                 session_minutes=minutes, injuries=injuries))
        if len(out) == count:
            break
    return out


def measure_distinct(n: int) -> tuple[float, float, int]:
    cycle = distinct_profiles(2500)
    for p in cycle:
        generate_week(p)  # warm: the memos fill as they would in a long-running service
    times = []
    for i in range(n):
        p = cycle[i % len(cycle)]
        t0 = time.perf_counter_ns()
        generate_week(p)
        times.append(time.perf_counter_ns() - t0)
    times.sort()
    return statistics.median(times) / 1e6, times[int(len(times) * 0.99) - 1] / 1e6, len(cycle)


def measure_programme_distinct(n: int) -> tuple[float, float]:
    """16 weeks to a race for n different runners, each planned once: what a runner the memos
    have never seen costs (the figures above repeat one programme, as a re-plan after a log
    repeats its earlier weeks)."""
    import dataclasses

    cycle = distinct_profiles(2500)[::41][:n]
    start, race = date(2026, 3, 2), date(2026, 6, 21)
    times = []
    for p in cycle:
        p = dataclasses.replace(p, phase=None)
        t0 = time.perf_counter_ns()
        generate_programme(p, start_date=start, race_date=race)
        times.append(time.perf_counter_ns() - t0)
    times.sort()
    return statistics.median(times) / 1e6, times[int(len(times) * 0.99) - 1] / 1e6


def measure_programme_logged(n: int) -> tuple[float, float]:
    """16 weeks to a race with every session of weeks 1-15 logged, with loads."""
    from app.engine.progression import ExerciseLog, SessionFeedback

    profile = PROFILES["contract example (base, 2 sessions)"]
    start, race = date(2026, 3, 2), date(2026, 6, 21)
    plain = generate_programme(profile, start_date=start, race_date=race)
    feedback = {w.number: [SessionFeedback(True, 7, session_id=s.id, exercises=tuple(
        ExerciseLog(rx.slug, rx.sets, rx.target.max, 16.0, 7) for rx in s.exercises))
        for s in w.plan.sessions] for w in plain.weeks[:-1]}
    for _ in range(min(10, n)):
        generate_programme(profile, start_date=start, race_date=race, feedback=feedback)
    times = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        generate_programme(profile, start_date=start, race_date=race, feedback=feedback)
        times.append(time.perf_counter_ns() - t0)
    times.sort()
    return statistics.median(times) / 1e6, times[int(len(times) * 0.99) - 1] / 1e6


def measure_fit(n: int) -> tuple[float, float, float, int, int]:
    """Every session of every bench profile, each written n times: wall-clock median and p99
    per file, CPU-time p99 (what the writer itself costs, without time spent waiting for a
    core on a busy machine), and the largest file (bytes) and the number of sessions."""
    exercise_numbers()
    sessions = [s for p in PROFILES.values()
                for s in plan_to_dict(generate_week(p), p.runs)["sessions"]]
    wall, cpu, largest = [], [], 0
    for session in sessions:
        for _ in range(min(20, n)):
            session_fit(session)
        for _ in range(n):
            t0, c0 = time.perf_counter_ns(), time.thread_time_ns()
            data = session_fit(session)
            cpu.append(time.thread_time_ns() - c0)
            wall.append(time.perf_counter_ns() - t0)
        largest = max(largest, len(data))
    wall.sort()
    cpu.sort()
    return (statistics.median(wall) / 1e6, wall[int(len(wall) * 0.99) - 1] / 1e6,
            cpu[int(len(cpu) * 0.99) - 1] / 1e6, largest, len(sessions))


def main(argv: list[str]) -> int:
    n = 300 if "--quick" in argv else 5000
    default_catalogue()
    say(f"engine: generate_week, {n} runs per profile after warm-up (ms)")
    say(f"{'profile':<40} {'median':>8} {'p99':>8}")
    medians = []
    for name, profile in PROFILES.items():
        med, p99 = measure(profile, n)
        medians.append(med)
        say(f"{name:<40} {med:8.3f} {p99:8.3f}")
    say(f"{'median of medians':<40} {statistics.median(medians):8.3f}   (target <= 0.15)")
    med, p99, size = measure_distinct(n * 4)
    say(f"{'distinct profiles (cycle of ' + str(size) + ')':<40} {med:8.3f} {p99:8.3f}")
    pn = 30 if "--quick" in argv else 400
    med, p99 = measure_programme(pn)
    say(f"\nengine: generate_programme, 16 weeks to a race, {pn} runs (ms)")
    say(f"{'16-week programme':<40} {med:8.3f} {p99:8.3f}   (target <= 5)")
    med, p99 = measure_programme_logged(pn)
    say(f"{'16 weeks, every week logged with loads':<40} {med:8.3f} {p99:8.3f}   (target <= 10)")
    med, p99 = measure_programme_distinct(pn * 2)
    say(f"{'16 weeks, a different runner each time':<40} {med:8.3f} {p99:8.3f}   (no target)")
    fn = 50 if "--quick" in argv else 500
    med, p99, cpu99, largest, count = measure_fit(fn)
    say(f"\nFIT workout file: {count} sessions x {fn} runs (ms; target < 5)")
    say(f"{'one session':<40} {med:8.3f} {p99:8.3f}   CPU p99 {cpu99:.3f}, largest file "
        f"{largest} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

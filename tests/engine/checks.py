"""Facts a coach checks in a finished plan (DOMAIN §2, §3, §7, §9), as plain predicates.

The named rule tests and the property tests both use them, so a rule is checked the same way on
hand-picked runners and on random ones. Each returns a list of problems (empty when it holds).
"""

from __future__ import annotations

import re
from itertools import combinations

from app.engine.budget import main_seconds, session_seconds
from app.engine.catalogue import default_catalogue
from app.engine.dosing import one_rep_max_applies, percent_1rm
from app.engine.rules import DEFAULT_RULES, Rule
from app.engine.selection import unreachable_without_load
from app.engine.slots import (  # noqa: F401
    is_anti_movement_core,
    is_hip_dominant,
    is_knee_dominant,
    same_movement,
)
from app.engine.types import (
    Category,
    Experience,
    Focus,
    Intensity,
    Measure,
    Pattern,
    Phase,
    RunnerProfile,
    Session,
    WeekPlan,
)

CAT = default_catalogue()
RULES = DEFAULT_RULES
ALL_CODES = {v for k, v in vars(Rule).items() if not k.startswith("_")}
FULL = (Focus.LOWER_BODY_STRENGTH, Focus.FULL_BODY_STRENGTH)


def repeated_movements(s: Session) -> list[tuple[str, str]]:
    exs = [CAT.by_slug[rx.slug] for rx in s.exercises]
    return [(a.slug, b.slug) for a, b in combinations(exs, 2) if same_movement(a, b)]


def knee_hip(p: WeekPlan) -> tuple[int, int]:
    exs = [CAT.by_slug[rx.slug] for s in p.sessions for rx in s.exercises]
    return sum(map(is_knee_dominant, exs)), sum(map(is_hip_dominant, exs))


def week_has_anti_movement_core(p: WeekPlan) -> bool:
    return any(is_anti_movement_core(CAT.by_slug[rx.slug]) for s in p.sessions
               for rx in s.exercises)


def dose_problems(p: WeekPlan, profile: RunnerProfile) -> list[str]:
    """%1RM derived from reps and reserve, only where meaningful; efforts reachable."""
    out = []
    for s in p.sessions:
        for rx in s.exercises:
            e = CAT.by_slug[rx.slug]
            pct, rir = rx.load.percent_1rm, rx.load.reps_in_reserve
            if pct is not None:
                if not one_rep_max_applies(e, RULES):
                    out.append(f"{rx.slug}: %1RM on a lift without a meaningful one-rep max")
                if rir is None or pct != percent_1rm(rx.target.max, rir):
                    out.append(f"{rx.slug}: {pct}% does not match {rx.target.max} reps + {rir}")
            if rx.load.rpe is not None and rir is not None and rx.load.rpe != 10 - rir:
                out.append(f"{rx.slug}: RPE {rx.load.rpe} is not 10 - RIR {rir}")
            slow = rx.tempo is not None and int(rx.tempo[0]) >= 3
            if (profile.experience is not Experience.BEGINNER and s.intensity >= Intensity.MODERATE
                    and unreachable_without_load(e) and (rx.load.rpe or 0) >= 7 and not slow):
                out.append(f"{rx.slug}: two-legged bodyweight at RPE {rx.load.rpe} with no tempo")
    return out


_CODE = re.compile("|".join(sorted((re.escape(c) for c in ALL_CODES), key=len, reverse=True)))
_A_VOWEL = re.compile(r"\b[Aa] (?=[aeiouAEIOU])(?!one|once|uni|use|usu)")


def sentences(p: WeekPlan) -> list[str]:
    out = [*p.rationale, *p.notes, *(w.message for w in p.warnings)]
    for s in p.sessions:
        out += s.rationale
        out += [rx.load.advice for rx in (*s.warmup, *s.exercises, *s.cooldown)]
    return out


def word_problems(p: WeekPlan) -> list[str]:
    """DOMAIN §9: true, specific, correct words."""
    out = []
    for line in sentences(p):
        if "[" in line or "]" in line or _CODE.search(line):
            out.append(f"rule code in a sentence: {line!r}")
        if _A_VOWEL.search(line):
            out.append(f"'a' before a vowel: {line!r}")
        if "None" in line:
            out.append(f"a missing value: {line!r}")
        if "{" in line or "}" in line:
            out.append(f"unfilled placeholder: {line!r}")
    for s in p.sessions:
        if s.intensity is Intensity.LIGHT and any("hard enough to adapt" in r for r in s.rationale):
            out.append(f"{s.id}: a light session called hard enough to adapt")
        for rx in s.exercises:
            if rx.target.unit is not Measure.REPS and re.search(r"\brep\b|\breps\b",
                                                                  rx.load.advice):
                out.append(f"{rx.slug}: advice in reps for a {rx.target.unit.value} target")
        names_seen = {rx.name for rx in (*s.warmup, *s.exercises, *s.cooldown)}
        for r in s.rationale:
            for e in CAT.exercises:
                if e.name in r and e.name not in names_seen and not any(
                        e.name in n for n in names_seen):
                    out.append(f"{s.id}: rationale names {e.name!r}, not in the session")
    out += warning_number_problems(p)
    out += counted_word_problems(sentences(p))
    return out


def warning_number_problems(p: WeekPlan) -> list[str]:
    """A warning that says how many sessions the plan has names the real number."""
    out = []
    n = len(p.sessions)
    for w in p.warnings:
        m = re.search(r"Only (\d+) of the (\d+)", w.message)
        if m and int(m.group(1)) != n:
            out.append(f"warning says {m.group(1)} sessions, the plan has {n}")
        m = re.search(r"at most (\d+)\.", w.message)
        if w.code == "sessions_capped" and m and int(m.group(1)) < n:
            out.append(f"warning caps at {m.group(1)}, the plan has {n}")
    return out


def shared_sentences(p: WeekPlan) -> list[str]:
    """Sentences repeated word for word across a week's sessions (specific, not boilerplate)."""
    out = []
    for a, b in combinations(p.sessions, 2):
        both = {rx.name for rx in a.exercises} & {rx.name for rx in b.exercises}
        # A sentence about an exercise both sessions hold is specific to that content.
        common = {line for line in set(a.rationale) & set(b.rationale)
                  if not any(name in line for name in both)}
        if len(common) > max(2, min(len(a.rationale), len(b.rationale)) // 3):
            out.append(f"{a.id}/{b.id} share {sorted(common)}")
    return out


def changeover_problems(p: WeekPlan) -> list[str]:
    return [f"{s.id}: {s.estimated_minutes} min is not the content's time"
            for s in p.sessions
            if s.estimated_minutes != -(-session_seconds(s, CAT, RULES) // 60)]


def upper_body_missing(p: WeekPlan, budget_minutes: int, owned: frozenset) -> list[str]:
    """A full-body session holds an upper-body exercise whenever the budget allows one more
    (one set of the cheapest pull the runner can do, with a circuit's rest)."""
    out = []
    for s in p.sessions:
        if s.focus is not Focus.FULL_BODY_STRENGTH:
            continue
        if any(rx.category is Category.UPPER_BODY for rx in s.exercises):
            continue
        spare = budget_minutes * 60 - session_seconds(s, CAT, RULES)
        cheapest = min(
            (main_seconds(_probe(e.slug, s), CAT.by_slug, RULES) for e in CAT.exercises
             if e.category is Category.UPPER_BODY and e.equipment <= owned
             and e.level.rank == 0 and e.pattern in (
                 Pattern.HORIZONTAL_PULL, Pattern.VERTICAL_PULL)),
            default=10**9)
        if spare >= cheapest:
            out.append(f"{s.id}: no upper body with {spare} s to spare")
    return out


def _probe(slug: str, s: Session):
    from app.engine.types import Load, LoadKind, Prescription, Target

    e = CAT.by_slug[slug]
    return Prescription(slug, e.name, e.category, 1, Target(e.measure, 8, 12, e.unilateral),
                        RULES.rest_circuit, None, Load(LoadKind.BODYWEIGHT, None, None, None, ""))


# ------------------------------------------------------------------ issue 9: sessions a coach signs

_COUNTED = re.compile(r"\w\((?:s|es|en|n|e)\)")


def counted_word_problems(lines: list[str]) -> list[str]:
    """No "session(s)": a counted word agrees with its number."""
    return [f"(s) in {line!r}" for line in lines if _COUNTED.search(line)]


def heavy_rest_problems(p: WeekPlan, rules=RULES) -> list[str]:
    """A heavy session's leg lifts keep their full rest, and its main lift (the first leg lift)
    at least two sets; the time budget never shortened them."""
    from app.engine.dosing import role

    out = []
    for s in p.sessions:
        if s.intensity is not Intensity.HEAVY:
            continue
        lifts = [rx for rx in s.exercises if role(CAT.by_slug[rx.slug]) == "lift"]
        out += [f"{s.id}: {rx.slug} rests {rx.rest_seconds} s" for rx in lifts
                if rx.rest_seconds < rules.rest_heavy_lift]
        if not lifts or lifts[0].sets < rules.heavy_main_lift_min_sets:
            out.append(f"{s.id}: main lift {lifts[0].slug if lifts else None} under two sets")
    return out


def hard_dose_problems(sessions, rules=RULES) -> list[str]:
    """Near-maximal and eccentric work never gets more than its cap of reps (or seconds)
    or sets."""
    out = []
    for s in sessions:
        for rx in s.exercises:
            cap = rules.hard_doses.get(rx.slug)
            if cap is not None and (rx.target.max > cap.amount[1] or rx.sets > cap.sets):
                out.append(f"{s.id}: {rx.slug} {rx.sets} x {rx.target.min}-{rx.target.max}")
    return out


def form_problems(p: WeekPlan) -> list[str]:
    """No movement in two forms within the week (the same exercise may repeat)."""
    from app.engine.slots import forms

    movement_of = forms(CAT)
    seen: dict[object, set[str]] = {}
    for s in p.sessions:
        for rx in s.exercises:
            seen.setdefault(movement_of[rx.slug], set()).add(rx.slug)
    return [f"{sorted(slugs)}" for slugs in seen.values() if len(slugs) > 1]


def push_pull_missing(p: WeekPlan, profile: RunnerProfile, budget_minutes: int) -> list[str]:
    """Outside the taper and the recovery week, a week without an upper-body pull (or, outside
    race-specific maintenance, a push) has
    no session with time for one more: one set, with a circuit's rest, of the quickest one the
    runner may do, dosed as that session doses it."""
    import dataclasses

    from app.engine.context import build_context
    from app.engine.dosing import prescribe
    from app.engine.explain import msg
    from app.engine.slots import PULLS, PUSHES
    from app.engine.types import GENTLE_PHASES
    from app.engine.week import session_kind

    if p.phase in GENTLE_PHASES or not p.sessions:
        return []
    ctx = build_context(profile, RULES, CAT)
    held = {CAT.by_slug[rx.slug].pattern for s in p.sessions for rx in s.exercises}
    out = []
    for name, patterns in (("pull", PULLS), ("push", PUSHES)):
        if held & patterns or (name == "push" and p.phase is Phase.RACE_SPECIFIC):
            continue  # maintenance weeks keep the pull, no extras
        for s in p.sessions:
            costs = []
            for e in CAT.exercises:
                if e.slug in ctx.pool and e.pattern in patterns and (
                        e.category is Category.UPPER_BODY):
                    rx = prescribe(e, session_kind(ctx, s.intensity), ctx,
                                   purpose=msg("purpose.push"), sets=1)
                    rx = dataclasses.replace(rx, rest_seconds=min(rx.rest_seconds,
                                                                  RULES.rest_circuit))
                    costs.append(main_seconds(rx, CAT.by_slug, RULES))
            spare = budget_minutes * 60 - session_seconds(s, CAT, RULES)
            if costs and spare >= min(costs):
                out.append(f"no {name} this week, {s.id} has {spare} s to spare")
    return out


# ------------------------------------------------------ issue 9: words true of the plan they sit in

_FIT = re.compile(r"^About (\d+) min .*(?:within|trimmed to fit) (your )?(\d+)(?: min)?[,.]")


def fit_budget_problems(p: WeekPlan, profile: RunnerProfile) -> list[str]:
    """The time sentence names the session's minutes and the budget it was fitted to: "your N"
    only when that is the runner's own session_minutes, else the limit and why."""
    from app.engine.budget import session_budget

    run_days = sum(1 for d in p.week if d.runs)
    budget = session_budget(profile.session_minutes, run_days, p.phase, rules=RULES)
    out = []
    for s in p.sessions:
        found = [m for m in map(_FIT.match, s.rationale) if m]
        if len(found) != 1:
            out.append(f"{s.id}: {len(found)} time sentences")
            continue
        minutes, yours, said = int(found[0][1]), bool(found[0][2]), int(found[0][3])
        if minutes != s.estimated_minutes:
            out.append(f"{s.id}: says {minutes} min, holds {s.estimated_minutes}")
        if said != budget:
            out.append(f"{s.id}: names a budget of {said}, fitted to {budget}")
        if yours != (budget == profile.session_minutes):
            out.append(f"{s.id}: 'your {said}' with session_minutes {profile.session_minutes}")
    return out


def high_mileage_problems(p: WeekPlan) -> list[str]:
    """"two shorter sessions" only of a week outside the taper that holds two or more."""
    from app.engine.types import GENTLE_PHASES

    said = any("two shorter sessions" in line for line in p.rationale)
    if said and (len(p.sessions) < 2 or p.phase in GENTLE_PHASES):
        return [f"'two shorter sessions' with {len(p.sessions)} in {p.phase.value}"]
    return []


def varied(p: WeekPlan) -> bool:
    """Every session after the first holds more new exercises than repeated ones."""
    seen: set[str] = set()
    for s in p.sessions:
        slugs = [rx.slug for rx in s.exercises]
        if seen and 2 * sum(x in seen for x in slugs) >= len(slugs):
            return False
        seen.update(slugs)
    return True


def variety_problems(p: WeekPlan) -> list[str]:
    said = any("use different exercises for the same job" in line for line in p.rationale)
    return ["the plan claims variety its sessions do not have"] if said and not varied(p) else []


_PART = re.compile(r"(.+?) for the (calves|hips)$")


def resilience_problems(p: WeekPlan) -> list[str]:
    """Each exercise the resilience sentence names is in the session and serves the area it is
    named with; the plan promises calf and hip-abductor work in every full session only when
    every full session holds both."""
    from app.engine.slots import FULL_FOCUSES

    out = []
    for s in p.sessions:
        held = {rx.name: CAT.by_slug[rx.slug] for rx in s.exercises}
        for line in s.rationale:
            if not line.startswith("For injury resilience: "):
                continue
            body = line.removeprefix("For injury resilience: ").split(", which absorb")[0]
            for part in re.split(r", | and (?=[A-Z])", body):
                m = _PART.match(part)
                e = held.get(m[1]) if m else None
                if m is None or e is None:
                    out.append(f"{s.id}: {part!r} is not an exercise of the session")
                elif m[2] == "calves" and Category.CALVES_ANKLES not in e.categories:
                    out.append(f"{s.id}: {e.slug} named for the calves")
                elif m[2] == "hips" and e.pattern is not Pattern.HIP_ABDUCTION:
                    out.append(f"{s.id}: {e.slug} named for the hips")
    full = [s for s in p.sessions if s.focus in FULL_FOCUSES]
    both = all(any(rx.category is Category.CALVES_ANKLES for rx in s.exercises)
               and any(CAT.by_slug[rx.slug].pattern is Pattern.HIP_ABDUCTION
                       for rx in s.exercises) for s in full)
    if not both and any("every full session holds calf and hip-abductor" in line
                        for line in p.rationale):
        out.append("every full session promised calf and hip-abductor work")
    return out


def missing_work_problems(p: WeekPlan) -> list[str]:
    """A session_incomplete warning names a job (no time left for it) only when no exercise of
    that day's session does that job."""
    from app.engine.explain import ENGLISH, msg
    from app.engine.slots import CALF, CORE, HIP, HIP_UNI, KNEE, KNEE_UNI, UNI, UNI_HIP

    out = []
    for w in p.warnings:
        if w.code != "session_incomplete":
            continue
        for s in p.sessions:
            if not w.message.startswith(ENGLISH(f"day.{s.day.value}") + ":"):
                continue
            exs = [CAT.by_slug[rx.slug] for rx in s.exercises]
            for slot in (KNEE, HIP, UNI, UNI_HIP, CALF, CORE, KNEE_UNI, HIP_UNI):
                words = ENGLISH("warn.missing_time", purpose=msg(slot.purpose))
                if words in w.message and any(slot.fits(e) for e in exs):
                    out.append(f"{s.id}: warns {words!r} while holding it")
    return out


def true_words_problems(p: WeekPlan, profile: RunnerProfile) -> list[str]:
    return (fit_budget_problems(p, profile) + high_mileage_problems(p) + variety_problems(p)
            + resilience_problems(p) + missing_work_problems(p))

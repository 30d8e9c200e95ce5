"""The plan's rationale and notes (DOMAIN §9): what holds for the whole week, said once. Part of
explain.MESSAGES (same ids, same rules: full, plain sentences with {name} placeholders), kept
apart so that table stays readable."""

from __future__ import annotations

from collections.abc import Mapping

PLAN_MESSAGES: Mapping[str, str] = {
    "plan.phase_from_race": "Your race is {when}, which puts you in the {phase} phase.",
    "plan.race_this_week": "this week",
    "plan.race_weeks_after": "{weeks} weeks after this one",
    "plan.race_weeks_after.one": "the week after this one",
    "plan.phase_given": "Phase: {phase}, as you set it.",
    "plan.no_sessions": "You asked for no strength sessions this week; the short core block "
                        "after a run is still there if you want it.",
    "plan.taper": "Taper: at most one very light session. A full break from strength is fine "
                  "too: what you built lasts well beyond two weeks.",
    "plan.recovery": "Recovery week after the race: at most two short sessions of activation "
                     "and mobility. Strength training starts again next week.",
    "plan.sessions.0": "No strength session fits this week.",
    "plan.sessions.1": "1 strength session this week: the minimum effective dose.",
    "plan.sessions.2": "2 strength sessions this week: the evidence-based sweet spot for most "
                       "runners.",
    "plan.sessions.3": "3 strength sessions this week, as suits off-season and base building.",
    "plan.sessions.n": "{count} strength sessions this week.",
    "plan.high_mileage": "With {run_days} run days, strength stays at two shorter sessions "
                         "({minutes} min at most), away from key runs.",
    "plan.high_mileage_one": "With {run_days} run days, strength stays short ({minutes} min at "
                             "most) and away from key runs.",
    "plan.hard_days_hard": "Strategy hard days hard: strength shares a day with quality running "
                           "where it can, so the next day stays easy.",
    "plan.separate": "Strategy separate: strength only on rest days or after easy runs.",
    "plan.beginner": "New to lifting: spend the first 2-3 weeks on bodyweight to learn each "
                     "movement, then add load.",
    "plan.beginner_days": "As a newer lifter you lift on days without running, so strength days "
                          "and run days alternate where the week allows.",
    "plan.beginner_moderate": "Heavy, low-rep lifting waits until your technique is solid, so "
                              "the sessions stay moderate.",
    "plan.progress": "Progress one thing at a time - reps, then load, then a harder variation - "
                     "when sets feel comfortable (RPE 7 or less).",
    "plan.core_block": "A short core block (about 5 minutes) may follow any run.",
    "plan.monotony": "With your runs, this week's load is much the same every day (monotony "
                     "{monotony}); a truly easy or rest day would break it up.",
    "plan.rest": "Rest about {lift} s after leg lifts and {other} s after calf, core and "
                 "upper-body work.",
    "plan.rest_heavy": "Rest about {heavy} after heavy leg lifts, {lift} s after other leg "
                       "lifts and {other} s after calf, core and upper-body work.",
    "plan.rest_circuit": "Rest about {rest} s between exercises: the sessions run as circuits.",
    "plan.warmup": "Every session starts with about 5 minutes of activation (never skip it) and "
                   "ends with a few minutes of mobility.",
    "plan.equipment": "Everything uses your bodyweight or what you have ({owned}).",
    "plan.no_load": "With no weights, progress by reps, a slower 3-second lowering and then "
                    "the harder variation named in each exercise.",
    "plan.single_leg": "Every full session holds single-leg work: running is a series of "
                       "one-leg landings.",
    "plan.posterior_chain": "Hip-dominant work (hinges, bridges, hamstring curls) gets at least "
                            "as much room as squats and lunges: the posterior chain is what "
                            "runners most often neglect.",
    "plan.variety": "The sessions use different exercises for the same job; each repeats from "
                    "week to week so progress shows.",
    "plan.repeat": "The sessions share most of their exercises; each repeats from week to week "
                   "so progress shows.",
    "plan.repeat_pain": "The sessions share most of their exercises: while your {areas} hurts, "
                        "few others suit, and the work that protects it comes back each time. "
                        "Each session repeats from week to week so progress shows.",
    "plan.goal.weight_loss": "Weight loss: circuits with short rests and extra work where the "
                             "time allows, for more total work per session.",
    "plan.goal.injury_resilience": "Injury resilience: every full session holds calf and "
                                   "hip-abductor work, the areas that absorb each landing.",
    "plan.goal.injury_resilience_time": "Injury resilience: calf and hip-abductor work, the "
                                        "areas that absorb each landing, wherever a session "
                                        "has time for it.",
    "plan.goal.speed_power": "Speed and power: plyometrics and heavier lifts where your "
                             "experience and the phase allow them.",
    "plan.goal.speed_power_blocked": "Speed and power: no plyometrics this week, because "
                                     "{reason}.",
    "plan.goal.economy": "Running economy: heavy-enough lifts and springy calves make each "
                         "stride cheaper over 8-12 weeks of steady work.",
    "note.current_pain": "You reported current pain ({areas}). Please see a sports doctor or "
                         "physiotherapist; this plan keeps loads low and trains around that "
                         "area.",
    "note.medical": "This is training guidance, not medical advice.",
}

"""The programme's sentences (DOMAIN §5-§6): how logged feedback changed a week, each exercise's
progression note, and where a suggested load comes from. Part of explain.MESSAGES (same ids,
same rules: full, plain sentences with {name} placeholders), kept apart so that table stays
readable."""

from __future__ import annotations

from collections.abc import Mapping

PROGRAMME_MESSAGES: Mapping[str, str] = {
    "adapt.pain": "You logged pain last week, so this week steps back: the same exercises, "
                  "lighter and easier, nothing new.",
    "adapt.very_hard": "Last week felt very hard (RPE {rpe}), so this week holds: the same "
                       "sessions again, no step up.",
    "adapt.missed": "{count} sessions missed last week, so this week holds rather than moving "
                    "on.",
    "adapt.missed.one": "{count} session missed last week, so this week holds rather than "
                        "moving on.",
    "adapt.progress": "Last week was completed at RPE 7 or less, so the next step happens.",
    "adapt.rpe8": "Last week was hard work (RPE 8): the dose holds until it feels comfortable.",
    "amount.reps": "{n} reps",
    "amount.seconds": "{n} s",
    "amount.meters": "{n} m",
    "prog.start": "Start at {n} a set and own the movement.",
    "prog.bodyweight": "Week {week}: bodyweight only while you learn the movement.",
    "prog.taper": "Taper: very light, just enough to stay springy.",
    "prog.recovery": "Recovery week: easy movement only while the legs recover from the race.",
    "prog.maintain": "Maintenance: the same load and effort as in build, {sets} sets.",
    "prog.maintain.one": "Maintenance: the same load and effort as in build, {sets} set.",
    "prog.deload": "Deload week: one set fewer, same load, so the body absorbs the last weeks' "
                   "work.",
    "prog.restore": "Back to full sets after the deload; everything else as before.",
    "prog.hold": "Same as last week.",
    "prog.phase_heavier": "Heavier phase: a heavier weight for {lo}-{hi} reps, the same effort; "
                          "that is this week's load step.",
    "prog.targets": "New targets for this phase: {sets} sets of {lo}-{hi}; everything else as "
                    "last week.",
    "prog.targets.one": "New targets for this phase: {sets} set of {lo}-{hi}; everything else "
                        "as last week.",
    "prog.more_reps": "+1 rep per set: aim for {goal} reps.",
    "prog.more_seconds": "+5 s per hold: aim for {goal} s.",
    "prog.more_meters": "+5 m per carry: aim for {goal} m.",
    "prog.load_weight": "Load step: a slightly heavier weight (the next dumbbell, or about "
                        "2.5-5% more); back to {bottom}.",
    "prog.load_band": "Load step: a slightly stronger band; back to {bottom}.",
    "prog.variation": "No weights to add, so a harder variation: {name}; back to {bottom}.",
    "prog.load_tempo": "No heavier option here: lower over 3 seconds and pause at the bottom; "
                       "back to {bottom}.",
    "prog.load_pause": "Already lowering slowly: now pause for {pause} seconds at the bottom of "
                       "each rep; back to {bottom}.",
    "prog.load_fewer_reps": "Load step: {how}, with fewer reps so a set takes no longer than "
                            "before: {lo}-{hi} reps, starting at {lo}.",
    "prog.how_slower": "lower over 3 seconds and pause at the bottom",
    "prog.how_pause": "pause for {pause} seconds at the bottom of each rep",
    "prog.load_capped": "A load step is due, but the next weight up ({next} {unit}) is more than "
                        "10% heavier, so the weight stays at {value} {unit} and the reps go up "
                        "first: aim for {goal} reps a set. {next_step}",
    "prog.load_not_yet": "A load step is due, but your last log says {value} {unit} is still the "
                         "right weight: stay at it and aim for {goal} reps a set.",
    "prog.load_heaviest": "A load step is due, but {value} {unit} is the heaviest weight you "
                          "have, so the reps go up instead: aim for {goal} reps a set. {next_step}",
    "prog.then_tempo": "At the top of the range ({top} reps) comes a slower tempo when the "
                       "session has room for it, then the heavier weight.",
    "prog.then_weight": "At the top of the range ({top} reps) the next step is the heavier "
                        "weight.",
    "prog.load_same_tempo": "Load step at the same weight ({value} {unit}): lower over 3 seconds "
                            "and pause at the bottom; back to {bottom}.",
    "prog.load_top_next": "Top of the range at {value} {unit}: move up to {next} {unit} only "
                          "once every set of {top} reps leaves {rir} or more reps in reserve, "
                          "and log it - the next numbers start from that log. Until then, stay "
                          "at {value} {unit}.",
    "prog.load_top_not_yet": "Top of the range at {value} {unit}, and your last log says this is "
                             "still the right weight: stay at it, and log this week's sets - "
                             "the numbers follow from them.",
    "prog.load_top_heaviest": "Top of the range with the heaviest weight you have ({value} "
                              "{unit}): keep it here, or add a heavier weight to your load "
                              "increments.",
    "prog.targets_same_weight": "New targets for this phase: {sets} sets of {lo}-{hi}, still "
                                "at {value} {unit}; everything else as last week.",
    "prog.targets_same_weight.one": "New targets for this phase: {sets} set of {lo}-{hi}, "
                                    "still at {value} {unit}; everything else as last week.",
    "prog.nothing_harder": "Nothing harder to move to yet: keep the quality high.",
    "prog.step_back": "Stepping back after pain: one set fewer, one more rep in reserve and a "
                      "lighter load.",
    "prog.swap": "In place of {old}, where pain was logged: {name} spares the area.",
    "prog.no_time": "No time this week to add to it: same as last week.",
    "prog.planned": "Back to the planned version of this exercise so the session fits your "
                    "time.",
    "prog.below_build": "Until build starts, no week is bigger or harder than a build week: "
                        "{sets} working sets this week.",
    "prog.settling_cap": "A settling-in week: {sets} working sets, no more than the full weeks "
                         "that follow.",
    "prog.maintenance_cut": "Race-specific maintenance: {sets} working sets this week, about a "
                            "third fewer than the {build} of a build week.",
    "prog.intro": "Week {week} of {weeks} to settle in: moderate effort and fewer sets before "
                  "the harder weeks.",
    "prog.phase_week": "You are in the {phase} phase: week {week} of your programme.",
    "adapt.progress_phase": "Last week was completed at RPE 7 or less; the {phase} phase keeps "
                            "the same work.",
    "prog.plan_weeks": "{weeks} weeks of {phase} training, no race.",
    "prog.plan_race": "{weeks} weeks to the race: {phases}.",
    "prog.phase_count": "{count} {phase}",
    "prog.race_too_close": "The race is less than a week away: this is a taper-only answer. "
                           "Strength gains now would come too late; rest and stay fresh.",
    "prog.who_beginner": "a newer lifter",
    "prog.who_pain": "someone returning from pain",
    "prog.bodyweight_weeks": "As {who}, the first {weeks} weeks use bodyweight only to learn "
                             "each movement; load comes after.",
    "prog.easy_start": "The first {weeks} weeks are the easiest of the programme: moderate "
                       "sessions with a rep more in reserve, at most two a week, and fewer "
                       "exercises and sets in the very first week.",
    "prog.easy_start.one": "The first week is the easiest of the programme: moderate sessions "
                           "with a rep more in reserve, at most two sessions, and fewer "
                           "exercises and sets than the weeks after it.",
    "prog.one_change": "Progression changes one thing at a time and carries on across phases: "
                       "+1 rep per set each week, then a load step (or a harder variation "
                       "without weights) every third loading week.",
    "prog.deloads": "About every fourth loading week is a lighter deload week: one set fewer, "
                    "same weights.",
    "prog.feedback": "What you log outranks the calendar: after pain the next week steps back, "
                     "after a very hard or missed week it holds.",
    "load.source": "your {day} session in week {week}: {sets} x {reps} at {load} {unit} with "
                   "{reserve} reps in reserve",
    "load.source.one": "your {day} session in week {week}: {sets} x {reps} at {load} {unit} "
                       "with {reserve} rep in reserve",
    "load.source_week": "your session in week {week}: {sets} x {reps} at {load} {unit} with "
                        "{reserve} reps in reserve",
    "load.source_week.one": "your session in week {week}: {sets} x {reps} at {load} {unit} "
                            "with {reserve} rep in reserve",
    "advice.suggested": "Suggested load: {value} {unit} (from {source}).",
}

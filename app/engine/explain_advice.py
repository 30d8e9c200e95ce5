"""The load advice each prescription carries (DOMAIN §3, §6-§7): effort, tempo, load and how to
progress, and how to do near-maximal, eccentric and assisted work. Part of explain.MESSAGES
(same ids, same rules: full, plain sentences with {name} placeholders), kept apart so that table
stays readable."""

from __future__ import annotations

from collections.abc import Mapping

ADVICE_MESSAGES: Mapping[str, str] = {
    "advice.pain": "Keep the load light and every movement pain-free; stop if the pain returns.",
    "advice.pain_free_range": "Work only in a range that stays pain-free, even if that is a "
                              "shallow one.",
    "advice.taper": "Very easy: this is to feel springy, not to get stronger. Stop long before "
                    "anything burns.",
    "advice.plyo": "Full effort with soft, quiet landings. Rest fully between sets "
                   "and stop as soon as the landings get heavy.",
    "advice.effort_rir": "about {rir} good reps left in reserve (RPE {rpe})",
    "advice.effort_rpe": "an effort of about RPE {rpe}: finish each set with a little left",
    "advice.first_weeks": "For your first 2-3 weeks do this with bodyweight or the lightest "
                          "weight to learn the movement.",
    "advice.then_weight": "Then pick a weight that leaves {effort}.",
    "advice.weight": "Pick a weight that leaves {effort}; never train to failure.",
    "advice.percent": "That is roughly {pct}% of a one-rep max, if you know yours.",
    "advice.back_light": "Keep hinges light (RPE 7 at most): own the movement before adding "
                         "weight.",
    "advice.progress_reps": "When every set feels comfortable (RPE 7 or less), change one "
                            "thing: first a rep per set, then a little more weight every 2-3 "
                            "weeks.",
    "advice.progress_seconds": "When every hold feels comfortable, change one thing: first "
                               "5 s more per hold, then a little more weight every 2-3 weeks.",
    "advice.progress_meters": "When every carry feels comfortable, change one thing: first "
                              "5 m more per carry, then a heavier weight every 2-3 weeks.",
    "advice.band": "Choose a band tension that leaves {effort}; move to a stronger band when "
                   "all sets feel easy.",
    "advice.bodyweight": "Bodyweight: work with {effort}.",
    "advice.bodyweight_hold": "Hold with good form and {effort}.",
    "advice.slow_tempo": "Lower over {down} seconds and pause {pause} s at the bottom: without "
                         "weight, the slow tempo is what makes this hard enough.",
    "advice.slow_lowering": "Lower over {down} seconds: without weight, the slow tempo is what "
                            "makes this hard enough.",
    "advice.slow_calf": "Slow and heavy: {down} s up, a {pause} s pause, {down} s down.",
    "advice.eccentric": "The lowering is the exercise: fall forward as slowly as you can, over "
                        "about 3-5 seconds, catch yourself on your hands and push back up. Stop "
                        "the set when you can no longer control the lowering.",
    "advice.eccentric_slow": "The lowering is the exercise: take about 3-5 seconds over each one "
                             "and stop the set when you can no longer control it.",
    "advice.band_assisted": "Use a band strong enough that every rep is controlled all the way; "
                            "move to a lighter band as you get stronger.",
    "advice.assisted": "Hold a door frame or a post and take just enough help that every rep "
                       "is smooth; use less help as you get stronger.",
    "advice.near_max": "Near-maximal work: a few perfect reps beat many shaky ones. Stop each "
                       "set while every rep is still smooth, and rest fully between sets.",
    "advice.near_max_hold": "A hard hold: stop each set while your hips are still level, and "
                            "rest fully between sets. Short good holds beat long sagging ones.",
    "advice.harder_reps": "When every set feels easy, add one rep per set each week, then slow "
                          "the lowering to 3 s, then move on to {name}.",
    "advice.harder_hold": "When holds feel easy, add 5 s per hold, then move on to {name}.",
    "advice.warmup": "Easy and controlled: the aim is to wake the muscles up, not tire them.",
    "advice.cooldown": "Ease into each position and breathe slowly; no bouncing.",
}

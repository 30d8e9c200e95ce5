"""Every sentence a runner reads, as a message id with parameters, rendered in one place.

The stages never build text themselves: they name a message and its parameters, and `Voice`
renders it. Parameters may themselves be messages (a run kind, a phase, a list of areas), so a
translation can decline them as its language needs. `Voice(translate=...)` swaps the English
templates for another language's; codes (rule codes, slugs, enum values) are never rendered
through it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.engine.explain_advice import ADVICE_MESSAGES
from app.engine.explain_plan import PLAN_MESSAGES
from app.engine.explain_programme import PROGRAMME_MESSAGES


@dataclass(frozen=True, slots=True)
class Msg:
    """A message id and its parameters; hashable so stages can cache results that hold it."""

    id: str
    params: tuple[tuple[str, object], ...] = ()


def msg(msg_id: str, **params: object) -> Msg:
    if msg_id not in MESSAGES:
        raise KeyError(f"unknown message id {msg_id!r}")
    return Msg(msg_id, tuple(sorted(params.items())))


# English source text. Placeholders are {name}; a parameter that is a tuple of messages is
# rendered as a list joined by the language's "and". Every template is a full, correct sentence
# (or phrase, for ids ending in a noun) in plain coaching English.
MESSAGES: Mapping[str, str] = {
    # ---- words used inside other messages
    "run.easy": "an easy run",
    "run.quality": "a quality run",
    "run.long": "a long run",
    "run.race": "a race",
    "run.the.easy": "your easy run",
    "run.the.quality": "your quality run",
    "run.the.long": "your long run",
    "run.the.race": "your race",
    "phase.off_season": "off-season (general preparation)",
    "phase.base": "base",
    "phase.build": "build",
    "phase.race_specific": "race-specific",
    "phase.taper": "taper",
    "phase.recovery": "recovery",
    "area.knee": "knee",
    "area.it_band": "IT band",
    "area.achilles": "Achilles",
    "area.calf": "calf",
    "area.hamstring": "hamstring",
    "area.shin": "shin",
    "area.plantar_fascia": "plantar fascia",
    "area.hip": "hip",
    "area.lower_back": "lower back",
    "day.mon": "Monday",
    "day.tue": "Tuesday",
    "day.wed": "Wednesday",
    "day.thu": "Thursday",
    "day.fri": "Friday",
    "day.sat": "Saturday",
    "day.sun": "Sunday",
    "intensity.heavy": "heavy",
    "intensity.moderate": "moderate",
    "intensity.light": "light",
    "list.and": "{head} and {last}",
    "amount.minutes": "{n} min",
    "equipment.none": "no equipment",
    # ---- slot purposes (Prescription.purpose)
    "purpose.knee": "knee-dominant strength",
    "purpose.knee_uni": "single-leg knee strength",
    "purpose.hip": "hip-dominant strength",
    "purpose.hip_uni": "single-leg hip strength",
    "purpose.unilateral": "single-leg strength",
    "purpose.calf": "calf and Achilles strength",
    "purpose.core": "trunk stiffness",
    "purpose.core2": "a second trunk angle",
    "purpose.glutes": "hip stability",
    "purpose.pull": "upper-back pulling for posture and arm drive",
    "purpose.push": "upper-body pushing",
    "purpose.activation": "glute activation",
    "purpose.springy_calves": "springy calves",
    "purpose.plyo": "power and spring",
    "purpose.side": "side stability",
    "purpose.after_run": "short block after a run",
    "purpose.warmup": "warm-up activation",
    "purpose.cooldown": "cool-down mobility",
    "purpose.resilience_calf": "calf and soleus resilience",
    "purpose.resilience_hip": "hip-abductor resilience",
    "purpose.extra_work": "extra work for your weight-loss goal",
    # ---- injury emphasis (labels and reasons)
    "emphasis.glutes_abductors": "glutes and hip abductors",
    "emphasis.calf_slow": "slow single-leg and bent-knee calf raises",
    "emphasis.calf_heavy_slow": "heavy, slow calf raises",
    "emphasis.calf_low_load": "calf work at low load",
    "emphasis.eccentric_hamstring": "eccentric hamstring work",
    "emphasis.lower_leg": "calf, soleus and ankle work",
    "emphasis.foot": "calf, soleus and foot work",
    "emphasis.trunk": "trunk stability",
    "emphasis.hip_stability": "hip stability",
    "reason.knee": "strong glutes and hip abductors keep the knee tracking over the foot",
    "reason.it_band": "hip-abductor strength controls the hip drop that loads the IT band",
    "reason.achilles_loaded": "heavy, slow calf raises build a tendon that tolerates running "
                              "load",
    "reason.achilles_bodyweight": "slow calf raises, lowering over three seconds, build a "
                                  "tendon that tolerates running load",
    "reason.calf": "calf and soleus strength, with a slow lowering, protects against strains",
    "reason.hamstring": "hamstrings that are strong while lengthening resist strains at speed",
    "reason.shin": "stronger calves, soleus and shin muscles absorb more of each landing",
    "reason.plantar_fascia": "strong calves and foot muscles share the load the plantar fascia "
                             "carries",
    "reason.lower_back": "a stable trunk and a well-learnt hip hinge at light load protect the "
                         "back",
    "reason.hip": "glute and hip stability keep the pelvis level on every landing",
    "reason.knee_pain": "the glutes and hip abductors can be trained hard while the knee "
                        "settles, and they take load off it",
    "reason.calf_pain": "a tendon that hurts still needs some load to recover: holds and slow "
                        "raises within comfort",
    # ---- warnings
    "warn.sessions_capped_phase": "You asked for {wanted} strength sessions; the {phase} phase "
                                  "holds at most {cap}.",
    "warn.sessions_capped_mileage": "With {run_days} run days a week, strength stays at "
                                    "{cap} shorter sessions so it never crowds your running.",
    "warn.sessions_reduced": "Only {placed} of the {target} strength sessions you were due fit "
                             "this week without breaking a rule: {reasons}.",
    "warn.sessions_reduced.one": "The strength session you were due does not fit this week "
                                 "without breaking a rule: {reasons}.",
    "warn.session_made_light": "{day} was meant to be a {planned} session, but {reason}, so it "
                               "is light: no other day this week could hold it at full "
                               "intensity.",
    "warn.reason_key_run": "it is the day before {run}",
    "warn.reason_race": "your race is within two days",
    "warn.session_incomplete": "{day}: the session runs without {missing}.",
    "warn.missing_pain": "{purpose} (left out while your {areas} hurts)",
    "warn.missing_equipment": "{purpose} (nothing in the catalogue fits your equipment and "
                              "level)",
    "warn.missing_time": "{purpose} (no time left for it)",
    "warn.session_made_moderate": "{day} was meant to be a heavy session, but heavy sets need "
                                  "about {rest} of rest each, and {minutes} min cannot fit two "
                                  "of them alongside the other exercises, so it is moderate.",
    "warn.plan_has": "The plan has {count} strength sessions.",
    "warn.plan_has.one": "The plan has {count} strength session.",
    "reduce.spacing": "sessions need a full day between them",
    "reduce.long_race": "none goes on a long-run or race day",
    "reduce.unavailable": "you are unavailable on {days}",
    "reduce.separate": "the separate strategy keeps quality-run days free of strength",
    "reduce.taper": "a taper session must come early in the week, well clear of the race",
    # ---- session rationale: the day
    "why.rest_day": "{day} has no run, so the session has the day to itself.",
    "why.after_run": "{day} has {run}: run first and lift afterwards, ideally a few hours "
                     "later. The run is the priority.",
    "why.hard_days_hard": "Hard days hard: strength on the quality day keeps {next_day} a true "
                          "easy or recovery day.",
    "why.light_before_key": "{next_day} holds {run}, so the day before takes only a light "
                            "session that leaves your legs fresh for it.",
    "why.light_before_race": "Your race is within two days; heavy leg work needs 48 hours to "
                             "clear, so this session stays light.",
    "why.heavy_safe": "Heavy is safe here: {next_day} has no long run, quality run or race, so "
                      "your legs get 24-48 hours before the next hard running.",
    "why.moderate_short": "Moderate rather than heavy: {minutes} min is too short for heavy "
                          "sets with their full rest.",
    "why.taper": "Taper: one very light bodyweight session early in the week, activation and "
                 "mobility only, so nothing leaves you sore for the race.",
    "why.recovery": "The week after your race: light activation and mobility only, to loosen "
                    "up while the legs recover.",
    "why.race_week": "It sits at least three days before the race; the days just before it are "
                     "for resting.",
    "why.current_pain": "Because your {areas} hurts right now: lower loads, no jumping or "
                        "high-impact work, and nothing that strains that area.",
    # ---- session rationale: the content
    "content.full": "The work: {parts}.",
    "content.part.knee": "{name} for the knees",
    "content.part.hip": "{name} for the hips and hamstrings",
    "content.part.unilateral": "{name} on one leg",
    "content.part.calf": "{name} for the calves",
    "content.part.core": "{name} for the trunk",
    "content.light_legs": "A lighter leg day: single-leg work ({names}) and trunk work at an "
                          "easy effort.",
    "content.core_upper": "Nothing for the legs today: trunk stiffness and upper-back work for "
                          "posture and a relaxed arm drive.",
    "content.upper": "{names} for the upper body: pulling first for posture, as running "
                     "rounds the shoulders forward.",
    "content.upper_push": "{names} for the upper body: pushing strength for a strong, relaxed "
                          "arm drive.",
    "content.upper_again": "{names} for the upper body.",
    "content.emphasis": "Your {area} {status}: {exercise} is here for {label}, because "
                        "{reason}.",
    "content.emphasis_again": "Again for your injury history ({areas}): {exercises}.",
    "content.emphasis_again_pain": "Again for the pain you have now ({areas}): {exercises}.",
    "content.status_history": "history",
    "content.status_current": "pain",
    "content.resilience": "For injury resilience: {parts}, which absorb every landing.",
    "content.resilience.calf": "{name} for the calves",
    "content.resilience.hip": "{name} for the hips",
    "content.resilience.other": "{name} for the legs",
    "content.weight_loss": "For your weight-loss goal the session is a circuit with short rests, "
                           "so more work fits in the same time.",
    "content.speed_power": "For speed and power: the jumps come first while you are fresh.",
    "content.plyo": "Plyometrics come first, straight after the warm-up: a few short sets with "
                    "full rest, stopping while every landing is still crisp.",
    "content.no_plyo": "No jumps this time: {reason}.",
    "plyo.beginner": "plyometrics wait until you have lifted consistently for a while",
    "plyo.pain": "no jumping or other high-impact work while something hurts",
    "plyo.taper": "the taper keeps everything gentle",
    "plyo.race_week": "the race this week comes first",
    "plyo.race_specific": "running quality comes first in the race-specific phase",
    "plyo.recovery": "the week after a race is for recovery",
    "plyo.base": "the base phase builds technique and strength first",
    # ---- session rationale: the dose
    "dose.heavy": "Heavy day: {lift} {sets} x {lo}-{hi} with about {rir} reps in reserve "
                  "(RPE {rpe}), hard enough to adapt, never to failure.",
    "dose.moderate": "Moderate day: {lift} {sets} x {lo}-{hi} with about {rir} reps in "
                     "reserve (RPE {rpe}).",
    "dose.heavy_timed": "Heavy day: {lift} {sets} x {lo}-{hi} s at about RPE {rpe}, never to "
                        "failure.",
    "dose.moderate_timed": "Moderate day: {lift} {sets} x {lo}-{hi} s at about RPE {rpe}.",
    "dose.light_timed": "Light day: {lift} {sets} x {lo}-{hi} s at an easy effort (RPE {rpe}).",
    "dose.light": "Light day: {lift} {sets} x {lo}-{hi} at an easy effort (RPE {rpe}), to keep "
                  "the movements grooved without tiring your legs.",
    "dose.maintenance": "Race-specific maintenance: the same movements, load and effort as in "
                        "build, with at most {sets} sets of each so your running comes first.",
    "fit.minutes": "About {minutes} min including warm-up, changeovers and cool-down, within "
                   "your {budget}.",
    "fit.minutes_trimmed": "About {minutes} min including warm-up, changeovers and cool-down: "
                           "trimmed to fit your {budget}.",
    "fit.circuit": "About {minutes} min as a circuit with about {rest} s between exercises, "
                   "warm-up and cool-down included, within your {budget}.",
    "fit.circuit_trimmed": "About {minutes} min as a circuit with about {rest} s between "
                           "exercises, warm-up and cool-down included: trimmed to fit your "
                           "{budget}.",
    "fit.minutes_capped": "About {minutes} min including warm-up, changeovers and cool-down, "
                          "within {budget} min, {why}.",
    "fit.minutes_trimmed_capped": "About {minutes} min including warm-up, changeovers and "
                                  "cool-down: trimmed to fit {budget} min, {why}.",
    "fit.circuit_capped": "About {minutes} min as a circuit with about {rest} s between "
                          "exercises, warm-up and cool-down included, within {budget} min, "
                          "{why}.",
    "fit.circuit_trimmed_capped": "About {minutes} min as a circuit with about {rest} s "
                                  "between exercises, warm-up and cool-down included: trimmed "
                                  "to fit {budget} min, {why}.",
    "fit.why.high_mileage": "the limit in a week with {run_days} run days (you set {own})",
    "fit.why.taper": "the limit in a taper week (you set {own})",
    "fit.why.recovery": "the limit in the week after a race (you set {own})",
    "fit.heavy_rest": "Heavy sets keep their full rest (about {rest}); to fit your time the "
                      "session has fewer sets and exercises instead.",
    **PLAN_MESSAGES,  # the plan's rationale and notes: what holds for the whole week
    **PROGRAMME_MESSAGES,  # adaptation to logs, progression notes, loads from logs
    **ADVICE_MESSAGES,  # how to do each exercise: effort, tempo, load, progression
}


# Messages whose words follow a number, and the parameter that holds it: "<id>.one" is said
# instead when the runner's language puts that number in the singular (1 in English; 0 and 1 in
# French), so no sentence falls back on "session(s)".
COUNTED: Mapping[str, str] = {
    "warn.plan_has": "count",
    "warn.sessions_reduced": "target",
    "plan.race_weeks_after": "weeks",
    "adapt.missed": "count",
    "prog.maintain": "sets",
    "prog.targets": "sets",
    "prog.targets_same_weight": "sets",
    "prog.easy_start": "weeks",
    "load.source": "reserve",
    "load.source_week": "reserve",
}


def rest_words(seconds: int) -> Msg:
    """A rest as the runner reads it: whole minutes in minutes ("2 min"), else seconds."""
    if seconds >= 60 and seconds % 60 == 0:
        return msg("amount.minutes", n=seconds // 60)
    return msg("amount.seconds", n=seconds)


def _join(items: Sequence[str], render_and: Callable[[str, str], str]) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return render_and(", ".join(items[:-1]), items[-1])


@dataclass(frozen=True, slots=True)
class Voice:
    """Renders messages. `translate` maps an English template to the target language's; the
    default keeps English."""

    translate: Callable[[str], str] = str

    def render(self, m: Msg) -> str:
        return _render(self, m)

    def singular(self, n: int) -> bool:
        """Whether the language says n of something in the singular (English: only 1)."""
        return n == 1

    def template_id(self, m: Msg) -> str:
        """The message's id, or its `.one` variant when its count is singular in this language."""
        key = COUNTED.get(m.id)
        if key is not None:
            n = dict(m.params).get(key)
            if isinstance(n, int) and self.singular(n):
                return f"{m.id}.one"
        return m.id

    def _render_now(self, m: Msg) -> str:
        template = self.translate(MESSAGES[self.template_id(m)])
        values = {k: self._value(v) for k, v in m.params}
        return template.format(**values) if values else template

    def _value(self, v: object) -> str:
        if isinstance(v, Msg):
            return self.render(v)
        if isinstance(v, tuple):
            parts = [self._value(x) for x in v]
            return _join(parts, lambda head, last: self.render(msg("list.and", head=head,
                                                                   last=last)))
        return str(v)

    def __call__(self, msg_id: str, **params: object) -> str:
        return self.render(msg(msg_id, **params))


@lru_cache(maxsize=16384)
def _render(voice: Voice, m: Msg) -> str:
    """Rendering is pure: the same voice and message always give the same text."""
    return voice._render_now(m)


ENGLISH = Voice()

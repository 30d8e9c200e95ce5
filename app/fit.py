"""FIT workout files (the format Garmin, COROS, Wahoo, Suunto and intervals.icu import) for one
strength session, written with fit-tool.

Pure: no clock, no I/O; the same session always gives the same bytes. The workout is sport
`training`, sub-sport `strength_training`, named after the session. Steps, in order:

- each warm-up exercise, then each main exercise, then each cool-down exercise, as
  a work step (intensity warmup / active / cooldown) with the exercise's FIT category and name,
  a rest step of its rest (intensity rest, a timer; none under MIN_REST_STEP seconds, the
  changeover between warm-up or cool-down moves), and, when it has
  more than one set, a repeat step over those two ("repeat until steps complete", sets times);
- a work step's duration follows the exercise's measure: reps (the week's reps goal, else the
  top of the range; per side when the target is per side), seconds (a timer; a per-side hold
  gets both sides back to back, twice the time), or metres as an open step ended with the lap
  button, since a strength activity records no distance and a distance step would never end;
- the target range, effort (RPE, reps in reserve, %1RM), tempo and load advice go in the step
  notes, cut at a sentence to fit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from fit_tool.data_message import DataMessage
from fit_tool.field import Field
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile import profile_type as pt
from fit_tool.profile.messages import workout_step_message as ws
from fit_tool.profile.messages.common_fields import MessageIndexField
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage

from app.engine.fit_map import FitExercise, default_fit_map
from app.engine.types import Day
from app.marks import Gettext, english, mark

MEDIA_TYPE = "application/vnd.ant.fit"
NOTES_BYTES = 200  # FIT strings are at most 255 bytes; keep well inside
NAME_BYTES = 60
# Shorter pauses (the 10 s between warm-up moves) are the changeover to the next exercise,
# not a rest step of their own: the runner moves on with the lap button.
MIN_REST_STEP = 15

# The file's own words (context "export" in the catalogues); exercise names and advice arrive
# already in the runner's language.
_FOCUS = {
    "lower_body_strength": mark("lower-body strength"),
    "full_body_strength": mark("full-body strength"),
    "single_leg_and_core": mark("single leg and core"),
    "core_and_upper_body": mark("core and upper body"),
    "activation_and_mobility": mark("activation and mobility"),
}
_DAYS = {Day.MON: mark("Monday"), Day.TUE: mark("Tuesday"), Day.WED: mark("Wednesday"),
         Day.THU: mark("Thursday"), Day.FRI: mark("Friday"), Day.SAT: mark("Saturday"),
         Day.SUN: mark("Sunday")}
_UNITS = {"reps": mark("reps"), "seconds": "s", "meters": "m"}
REST = mark("Rest")
STRENGTH = mark("strength")
_BLOCKS = (("warmup", pt.Intensity.WARMUP), ("exercises", pt.Intensity.ACTIVE),
           ("cooldown", pt.Intensity.COOLDOWN))


def _enum_member(enum: Any, value: str) -> int:
    key = value.upper()
    member = getattr(enum, key if not key[0].isdigit() else f"N{key}", None)
    if member is None:
        raise LookupError(f"{value!r} is not in the FIT profile's {enum.__name__}")
    return int(member.value)


def fit_numbers(entry: FitExercise) -> tuple[int, int | None]:
    """The FIT profile numbers of (exercise_category, exercise_name)."""
    category = _enum_member(pt.ExerciseCategory, entry.category)
    if entry.name is None:
        return category, None
    camel = "".join(part.capitalize() for part in entry.category.split("_"))
    names = getattr(pt, f"{camel}ExerciseName", None)
    if names is None:
        raise LookupError(f"the FIT profile has no exercise names for {entry.category!r}")
    return category, _enum_member(names, entry.name)


@cache
def exercise_numbers() -> Mapping[str, tuple[int, int | None]]:
    """Every mapped catalogue slug with its FIT numbers, resolved once per process."""
    return {slug: fit_numbers(entry) for slug, entry in default_fit_map().items()}


def workout_name(session: Mapping[str, Any], prefix: str = "", words: Gettext = english) -> str:
    day = words(_DAYS[Day(session["day"])])
    focus = words(_FOCUS.get(session.get("focus", ""), STRENGTH))
    return _cut(prefix + words("%(day)s strength: %(focus)s") % {"day": day, "focus": focus},
                NAME_BYTES)


# FIT strings end at a NUL byte: no control character may reach the file.
_CONTROL = dict.fromkeys([*range(32), 127], " ")


def _cut(text: str, limit: int) -> str:
    raw = text.translate(_CONTROL).encode("utf-8")
    if len(raw) <= limit:
        return raw.decode("utf-8")
    return raw[: limit - 3].decode("utf-8", "ignore").rstrip() + "..."


def _sentences(parts: Sequence[str], limit: int) -> str:
    """As many whole sentences as fit in `limit` bytes (at least the first, cut if need be)."""
    out = ""
    for part in parts:
        candidate = f"{out} {part.translate(_CONTROL)}".strip()
        if len(candidate.encode("utf-8")) > limit:
            break
        out = candidate
    return out or _cut(parts[0], limit)


def goal_amount(rx: Mapping[str, Any]) -> int:
    """The reps or seconds a step asks for: the week's reps goal, else the top of the range."""
    progression = rx.get("progression") or {}
    goal = progression.get("reps_goal")
    return int(goal) if goal is not None else int(rx["target"]["max"])


def _amount(low: int, high: int, unit: str, words: Gettext) -> str:
    """The target as the runner reads it: holds of whole minutes in minutes ("1-2 min"),
    everything else in its own unit ("30-45 s", "8-12 reps")."""
    if unit == "seconds" and low >= 60 and low % 60 == 0 and high % 60 == 0:
        low, high, word = low // 60, high // 60, "min"
    else:
        word = words(_UNITS[unit])
    return f"{low}-{high} {word}" if low != high else f"{high} {word}"


def step_notes(rx: Mapping[str, Any], words: Gettext = english) -> str:
    tg, ld = rx["target"], rx["load"]
    dose = _amount(tg["min"], tg["max"], tg["unit"], words)
    if tg["per_side"]:
        dose = words("%(amount)s each side") % {"amount": dose}
    first = f"{rx['sets']} x {dose}."
    if tg["unit"] == "meters":
        first += " " + words("Press lap when done.")
    effort = []
    if ld.get("rpe") is not None:
        effort.append(f"RPE {ld['rpe']}")
    if ld.get("reps_in_reserve") is not None:
        rir = ld["reps_in_reserve"]
        effort.append((words("%(rir)s rep in reserve") if rir == 1
                       else words("%(rir)s reps in reserve")) % {"rir": rir})
    if ld.get("percent_1rm") is not None:
        effort.append(f"~{ld['percent_1rm']}% 1RM")
    parts = [first]
    if effort:
        parts.append(", ".join(effort) + ".")
    if rx.get("tempo"):
        parts.append(words("Tempo %(tempo)s.") % {"tempo": rx["tempo"]})
    advice = str(ld.get("advice") or "")
    parts += [s if s.endswith(".") else s + "." for s in advice.split(". ") if s]
    return _sentences(parts, NOTES_BYTES)


def _field_spec(field_class: Any) -> dict[str, Any]:
    f = field_class(size=0, growable=True)
    return {"field_id": f.field_id, "name": f.name, "base_type": f.base_type,
            "type_name": f.type_name, "offset": 0, "scale": 1}


# The workout-step fields this writer sets, in the profile's order, as plain fields: the raw
# value is written in the field's own units (milliseconds, reps, a step index), so the
# sub-field machinery fit-tool builds for every step (nineteen fields, ~40 sub-fields) and
# resolves on every assignment is not needed. A session has ~25 steps.
_STEP_FIELDS = tuple(_field_spec(c) for c in (
    MessageIndexField, ws.WorkoutStepWorkoutStepNameField, ws.WorkoutStepDurationTypeField,
    ws.WorkoutStepDurationValueField, ws.WorkoutStepTargetTypeField,
    ws.WorkoutStepTargetValueField, ws.WorkoutStepIntensityField, ws.WorkoutStepNotesField,
    ws.WorkoutStepExerciseCategoryField, ws.WorkoutStepExerciseNameField))


class _Step(WorkoutStepMessage):  # type: ignore[misc]
    """A workout step holding only the fields it sets."""

    def __init__(self, index: int, *, name: str | None = None, duration: pt.WorkoutStepDuration,
                 value: int | None = None, repeat: int | None = None,
                 intensity: pt.Intensity | None = None, notes: str | None = None,
                 category: int | None = None, exercise: int | None = None) -> None:
        raw = (index, name, duration.value, value, pt.WorkoutStepTarget.OPEN.value, repeat,
               None if intensity is None else intensity.value, notes, category, exercise)
        fields = []
        for spec, v in zip(_STEP_FIELDS, raw, strict=True):
            if v is not None:
                field = Field(size=0, growable=True, **spec)
                field.set_value(0, v, None)
                fields.append(field)
        # Work, rest and repeat steps each keep their own local message type, so their
        # definitions are written once and reused instead of alternating.
        local = 3 if repeat is not None else 2 if intensity is pt.Intensity.REST else 1
        DataMessage.__init__(self, name=WorkoutStepMessage.NAME, global_id=WorkoutStepMessage.ID,
                             local_id=local, fields=fields)
        self.growable = True


def _work_step(index: int, rx: Mapping[str, Any], intensity: pt.Intensity,
               numbers: tuple[int, int | None], words: Gettext) -> _Step:
    unit, amount = rx["target"]["unit"], goal_amount(rx)
    if unit == "reps":
        duration, value = pt.WorkoutStepDuration.REPS, amount
    elif unit == "seconds":
        duration = pt.WorkoutStepDuration.TIME
        value = 1000 * amount * (2 if rx["target"]["per_side"] else 1)  # milliseconds
    else:
        duration, value = pt.WorkoutStepDuration.OPEN, None
    return _Step(index, name=_cut(rx["name"], NAME_BYTES), duration=duration, value=value,
                 intensity=intensity, notes=step_notes(rx, words), category=numbers[0],
                 exercise=numbers[1])


def workout_steps(session: Mapping[str, Any], words: Gettext = english) -> list[_Step]:
    numbers = exercise_numbers()
    steps: list[_Step] = []
    for block, intensity in _BLOCKS:
        for rx in session[block]:
            first = len(steps)
            # A saved plan may hold an exercise the catalogue has since dropped: FIT's "unknown".
            mapped = numbers.get(rx["slug"], (pt.ExerciseCategory.UNKNOWN.value, None))
            steps.append(_work_step(first, rx, intensity, mapped, words))
            if rx["rest_seconds"] >= MIN_REST_STEP:
                steps.append(_Step(len(steps), name=words(REST), intensity=pt.Intensity.REST,
                                   duration=pt.WorkoutStepDuration.TIME,
                                   value=1000 * rx["rest_seconds"]))
            if rx["sets"] > 1:
                steps.append(_Step(len(steps),
                                   duration=pt.WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT,
                                   value=first, repeat=rx["sets"]))
    return steps


def session_fit(session: Mapping[str, Any], *, name: str | None = None,
                words: Gettext = english) -> bytes:
    """The session as a FIT workout file. `session` is a session as the API returns it;
    `words` translates the file's own words (step notes' units, "Rest")."""
    file_id = FileIdMessage()
    file_id.type = pt.FileType.WORKOUT
    file_id.manufacturer = pt.Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    day = session.get("date")
    if day:  # the session's day at midnight UTC: stable, unlike the time of the export
        when = datetime.combine(date.fromisoformat(str(day)), datetime.min.time(), UTC)
        file_id.time_created = round(when.timestamp() * 1000)
    steps = workout_steps(session, words)
    workout = WorkoutMessage()
    workout.workout_name = name or workout_name(session, words=words)
    workout.sport = pt.Sport.TRAINING
    workout.sub_sport = pt.SubSport.STRENGTH_TRAINING
    workout.num_valid_steps = len(steps)
    builder = FitFileBuilder(auto_define=True, min_string_size=0)
    builder.add(file_id)
    builder.add(workout)
    builder.add_all(steps)
    return bytes(builder.build_bytes())

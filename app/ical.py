"""iCalendar (RFC 5545) export of a strength plan or programme.

Pure: no clock, no I/O. The caller passes the export time (`stamp`) and the plan version, so
identical input always gives identical bytes. Each dated session becomes an all-day VEVENT
whose UID depends only on the resource, the week number and the session id, so calendar apps
update the existing event on re-import instead of adding a duplicate; SEQUENCE carries the
plan version so the newer copy wins.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event, vText

from app.marks import Gettext, english, mark

PRODID = "-//Stride Strength//Strength plan//EN"
UID_DOMAIN = "stride-strength"
KINDS = frozenset({"plan", "programme"})

# Characters that some readers (Python's str.splitlines among them) take for line breaks: a name
# holding one must not split a content line, so each becomes a space.
_BREAKS = str.maketrans(dict.fromkeys("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " "))


def one_line(text: str) -> vText:
    """User text for a property value: one line, escaped as RFC 5545 TEXT (; , \\)."""
    return vText(text.translate(_BREAKS))



# The calendar's own words (context "export" in the catalogues); the plan's sentences and names
# arrive already in the runner's language.
_TIMING = {
    "after_run": mark("after your run"),
    "standalone": mark("standalone session"),
}
_FOCUS = {
    "lower_body_strength": mark("lower body strength"),
    "full_body_strength": mark("full body strength"),
    "single_leg_and_core": mark("single leg and core"),
    "core_and_upper_body": mark("core and upper body"),
    "activation_and_mobility": mark("activation and mobility"),
}
_INTENSITY = {"heavy": mark("heavy"), "moderate": mark("moderate"), "light": mark("light")}
_UNITS = {"reps": mark("reps"), "seconds": mark("seconds"), "meters": mark("meters")}


def build_calendar(
    *,
    resource_id: str,
    kind: str,
    title: str,
    version: int,
    stamp: datetime,
    weeks: Sequence[tuple[int, Mapping[str, Any]]],
    words: Gettext = english,
) -> bytes:
    """Return the calendar for `weeks` as RFC 5545 bytes (CRLF line endings).

    `weeks` is a sequence of (week_number, week_plan) pairs; one all-day event is made for
    every session that has a date. `words` translates the calendar's own words (the plan's
    text is used as it is). Raises ValueError if no session has a date, if `kind` is
    not "plan" or "programme", or if `stamp` is naive.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be 'plan' or 'programme', not {kind!r}")
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise ValueError("stamp must be a timezone-aware datetime")
    stamp = stamp.astimezone(UTC)

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", one_line(title))

    events = 0
    for week_number, week in weeks:
        for session in week.get("sessions") or []:
            raw_date = session.get("date")
            if raw_date is None:
                continue
            day = _parse_date(raw_date)
            cal.add_component(
                _event(
                    resource_id=resource_id,
                    kind=kind,
                    week_number=week_number,
                    session=session,
                    day=day,
                    version=version,
                    stamp=stamp,
                    words=words,
                )
            )
            events += 1

    if events == 0:
        raise ValueError("no dated sessions: the plan needs a week_start")
    data: bytes = cal.to_ical()
    return data


def session_uid(resource_id: str, week_number: int, session_id: str) -> str:
    """The stable UID of one session's event."""
    return f"{resource_id}-w{week_number}-{session_id}@{UID_DOMAIN}".lower()


def _event(
    *,
    resource_id: str,
    kind: str,
    week_number: int,
    session: Mapping[str, Any],
    day: date,
    version: int,
    stamp: datetime,
    words: Gettext,
) -> Event:
    intensity = str(session.get("intensity") or "")
    event = Event()
    event.add("uid", session_uid(resource_id, week_number, str(session["id"])))
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", version)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", _summary(kind, week_number, session, words))
    event.add("description", _description(session, words))
    event.add("categories", ["Strength", intensity] if intensity else ["Strength"])
    event.add("transp", "TRANSPARENT")
    return event


def _parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def default_title(kind: str, athlete: str, words: Gettext = english) -> str:
    """The calendar's name when the saved plan or programme has none."""
    text = words("Strength programme for %(athlete)s") if kind == "programme" else words(
        "Strength plan for %(athlete)s")
    return text % {"athlete": athlete}


def _word(table: Mapping[str, str], code: object, words: Gettext) -> str:
    text = str(code)
    return words(table[text]) if text in table else text.replace("_", " ")


def _focus(session: Mapping[str, Any], words: Gettext) -> str:
    return _word(_FOCUS, session.get("focus") or "strength", words)


def _summary(kind: str, week_number: int, session: Mapping[str, Any], words: Gettext) -> str:
    details = [_word(_INTENSITY, session["intensity"], words)] if session.get("intensity") else []
    minutes = session.get("estimated_minutes")
    if minutes is not None:
        details.append(words("~%(min)s min") % {"min": minutes})
    summary = words("Strength: %(focus)s") % {"focus": _focus(session, words)}
    if details:
        summary += f" ({', '.join(details)})"
    if kind == "programme":
        summary = words("Week %(n)s") % {"n": week_number} + f" · {summary}"
    return summary


def _description(session: Mapping[str, Any], words: Gettext) -> str:
    focus = _focus(session, words)
    header = focus[:1].upper() + focus[1:]
    timing = session.get("timing")
    if timing:
        header += f" ({_word(_TIMING, timing, words)})"
    lines = [header]
    for label, key in ((mark("Warm-up:"), "warmup"), (mark("Main:"), "exercises"),
                       (mark("Cool-down:"), "cooldown")):
        exercises = session.get(key) or []
        if not exercises:
            continue
        lines.append(words(label))
        for exercise in exercises:
            lines.extend(_exercise_lines(exercise, words))
    rationale = session.get("rationale") or []
    if rationale:
        lines.append("")
        lines.append(words("Why:"))
        lines.extend(f"- {reason}" for reason in rationale)
    return "\n".join(lines)


def _exercise_lines(exercise: Mapping[str, Any], words: Gettext) -> list[str]:
    parts: list[str] = []
    dose = _dose(exercise, words)
    if dose:
        parts.append(dose)
    rest = exercise.get("rest_seconds")
    if rest is not None:  # whole minutes read as minutes: "rest 2 min", "rest 90 s"
        parts.append(words("rest %(min)s min") % {"min": rest // 60} if rest >= 60 and
                     rest % 60 == 0 else words("rest %(sec)s s") % {"sec": rest})
    tempo = exercise.get("tempo")
    if tempo is not None:
        parts.append(words("tempo %(tempo)s") % {"tempo": tempo})
    load: Mapping[str, Any] = exercise.get("load") or {}
    effort = []
    if load.get("reps_in_reserve") is not None:
        effort.append(f"RIR {load['reps_in_reserve']}")
    if load.get("rpe") is not None:
        effort.append(f"RPE {load['rpe']}")
    if effort:
        parts.append(" / ".join(effort))
    if load.get("percent_1rm") is not None:
        parts.append(f"~{load['percent_1rm']}% 1RM")

    name = str(exercise.get("name") or exercise.get("slug") or words("Exercise"))
    lines = [f"- {name}: {', '.join(parts)}" if parts else f"- {name}"]
    advice = load.get("advice")
    if advice:
        lines.append(f"  {advice}")
    progression = exercise.get("progression")
    if progression and progression.get("note"):
        lines.append("  " + words("Progression: %(note)s") % {"note": progression["note"]})
    return lines


def _dose(exercise: Mapping[str, Any], words: Gettext) -> str:
    """E.g. "3 x 8-12 reps", "2 x 30 seconds each side"."""
    target: Mapping[str, Any] = exercise.get("target") or {}
    low, high = target.get("min"), target.get("max")
    if low is None and high is None:
        amount = ""
    elif low is None or high is None or low == high:
        amount = str(high if low is None else low)
    else:
        amount = f"{low}-{high}"
    if amount and target.get("unit"):
        amount += " " + _word(_UNITS, target["unit"], words)
    if amount and target.get("per_side"):
        amount = words("%(amount)s each side") % {"amount": amount}
    sets = exercise.get("sets")
    if sets is None:
        return amount
    return f"{sets} x {amount}" if amount else words("%(sets)s sets") % {"sets": sets}

"""The iCalendar export, as a pure function: no app, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from icalendar import Calendar

from app.ical import build_calendar

STAMP = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 3, 8, 9, 30, tzinfo=UTC)


def _exercise(
    slug: str,
    name: str,
    *,
    per_side: bool = False,
    progression: dict[str, Any] | None = None,
    tempo: str | None = "3-1-1-0",
) -> dict[str, Any]:
    return {
        "slug": slug,
        "name": name,
        "sets": 3,
        "target": {"unit": "reps", "min": 8, "max": 12, "per_side": per_side},
        "rest_seconds": 90,
        "tempo": tempo,
        "load": {
            "kind": "external",
            "reps_in_reserve": 2,
            "rpe": 8,
            "percent_1rm": 70,
            "advice": f"Pick a {name.lower()} load you could lift twice more.",
        },
        "progression": progression,
    }


def _warmup() -> dict[str, Any]:
    return {
        "slug": "leg-swings",
        "name": "Leg swings",
        "sets": 1,
        "target": {"unit": "reps", "min": 10, "max": 10, "per_side": True},
        "rest_seconds": None,
        "tempo": None,
        "load": {"kind": "bodyweight", "reps_in_reserve": None, "rpe": None,
                 "percent_1rm": None, "advice": "Loose and easy."},
        "progression": None,
    }


def _cooldown() -> dict[str, Any]:
    return {
        "slug": "couch-stretch",
        "name": "Couch stretch",
        "sets": 1,
        "target": {"unit": "seconds", "min": 45, "max": 45, "per_side": True},
        "rest_seconds": None,
        "tempo": None,
        "load": {"kind": "bodyweight", "reps_in_reserve": None, "rpe": None,
                 "percent_1rm": None, "advice": "Breathe slowly."},
        "progression": None,
    }


PROGRESSION = {"change": "reps", "note": "+1 rep per set: aim for 9 reps.", "reps_goal": 9}


def _session(
    session_id: str,
    day: str,
    when: str | None,
    *,
    intensity: str = "moderate",
    timing: str = "standalone",
) -> dict[str, Any]:
    return {
        "id": session_id,
        "day": day,
        "date": when,
        "intensity": intensity,
        "focus": "full_body_strength",
        "timing": timing,
        "estimated_minutes": 34,
        "warmup": [_warmup()],
        "exercises": [
            _exercise("goblet-squat", "Goblet squat", progression=PROGRESSION),
            _exercise("split-squat", "Split squat", per_side=True, tempo=None),
        ],
        "cooldown": [_cooldown()],
        "rationale": ["Heavy legs early in the week.", "Easy run tomorrow."],
    }


def _week(mon: str | None = "2026-03-02", thu: str | None = "2026-03-05") -> dict[str, Any]:
    return {
        "phase": "base",
        "sessions": [
            _session("mon-strength", "mon", mon, intensity="heavy"),
            _session("thu-strength", "thu", thu, timing="after_run"),
            _session("sat-mobility", "sat", None, intensity="light"),
        ],
    }


def _export(**overrides: Any) -> bytes:
    args: dict[str, Any] = {
        "resource_id": "Plan-ABC123",
        "kind": "plan",
        "title": "My strength plan",
        "version": 1,
        "stamp": STAMP,
        "weeks": [(1, _week())],
    }
    args.update(overrides)
    return build_calendar(**args)


def _events(data: bytes) -> list[Any]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_output_is_crlf_bytes_with_the_calendar_headers():
    data = _export()
    assert isinstance(data, bytes)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    cal = Calendar.from_ical(data)
    assert str(cal["PRODID"]) == "-//Stride Strength//Strength plan//EN"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["X-WR-CALNAME"]) == "My strength plan"


def test_one_event_per_dated_session():
    events = _events(_export())
    assert len(events) == 2


def test_events_are_all_day_on_the_session_dates():
    events = _events(_export())
    starts = [ev.decoded("DTSTART") for ev in events]
    ends = [ev.decoded("DTEND") for ev in events]
    assert starts == [date(2026, 3, 2), date(2026, 3, 5)]
    assert ends == [date(2026, 3, 3), date(2026, 3, 6)]
    assert all(not isinstance(d, datetime) for d in starts + ends)
    assert b"DTSTART;VALUE=DATE:20260302\r\n" in _export()


def test_uids_stay_the_same_across_exports():
    first = _events(_export(version=1, stamp=STAMP))
    second = _events(_export(version=2, stamp=LATER))
    assert [str(ev["UID"]) for ev in first] == [
        "plan-abc123-w1-mon-strength@stride-strength",
        "plan-abc123-w1-thu-strength@stride-strength",
    ]
    assert [str(ev["UID"]) for ev in second] == [str(ev["UID"]) for ev in first]
    assert [int(ev["SEQUENCE"]) for ev in first] == [1, 1]
    assert [int(ev["SEQUENCE"]) for ev in second] == [2, 2]


def test_stamp_sets_dtstamp_and_last_modified():
    for ev in _events(_export(stamp=LATER)):
        assert ev.decoded("DTSTAMP") == LATER
        assert ev.decoded("LAST-MODIFIED") == LATER


def test_summary_names_focus_intensity_and_duration():
    summaries = [str(ev["SUMMARY"]) for ev in _events(_export())]
    assert summaries == [
        "Strength: full body strength (heavy, ~34 min)",
        "Strength: full body strength (moderate, ~34 min)",
    ]


def test_description_lists_the_session_in_plain_text():
    description = str(_events(_export())[1]["DESCRIPTION"])
    lines = description.split("\n")
    assert lines[0] == "Full body strength (after your run)"
    for label in ("Warm-up:", "Main:", "Cool-down:", "Why:"):
        assert label in lines
    assert lines.index("Warm-up:") < lines.index("Main:") < lines.index("Cool-down:")
    goblet = "- Goblet squat: 3 x 8-12 reps, rest 90 s, tempo 3-1-1-0, RIR 2 / RPE 8, ~70% 1RM"
    assert goblet in lines
    assert "- Split squat: 3 x 8-12 reps each side, rest 90 s, RIR 2 / RPE 8, ~70% 1RM" in lines
    assert "- Leg swings: 1 x 10 reps each side" in lines
    assert "- Couch stretch: 1 x 45 seconds each side" in lines
    assert "  Pick a goblet squat load you could lift twice more." in lines
    assert "  Progression: +1 rep per set: aim for 9 reps." in lines
    assert description.endswith("\n\nWhy:\n- Heavy legs early in the week.\n- Easy run tomorrow.")


def test_description_contains_names_dose_rest_advice_and_progression():
    for ev in _events(_export()):
        text = str(ev["SUMMARY"]) + "\n" + str(ev["DESCRIPTION"])
        for needle in ("Goblet squat", "Split squat", "3 x 8-12 reps", "rest 90 s",
                       "Loose and easy.", "+1 rep per set: aim for 9 reps."):
            assert needle in text


def test_categories_and_transparency():
    events = _events(_export())
    assert [[str(c) for c in ev["CATEGORIES"].cats] for ev in events] == [
        ["Strength", "heavy"],
        ["Strength", "moderate"],
    ]
    assert all(str(ev["TRANSP"]) == "TRANSPARENT" for ev in events)


def test_programme_summaries_are_prefixed_with_the_week():
    data = _export(
        kind="programme",
        resource_id="prog-7",
        weeks=[(1, _week()), (3, _week("2026-03-16", None))],
    )
    events = _events(data)
    assert [str(ev["SUMMARY"]) for ev in events] == [
        "Week 1 · Strength: full body strength (heavy, ~34 min)",
        "Week 1 · Strength: full body strength (moderate, ~34 min)",
        "Week 3 · Strength: full body strength (heavy, ~34 min)",
    ]
    assert str(events[2]["UID"]) == "prog-7-w3-mon-strength@stride-strength"


def test_plan_summaries_have_no_week_prefix():
    assert all(not str(ev["SUMMARY"]).startswith("Week") for ev in _events(_export()))


def test_no_dated_session_is_an_error():
    with pytest.raises(ValueError, match="no dated sessions: the plan needs a week_start"):
        _export(weeks=[(1, _week(None, None))])


def test_no_weeks_is_an_error():
    with pytest.raises(ValueError, match="no dated sessions"):
        _export(weeks=[])


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match="kind"):
        _export(kind="week")


def test_naive_stamp_is_an_error():
    with pytest.raises(ValueError, match="timezone-aware"):
        _export(stamp=datetime(2026, 3, 1, 12, 0))


def test_identical_input_gives_identical_bytes():
    assert _export() == _export()
    assert _export(kind="programme") == _export(kind="programme")


def test_a_rest_of_whole_minutes_reads_in_minutes():
    from app.ical import _exercise_lines

    rx = {"name": "Barbell back squat", "sets": 3, "rest_seconds": 120,
          "target": {"unit": "reps", "min": 6, "max": 8, "per_side": False}, "load": {}}
    assert _exercise_lines(rx, lambda w: w)[0] == "- Barbell back squat: 3 x 6-8 reps, rest 2 min"
    rx["rest_seconds"] = 90
    assert _exercise_lines(rx, lambda w: w)[0] == "- Barbell back squat: 3 x 6-8 reps, rest 90 s"

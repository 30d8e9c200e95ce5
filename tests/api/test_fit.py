"""FIT workout files, checked with Garmin's official FIT SDK for Python as the independent decoder:
the file passes its integrity check, decodes without errors, and its steps, repetitions,
durations and names equal the session's."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from garmin_fit_sdk import Decoder, Profile, Stream
from hypothesis import given, settings

from app.engine.catalogue import default_catalogue
from app.engine.fit_map import default_fit_map
from app.engine.planner import generate_week
from app.fit import MIN_REST_STEP, exercise_numbers, session_fit
from app.schemas import PROFILE_EXAMPLE, PROGRAMME_EXAMPLE, plan_to_dict
from tests.engine.test_properties import profiles

pytestmark = pytest.mark.anyio
TYPES = Profile["types"]
FIT = "application/vnd.ant.fit"
BLOCKS = (("warmup", "warmup"), ("exercises", "active"), ("cooldown", "cooldown"))


def decode(data: bytes) -> dict[str, list[dict[str, Any]]]:
    probe = Decoder(Stream.from_byte_array(data))
    assert probe.is_fit()
    assert probe.check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(data)).read()
    assert errors == []
    return messages


def expected_steps(session: dict[str, Any]) -> list[dict[str, Any]]:
    """The steps a session should become, written out independently of app/fit.py."""
    out: list[dict[str, Any]] = []
    for block, intensity in BLOCKS:
        for rx in session[block]:
            first = len(out)
            tg = rx["target"]
            goal = (rx.get("progression") or {}).get("reps_goal") or tg["max"]
            step: dict[str, Any] = {"wkt_step_name": rx["name"], "intensity": intensity}
            if tg["unit"] == "reps":
                step |= {"duration_type": "reps", "duration_reps": goal}
            elif tg["unit"] == "seconds":
                step |= {"duration_type": "time",
                         "duration_time": float(goal * (2 if tg["per_side"] else 1))}
            else:
                step |= {"duration_type": "open"}
            out.append(step)
            if rx["rest_seconds"] >= MIN_REST_STEP:
                out.append({"wkt_step_name": "Rest", "intensity": "rest", "duration_type": "time",
                            "duration_time": float(rx["rest_seconds"])})
            if rx["sets"] > 1:
                out.append({"duration_type": "repeat_until_steps_cmplt", "duration_step": first,
                            "repeat_steps": rx["sets"]})
    return out


def assert_matches(data: bytes, session: dict[str, Any]) -> list[dict[str, Any]]:
    messages = decode(data)
    (workout,) = messages["workout_mesgs"]
    assert (workout["sport"], workout["sub_sport"]) == ("training", "strength_training")
    assert messages["file_id_mesgs"][0]["type"] == "workout"
    steps = messages["workout_step_mesgs"]
    assert workout["num_valid_steps"] == len(steps)
    expected = expected_steps(session)
    assert [{k: s.get(k) for k in e} for s, e in zip(steps, expected, strict=True)] == expected
    assert [s["message_index"] for s in steps] == list(range(len(steps)))
    return steps


# ----------------------------------------------------------------------------- the mapping


def test_every_catalogue_exercise_has_a_fit_mapping():
    slugs = {ex.slug for ex in default_catalogue().exercises}
    mapped = set(default_fit_map())
    assert slugs - mapped == set(), "catalogue exercises without a FIT mapping"
    assert mapped - slugs == set(), "FIT mappings for exercises not in the catalogue"


def test_every_mapped_value_is_a_value_of_the_official_fit_profile():
    categories = set(TYPES["exercise_category"].values())
    for slug, entry in default_fit_map().items():
        assert entry.category in categories, slug
        if entry.name is not None:
            assert entry.name in TYPES[f"{entry.category}_exercise_name"].values(), slug


def test_the_writer_numbers_are_the_official_profile_numbers():
    for slug, (category, name) in exercise_numbers().items():
        entry = default_fit_map()[slug]
        assert TYPES["exercise_category"][category] == entry.category, slug
        if entry.name is None:
            assert name is None
        else:
            assert name is not None
            assert TYPES[f"{entry.category}_exercise_name"][name] == entry.name, slug


# ----------------------------------------------------------------------------- stateless


class TestWorkoutFit:
    async def test_every_session_of_the_readme_example_plan_decodes_and_matches(self, client):
        plan = (await client.post("/v1/plans/generate", json=PROFILE_EXAMPLE)).json()
        assert plan["sessions"]
        for session in plan["sessions"]:
            r = await client.post("/v1/workouts/fit", json=session)
            assert r.status_code == 200, r.text
            assert r.headers["content-type"] == FIT
            assert r.headers["content-disposition"] == \
                f'attachment; filename="{session["id"]}.fit"'
            steps = assert_matches(r.content, session)
            work = [s for s in steps if s.get("intensity") == "active"]
            numbers = exercise_numbers()
            for step, rx in zip(work, session["exercises"], strict=True):
                category = TYPES["exercise_category"][numbers[rx["slug"]][0]]
                assert step["exercise_category"] == category

    async def test_same_session_same_bytes(self, client):
        plan = (await client.post("/v1/plans/generate", json=PROFILE_EXAMPLE)).json()
        a = await client.post("/v1/workouts/fit", json=plan["sessions"][0])
        b = await client.post("/v1/workouts/fit", json=plan["sessions"][0])
        assert a.content == b.content

    async def test_workout_is_named_after_the_session_and_notes_carry_the_effort(self, client):
        plan = (await client.post("/v1/plans/generate", json=PROFILE_EXAMPLE)).json()
        session = plan["sessions"][0]
        messages = decode((await client.post("/v1/workouts/fit", json=session)).content)
        day = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
               "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}[session["day"]]
        assert messages["workout_mesgs"][0]["wkt_name"].startswith(f"{day} strength")
        first = next(s for s in messages["workout_step_mesgs"] if s.get("intensity") == "active")
        rx = session["exercises"][0]
        assert first["notes"].startswith(f"{rx['sets']} x {rx['target']['min']}-")
        assert f"RPE {rx['load']['rpe']}" in first["notes"]
        assert all(len(s.get("notes", "").encode()) <= 200
                   for s in messages["workout_step_mesgs"])

    async def test_holds_per_side_carries_and_reps_goals(self):
        rx = {"slug": "side-plank", "name": "Side plank", "sets": 2, "rest_seconds": 60,
              "target": {"unit": "seconds", "min": 30, "max": 45, "per_side": True},
              "tempo": None, "load": {"rpe": 7, "reps_in_reserve": None, "percent_1rm": None,
                                      "advice": "Keep the hips high."}}
        carry = {**rx, "slug": "farmer-carry", "name": "Farmer carry",
                 "target": {"unit": "meters", "min": 30, "max": 40, "per_side": False}}
        squat = {**rx, "slug": "goblet-squat", "name": "Goblet squat", "sets": 3,
                 "target": {"unit": "reps", "min": 8, "max": 12, "per_side": False},
                 "progression": {"reps_goal": 9}}
        session = {"id": "tue-strength", "day": "tue", "date": "2026-03-03",
                   "focus": "full_body_strength", "warmup": [], "exercises": [rx, carry, squat],
                   "cooldown": []}
        steps = assert_matches(session_fit(session), session)
        assert steps[0]["duration_time"] == 90.0  # 45 s a side, back to back
        assert steps[3]["duration_type"] == "open"
        assert "Press lap when done" in steps[3]["notes"]
        assert steps[6]["duration_reps"] == 9  # the week's goal, not the top of the range
        assert (steps[7]["duration_time"], steps[8]["repeat_steps"]) == (60.0, 3)

    @pytest.mark.parametrize(("change", "pointer"), [
        (lambda s: s["exercises"][0].update(slug="not-an-exercise"), "/exercises/0/slug"),
        (lambda s: s["exercises"][0].update(sets=0), "/exercises/0/sets"),
        (lambda s: s["exercises"][0]["target"].update(unit="laps"), "/exercises/0/target/unit"),
        (lambda s: s.update(exercises=[]), "/exercises"),
        (lambda s: s.update(day="someday"), "/day"),
    ])
    async def test_bad_sessions_are_a_422_naming_the_field(self, client, change, pointer):
        plan = (await client.post("/v1/plans/generate", json=PROFILE_EXAMPLE)).json()
        session = copy.deepcopy(plan["sessions"][0])
        change(session)
        r = await client.post("/v1/workouts/fit", json=session)
        assert r.status_code == 422, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        assert pointer in [e["pointer"] for e in r.json()["errors"]]


# ----------------------------------------------------------------------------- saved


async def test_saved_plan_session_as_fit(api, other_api):
    r = await api.post("/v1/plans", json={"athlete_id": "runner-fit", "profile": PROFILE_EXAMPLE})
    saved = r.json()
    session = saved["plan"]["sessions"][0]
    url = f"/v1/plans/{saved['id']}/sessions/{session['id']}.fit"
    r = await api.get(url)
    assert r.status_code == 200
    assert r.headers["content-type"] == FIT
    assert r.headers["content-disposition"] == \
        f'attachment; filename="plan-{saved["id"]}-{session["id"]}.fit"'
    assert_matches(r.content, session)
    missing = await api.get(f"/v1/plans/{saved['id']}/sessions/sun-strength.fit")
    assert missing.status_code == 404
    assert session["id"] in missing.json()["detail"]
    assert (await other_api.get(url)).status_code == 404


async def test_every_session_of_a_twelve_week_programme_decodes_and_matches(api):
    body = copy.deepcopy(PROGRAMME_EXAMPLE)
    body["race_date"] = "2026-05-24"  # week 12 from 2026-03-02
    r = await api.post("/v1/programmes", json={"athlete_id": "runner-fit", "programme": body})
    assert r.status_code == 201, r.text
    saved = r.json()
    weeks = saved["programme"]["weeks"]
    assert len(weeks) == 12
    files = 0
    for week in weeks:
        for session in week["plan"]["sessions"]:
            url = (f"/v1/programmes/{saved['id']}/weeks/{week['number']}/sessions/"
                   f"{session['id']}.fit")
            r = await api.get(url)
            assert r.status_code == 200, r.text
            steps = assert_matches(r.content, session)
            assert steps
            name = decode(r.content)["workout_mesgs"][0]["wkt_name"]
            assert name.startswith(f"Week {week['number']} ")
            files += 1
    assert files >= 12
    assert (await api.get(f"/v1/programmes/{saved['id']}/weeks/13/sessions/"
                          "tue-strength.fit")).status_code == 404


# ----------------------------------------------------------------------------- every exercise


def test_every_catalogue_exercise_makes_a_step_the_official_decoder_reads():
    fit_map = default_fit_map()
    for ex in default_catalogue().exercises:
        rx = {"slug": ex.slug, "name": ex.name, "sets": 2, "rest_seconds": 60, "tempo": ex.tempo,
              "target": {"unit": ex.measure.value, "min": 6, "max": 8, "per_side": ex.unilateral},
              "load": {"rpe": 7, "reps_in_reserve": 3, "percent_1rm": None, "advice": ""}}
        session = {"id": "mon-strength", "day": "mon", "date": None, "focus": None,
                   "warmup": [], "exercises": [rx], "cooldown": []}
        step = assert_matches(session_fit(session), session)[0]
        entry = fit_map[ex.slug]
        assert step["exercise_category"] == entry.category, ex.slug
        if entry.name is not None:
            names = TYPES[f"{entry.category}_exercise_name"]
            assert names[step["exercise_name"]] == entry.name, ex.slug
        else:
            assert "exercise_name" not in step, ex.slug


@settings(max_examples=25, deadline=None)
@given(profiles())
def test_every_generated_session_decodes_and_matches(p):
    plan = plan_to_dict(generate_week(p), p.runs)
    for session in plan["sessions"]:
        assert_matches(session_fit(session), session)


def test_control_characters_never_split_a_fit_string():
    rx = {"slug": "goblet-squat", "name": "Goblet\x00squat", "sets": 1, "rest_seconds": 0,
          "tempo": "3\x001", "target": {"unit": "reps", "min": 6, "max": 8, "per_side": False},
          "load": {"rpe": 7, "advice": "Slow\x00down. Breathe."}}
    session = {"id": "mon-strength", "day": "mon", "warmup": [], "exercises": [rx],
               "cooldown": []}
    (step,) = decode(session_fit(session))["workout_step_mesgs"]
    assert step["wkt_step_name"] == "Goblet squat"
    assert step["notes"] == "1 x 6-8 reps. RPE 7. Tempo 3 1. Slow down. Breathe."


def test_step_notes_read_holds_of_whole_minutes_in_minutes_and_one_rep_in_the_singular():
    from app.fit import step_notes

    rx = {"sets": 2, "target": {"unit": "seconds", "min": 60, "max": 120, "per_side": False},
          "load": {"rpe": 7, "reps_in_reserve": None, "advice": ""}}
    assert step_notes(rx).startswith("2 x 1-2 min.")
    rx["target"] = {"unit": "seconds", "min": 45, "max": 60, "per_side": True}
    assert step_notes(rx).startswith("2 x 45-60 s each side.")
    rx["target"] = {"unit": "reps", "min": 3, "max": 5, "per_side": False}
    rx["load"] = {"rpe": 9, "reps_in_reserve": 1, "advice": ""}
    assert "RPE 9, 1 rep in reserve." in step_notes(rx)
    rx["load"] = {"rpe": 8, "reps_in_reserve": 2, "advice": ""}
    assert "RPE 8, 2 reps in reserve." in step_notes(rx)

"""The catalogue: enough runner exercises, valid records, and loud failure on bad data."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from app.engine.catalogue import build_catalogue, default_catalogue, parse_catalogue_toml
from app.engine.errors import CatalogueError, UnknownExerciseError
from app.engine.types import Category, Equipment, Level

CAT = default_catalogue()
RAW = tomllib.loads(
    resources.files("app.engine").joinpath("data/exercises.toml").read_text("utf-8")
)["exercise"]

STAPLES = [
    "copenhagen-plank", "nordic-curl", "pogo-hops", "bird-dog", "clamshell", "tibialis-raise",
    "bent-knee-calf-raise", "pallof-press", "lateral-band-walk", "single-leg-romanian-deadlift",
    "step-up", "assisted-pistol-squat",
]
# DOMAIN.md §2 names these; each must exist under some slug.
DOMAIN_NAMED = [
    "glute-bridge", "single-leg-glute-bridge", "hip-thrust", "step-up", "lateral-band-walk",
    "clamshell", "split-squat", "dumbbell-romanian-deadlift", "single-leg-romanian-deadlift",
    "kettlebell-romanian-deadlift", "barbell-romanian-deadlift", "nordic-curl", "hamstring-bridge",
    "kettlebell-swing", "goblet-squat", "barbell-back-squat", "forward-lunge", "reverse-lunge",
    "walking-lunge", "assisted-pistol-squat", "standing-calf-raise", "single-leg-calf-raise",
    "single-leg-eccentric-calf-raise", "bent-knee-calf-raise", "front-plank", "side-plank",
    "dead-bug", "pallof-press", "bird-dog", "single-arm-dumbbell-row", "cable-row", "band-row",
    "incline-push-up", "dumbbell-overhead-press", "pull-up", "squat-jump", "box-jump",
    "bounding", "a-skip", "pogo-hops",
]


def test_catalogue_has_at_least_90_exercises():
    assert len(CAT.exercises) >= 90


@pytest.mark.parametrize("slug", sorted(set(STAPLES + DOMAIN_NAMED)))
def test_runner_staples_and_domain_exercises_exist(slug):
    assert CAT.get(slug).slug == slug


def test_every_category_and_equipment_item_is_covered():
    assert {c for e in CAT.exercises for c in e.categories} == set(Category)
    assert {q for e in CAT.exercises for q in e.equipment} == set(Equipment) - {Equipment.MAT}
    assert {e.level for e in CAT.exercises} == set(Level)


def test_every_variation_resolves_and_records_are_complete():
    for e in CAT.exercises:
        for slug in e.easier + e.harder:
            assert slug in CAT.by_slug
            assert slug != e.slug
        assert 2 <= len(e.instructions) <= 5
        assert 1 <= len(e.cues) <= 3


def test_unknown_slug_raises():
    with pytest.raises(UnknownExerciseError):
        CAT.get("no-such-move")


def test_equipment_filter_means_what_i_own():
    owned = frozenset({Equipment.DUMBBELLS})
    found = CAT.search(equipment=owned)
    assert all(e.equipment <= owned for e in found)
    assert any(not e.equipment for e in found)  # bodyweight included
    assert any(e.equipment == owned for e in found)
    assert not any(Equipment.BENCH in e.equipment for e in found)


def test_level_filter_is_up_to_and_including():
    found = CAT.search(level=Level.INTERMEDIATE)
    assert {e.level for e in found} == {Level.BEGINNER, Level.INTERMEDIATE}


def _with(index: int, **changes):
    records = [dict(r) for r in RAW]
    records[index].update(changes)
    return records


@pytest.mark.parametrize(("changes", "message"), [
    ({"pattern": "curl"}, "pattern"),
    ({"equipment": ["rowing_machine"]}, "equipment"),
    ({"harder": ["no-such-move"]}, "does not exist"),
    ({"instructions": ["Only one step."]}, "instructions"),
    ({"cues": []}, "cues"),
    ({"slug": "Bad Slug"}, "slug"),
    ({"tempo": "slow"}, "tempo"),
    ({"unilateral": "yes"}, "unilateral"),
    ({"colour": "red"}, "unknown field"),
])
def test_bad_data_fails_loudly(changes, message):
    with pytest.raises(CatalogueError, match=message):
        build_catalogue(_with(0, **changes))


def test_duplicate_slug_fails_loudly():
    records = [dict(r) for r in RAW]
    records.append(dict(records[0]))
    with pytest.raises(CatalogueError, match="twice"):
        build_catalogue(records)


def test_invalid_toml_fails_loudly():
    with pytest.raises(CatalogueError, match="TOML"):
        parse_catalogue_toml("[[exercise]\nslug=")

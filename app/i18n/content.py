"""The runner-readable catalogue text keyed stably for translation, and the functions that put
it into API answers in one language.

Every entry's context names what it is, so the same English sentence used by two exercises can
be said differently for each:
    exercise:<slug>:name, exercise:<slug>:instruction:<n>, exercise:<slug>:cue:<n>,
    equipment:<slug>
The English text is the msgid; a changed English sentence therefore shows up as missing (or
fuzzy after `python -m app.i18n extract`) in every other language until it is translated again.
Slugs, enum values and codes never pass through here: they stay the same in every language.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from app.engine.catalogue import Catalogue
from app.engine.types import Equipment, Exercise
from app.i18n import Translator

EQUIPMENT_NAMES: Mapping[Equipment, str] = {
    Equipment.MAT: "Exercise mat",
    Equipment.MINI_BAND: "Mini loop band",
    Equipment.RESISTANCE_BAND: "Long resistance band",
    Equipment.DUMBBELLS: "Dumbbells",
    Equipment.KETTLEBELL: "Kettlebell",
    Equipment.BARBELL: "Barbell and plates",
    Equipment.CABLE_MACHINE: "Cable machine",
    Equipment.BENCH: "Bench",
    Equipment.BOX_OR_STEP: "Box or step",
    Equipment.PULL_UP_BAR: "Pull-up bar",
    Equipment.SUSPENSION_TRAINER: "Suspension trainer",
}


def exercise_entries(ex: Exercise) -> Iterator[tuple[str, str]]:
    """(context, English text) for every runner-readable field of one exercise."""
    yield f"exercise:{ex.slug}:name", ex.name
    for i, text in enumerate(ex.instructions, 1):
        yield f"exercise:{ex.slug}:instruction:{i}", text
    for i, text in enumerate(ex.cues, 1):
        yield f"exercise:{ex.slug}:cue:{i}", text


def equipment_entries() -> Iterator[tuple[str, str]]:
    for equipment, name in EQUIPMENT_NAMES.items():
        yield f"equipment:{equipment.value}", name


def catalogue_entries(catalogue: Catalogue) -> Iterator[tuple[str, str]]:
    """Everything translatable that comes from data rather than code, in a stable order."""
    for ex in catalogue.exercises:
        yield from exercise_entries(ex)
    yield from equipment_entries()


def exercise_name(tr: Translator, slug: str, english: str) -> str:
    return tr.pgettext(f"exercise:{slug}:name", english)


def localise_exercise(tr: Translator, english: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of an exercise's API dict with name, instructions and cues in tr's language."""
    slug = english["slug"]
    return {
        **english,
        "name": exercise_name(tr, slug, english["name"]),
        "instructions": [tr.pgettext(f"exercise:{slug}:instruction:{i}", text)
                         for i, text in enumerate(english["instructions"], 1)],
        "cues": [tr.pgettext(f"exercise:{slug}:cue:{i}", text)
                 for i, text in enumerate(english["cues"], 1)],
    }


def equipment_name(tr: Translator, equipment: Equipment) -> str:
    return tr.pgettext(f"equipment:{equipment.value}", EQUIPMENT_NAMES[equipment])


_PRESCRIPTION_LISTS = ("warmup", "exercises", "cooldown")


def localise_plan(tr: Translator, plan: dict[str, Any]) -> dict[str, Any]:
    """Exercise names inside a week plan dict (in place) in tr's language; returns the plan.

    Only catalogue text is translated here; the engine's own sentences (rationale, warnings,
    advice, progression notes) come through the engine's message layer."""
    if tr.lang == "en":
        return plan
    for session in plan["sessions"]:
        localise_session(tr, session)
    for rx in plan["after_run_core_block"]:
        rx["name"] = exercise_name(tr, rx["slug"], rx["name"])
    return plan


def localise_session(tr: Translator, session: dict[str, Any]) -> dict[str, Any]:
    """Exercise names inside one session dict (in place) in tr's language; returns it."""
    if tr.lang != "en":
        for key in _PRESCRIPTION_LISTS:
            for rx in session[key]:
                rx["name"] = exercise_name(tr, rx["slug"], rx["name"])
    return session


def localise_programme(tr: Translator, programme: dict[str, Any]) -> dict[str, Any]:
    if tr.lang != "en":
        for week in programme["weeks"]:
            localise_plan(tr, week["plan"])
    return programme

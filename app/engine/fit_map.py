"""Which FIT profile exercise each catalogue exercise is, for workout files on a watch.

The mapping is data (data/fit_exercises.toml, keyed by catalogue slug); this module reads it
once and checks its shape. Values are the FIT profile's names (`exercise_category`, and
`<category>_exercise_name` where the profile has the same movement); numbers are the file
writer's business.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from app.engine.errors import CatalogueError

_NAME = re.compile(r"^[a-z0-9_]+$")


@dataclass(frozen=True, slots=True)
class FitExercise:
    category: str  # a value of the FIT profile's exercise_category
    name: str | None  # a value of <category>_exercise_name, or None: the closest category only


def parse_fit_map(text: str) -> dict[str, FitExercise]:
    raw = tomllib.loads(text)
    out: dict[str, FitExercise] = {}
    for slug, row in raw.items():
        if not isinstance(row, Mapping) or set(row) - {"category", "name"}:
            raise CatalogueError(f"fit_exercises.toml: {slug} needs category and optional name")
        category, name = row.get("category"), row.get("name")
        if not isinstance(category, str) or not _NAME.match(category):
            raise CatalogueError(f"fit_exercises.toml: {slug} has no valid category")
        if name is not None and (not isinstance(name, str) or not _NAME.match(name)):
            raise CatalogueError(f"fit_exercises.toml: {slug} has an invalid name")
        out[slug] = FitExercise(category, name)
    return out


@cache
def default_fit_map() -> Mapping[str, FitExercise]:
    """The mapping shipped with the package, read once per process."""
    text = resources.files("app.engine").joinpath("data/fit_exercises.toml").read_text("utf-8")
    return parse_fit_map(text)

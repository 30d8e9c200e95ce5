"""Domain errors. They know nothing about HTTP; the API maps them to statuses."""

from __future__ import annotations


class EngineError(Exception):
    """Base of every error the engine raises on purpose."""


class CatalogueError(EngineError):
    """The exercise data file is invalid. Raised at load time, never per request."""


class ProfileError(EngineError):
    """A runner profile breaks a rule that the request schema cannot express alone.

    `field` is a dotted path into the profile (for example ``runs.2.kind``).
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class UnknownExerciseError(EngineError):
    def __init__(self, slug: str) -> None:
        super().__init__(f"no exercise has the slug {slug!r}")
        self.slug = slug

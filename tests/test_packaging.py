"""Reproducible installs: the lock files pin every dependency pyproject names, within its range,
with hashes; the runtime needs nothing only the tests use; the licence is declared."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text()
    assert "--hash=sha256:" in text
    return {canonicalize_name(m.group(1)): m.group(2)
            for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", text, re.MULTILINE)}


@pytest.mark.parametrize(("lock", "extra"), [("requirements.lock", None),
                                             ("requirements-test.lock", "test")])
def test_lock_pins_every_dependency_within_its_range(lock, extra):
    pins = _pins(lock)
    wanted = PROJECT["dependencies"] + (PROJECT["optional-dependencies"][extra] if extra else [])
    for spec in wanted:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in pins, f"{lock} does not pin {req.name}; regenerate it (README)"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"{lock} pins {req.name}=={pins[name]} outside {req.specifier}")


def test_runtime_dependencies_are_imported_by_the_service():
    imported: set[str] = set()
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
    modules = {"pydantic-settings": "pydantic_settings", "psycopg": "psycopg",
               "prometheus-client": "prometheus_client", "starlette-compress": "starlette_compress",
               "fastapi-offline": "fastapi_offline", "uvicorn": "uvicorn"}
    for spec in PROJECT["dependencies"]:
        name = Requirement(spec).name
        assert modules.get(name, name.replace("-", "_")) in imported, f"{name} is unused by app/"
    assert "httpx" not in imported


def test_licence_is_apache_2_everywhere():
    assert PROJECT["license"] == "Apache-2.0"
    assert (ROOT / "LICENSE").read_text().lstrip().startswith("Apache License")

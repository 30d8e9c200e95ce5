"""A typed client proves the contract is usable: TypeScript types generated from the committed
spec with openapi-typescript must type-check an example integration (generate, save, list)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CLIENT = Path(__file__).resolve().parent.parent / "client"


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=CLIENT, capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(shutil.which("npm") is None, reason="typed-client lane: npm is not installed")
def test_typescript_client_type_checks_against_the_committed_spec():
    if not (CLIENT / "node_modules" / ".bin" / "tsc").exists():
        done = _run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
        assert done.returncode == 0, done.stderr
    generated = _run("npx", "--no-install", "openapi-typescript", "../../openapi/openapi.json",
                     "-o", "schema.d.ts")
    assert generated.returncode == 0, generated.stderr
    checked = _run("npx", "--no-install", "tsc", "--noEmit", "-p", ".")
    assert checked.returncode == 0, checked.stdout + checked.stderr

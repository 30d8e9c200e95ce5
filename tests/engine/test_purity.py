"""Architecture is checked, not hoped for: the engine imports no web, ORM or validation code."""

from __future__ import annotations

import subprocess
import sys
import textwrap

FORBIDDEN = ("fastapi", "starlette", "pydantic", "sqlmodel", "sqlalchemy", "httpx", "uvicorn")


def test_engine_imports_no_framework_modules():
    code = textwrap.dedent(f"""
        import sys
        import app.engine.planner, app.engine.catalogue, app.engine.rules, app.engine.types
        from app.engine.planner import generate_week
        from app.engine.types import RunnerProfile, Experience, Phase
        generate_week(RunnerProfile(experience=Experience.BEGINNER, phase=Phase.BASE))
        bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})
        print(','.join(bad))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_engine_reads_no_clock_and_no_randomness():
    import ast
    from pathlib import Path

    import app.engine

    root = Path(app.engine.__file__).parent
    for path in root.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names]
                module = getattr(node, "module", None) or ""
                for banned in ("random", "time"):
                    assert banned not in names, path
                    assert module != banned, path
            if isinstance(node, ast.Attribute) and node.attr in ("today", "now", "utcnow"):
                raise AssertionError(f"{path.name} reads the clock")

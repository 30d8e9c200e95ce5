"""Architecture is checked, not hoped for: the engine imports no web, ORM or validation code."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.engine.context import validate_profile
from app.engine.errors import ProfileError
from app.engine.memo import clear_all
from app.engine.planner import generate_week
from app.engine.types import RunnerProfile
from tests.engine.test_properties import profiles

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


FIELDS = [f.name for f in dataclasses.fields(RunnerProfile)]


@settings(max_examples=300)
@given(first=profiles(), other=profiles(), changed=st.lists(st.sampled_from(FIELDS), max_size=3),
       lang=st.sampled_from(("en", "de")))
def test_memos_answer_as_a_cold_engine_would(first, other, changed, lang):
    """Every stage memo's key names all that its stage reads: a week planned after another
    runner's (warm memos) is the week planned from cold, in any language. The second runner
    differs from the first in a few fields, so most stages could wrongly hit."""
    from app.i18n.messages import engine_voice

    second = dataclasses.replace(first, **{f: getattr(other, f) for f in changed})
    try:
        validate_profile(second)
    except ProfileError:
        assume(False)
    voice = engine_voice(lang)
    clear_all()
    cold = generate_week(second, voice=voice)
    clear_all()
    generate_week(first, voice=voice)
    warm = generate_week(second, voice=voice)
    assert warm == cold

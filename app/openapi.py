"""Write the committed OpenAPI document: python -m app.openapi [--check]."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"
REGENERATE = "python -m app.openapi"


def render() -> str:
    from app.main import create_app

    spec: dict[str, Any] = create_app().openapi()
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = SPEC_PATH.read_text("utf-8") if SPEC_PATH.exists() else ""
        if current != text:
            sys.stderr.write(f"openapi/openapi.json is stale; run: {REGENERATE}\n")
            return 1
        return 0
    SPEC_PATH.parent.mkdir(parents=True, exist_ok=True)
    SPEC_PATH.write_text(text, "utf-8")
    sys.stdout.write(f"wrote {SPEC_PATH}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

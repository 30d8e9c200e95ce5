"""Every README example runs as written, in order, against a real server on a fresh SQLite
database: the sh blocks between the README's "from here" and "to here" markers, run by bash
with `set -euo pipefail` and curl made to fail on any HTTP error it was not told to expect."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.live import ROOT, live_server

README = ROOT / "README.md"
START, END = "<!-- README examples: from here", "<!-- README examples: to here -->"


def readme_blocks() -> list[str]:
    text = README.read_text()
    region = text[text.index(START):text.index(END)]
    return re.findall(r"```sh\n(.*?)```", region, re.DOTALL)


def readme_script(base: str, key: str) -> str:
    """The blocks as one script. Only the two placeholder lines change: where the server is and
    the key it printed."""
    body = "\n".join(readme_blocks())
    body = re.sub(r"^API=http://127\.0\.0\.1:8000$", f"API={base}", body, count=1,
                  flags=re.MULTILINE)
    body = re.sub(r"^KEY=sk_\.\.\..*$", f"KEY={key}", body, count=1, flags=re.MULTILINE)
    return ("set -euo pipefail\n"
            "curl() { command curl --fail-with-body --show-error \"$@\"; }\n" + body)


@pytest.mark.skipif(shutil.which("curl") is None, reason="README examples: curl is not installed")
def test_readme_examples_run_as_written_in_order(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'readme.db'}"
    log = tmp_path / "serve.log"
    with live_server(url, local_key=True, log=log) as base:
        printed = re.search(r"^\s+(sk_\w+_\S+)$", log.read_text(), re.MULTILINE)
        assert printed is not None, "serve did not print a local key on first start"
        script = readme_script(base, printed.group(1))
        (tmp_path / "readme.sh").write_text(script)
        # The README runs the CLI as .venv/bin/python from a clone: this interpreter's venv.
        (tmp_path / ".venv").symlink_to(Path(sys.prefix))
        run = subprocess.run(["bash", str(tmp_path / "readme.sh")], cwd=tmp_path,
                             capture_output=True, text=True, timeout=300,
                             env={**os.environ, "DATABASE_URL": url, "PATH": os.environ["PATH"]})
    assert run.returncode == 0, f"README example failed:\n{run.stderr[-3000:]}\n{run.stdout[-3000:]}"
    out = run.stdout
    assert "HTTP/1.1 304" in out
    assert "the dose holds" in out or "RPE 9" in out
    assert out.count("204") >= 3
    assert "401" in out  # the old key, after rotation
    assert (tmp_path / "strength.ics").read_text().startswith("BEGIN:VCALENDAR")
    assert (tmp_path / "week.ics").read_text().startswith("BEGIN:VCALENDAR")
    assert '"athlete_id":"runner-42"' in (tmp_path / "runner-42.json").read_text()
    assert '{"data":[],"next_cursor":null}' in out  # erased

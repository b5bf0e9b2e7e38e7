"""Run a feed through shared/tools/icalcheck (the parsers real calendar clients use) and read
back the occurrences each expander prints, so tests compare them with the sessions' instants."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

TOOL = Path(__file__).resolve().parents[3] / "shared" / "tools" / "icalcheck"
HOME = Path(os.environ.get("ICALCHECK_HOME", Path.home() / ".cache" / "icalcheck"))
WINDOW = ("2020-01-01T00:00:00Z", "2035-01-01T00:00:00Z")


def check(path: Path) -> list[dict[str, list[dict]]]:
    """Assert that every validator is clean; return each expander's occurrences."""
    assert TOOL.is_dir(), f"icalcheck not found at {TOOL}"
    HOME.mkdir(parents=True, exist_ok=True)
    # The first run installs the parsers into HOME: one test worker at a time.
    with open(HOME.parent / "icalcheck.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        run = subprocess.run([str(TOOL / "check"), str(path), *WINDOW], capture_output=True,
                             text=True, timeout=600, check=False)
    assert run.returncode == 0, f"icalcheck flagged {path}:\n{run.stdout}\n{run.stderr}"
    assert "skip" not in run.stdout, f"a validator was skipped:\n{run.stdout}"
    w1, w2 = (w.replace("Z", "+00:00") for w in WINDOW)
    py = str(HOME / "venv" / "bin" / "python")
    outputs = {
        "ical.js": ["node", str(HOME / "node" / "icaljs_expand.mjs"), str(path), *WINDOW],
        "icalendar": [py, str(TOOL / "py_expand.py"), str(path), w1, w2],
        "ical": [py, str(TOOL / "ical_strict.py"), str(path), w1, w2],
    }
    result = {}
    for name, cmd in outputs.items():
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)
        result[name] = json.loads(out.stdout)["occurrences"]
    return result


def z(value: datetime) -> str:
    """An instant as the expanders print it."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def instants(occurrences: list[dict]) -> dict[str, tuple[str, str]]:
    """uid -> (start, end) in UTC."""
    return {o["uid"]: (o["start"], o["end"]) for o in occurrences}

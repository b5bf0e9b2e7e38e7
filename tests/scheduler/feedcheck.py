"""Check a feed with the parsers calendar clients use, in the project itself, and read back the
occurrences each expander sees, so tests compare them with the sessions' instants.

Always: a byte check (CRLF, 75-octet folding that never splits a UTF-8 character, no BOM, no
blank line), icalendar parsed strictly, `ical` (Home Assistant's strict parser, which expands
too), vobject's RFC 5545 cardinality rules and libical (Evolution, KDE) through GObject
introspection. Where ../shared/tools/icalcheck sits beside the checkout (always under CI=true)
it runs too, and its ical.js (Thunderbird, Nextcloud) occurrences join the others.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import icalendar
import vobject
from ical.calendar_stream import IcsCalendarStream
from ical.exceptions import CalendarParseError

from tests.support import SHARED

SHARED_TOOL = SHARED / "tools" / "icalcheck"
LIBICAL_CHECK = Path(__file__).with_name("libical_check.py")
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python, where python3-gi lives
HOME = Path(os.environ.get("ICALCHECK_HOME", Path.home() / ".cache" / "icalcheck"))
WINDOW = (datetime(2020, 1, 1, tzinfo=UTC), datetime(2035, 1, 1, tzinfo=UTC))
IN_CI = os.environ.get("CI") == "true"

Occurrence = dict[str, Any]


def raw_problems(data: bytes) -> list[str]:
    """What RFC 5545 asks of the bytes, which every parser here forgives."""
    problems = []
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append("starts with a UTF-8 byte order mark")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        problems.append(f"not UTF-8 at byte {err.start}")
    if b"\n" in data.replace(b"\r\n", b"") or b"\r" in data.replace(b"\r\n", b""):
        problems.append("a line ends without CRLF")
    if not data.endswith(b"\r\n"):
        problems.append("the last line does not end with CRLF")
    for number, line in enumerate(data.split(b"\r\n")[:-1], 1):
        if len(line) > 75:
            problems.append(f"line {number} has {len(line)} octets (at most 75)")
        if not line:
            problems.append(f"line {number} is empty")
        # A continuation line that starts with a UTF-8 continuation byte split a character.
        if line[:1] in (b" ", b"\t") and len(line) > 1 and line[1] & 0xC0 == 0x80:
            problems.append(f"line {number} folds inside a UTF-8 character")
    return problems


def _instant(value: date | datetime) -> str:
    if isinstance(value, datetime):
        assert value.tzinfo is not None, f"floating time {value}"
        return z(value)
    return value.isoformat()


def _in_window(start: date | datetime, end: date | datetime) -> bool:
    first, last = (datetime.combine(v, datetime.min.time(), UTC)
                   if not isinstance(v, datetime) else v for v in (start, end))
    return first < WINDOW[1] and last > WINDOW[0]


def icalendar_occurrences(data: bytes) -> list[Occurrence]:
    """Parse strictly with icalendar (a bad property raises instead of being kept broken)."""
    component, event = icalendar.cal.component.Component, icalendar.cal.event.Event
    saved = component.ignore_exceptions, event.ignore_exceptions
    component.ignore_exceptions = event.ignore_exceptions = False
    try:
        calendar = icalendar.Calendar.from_ical(data)
    finally:
        component.ignore_exceptions, event.ignore_exceptions = saved
    missing = calendar.get_missing_tzids()
    assert not missing, f"icalendar: TZIDs without VTIMEZONE: {sorted(missing)}"
    found = []
    for ev in calendar.events:
        assert "UID" in ev and "DTSTAMP" in ev, f"icalendar: VEVENT without UID or DTSTAMP: {ev}"
        assert "RRULE" not in ev, "icalendar: expansion of recurrences is not checked here"
        start, end = ev.start, ev.end
        assert end >= start, f"icalendar: {ev['UID']} ends before it starts"
        if _in_window(start, end):
            found.append({
                "uid": str(ev["UID"]), "start": _instant(start), "end": _instant(end),
                "summary": str(ev.get("SUMMARY", "")),
                "status": str(ev["STATUS"]) if "STATUS" in ev else None,
                "sequence": int(ev.get("SEQUENCE", 0)),
                "description": str(ev.get("DESCRIPTION", "")),
                "location": str(ev.get("LOCATION", "")),
            })
    return sorted(found, key=lambda o: o["start"])


def ical_occurrences(data: bytes) -> list[Occurrence]:
    """Parse and expand with `ical` in its strict mode (no compatibility fixes)."""
    try:
        calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    except CalendarParseError as err:
        raise AssertionError(f"ical: {err.message}: {(err.detailed_error or '')[:2000]}") from err
    return [
        {"uid": ev.uid, "start": _instant(ev.start), "end": _instant(ev.end),
         "summary": ev.summary, "status": ev.status.value if ev.status else None,
         "sequence": ev.sequence}
        for ev in calendar.timeline_tz(UTC).overlapping(*WINDOW)
    ]


def vobject_check(data: bytes) -> None:
    """vobject's behaviour classes encode RFC 5545's 'exactly one …' rules."""
    calendar = vobject.readOne(data.decode("utf-8"), validate=True)
    calendar.validate(raiseException=True, complainUnrecognized=False)
    for child in calendar.getChildren():
        if child.name in ("VEVENT", "VTIMEZONE"):
            child.validate(raiseException=True)


def libical_check(path: Path) -> None:
    """libical, through Debian's python3-gi and gir1.2-ical-3.0 (scripts/test installs them)."""
    probe = "import gi; gi.require_version('ICalGLib', '3.0')"
    available = Path(SYSTEM_PYTHON).exists() and subprocess.run(
        [SYSTEM_PYTHON, "-c", probe], capture_output=True, check=False).returncode == 0
    assert available, "libical is missing: apt-get install gir1.2-ical-3.0 python3-gi"
    run = subprocess.run([SYSTEM_PYTHON, str(LIBICAL_CHECK), str(path)], capture_output=True,
                         text=True, timeout=120, check=False)
    assert run.returncode == 0, f"libical flagged {path}:\n{run.stdout}{run.stderr}"


def shared_tool_occurrences(path: Path) -> list[Occurrence] | None:
    """ical.js's occurrences from the shared icalcheck tool, after all its validators passed;
    None where the tool is not beside the checkout (a lone clone)."""
    if not SHARED_TOOL.is_dir():
        assert not IN_CI, f"the shared icalcheck tool is missing under CI: {SHARED_TOOL}"
        return None
    HOME.mkdir(parents=True, exist_ok=True)
    w1, w2 = (z(w) for w in WINDOW)
    # The first run installs the tool's parsers into HOME: one test worker at a time.
    with open(HOME.parent / "icalcheck.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        run = subprocess.run([str(SHARED_TOOL / "check"), str(path), w1, w2],
                             capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, f"icalcheck flagged {path}:\n{run.stdout}\n{run.stderr}"
    assert "skip" not in run.stdout, f"a validator was skipped:\n{run.stdout}"
    out = subprocess.run(["node", str(HOME / "node" / "icaljs_expand.mjs"), str(path), w1, w2],
                         capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout)["occurrences"]


def check(path: Path) -> dict[str, list[Occurrence]]:
    """Assert that every validator is clean; return each expander's occurrences by parser."""
    data = path.read_bytes()
    problems = raw_problems(data)
    assert not problems, f"{path}: " + "; ".join(problems)
    vobject_check(data)
    libical_check(path)
    result = {"icalendar": icalendar_occurrences(data), "ical": ical_occurrences(data)}
    shared = shared_tool_occurrences(path)
    if shared is not None:
        result["ical.js"] = shared
    return result


def z(value: datetime) -> str:
    """An instant as the expanders print it."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def instants(occurrences: list[Occurrence]) -> dict[str, tuple[str, str]]:
    """uid -> (start, end) in UTC."""
    return {o["uid"]: (o["start"], o["end"]) for o in occurrences}


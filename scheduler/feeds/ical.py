"""RFC 5545 content lines: escaping, folding, date-time values and VTIMEZONE blocks.

Feeds are written line by line here instead of through icalendar's object model: serialising a
2,000-event feed that way is many times slower (bench/feeds.py measures it), and every rule a
client depends on is explicit below. The icalendar package still derives each VTIMEZONE from
the tz database, and the feeds are proven by the icalcheck parsers in the tests.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone

CRLF = "\r\n"
LIMIT = 75  # octets per physical line, without the CRLF

# TEXT may not carry control characters except HTAB (RFC 5545 3.3.11); line breaks are
# escaped first, anything else is dropped.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newlines escaped; NFC; no controls."""
    value = unicodedata.normalize("NFC", value)
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = _NEWLINES.sub("\\\\n", value)
    return _CONTROL.sub("", value)


def fold(line: str) -> str:
    """One content line as physical lines of at most 75 octets, never splitting a character.

    Continuation lines start with one space, which counts towards their 75 octets.
    """
    raw = line.encode()
    if len(raw) <= LIMIT:
        return line
    if len(raw) == len(line):  # ASCII: octets are characters
        parts = [line[:LIMIT]]
        parts += [line[i : i + LIMIT - 1] for i in range(LIMIT, len(line), LIMIT - 1)]
        return (CRLF + " ").join(parts)
    parts, current, size, room = [], [], 0, LIMIT
    for ch in line:
        n = 1 if ch < "\x80" else len(ch.encode())
        if size + n > room:
            parts.append("".join(current))
            current, size, room = [], 0, LIMIT - 1
        current.append(ch)
        size += n
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def utc_stamp(value: datetime) -> str:
    """A UTC DATE-TIME (form 2), for DTSTAMP, LAST-MODIFIED and CREATED."""
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local_stamp(value: datetime, zone: ZoneInfo) -> str:
    """A local DATE-TIME to pair with TZID (form 3)."""
    return value.astimezone(zone).strftime("%Y%m%dT%H%M%S")


def date_stamp(value: date) -> str:
    return value.strftime("%Y%m%d")


@lru_cache(maxsize=64)
def zone(tzid: str) -> ZoneInfo:
    return ZoneInfo(tzid)


@lru_cache(maxsize=64)
def vtimezone(tzid: str) -> tuple[str, ...]:
    """The VTIMEZONE lines of a tz database zone, 1970..2038, as the icalendar package derives
    them (Indonesian zones have had one offset since 1970: a single STANDARD block)."""
    text = Timezone.from_tzid(tzid).to_ical().decode()
    lines = [line for line in text.replace("\r\n ", "").split("\r\n") if line]
    # Its COMMENT is a note for developers; clients show nothing of it.
    return tuple(line for line in lines if not line.startswith("COMMENT:"))

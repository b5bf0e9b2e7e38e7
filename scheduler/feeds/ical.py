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

CRLF = b"\r\n"
LIMIT = 75  # octets per physical line, without the CRLF

# TEXT may not carry control characters except HTAB (RFC 5545 3.3.11); line breaks are
# escaped first, anything else is dropped.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newlines escaped; NFC; no controls."""
    value = unicodedata.normalize("NFC", value)
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    if "\r" in value or "\n" in value:
        value = value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")
    return _CONTROL.sub("", value) if _CONTROL.search(value) else value


def fold(raw: bytes) -> bytes:
    """One UTF-8 content line as physical lines of at most 75 octets, never splitting a
    character: a cut backs up over continuation bytes (10xxxxxx). Continuation lines start
    with one space, which counts towards their 75 octets."""
    if len(raw) <= LIMIT:
        return raw
    parts, start, room = [], 0, LIMIT
    while len(raw) - start > room:
        cut = start + room
        while raw[cut] & 0xC0 == 0x80:
            cut -= 1
        parts.append(raw[start:cut])
        start, room = cut, LIMIT - 1
    parts.append(raw[start:])
    return b"\r\n ".join(parts)


def utc_stamp(value: datetime) -> str:
    """A UTC DATE-TIME (form 2), for DTSTAMP, LAST-MODIFIED and CREATED."""
    return _stamp(value.astimezone(UTC)) + "Z"


def local_stamp(value: datetime, zone: ZoneInfo) -> str:
    """A local DATE-TIME to pair with TZID (form 3)."""
    return _stamp(value.astimezone(zone))


def _stamp(v: datetime) -> str:
    # Sliced from isoformat (YYYY-MM-DDTHH:MM:SS…): several times faster than strftime.
    iso = v.isoformat()
    return f"{iso[0:4]}{iso[5:7]}{iso[8:10]}T{iso[11:13]}{iso[14:16]}{iso[17:19]}"


def date_stamp(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


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

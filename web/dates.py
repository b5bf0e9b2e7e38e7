"""Dates and times as people read them: `Sabtu, 12 Desember 2026, 09.00–11.00 WITA`.

Day and month names come from Babel's CLDR data, read once per language; formatting them
ourselves is many times faster than Babel's pattern formatter, and a home page shows dozens.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale

from edu.config import DISPLAY_TZ

# Indonesia's own zone names; any other zone shows its offset.
_ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
_TIME_SEPARATOR = {"id": "."}  # 09.00 in Indonesian, 09:00 otherwise


@cache
def _names(lang: str) -> tuple[list[str], list[str]]:
    """Weekday names (Monday first) and month names (January first) of a language."""
    locale = Locale.parse(lang)
    days = locale.days["format"]["wide"]
    months = locale.months["format"]["wide"]
    return [days[i] for i in range(7)], [months[i] for i in range(1, 13)]


def _date(d: date, lang: str) -> str:
    return f"{d.day} {_names(lang)[1][d.month - 1]} {d.year}"


def _time(moment: datetime, lang: str) -> str:
    return f"{moment.hour:02d}{_TIME_SEPARATOR.get(lang, ':')}{moment.minute:02d}"


def when(starts: datetime, ends: datetime, lang: str, tzid: str = DISPLAY_TZ) -> str:
    """A session's day and hours in its zone (an end on a later day shows its date too)."""
    tz = ZoneInfo(tzid)
    start, end = starts.astimezone(tz), ends.astimezone(tz)
    weekday = _names(lang)[0][start.weekday()]
    until = _time(end, lang)
    if end.date() != start.date():
        until = f"{_date(end.date(), lang)}, {until}"
    zone = _ZONE_NAMES.get(tzid) or start.strftime("UTC%z")
    return f"{weekday}, {_date(start.date(), lang)}, {_time(start, lang)}–{until} {zone}"


def day(moment: datetime | date, lang: str, tzid: str = DISPLAY_TZ) -> str:
    """A date alone: `12 Desember 2026` (a moment on its day in the zone)."""
    if isinstance(moment, datetime):
        moment = moment.astimezone(ZoneInfo(tzid)).date()
    return _date(moment, lang)


def clock(moment: datetime, lang: str, tzid: str = DISPLAY_TZ) -> str:
    """A moment's day and time in its zone: `2 Desember 2026, 10.15 WITA`."""
    local = moment.astimezone(ZoneInfo(tzid))
    zone = _ZONE_NAMES.get(tzid) or local.strftime("UTC%z")
    return f"{_date(local.date(), lang)}, {_time(local, lang)} {zone}"


def hour(moment: datetime, lang: str, tzid: str = DISPLAY_TZ) -> str:
    """A moment's time of day in its zone: `09.12 WITA`."""
    local = moment.astimezone(ZoneInfo(tzid))
    return f"{_time(local, lang)} {_ZONE_NAMES.get(tzid) or local.strftime('UTC%z')}"

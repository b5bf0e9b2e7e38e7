"""Dates and times as people read them: `Sabtu, 12 Desember 2026, 09.00–11.00 WITA`."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from edu.config import DISPLAY_TZ

# Indonesia's own zone names; any other zone shows its offset.
_ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
_TIME = {"id": "HH.mm", "en": "HH:mm"}


def when(starts: datetime, ends: datetime, lang: str, tzid: str = DISPLAY_TZ) -> str:
    """A session's day and hours in its zone (an end on a later day shows its date too)."""
    tz = ZoneInfo(tzid)
    start, end = starts.astimezone(tz), ends.astimezone(tz)
    time = _TIME.get(lang, "HH:mm")
    day = format_datetime(start, "EEEE, d MMMM y", locale=lang)
    until = format_datetime(end, time, locale=lang)
    if end.date() != start.date():
        until = format_datetime(end, f"d MMMM y, {time}", locale=lang)
    zone = _ZONE_NAMES.get(tzid) or start.strftime("UTC%z")
    return f"{day}, {format_datetime(start, time, locale=lang)}–{until} {zone}"


def day(moment: datetime | date, lang: str, tzid: str = DISPLAY_TZ) -> str:
    """A date alone: `12 Desember 2026` (a moment on its day in the zone)."""
    if isinstance(moment, datetime):
        moment = moment.astimezone(ZoneInfo(tzid)).date()
    return format_date(moment, "d MMMM y", locale=lang)

"""Date and DateTime: ISO 8601, in a range every conversion survives.

DateTime inputs must carry an offset and come back in WITA. Both are bounded to the years
1900–2199: year 1 or 9999 is nobody's birth date or session, and converting them between WITA
and UTC, or adding a day, would overflow."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import strawberry

from edu.config import DISPLAY_TZ

WITA = ZoneInfo(DISPLAY_TZ)
MIN_YEAR, MAX_YEAR = 1900, 2199


def _in_range(value: str, year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"{value!r} is outside the years {MIN_YEAR}–{MAX_YEAR}.")


def _serialize(value: datetime) -> str:
    return value.astimezone(WITA).isoformat()


def _parse(value: object) -> datetime:
    if not isinstance(value, str):
        raise TypeError("A DateTime is an ISO 8601 string such as 2026-12-10T09:00:00+08:00.")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value[:40]!r} is not an ISO 8601 date and time.") from None
    if parsed.tzinfo is None:
        raise ValueError(f"{value!r} has no UTC offset; write it as …+08:00 for WITA.")
    _in_range(value, parsed.year)
    return parsed


def _parse_date(value: object) -> date:
    if not isinstance(value, str):
        raise TypeError("A Date is an ISO 8601 string such as 2026-12-10.")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value[:40]!r} is not an ISO 8601 date (YYYY-MM-DD).") from None
    _in_range(value, parsed.year)
    return parsed


DateTime = strawberry.scalar(
    name="DateTime",
    description="An instant, ISO 8601 with offset; returned in WITA (+08:00).",
    serialize=_serialize,
    parse_value=_parse,
)

Date = strawberry.scalar(
    name="Date",
    description="A calendar day, ISO 8601 (YYYY-MM-DD).",
    serialize=date.isoformat,
    parse_value=_parse_date,
)

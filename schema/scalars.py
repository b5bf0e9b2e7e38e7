"""DateTime in WITA with its offset; inputs must carry an offset."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import strawberry

from edu.config import DISPLAY_TZ

WITA = ZoneInfo(DISPLAY_TZ)


def _serialize(value: datetime) -> str:
    return value.astimezone(WITA).isoformat()


def _parse(value: object) -> datetime:
    if not isinstance(value, str):
        raise ValueError("A DateTime is an ISO 8601 string such as 2026-12-10T09:00:00+08:00.")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date and time.") from None
    if parsed.tzinfo is None:
        raise ValueError(f"{value!r} has no UTC offset; write it as …+08:00 for WITA.")
    return parsed


DateTime = strawberry.scalar(
    name="DateTime",
    description="An instant, ISO 8601 with offset; returned in WITA (+08:00).",
    serialize=_serialize,
    parse_value=_parse,
)

"""Checks on plain input values that several services share; each returns Problems."""

from __future__ import annotations

import re
from datetime import date

from edu.errors import Problem

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{6,18}[0-9]$")


def text(value: str | None, field: str, *, required: bool, max_len: int) -> list[Problem]:
    if value is None or not value.strip():
        return [Problem("REQUIRED", field, "This field is required.")] if required else []
    if len(value) > max_len:
        return [Problem("TOO_LONG", field, f"At most {max_len} characters.")]
    return []


def email(value: str | None, field: str, *, required: bool) -> list[Problem]:
    if value is None or not value.strip():
        return [Problem("REQUIRED", field, "An email address is required.")] if required else []
    if not EMAIL.match(value.strip()) or len(value) > 254:
        return [Problem("INVALID_EMAIL", field, f"{value!r} is not an email address.")]
    return []


def phone(value: str | None, field: str) -> list[Problem]:
    if value and not PHONE.match(value.strip()):
        return [Problem("INVALID_PHONE", field, f"{value!r} is not a phone number.")]
    return []


def past_date(value: date | None, field: str, today: date) -> list[Problem]:
    if value is not None and value > today:
        return [Problem("INVALID_DATE", field, "This date lies in the future.")]
    return []


def normal_email(value: str | None) -> str | None:
    return value.strip().lower() if value and value.strip() else None


def age_on(birth: date, day: date) -> int:
    """Whole years between a birth date and a day."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))

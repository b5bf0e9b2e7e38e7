"""Checks on plain input values that several services share; each returns Problems."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from edu.errors import Problem

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{6,18}[0-9]$")

# Lengths of free text, one per kind of field; a String column never holds more than its
# limit (PostgreSQL would refuse it with an error, SQLite would keep it).
NAME_LEN = 160  # a person's name, a signer, a supervisor, a study programme
TITLE_LEN = 200  # titles, units, venues, institutions
REASON_LEN = 500  # why something was cancelled, revoked, returned or withdrawn
NOTE_LEN = 2000  # a decision's or an evaluation's note
LONG_TEXT_LEN = 4000  # descriptions, logbook activities
SEARCH_LEN = 100  # a search or filter string
URL_LEN = 500
WEB_SCHEMES = ("http", "https")


def text(value: str | None, field: str, *, required: bool, max_len: int) -> list[Problem]:
    if value is None or not value.strip():
        return [Problem("REQUIRED", field, "This field is required.")] if required else []
    if len(value) > max_len:
        return [Problem("TOO_LONG", field, f"At most {max_len} characters.")]
    return []


def search(value: str | None, field: str) -> list[Problem]:
    """A search string: optional, and short enough to stay cheap."""
    return text(value, field, required=False, max_len=SEARCH_LEN)


def web_url(value: str | None, field: str, *, required: bool) -> list[Problem]:
    """An absolute http(s) link with a host: other schemes (javascript:, data:, file:) would
    run or open something in the reader's browser or calendar."""
    problems = text(value, field, required=required, max_len=URL_LEN)
    if problems or value is None or not value.strip():
        return problems
    if not is_web_url(value.strip()):
        return [Problem("INVALID_URL", field, "Give an http:// or https:// link.")]
    return []


def is_web_url(link: str) -> bool:
    """Whether `link` is an absolute http(s) URL with a host and no blanks or control
    characters (which could split a calendar line or a header)."""
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in link):
        return False
    try:
        parts = urlsplit(link)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(host)


def email(value: str | None, field: str, *, required: bool) -> list[Problem]:
    if value is None or not value.strip():
        return [Problem("REQUIRED", field, "An email address is required.")] if required else []
    if len(value) > 254 or not EMAIL.match(value.strip()):
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

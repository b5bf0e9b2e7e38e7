"""Reporting periods of a year: months, quarters (triwulan), semesters, the year."""

from __future__ import annotations

import enum
from datetime import date, timedelta

from edu.errors import UserError

MIN_YEAR, MAX_YEAR = 2000, 2199


class Period(enum.StrEnum):
    MONTH = "MONTH"
    QUARTER = "QUARTER"
    SEMESTER = "SEMESTER"
    YEAR = "YEAR"


MONTHS = {Period.MONTH: 1, Period.QUARTER: 3, Period.SEMESTER: 6, Period.YEAR: 12}
PREFIX = {Period.MONTH: "", Period.QUARTER: "TW", Period.SEMESTER: "S", Period.YEAR: ""}


def periods(year: int, period: Period) -> list[tuple[str, date, date]]:
    """(label, first day, last day) of each period of a year: `2026-03`, `2026 TW1`,
    `2026 S2`, `2026`."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise UserError("INVALID_YEAR", "year", f"A year from {MIN_YEAR} to {MAX_YEAR}.")
    step = MONTHS[period]
    out = []
    for i, month in enumerate(range(1, 13, step), start=1):
        first = date(year, month, 1)
        last = (date(year + 1, 1, 1) if month + step > 12
                else date(year, month + step, 1)) - timedelta(days=1)
        if period is Period.MONTH:
            label = f"{year}-{month:02d}"
        elif period is Period.YEAR:
            label = str(year)
        else:
            label = f"{year} {PREFIX[period]}{i}"
        out.append((label, first, last))
    return out

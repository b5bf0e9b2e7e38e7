"""Service time (waktu layanan): from an application to its decision. The commission
publishes its service standard and shows it keeps it with these figures."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select
from sqlalchemy.orm import Session

from edu.auth.principal import Principal
from edu.config import DISPLAY_TZ
from edu.errors import UserError
from edu.internships.models import Internship, Placement
from edu.internships.service import get_placement, visible_internships

# The commission's records begin long after the first, and reports look at most a while ahead.
MIN_REPORT_YEAR, MAX_REPORT_YEAR = 2000, 2199


@dataclass(frozen=True)
class ServiceTime:
    """Figures over the decided applications: how many, and their median, mean and longest
    service time in seconds (None when nothing is decided yet)."""

    decided: int
    median_seconds: float | None
    mean_seconds: float | None
    max_seconds: int | None


def figures(seconds: list[int]) -> ServiceTime:
    if not seconds:
        return ServiceTime(0, None, None, None)
    return ServiceTime(len(seconds), float(statistics.median(seconds)),
                       statistics.fmean(seconds), max(seconds))


def _seconds(db: Session, stmt: Select[Internship]) -> list[int]:
    rows = db.execute(
        stmt.where(Internship.decided_at.is_not(None))
        .with_only_columns(Internship.applied_at, Internship.decided_at)
    )
    return [int((decided - applied).total_seconds()) for applied, decided in rows
            if decided is not None]


def placement_service_time(db: Session, principal: Principal, placement_id: int) -> ServiceTime:
    """Over the decisions on one placement that the principal may see."""
    get_placement(db, placement_id)
    stmt = visible_internships(principal).where(Internship.placement_id == placement_id)
    return figures(_seconds(db, stmt))


def period_service_time(db: Session, principal: Principal, *, starts_on: date, ends_on: date,
                        region_code: str | None = None) -> ServiceTime:
    """Over the decisions made from `starts_on` to `ends_on` (WITA days, both included)."""
    zone = ZoneInfo(DISPLAY_TZ)
    start = datetime.combine(starts_on, time(), zone)
    end = datetime.combine(ends_on + timedelta(days=1), time(), zone)
    stmt = visible_internships(principal).where(
        Internship.decided_at >= start, Internship.decided_at < end
    )
    if region_code:
        stmt = stmt.where(Internship.placement.has(Placement.region_code.startswith(region_code)))
    return figures(_seconds(db, stmt))


def monthly_service_time(db: Session, principal: Principal, *, year: int,
                         region_code: str | None = None) -> list[tuple[int, ServiceTime]]:
    """Month by month (1–12, WITA) over the decisions of a year: the table a service
    standard report shows."""
    if not MIN_REPORT_YEAR <= year <= MAX_REPORT_YEAR:
        raise UserError("INVALID_YEAR", "year",
                        f"A year from {MIN_REPORT_YEAR} to {MAX_REPORT_YEAR}.")
    zone = ZoneInfo(DISPLAY_TZ)
    stmt = visible_internships(principal).where(
        Internship.decided_at >= datetime.combine(date(year, 1, 1), time(), zone),
        Internship.decided_at < datetime.combine(date(year + 1, 1, 1), time(), zone),
    )
    if region_code:
        stmt = stmt.where(Internship.placement.has(Placement.region_code.startswith(region_code)))
    by_month: dict[int, list[int]] = {m: [] for m in range(1, 13)}
    rows = db.execute(stmt.with_only_columns(Internship.applied_at, Internship.decided_at))
    for applied, decided in rows:
        if decided is None:  # the statement takes decided internships only
            continue
        by_month[decided.astimezone(zone).month].append(int((decided - applied).total_seconds()))
    return [(month, figures(seconds)) for month, seconds in by_month.items()]

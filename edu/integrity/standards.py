"""Service standards in working days: each office's published service time, the cuti bersama
days that stop the clock, and how internship decisions keep the standard (requests for a
voter-education session are measured the same way in edu/integrity/session_requests.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Generic, Protocol, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from edu.audit import record
from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.config import DISPLAY_TZ
from edu.db import utcnow
from edu.errors import UserError
from edu.integrity.models import CollectiveLeaveDay, ServiceStandard, SurveyService
from edu.integrity.workdays import WorkCalendar, work_calendar
from edu.internships.models import Internship, InternshipStatus, Placement
from edu.internships.service import visible_internships
from edu.offices.models import Region

# Used where neither the office nor its province has published its own.
DEFAULT_WORKING_DAYS = {SurveyService.INTERNSHIP: 10, SurveyService.VOTER_EDUCATION: 5}
MAX_WORKING_DAYS = 250
ABOUT_TO_BREACH = 1  # working days left at which a waiting application is flagged
EDITORS = {SurveyService.VOTER_EDUCATION: Role.EDUCATION_OFFICER,
           SurveyService.INTERNSHIP: Role.INTERNSHIP_OFFICER}


def standard_days(db: Session, region_code: str, service: SurveyService) -> int:
    """The standard of the office of a region, else of its province, else the default."""
    rows = {code: days for code, days in db.execute(
        select(ServiceStandard.region_code, ServiceStandard.working_days)
        .where(ServiceStandard.service == service))}
    code: str | None = region_code
    while code is not None:
        if code in rows:
            return rows[code]
        code = db.scalar(select(Region.parent_code).where(Region.code == code))
    return DEFAULT_WORKING_DAYS[service]


def standards(db: Session, region_code: str) -> dict[SurveyService, int]:
    """The standards an office publishes (its maklumat pelayanan)."""
    return {service: standard_days(db, region_code, service) for service in SurveyService}


def set_service_standard(db: Session, principal: Principal, *, region_code: str,
                         service: SurveyService, working_days: int) -> ServiceStandard:
    """Publish an office's service time for a service (audited)."""
    principal.require_staff(EDITORS[service])
    if db.get(Region, region_code) is None:
        raise UserError("UNKNOWN_REGION", "regionCode", "No region with this code.")
    principal.require_region(region_code)
    if not 1 <= working_days <= MAX_WORKING_DAYS:
        raise UserError("INVALID_WORKING_DAYS", "workingDays",
                        f"From 1 to {MAX_WORKING_DAYS} working days.")
    row = db.get(ServiceStandard, (region_code, service))
    before = {"working_days": row.working_days} if row else None
    if row is None:
        row = ServiceStandard(region_code=region_code, service=service,
                              working_days=working_days)
        db.add(row)
    row.working_days, row.updated_by_id, row.updated_at = working_days, principal.staff_id, \
        utcnow()
    db.flush()
    record(db, principal, "service_standard.set", row, before=before,
           after={"region": region_code, "service": service, "working_days": working_days})
    return row


def add_collective_leave_day(db: Session, principal: Principal, *, day: date,
                             name: str) -> CollectiveLeaveDay:
    """Add a cuti bersama day (admins; audited): no clock counts it."""
    principal.require_staff()
    name = name.strip()
    if not name or len(name) > 120:
        raise UserError("INVALID_NAME", "name", "A name of 1 to 120 characters.")
    if db.get(CollectiveLeaveDay, day) is not None:
        raise UserError("ALREADY_ADDED", "day", "This day is already a cuti bersama day.")
    row = CollectiveLeaveDay(day=day, name=name, added_by_id=principal.staff_id,
                             added_at=utcnow())
    db.add(row)
    db.flush()
    record(db, principal, "collective_leave_day.add", row,
           after={"day": day, "name": name})
    return row


class Measured(Protocol):
    """A request answered or decided: how late it was, and an id to order ties by."""

    @property
    def late_by(self) -> int: ...

    @property
    def key(self) -> int: ...


def collective_leave_days(db: Session, year: int) -> list[CollectiveLeaveDay]:
    """The cuti bersama days added for a year, in order."""
    return list(db.scalars(select(CollectiveLeaveDay).where(
        CollectiveLeaveDay.day >= date(year, 1, 1), CollectiveLeaveDay.day <= date(year, 12, 31))
        .order_by(CollectiveLeaveDay.day)))


@dataclass(frozen=True)
class Decision:
    internship_id: int
    student_name: str
    university: str
    applied_at: datetime
    decided_at: datetime
    working_days: int
    standard: int

    @property
    def late_by(self) -> int:
        return max(self.working_days - self.standard, 0)

    @property
    def key(self) -> int:
        return self.internship_id


M = TypeVar("M", bound=Measured)


@dataclass(frozen=True)
class StandardReport(Generic[M]):
    decisions: list[M]

    @property
    def within(self) -> int:
        return sum(d.late_by == 0 for d in self.decisions)

    @property
    def share_within(self) -> float | None:
        return round(self.within / len(self.decisions), 4) if self.decisions else None

    @property
    def breaches(self) -> list[M]:
        return sorted((d for d in self.decisions if d.late_by),
                      key=lambda d: (-d.late_by, d.key))


def _standards_by_region(db: Session, regions: set[str]) -> dict[str, int]:
    return {r: standard_days(db, r, SurveyService.INTERNSHIP) for r in regions}


def standard_report(db: Session, principal: Principal, *, starts_on: date, ends_on: date,
                    region_code: str | None = None) -> StandardReport[Decision]:
    """Internship decisions made from `starts_on` to `ends_on` (WITA) against the standard."""
    return decisions_in(db, visible_internships(principal), starts_on=starts_on,
                        ends_on=ends_on, region_code=region_code)


def decisions_in(db: Session, stmt: Select[Internship], *, starts_on: date, ends_on: date,
                 region_code: str | None = None) -> StandardReport[Decision]:
    """The decisions among `stmt`'s internships (what the caller may see) in a period."""
    if ends_on < starts_on:
        raise UserError("INVALID_PERIOD", "to", "`to` is before `from`.")
    zone = ZoneInfo(DISPLAY_TZ)
    stmt = stmt.where(
        Internship.decided_at >= datetime.combine(starts_on, time(), zone),
        Internship.decided_at < datetime.combine(ends_on + timedelta(days=1), time(), zone))
    if region_code:
        stmt = stmt.where(Internship.placement.has(
            Placement.region_code.startswith(region_code, autoescape=True)))
    rows = list(db.scalars(stmt.order_by(Internship.id)))
    calendar = work_calendar(db)
    days = _standards_by_region(db, {i.placement.region_code for i in rows})
    return StandardReport([
        Decision(i.id, i.student.full_name, i.student.university.name, i.applied_at,
                 i.decided_at, calendar.elapsed(i.applied_at, i.decided_at),
                 days[i.placement.region_code])
        for i in rows if i.decided_at is not None])


@dataclass(frozen=True)
class Clock:
    """Where a waiting request stands against its standard."""

    working_days: int
    due_on: date
    standard: int

    @property
    def days_left(self) -> int:
        return self.standard - self.working_days

    @property
    def about_to_breach(self) -> bool:
        return 0 <= self.days_left <= ABOUT_TO_BREACH

    @property
    def breached(self) -> bool:
        return self.days_left < 0


def clock(calendar: WorkCalendar, since: datetime, now: datetime, standard: int) -> Clock:
    """The clock of a request made at `since` that waits at `now`."""
    return Clock(calendar.elapsed(since, now), calendar.add(calendar.local_day(since), standard),
                 standard)


@dataclass(frozen=True)
class Waiting:
    internship_id: int
    student_name: str
    university: str
    applied_at: datetime
    clock: Clock


def _waiting(principal: Principal, region_code: str | None) -> Select[Internship]:
    stmt = visible_internships(principal).where(Internship.status == InternshipStatus.APPLIED)
    if region_code:
        stmt = stmt.where(Internship.placement.has(
            Placement.region_code.startswith(region_code, autoescape=True)))
    return stmt


def waiting_count(db: Session, principal: Principal, *, region_code: str | None = None) -> int:
    """How many applications the principal may see wait for a decision."""
    stmt = _waiting(principal, region_code)
    return db.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def queue(db: Session, principal: Principal, *, now: datetime | None = None,
          region_code: str | None = None, calendar: WorkCalendar | None = None,
          offset: int = 0, limit: int | None = None) -> list[Waiting]:
    """Applications waiting for a decision, the longest waiting first (a page of them when
    `limit` is given, so a console never loads the whole queue)."""
    now = now or utcnow()
    stmt = _waiting(principal, region_code)
    rows = list(db.scalars(stmt.order_by(Internship.applied_at, Internship.id)
                           .offset(offset).limit(limit)))
    calendar = calendar or work_calendar(db)
    days = _standards_by_region(db, {i.placement.region_code for i in rows})
    return [_waited(i, calendar, days[i.placement.region_code], now) for i in rows]


def waiting_of(db: Session, internship: Internship, *,
               now: datetime | None = None) -> Waiting:
    """How long one application has waited, as the queue counts it (callers checked that
    the principal sees it)."""
    return _waited(internship, work_calendar(db),
                   standard_days(db, internship.placement.region_code, SurveyService.INTERNSHIP),
                   now or utcnow())


def _waited(i: Internship, calendar: WorkCalendar, standard: int, now: datetime) -> Waiting:
    return Waiting(i.id, i.student.full_name, i.student.university.name, i.applied_at,
                   clock(calendar, i.applied_at, now, standard))

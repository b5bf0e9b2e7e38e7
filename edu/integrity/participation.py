"""Participation in voter education: the report the division writes (region × segment ×
gender × disability), the first-time voters among them, and the coverage gaps."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.config import DISPLAY_TZ
from edu.errors import Forbidden, UserError
from edu.offices.models import Region
from edu.participants.models import Participant
from edu.registrations.models import AttendanceStatus, Registration, RegistrationStatus
from edu.sessions.models import EduSession, Segment, SessionStatus

FIRST_TIME_VOTER_AGES = range(17, 22)  # pemilih pemula: 17 to 21 on the day
MAX_DAYS = 3660


@dataclass(frozen=True)
class ParticipationFilter:
    starts_on: date
    ends_on: date
    region_code: str | None = None
    segment: Segment | None = None


@dataclass(frozen=True)
class Row:
    region_code: str
    segment: Segment
    gender: str | None
    disability: bool
    registered: int
    attended: int
    first_time_registered: int
    first_time_attended: int


@dataclass(frozen=True)
class Totals:
    sessions: int
    registered: int
    attended: int

    @property
    def attendance_rate(self) -> float | None:
        return round(self.attended / self.registered, 4) if self.registered else None


@dataclass(frozen=True)
class Participation:
    filter: ParticipationFilter
    totals: Totals
    rows: list[Row]


def _window(flt: ParticipationFilter) -> tuple[datetime, datetime]:
    if flt.ends_on < flt.starts_on:
        raise UserError("INVALID_PERIOD", "to", "`to` is before `from`.")
    if (flt.ends_on - flt.starts_on).days > MAX_DAYS:
        raise UserError("INVALID_PERIOD", "to", "A report covers at most ten years.")
    zone = ZoneInfo(DISPLAY_TZ)
    return (datetime.combine(flt.starts_on, time(), zone),
            datetime.combine(flt.ends_on + timedelta(days=1), time(), zone))


def _scope(principal: Principal, region_code: str | None) -> str | None:
    principal.require_staff(Role.EDUCATION_OFFICER)
    if region_code is not None:
        principal.require_region(region_code)
        return region_code
    if principal.role is Role.ADMIN:
        return None
    if principal.region_code is None:
        raise Forbidden("Your token has no region.")
    return principal.region_code


def _age(birth: date | None, on: date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _sessions(principal: Principal, flt: ParticipationFilter) -> Select[int]:
    start, end = _window(flt)
    scope = _scope(principal, flt.region_code)
    stmt = select(EduSession.id).where(EduSession.status != SessionStatus.CANCELLED,
                                       EduSession.starts_at >= start, EduSession.starts_at < end)
    if scope:
        stmt = stmt.where(EduSession.region_code.startswith(scope, autoescape=True))
    if flt.segment is not None:
        stmt = stmt.where(EduSession.segment == flt.segment)
    return stmt


def participation(db: Session, principal: Principal, flt: ParticipationFilter) -> Participation:
    """Registered and attended people per region, segment, gender and disability."""
    held = _sessions(principal, flt)
    zone = ZoneInfo(DISPLAY_TZ)
    counts: dict[tuple[str, Segment, str | None, bool], list[int]] = defaultdict(
        lambda: [0, 0, 0, 0])
    rows = db.execute(
        select(EduSession.region_code, EduSession.segment, EduSession.starts_at,
               Participant.gender, Participant.disability, Participant.birth_date,
               Registration.attendance_status)
        .join(Registration, Registration.session_id == EduSession.id)
        .join(Participant, Participant.id == Registration.participant_id)
        .where(EduSession.id.in_(held), Registration.status == RegistrationStatus.CONFIRMED))
    for region, segment, starts_at, gender, disability, birth, status in rows:
        attended = status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
        first = _age(birth, starts_at.astimezone(zone).date()) in FIRST_TIME_VOTER_AGES
        c = counts[(region, segment, gender.value if gender else None, bool(disability))]
        c[0] += 1
        c[1] += attended
        c[2] += first
        c[3] += first and attended
    out = [Row(k[0], k[1], k[2], k[3], *v) for k, v in sorted(
        counts.items(), key=lambda kv: (kv[0][0], kv[0][1].value, kv[0][2] or "", kv[0][3]))]
    sessions = db.scalar(select(func.count()).select_from(held.subquery())) or 0
    totals = Totals(sessions, sum(r.registered for r in out), sum(r.attended for r in out))
    return Participation(flt, totals, out)


def coverage_gaps(db: Session, principal: Principal, flt: ParticipationFilter
                  ) -> list[tuple[str, Segment]]:
    """The kabupaten/kota in scope that reached no one (nobody attended) of a segment."""
    report = participation(db, principal, flt)
    reached = {(r.region_code, r.segment) for r in report.rows if r.attended}
    scope = _scope(principal, flt.region_code) or "52"
    regions = db.scalars(select(Region.code).where(
        Region.level != "PROVINCE", Region.code.startswith(scope, autoescape=True))
        .order_by(Region.code))
    segments = [flt.segment] if flt.segment else list(Segment)
    return [(code, seg) for code in regions for seg in segments if (code, seg) not in reached]


COLUMNS = [f.name for f in fields(Row)]


def _cells(row: Row) -> list[object]:
    return [row.region_code, row.segment.value, row.gender or "", row.disability,
            row.registered, row.attended, row.first_time_registered, row.first_time_attended]


def as_csv(report: Participation) -> bytes:
    """The rows and a total line, as CSV (UTF-8)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in report.rows:
        writer.writerow(_cells(row))
    t = report.totals
    writer.writerow(["TOTAL", "", "", "", t.registered, t.attended,
                     sum(r.first_time_registered for r in report.rows),
                     sum(r.first_time_attended for r in report.rows)])
    return out.getvalue().encode()


def as_xlsx(report: Participation) -> bytes:
    """The same rows as a workbook: a sheet of rows and one of totals."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Partisipasi"
    sheet.append(COLUMNS)
    for row in report.rows:
        sheet.append(_cells(row))
    totals = book.create_sheet("Total")
    t = report.totals
    totals.append(["sessions", "registered", "attended"])
    totals.append([t.sessions, t.registered, t.attended])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

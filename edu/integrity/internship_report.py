"""Internships by university and unit over a period: applications, accepted, completed,
approved hours, mean grade score and mean service time in working days; and the same for
each month, quarter, semester of a year or the year, with totals and downloads."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.auth.principal import Principal
from edu.config import DISPLAY_TZ
from edu.errors import UserError
from edu.integrity import tables
from edu.integrity.periods import Period, periods
from edu.integrity.workdays import work_calendar
from edu.internships.models import SEAT_HOLDING, Evaluation, Internship, InternshipStatus
from edu.internships.service import visible_internships


@dataclass(frozen=True)
class InternshipRow:
    university: str
    unit: str
    applications: int
    accepted: int
    completed: int
    approved_hours: Decimal
    mean_score: Decimal | None
    mean_working_days: Decimal | None
    grades: tuple[tuple[str, int], ...] = ()  # (grade, how many), best grade first

    @property
    def grades_text(self) -> str:
        """`A 2, B 1`: the grades as one cell of a table or download."""
        return ", ".join(f"{grade} {n}" for grade, n in self.grades)


def internship_report(db: Session, principal: Principal, *, starts_on: date,
                      ends_on: date) -> list[InternshipRow]:
    """Applications made from `starts_on` to `ends_on` (WITA), by university and unit."""
    if ends_on < starts_on:
        raise UserError("INVALID_PERIOD", "to", "`to` is before `from`.")
    zone = ZoneInfo(DISPLAY_TZ)
    stmt = visible_internships(principal).where(
        Internship.applied_at >= datetime.combine(starts_on, time(), zone),
        Internship.applied_at < datetime.combine(ends_on + timedelta(days=1), time(), zone))
    rows = list(db.scalars(stmt))
    evaluations = {iid: (score, grade) for iid, score, grade in db.execute(
        select(Evaluation.internship_id, Evaluation.score, Evaluation.grade).where(
            Evaluation.internship_id.in_([i.id for i in rows])))}
    calendar = work_calendar(db)
    groups: dict[tuple[str, str], list[Internship]] = defaultdict(list)
    for i in rows:
        groups[(i.student.university.name, i.placement.unit)].append(i)
    out = []
    for (university, unit), items in sorted(groups.items()):
        graded = [Decimal(evaluations[i.id][0]) for i in items if i.id in evaluations]
        grades = Counter(evaluations[i.id][1] for i in items if i.id in evaluations)
        waits = [calendar.elapsed(i.applied_at, i.decided_at) for i in items if i.decided_at]
        out.append(InternshipRow(
            university, unit, len(items),
            sum(i.status in SEAT_HOLDING for i in items),
            sum(i.status is InternshipStatus.COMPLETED for i in items),
            (Decimal(sum(i.minutes_approved for i in items)) / 60).quantize(Decimal("0.01")),
            (sum(graded, Decimal(0)) / len(graded)).quantize(Decimal("0.01")) if graded else None,
            (Decimal(sum(waits)) / len(waits)).quantize(Decimal("0.01")) if waits else None,
            tuple(sorted(grades.items()))))
    return out


@dataclass(frozen=True)
class PeriodReport:
    """One period's rows and their totals (means are per row, so they are not summed)."""

    label: str
    starts_on: date
    ends_on: date
    rows: list[InternshipRow]

    @property
    def applications(self) -> int:
        return sum(r.applications for r in self.rows)

    @property
    def accepted(self) -> int:
        return sum(r.accepted for r in self.rows)

    @property
    def completed(self) -> int:
        return sum(r.completed for r in self.rows)

    @property
    def approved_hours(self) -> Decimal:
        return sum((r.approved_hours for r in self.rows), Decimal(0))


def internship_report_by_period(db: Session, principal: Principal, *, year: int,
                                period: Period) -> list[PeriodReport]:
    """The report of each period of a year (applications by the day they were made)."""
    return [PeriodReport(label, first, last, internship_report(
        db, principal, starts_on=first, ends_on=last))
        for label, first, last in periods(year, period)]


COLUMNS = ["period", "university", "unit", "applications", "accepted", "completed",
           "approved_hours", "mean_score", "mean_working_days", "grades"]


def _lines(reports: list[PeriodReport]) -> list[list[object]]:
    out: list[list[object]] = []
    for p in reports:
        out += [[p.label, r.university, r.unit, r.applications, r.accepted, r.completed,
                 float(r.approved_hours),
                 None if r.mean_score is None else float(r.mean_score),
                 None if r.mean_working_days is None else float(r.mean_working_days),
                 r.grades_text or None]
                for r in p.rows]
    return out


def _total(reports: list[PeriodReport]) -> list[object]:
    return ["TOTAL", None, None, sum(p.applications for p in reports),
            sum(p.accepted for p in reports), sum(p.completed for p in reports),
            float(sum((p.approved_hours for p in reports), Decimal(0))), None, None, None]


def as_csv(reports: list[PeriodReport]) -> bytes:
    """Every period's rows and a total line."""
    return tables.as_csv(COLUMNS, [*_lines(reports), _total(reports)])


def as_xlsx(reports: list[PeriodReport]) -> bytes:
    """The same rows as a workbook: a sheet of rows and one with the total line."""
    return tables.as_xlsx({"Magang": (COLUMNS, _lines(reports)),
                           "Total": (COLUMNS, [_total(reports)])})

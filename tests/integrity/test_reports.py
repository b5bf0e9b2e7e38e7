"""The division's reports: age bands on the session day, totals equal to the sums of their rows
and to the raw registrations and internships, and downloads that read back the same."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from openpyxl import load_workbook
from sqlalchemy import func, select, update

from edu.auth.models import Role
from edu.db import Database
from edu.integrity import internship_report as internships
from edu.integrity import participation as reports
from edu.integrity.participation import AgeBand, age_band
from edu.integrity.periods import Period
from edu.internships.models import Evaluation, Internship, InternshipStatus
from edu.participants.models import Gender
from edu.registrations.models import AttendanceStatus, Registration, RegistrationStatus
from edu.sessions.models import Segment
from tests.edu.certificates_factory import placement_with, staff
from tests.integrity.kit import Person, held

A = AttendanceStatus
DAY = datetime(2026, 11, 14, 1, 0, tzinfo=UTC)  # Saturday 14 November 2026, 09.00 WITA


def test_age_bands_by_whole_years() -> None:
    assert [age_band(a) for a in (None, 16, 17, 21, 22, 30, 31, 40, 41, 60, 61, 90)] == [
        AgeBand.UNKNOWN, AgeBand.UNDER_17, AgeBand.FROM_17_TO_21, AgeBand.FROM_17_TO_21,
        AgeBand.FROM_22_TO_30, AgeBand.FROM_22_TO_30, AgeBand.FROM_31_TO_40,
        AgeBand.FROM_31_TO_40, AgeBand.FROM_41_TO_50, AgeBand.FROM_51_TO_60, AgeBand.FROM_61,
        AgeBand.FROM_61]


def test_age_on_the_session_day_and_totals_equal_rows_and_registrations(
        database: Database) -> None:
    # Ages on 14 November 2026: 17 that very day, 16 until the next day, 21 still, 22.
    held(database, [Person(birth=date(2009, 11, 14)), Person(birth=date(2009, 11, 15)),
                    Person(birth=date(2004, 11, 15), gender=Gender.MALE),
                    Person(birth=date(2004, 11, 14), gender=Gender.MALE, attendance=None),
                    Person(birth=None, disability=True),
                    Person(status=RegistrationStatus.WAITLISTED)], starts=DAY)
    held(database, [Person(), Person(attendance=A.LATE)], starts=DAY, region="5203",
         segment=Segment.WOMEN)
    officer = staff(database, Role.EDUCATION_OFFICER, region="52")
    flt = reports.ParticipationFilter(starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30))
    with database.reader() as db:
        report = reports.participation(db, officer, flt)
        raw = db.scalar(select(func.count(Registration.id)).where(
            Registration.status == RegistrationStatus.CONFIRMED)) or 0
    bands = {(c.region_code, c.gender, c.disability, c.age_band): (c.registered, c.attended)
             for c in report.cells}
    assert bands == {
        ("5271", "FEMALE", False, AgeBand.FROM_17_TO_21): (1, 1),
        ("5271", "FEMALE", False, AgeBand.UNDER_17): (1, 1),
        ("5271", "MALE", False, AgeBand.FROM_17_TO_21): (1, 1),
        ("5271", "MALE", False, AgeBand.FROM_22_TO_30): (1, 0),
        ("5271", "FEMALE", True, AgeBand.UNKNOWN): (1, 1),
        ("5203", "FEMALE", False, AgeBand.FROM_31_TO_40): (2, 2),
    }
    # Totals: the sums of the rows, of the cells, and the confirmed registrations themselves.
    t = report.totals
    assert t.sessions == 2 and t.registered == raw == 7 and t.attended == 6
    assert sum(r.registered for r in report.rows) == sum(c.registered for c in report.cells) \
        == t.registered
    assert sum(r.attended for r in report.rows) == sum(c.attended for c in report.cells) \
        == t.attended
    for row in report.rows:
        assert sum(b.registered for b in row.age_bands) == row.registered
        assert row.first_time_registered == sum(
            b.registered for b in row.age_bands if b.band is AgeBand.FROM_17_TO_21)
    male = next(r for r in report.rows if r.gender == "MALE")
    assert male.attendance_rate == 0.5 and male.first_time_attended == 1
    # The downloads read back as the same cells and the same total.
    lines = list(csv.reader(io.StringIO(reports.as_csv(report).decode())))
    assert lines[0] == reports.COLUMNS and lines[-1][5:] == [str(t.registered), str(t.attended)]
    expect = [[c.region_code, c.segment.value, c.gender or "", str(c.disability),
               reports.BAND_LABELS[c.age_band], str(c.registered), str(c.attended)]
              for c in report.cells]
    assert lines[1:-1] == expect
    book = load_workbook(io.BytesIO(reports.as_xlsx(report)))
    sheet = [[("" if v is None else str(v)) for v in r]
             for r in book["Partisipasi"].iter_rows(values_only=True)]
    assert sheet[0] == reports.COLUMNS and sheet[1:] == expect
    assert list(book["Total"].iter_rows(values_only=True))[1] == (2, 7, 6)


def test_internships_per_period_total_their_rows_and_the_applications(
        database: Database) -> None:
    S = InternshipStatus
    _, first = placement_with(database, [S.COMPLETED, S.ACCEPTED, S.REJECTED])
    _, second = placement_with(database, [S.APPLIED, S.COMPLETED], region="5272")
    applied = {first[0]: datetime(2026, 2, 2, 1, tzinfo=UTC),
               first[1]: datetime(2026, 3, 31, 15, 59, tzinfo=UTC),  # 31 March 23.59 WITA
               first[2]: datetime(2026, 3, 31, 16, 0, tzinfo=UTC),  # 1 April 00.00 WITA
               second[0]: datetime(2026, 5, 4, 1, tzinfo=UTC),
               second[1]: datetime(2026, 11, 2, 1, tzinfo=UTC)}
    with database.transaction() as db:
        for iid, at in applied.items():
            db.execute(update(Internship).where(Internship.id == iid).values(applied_at=at))
        db.execute(update(Internship).where(Internship.id.in_([first[0], second[1]])).values(
            minutes_logged=600, minutes_approved=570))
        db.add_all([Evaluation(internship_id=first[0], score=Decimal("86.00"), grade="A"),
                    Evaluation(internship_id=first[1], score=Decimal("71.00"), grade="B")])
    officer = staff(database, Role.INTERNSHIP_OFFICER, region="52")
    with database.reader() as db:
        quarters = internships.internship_report_by_period(db, officer, year=2026,
                                                           period=Period.QUARTER)
        raw = db.scalar(select(func.count(Internship.id))) or 0
    assert [q.label for q in quarters] == ["2026 TW1", "2026 TW2", "2026 TW3", "2026 TW4"]
    assert [q.applications for q in quarters] == [2, 2, 0, 1]
    assert sum(q.applications for q in quarters) == raw == 5
    for q in quarters:
        assert q.applications == sum(r.applications for r in q.rows)
        assert q.accepted == sum(r.accepted for r in q.rows)
        assert q.completed == sum(r.completed for r in q.rows)
    assert quarters[0].accepted == 2 and quarters[0].completed == 1
    assert quarters[0].approved_hours == Decimal("9.50")
    (row,) = quarters[0].rows
    assert row.grades == (("A", 1), ("B", 1)) and row.mean_score == Decimal("78.50")
    lines = list(csv.reader(io.StringIO(internships.as_csv(quarters).decode())))
    assert lines[0] == internships.COLUMNS and lines[1][9] == "A 1, B 1"
    assert [line[0] for line in lines[1:-1]] == ["2026 TW1", "2026 TW2", "2026 TW2", "2026 TW4"]
    assert lines[-1][:6] == ["TOTAL", "", "", "5", "3", "2"]
    assert sum(int(line[3]) for line in lines[1:-1]) == 5
    assert float(lines[-1][6]) == 19.0
    book = load_workbook(io.BytesIO(internships.as_xlsx(quarters)))
    sheet = list(book["Magang"].iter_rows(values_only=True))
    assert [list(r) for r in sheet[1:]] == [
        _typed(line) for line in lines[1:-1]]
    assert list(book["Total"].iter_rows(values_only=True))[1][:7] == (
        "TOTAL", None, None, 5, 3, 2, 19.0)


def _typed(line: list[str]) -> list[object]:
    """A CSV line of the internship report with its numbers read as numbers."""
    out: list[object] = list(line[:3])
    out += [int(v) for v in line[3:6]]
    out += [float(v) if v else None for v in line[6:9]]
    return [*out, line[9] or None]

"""Working-day clocks in WITA: weekends, national holidays, cuti bersama, a year's end."""

from __future__ import annotations

from datetime import UTC, date, datetime

from edu.integrity.workdays import WorkCalendar

CALENDAR = WorkCalendar()


def test_a_weekend_is_not_counted() -> None:
    assert CALENDAR.between(date(2026, 12, 4), date(2026, 12, 7)) == 1  # Friday → Monday
    assert CALENDAR.between(date(2026, 12, 7), date(2026, 12, 7)) == 0


def test_a_national_holiday_is_not_counted() -> None:
    # Christmas, Friday 25 December 2026: Thursday → Monday is one working day.
    assert not CALENDAR.is_working_day(date(2026, 12, 25))
    assert CALENDAR.between(date(2026, 12, 24), date(2026, 12, 28)) == 1


def test_an_added_cuti_bersama_day_is_not_counted() -> None:
    with_leave = WorkCalendar([date(2026, 12, 24)])
    assert CALENDAR.between(date(2026, 12, 23), date(2026, 12, 28)) == 2
    assert with_leave.between(date(2026, 12, 23), date(2026, 12, 28)) == 1
    assert with_leave.add(date(2026, 12, 23), 3) == date(2026, 12, 30)


def test_across_a_year_end() -> None:
    # Thursday 31 December counts; New Year's Day (Friday) and the weekend do not.
    assert CALENDAR.between(date(2026, 12, 30), date(2027, 1, 4)) == 2
    assert CALENDAR.add(date(2026, 12, 30), 2) == date(2027, 1, 4)


def test_days_are_wita_days() -> None:
    # Monday 00.30 WITA is still Sunday in UTC: decided Monday 10.00 WITA, the same day.
    applied = datetime(2026, 12, 6, 16, 30, tzinfo=UTC)
    decided = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
    assert CALENDAR.elapsed(applied, decided) == 0

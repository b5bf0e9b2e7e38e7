"""Working days in an office's zone (WITA in NTB): not a weekend, not an Indonesian public
holiday (the `holidays` package's calendar), not a cuti bersama day an admin added."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.config import DISPLAY_TZ
from edu.integrity.models import CollectiveLeaveDay


class WorkCalendar:
    """Which days are working days, given the added cuti bersama days."""

    def __init__(self, leave_days: Iterable[date] = (), zone: str = DISPLAY_TZ) -> None:
        self.leave_days = frozenset(leave_days)
        self.zone = ZoneInfo(zone)
        self._public = holidays.country_holidays("ID")  # years fill in as they are asked

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._public and day not in self.leave_days

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (a request decided on the
        day it came is 0 days; on the next working day, 1)."""
        if end <= start:
            return 0
        return sum(self.is_working_day(start + timedelta(days=i))
                   for i in range(1, (end - start).days + 1))

    def add(self, start: date, days: int) -> date:
        """The `days`-th working day after `start`: a standard's due date."""
        day = start
        while days > 0:
            day += timedelta(days=1)
            days -= self.is_working_day(day)
        return day

    def elapsed(self, since: datetime, until: datetime) -> int:
        """Working days from one moment to another, by their local (WITA) dates."""
        return self.between(self.local_day(since), self.local_day(until))


def work_calendar(db: Session) -> WorkCalendar:
    """The calendar with every cuti bersama day on record."""
    return WorkCalendar(db.scalars(select(CollectiveLeaveDay.day)))

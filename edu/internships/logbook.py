"""The daily logbook: one entry a day inside the placement period, reviewed by the field
supervisor; the internship's total is kept exact in whole minutes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.audit import record, snapshot
from edu.auth.principal import Principal
from edu.config import DEFAULT_MAX_DAILY_HOURS
from edu.db import utcnow
from edu.errors import NotFound, Problem, UserError
from edu.internships.models import Internship, InternshipStatus, LogbookEntry, LogbookStatus
from edu.internships.service import (
    OFFICERS,
    READERS,
    get_internship,
    mark_started,
    today,
    visible_internships,
)
from edu.notifications import outbox
from edu.notifications.models import NoticeKind
from edu.validation import LONG_TEXT_LEN, REASON_LEN, text

CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
LOGGABLE = (InternshipStatus.ACCEPTED, InternshipStatus.ACTIVE)
ENTRY_AUDITED = ("day", "minutes", "status")


def parse_clock(value: str | None, field: str) -> tuple[time | None, list[Problem]]:
    """`HH:MM` (or `H:MM`) on a 24-hour clock, in the office's local time."""
    match = CLOCK.match((value or "").strip())
    if not match:
        return None, [Problem("INVALID_TIME", field, "Use HH:MM on a 24-hour clock, e.g. 08:00.")]
    return time(int(match[1]), int(match[2])), []


def _audited(entry: LogbookEntry) -> dict[str, object]:
    return {**snapshot(entry, *ENTRY_AUDITED), "check_in": clock(entry.check_in),
            "check_out": clock(entry.check_out)}


def clock(value: time) -> str:
    """A local time as the clients write it: `08:00`."""
    return value.strftime("%H:%M")


def minutes_between(check_in: time, check_out: time) -> int:
    return (check_out.hour * 60 + check_out.minute) - (check_in.hour * 60 + check_in.minute)


def counts(status: LogbookStatus) -> bool:
    """Pending and approved days count towards the hours logged; returned ones wait for a
    fix."""
    return status is not LogbookStatus.RETURNED


def approved(status: LogbookStatus) -> bool:
    """Only days the field supervisor approved count towards the required hours."""
    return status is LogbookStatus.APPROVED


def _add_minutes(db: Session, internship: Internship, logged: int, approved: int = 0) -> None:
    # SQL expressions, not Python sums: the totals stay exact whatever else runs.
    internship.minutes_logged = Internship.minutes_logged + logged
    internship.minutes_approved = Internship.minutes_approved + approved
    db.flush()
    db.refresh(internship, ["minutes_logged", "minutes_approved"])


@dataclass
class DayDraft:
    day: date
    check_in: str
    check_out: str
    activity: str


def log_intern_day(db: Session, principal: Principal, *, internship_id: int, draft: DayDraft,
                   max_daily_hours: int = DEFAULT_MAX_DAILY_HOURS,
                   now: datetime | None = None) -> tuple[LogbookEntry, Internship]:
    """Log one day: check-out after check-in, at most `max_daily_hours`, inside the placement
    period and not after today (WITA), once a day (a day the supervisor returned may be
    logged again). The first day starts the internship."""
    principal.require_staff(*READERS)
    now = now or utcnow()
    internship = get_internship(db, principal, internship_id, field="internshipId",
                                for_update=True)
    if internship.status not in LOGGABLE:
        raise UserError("NOT_ACTIVE", "internshipId",
                        f"A {internship.status.value} internship takes no logbook entries.")
    check_in, problems = parse_clock(draft.check_in, "checkIn")
    check_out, more = parse_clock(draft.check_out, "checkOut")
    problems += more
    if check_in and check_out and check_out <= check_in:
        problems.append(Problem("CHECKOUT_BEFORE_CHECKIN", "checkOut",
                                "checkOut must be after checkIn."))
    elif check_in and check_out and minutes_between(check_in, check_out) > max_daily_hours * 60:
        problems.append(Problem("TOO_MANY_HOURS", "checkOut",
                                f"A logbook day holds at most {max_daily_hours} hours."))
    problems += text(draft.activity, "activity", required=True, max_len=LONG_TEXT_LEN)
    placement = internship.placement
    if not placement.starts_on <= draft.day <= placement.ends_on:
        problems.append(Problem(
            "OUTSIDE_PLACEMENT_PERIOD", "date",
            f"The placement runs from {placement.starts_on} to {placement.ends_on}.",
        ))
    elif draft.day > today(now):
        problems.append(Problem("FUTURE_DATE", "date",
                                "A day is logged once it has begun (WITA), not ahead."))
    entry = db.scalar(select(LogbookEntry).where(
        LogbookEntry.internship_id == internship.id, LogbookEntry.day == draft.day
    ))
    if entry is not None and entry.status is not LogbookStatus.RETURNED:
        problems.append(Problem("ALREADY_LOGGED", "date", f"{draft.day} is already logged."))
    if problems:
        raise UserError.many(problems)
    assert check_in is not None and check_out is not None

    before = _audited(entry) if entry else None
    if entry is None:
        entry = LogbookEntry(internship_id=internship.id, day=draft.day)
        db.add(entry)
    entry.check_in, entry.check_out = check_in, check_out
    entry.minutes = minutes_between(check_in, check_out)
    entry.activity = draft.activity.strip()
    entry.status = LogbookStatus.PENDING
    entry.logged_by_id, entry.logged_at = principal.staff_id, now
    entry.reviewed_by_id = entry.reviewed_at = entry.review_note = None
    db.flush()
    _add_minutes(db, internship, entry.minutes)
    if internship.status is InternshipStatus.ACCEPTED:
        mark_started(db, principal, internship, now)
    record(db, principal, "logbook.resubmit" if before else "logbook.log", entry,
           before=before, after=_audited(entry))
    return entry, internship


def review_logbook_entry(db: Session, principal: Principal, *, entry_id: int, approve: bool,
                         note: str | None = None, now: datetime | None = None
                         ) -> tuple[LogbookEntry, Internship]:
    """The field supervisor approves a day, or returns it (with a reason) to be logged again."""
    principal.require_staff(*OFFICERS)
    entry = get_entry(db, principal, entry_id)
    internship = get_internship(db, principal, entry.internship_id, for_update=True)
    db.refresh(entry)  # re-read under the internship's lock
    if internship.status is not InternshipStatus.ACTIVE:
        raise UserError("NOT_ACTIVE", "id",
                        f"The logbook of a {internship.status.value} internship is closed.")
    problems = text(note, "note", required=False, max_len=REASON_LEN)
    if problems:
        raise UserError.many(problems)
    note = (note or "").strip() or None
    if not approve and note is None:
        raise UserError("REQUIRED", "note", "Say what needs fixing.")
    new = LogbookStatus.APPROVED if approve else LogbookStatus.RETURNED
    before = _audited(entry)
    logged = (counts(new) - counts(entry.status)) * entry.minutes
    approved_delta = (approved(new) - approved(entry.status)) * entry.minutes
    entry.status = new
    entry.reviewed_by_id, entry.reviewed_at = principal.staff_id, now or utcnow()
    entry.review_note = note
    db.flush()
    if logged or approved_delta:
        _add_minutes(db, internship, logged, approved_delta)
    record(db, principal, "logbook.approve" if approve else "logbook.return", entry,
           before=before, after=_audited(entry))
    if not approve:
        outbox.to_intern(db, NoticeKind.LOGBOOK_RETURNED, internship, entry_id=entry.id)
    return entry, internship


def entries_of(db: Session, internship_ids: Sequence[int]) -> dict[int, list[LogbookEntry]]:
    """Each internship's logbook by day (callers checked visibility)."""
    out: dict[int, list[LogbookEntry]] = {i: [] for i in internship_ids}
    rows = db.scalars(
        select(LogbookEntry)
        .where(LogbookEntry.internship_id.in_(list(internship_ids)))
        .order_by(LogbookEntry.day)
    )
    for row in rows:
        out[row.internship_id].append(row)
    return out


def get_logbook(db: Session, principal: Principal, internship_id: int) -> list[LogbookEntry]:
    """An internship's logbook, for whoever may see the internship."""
    get_internship(db, principal, internship_id)
    return entries_of(db, [internship_id])[internship_id]


def get_entry(db: Session, principal: Principal, entry_id: int) -> LogbookEntry:
    """One logbook entry, if the principal may see its internship."""
    entry = db.scalar(select(LogbookEntry).where(
        LogbookEntry.id == entry_id,
        LogbookEntry.internship_id.in_(visible_internships(principal).with_only_columns(
            Internship.id
        )),
    ))
    if entry is None:
        raise NotFound("id", "logbook entry")
    return entry


@dataclass(frozen=True)
class WeekHours:
    week_start: date  # a Monday
    minutes: int
    days: int


def hours_per_week(entries: Iterable[LogbookEntry]) -> list[WeekHours]:
    """Minutes and days logged in each ISO week (Monday first), counting what counts."""
    weeks: dict[date, tuple[int, int]] = {}
    for entry in entries:
        if counts(entry.status):
            monday = entry.day - timedelta(days=entry.day.weekday())
            minutes, days = weeks.get(monday, (0, 0))
            weeks[monday] = (minutes + entry.minutes, days + 1)
    return [WeekHours(w, m, d) for w, (m, d) in sorted(weeks.items())]

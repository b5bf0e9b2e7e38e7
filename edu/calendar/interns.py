"""An intern's feed: their placement periods and logged days, behind a secret URL that their
coordinator or the internship staff issue (and rotate, which stops the old URL at once)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from edu import audit
from edu.auth.principal import Principal
from edu.calendar.links import intern_feed_url
from edu.calendar.models import StudentCalendar
from edu.calendar.service import Window, digest
from edu.config import DISPLAY_TZ, Settings
from edu.errors import NotFound
from edu.internships.models import (
    Internship,
    InternshipStatus,
    LogbookEntry,
    Placement,
    Student,
)
from edu.internships.service import get_internship
from edu.offices.models import Office
from edu.secrets import derive_code, hash_secret

# An application still waiting shows as tentative; rejected or withdrawn ones leave the feed.
SHOWN = (InternshipStatus.APPLIED, InternshipStatus.ACCEPTED, InternshipStatus.ACTIVE,
         InternshipStatus.COMPLETED)


def intern_secret(key: bytes, calendar: StudentCalendar) -> str:
    return derive_code(key, "calendar-intern", calendar.student_id, calendar.version)


def issue_intern_calendar(db: Session, principal: Principal, settings: Settings, *,
                          internship_id: int, rotate: bool = False) -> str:
    """The feed URL of an internship's student, made on first use; `rotate` replaces it (the
    old one stops at once). Only who may see the internship may ask. Audited."""
    internship = get_internship(db, principal, internship_id, field="internshipId")
    calendar = db.get(StudentCalendar, internship.student_id, with_for_update=True)
    if calendar is not None and not rotate:
        return intern_feed_url(settings, intern_secret(settings.secret_key, calendar))
    before = audit.snapshot(calendar, "version") if calendar else None
    if calendar is None:
        calendar = StudentCalendar(student_id=internship.student_id, version=1)
        db.add(calendar)
    else:
        calendar.version += 1
    calendar.secret_hash = hash_secret(intern_secret(settings.secret_key, calendar))
    db.flush()
    audit.record(db, principal, "student.calendar_rotate" if before else "student.calendar_issue",
                 internship.student, before=before, after=audit.snapshot(calendar, "version"))
    return intern_feed_url(settings, intern_secret(settings.secret_key, calendar))


_BY_SECRET = select(Student).join(StudentCalendar, StudentCalendar.student_id == Student.id) \
    .where(StudentCalendar.secret_hash == bindparam("hash"))


def student_by_secret(db: Session, secret: str) -> Student:
    """The student whose current feed secret this is; NotFound for an old or made-up one."""
    student = db.scalar(_BY_SECRET, {"hash": hash_secret(secret.upper())})
    if student is None:
        raise NotFound("secret", "calendar")
    return student


@dataclass(frozen=True)
class InternEntries:
    internships: list[Internship]
    days: list[LogbookEntry]
    tzid: str


def intern_feed_entries(db: Session, student: Student,
                        window: Window) -> tuple[str, InternEntries]:
    """The student's placements that overlap the window and their logged days in it."""
    first_day, last_day = window.first_day, window.last_day
    internships = list(db.scalars(
        select(Internship).where(Internship.student_id == student.id,
                                 Internship.status.in_(SHOWN))
        .order_by(Internship.id)
    ))
    internships = [i for i in internships
                   if i.placement.ends_on >= first_day and i.placement.starts_on <= last_day]
    days = list(db.scalars(
        select(LogbookEntry).where(
            LogbookEntry.internship_id.in_([i.id for i in internships]),
            LogbookEntry.day >= first_day, LogbookEntry.day <= last_day,
        ).order_by(LogbookEntry.day, LogbookEntry.id)
    )) if internships else []
    zones = _zones(db, {i.placement.region_code for i in internships})
    parts: list[tuple[object, ...]] = [("i", student.id, window.starts.isoformat())]
    parts += [(i.id, i.status.value, i.updated_at.isoformat(), i.placement.updated_at.isoformat())
              for i in internships]
    parts += [(d.id, d.status.value, d.logged_at.isoformat(), str(d.reviewed_at)) for d in days]
    tzid = (zones.get(internships[0].placement.region_code, DISPLAY_TZ) if internships
            else DISPLAY_TZ)
    return digest(parts), InternEntries(internships, days, tzid)


def _zones(db: Session, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    return {c: tz for c, tz in db.execute(
        select(Office.region_code, Office.timezone).where(Office.region_code.in_(codes)))}


def intern_last_change(db: Session, student: Student) -> datetime | None:
    """The latest change to any of the student's internships (rejected and withdrawn ones too),
    their placements and logbooks: Last-Modified of the feed never goes back."""
    values = db.execute(
        select(func.max(Internship.updated_at), func.max(Placement.updated_at),
               func.max(LogbookEntry.logged_at), func.max(LogbookEntry.reviewed_at))
        .join(Placement, Placement.id == Internship.placement_id)
        .outerjoin(LogbookEntry, LogbookEntry.internship_id == Internship.id)
        .where(Internship.student_id == student.id)
    ).one()
    return max((v for v in values if v is not None), default=None)

"""Writing notices with the change that causes them, and handing them to runners.

A notice is a row added in the caller's transaction: a change that rolls back leaves none, a
committed one keeps it until it is sent. A runner claims one due notice at a time with a lease
(SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, so several processes never take the same row;
SQLite writers are serialised by BEGIN IMMEDIATE), sends it outside any transaction, then marks
it. A runner that dies mid-send leaves the lease to run out; the next one sends the same
message again under the same Message-ID, which mail systems treat as one message.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from edu.accounts.models import StaffAccount
from edu.auth.models import Role, Staff
from edu.db import utcnow
from edu.internships.models import Internship
from edu.notifications import webhooks
from edu.notifications.models import Notice, NoticeKind, NoticeStatus, notice_row
from edu.registrations.models import Registration, RegistrationStatus
from edu.sessions.models import EduSession

LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)  # then 2, 4, 8 … minutes
ERROR_LEN = 300


def enqueue(db: Session, kind: NoticeKind, *, participant_id: int | None = None,
            session_id: int | None = None, student_id: int | None = None,
            staff_id: int | None = None, details: dict[str, Any] | None = None,
            not_before: datetime | None = None) -> Notice:
    """A notice in the caller's transaction: sent only if that transaction commits."""
    notice = Notice(**notice_row(kind, participant_id=participant_id, session_id=session_id,
                                 student_id=student_id, staff_id=staff_id, details=details,
                                 not_before=not_before))
    db.add(notice)
    return notice


def _registered_rows(db: Session, registration_id: int, participant_id: int, session_id: int,
                     starts_at: datetime, *, confirmed: bool,
                     kind: NoticeKind) -> list[dict[str, Any]]:
    """A booking (or a promotion) tells the person, and plans their reminder if a seat is
    theirs; the endpoints that want it hear of it too."""
    rows = [notice_row(kind, participant_id=participant_id, session_id=session_id)]
    if confirmed:
        rows.append(_reminder_row(participant_id, session_id, starts_at))
    rows += webhooks.event_notices(
        db, "registration.promoted" if kind is NoticeKind.PROMOTED else "registration.created",
        {"registration_id": registration_id, "session_id": session_id})
    return rows


def registered(db: Session, registration: Registration, session: EduSession, *,
               kind: NoticeKind = NoticeKind.REGISTERED) -> None:
    """The notices of a booking, as objects: they all go in one flush, at the commit."""
    # The endpoints' query needs none of the pending notices written first.
    with db.no_autoflush:
        rows = _registered_rows(
            db, registration.id, registration.participant_id, session.id, session.starts_at,
            confirmed=registration.status is RegistrationStatus.CONFIRMED, kind=kind)
    db.add_all(Notice(**row) for row in rows)


def registered_rows(db: Session, *, registration_id: int, participant_id: int,
                    session_id: int, starts_at: datetime,
                    confirmed: bool) -> list[dict[str, Any]]:
    """The notices of a new booking, as rows for one INSERT."""
    return _registered_rows(db, registration_id, participant_id, session_id, starts_at,
                            confirmed=confirmed, kind=NoticeKind.REGISTERED)


def _reminder_row(participant_id: int, session_id: int, starts_at: datetime) -> dict[str, Any]:
    return notice_row(NoticeKind.REMINDER, participant_id=participant_id,
                      session_id=session_id, details={"starts_at": starts_at.isoformat()},
                      not_before=starts_at)


def plan_reminder(db: Session, participant_id: int, session: EduSession) -> None:
    """A reminder's not_before is the session's start: the runner, which knows how many
    hours ahead to remind (EDU_REMINDER_HOURS), claims it that much earlier, and drops it
    when it was planned too late to come before the session (see `reminder_applies`)."""
    db.add(Notice(**_reminder_row(participant_id, session.id, session.starts_at)))


def reminder_applies(notice: Notice, session: EduSession, hours: int) -> bool:
    """Whether a reminder still holds: planned at least `hours` before the start it was
    planned for, and the session still starts then."""
    planned_for = datetime.fromisoformat(notice.details["starts_at"])
    return (planned_for == session.starts_at
            and notice.created_at <= planned_for - timedelta(hours=hours))


def session_changed(db: Session, session: EduSession, kind: NoticeKind) -> int:
    """Tell every confirmed and waitlisted person of a move or a cancellation; a moved
    session's confirmed people get a reminder for the new time (the old one goes obsolete)."""
    webhooks.emit(db, "session.cancelled" if kind is NoticeKind.CANCELLED
                  else "session.rescheduled", {"session_id": session.id})
    people = db.execute(select(Registration.participant_id, Registration.status).where(
        Registration.session_id == session.id,
        Registration.status.in_([RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED])))
    n = 0
    for participant_id, status in people:
        enqueue(db, kind, participant_id=participant_id, session_id=session.id)
        if kind is NoticeKind.RESCHEDULED and status is RegistrationStatus.CONFIRMED:
            plan_reminder(db, participant_id, session)
        n += 1
    return n


def attended(db: Session, session: EduSession, participant_ids: Iterable[int]) -> None:
    """Whoever was marked PRESENT or LATE is invited to the survey once, when the session
    ends (one query for a whole roster); a later change of the mark (to ABSENT) makes the
    invitation obsolete when it is due, and marking them present again sends no second one."""
    wanted = set(participant_ids)
    if not wanted:
        return
    invited = set(db.scalars(select(Notice.participant_id).where(
        Notice.kind == NoticeKind.SURVEY, Notice.session_id == session.id,
        Notice.participant_id.in_(wanted))))
    for participant_id in sorted(wanted - invited):
        enqueue(db, NoticeKind.SURVEY, participant_id=participant_id, session_id=session.id,
                not_before=session.ends_at)


def to_intern(db: Session, kind: NoticeKind, internship: Internship,
              **details: Any) -> None:
    """A notice to the student of an internship."""
    enqueue(db, kind, student_id=internship.student_id,
            details={"internship_id": internship.id, **details})


def internship_decided(db: Session, internship: Internship) -> None:
    """The decision on an application, to the student and to each coordinator of their
    university who gave an email and may still sign in."""
    to_intern(db, NoticeKind.INTERNSHIP_DECIDED, internship)
    coordinators = db.scalars(
        select(Staff.id).outerjoin(StaffAccount, StaffAccount.staff_id == Staff.id).where(
            Staff.role == Role.UNIVERSITY_COORDINATOR,
            Staff.university_id == internship.student.university_id,
            Staff.email.is_not(None), StaffAccount.disabled_at.is_(None)))
    for staff_id in coordinators:
        enqueue(db, NoticeKind.COORDINATOR_DECIDED, staff_id=staff_id,
                details={"internship_id": internship.id})


def internship_completed(db: Session, internship: Internship) -> None:
    """A completed internship: the student hears of the evaluation and, once, gets the
    survey link."""
    to_intern(db, NoticeKind.INTERNSHIP_EVALUATED, internship)
    sent = db.scalar(select(Notice.id).where(
        Notice.kind == NoticeKind.INTERN_SURVEY, Notice.student_id == internship.student_id,
        Notice.details["internship_id"].as_integer() == internship.id).limit(1))
    if sent is None:
        to_intern(db, NoticeKind.INTERN_SURVEY, internship)


def _due(now: datetime, reminder_hours: int, mail: bool) -> Select[Notice]:
    """Pending notices whose time has come and that no runner holds; webhooks only, when
    there is no mail server. Reminders are due `reminder_hours` before their not_before."""
    remind_from = now + timedelta(hours=reminder_hours)
    due = ((Notice.kind != NoticeKind.REMINDER) & (Notice.not_before <= now)) | (
        (Notice.kind == NoticeKind.REMINDER) & (Notice.not_before <= remind_from))
    query = select(Notice).where(
        Notice.status == NoticeStatus.PENDING, due,
        Notice.lease_until.is_(None) | (Notice.lease_until < now))
    return query if mail else query.where(Notice.kind == NoticeKind.WEBHOOK)


def any_due(db: Session, now: datetime, *, reminder_hours: int = 24, mail: bool = True) -> bool:
    """A cheap read before claiming (on SQLite a claim takes the write lock)."""
    return db.scalar(_due(now, reminder_hours, mail).with_only_columns(Notice.id)
                     .limit(1)) is not None


def claim_next(db: Session, now: datetime | None = None, *,
               reminder_hours: int = 24, mail: bool = True) -> Notice | None:
    """The next due notice, leased to the caller (attempts counted); None when none is due."""
    now = now or utcnow()
    notice = db.scalar(_due(now, reminder_hours, mail).order_by(Notice.not_before, Notice.id)
                       .limit(1).with_for_update(skip_locked=True))
    if notice is None:
        return None
    notice.lease_until = now + LEASE
    notice.attempts += 1
    db.flush()
    return notice


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 1, 2, 4 … minutes after the first, second, third failure."""
    return FIRST_RETRY * 2 ** (attempts - 1)


def mark_sent(db: Session, notice_id: int, now: datetime | None = None) -> None:
    notice = db.get(Notice, notice_id, with_for_update=True)
    if notice is not None:
        notice.status, notice.sent_at, notice.lease_until = NoticeStatus.SENT, now or utcnow(), None
        notice.last_error = None


def mark_obsolete(db: Session, notice_id: int, why: str) -> None:
    notice = db.get(Notice, notice_id, with_for_update=True)
    if notice is not None:
        notice.status, notice.lease_until, notice.last_error = NoticeStatus.OBSOLETE, None, why


def mark_failed(db: Session, notice_id: int, error: str, now: datetime | None = None, *,
                reminder_hours: int = 24) -> None:
    """A failed attempt: retried later with backoff, FAILED once the attempts are spent."""
    notice = db.get(Notice, notice_id, with_for_update=True)
    if notice is None:
        return
    notice.last_error = error[:ERROR_LEN]
    notice.lease_until = None
    if notice.attempts >= MAX_ATTEMPTS:
        notice.status = NoticeStatus.FAILED
    else:
        retry = (now or utcnow()) + retry_delay(notice.attempts)
        if notice.kind is NoticeKind.REMINDER:  # claimed that many hours before not_before
            retry += timedelta(hours=reminder_hours)
        notice.not_before = retry


def resend(db: Session, notices: Iterable[Notice]) -> None:
    """Put notices back in the queue to be sent now (staff's resend)."""
    for notice in notices:
        notice.status, notice.not_before, notice.lease_until = (
            NoticeStatus.PENDING, utcnow(), None)
        notice.attempts, notice.last_error = 0, None

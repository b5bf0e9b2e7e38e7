"""An intern's rights over their data (UU 27/2022), as a participant's: everything held about
them, correction of their contact data, erasure, and retention two years after their last
internship.

Interns have no token of their own: their coordinator, the internship staff who see one of
their internships, or an administrator act on their request, audited. Erasure keeps what
reports count (internships, their statuses, hours, grades, service times, the university and
study programme, gender) under a pseudonym, and removes what names or reaches the person.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from edu import audit
from edu.audit import ERASURE_ACTION, AuditEvent
from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.calendar.models import StudentCalendar
from edu.certificates.models import Certificate, CertificateKind
from edu.db import utcnow
from edu.errors import NotFound, UserError
from edu.integrity.models import SurveyParticipation
from edu.internships.models import (
    Evaluation,
    Internship,
    InternshipTransition,
    LogbookEntry,
    Placement,
    Student,
)
from edu.internships.service import READERS, visible_internships
from edu.notifications.models import Notice, NoticeStatus
from edu.privacy.service import (
    ERASED_RECIPIENT,
    Erasure,
    Expired,
    apply_contact,
    contact_problems,
    messages,
    new_pseudonym,
    redact_events,
)


def get_student(db: Session, principal: Principal, student_id: int, *,
                for_update: bool = False) -> Student:
    """A student the caller sees: their coordinator, an officer who sees one of their
    internships, an admin. Anyone else gets NotFound, as for a missing student."""
    principal.require_staff(*READERS)
    student = db.get(Student, student_id, with_for_update=for_update)
    if student is None:
        raise NotFound("studentId", "student")
    if principal.role is Role.UNIVERSITY_COORDINATOR:
        sees = student.university_id == principal.university_id
    else:
        sees = principal.role is Role.ADMIN or db.scalar(visible_internships(principal).where(
            Internship.student_id == student.id).limit(1)) is not None
    if not sees:
        raise NotFound("studentId", "student")
    return student


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value else None


def _internships(db: Session, student_id: int) -> list[Internship]:
    return list(db.scalars(select(Internship).where(Internship.student_id == student_id)
                           .order_by(Internship.applied_at)))


def _events_about(student_id: int, internship_ids: list[int], entry_ids: list[int],
                  evaluation_ids: list[int]) -> Any:
    def about(kind: str, ids: list[int]) -> Any:
        return (AuditEvent.entity_type == kind) & AuditEvent.entity_id.in_([str(i) for i in ids])

    return or_(about("Student", [student_id]), about("Internship", internship_ids),
               about("LogbookEntry", entry_ids), about("Evaluation", evaluation_ids))


@dataclass(frozen=True)
class _Records:
    internships: list[Internship]
    days: list[LogbookEntry]
    evaluations: list[Evaluation]
    transitions: list[InternshipTransition]
    certificates: list[Certificate]


def _records(db: Session, student_id: int) -> _Records:
    internships = _internships(db, student_id)
    ids = [i.id for i in internships]
    return _Records(
        internships,
        list(db.scalars(select(LogbookEntry).where(LogbookEntry.internship_id.in_(ids))
                        .order_by(LogbookEntry.day))),
        list(db.scalars(select(Evaluation).where(Evaluation.internship_id.in_(ids)))),
        list(db.scalars(select(InternshipTransition).where(
            InternshipTransition.internship_id.in_(ids)).order_by(InternshipTransition.id))),
        list(db.scalars(select(Certificate).where(
            Certificate.kind == CertificateKind.INTERNSHIP, Certificate.recipient_id.in_(ids))
            .order_by(Certificate.id))))


def _about(student_id: int, records: _Records) -> Any:
    return _events_about(student_id, [i.id for i in records.internships],
                         [d.id for d in records.days], [e.id for e in records.evaluations])


def export_student(db: Session, principal: Principal, student_id: int) -> dict[str, Any]:
    """Everything held about one intern, as JSON-ready data; the export is audited."""
    student = get_student(db, principal, student_id)
    records = _records(db, student.id)
    evaluation = {e.internship_id: e for e in records.evaluations}
    events = db.scalars(select(AuditEvent).where(_about(student.id, records))
                        .order_by(AuditEvent.seq))
    calendar = db.get(StudentCalendar, student.id)
    data: dict[str, Any] = {
        "exported_at": _iso(utcnow()),
        "person": {
            "id": student.id, "full_name": student.full_name, "email": student.email,
            "phone": student.phone, "student_number": student.student_number,
            "study_program": student.study_program,
            "gender": student.gender and student.gender.value,
            "university": student.university.name, "created_at": _iso(student.created_at),
            "erased_at": _iso(student.erased_at),
        },
        "calendar_feed": {"active": calendar is not None,
                          "version": calendar.version if calendar else None},
        "internships": [{
            "placement": {"id": i.placement.id, "title": i.placement.title,
                          "unit": i.placement.unit, "region_code": i.placement.region_code,
                          "starts_on": _iso(i.placement.starts_on),
                          "ends_on": _iso(i.placement.ends_on)},
            "status": i.status.value, "applied_at": _iso(i.applied_at),
            "request_letter_number": i.request_letter_number,
            "decided_at": _iso(i.decided_at), "decision_note": i.decision_note,
            "decision_letter_number": i.decision_letter_number,
            "started_at": _iso(i.started_at), "completed_at": _iso(i.completed_at),
            "withdrawn_at": _iso(i.withdrawn_at), "withdraw_reason": i.withdraw_reason,
            "minutes_logged": i.minutes_logged, "minutes_approved": i.minutes_approved,
            "grade": evaluation[i.id].grade if i.id in evaluation else None,
            "score": str(evaluation[i.id].score) if i.id in evaluation else None,
            "logbook": [{"day": _iso(d.day), "check_in": d.check_in.isoformat("minutes"),
                         "check_out": d.check_out.isoformat("minutes"), "minutes": d.minutes,
                         "activity": d.activity, "status": d.status.value}
                        for d in records.days if d.internship_id == i.id],
        } for i in records.internships],
        "certificates": [{
            "number": c.number, "name_on_it": c.recipient_name, "title": c.subject_title,
            "issued_on": _iso(c.issued_on), "status": c.status.value,
        } for c in records.certificates],
        "surveys_answered": list(db.scalars(select(SurveyParticipation.internship_id).where(
            SurveyParticipation.internship_id.in_([i.id for i in records.internships]))
            .order_by(SurveyParticipation.internship_id))),
        "messages": messages(db, Notice.student_id == student.id),
        "history": [{
            "at": _iso(e.at), "action": e.action,
            "by": "staff" if e.actor_staff_id else "system",
        } for e in events],
    }
    audit.record(db, principal, "privacy.access_export", student,
                 after={"internships": len(records.internships)})
    return data


def correct_student(db: Session, principal: Principal, student_id: int, *,
                    full_name: str | None = None, email_address: str | None = None,
                    phone_number: str | None = None) -> Student:
    """Correct an intern's name, email or phone on their request (None leaves a field, ""
    clears the phone); audited with before and after."""
    student = get_student(db, principal, student_id, for_update=True)
    if student.erased_at is not None:
        raise UserError("ERASED", "studentId", "This person's data has been erased.")
    problems = contact_problems(full_name, email_address, phone_number)
    if problems:
        raise UserError.many(problems)
    apply_contact(db, principal, student, "student.correct", full_name=full_name,
                  email_address=email_address, phone_number=phone_number)
    return student


def _scrub(value: str | None, needles: list[str], pseudonym: str) -> str | None:
    """Free text staff wrote, with the person's name, email or phone replaced."""
    if value is None:
        return None
    for needle in needles:
        value = value.replace(needle, pseudonym)
    return value


def _erase(db: Session, actor: Principal | None, student: Student, reason: str,
           by: str) -> Erasure:
    now = utcnow()
    records = _records(db, student.id)
    values = [student.full_name, student.email, student.phone, student.student_number]
    redacted = redact_events(db, values, _about(student.id, records), now)
    pseudonym = new_pseudonym()
    needles = sorted((v for v in values if v and len(v) >= 4), key=len, reverse=True)
    for i in records.internships:
        i.decision_note = _scrub(i.decision_note, needles, pseudonym)
        i.withdraw_reason = _scrub(i.withdraw_reason, needles, pseudonym)
    for d in records.days:
        d.activity = _scrub(d.activity, needles, pseudonym) or ""
        d.review_note = _scrub(d.review_note, needles, pseudonym)
    for e in records.evaluations:
        e.note = _scrub(e.note, needles, pseudonym)
    for t in records.transitions:
        t.note = _scrub(t.note, needles, pseudonym)
    student.full_name, student.email, student.phone = pseudonym, None, None
    # The number is unique within the university: a random one keeps it so.
    student.student_number = f"X{secrets.token_hex(8).upper()}"
    student.erased_at = now
    db.execute(delete(StudentCalendar).where(StudentCalendar.student_id == student.id))
    db.execute(delete(Notice).where(Notice.student_id == student.id,
                                    Notice.status == NoticeStatus.PENDING))
    for cert in records.certificates:
        cert.recipient_name, cert.pdf_sha256 = ERASED_RECIPIENT, None
    audit.record(db, actor, ERASURE_ACTION, student,
                 after={"by": by, "reason": reason, "redacted_events": redacted,
                        "certificates": len(records.certificates)})
    return Erasure(student.id, pseudonym, redacted,
                   [c.content_hash for c in records.certificates])


def erase_student(db: Session, principal: Principal, student_id: int, *,
                  reason: str | None) -> Erasure:
    """Erase an intern's data on their request: staff who see them, with a reason."""
    student = get_student(db, principal, student_id, for_update=True)
    if student.erased_at is not None:
        raise UserError("ERASED", "studentId", "This person's data has been erased.")
    reason = (reason or "").strip()
    if not reason:
        raise UserError("REQUIRED", "reason", "Staff erase a person only with a reason "
                        "(whose request, when).")
    if len(reason) > 500:
        raise UserError("TOO_LONG", "reason", "At most 500 characters.")
    return _erase(db, principal, student, reason, "staff")


def expired_students(db: Session, *, now: datetime, days: int) -> list[Expired]:
    """Interns whose last internship ended (its placement's last day, or when it was
    completed or withdrawn, whichever is later) more than `days` ago; one with no internship
    counts from their record's creation. Erased ones are not listed again."""
    cutoff = now - timedelta(days=days)
    rows = db.execute(
        select(Student.id, Student.created_at, func.max(Placement.ends_on),
               func.max(Internship.completed_at), func.max(Internship.withdrawn_at))
        .outerjoin(Internship, Internship.student_id == Student.id)
        .outerjoin(Placement, Placement.id == Internship.placement_id)
        .where(Student.erased_at.is_(None), Student.created_at < cutoff)
        .group_by(Student.id, Student.created_at).order_by(Student.id))
    expired = []
    for sid, created, ends_on, completed, withdrawn in rows:
        moments = [m for m in (completed, withdrawn) if m is not None]
        if ends_on is not None:  # the placement's last day, to its end
            moments.append(datetime.combine(ends_on, time(23, 59, 59), UTC))
        last = max(moments) if moments else created
        if last < cutoff:
            expired.append(Expired(sid, last))
    return expired


def apply_student_retention(db: Session, *, now: datetime, days: int) -> list[Erasure]:
    """Erase every intern past the retention period (the runner's daily job)."""
    erased = []
    for expired in expired_students(db, now=now, days=days):
        student = db.get(Student, expired.person_id, with_for_update=True)
        if student is not None and student.erased_at is None:
            erased.append(_erase(db, None, student, f"retention: no internship since "
                                 f"{expired.last_activity.date().isoformat()}", "retention"))
    return erased

"""Seats, the waitlist, bulk import, attendance and check-in.

Seat changes lock the session row first (SELECT … FOR UPDATE on PostgreSQL; on SQLite every
writer holds the database lock from BEGIN IMMEDIATE), so counts read and written within one
transaction are exact; the CHECK `confirmed_count <= capacity` backs this up in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from edu.audit import record
from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.db import utcnow
from edu.errors import Forbidden, NotFound, Problem, UserError
from edu.notifications import outbox
from edu.notifications.models import NoticeKind
from edu.participants.models import Participant
from edu.participants.service import (
    ParticipantDetails,
    check_details,
    create_participant,
    find_by_email,
    needs_guardian,
)
from edu.privacy.notice import CONSENT_TEXT, NOTICE_VERSION
from edu.registrations import new_person
from edu.registrations.models import (
    AttendanceStatus,
    Registration,
    RegistrationRequest,
    RegistrationStatus,
)
from edu.registrations.requests import Decoy, decoy, request_registration
from edu.secrets import derive_code, hash_secret
from edu.sessions.models import EduSession, SessionStatus
from edu.sessions.service import (
    PLANNERS,
    get_managed_session,
    get_session,
    is_facilitator,
    office_zone,
    session_day,
)
from edu.validation import normal_email

ATTENDANCE_OPENS_BEFORE = timedelta(hours=2)
MAX_TICKET_LEN = 64  # tickets are 12 characters; anything far longer is not one
ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


@dataclass
class Registered:
    registration: Registration
    participant: Participant
    ticket_code: str
    participant_token: str | None = None


@dataclass
class ImportRow:
    details: ParticipantDetails
    guardian_consent: bool = False


@dataclass
class AttendanceSummary:
    present: int = 0
    late: int = 0
    excused: int = 0
    absent: int = 0
    unmarked: int = 0


def ticket_code(key: bytes, session_id: int, participant_id: int) -> str:
    """The code on a participant's ticket for one session (shown again, stored hashed)."""
    return derive_code(key, "ticket", session_id, participant_id, length=12)


def _take_seat(session: EduSession, registration: Registration) -> None:
    now = utcnow()
    if session.confirmed_count < session.capacity:
        session.confirmed_count += 1
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlist_position = None
        registration.confirmed_at = now
    else:
        session.waitlist_count += 1
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlist_position = session.waitlist_count
        registration.confirmed_at = None  # a row reused after a cancellation


def _close_gap(db: Session, session: EduSession, position: int) -> None:
    """Move everyone behind `position` on the waitlist one place up."""
    db.execute(
        update(Registration)
        .where(Registration.session_id == session.id,
               Registration.status == RegistrationStatus.WAITLISTED,
               Registration.waitlist_position > position)
        .values(waitlist_position=Registration.waitlist_position - 1)
    )
    session.waitlist_count -= 1


def _promote_first(db: Session, session: EduSession) -> Registration | None:
    first = db.scalar(
        select(Registration).where(
            Registration.session_id == session.id,
            Registration.status == RegistrationStatus.WAITLISTED,
        ).order_by(Registration.waitlist_position).limit(1)
    )
    if first is None:
        return None
    _close_gap(db, session, first.waitlist_position or 0)
    first.status = RegistrationStatus.CONFIRMED
    first.waitlist_position = None
    first.confirmed_at = utcnow()
    session.confirmed_count += 1
    outbox.registered(db, first, session, kind=NoticeKind.PROMOTED)
    return first


def fill_from_waitlist(db: Session, session: EduSession) -> list[Registration]:
    """Confirm people from the waitlist, first in line first, while seats are free (after
    the capacity grew); the caller holds the session's lock."""
    promoted = []
    while session.confirmed_count < session.capacity:
        first = _promote_first(db, session)
        if first is None:
            break
        promoted.append(first)
    return promoted


def _check_open(session: EduSession, field: str) -> None:
    if session.status is not SessionStatus.PUBLISHED:
        raise UserError("SESSION_NOT_OPEN", field, "This session is not open for registration.")
    if session.starts_at <= utcnow():
        raise UserError("SESSION_STARTED", field, "This session has already started.")


def _book(db: Session, session: EduSession, participant: Participant, key: bytes,
          source: str, field: str, *, new: bool = False) -> tuple[Registration, str]:
    """A seat (or a waitlist place) for a participant, or ALREADY_REGISTERED. A participant
    created in this transaction (`new`) has no registration to look for."""
    existing = None if new else db.scalar(select(Registration).where(
        Registration.session_id == session.id, Registration.participant_id == participant.id))
    if existing is not None and existing.status in ACTIVE:
        raise UserError("ALREADY_REGISTERED", field, "This person is already registered.")
    code = ticket_code(key, session.id, participant.id)
    registration = existing or Registration(
        session_id=session.id, participant_id=participant.id, ticket_hash=hash_secret(code),
        source=source,
    )
    registration.consent_at = utcnow()
    registration.consent_text, registration.notice_version = CONSENT_TEXT, NOTICE_VERSION
    registration.cancelled_at = None
    registration.attendance_status = None
    registration.checked_in_at = None
    _take_seat(session, registration)
    db.add(registration)
    db.flush()
    outbox.registered(db, registration, session)
    return registration, code


def register(db: Session, principal: Principal, key: bytes, *, session_id: int,
             details: ParticipantDetails | None, consent: bool,
             guardian_consent: bool) -> Registered | Decoy:
    """Book a published session that has not started: a seat while there is one, else the
    waitlist. A participant token books its own participant; anyone else gives details.

    Without the person's token, an email on record books nothing and reveals nothing: the
    request waits for the person's confirmation and the caller gets a decoy that reads like
    a new person's booking (see edu.registrations.requests)."""
    if not consent:
        raise UserError("CONSENT_REQUIRED", "consent",
                        "Registration needs your consent to process your personal data.")
    if principal.participant_id is None and details is not None:
        return _register_details(db, principal, key, session_id=session_id, details=details,
                                 guardian_consent=guardian_consent)
    session = get_session(db, principal, session_id, field="sessionId", for_update=True)
    _check_open(session, "sessionId")
    day = session_day(db, session)
    if principal.participant_id is not None:
        participant = db.get(Participant, principal.participant_id)
        if participant is None:
            raise Forbidden("This participant no longer exists.")
        if needs_guardian(participant, day) and participant.guardian_consent_at is None:
            # A guardian's consent joins an existing record only by the person's own token.
            if not guardian_consent:
                raise _guardian_missing("guardianConsent")
            participant.guardian_consent_at = utcnow()
        registration, code = _book(db, session, participant, key, "SELF", "participant.email")
        return Registered(registration, participant, code)
    raise UserError("REQUIRED", "participant", "Tell us who is registering.")


def _register_details(db: Session, principal: Principal, key: bytes, *, session_id: int,
                      details: ParticipantDetails, guardian_consent: bool) -> Registered | Decoy:
    """`register` for someone who gives their details (anonymous, or staff at a desk).

    The checks that need no seat count and no record run on the session as first read;
    a new person is then written and their seat taken on condition that the session is
    still as read (edu.registrations.new_person), which is when PostgreSQL locks its row.
    A session changed meanwhile (closed, moved to another day) is read again under the
    lock and gets the same answer as if that change had come first. An email on record is
    looked up under the session's lock: a twin request waits, then finds the first one's
    record. On SQLite the transaction holds the database's write lock from its start: the
    first read is already the locked one."""
    now = utcnow()
    opened = new_person.seen_open(db, session_id, now)
    if opened is None:  # not open to all: the precise answer (not found, not open, started)
        first = get_session(db, principal, session_id, field="sessionId")
        _check_open(first, "sessionId")
        opened = new_person.Seen.of(first, session_day(db, first))  # opened just now
    seen = opened
    problems = check_details(db, details, "participant.", email_required=True)
    if problems:
        raise UserError.many(problems)
    # Decided on what was submitted, never on a record: the answer must not depend on it.
    if needs_guardian(details, seen.day) and not guardian_consent:
        raise _guardian_missing("guardianConsent")

    def read_again() -> tuple[EduSession, new_person.Seen]:
        locked = get_session(db, principal, session_id, field="sessionId", for_update=True)
        _check_open(locked, "sessionId")
        if (locked.starts_at, locked.region_code) == (seen.starts_at, seen.region_code):
            return locked, seen  # the same start in the same place: the same day
        day = session_day(db, locked)
        if day != seen.day and needs_guardian(details, day) and not guardian_consent:
            raise _guardian_missing("guardianConsent")
        return locked, new_person.Seen.of(locked, day)

    person = new_person.insert_person(db, key, details, now=now,
                                      guardian_consent=guardian_consent)
    if person is None:  # the email is on record
        if db.get_bind().dialect.name == "postgresql":
            session, _ = read_again()
        else:
            session = get_session(db, principal, session_id, field="sessionId")
        known = find_by_email(db, details.email)
        assert known is not None  # the insert met it, and participants are never deleted
        request_registration(db, key, session=session, participant=known, details=details,
                             guardian_consent=guardian_consent)
        return decoy(db, principal, session=session, details=details)
    # Only an anonymous caller who just created the participant gets a token: staff at a
    # desk have no business holding a participant's credentials.
    token = new_person.issue_token(db, person) if principal.is_anonymous else None
    seat = new_person.take_seat(db, seen, now)
    if seat is None:  # changed since it was read: the answer of the session as it is now
        _, seen = read_again()
        seat = new_person.take_seat(db, seen, now)
        assert seat is not None  # read under the lock: nothing changed it since
    code = ticket_code(key, seen.id, person.id)
    registration = new_person.insert_registration(db, seen, person, seat,
                                                  ticket_code=code, now=now)
    new_person.keep(db, person)
    return Registered(registration, person, code, token)


def confirm_registration_request(db: Session, key: bytes, token: str) -> Registration:
    """The person confirms a request made with their email (the link reached them): they
    are booked once, their seat by confirmation time; a second confirmation books nothing."""
    request = db.scalar(select(RegistrationRequest).where(
        RegistrationRequest.token_hash == hash_secret((token or "").strip().upper())))
    if request is None:
        raise NotFound("token", "registration request")
    session = db.scalar(select(EduSession).where(EduSession.id == request.session_id)
                        .with_for_update().execution_options(populate_existing=True))
    db.refresh(request)  # read again under the session's lock: a twin may have confirmed
    if request.confirmed_at is not None:
        raise UserError("ALREADY_CONFIRMED", "token", "This request is already confirmed.")
    participant = db.get(Participant, request.participant_id)
    assert session is not None and participant is not None
    request.confirmed_at = utcnow()
    existing = db.scalar(select(Registration).where(
        Registration.session_id == session.id, Registration.participant_id == participant.id,
        Registration.status.in_(ACTIVE)))
    if existing is not None:
        return existing
    _check_open(session, "token")
    if needs_guardian(participant, session_day(db, session)) and \
            participant.guardian_consent_at is None:
        if not request.guardian_consent:
            raise _guardian_missing("token")
        participant.guardian_consent_at = request.confirmed_at
    registration, _ = _book(db, session, participant, key, "SELF", "token")
    return registration


def _guardian_missing(field: str) -> UserError:
    return UserError("GUARDIAN_CONSENT_REQUIRED", field,
                     "A participant under 18, or without a birth date, needs a parent's or "
                     "guardian's consent.")


def in_staff_scope(db: Session, principal: Principal, participant_id: int) -> bool:
    """Whether staff already see this participant: an admin, or a planner covering a session
    the participant has (or had) a registration in."""
    if principal.role is Role.ADMIN:
        return True
    if not principal.has_role(*PLANNERS) or not principal.region_code:
        return False
    return db.scalar(
        select(Registration.id).join(EduSession, EduSession.id == Registration.session_id)
        .where(Registration.participant_id == participant_id,
               EduSession.region_code.startswith(principal.region_code)).limit(1)
    ) is not None


def _vet_import(db: Session, principal: Principal, session: EduSession,
                rows: list[ImportRow]) -> tuple[list[Participant | None], list[Problem]]:
    """Every problem of an import's rows, and who of them is already on record."""
    if not rows:
        raise UserError("REQUIRED", "participants", "The list of participants is empty.")
    if session.status not in (SessionStatus.DRAFT, SessionStatus.PUBLISHED):
        raise UserError("SESSION_NOT_OPEN", "sessionId", "This session takes no registrations.")
    day = session_day(db, session)
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    found: list[Participant | None] = []
    for i, row in enumerate(rows):
        prefix = f"participants.{i}."
        problems += check_details(db, row.details, prefix, email_required=False)
        known = find_by_email(db, row.details.email)
        found.append(known)
        address = normal_email(row.details.email)
        if address:
            if address in seen:
                problems.append(Problem("DUPLICATE_IN_INPUT", f"{prefix}email",
                                        f"Same email as participants.{seen[address]}."))
            seen.setdefault(address, i)
        if known is not None and not in_staff_scope(db, principal, known.id):
            # Someone the officer has never had on a roster: booking them would open their
            # record to the officer. Say no more than that the email is taken.
            problems.append(Problem(
                "EMAIL_IN_USE", f"{prefix}email",
                "This email belongs to a participant registered elsewhere; they register "
                "themselves (or their region's officer adds them)."))
            continue
        if known is not None and db.scalar(select(Registration.id).where(
                Registration.session_id == session.id,
                Registration.participant_id == known.id,
                Registration.status.in_(ACTIVE))) is not None:
            problems.append(Problem("ALREADY_REGISTERED", f"{prefix}email",
                                    "This person is already registered."))
        person = known or row.details
        if needs_guardian(person, day) and not row.guardian_consent and (
                known is None or known.guardian_consent_at is None):
            problems.append(Problem("GUARDIAN_CONSENT_REQUIRED", f"{prefix}guardianConsent",
                                    "Under 18, or without a birth date: a guardian's "
                                    "consent is needed."))
    return found, problems


def check_import(db: Session, principal: Principal, *, session_id: int,
                 rows: list[ImportRow]) -> list[Problem]:
    """What `import_registrations` would refuse in these rows, writing nothing (a preview)."""
    session = get_managed_session(db, principal, session_id, field="sessionId")
    return _vet_import(db, principal, session, rows)[1]


def import_registrations(db: Session, principal: Principal, key: bytes, *, session_id: int,
                         rows: list[ImportRow]) -> list[Registration]:
    """Register a list (a whole class) at once: every bad row is reported, none is written.

    A row whose email is on record books that participant as they are: an import never
    changes a person (only a guardian's consent joins, audited). A participant the officer
    does not see yet (on none of the rosters of their scope) is refused as EMAIL_IN_USE,
    whatever the row says: the officer learns no more than that the email is taken, and
    the person is not booked behind their back."""
    session = get_managed_session(db, principal, session_id, field="sessionId", for_update=True)
    found, problems = _vet_import(db, principal, session, rows)
    if problems:
        raise UserError.many(problems)
    now = utcnow()
    registrations = []
    for i, (row, known) in enumerate(zip(rows, found, strict=True)):
        participant = known or create_participant(
            db, key, row.details, consent_at=now,
            guardian_consent_at=now if row.guardian_consent else None,
        )
        if row.guardian_consent and participant.guardian_consent_at is None:
            participant.guardian_consent_at = now
            if known is not None:  # the only change an import makes to a person on record
                record(db, principal, "participant.guardian_consent", participant,
                       before={"guardian_consent_at": None},
                       after={"guardian_consent_at": now})
        registration, _ = _book(db, session, participant, key, "IMPORT",
                                f"participants.{i}.email")
        registrations.append(registration)
    record(db, principal, "registration.import", session,
           after={"count": len(registrations),
                  "registration_ids": [r.id for r in registrations]})
    return registrations


def get_registration(db: Session, principal: Principal, registration_id: int,
                     field: str = "id") -> Registration:
    """A registration its participant, the session's planners or facilitators may see."""
    registration = db.get(Registration, registration_id)
    if registration is None or not can_see_registration(db, principal, registration):
        raise NotFound(field, "registration")
    return registration


def can_see_registration(db: Session, principal: Principal, registration: Registration) -> bool:
    if principal.participant_id is not None:
        return registration.participant_id == principal.participant_id
    return can_manage_attendees(db, principal, registration.session_id)


def can_manage_attendees(db: Session, principal: Principal, session_id: int) -> bool:
    """Planners in scope and the session's facilitators see (and mark) its participants."""
    if principal.staff_id is None:
        return False
    session = db.get(EduSession, session_id)
    if session is None:
        return False
    if principal.has_role(Role.ADMIN, *PLANNERS) and principal.covers_region(session.region_code):
        return True
    return is_facilitator(db, principal, session_id)


def cancel_registration(db: Session, principal: Principal,
                        registration_id: int) -> Registration:
    """Give a place back; the first on the waitlist gets it in the same transaction."""
    registration = get_registration(db, principal, registration_id)
    if principal.is_staff:
        # Facilitators see the roster to check people in; taking places away is planning.
        principal.require_staff(*PLANNERS)
    # The person or a planner may give the place back, also once the session is no longer
    # public (completed): lock the session as it is, without the visibility check.
    session = db.scalar(select(EduSession).where(EduSession.id == registration.session_id)
                        .with_for_update().execution_options(populate_existing=True))
    assert session is not None  # the registration's foreign key
    # Read again under the session's lock: a concurrent cancel may have committed meanwhile.
    db.refresh(registration)
    if registration.status is RegistrationStatus.CANCELLED:
        raise UserError("ALREADY_CANCELLED", "id", "This registration is already cancelled.")
    if session.status not in (SessionStatus.DRAFT, SessionStatus.PUBLISHED):
        raise UserError("SESSION_CLOSED", "id", "This session has ended or was cancelled.")
    was = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = utcnow()
    promoted = None
    if was is RegistrationStatus.CONFIRMED:
        session.confirmed_count -= 1
        promoted = _promote_first(db, session)
    else:
        _close_gap(db, session, registration.waitlist_position or 0)
    registration.waitlist_position = None
    if principal.is_staff:
        record(db, principal, "registration.cancel", registration,
               before={"status": was}, after={"status": registration.status,
                                              "promoted": promoted.id if promoted else None})
    db.flush()
    return registration


def list_registrations(db: Session, principal: Principal, session_id: int, offset: int,
                       limit: int) -> tuple[int, list[Registration]]:
    """A page of a session's roster: confirmed first, then the waitlist in order."""
    if not can_manage_attendees(db, principal, session_id):
        raise Forbidden("Only the session's planners and facilitators see its participants.")
    where = Registration.session_id == session_id
    total = db.scalar(select(func.count()).where(where)) or 0
    # By status name, CANCELLED would sort first: order by the roster's own sequence.
    rank = case({RegistrationStatus.CONFIRMED: 0, RegistrationStatus.WAITLISTED: 1},
                value=Registration.status, else_=2)
    rows = db.scalars(
        select(Registration).where(where).order_by(
            rank, Registration.waitlist_position, Registration.id
        ).offset(offset).limit(limit)
    )
    return total, list(rows)


def attendance_closes(db: Session, session: EduSession) -> datetime:
    """The end of the day the session ends on, in its office's zone: late paper lists can be
    entered that evening; after it the planner completes the session."""
    zone = office_zone(db, session.region_code)
    last_day = session.ends_at.astimezone(zone).date()
    return datetime.combine(last_day + timedelta(days=1), time(0), zone)


def _check_attendance_open(db: Session, session: EduSession, field: str, *,
                           at_the_door: bool) -> None:
    """Attendance is taken at a published session only (a completed one is final), from two
    hours before its start; a ticket checks in until the session ends, the roster can be
    marked until the end of its last day."""
    if session.status is not SessionStatus.PUBLISHED:
        raise UserError("SESSION_NOT_OPEN", field,
                        f"A {session.status.value} session takes no attendance.")
    now = utcnow()
    if now < session.starts_at - ATTENDANCE_OPENS_BEFORE:
        raise UserError("ATTENDANCE_NOT_OPEN", field,
                        "Attendance opens two hours before the session starts.")
    if at_the_door and now >= session.ends_at:
        raise UserError("ATTENDANCE_CLOSED", field,
                        "The session has ended: mark the roster with recordAttendance.")
    if now >= attendance_closes(db, session):
        raise UserError("ATTENDANCE_CLOSED", field,
                        "Attendance closed at the end of the session's day.")


def _require_attendance_staff(db: Session, principal: Principal, session_id: int) -> EduSession:
    principal.require_staff(Role.EDUCATION_OFFICER, Role.FACILITATOR)
    session = get_session(db, principal, session_id, field="sessionId")
    if not can_manage_attendees(db, principal, session_id):
        raise Forbidden("Only the session's planners and facilitators take its attendance.")
    return session


def record_attendance(db: Session, principal: Principal, *, session_id: int,
                      entries: list[tuple[int, AttendanceStatus]]) -> EduSession:
    """Mark confirmed participants PRESENT, LATE, EXCUSED or ABSENT (all rows or none)."""
    session = _require_attendance_staff(db, principal, session_id)
    _check_attendance_open(db, session, "sessionId", at_the_door=False)
    if not entries:
        raise UserError("REQUIRED", "entries", "No attendance entries were given.")
    by_participant = {
        r.participant_id: r for r in db.scalars(select(Registration).where(
            Registration.session_id == session_id,
            Registration.participant_id.in_([pid for pid, _ in entries])))
    }
    problems = []
    seen: dict[int, int] = {}
    for i, (pid, _status) in enumerate(entries):
        reg = by_participant.get(pid)
        if reg is None or reg.status is not RegistrationStatus.CONFIRMED:
            problems.append(Problem("NOT_REGISTERED", f"entries.{i}.participantId",
                                    "This participant has no confirmed place in the session."))
        elif pid in seen:
            problems.append(Problem("DUPLICATE_IN_INPUT", f"entries.{i}.participantId",
                                    f"Same participant as entries.{seen[pid]}."))
        seen.setdefault(pid, i)
    if problems:
        raise UserError.many(problems)
    now = utcnow()
    changes = []
    for pid, status in entries:
        reg = by_participant[pid]
        changes.append({"registration": reg.id, "from": reg.attendance_status, "to": status})
        reg.attendance_status = status
        if status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE):
            reg.checked_in_at = reg.checked_in_at or now
        else:
            reg.checked_in_at = None
        reg.attendance_recorded_by_id = principal.staff_id
        reg.attendance_recorded_at = now
    outbox.attended(db, session, (pid for pid, status in entries
                                  if status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)))
    record(db, principal, "attendance.record", session, after={"changes": changes})
    db.flush()
    return session


def check_in(db: Session, principal: Principal, key: bytes, *, session_id: int,
             ticket_code_text: str) -> Registration:
    """At the door: the ticket's registration is PRESENT, or LATE after the start.
    Scanning a ticket twice keeps the first check-in."""
    session = _require_attendance_staff(db, principal, session_id)
    _check_attendance_open(db, session, "sessionId", at_the_door=True)
    code = (ticket_code_text or "").strip().upper()
    if len(code) > MAX_TICKET_LEN:
        raise UserError("UNKNOWN_TICKET", "ticketCode", "No ticket with this code here.")
    # Locked (PostgreSQL): a ticket scanned twice at once is checked in once.
    reg = db.scalar(select(Registration).where(
        Registration.session_id == session_id, Registration.ticket_hash == hash_secret(code))
        .with_for_update().execution_options(populate_existing=True))
    if reg is None:
        raise UserError("UNKNOWN_TICKET", "ticketCode", "No ticket with this code here.")
    if reg.status is not RegistrationStatus.CONFIRMED:
        raise UserError("NOT_CONFIRMED", "ticketCode",
                        f"This ticket is {reg.status.value.lower()}, not confirmed.")
    if reg.attendance_status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE):
        return reg
    now = utcnow()
    reg.attendance_status = (
        AttendanceStatus.PRESENT if now <= session.starts_at else AttendanceStatus.LATE
    )
    reg.checked_in_at = now
    reg.attendance_recorded_by_id = principal.staff_id
    reg.attendance_recorded_at = now
    outbox.attended(db, session, [reg.participant_id])
    record(db, principal, "attendance.check_in", reg, after={"status": reg.attendance_status})
    db.flush()
    return reg


def attendance_summaries(db: Session, session_ids: list[int]) -> dict[int, AttendanceSummary]:
    """Attendance counts of confirmed registrations, for many sessions in one query."""
    out = {sid: AttendanceSummary() for sid in session_ids}
    rows = db.execute(
        select(Registration.session_id, Registration.attendance_status, func.count())
        .where(Registration.session_id.in_(session_ids),
               Registration.status == RegistrationStatus.CONFIRMED)
        .group_by(Registration.session_id, Registration.attendance_status)
    )
    for sid, status, n in rows:
        summary = out[sid]
        name = status.value.lower() if status else "unmarked"
        setattr(summary, name, getattr(summary, name) + n)
    return out


def participant_registrations(db: Session, principal: Principal, participant_id: int,
                              offset: int, limit: int) -> tuple[int, list[Registration]]:
    """A participant's own registrations, the next session first."""
    if principal.participant_id != participant_id:
        raise Forbidden("Only the participant sees their own registrations.")
    where = Registration.participant_id == participant_id
    total = db.scalar(select(func.count()).where(where)) or 0
    rows = db.scalars(
        select(Registration).join(EduSession, EduSession.id == Registration.session_id)
        .where(where).order_by(EduSession.starts_at, Registration.id).offset(offset).limit(limit)
    )
    return total, list(rows)

"""A person's rights over their data (UU 27/2022): see all of it, correct their contact data,
have it erased; and retention, which erases what nobody needs any more.

Erasure keeps the facts that statistics count (registrations, attendance, gender, region,
disability, birth year) under a pseudonym, and removes everything that names or reaches the
person: name, email, phone, institution, exact birth date, tokens, feed and ticket secrets,
the name on certificates (which stay verifiable as issued to a person who asked to be erased)
and the payload of every audit event about them (the chain keeps its hashes).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Text, cast, delete, func, null, or_, select, update
from sqlalchemy.orm import Session

from edu import audit
from edu.audit import ERASURE_ACTION, AuditEvent
from edu.auth.models import ApiToken, Role
from edu.auth.principal import Principal
from edu.certificates.models import Certificate, CertificateKind
from edu.db import UTCDateTime, utcnow
from edu.errors import NotFound, Problem, UserError
from edu.integrity.models import SurveyParticipation
from edu.notifications.models import Notice, NoticeStatus
from edu.participants.models import Participant
from edu.perf.tokens import forget_on_commit
from edu.registrations.models import Registration, RegistrationRequest
from edu.secrets import hash_secret
from edu.sessions.models import EduSession
from edu.validation import email, normal_email, phone, text

STAFF = (Role.EDUCATION_OFFICER,)  # and ADMIN
CONTACT_FIELDS = ("full_name", "email", "phone")
ERASED_RECIPIENT = "Orang yang meminta datanya dihapus"
REDACTED_ACTOR = "(dihapus)"


def _covers(db: Session, principal: Principal, participant: Participant) -> bool:
    """Staff may act for a person of their region or registered in one of its sessions."""
    if principal.role is Role.ADMIN:
        return True
    if participant.region_code and principal.covers_region(participant.region_code):
        return True
    regions = db.scalars(select(EduSession.region_code).join(
        Registration, Registration.session_id == EduSession.id).where(
        Registration.participant_id == participant.id))
    return any(principal.covers_region(code) for code in regions)


def get_person(db: Session, principal: Principal, participant_id: int, *,
               for_update: bool = False) -> Participant:
    """The person themselves (by their own token), or staff in scope acting on a request."""
    if principal.participant_id is None:
        principal.require_staff(*STAFF)
    elif principal.participant_id != participant_id:
        raise NotFound("participantId", "participant")
    person = db.get(Participant, participant_id, with_for_update=for_update)
    if person is None or (principal.is_staff and not _covers(db, principal, person)):
        raise NotFound("participantId", "participant")
    return person


# --- access ------------------------------------------------------------------------------


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value else None


def _registration_ids(db: Session, participant_id: int) -> list[int]:
    return list(db.scalars(select(Registration.id).where(
        Registration.participant_id == participant_id)))


def _events_about(participant_id: int, registration_ids: list[int]) -> Any:
    """Events the person did, or that were about them or their registrations."""
    return or_(
        AuditEvent.actor_participant_id == participant_id,
        (AuditEvent.entity_type == "Participant") & (AuditEvent.entity_id == str(participant_id)),
        (AuditEvent.entity_type == "Registration")
        & AuditEvent.entity_id.in_([str(i) for i in registration_ids]),
    )


def export_person(db: Session, principal: Principal, participant_id: int) -> dict[str, Any]:
    """Everything held about one person, as JSON-ready data; each export is audited."""
    person = get_person(db, principal, participant_id)
    rows = db.execute(select(Registration, EduSession).join(
        EduSession, EduSession.id == Registration.session_id).where(
        Registration.participant_id == person.id).order_by(EduSession.starts_at)).all()
    certificates = db.scalars(select(Certificate).where(
        Certificate.kind == CertificateKind.SESSION, Certificate.recipient_id == person.id)
        .order_by(Certificate.id))
    events = db.scalars(select(AuditEvent).where(_events_about(
        person.id, [r.id for r, _ in rows])).order_by(AuditEvent.seq))
    data: dict[str, Any] = {
        "exported_at": _iso(utcnow()),
        "person": {
            "id": person.id, "full_name": person.full_name, "email": person.email,
            "phone": person.phone, "gender": person.gender and person.gender.value,
            "birth_date": _iso(person.birth_date), "disability": person.disability,
            "institution": person.institution, "region_code": person.region_code,
            "created_at": _iso(person.created_at), "erased_at": _iso(person.erased_at),
        },
        "consent": {"given_at": _iso(person.consent_at), "purpose": person.consent_purpose,
                    "guardian_consent_at": _iso(person.guardian_consent_at)},
        "calendar_feed": {"active": person.calendar_revoked_at is None
                          and person.calendar_secret_hash is not None,
                          "version": person.calendar_version},
        "active_tokens": db.scalar(select(func.count()).select_from(ApiToken).where(
            ApiToken.participant_id == person.id)),
        "registrations": [{
            "session": {"id": s.id, "title": s.title, "starts_at": _iso(s.starts_at),
                        "ends_at": _iso(s.ends_at), "region_code": s.region_code,
                        "venue": s.venue_name},
            "status": r.status.value, "waitlist_position": r.waitlist_position,
            "source": r.source, "registered_at": _iso(r.created_at),
            "confirmed_at": _iso(r.confirmed_at), "cancelled_at": _iso(r.cancelled_at),
            "attendance": r.attendance_status and r.attendance_status.value,
            "checked_in_at": _iso(r.checked_in_at),
            "consent": {"given_at": _iso(r.consent_at), "what": r.consent_text,
                        "notice_version": r.notice_version},
        } for r, s in rows],
        "certificates": [{
            "number": c.number, "name_on_it": c.recipient_name, "title": c.subject_title,
            "issued_on": _iso(c.issued_on), "status": c.status.value,
        } for c in certificates],
        # That they answered a session's survey (the answers themselves are anonymous).
        "surveys_answered": list(db.scalars(select(SurveyParticipation.session_id).where(
            SurveyParticipation.participant_id == person.id).order_by(
            SurveyParticipation.session_id))),
        "messages": messages(db, Notice.participant_id == person.id),
        # Who acted is said by kind only: staff names are other people's data.
        "history": [{
            "at": _iso(e.at), "action": e.action,
            "by": "you" if e.actor_participant_id == person.id
            else "staff" if e.actor_staff_id else "system",
        } for e in events],
    }
    audit.record(db, principal, "privacy.access_export", person,
                 after={"registrations": len(rows)})
    return data


def messages(db: Session, whose: Any) -> list[dict[str, Any]]:
    """The mails sent or waiting to be sent to a person: what kind, when."""
    return [{"kind": n.kind.value, "status": n.status.value, "created_at": _iso(n.created_at),
             "sent_at": _iso(n.sent_at)}
            for n in db.scalars(select(Notice).where(whose).order_by(Notice.id))]


# --- correction --------------------------------------------------------------------------


def contact_problems(full_name: str | None, email_address: str | None,
                     phone_number: str | None) -> list[Problem]:
    """What is wrong with a correction of a person's or an intern's contact data."""
    problems: list[Problem] = []
    if full_name is not None:
        problems += text(full_name, "fullName", required=True, max_len=160)
    if email_address is not None:
        problems += email(email_address, "email", required=True)
    if phone_number:
        problems += phone(phone_number, "phone")
    return problems


def apply_contact(db: Session, principal: Principal, row: Any, action: str, *,
                  full_name: str | None, email_address: str | None,
                  phone_number: str | None) -> None:
    """Writes a checked correction (None leaves a field; "" clears the phone), audited with
    before and after."""
    before = audit.snapshot(row, *CONTACT_FIELDS)
    if full_name is not None:
        row.full_name = full_name.strip()
    if email_address is not None:
        row.email = normal_email(email_address)
    if phone_number is not None:
        row.phone = phone_number.strip() or None
    audit.record(db, principal, action, row, before=before,
                 after=audit.snapshot(row, *CONTACT_FIELDS))


def correct_contact(db: Session, principal: Principal, participant_id: int, *,
                    full_name: str | None = None, email_address: str | None = None,
                    phone_number: str | None = None) -> Participant:
    """Correct a person's name, email or phone (None leaves a field as it is; "" clears the
    phone). By the person or staff in scope; audited with before and after."""
    person = get_person(db, principal, participant_id, for_update=True)
    if person.erased_at is not None:
        raise UserError("ERASED", "participantId", "This person's data has been erased.")
    problems = contact_problems(full_name, email_address, phone_number)
    if email_address is not None and db.scalar(select(Participant.id).where(
            Participant.email == normal_email(email_address), Participant.id != person.id)):
        problems.append(Problem("EMAIL_TAKEN", "email",
                                "Another person is registered with this email."))
    if problems:
        raise UserError.many(problems)
    apply_contact(db, principal, person, "participant.correct", full_name=full_name,
                  email_address=email_address, phone_number=phone_number)
    return person


# --- erasure -----------------------------------------------------------------------------


def new_pseudonym() -> str:
    return f"Terhapus {secrets.token_hex(4).upper()}"


@dataclass(frozen=True)
class Erasure:
    person_id: int  # a participant's id, or a student's (edu.privacy.students)
    pseudonym: str
    redacted_events: list[int]
    certificate_hashes: list[str]  # content hashes of certificate files to delete


def _needles(values: list[str]) -> set[str]:
    """The strings to look for in audit payloads, as typed and as JSON escapes them."""
    found = set()
    for value in values:
        found |= {value, json.dumps(value)[1:-1]}
    return {n for n in found if len(n) >= 4}


def redact_events(db: Session, values: list[str | None], about: Any, now: datetime) -> list[int]:
    """Blank the payload of the events `about` a person or mentioning one of `values`."""
    mentions = [cast(col, Text).contains(n) for n in _needles([v for v in values if v])
                for col in (AuditEvent.before, AuditEvent.after, AuditEvent.actor_name)]
    seqs = list(db.scalars(select(AuditEvent.seq).where(
        AuditEvent.redacted_at.is_(None), or_(about, *mentions))))
    if seqs:
        db.execute(update(AuditEvent).where(AuditEvent.seq.in_(seqs)).values(
            actor_name=REDACTED_ACTOR, before=null(), after=null(), redacted_at=now))
    return sorted(seqs)


def _erase(db: Session, actor: Principal | None, person: Participant, reason: str,
           by: str) -> Erasure:
    now = utcnow()
    redacted = redact_events(db, [person.full_name, person.email, person.phone],
                             _events_about(person.id, _registration_ids(db, person.id)), now)
    pseudonym = new_pseudonym()
    person.full_name, person.email, person.phone, person.institution = pseudonym, None, None, None
    if person.birth_date is not None:  # the year keeps age groups in reports right
        person.birth_date = date(person.birth_date.year, 7, 1)
    person.calendar_version += 1
    person.calendar_secret_hash, person.calendar_revoked_at = None, now
    person.own_page_secret_hash = None  # Pendaftaran saya stops
    person.erased_at = now
    # What waits to be sent would need the address; a request holds what was typed.
    db.execute(delete(Notice).where(Notice.participant_id == person.id,
                                    Notice.status == NoticeStatus.PENDING))
    db.execute(delete(RegistrationRequest).where(RegistrationRequest.participant_id == person.id))
    for token_hash in db.scalars(select(ApiToken.token_hash).where(
            ApiToken.participant_id == person.id)):
        forget_on_commit(db, token_hash)
    db.execute(delete(ApiToken).where(ApiToken.participant_id == person.id))
    for registration in db.scalars(select(Registration).where(
            Registration.participant_id == person.id)):
        registration.ticket_hash = hash_secret(secrets.token_urlsafe(24))  # tickets stop
    certificates = list(db.scalars(select(Certificate).where(
        Certificate.kind == CertificateKind.SESSION, Certificate.recipient_id == person.id)))
    for cert in certificates:
        cert.recipient_name, cert.pdf_sha256 = ERASED_RECIPIENT, None
    audit.record(db, actor, ERASURE_ACTION, person,
                 after={"by": by, "reason": reason, "redacted_events": redacted,
                        "certificates": len(certificates)})
    return Erasure(person.id, pseudonym, redacted, [c.content_hash for c in certificates])


def erase_person(db: Session, principal: Principal, participant_id: int, *,
                 reason: str | None = None) -> Erasure:
    """Erase a person's data: staff in scope with a reason, or the person themselves."""
    person = get_person(db, principal, participant_id, for_update=True)
    if person.erased_at is not None:
        raise UserError("ERASED", "participantId", "This person's data has been erased.")
    reason = (reason or "").strip()
    if principal.is_staff and not reason:
        raise UserError("REQUIRED", "reason", "Staff erase a person only with a reason "
                        "(whose request, when).")
    if len(reason) > 500:
        raise UserError("TOO_LONG", "reason", "At most 500 characters.")
    return _erase(db, principal, person, reason or "the person's own request",
                  "staff" if principal.is_staff else "person")


# --- retention ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Expired:
    person_id: int  # a participant's id, or a student's
    last_activity: datetime


def expired_people(db: Session, *, now: datetime, days: int) -> list[Expired]:
    """People whose last activity (their latest session's end, or their record's creation
    when they have none) lies more than `days` ago, and who are not erased yet."""
    cutoff = now - timedelta(days=days)
    last = func.coalesce(func.max(EduSession.ends_at), Participant.created_at,
                         type_=UTCDateTime())
    rows = db.execute(
        select(Participant.id, last)
        .outerjoin(Registration, Registration.participant_id == Participant.id)
        .outerjoin(EduSession, EduSession.id == Registration.session_id)
        .where(Participant.erased_at.is_(None), Participant.created_at < cutoff)
        .group_by(Participant.id, Participant.created_at)
        .having(last < cutoff).order_by(Participant.id))
    return [Expired(pid, at) for pid, at in rows]


def apply_retention(db: Session, *, now: datetime, days: int) -> list[Erasure]:
    """Erase everyone past the retention period (the runner's daily job)."""
    erased = []
    for expired in expired_people(db, now=now, days=days):
        person = db.get(Participant, expired.person_id, with_for_update=True)
        if person is not None and person.erased_at is None:
            erased.append(_erase(db, None, person, f"retention: no activity since "
                                 f"{expired.last_activity.date().isoformat()}", "retention"))
    return erased

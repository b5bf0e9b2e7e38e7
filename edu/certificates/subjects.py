"""What a certificate can be for: a session (participants) or a placement (interns).

Each kind answers the same questions — may this principal issue for it, what is printed, who
is eligible — so the batch machinery knows nothing of sessions or internships. A new kind
(e.g. a volunteers' programme) is one more class in KINDS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.certificates.content import format_day_id, format_period_id
from edu.certificates.models import CertificateKind
from edu.db import utcnow
from edu.errors import AuthError, NotFound, Problem
from edu.internships.models import Internship, InternshipStatus, Placement, Student
from edu.internships.service import get_placement, require_region, visible_internships
from edu.participants.models import Participant
from edu.registrations.models import AttendanceStatus, Registration, RegistrationStatus
from edu.sessions.models import EduSession, SessionStatus
from edu.sessions.service import get_managed_session, session_day


@dataclass(frozen=True)
class Subject:
    """The printed facts of a subject, and the office that issues for it."""

    kind: CertificateKind
    id: int
    region_code: str
    title: str
    role_line: str
    date_text: str
    blocked: Problem | None = None  # why nothing can be issued for it now


class SubjectKind(Protocol):
    kind: CertificateKind
    field: str  # the input field that names such a subject

    def managed(self, db: Session, principal: Principal, subject_id: int) -> Subject:
        """The subject, if this principal may issue and revoke for it; else raises."""

    def load(self, db: Session, subject_id: int) -> Subject:
        """The subject, for a background job that already passed the checks."""

    def eligible(self, subject_id: int) -> Select[int, str]:
        """(recipient id, name) of everyone eligible, ordered by recipient id."""

    def may_see_recipient(self, db: Session, principal: Principal, recipient_id: int) -> bool:
        """Whether a non-manager (the participant, the coordinator) may see this certificate."""


class SessionSubject:
    """A session: each confirmed registration marked PRESENT or LATE."""

    kind = CertificateKind.SESSION
    field = "sessionId"

    def _subject(self, db: Session, session: EduSession) -> Subject:
        # Certificates prove a session that took place: it has ended and its planner has
        # completed it, so attendance is final (no check-in changes who is eligible after).
        blocked = None
        if session.status is SessionStatus.CANCELLED:
            blocked = Problem("SESSION_CANCELLED", self.field,
                              "A cancelled session gives no certificates.")
        elif session.status is not SessionStatus.COMPLETED or session.ends_at > utcnow():
            blocked = Problem("SESSION_NOT_COMPLETED", self.field,
                              "Certificates follow once the session has ended and is "
                              "completed (completeSession).")
        return Subject(self.kind, session.id, session.region_code, session.title,
                       "atas partisipasinya sebagai peserta kegiatan",
                       format_day_id(session_day(db, session)), blocked)

    def managed(self, db: Session, principal: Principal, subject_id: int) -> Subject:
        return self._subject(db, get_managed_session(db, principal, subject_id,
                                                     field=self.field))

    def load(self, db: Session, subject_id: int) -> Subject:
        session = db.get(EduSession, subject_id)
        if session is None:
            raise NotFound(self.field, "session")
        return self._subject(db, session)

    def eligible(self, subject_id: int) -> Select[int, str]:
        return (
            select(Registration.participant_id, Participant.full_name)
            .join(Participant, Participant.id == Registration.participant_id)
            .where(
                Registration.session_id == subject_id,
                Registration.status == RegistrationStatus.CONFIRMED,
                Registration.attendance_status.in_(
                    [AttendanceStatus.PRESENT, AttendanceStatus.LATE]
                ),
            )
            .order_by(Registration.participant_id)
        )

    def may_see_recipient(self, db: Session, principal: Principal, recipient_id: int) -> bool:
        return principal.participant_id == recipient_id


class PlacementSubject:
    """A placement: each COMPLETED internship."""

    kind = CertificateKind.INTERNSHIP
    field = "placementId"

    def _subject(self, p: Placement) -> Subject:
        return Subject(self.kind, p.id, p.region_code, p.title,
                       "telah menyelesaikan program magang",
                       format_period_id(p.starts_on, p.ends_on))

    def managed(self, db: Session, principal: Principal, subject_id: int) -> Subject:
        principal.require_staff(Role.INTERNSHIP_OFFICER)
        placement = get_placement(db, subject_id, field=self.field)
        require_region(principal, placement.region_code)
        return self._subject(placement)

    def load(self, db: Session, subject_id: int) -> Subject:
        placement = db.get(Placement, subject_id)
        if placement is None:
            raise NotFound(self.field, "placement")
        return self._subject(placement)

    def eligible(self, subject_id: int) -> Select[int, str]:
        return (
            select(Internship.id, Student.full_name)
            .join(Student, Student.id == Internship.student_id)
            .where(Internship.placement_id == subject_id,
                   Internship.status == InternshipStatus.COMPLETED)
            .order_by(Internship.id)
        )

    def may_see_recipient(self, db: Session, principal: Principal, recipient_id: int) -> bool:
        if not principal.is_staff:
            return False
        try:
            stmt = visible_internships(principal).where(Internship.id == recipient_id)
        except AuthError:  # a role that sees no internships sees none of their certificates
            return False
        return db.scalar(stmt) is not None


KINDS: dict[CertificateKind, SubjectKind] = {
    CertificateKind.SESSION: SessionSubject(),
    CertificateKind.INTERNSHIP: PlacementSubject(),
}

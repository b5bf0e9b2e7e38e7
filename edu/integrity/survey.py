"""Answering the satisfaction survey, and the index over the answers staff may see.

A person's answer is written as two rows in one transaction: the marker (who took part, so
they answer once) and the anonymous answer (random id, WITA date). Nothing staff can read
joins the two."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.config import DISPLAY_TZ
from edu.db import utcnow
from edu.errors import Forbidden, UserError
from edu.integrity import ikm
from edu.integrity.models import (
    ELEMENTS,
    SuggestionStatus,
    SurveyAnswer,
    SurveyParticipation,
    SurveyService,
)
from edu.internships.models import Internship, InternshipStatus, Placement
from edu.internships.service import get_internship
from edu.registrations.models import AttendanceStatus, Registration, RegistrationStatus
from edu.secrets import derive_code
from edu.sessions.models import EduSession, SessionStatus

OPEN_DAYS = 30  # the survey stays open this long after the session or internship ends
MAX_SUGGESTION = 2000
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


@dataclass(frozen=True)
class Submitted:
    """What the respondent gets back: their answer's random id and when it was taken."""

    id: str
    submitted_at: datetime


def internship_survey_code(secret_key: bytes, internship_id: int) -> str:
    """The code that lets a completed intern (who has no token) answer their survey."""
    return derive_code(secret_key, "survey-internship", internship_id)


def internship_survey_link_code(db: Session, principal: Principal, internship_id: int,
                                secret_key: bytes) -> str | None:
    """The survey code of an internship the principal may see, once it is COMPLETED."""
    internship = get_internship(db, principal, internship_id, field="internshipId")
    if internship.status is not InternshipStatus.COMPLETED:
        return None
    return internship_survey_code(secret_key, internship_id)


def _check_scores(scores: Sequence[int], suggestion: str | None) -> None:
    if len(scores) != len(ELEMENTS) or any(
            isinstance(s, bool) or not isinstance(s, int) or not 1 <= s <= 4 for s in scores):
        raise UserError("INVALID_SCORES", "scores",
                        "Give nine scores, U1 to U9, each from 1 to 4.")
    if suggestion is not None and len(suggestion) > MAX_SUGGESTION:
        raise UserError("TOO_LONG", "suggestion",
                        f"A suggestion of at most {MAX_SUGGESTION} characters.")


def _not_eligible(field: str) -> UserError:
    return UserError("NOT_ELIGIBLE", field,
                     "Only who attended (or completed the internship) may answer, "
                     f"within {OPEN_DAYS} days of its end.")


def _session_target(db: Session, principal: Principal, session_id: int,
                    now: datetime) -> tuple[EduSession, SurveyParticipation]:
    participant_id = principal.require_participant()
    session = db.get(EduSession, session_id)
    attended = session is not None and db.scalar(
        select(Registration.id).where(
            Registration.session_id == session_id,
            Registration.participant_id == participant_id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.attendance_status.in_(ATTENDED)))
    if session is None or not attended or session.status is SessionStatus.CANCELLED \
            or now > session.ends_at + timedelta(days=OPEN_DAYS):
        raise _not_eligible("sessionId")
    if db.scalar(select(SurveyParticipation.id).where(
            SurveyParticipation.session_id == session_id,
            SurveyParticipation.participant_id == participant_id)):
        raise UserError("ALREADY_ANSWERED", "sessionId", "You have answered this survey.")
    return session, SurveyParticipation(participant_id=participant_id, session_id=session_id)


def _internship_target(db: Session, internship_id: int, code: str | None, secret_key: bytes,
                       now: datetime) -> tuple[Internship, SurveyParticipation]:
    internship = db.get(Internship, internship_id)
    expected = internship_survey_code(secret_key, internship_id)
    if internship is None or code is None or not hmac.compare_digest(code.upper(), expected) \
            or internship.status is not InternshipStatus.COMPLETED \
            or internship.completed_at is None \
            or now > internship.completed_at + timedelta(days=OPEN_DAYS):
        raise _not_eligible("internshipId")
    if db.scalar(select(SurveyParticipation.id).where(
            SurveyParticipation.internship_id == internship_id)):
        raise UserError("ALREADY_ANSWERED", "internshipId", "You have answered this survey.")
    return internship, SurveyParticipation(internship_id=internship_id)


def submit_survey(db: Session, principal: Principal, *, scores: Sequence[int],
                  suggestion: str | None = None, session_id: int | None = None,
                  internship_id: int | None = None, survey_code: str | None = None,
                  secret_key: bytes = b"", now: datetime | None = None) -> Submitted:
    """Answer the survey of an attended session (participant token) or of a completed
    internship (its survey code): once, within 30 days of the end."""
    now = now or utcnow()
    if (session_id is None) == (internship_id is None):
        raise UserError("INVALID_INPUT", "sessionId", "Give a sessionId or an internshipId.")
    _check_scores(scores, suggestion)
    suggestion = (suggestion or "").strip() or None
    answer = SurveyAnswer(
        id=secrets.token_hex(16), u1=scores[0], u2=scores[1], u3=scores[2], u4=scores[3],
        u5=scores[4], u6=scores[5], u7=scores[6], u8=scores[7], u9=scores[8],
        answered_on=now.astimezone(ZoneInfo(DISPLAY_TZ)).date(), suggestion=suggestion,
        suggestion_status=SuggestionStatus.NEW if suggestion else None)
    if session_id is not None:
        session, marker = _session_target(db, principal, session_id, now)
        answer.service, answer.session_id = SurveyService.VOTER_EDUCATION, session.id
        answer.region_code = session.region_code
    else:
        assert internship_id is not None
        internship, marker = _internship_target(db, internship_id, survey_code, secret_key, now)
        answer.service, answer.placement_id = SurveyService.INTERNSHIP, internship.placement_id
        answer.region_code = internship.placement.region_code
    db.add(marker)
    db.add(answer)
    db.flush()
    return Submitted(answer.id, now)


# Who reads which service's answers (ADMIN reads all).
READERS = {SurveyService.VOTER_EDUCATION: (Role.EDUCATION_OFFICER,),
           SurveyService.INTERNSHIP: (Role.INTERNSHIP_OFFICER,)}


def reads_satisfaction(principal: Principal) -> bool:
    """Whether any satisfaction figures or suggestions are the principal's to read (as
    `_scope` decides), so pages offer them only to who may open them."""
    if principal.role is Role.ADMIN:
        return True
    readers = {role for roles in READERS.values() for role in roles}
    return principal.role in readers and principal.region_code is not None


@dataclass(frozen=True)
class SatisfactionFilter:
    service: SurveyService
    session_id: int | None = None
    region_code: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None


def _scope(principal: Principal, flt: SatisfactionFilter) -> str | None:
    """The region prefix a principal reads a filter in (None: everywhere)."""
    principal.require_staff(*READERS[flt.service])
    if flt.region_code is not None:
        principal.require_region(flt.region_code)
    scope = flt.region_code or (None if principal.role is Role.ADMIN else principal.region_code)
    if principal.role is not Role.ADMIN and scope is None:
        raise Forbidden("Your token has no region.")
    return scope


def answers_in(flt: SatisfactionFilter, scope: str | None) -> Select[SurveyAnswer]:
    """The answers of a filter within a region prefix."""
    if flt.starts_on and flt.ends_on and flt.ends_on < flt.starts_on:
        raise UserError("INVALID_PERIOD", "to", "`to` is before `from`.")
    stmt = select(SurveyAnswer).where(SurveyAnswer.service == flt.service)
    if scope is not None:
        stmt = stmt.where(SurveyAnswer.region_code.startswith(scope, autoescape=True))
    if flt.session_id is not None:
        stmt = stmt.where(SurveyAnswer.session_id == flt.session_id)
    if flt.starts_on is not None:
        stmt = stmt.where(SurveyAnswer.answered_on >= flt.starts_on)
    if flt.ends_on is not None:
        stmt = stmt.where(SurveyAnswer.answered_on <= flt.ends_on)
    return stmt


def scoped_answers(principal: Principal, flt: SatisfactionFilter) -> Select[SurveyAnswer]:
    """The answers of a filter that the principal may read."""
    return answers_in(flt, _scope(principal, flt))


@dataclass(frozen=True)
class Satisfaction:
    index: ikm.Index
    population: int  # people served: who attended, or completed
    minimum_sample: int

    @property
    def sample_sufficient(self) -> bool:
        return self.index.responses >= self.minimum_sample


def satisfaction(db: Session, principal: Principal, flt: SatisfactionFilter) -> Satisfaction:
    """The IKM of the answers in a filter, and the respondents against the people served."""
    return figures_in(db, flt, _scope(principal, flt))


MAX_SESSIONS = 100  # sessions listed with their own index, the latest first


def satisfaction_by_session(db: Session, principal: Principal, flt: SatisfactionFilter
                            ) -> list[tuple[EduSession, Satisfaction]]:
    """The index of each session that has answers in the filter (voter education), the
    latest session first, at most MAX_SESSIONS."""
    scope = _scope(principal, flt)
    answered = answers_in(replace(flt, service=SurveyService.VOTER_EDUCATION), scope) \
        .with_only_columns(SurveyAnswer.session_id).where(SurveyAnswer.session_id.is_not(None))
    sessions = db.scalars(select(EduSession).where(EduSession.id.in_(answered))
                          .order_by(EduSession.starts_at.desc(), EduSession.id.desc())
                          .limit(MAX_SESSIONS))
    return [(s, figures_in(db, replace(flt, service=SurveyService.VOTER_EDUCATION,
                                       session_id=s.id), scope)) for s in sessions]


def figures_in(db: Session, flt: SatisfactionFilter, scope: str | None) -> Satisfaction:
    """The same figures within a region prefix, for whoever was allowed to ask."""
    columns = [getattr(SurveyAnswer, e.lower()) for e in ELEMENTS]
    answers = [tuple(r) for r in db.execute(answers_in(flt, scope).with_only_columns(*columns))]
    population = _population(db, flt, scope)
    return Satisfaction(ikm.compute(answers), population, ikm.krejcie_morgan(population))


def _population(db: Session, flt: SatisfactionFilter, scope: str | None) -> int:
    """People served in the filter: attendances of sessions that ended in it, or internships
    completed in it (WITA days)."""
    zone = ZoneInfo(DISPLAY_TZ)
    start = datetime.combine(flt.starts_on, datetime.min.time(), zone) if flt.starts_on else None
    end = datetime.combine(flt.ends_on + timedelta(days=1), datetime.min.time(), zone) \
        if flt.ends_on else None
    if flt.service is SurveyService.VOTER_EDUCATION:
        stmt = select(func.count(Registration.id)).join(
            EduSession, EduSession.id == Registration.session_id).where(
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.attendance_status.in_(ATTENDED))
        if scope:
            stmt = stmt.where(EduSession.region_code.startswith(scope, autoescape=True))
        if flt.session_id is not None:
            stmt = stmt.where(EduSession.id == flt.session_id)
        if start:
            stmt = stmt.where(EduSession.ends_at >= start)
        if end:
            stmt = stmt.where(EduSession.ends_at < end)
        return db.scalar(stmt) or 0
    istmt = select(func.count(Internship.id)).join(
        Placement, Placement.id == Internship.placement_id).where(
        Internship.status == InternshipStatus.COMPLETED)
    if scope:
        istmt = istmt.where(Placement.region_code.startswith(scope, autoescape=True))
    if start:
        istmt = istmt.where(Internship.completed_at >= start)
    if end:
        istmt = istmt.where(Internship.completed_at < end)
    return db.scalar(istmt) or 0

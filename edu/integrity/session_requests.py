"""Requests for a voter-education session: a school or group asks an office to hold one, the
office answers (accepts or declines). The voter-education service standard is the time from
request to answer in working days (WITA, holidays and cuti bersama days not counted)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from edu import validation
from edu.audit import record
from edu.auth.models import Role, Staff
from edu.auth.principal import Principal
from edu.config import DISPLAY_TZ
from edu.db import utcnow
from edu.errors import Forbidden, NotFound, Problem, UserError
from edu.integrity.models import RequestOutcome, SessionRequest, SurveyService
from edu.integrity.standards import Clock, StandardReport, clock, standard_days
from edu.integrity.workdays import work_calendar
from edu.offices.models import Region
from edu.secrets import hash_secret
from edu.sessions.models import Segment

MAX_AUDIENCE = 100_000
# Someone may wait for one answer per office at a time, and one address may send a few
# requests a day: a stranger can neither fill an office's inbox nor the table.
ALREADY_WAITING = "ALREADY_WAITING"
PER_CLIENT_PER_DAY = 5


@dataclass(frozen=True)
class RequestDraft:
    region_code: str
    organisation: str
    contact_name: str
    email: str
    segment: Segment | None
    phone: str | None = None
    audience: int | None = None
    preferred_on: date | None = None
    message: str = ""
    consent: bool = False


def _check(db: Session, d: RequestDraft, today: date) -> list[Problem]:
    problems = []
    if not d.region_code or db.get(Region, d.region_code) is None:
        problems.append(Problem("UNKNOWN_REGION", "regionCode", "No office with this code."))
    problems += validation.text(d.organisation, "organisation", required=True,
                                max_len=validation.TITLE_LEN)
    problems += validation.text(d.contact_name, "contactName", required=True,
                                max_len=validation.NAME_LEN)
    problems += validation.email(d.email, "email", required=True)
    problems += validation.phone(d.phone, "phone")
    if d.segment is None:
        problems.append(Problem("REQUIRED", "segment", "Choose the audience."))
    if d.audience is not None and not 1 <= d.audience <= MAX_AUDIENCE:
        problems.append(Problem("INVALID_AUDIENCE", "audience",
                                f"From 1 to {MAX_AUDIENCE} people."))
    if d.preferred_on is not None and d.preferred_on < today:
        problems.append(Problem("INVALID_DATE", "preferredOn", "This date has passed."))
    problems += validation.text(d.message, "message", required=False,
                                max_len=validation.NOTE_LEN)
    if not d.consent:
        problems.append(Problem("CONSENT_REQUIRED", "consent",
                                "We need your consent to keep your contact details."))
    return problems


def _client_hash(client: str) -> str:
    return hash_secret(f"session-request\x1f{client}")


def submit_session_request(db: Session, draft: RequestDraft, now: datetime | None = None,
                           client: str | None = None) -> SessionRequest:
    """Ask an office for a session (anyone; the contact details are kept with consent).
    `client` is the sender's address (the site's form gives it), limited per day."""
    now = now or utcnow()
    client_hash = _client_hash(client) if client else None
    if client_hash and (db.scalar(select(func.count(SessionRequest.id)).where(
            SessionRequest.client_hash == client_hash,
            SessionRequest.requested_at > now - timedelta(days=1))) or 0) >= PER_CLIENT_PER_DAY:
        raise UserError("TOO_MANY_REQUESTS", "",
                        f"At most {PER_CLIENT_PER_DAY} requests a day from one address.")
    problems = _check(db, draft, now.astimezone(ZoneInfo(DISPLAY_TZ)).date())
    email = validation.normal_email(draft.email)
    if not problems and db.scalar(select(SessionRequest.id).where(
            SessionRequest.region_code == draft.region_code, SessionRequest.email == email,
            SessionRequest.answered_at.is_(None))):
        problems.append(Problem(ALREADY_WAITING, "email",
                                "A request from this email waits for this office's answer."))
    if problems:
        raise UserError.many(problems)
    assert draft.segment is not None and email is not None
    row = SessionRequest(
        region_code=draft.region_code, organisation=draft.organisation.strip(),
        contact_name=draft.contact_name.strip(), email=email,
        phone=(draft.phone or "").strip() or None, segment=draft.segment,
        audience=draft.audience, preferred_on=draft.preferred_on,
        message=draft.message.strip(), consent_at=now, requested_at=now,
        client_hash=client_hash)
    db.add(row)
    db.flush()
    return row


def _scope(principal: Principal, region_code: str | None) -> str | None:
    """The region prefix an officer works in (None: everywhere, for an admin)."""
    principal.require_staff(Role.EDUCATION_OFFICER)
    if region_code:
        principal.require_region(region_code)
        return region_code
    if principal.role is Role.ADMIN:
        return None
    if principal.region_code is None:
        raise Forbidden("Your account has no region.")
    return principal.region_code


def visible_requests(principal: Principal, region_code: str | None = None
                     ) -> Select[SessionRequest]:
    """The requests made to offices in the officer's region."""
    scope = _scope(principal, region_code)
    stmt = select(SessionRequest)
    if scope:
        stmt = stmt.where(SessionRequest.region_code.startswith(scope, autoescape=True))
    return stmt


def list_session_requests(db: Session, principal: Principal, *, waiting: bool | None,
                          offset: int, limit: int, region_code: str | None = None
                          ) -> tuple[int, list[SessionRequest]]:
    """The requests in scope, the oldest first; `waiting` True/False for one kind only."""
    stmt = visible_requests(principal, region_code)
    if waiting is True:
        stmt = stmt.where(SessionRequest.answered_at.is_(None))
    elif waiting is False:
        stmt = stmt.where(SessionRequest.answered_at.is_not(None))
    total = db.scalar(stmt.with_only_columns(func.count(SessionRequest.id))) or 0
    rows = db.scalars(stmt.order_by(SessionRequest.requested_at, SessionRequest.id)
                      .offset(offset).limit(limit))
    return total, list(rows)


def get_session_request(db: Session, principal: Principal, request_id: int) -> SessionRequest:
    """A request made to an office in the officer's region (else NOT_FOUND)."""
    row = db.scalar(visible_requests(principal).where(SessionRequest.id == request_id))
    if row is None:
        raise NotFound("id", "session request")
    return row


def answer_session_request(db: Session, principal: Principal, *, request_id: int,
                           outcome: RequestOutcome | None, reply: str,
                           now: datetime | None = None) -> SessionRequest:
    """Accept or decline a waiting request with a reply to the requester (audited)."""
    row = db.scalar(visible_requests(principal).where(SessionRequest.id == request_id)
                    .with_for_update())
    if row is None:
        raise NotFound("id", "session request")
    if row.answered_at is not None:
        raise UserError("ALREADY_ANSWERED", "id", "This request has been answered.")
    problems = validation.text(reply, "reply", required=True, max_len=validation.NOTE_LEN)
    if outcome is None:
        problems.append(Problem("REQUIRED", "outcome", "Accept or decline."))
    if problems:
        raise UserError.many(problems)
    row.outcome, row.reply = outcome, reply.strip()
    row.answered_at, row.answered_by_id = now or utcnow(), principal.staff_id
    db.flush()
    record(db, principal, "session_request.answer", row, before={"outcome": None},
           after={"outcome": outcome, "reply": row.reply})
    return row


@dataclass(frozen=True)
class Answered:
    """A request answered, against the office's standard."""

    request_id: int
    organisation: str
    region_code: str
    requested_at: datetime
    answered_at: datetime
    answered_by: str | None
    working_days: int
    standard: int

    @property
    def late_by(self) -> int:
        return max(self.working_days - self.standard, 0)

    @property
    def key(self) -> int:
        return self.request_id


def _window(starts_on: date, ends_on: date) -> tuple[datetime, datetime]:
    if ends_on < starts_on:
        raise UserError("INVALID_PERIOD", "to", "`to` is before `from`.")
    zone = ZoneInfo(DISPLAY_TZ)
    return (datetime.combine(starts_on, time(), zone),
            datetime.combine(ends_on + timedelta(days=1), time(), zone))


def answered_in(db: Session, scope: str | None, *, starts_on: date,
                ends_on: date) -> StandardReport[Answered]:
    """The requests answered from `starts_on` to `ends_on` (WITA) within a region prefix."""
    start, end = _window(starts_on, ends_on)
    stmt = select(SessionRequest, Staff.full_name).outerjoin(
        Staff, Staff.id == SessionRequest.answered_by_id).where(
        SessionRequest.answered_at >= start, SessionRequest.answered_at < end)
    if scope:
        stmt = stmt.where(SessionRequest.region_code.startswith(scope, autoescape=True))
    rows = db.execute(stmt.order_by(SessionRequest.id)).all()
    calendar = work_calendar(db)
    days = {r: standard_days(db, r, SurveyService.VOTER_EDUCATION)
            for r in {row.region_code for row, _ in rows}}
    return StandardReport([
        Answered(row.id, row.organisation, row.region_code, row.requested_at,
                 row.answered_at, name, calendar.elapsed(row.requested_at, row.answered_at),
                 days[row.region_code])
        for row, name in rows if row.answered_at is not None])


def request_report(db: Session, principal: Principal, *, starts_on: date, ends_on: date,
                   region_code: str | None = None) -> StandardReport[Answered]:
    """The answers an officer's offices gave in a period, against the standard."""
    return answered_in(db, _scope(principal, region_code), starts_on=starts_on,
                       ends_on=ends_on)


@dataclass(frozen=True)
class WaitingRequest:
    request: SessionRequest
    clock: Clock


def request_queue(db: Session, principal: Principal, *, now: datetime | None = None,
                  region_code: str | None = None, limit: int | None = None
                  ) -> list[WaitingRequest]:
    """Requests waiting for an answer, the longest waiting first (the first `limit` of
    them when given, so a page never loads the whole queue)."""
    rows = list(db.scalars(visible_requests(principal, region_code).where(
        SessionRequest.answered_at.is_(None)).order_by(SessionRequest.requested_at,
                                                       SessionRequest.id).limit(limit)))
    clocks = waiting_clocks(db, rows, now=now)
    return [WaitingRequest(row, clocks[row.id]) for row in rows]


def waiting_clocks(db: Session, rows: Sequence[SessionRequest], *,
                   now: datetime | None = None) -> dict[int, Clock]:
    """The clock of each request among `rows` still waiting for an answer (the rows a page
    shows, so it never measures the whole queue)."""
    now = now or utcnow()
    waiting = [row for row in rows if row.answered_at is None]
    calendar = work_calendar(db)
    days = {r: standard_days(db, r, SurveyService.VOTER_EDUCATION)
            for r in {row.region_code for row in waiting}}
    return {row.id: clock(calendar, row.requested_at, now, days[row.region_code])
            for row in waiting}


def erase_old_request_contacts(db: Session, *, now: datetime, days: int) -> int:
    """Blank the contact details (and the texts that may name someone) of requests answered
    more than `days` ago: retention under UU 27/2022. The office, audience, dates and outcome
    stay, so the service-time figures do not change. How many were blanked."""
    rows = list(db.scalars(select(SessionRequest).where(
        SessionRequest.answered_at < now - timedelta(days=days),
        SessionRequest.contact_erased_at.is_(None)).with_for_update()))
    for row in rows:
        row.contact_name, row.email, row.phone = "", "", None
        row.message, row.reply, row.contact_erased_at = "", None, now
    return len(rows)

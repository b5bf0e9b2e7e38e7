"""The suggestions respondents leave: a list for staff to act on (NEW → ANSWERED → CLOSED).
A suggestion shows what was served and the date, never who wrote it; the reply is audited."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.orm import Session

from edu.audit import record
from edu.auth.principal import Principal
from edu.db import utcnow
from edu.errors import NotFound, UserError
from edu.integrity.models import SuggestionStatus, SurveyAnswer, SurveyService
from edu.integrity.survey import SatisfactionFilter, scoped_answers

MAX_REPLY = 2000
NEXT = {SuggestionStatus.NEW: (SuggestionStatus.ANSWERED, SuggestionStatus.CLOSED),
        SuggestionStatus.ANSWERED: (SuggestionStatus.ANSWERED, SuggestionStatus.CLOSED),
        SuggestionStatus.CLOSED: ()}


@dataclass(frozen=True)
class SuggestionFilter:
    service: SurveyService
    status: SuggestionStatus | None = None
    region_code: str | None = None


def list_suggestions(db: Session, principal: Principal, flt: SuggestionFilter, offset: int,
                     limit: int) -> tuple[int, list[SurveyAnswer]]:
    """The suggestions in scope, the oldest first (by date, then by their random id)."""
    stmt = scoped_answers(principal, SatisfactionFilter(
        service=flt.service, region_code=flt.region_code)).where(
        SurveyAnswer.suggestion_status.is_not(None))
    if flt.status is not None:
        stmt = stmt.where(SurveyAnswer.suggestion_status == flt.status)
    total = db.scalar(stmt.with_only_columns(func.count(SurveyAnswer.id))) or 0
    rows = db.scalars(stmt.order_by(SurveyAnswer.answered_on, SurveyAnswer.id)
                      .offset(offset).limit(limit))
    return total, list(rows)


def answer_suggestion(db: Session, principal: Principal, *, suggestion_id: str,
                      service: SurveyService, status: SuggestionStatus,
                      reply: str | None = None) -> SurveyAnswer:
    """Reply to a suggestion and/or close it (audited: before and after)."""
    row = db.scalar(scoped_answers(principal, SatisfactionFilter(service=service)).where(
        SurveyAnswer.id == suggestion_id, SurveyAnswer.suggestion_status.is_not(None))
        .with_for_update())
    if row is None or row.suggestion_status is None:
        raise NotFound("id", "suggestion")
    if status not in NEXT[row.suggestion_status]:
        raise UserError("INVALID_STATUS", "status",
                        f"A {row.suggestion_status.value} suggestion cannot become "
                        f"{status.value}.")
    reply = (reply or "").strip() or None
    if status is SuggestionStatus.ANSWERED and reply is None:
        raise UserError("REPLY_REQUIRED", "reply", "Write the reply.")
    if reply is not None and len(reply) > MAX_REPLY:
        raise UserError("TOO_LONG", "reply", f"A reply of at most {MAX_REPLY} characters.")
    before = {"status": row.suggestion_status, "reply": row.reply}
    row.suggestion_status = status
    if reply is not None:
        row.reply, row.replied_at, row.replied_by_id = reply, utcnow(), principal.staff_id
    record(db, principal, "suggestion.answer", row, before=before,
           after={"status": status, "reply": row.reply})
    return row

"""The final assessment: a score 0–100, a grade by configurable bands, and completion only
once the hours the field supervisor approved reach the placement's required hours."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.auth.principal import Principal
from edu.db import utcnow
from edu.errors import Problem, UserError
from edu.internships.grades import DEFAULT_BANDS, GradeBand, grade_for
from edu.internships.models import Evaluation, Internship, InternshipStatus
from edu.internships.service import OFFICERS, get_internship, move
from edu.notifications import outbox
from edu.validation import NOTE_LEN, text

EVALUABLE = (InternshipStatus.ACCEPTED, InternshipStatus.ACTIVE)


def _check_score(score: float | Decimal | str) -> tuple[Decimal | None, list[Problem]]:
    try:
        value = Decimal(str(score))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or not 0 <= value <= 100:
        return None, [Problem("INVALID_SCORE", "score", "The score runs from 0 to 100.")]
    if value != value.quantize(Decimal("0.01")):
        return None, [Problem("INVALID_SCORE", "score", "At most two decimals, e.g. 84.99.")]
    return value.quantize(Decimal("0.01")), []


def evaluate_internship(db: Session, principal: Principal, *, internship_id: int,
                        score: float | Decimal | str, note: str | None = None,
                        bands: Sequence[GradeBand] = DEFAULT_BANDS,
                        now: datetime | None = None) -> Internship:
    """The supervisor's final score; the internship is COMPLETED, or HOURS_NOT_MET is
    refused while the approved logbook hours are short of the required hours."""
    principal.require_staff(*OFFICERS)
    now = now or utcnow()
    internship = get_internship(db, principal, internship_id, for_update=True)
    if internship.status is InternshipStatus.COMPLETED:
        raise UserError("ALREADY_EVALUATED", "id", "This internship is already evaluated.")
    if internship.status not in EVALUABLE:
        raise UserError("NOT_ACTIVE", "id",
                        f"A {internship.status.value} internship cannot be evaluated.")
    value, problems = _check_score(score)
    problems += text(note, "note", required=False, max_len=NOTE_LEN)
    if problems:
        raise UserError.many(problems)
    assert value is not None
    required = internship.placement.required_hours * 60
    if internship.minutes_approved < required:
        raise UserError(
            "HOURS_NOT_MET", "id",
            f"{format_hours(internship.minutes_approved)} of "
            f"{internship.placement.required_hours} required hours are approved by the field "
            f"supervisor ({format_hours(internship.minutes_logged)} logged).",
        )
    evaluation = Evaluation(
        internship_id=internship.id, score=value, grade=grade_for(value, bands),
        note=(note or "").strip() or None, evaluated_by_id=principal.staff_id, evaluated_at=now,
    )
    db.add(evaluation)
    internship.completed_at = now
    move(db, principal, internship, InternshipStatus.COMPLETED, "internship.evaluate", at=now,
         note=f"score {value}, grade {evaluation.grade}")
    outbox.internship_completed(db, internship)
    db.flush()
    return internship


def evaluations_of(db: Session, internship_ids: Sequence[int]) -> dict[int, Evaluation]:
    """The evaluation of each internship that has one (callers checked visibility)."""
    rows = db.scalars(select(Evaluation).where(Evaluation.internship_id.in_(list(internship_ids))))
    return {row.internship_id: row for row in rows}


def format_hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}m" if rest else f"{hours}h"

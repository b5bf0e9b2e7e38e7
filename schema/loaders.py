"""Batch functions for DataLoaders: one query for many keys, values in key order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.auth.models import Staff
from edu.participants.models import Participant
from edu.registrations.service import AttendanceSummary, attendance_summaries
from edu.sessions.models import EduSession, SessionFacilitator


def _by_id(db: Session, model: Any, keys: Sequence[int]) -> list[Any]:
    rows: dict[int, Any] = {r.id: r for r in db.scalars(select(model).where(model.id.in_(keys)))}
    return [rows.get(k) for k in keys]


def sessions_by_id(db: Session, keys: Sequence[int]) -> list[EduSession | None]:
    return _by_id(db, EduSession, keys)


def participants_by_id(db: Session, keys: Sequence[int]) -> list[Participant | None]:
    return _by_id(db, Participant, keys)


def facilitators_by_session(db: Session, keys: Sequence[int]) -> list[list[Staff]]:
    out: dict[int, list[Staff]] = defaultdict(list)
    rows = db.execute(
        select(SessionFacilitator.session_id, Staff)
        .join(Staff, Staff.id == SessionFacilitator.staff_id)
        .where(SessionFacilitator.session_id.in_(keys))
        .order_by(Staff.full_name)
    )
    for session_id, staff in rows:
        out[session_id].append(staff)
    return [out[k] for k in keys]


def attendance_by_session(db: Session, keys: Sequence[int]) -> list[AttendanceSummary]:
    summaries = attendance_summaries(db, list(keys))
    return [summaries[k] for k in keys]

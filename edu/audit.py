"""The append-only audit log: who did what to which record, when, before and after."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from edu.db import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from edu.auth.principal import Principal


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity_type", "entity_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    actor_participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"))
    actor_name: Mapped[str] = mapped_column(String(160))
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: Any, *fields: str) -> dict[str, Any]:
    """The named attributes of a record, as JSON-ready values for before/after."""
    return {f: _plain(getattr(obj, f)) for f in fields}


def record_reads(db: Session, principal: Principal, action: str, entity_type: str,
                 reads: dict[int, list[str]]) -> None:
    """One event for a request's reads of protected data: which records, which fields."""
    ids = sorted(reads)
    db.add(AuditEvent(
        actor_staff_id=principal.staff_id, actor_participant_id=principal.participant_id,
        actor_name=principal.name, action=action, entity_type=entity_type,
        entity_id=str(ids[0]) if len(ids) == 1 else f"{len(ids)} records",
        after={"fields": {str(i): sorted(reads[i]) for i in ids}},
    ))


def record(
    db: Session,
    principal: Principal | None,
    action: str,
    entity: Any,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add one audit event to the current transaction (it commits or rolls back with it)."""
    db.add(
        AuditEvent(
            actor_staff_id=principal.staff_id if principal else None,
            actor_participant_id=principal.participant_id if principal else None,
            actor_name=principal.name if principal else "system",
            action=action,
            entity_type=type(entity).__name__,
            entity_id=str(getattr(entity, "id", None) or getattr(entity, "code", "")),
            before=_plain(before),
            after=_plain(after),
        )
    )

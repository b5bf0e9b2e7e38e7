"""The append-only audit log: who did what to which record, when, before and after.

Every event is a link of one hash chain per database (edu/audit_chain.py): it carries its
position, the hash of its content and the hash of the event before it, written in the same
transaction as the change it records.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Connection,
    ForeignKey,
    Index,
    Integer,
    String,
    event,
    inspect,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
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
    # The chain: set when the event is flushed, under the lock on the chain head.
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    payload_hash: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # Erasure blanks an event's payload (name, before, after) but keeps its hashes: the chain
    # still holds, and the erasure event lists every event it redacted.
    redacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditChainHead(Base):
    """The one row every writer of audit events locks: the last link of the chain."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


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


GENESIS = "0" * 64
# The action of an erasure's event: its `after` lists the seqs of the events it redacted.
ERASURE_ACTION = "privacy.erase"
HEAD_ID = 1


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def payload_digest(event: AuditEvent) -> str:
    """The hash of what an event says (who by name, before, after)."""
    return hashlib.sha256(_canonical(
        {"actor_name": event.actor_name, "before": event.before, "after": event.after})).hexdigest()


def event_digest(event: AuditEvent) -> str:
    """The hash of a whole event: its place, its link, its facts and its payload's hash."""
    return hashlib.sha256(_canonical({
        "seq": event.seq, "prev": event.prev_hash,
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "staff": event.actor_staff_id, "participant": event.actor_participant_id,
        "action": event.action, "entity": [event.entity_type, event.entity_id],
        "payload": event.payload_hash,
    })).hexdigest()


def _lock_head(conn: Connection) -> tuple[int, str]:
    """The chain head, locked until this transaction ends (PostgreSQL: FOR UPDATE; SQLite's
    writers already hold the database's write lock)."""
    query = select(AuditChainHead.seq, AuditChainHead.hash).where(
        AuditChainHead.id == HEAD_ID).with_for_update()
    row = conn.execute(query).first()
    if row is None:
        # A database emptied by hand: the head follows the last event there is.
        last = conn.execute(select(AuditEvent.seq, AuditEvent.hash)
                            .order_by(AuditEvent.seq.desc()).limit(1)).first()
        seq, digest = (last[0], last[1]) if last else (0, GENESIS)
        dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        conn.execute(dialect_insert(AuditChainHead).values(id=HEAD_ID, seq=seq, hash=digest)
                     .on_conflict_do_nothing())
        row = conn.execute(query).one()
    return row[0], row[1]


@event.listens_for(Session, "before_flush")
def _chain_new_events(session: Session, _context: Any, _instances: Any) -> None:
    events = sorted((o for o in session.new if isinstance(o, AuditEvent)),
                    key=lambda o: inspect(o).insert_order or 0)
    if not events:
        return
    conn = session.connection()
    seq, previous = _lock_head(conn)
    for ev in events:
        ev.at = ev.at or utcnow()
        seq += 1
        ev.seq, ev.prev_hash = seq, previous
        ev.payload_hash = payload_digest(ev)
        ev.hash = previous = event_digest(ev)
    conn.execute(update(AuditChainHead).where(AuditChainHead.id == HEAD_ID)
                 .values(seq=seq, hash=previous))

"""Walking the audit chain: the first event that was edited, inserted or deleted behind the
service's back, and the head an office can anchor outside the system."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.audit import (
    ERASURE_ACTION,
    GENESIS,
    AuditChainHead,
    AuditEvent,
    event_digest,
    payload_digest,
)


@dataclass(frozen=True)
class Anchor:
    """A head recorded outside the system: event `seq` had hash `hash`."""

    seq: int
    hash: str
    label: str


@dataclass(frozen=True)
class Break:
    """The first place where the chain is not what the service wrote."""

    seq: int
    event_id: int | None
    kind: str  # edited | inserted | missing | rewritten
    detail: str

    def __str__(self) -> str:
        at = f"event {self.seq}" + (f" (id {self.event_id})" if self.event_id else "")
        return f"{at}: {self.kind}: {self.detail}"


@dataclass(frozen=True)
class ChainReport:
    events: int
    head_seq: int
    head_hash: str
    first_break: Break | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def verify_chain(db: Session, anchors: Iterable[Anchor] = ()) -> ChainReport:
    """Walk every event in chain order; report the earliest break and the head."""
    if db.get_bind().dialect.name == "postgresql" and not db.in_transaction():
        # One snapshot: events committed while we walk must not look like insertions.
        db.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    wanted = {a.seq: a for a in anchors}
    seen: dict[int, str] = {}
    breaks: list[Break] = []
    redacted: dict[int, int] = {}  # seq -> id of events whose payload erasure blanked
    listed: set[int] = set()  # seqs the erasure events say they blanked
    expected, previous, previous_id, count = 1, GENESIS, None, 0
    stream = db.scalars(select(AuditEvent).order_by(AuditEvent.seq, AuditEvent.id)
                        .execution_options(yield_per=1000))
    for event in stream:
        count += 1
        if event.seq < expected:
            breaks.append(Break(event.seq, event.id, "inserted",
                                f"a second event at position {event.seq}"))
            break
        if event.seq > expected:
            breaks.append(Break(expected, None, "missing", f"events {expected}–{event.seq - 1} "
                                "are gone (deleted from the database)"))
            break
        if event.redacted_at is not None:
            redacted[event.seq] = event.id
        if (event.redacted_at is None and payload_digest(event) != event.payload_hash) \
                or event_digest(event) != event.hash:
            breaks.append(Break(event.seq, event.id, "edited",
                                "its content no longer matches its hash"))
            break
        if event.prev_hash != previous:
            breaks.append(Break(event.seq - 1, previous_id, "rewritten",
                                f"event {event.seq} links to another hash than this event has"))
            break
        if event.action == ERASURE_ACTION and event.after:
            listed.update(event.after.get("redacted_events", []))
        if event.seq in wanted:
            seen[event.seq] = event.hash
        expected, previous, previous_id = expected + 1, event.hash, event.id
    db.expunge_all()
    last = expected - 1
    head = db.get(AuditChainHead, 1)
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if not breaks:
        if head is None and last:
            breaks.append(Break(last, previous_id, "rewritten", "the chain head row is gone"))
        elif last < head_seq:
            breaks.append(Break(last + 1, None, "missing", f"events {last + 1}–{head_seq} are "
                                "gone from the end (deleted from the database)"))
        elif last > head_seq:
            breaks.append(Break(head_seq + 1, None, "inserted", f"events {head_seq + 1}–{last} "
                                "come after the chain head: written outside the service"))
        elif previous != head_hash:
            breaks.append(Break(last, previous_id, "rewritten", "the chain head records "
                                "another hash for this event"))
    for seq in sorted(set(redacted) - listed)[:1]:
        breaks.append(Break(seq, redacted[seq], "edited",
                            "its payload was blanked, but no erasure lists it"))
    for anchor in wanted.values():
        if anchor.seq > last and not breaks:
            breaks.append(Break(anchor.seq, None, "missing",
                                f"the event anchored in {anchor.label} is gone"))
        elif anchor.seq in seen and seen[anchor.seq] != anchor.hash:
            breaks.append(Break(anchor.seq, None, "rewritten", f"its hash differs from "
                                f"{anchor.label}: history up to here was rewritten"))
    first = min(breaks, key=lambda b: b.seq) if breaks else None
    return ChainReport(count, head_seq, head_hash, first)

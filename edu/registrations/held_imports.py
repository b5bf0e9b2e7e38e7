"""A class list checked and shown as a preview, kept until its officer confirms the import.

The confirmation must not need the file again, and the rows (300 people's details) are more
than a form should carry back, so they wait here: one row per preview, under the hash of a
random token that only the confirming form holds, bound to the officer and the session, and
gone once imported or after HOLD_FOR (the next preview, or the runner's daily round, sweeps
stale ones away: personal data is not kept for nothing).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from edu.auth.principal import Principal
from edu.db import Base, UTCDateTime, changed_rows, utcnow
from edu.errors import UserError
from edu.registrations.class_file import ClassFile, class_file_from_stored
from edu.secrets import hash_secret

HOLD_FOR = timedelta(minutes=30)


class HeldImport(Base):
    __tablename__ = "held_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


def hold_import(db: Session, principal: Principal, *, session_id: int,
                class_file: ClassFile) -> str:
    """Keep a checked class file for its confirmation; the token the confirming form carries."""
    assert principal.staff_id is not None and not class_file.problems
    sweep_held_imports(db)
    token = secrets.token_urlsafe(32)
    db.add(HeldImport(token_hash=hash_secret(token), staff_id=principal.staff_id,
                      session_id=session_id, rows=class_file.stored()))
    db.flush()
    return token


def take_held_import(db: Session, principal: Principal, *, session_id: int,
                     token: str) -> ClassFile:
    """The class file held under `token` for this officer and session, no longer held."""
    held = db.scalar(select(HeldImport).where(
        HeldImport.token_hash == hash_secret(token or ""),
        HeldImport.staff_id == principal.staff_id, HeldImport.session_id == session_id,
        HeldImport.created_at >= utcnow() - HOLD_FOR))
    if held is None:
        raise UserError("IMPORT_EXPIRED", "file",
                        "This preview is no longer held (older than 30 minutes, or imported "
                        "already): upload the file again.")
    db.delete(held)
    return class_file_from_stored(held.rows)


def sweep_held_imports(db: Session, now: datetime | None = None) -> int:
    """Forget the previews nobody confirmed in time; how many."""
    return changed_rows(db, delete(HeldImport).where(
        HeldImport.created_at < (now or utcnow()) - HOLD_FOR))

"""Finding a registration again by the code on its ticket."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.errors import NotFound
from edu.registrations.models import Registration
from edu.secrets import hash_secret


def registration_by_ticket(db: Session, code: str) -> Registration:
    """The registration whose ticket carries this code (any case); NotFound otherwise."""
    registration = db.scalar(select(Registration).where(
        Registration.ticket_hash == hash_secret(code.strip().upper())))
    if registration is None:
        raise NotFound("ticketCode", "ticket")
    return registration

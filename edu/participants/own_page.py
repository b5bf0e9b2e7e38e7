"""The secret link to a person's own page (Pendaftaran saya), kept like the feed's secret:
derived from the server key, so the database holds only its hash."""

from __future__ import annotations

import secrets

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from edu.auth.principal import Principal
from edu.errors import NotFound
from edu.participants.models import Participant
from edu.secrets import derive_code, hash_secret


def own_page_secret(key: bytes, participant: Participant) -> str:
    """The secret of the participant's page; store its hash with `ensure_own_page_secret`."""
    return derive_code(key, "own-page", participant.id)


def ensure_own_page_secret(key: bytes, participant: Participant) -> str:
    """Store the hash of the participant's page secret and return the secret.

    A participant on no record (the look-alike answer to a registration by someone else's
    email) gets a random code of the same shape: deriving one from the id it borrowed would
    hand out the page of whoever takes that id next."""
    if not inspect(participant).persistent:
        return derive_code(secrets.token_bytes(32), "own-page")
    secret = own_page_secret(key, participant)
    participant.own_page_secret_hash = hash_secret(secret)
    return secret


def participant_by_page_secret(db: Session, secret: str) -> tuple[Participant, Principal]:
    """The participant whose page this is, and the principal that acts as them; a made-up
    secret is NotFound."""
    participant = db.scalar(select(Participant).where(
        Participant.own_page_secret_hash == hash_secret(secret.strip().upper())))
    if participant is None:
        raise NotFound("secret", "page")
    return participant, Principal(name="participant", participant_id=participant.id)

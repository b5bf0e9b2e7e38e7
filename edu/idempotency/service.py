"""Claiming an idempotency key, and answering a retry with the first request's response.

The key is the client's secret: the database keeps an HMAC of it, and the response encrypted
under a key derived from it, so a copy of the database reveals neither (a response may carry a
new token)."""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from edu.auth.principal import Principal
from edu.db import utcnow
from edu.errors import UserError
from edu.idempotency.models import IdempotencyKey

# Long enough for any client's retries (a phone that was offline for the night).
KEY_LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 255


class KeyInUse(UserError):
    """The first request with this key is still running: retry in a moment."""

    def __init__(self) -> None:
        super().__init__("IDEMPOTENCY_KEY_IN_USE", "Idempotency-Key",
                         "A request with this Idempotency-Key is still running; retry shortly.")


class KeyReused(UserError):
    """The key came back with a different request: a client bug, never answered by replay."""

    def __init__(self) -> None:
        super().__init__("IDEMPOTENCY_KEY_REUSED", "Idempotency-Key",
                         "This Idempotency-Key was used for a different request; use a new key "
                         "for each distinct request.")


@dataclass(frozen=True)
class Claim:
    """A key of one principal: `owner` scopes it, `key_hash` finds it, `cipher` seals it."""

    owner: str
    key_hash: str
    cipher: AESGCM
    request_hash: str


@dataclass(frozen=True)
class Response:
    status: int
    media_type: str
    body: bytes


def make_claim(secret_key: bytes, principal: Principal, key: str, request: bytes) -> Claim:
    """What identifies a key; a key needs a token (anonymous callers share no scope)."""
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise UserError("INVALID_IDEMPOTENCY_KEY", "Idempotency-Key",
                        f"An Idempotency-Key is 1 to {MAX_KEY_LENGTH} printable ASCII "
                        "characters, such as a UUID.")
    if principal.staff_id is not None:
        owner = f"staff:{principal.staff_id}"
    elif principal.participant_id is not None:
        owner = f"participant:{principal.participant_id}"
    else:
        raise UserError("IDEMPOTENCY_KEY_NEEDS_TOKEN", "Idempotency-Key",
                        "An Idempotency-Key is kept per caller: send it with a token.")
    key_hash = hmac.new(secret_key, b"edu.idempotency.id\x1f" + key.encode(),
                        hashlib.sha256).hexdigest()
    sealing = hmac.new(secret_key, b"edu.idempotency.seal\x1f" + key.encode(),
                       hashlib.sha256).digest()
    return Claim(owner, key_hash, AESGCM(sealing), hashlib.sha256(request).hexdigest())


def claim_key(db: Session, claim: Claim) -> Response | None:
    """Take the key for a first run (None), or the response of the run that took it.

    The unique (principal, key) pair decides between concurrent requests: one inserts, the
    others wait for it to commit and find its row."""
    now = utcnow()
    db.execute(delete(IdempotencyKey).where(IdempotencyKey.expires_at <= now))
    try:
        with db.begin_nested():
            db.add(IdempotencyKey(principal=claim.owner, key_hash=claim.key_hash,
                                  request_hash=claim.request_hash, created_at=now,
                                  expires_at=now + KEY_LIFETIME))
        return None
    except IntegrityError:
        pass
    row = db.scalar(select(IdempotencyKey).where(IdempotencyKey.principal == claim.owner,
                                                 IdempotencyKey.key_hash == claim.key_hash))
    if row is None:  # its first request failed and let the key go meanwhile
        raise KeyInUse()
    if not hmac.compare_digest(row.request_hash, claim.request_hash):
        raise KeyReused()
    if row.status is None or row.response is None or row.media_type is None:
        raise KeyInUse()
    try:
        body = claim.cipher.decrypt(row.response[:12], row.response[12:], claim.owner.encode())
    except InvalidTag:  # the server's secret key changed since
        raise KeyReused() from None
    return Response(row.status, row.media_type, body)


def store_response(db: Session, claim: Claim, response: Response) -> None:
    """Keep the first run's response for the key's retries."""
    nonce = os.urandom(12)
    sealed = nonce + claim.cipher.encrypt(nonce, response.body, claim.owner.encode())
    row = db.scalar(select(IdempotencyKey).where(IdempotencyKey.principal == claim.owner,
                                                 IdempotencyKey.key_hash == claim.key_hash))
    if row is not None:
        row.status, row.media_type, row.response = response.status, response.media_type, sealed


def release_key(db: Session, claim: Claim) -> None:
    """Let the key go after a run that failed unexpectedly: a retry may run again."""
    db.execute(delete(IdempotencyKey).where(IdempotencyKey.principal == claim.owner,
                                            IdempotencyKey.key_hash == claim.key_hash,
                                            IdempotencyKey.status.is_(None)))

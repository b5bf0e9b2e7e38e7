"""The deployment's signing keys: Ed25519 key pairs of their own, with ids, rotated by hand.

A private key lives in `$EDU_DATA_DIR/keys/KID.pem` (0600, in a 0700 folder: back it up); its
public key, id and dates live in the database, so every process publishes every key still
trusted and a verifier finds a certificate's key by the id in its seal. A retired key signs
nothing new but still verifies what it signed. Nothing here depends on EDU_SECRET_KEY, except
migrating a deployment that sealed certificates with the key once derived from it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import String, Text, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from edu.certificates.signing import (
    key_id,
    legacy_signing_key,
    load_public_keys,
    public_key_pem,
    raw_public_key,
)
from edu.db import Base, Database, UTCDateTime, utcnow


class SigningKey(Base):
    """A public key that verifies certificates, and whether it still signs new ones."""

    __tablename__ = "certificate_signing_keys"

    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    public_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def public_key(self) -> Ed25519PublicKey:
        return load_public_keys(self.public_pem.encode())[0]


@dataclass(frozen=True)
class ActiveKey:
    key_id: str
    private_key: Ed25519PrivateKey


def key_folder(data_dir: Path) -> Path:
    folder = data_dir / "keys"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _private_path(data_dir: Path, kid: str) -> Path:
    return data_dir / "keys" / f"{kid}.pem"


def _write_private(data_dir: Path, key: Ed25519PrivateKey) -> str:
    kid = key_id(key.public_key())
    path = key_folder(data_dir) / f"{kid}.pem"
    if not path.exists():
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        tmp = path.with_name(f".{kid}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
        tmp.replace(path)
    return kid


def _read_private(data_dir: Path, kid: str) -> Ed25519PrivateKey | None:
    path = _private_path(data_dir, kid)
    if not path.exists():
        return None
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey) or key_id(key.public_key()) != kid:
        raise ValueError(f"{path} is not the Ed25519 private key {kid}")
    return key


def _store(db: Session, key: Ed25519PrivateKey) -> SigningKey:
    record = SigningKey(key_id=key_id(key.public_key()),
                        public_pem=public_key_pem(key.public_key()).decode(), created_at=utcnow())
    db.add(record)
    db.flush()
    return record


def _first_key(db: Session, secret_key: bytes) -> Ed25519PrivateKey:
    """A deployment that sealed certificates before keys were stored keeps the key it derived
    from its secret (so they stay valid); a new one starts with a random key."""
    from edu.certificates.models import Certificate

    if db.scalar(select(func.count()).select_from(Certificate)):
        return legacy_signing_key(secret_key)
    return Ed25519PrivateKey.generate()


def current_key(data_dir: Path, secret_key: bytes, database: Database) -> ActiveKey:
    """The key this process signs with: the newest unretired key whose private half is in its
    data folder; the first key of the deployment, or a new one for this folder, if none is."""
    with database.reader() as db:
        kids = db.scalars(select(SigningKey.key_id).where(SigningKey.retired_at.is_(None))
                          .order_by(SigningKey.created_at.desc())).all()
        any_key = bool(db.scalar(select(func.count()).select_from(SigningKey)))
    for kid in kids:
        private = _read_private(data_dir, kid)
        if private is not None:
            return ActiveKey(kid, private)
    try:
        with database.transaction() as db:
            key = _first_key(db, secret_key) if not any_key else Ed25519PrivateKey.generate()
            _write_private(data_dir, key)
            return ActiveKey(_store(db, key).key_id, key)
    except IntegrityError:
        # Another process stored the same (derived) first key a moment ago.
        return current_key(data_dir, secret_key, database)


def rotate(data_dir: Path, database: Database) -> SigningKey:
    """A new key signs from now on; every older key retires and keeps verifying."""
    key = Ed25519PrivateKey.generate()
    _write_private(data_dir, key)
    with database.transaction() as db:
        now = utcnow()
        for record in db.scalars(select(SigningKey).where(SigningKey.retired_at.is_(None))):
            record.retired_at = now
        record = _store(db, key)
        db.expunge(record)
        return record


def trusted_keys(db: Session) -> list[SigningKey]:
    """Every key that verifies certificates, newest first."""
    return list(db.scalars(select(SigningKey).order_by(SigningKey.created_at.desc())))


def key_set_json(records: list[SigningKey]) -> bytes:
    """The published key set: JWK entries (RFC 8037) with the id each seal names."""
    keys = [{
        "kid": r.key_id, "kty": "OKP", "crv": "Ed25519", "use": "sig", "alg": "EdDSA",
        "x": raw_public_key(r.public_key),
        "created": r.created_at.isoformat(),
        "retired": r.retired_at.isoformat() if r.retired_at else None,
    } for r in records]
    return json.dumps({"keys": keys}, indent=2).encode()

"""Signatures on anchors and evidence packs, with the deployment's certificate signing keys
(the key that signs now; every trusted key, by its id, verifies)."""

from __future__ import annotations

import base64
import binascii

from edu.certificates import signing
from edu.certificates.keys import key_set_json, trusted_keys
from edu.config import Settings
from edu.db import Database


def sign(settings: Settings, database: Database, message: bytes) -> tuple[str, str]:
    """(key id, signature) over `message`."""
    signed = signing.sign(settings, database, message)
    return signed.key_id, base64.b64encode(signed.signature).decode()


def signature_holds(database: Database, message: bytes, kid: str, signature: str) -> bool:
    """Whether `signature` over `message` was made with a key this deployment trusts."""
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    with database.reader() as db:
        keys = [record.public_key for record in trusted_keys(db)]
    return signing.verify_signed(keys, signing.Signed(kid, raw), message)


def public_key_set(database: Database) -> bytes:
    """Every trusted key, as published at /.well-known/edu-certificates.keys."""
    with database.reader() as db:
        return key_set_json(trusted_keys(db))

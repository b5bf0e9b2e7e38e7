"""Signatures on anchors and evidence packs, with the deployment's signing key."""

from __future__ import annotations

import base64

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from edu.certificates.signing import key_id, public_key_pem, signing_key
from edu.config import Settings


def deployment_key(settings: Settings) -> Ed25519PrivateKey:
    """The one place that picks the key evidence is signed with (the certificates' key)."""
    return signing_key(settings.secret_key)


def sign(settings: Settings, message: bytes) -> tuple[str, str]:
    """(key id, signature) over `message`."""
    key = deployment_key(settings)
    return key_id(key.public_key()), base64.b64encode(key.sign(message)).decode()


def signature_holds(settings: Settings, message: bytes, kid: str, signature: str) -> bool:
    """Whether `signature` over `message` was made with this deployment's key."""
    public = deployment_key(settings).public_key()
    if kid != key_id(public):
        return False
    try:
        public.verify(base64.b64decode(signature), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def public_pem(settings: Settings) -> bytes:
    return public_key_pem(deployment_key(settings).public_key())

"""Ed25519 seals: a certificate PDF that proves, offline, who issued it and that no byte changed.

The renderer writes a fixed-length placeholder into the PDF's metadata. `seal_pdf` hashes the
file with that placeholder in place, signs the canonical content together with that hash and
writes the seal over the placeholder (same length, so no offset in the file moves). A verifier
puts the placeholder back, hashes, and checks the signature: a change anywhere in the file,
including an appended incremental update, breaks it. The seal names the id of its key, so a
verifier picks the right one of the keys the issuer publishes (edu/certificates/keys.py keeps
them). `sign` signs any bytes with the deployment's current key, for other signed artefacts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from edu.certificates.content import CertificateContent

if TYPE_CHECKING:
    from edu.config import Settings
    from edu.db import Database

SEAL_PREFIX = b"EDUSEAL1:"
SEAL_LENGTH = 4096  # characters reserved in the PDF's Keywords entry
PLACEHOLDER = SEAL_PREFIX + b"~" * (SEAL_LENGTH - len(SEAL_PREFIX))
_SEAL_RE = re.compile(re.escape(SEAL_PREFIX)
                      + rb"[A-Za-z0-9_\-.~]{%d}" % (SEAL_LENGTH - len(SEAL_PREFIX)))


class InvalidCertificate(Exception):
    """The file is not a certificate sealed by a key we trust, or it was altered."""


def legacy_signing_key(secret_key: bytes) -> Ed25519PrivateKey:
    """The key deployments once derived from their secret key; now only migrated, as the first
    stored key of a deployment that sealed certificates with it."""
    seed = hmac.new(secret_key, b"edu.certificates.ed25519.v1", hashlib.sha256).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def raw_public_key(public_key: Ed25519PublicKey) -> str:
    """The key's 32 bytes, base64url without padding (a JWK's `x`)."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return _b64(raw).decode()


def public_key_pem(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_public_keys(pem: bytes) -> list[Ed25519PublicKey]:
    """Every Ed25519 key in a PEM file (several when keys were rotated)."""
    blocks = re.findall(rb"-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----", pem, re.DOTALL)
    keys = [serialization.load_pem_public_key(block) for block in blocks]
    if not keys or not all(isinstance(k, Ed25519PublicKey) for k in keys):
        raise ValueError("no Ed25519 public key in this file")
    return keys  # type: ignore[return-value]


def load_key_set(data: bytes) -> list[Ed25519PublicKey]:
    """The keys of a published key set: JSON (`/.well-known/edu-certificates.keys`) or PEM."""
    if not data.lstrip().startswith(b"{"):
        return load_public_keys(data)
    try:
        entries = json.loads(data)["keys"]
        keys = [Ed25519PublicKey.from_public_bytes(_unb64(e["x"].encode())) for e in entries
                if e.get("kty") == "OKP" and e.get("crv") == "Ed25519"]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError("not a key set: expected {\"keys\": [Ed25519 JWKs]}") from exc
    if not keys:
        raise ValueError("no Ed25519 key in this key set")
    return keys


@dataclass(frozen=True)
class Signed:
    key_id: str
    signature: bytes


def sign(settings: Settings, database: Database, message: bytes) -> Signed:
    """Sign bytes with the deployment's current key; the id names the published key that
    verifies the signature (`verify_signed`)."""
    from edu.certificates.keys import current_key

    active = current_key(settings.data_dir, settings.secret_key, database)
    return Signed(active.key_id, active.private_key.sign(message))


def verify_signed(public_keys: list[Ed25519PublicKey], signed: Signed, message: bytes) -> bool:
    """Whether a trusted key with the signature's id signed exactly these bytes."""
    key = next((k for k in public_keys if key_id(k) == signed.key_id), None)
    if key is None:
        return False
    try:
        key.verify(signed.signature, message)
    except InvalidSignature:
        return False
    return True


def _b64(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def _unb64(data: bytes) -> bytes:
    return base64.urlsafe_b64decode(data + b"=" * (-len(data) % 4))


def _signed_message(canonical: bytes, file_digest: bytes) -> bytes:
    return b"edu-certificate-v1\x00" + hashlib.sha256(canonical).digest() + file_digest


def seal_pdf(pdf: bytes, content: CertificateContent, key: Ed25519PrivateKey) -> bytes:
    """The PDF with its placeholder replaced by the signed seal."""
    if pdf.count(PLACEHOLDER) != 1:
        raise ValueError("the PDF must carry the seal placeholder exactly once")
    canonical = content.canonical()
    digest = hashlib.sha256(pdf).digest()
    signature = key.sign(_signed_message(canonical, digest))
    kid = key_id(key.public_key()).encode()
    body = b".".join([kid, _b64(canonical), _b64(digest), _b64(signature)])
    seal = SEAL_PREFIX + body
    if len(seal) > SEAL_LENGTH:
        raise ValueError("certificate content too long for the seal")
    return pdf.replace(PLACEHOLDER, seal + b"~" * (SEAL_LENGTH - len(seal)))


@dataclass(frozen=True)
class SealCheck:
    content: CertificateContent
    key_id: str


def _the_seal(pdf: bytes) -> bytes:
    seals = _SEAL_RE.findall(pdf)
    if len(seals) != 1:
        raise InvalidCertificate("no certificate seal in this file")
    return seals[0]


def seal_key_id(pdf: bytes) -> str:
    """The id of the key a certificate says it was sealed with (not yet checked)."""
    return _the_seal(pdf)[len(SEAL_PREFIX):].split(b".", 1)[0].decode("ascii", "replace")


def check_seal(pdf: bytes, public_keys: list[Ed25519PublicKey]) -> SealCheck:
    """The signed content of a sealed PDF; raises InvalidCertificate if anything is off."""
    seal = _the_seal(pdf)
    try:
        body = seal[len(SEAL_PREFIX) :].rstrip(b"~")
        kid, canonical_b64, digest_b64, signature_b64 = body.split(b".")
        canonical, digest, signature = map(_unb64, (canonical_b64, digest_b64, signature_b64))
    except ValueError as exc:
        raise InvalidCertificate("malformed certificate seal") from exc
    if hashlib.sha256(pdf.replace(seal, PLACEHOLDER)).digest() != digest:
        raise InvalidCertificate("the file was changed after it was sealed")
    key = next((k for k in public_keys if key_id(k).encode() == kid), None)
    if key is None:
        raise InvalidCertificate("sealed with a key that is not trusted here")
    try:
        key.verify(signature, _signed_message(canonical, digest))
    except InvalidSignature as exc:
        raise InvalidCertificate("the signature does not match") from exc
    return SealCheck(CertificateContent.from_canonical(canonical), kid.decode())

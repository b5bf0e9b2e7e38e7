"""Unguessable codes, and the hashes under which they are stored.

Codes that must be shown again later (a calendar URL, a ticket, a verification code) are
derived with HMAC from the server's secret key and the record they belong to, so the database
keeps only their hashes and a copy of it alone reveals none of them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets


def new_token(prefix: str) -> str:
    """A random bearer token (256 bits) with a prefix that tells what it is for."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def hash_secret(value: str) -> str:
    """SHA-256, hex: enough for high-entropy secrets, and fast enough for every request."""
    return hashlib.sha256(value.encode()).hexdigest()


def derive_code(key: bytes, purpose: str, *parts: object, length: int = 26) -> str:
    """An upper-case base32 code (5 bits a character) bound to a purpose and a record."""
    msg = "\x1f".join([purpose, *map(str, parts)]).encode()
    digest = hmac.new(key, msg, hashlib.sha256).digest()
    return base64.b32encode(digest).decode().rstrip("=")[:length]

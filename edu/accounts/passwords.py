"""Passwords: Argon2id hashes, and the rules a new password must meet."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from edu.errors import Problem

MIN_LENGTH = 12
MAX_LENGTH = 256  # hashing a megabyte of "password" is a denial of service, not a password
_hasher = PasswordHasher()  # Argon2id with the library's RFC 9106 low-memory parameters
# Verified when the username is unknown, so a wrong name takes as long as a wrong password.
_DUMMY = _hasher.hash("not a password of anyone")


@cache
def _common() -> frozenset[str]:
    path = Path(__file__).parent / "common-passwords.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problems(password: str, username: str = "") -> list[Problem]:
    """Why a new password may not be used (empty: it may)."""
    if len(password) < MIN_LENGTH:
        return [Problem("PASSWORD_TOO_SHORT", "password",
                        f"A password has at least {MIN_LENGTH} characters.")]
    if len(password) > MAX_LENGTH:
        return [Problem("TOO_LONG", "password", f"A password has at most {MAX_LENGTH} "
                                                "characters.")]
    lowered = password.lower()
    if lowered in _common() or (username and username.lower() in lowered):
        return [Problem("PASSWORD_TOO_COMMON", "password",
                        "This password is among the most common ones, or contains the "
                        "username: choose another.")]
    return []


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether the password matches; an unknown account (None) costs the same time."""
    try:
        return _hasher.verify(password_hash or _DUMMY, password[:MAX_LENGTH]) and bool(
            password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)

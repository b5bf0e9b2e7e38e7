"""Two-factor sign-in with TOTP (RFC 6238, what authenticator apps speak) and recovery codes.

The secret must be read again to check each code, so it cannot be hashed: it is sealed with
AES-GCM under a key derived from the server's secret key (outside the database), so a copy of
the database or a backup alone cannot make codes, and it is shown only while enrolling.
Recovery codes are random and stored as HMACs under the same key; each works once. A code is
accepted for its own 30-second step and one either side (a phone's clock drifts), and never
twice: the account keeps the step of its last accepted code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import datetime

import pyotp
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from edu.accounts.models import BrowserSession, RecoveryCode, SignInChallenge, StaffAccount
from edu.audit import record
from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.db import utcnow
from edu.errors import Unauthenticated, UserError

ISSUER = "KPU NTB edu"
STEP_SECONDS = 30
DRIFT_STEPS = 1
RECOVERY_CODES = 10
# Crockford-like: no 0/O or 1/I/L to misread on paper; 10 characters are 50 bits.
_RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _cipher(key: bytes) -> AESGCM:
    return AESGCM(hmac.new(key, b"edu.totp.seal", hashlib.sha256).digest())


def seal(key: bytes, account_id: int, secret: str) -> str:
    """The secret encrypted for this account (the account id is bound in as associated data)."""
    nonce = os.urandom(12)
    sealed = nonce + _cipher(key).encrypt(nonce, secret.encode(), str(account_id).encode())
    return base64.b64encode(sealed).decode()


def unseal(key: bytes, account_id: int, sealed: str) -> str | None:
    """The secret, or None when the server's key changed since (the admin clears TOTP)."""
    raw = base64.b64decode(sealed)
    try:
        return _cipher(key).decrypt(raw[:12], raw[12:], str(account_id).encode()).decode()
    except InvalidTag:
        return None


def current_step(now: datetime | None = None) -> int:
    return int((now or utcnow()).timestamp()) // STEP_SECONDS


@dataclass(frozen=True)
class CodeCheck:
    """Which step a code matched (None: wrong), or that it was used already."""

    step: int | None = None
    replayed: bool = False


def check_code(secret: str, code: str, last_step: int | None,
               now: datetime | None = None) -> CodeCheck:
    """Whether a 6-digit code is right now (± one step) and newer than the last one used."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return CodeCheck()
    totp = pyotp.TOTP(secret)
    here = current_step(now)
    for step in range(here - DRIFT_STEPS, here + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            if last_step is not None and step <= last_step:
                return CodeCheck(replayed=True)
            return CodeCheck(step=step)
    return CodeCheck()


def _normal_recovery(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def recovery_hash(key: bytes, code: str) -> str:
    return hmac.new(key, b"edu.totp.recovery\x1f" + _normal_recovery(code).encode(),
                    hashlib.sha256).hexdigest()


def _new_recovery_code() -> str:
    chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
    return f"{chars[:5]}-{chars[5:]}"


def looks_like_recovery(code: str) -> bool:
    """A recovery code has letters or ten characters; a TOTP code six digits."""
    return len(_normal_recovery(code)) == 10


def use_recovery_code(db: Session, principal: Principal, key: bytes, account: StaffAccount,
                      code: str) -> bool:
    """Spend one unused recovery code of the account (audited); whether it was one."""
    found = db.scalar(select(RecoveryCode).where(
        RecoveryCode.account_id == account.id, RecoveryCode.used_at.is_(None),
        RecoveryCode.code_hash == recovery_hash(key, code)).with_for_update())
    if found is None:
        return False
    found.used_at = utcnow()
    left = recovery_codes_left(db, account.id)
    record(db, principal, "totp.recovery_use", account, after={"codes_left": left})
    return True


def recovery_codes_left(db: Session, account_id: int) -> int:
    return db.scalar(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.account_id == account_id, RecoveryCode.used_at.is_(None))) or 0


def _own_account(db: Session, principal: Principal) -> StaffAccount:
    if principal.staff_id is None:
        raise Unauthenticated()
    account = db.scalar(select(StaffAccount).where(StaffAccount.staff_id == principal.staff_id)
                        .with_for_update())
    if account is None:
        raise Unauthenticated("Only a staff member with an account has two-factor sign-in.")
    return account


@dataclass(frozen=True)
class TotpStatus:
    enabled: bool
    required: bool  # admins must keep it
    recovery_left: int


def totp_status(db: Session, principal: Principal) -> TotpStatus:
    """Whether the signed-in person has two-factor sign-in, and recovery codes left."""
    account = _own_account(db, principal)
    return TotpStatus(account.totp_enabled_at is not None, principal.role is Role.ADMIN,
                      recovery_codes_left(db, account.id))


@dataclass(frozen=True)
class Enrolment:
    """What the person copies into their app: the secret as text, and as a QR's URI."""

    secret: str
    uri: str
    username: str


def begin_totp(db: Session, principal: Principal, *, key: bytes) -> Enrolment:
    """A secret waiting for its first code (the same one until confirmed, so reloading the
    page does not undo a scan); refused when two-factor sign-in is already on."""
    account = _own_account(db, principal)
    if account.totp_enabled_at is not None:
        raise UserError("TOTP_ALREADY_ENABLED", "code", "Two-factor sign-in is already on.")
    secret = unseal(key, account.id, account.totp_secret) if account.totp_secret else None
    if secret is None:
        secret = pyotp.random_base32()
        account.totp_secret = seal(key, account.id, secret)
    uri = pyotp.TOTP(secret).provisioning_uri(name=account.username, issuer_name=ISSUER)
    return Enrolment(secret, uri, account.username)


def confirm_totp(db: Session, principal: Principal, *, key: bytes, code: str) -> list[str]:
    """Turn two-factor sign-in on with a first right code; the new recovery codes, which are
    shown this once (only their HMACs are kept)."""
    account = _own_account(db, principal)
    if account.totp_enabled_at is not None:
        raise UserError("TOTP_ALREADY_ENABLED", "code", "Two-factor sign-in is already on.")
    secret = unseal(key, account.id, account.totp_secret) if account.totp_secret else None
    if secret is None:
        raise UserError("TOTP_NOT_STARTED", "code", "Open the enrolment page again.")
    check = check_code(secret, code, None)
    if check.step is None:
        raise UserError("BAD_CODE", "code", "This code is not right: type the 6 digits your "
                                            "app shows now.")
    account.totp_enabled_at = utcnow()
    account.totp_last_step = check.step
    db.execute(delete(RecoveryCode).where(RecoveryCode.account_id == account.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    db.add_all(RecoveryCode(account_id=account.id, code_hash=recovery_hash(key, c))
               for c in codes)
    record(db, principal, "totp.enrol", account, after={"recovery_codes": len(codes)})
    return codes


def _clear(db: Session, account: StaffAccount) -> None:
    account.totp_secret = None
    account.totp_enabled_at = None
    account.totp_last_step = None
    db.execute(delete(RecoveryCode).where(RecoveryCode.account_id == account.id))
    db.execute(delete(SignInChallenge).where(SignInChallenge.account_id == account.id))


def disable_totp(db: Session, principal: Principal, *, key: bytes, code: str) -> None:
    """Turn two-factor sign-in off with a current code; admins must keep theirs."""
    if principal.role is Role.ADMIN:
        raise UserError("TOTP_REQUIRED", "code", "An administrator keeps two-factor sign-in.")
    account = _own_account(db, principal)
    if account.totp_enabled_at is None or account.totp_secret is None:
        raise UserError("TOTP_NOT_ENABLED", "code", "Two-factor sign-in is not on.")
    secret = unseal(key, account.id, account.totp_secret)
    check = check_code(secret or "", code, account.totp_last_step)
    if check.step is None:
        raise UserError("CODE_USED" if check.replayed else "BAD_CODE", "code",
                        "This code is not right, or was used already: type the next one.")
    _clear(db, account)
    record(db, principal, "totp.disable", account)


def clear_totp(db: Session, principal: Principal | None, username: str) -> StaffAccount:
    """An administrator's (or the command line's) way back in for a person who lost their
    phone and codes: two-factor sign-in off, the lock lifted, open sessions ended (an admin
    enrols again at the next sign-in)."""
    if principal is not None:
        principal.require_staff(Role.ADMIN)
    account = db.scalar(select(StaffAccount).where(
        StaffAccount.username == username.strip().lower()).with_for_update())
    if account is None:
        raise UserError("UNKNOWN_USER", "username", f"No user {username!r}.")
    had = account.totp_enabled_at is not None
    _clear(db, account)
    account.failed_count = 0
    account.locked_until = None
    db.execute(update(BrowserSession).where(BrowserSession.staff_id == account.staff_id,
                                            BrowserSession.revoked_at.is_(None))
               .values(revoked_at=utcnow()))
    record(db, principal, "totp.clear", account, after={"was_enabled": had})
    return account

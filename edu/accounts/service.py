"""Staff accounts: creating, listing, disabling and resetting them; signing in and out.

Sign-in failures are counted in the database (never in process memory, so any number of app
processes share the limits): per account (five in a row lock it for a quarter of an hour) and
per client (too many failures from one address in a quarter of an hour refuse it for a while).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from edu.accounts.models import BrowserSession, SignInFailure, StaffAccount
from edu.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from edu.audit import record
from edu.auth.models import Role, Staff
from edu.auth.principal import Principal
from edu.auth.service import new_staff
from edu.db import utcnow
from edu.errors import UserError
from edu.secrets import hash_secret, new_token

ACCOUNT_FAILURES = 5  # in a row, then the account is locked
LOCK = timedelta(minutes=15)
CLIENT_FAILURES = 20  # from one client within CLIENT_WINDOW, on any accounts
CLIENT_WINDOW = timedelta(minutes=15)
IDLE = timedelta(minutes=30)  # a browser session unused this long is over
# last_seen_at is written at most this often: a page view need not be a write.
TOUCH_EVERY = timedelta(minutes=1)
SESSION_PREFIX = "edub"
USERNAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-")


def _username(value: str) -> str:
    name = value.strip().lower()
    if not 3 <= len(name) <= 64 or not set(name) <= USERNAME_CHARS:
        raise UserError("INVALID_USERNAME", "username",
                        "A username has 3 to 64 letters, digits, dots, dashes or underscores.")
    return name


def _check_password(password: str, username: str) -> None:
    problems = password_problems(password, username)
    if problems:
        raise UserError.many(problems)


def create_user(db: Session, principal: Principal | None, *, username: str, password: str,
                role: Role, name: str, region_code: str | None = None,
                university_code: str | None = None, email: str | None = None) -> StaffAccount:
    """A new staff member who signs in with a username and password (None: the command line);
    their email, if given, receives their notices."""
    if principal is not None:
        principal.require_staff(Role.ADMIN)
    username = _username(username)
    _check_password(password, username)
    if db.scalar(select(StaffAccount.id).where(StaffAccount.username == username)):
        raise UserError("USERNAME_TAKEN", "username", f"The username {username!r} is taken.")
    staff = new_staff(db, role=role, name=name, region_code=region_code,
                      university_code=university_code, email=email)
    account = StaffAccount(staff_id=staff.id, username=username,
                           password_hash=hash_password(password))
    db.add(account)
    db.flush()
    record(db, principal, "user.create", account,
           after={"username": username, "role": str(role), "name": staff.full_name,
                  "region": region_code, "university": university_code,
                  "email": staff.email})
    return account


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    name: str
    role: Role
    region_code: str | None
    university_id: int | None
    disabled: bool
    locked_until: datetime | None


def list_users(db: Session, principal: Principal | None) -> list[UserInfo]:
    """Every account, by username."""
    if principal is not None:
        principal.require_staff(Role.ADMIN)
    rows = db.execute(select(StaffAccount, Staff).join(Staff, Staff.id == StaffAccount.staff_id)
                      .order_by(StaffAccount.username)).all()
    return [UserInfo(a.id, a.username, s.full_name, s.role, s.region_code, s.university_id,
                     a.disabled_at is not None, a.locked_until) for a, s in rows]


def _account(db: Session, username: str) -> StaffAccount:
    account = db.scalar(select(StaffAccount).where(StaffAccount.username ==
                                                   username.strip().lower()))
    if account is None:
        raise UserError("UNKNOWN_USER", "username", f"No user {username!r}.")
    return account


def _revoke_sessions(db: Session, staff_id: int) -> int:
    result = db.execute(update(BrowserSession)
                        .where(BrowserSession.staff_id == staff_id,
                               BrowserSession.revoked_at.is_(None))
                        .values(revoked_at=utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)


def disable_user(db: Session, principal: Principal | None, username: str) -> StaffAccount:
    """The account can no longer sign in, and its open browser sessions end now."""
    if principal is not None:
        principal.require_staff(Role.ADMIN)
    account = _account(db, username)
    if account.disabled_at is None:
        account.disabled_at = utcnow()
        ended = _revoke_sessions(db, account.staff_id)
        record(db, principal, "user.disable", account, after={"sessions_ended": ended})
    return account


def reset_password(db: Session, principal: Principal | None, username: str,
                   password: str) -> StaffAccount:
    """A new password; the lock is lifted, the account enabled, every open session ended."""
    if principal is not None:
        principal.require_staff(Role.ADMIN)
    account = _account(db, username)
    _check_password(password, account.username)
    account.password_hash = hash_password(password)
    account.password_changed_at = utcnow()
    account.failed_count = 0
    account.locked_until = None
    account.disabled_at = None
    ended = _revoke_sessions(db, account.staff_id)
    record(db, principal, "user.reset", account, after={"sessions_ended": ended})
    return account


@dataclass(frozen=True)
class SignIn:
    """What a sign-in came to: a session token, or why not (and until when, if locked)."""

    token: str | None = None
    refused: str | None = None  # BAD_CREDENTIALS, ACCOUNT_LOCKED, TOO_MANY_ATTEMPTS
    until: datetime | None = None


def _principal(staff: Staff) -> Principal:
    return Principal(name=staff.full_name, role=staff.role, staff_id=staff.id,
                     region_code=staff.region_code, university_id=staff.university_id)


def _client_blocked_until(db: Session, client: str, now: datetime) -> datetime | None:
    since = now - CLIENT_WINDOW
    count, first = db.execute(select(func.count(), func.min(SignInFailure.at))
                              .where(SignInFailure.client == client,
                                     SignInFailure.at > since)).one()
    if count >= CLIENT_FAILURES and first is not None:
        return first + CLIENT_WINDOW
    return None


def sign_in(db: Session, *, username: str, password: str, client: str) -> SignIn:
    """Check a username and password; failures are written (and audited), not raised, so the
    caller commits them like a success."""
    now = utcnow()
    name = username.strip().lower()[:64]
    client = client[:64]
    blocked = _client_blocked_until(db, client, now)
    if blocked is not None:
        return SignIn(refused="TOO_MANY_ATTEMPTS", until=blocked)
    account = db.scalar(select(StaffAccount).where(StaffAccount.username == name)
                        .with_for_update())
    if account is not None and account.locked_until is not None and account.locked_until > now:
        return SignIn(refused="ACCOUNT_LOCKED", until=account.locked_until)
    good = verify_password(account.password_hash if account else None, password)
    if account is None or not good or account.disabled_at is not None:
        failure = SignInFailure(client=client, username=name, at=now)
        db.add(failure)
        db.flush()
        until = None
        if account is not None and account.disabled_at is None:
            account.failed_count += 1
            if account.failed_count >= ACCOUNT_FAILURES:
                account.failed_count = 0
                account.locked_until = until = now + LOCK
        record(db, None, "signin.fail", account or failure,
               after={"username": name, "client": client, "locked_until": until})
        if until is not None:
            return SignIn(refused="ACCOUNT_LOCKED", until=until)
        return SignIn(refused="BAD_CREDENTIALS")
    staff = db.get(Staff, account.staff_id)
    assert staff is not None
    account.failed_count = 0
    account.locked_until = None
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    token = new_token(SESSION_PREFIX)
    db.add(BrowserSession(token_hash=hash_secret(token), staff_id=staff.id, created_at=now,
                          last_seen_at=now))
    record(db, _principal(staff), "signin", account, after={"client": client})
    return SignIn(token=token)


def session_principal(db: Session, token: str | None) -> Principal | None:
    """The staff member behind a browser session's cookie, or None (unknown, revoked, idle too
    long, or the account disabled since)."""
    if not token:
        return None
    now = utcnow()
    row = db.execute(
        select(BrowserSession, Staff)
        .join(Staff, Staff.id == BrowserSession.staff_id)
        .join(StaffAccount, StaffAccount.staff_id == Staff.id)
        .where(BrowserSession.token_hash == hash_secret(token),
               BrowserSession.revoked_at.is_(None), StaffAccount.disabled_at.is_(None),
               BrowserSession.last_seen_at > now - IDLE)
    ).first()
    if row is None:
        return None
    browser, staff = row
    if now - browser.last_seen_at > TOUCH_EVERY:
        browser.last_seen_at = now
    return _principal(staff)


def sign_out(db: Session, principal: Principal, token: str, *, everywhere: bool = False) -> int:
    """End this browser session, or every session of the person; how many ended."""
    assert principal.staff_id is not None
    if everywhere:
        ended = _revoke_sessions(db, principal.staff_id)
    else:
        result = db.execute(update(BrowserSession)
                            .where(BrowserSession.token_hash == hash_secret(token),
                                   BrowserSession.staff_id == principal.staff_id,
                                   BrowserSession.revoked_at.is_(None))
                            .values(revoked_at=utcnow()))
        ended = int(getattr(result, "rowcount", 0) or 0)
    staff = db.get(Staff, principal.staff_id)
    record(db, principal, "signout.everywhere" if everywhere else "signout", staff,
           after={"sessions_ended": ended})
    return ended

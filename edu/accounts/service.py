"""Staff accounts: creating, listing, disabling and resetting them; signing in and out.

Sign-in failures are counted in the database (never in process memory, so any number of app
processes share the limits): per account (five in a row lock it for a quarter of an hour) and
per client (too many failures from one address in a quarter of an hour refuse it for a while).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session

from edu.accounts.models import BrowserSession, SignInChallenge, SignInFailure, StaffAccount
from edu.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from edu.accounts.totp import (
    CodeCheck,
    check_code,
    confirm_totp,
    looks_like_recovery,
    unseal,
    use_recovery_code,
)
from edu.audit import record
from edu.auth.models import Role, Staff
from edu.auth.principal import Principal
from edu.auth.service import new_staff, staff_scope
from edu.db import utcnow
from edu.errors import NotFound, UserError
from edu.secrets import hash_secret, new_token
from edu.universities.models import University

ACCOUNT_FAILURES = 5  # in a row, then the account is locked
LOCK = timedelta(minutes=15)
CLIENT_FAILURES = 20  # from one client within CLIENT_WINDOW, on any accounts
CLIENT_WINDOW = timedelta(minutes=15)
IDLE = timedelta(minutes=30)  # a browser session unused this long is over
# last_seen_at is written at most this often: a page view need not be a write.
TOUCH_EVERY = timedelta(minutes=1)
SESSION_PREFIX = "edub"
CHALLENGE_PREFIX = "edu2"
CODE_TIME = timedelta(minutes=5)  # to type the code after the password
ENROL_TIME = timedelta(minutes=15)  # to install an app and scan the code
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
    totp: bool = False
    university_code: str | None = None
    staff_id: int | None = None


def _users(principal: Principal | None) -> Select[StaffAccount, Staff, str | None]:
    if principal is not None:
        principal.require_staff(Role.ADMIN)
    return (select(StaffAccount, Staff, University.code)
            .join(Staff, Staff.id == StaffAccount.staff_id)
            .outerjoin(University, University.id == Staff.university_id))


def _info(a: StaffAccount, s: Staff, university: str | None) -> UserInfo:
    return UserInfo(a.id, a.username, s.full_name, s.role, s.region_code, s.university_id,
                    a.disabled_at is not None, a.locked_until, a.totp_enabled_at is not None,
                    university, s.id)


def list_users(db: Session, principal: Principal | None) -> list[UserInfo]:
    """Every account, by username."""
    rows = db.execute(_users(principal).order_by(StaffAccount.username)).all()
    return [_info(a, s, u) for a, s, u in rows]


def page_users(db: Session, principal: Principal, offset: int,
               limit: int) -> tuple[int, list[UserInfo]]:
    """One page of the accounts, by username, and how many there are (admins only)."""
    stmt = _users(principal)
    total = db.scalar(select(func.count()).select_from(StaffAccount)) or 0
    rows = db.execute(stmt.order_by(StaffAccount.username).offset(offset).limit(limit)).all()
    return total, [_info(a, s, u) for a, s, u in rows]


def get_user(db: Session, principal: Principal, username: str) -> UserInfo:
    """One account by username (admins only); NotFound when there is none."""
    row = db.execute(_users(principal).where(
        StaffAccount.username == username.strip().lower())).first()
    if row is None:
        raise NotFound("username", "user")
    return _info(row[0], row[1], row[2])


def change_role(db: Session, principal: Principal, username: str, *, role: Role,
                region_code: str | None, university_code: str | None) -> StaffAccount:
    """A new role and scope for someone else (admins only; nobody demotes themselves). Made
    an admin without two-factor sign-in, the person signs in again and enrols."""
    principal.require_staff(Role.ADMIN)
    account = _account(db, username)
    staff = db.get(Staff, account.staff_id)
    assert staff is not None
    if staff.id == principal.staff_id:
        raise UserError("SELF", "username", "Ask another administrator to change your own "
                                            "role.")
    university_id = staff_scope(db, role=role, region_code=region_code,
                                university_code=university_code)
    before = {"role": staff.role, "region": staff.region_code, "university": staff.university_id}
    staff.role, staff.region_code, staff.university_id = role, region_code, university_id
    ended = 0
    if role is Role.ADMIN and account.totp_enabled_at is None:
        ended = _revoke_sessions(db, staff.id)
    record(db, principal, "user.role", account, before=before,
           after={"role": role, "region": region_code, "university": university_id,
                  "sessions_ended": ended})
    return account


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
    if principal is not None and account.staff_id == principal.staff_id:
        raise UserError("SELF", "username", "Ask another administrator to disable your own "
                                            "account.")
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
    """What a sign-in came to: a session token, a second step still due (its challenge token
    and which step: CODE or ENROL), or why not (and until when, if locked)."""

    token: str | None = None
    refused: str | None = None  # BAD_CREDENTIALS, ACCOUNT_LOCKED, TOO_MANY_ATTEMPTS, BAD_CODE…
    until: datetime | None = None
    challenge: str | None = None
    step: str | None = None


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


def _fail(db: Session, account: StaffAccount | None, name: str, client: str, now: datetime,
          step: str = "password") -> datetime | None:
    """Count a refused password or code against the client and the account (five in a row
    lock it); audited. Until when the account is now locked, if it is."""
    failure = SignInFailure(client=client, username=name, at=now)
    db.add(failure)
    db.flush()
    until = None
    if account is not None and account.disabled_at is None:
        account.failed_count += 1
        if account.failed_count >= ACCOUNT_FAILURES:
            account.failed_count = 0
            account.locked_until = until = now + LOCK
            # A locked account has no half sign-in waiting either.
            db.execute(delete(SignInChallenge).where(SignInChallenge.account_id == account.id))
    record(db, None, "signin.fail", account or failure,
           after={"username": name, "client": client, "locked_until": until, "step": step})
    return until


def _open_session(db: Session, account: StaffAccount, staff: Staff, *, client: str,
                  user_agent: str | None, now: datetime, second_factor: str | None) -> str:
    account.failed_count = 0
    account.locked_until = None
    token = new_token(SESSION_PREFIX)
    db.add(BrowserSession(token_hash=hash_secret(token), staff_id=staff.id, created_at=now,
                          last_seen_at=now, client=client, user_agent=user_agent))
    record(db, _principal(staff), "signin", account,
           after={"client": client, "second_factor": second_factor})
    return token


def _challenge(db: Session, account: StaffAccount, step: str, client: str,
               user_agent: str | None, now: datetime) -> str:
    db.execute(delete(SignInChallenge).where(SignInChallenge.expires_at <= now))
    token = new_token(CHALLENGE_PREFIX)
    db.add(SignInChallenge(token_hash=hash_secret(token), account_id=account.id, step=step,
                           client=client, user_agent=user_agent,
                           expires_at=now + (ENROL_TIME if step == "ENROL" else CODE_TIME)))
    return token


def sign_in(db: Session, *, username: str, password: str, client: str,
            user_agent: str | None = None) -> SignIn:
    """Check a username and password; failures are written (and audited), not raised, so the
    caller commits them like a success. With two-factor sign-in on (or due: an admin without
    it), a right password gives a short-lived challenge, not yet a session."""
    now = utcnow()
    name = username.strip().lower()[:64]
    client = client[:64]
    user_agent = user_agent[:200] if user_agent else None
    blocked = _client_blocked_until(db, client, now)
    if blocked is not None:
        return SignIn(refused="TOO_MANY_ATTEMPTS", until=blocked)
    account = db.scalar(select(StaffAccount).where(StaffAccount.username == name)
                        .with_for_update())
    if account is not None and account.locked_until is not None and account.locked_until > now:
        return SignIn(refused="ACCOUNT_LOCKED", until=account.locked_until)
    good = verify_password(account.password_hash if account else None, password)
    if account is None or not good or account.disabled_at is not None:
        until = _fail(db, account, name, client, now)
        if until is not None:
            return SignIn(refused="ACCOUNT_LOCKED", until=until)
        return SignIn(refused="BAD_CREDENTIALS")
    staff = db.get(Staff, account.staff_id)
    assert staff is not None
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    # The failure count stays until the second step passes: a known password does not buy
    # fresh guesses at the code.
    if account.totp_enabled_at is not None:
        return SignIn(challenge=_challenge(db, account, "CODE", client, user_agent, now),
                      step="CODE")
    if staff.role is Role.ADMIN:
        return SignIn(challenge=_challenge(db, account, "ENROL", client, user_agent, now),
                      step="ENROL")
    return SignIn(token=_open_session(db, account, staff, client=client, user_agent=user_agent,
                                      now=now, second_factor=None))


def _waiting(db: Session, token: str | None, step: str, now: datetime, *, lock: bool = True
             ) -> tuple[SignInChallenge, StaffAccount, Staff] | None:
    """The challenge of a cookie with its account, locked (by default) so two answers with
    the same code are checked one after the other."""
    if not token:
        return None
    stmt = (select(SignInChallenge, StaffAccount, Staff)
            .join(StaffAccount, StaffAccount.id == SignInChallenge.account_id)
            .join(Staff, Staff.id == StaffAccount.staff_id)
            .where(SignInChallenge.token_hash == hash_secret(token),
                   SignInChallenge.step == step, SignInChallenge.expires_at > now,
                   StaffAccount.disabled_at.is_(None)))
    row = db.execute(stmt.with_for_update(of=StaffAccount) if lock else stmt).first()
    if row is None:
        return None
    challenge, account, staff = row
    return challenge, account, staff


def challenge_principal(db: Session, token: str | None, step: str) -> Principal | None:
    """Who a half sign-in belongs to (None: unknown, expired, or another step): enough for
    the enrolment page, nothing more."""
    found = _waiting(db, token, step, utcnow(), lock=False)
    return _principal(found[2]) if found else None


def answer_challenge(db: Session, *, token: str | None, code: str, key: bytes,
                     client: str) -> SignIn:
    """The second step: a 6-digit code or a recovery code. A wrong or replayed one counts
    like a wrong password; written, not raised, so the caller commits it."""
    now = utcnow()
    client = client[:64]
    found = _waiting(db, token, "CODE", now)
    if found is None:
        return SignIn(refused="CHALLENGE_EXPIRED")
    challenge, account, staff = found
    blocked = _client_blocked_until(db, client, now)
    if blocked is not None:
        return SignIn(refused="TOO_MANY_ATTEMPTS", until=blocked)
    if account.locked_until is not None and account.locked_until > now:
        return SignIn(refused="ACCOUNT_LOCKED", until=account.locked_until)
    principal = _principal(staff)
    factor = None
    if looks_like_recovery(code):
        if use_recovery_code(db, principal, key, account, code):
            factor = "recovery"
        check = CodeCheck()
    else:
        secret = unseal(key, account.id, account.totp_secret) if account.totp_secret else None
        check = check_code(secret or "", code, account.totp_last_step, now)
        if check.step is not None:
            account.totp_last_step = check.step
            factor = "totp"
    if factor is None:
        until = _fail(db, account, account.username, client, now, step="code")
        if until is not None:
            return SignIn(refused="ACCOUNT_LOCKED", until=until)
        return SignIn(refused="CODE_USED" if check.replayed else "BAD_CODE")
    db.delete(challenge)
    return SignIn(token=_open_session(db, account, staff, client=challenge.client,
                                      user_agent=challenge.user_agent, now=now,
                                      second_factor=factor))


def finish_enrolment(db: Session, *, token: str | None, code: str,
                     key: bytes) -> tuple[SignIn, list[str]]:
    """An admin's first sign-in: the enrolment's first right code opens the session; the
    recovery codes to show once. A wrong code raises UserError (nothing written)."""
    now = utcnow()
    found = _waiting(db, token, "ENROL", now)
    if found is None:
        return SignIn(refused="CHALLENGE_EXPIRED"), []
    challenge, account, staff = found
    codes = confirm_totp(db, _principal(staff), key=key, code=code)
    db.delete(challenge)
    return SignIn(token=_open_session(db, account, staff, client=challenge.client,
                                      user_agent=challenge.user_agent, now=now,
                                      second_factor="totp")), codes


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


def my_sessions(db: Session, principal: Principal) -> list[BrowserSession]:
    """The signed-in person's open browser sessions, the latest used first."""
    assert principal.staff_id is not None
    return list(db.scalars(select(BrowserSession).where(
        BrowserSession.staff_id == principal.staff_id, BrowserSession.revoked_at.is_(None),
        BrowserSession.last_seen_at > utcnow() - IDLE)
        .order_by(BrowserSession.last_seen_at.desc(), BrowserSession.id.desc())))


def end_my_session(db: Session, principal: Principal, session_id: int) -> None:
    """End one of the person's own browser sessions (another's looks like none)."""
    assert principal.staff_id is not None
    browser = db.get(BrowserSession, session_id)
    if browser is None or browser.staff_id != principal.staff_id or \
            browser.revoked_at is not None:
        raise NotFound("session", "browser session")
    browser.revoked_at = utcnow()
    record(db, principal, "signout.session", browser)


def is_current(browser: BrowserSession, token: str) -> bool:
    """Whether this row is the session of the cookie the request came with."""
    return browser.token_hash == hash_secret(token)


def wrong_code_signed_in(db: Session, principal: Principal, *, client: str) -> datetime | None:
    """A wrong code typed by someone signed in (turning two-factor sign-in off), counted like
    a wrong password; at the lock their sessions end too, so a borrowed session cannot guess
    on. Until when the account is locked, if it now is."""
    account = db.scalar(select(StaffAccount).where(StaffAccount.staff_id == principal.staff_id)
                        .with_for_update())
    if account is None:
        return None
    until = _fail(db, account, account.username, client[:64], utcnow(), step="code")
    if until is not None:
        _revoke_sessions(db, account.staff_id)
    return until

"""Two-factor sign-in (TOTP) in the accounts service: enrolment, the second step after the
password, replay, lock-out shared with passwords, recovery codes once each, admins who must
keep it, and clearing it from the command line; every step audited, nothing in clear text."""

from __future__ import annotations

import pyotp
import pytest
from sqlalchemy import func, select, update

from edu.accounts.models import BrowserSession, RecoveryCode, SignInChallenge, StaffAccount
from edu.accounts.service import (
    ACCOUNT_FAILURES,
    CODE_TIME,
    _principal,
    answer_challenge,
    challenge_principal,
    change_role,
    finish_enrolment,
    sign_in,
)
from edu.accounts.totp import (
    RECOVERY_CODES,
    begin_totp,
    check_code,
    confirm_totp,
    current_step,
    disable_totp,
    seal,
    totp_status,
    unseal,
)
from edu.audit import AuditEvent
from edu.auth.models import Role, Staff
from edu.db import Database, utcnow
from edu.errors import UserError
from tests.edu.accountkit import PASSWORD, account
from tests.edu.cli_run import in_shell
from tests.edu.totpkit import KEY, code, enrolled


def _actions(database: Database) -> list[str]:
    with database.reader() as db:
        return list(db.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def _password(database: Database, username: str = "siti"):
    with database.transaction() as db:
        return sign_in(db, username=username, password=PASSWORD, client="10.0.0.7",
                       user_agent="Firefox")


def _answer(database: Database, challenge: str | None, typed: str):
    with database.transaction() as db:
        return answer_challenge(db, token=challenge, code=typed, key=KEY, client="10.0.0.7")


def _not(right: str) -> str:
    """Six digits that are not the right code."""
    return f"{(int(right) + 1) % 1_000_000:06d}"


def _count(database: Database, model) -> int:
    with database.reader() as db:
        return db.scalar(select(func.count()).select_from(model)) or 0


def _me(database: Database, name: str = "Siti Aminah"):
    with database.reader() as db:
        return _principal(db.scalars(select(Staff).where(Staff.full_name == name)).one())


def test_codes_are_good_for_their_step_and_one_either_side_and_never_twice() -> None:
    secret = pyotp.random_base32()
    now = utcnow()
    step = current_step(now)
    totp = pyotp.TOTP(secret)
    assert check_code(secret, totp.at(now), None, now).step == step
    assert check_code(secret, totp.at(step * 30 - 30), None, now).step == step - 1
    assert check_code(secret, totp.at(step * 30 + 60), None, now).step is None  # too far
    assert check_code(secret, totp.at(now), step, now).replayed  # used already
    assert check_code(secret, "12345", None, now).step is None
    assert check_code(secret, "abcdef", None, now).step is None


def test_the_secret_is_sealed_under_the_servers_key() -> None:
    sealed = seal(KEY, 7, "JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in sealed
    assert unseal(KEY, 7, sealed) == "JBSWY3DPEHPK3PXP"
    assert unseal(b"another-key", 7, sealed) is None
    assert unseal(KEY, 8, sealed) is None  # bound to its account


def test_enrolling_needs_a_right_code_and_gives_recovery_codes_once(database: Database
                                                                    ) -> None:
    account(database)
    me = _me(database)
    with database.transaction() as db:
        first = begin_totp(db, me, key=KEY)
    with database.transaction() as db:
        assert begin_totp(db, me, key=KEY).secret == first.secret  # a reload keeps it
    assert first.uri.startswith("otpauth://totp/") and "siti" in first.uri
    with pytest.raises(UserError) as err, database.transaction() as db:
        confirm_totp(db, me, key=KEY, code=_not(code(first.secret)))
    assert err.value.problems[0].code == "BAD_CODE"
    with database.reader() as db:
        assert not totp_status(db, me).enabled
    assert _count(database, RecoveryCode) == 0
    with database.transaction() as db:
        codes = confirm_totp(db, me, key=KEY, code=code(first.secret))
    assert len(codes) == RECOVERY_CODES == len(set(codes))
    with database.reader() as db:
        stored = db.scalars(select(StaffAccount)).one()
        hashes = list(db.scalars(select(RecoveryCode.code_hash)))
        assert totp_status(db, me).enabled and totp_status(db, me).recovery_left == 10
    assert first.secret not in (stored.totp_secret or "")
    assert not any(c.replace("-", "") in h or c in h for c in codes for h in hashes)
    with pytest.raises(UserError) as again, database.transaction() as db:
        begin_totp(db, me, key=KEY)
    assert again.value.problems[0].code == "TOTP_ALREADY_ENABLED"
    assert "totp.enrol" in _actions(database)


def test_a_right_password_gives_a_short_lived_challenge_not_a_session(database: Database
                                                                      ) -> None:
    secret, _ = enrolled(database)
    half = _password(database)
    assert half.token is None and half.step == "CODE" and half.challenge
    assert _count(database, BrowserSession) == 0
    with database.reader() as db:
        challenge = db.scalars(select(SignInChallenge)).one()
        assert challenge.token_hash != half.challenge  # only its hash is kept
        assert challenge.expires_at <= utcnow() + CODE_TIME
    wrong = _answer(database, half.challenge, _not(code(secret, 1)))
    assert wrong.refused == "BAD_CODE" and wrong.token is None
    assert _count(database, BrowserSession) == 0
    right = _answer(database, half.challenge, code(secret, 1))
    assert right.token and _count(database, BrowserSession) == 1
    assert _count(database, SignInChallenge) == 0  # spent
    assert _answer(database, half.challenge, code(secret, 1)).refused == "CHALLENGE_EXPIRED"
    assert _actions(database)[-2:] == ["signin.fail", "signin"]
    # The same code again, on a new sign-in within its window: refused as used.
    replay = _answer(database, _password(database).challenge, code(secret, 1))
    assert replay.refused == "CODE_USED"


def test_an_expired_challenge_is_refused(database: Database) -> None:
    secret, _ = enrolled(database)
    half = _password(database)
    with database.transaction() as db:
        db.execute(update(SignInChallenge).values(expires_at=utcnow()))
    assert _answer(database, half.challenge, code(secret, 1)).refused == "CHALLENGE_EXPIRED"
    assert _answer(database, None, code(secret, 1)).refused == "CHALLENGE_EXPIRED"
    assert _count(database, BrowserSession) == 0


def test_wrong_codes_count_toward_the_password_lock(database: Database) -> None:
    secret, _ = enrolled(database)
    half = _password(database)
    for _ in range(ACCOUNT_FAILURES - 2):
        assert _answer(database, half.challenge, "000000x").refused == "BAD_CODE"
    # A right password again does not wipe the count: it buys no fresh guesses.
    half = _password(database)
    assert _answer(database, half.challenge, "999999x").refused == "BAD_CODE"
    locked = _answer(database, half.challenge, "123456x")
    assert locked.refused == "ACCOUNT_LOCKED" and locked.until is not None
    assert _count(database, SignInChallenge) == 0  # the half sign-in ends with the lock
    assert _password(database).refused == "ACCOUNT_LOCKED"
    assert _count(database, BrowserSession) == 0
    with database.reader() as db:
        steps = [e.after["step"] for e in db.scalars(
            select(AuditEvent).where(AuditEvent.action == "signin.fail"))]
    assert steps == ["code"] * ACCOUNT_FAILURES


def test_a_recovery_code_works_once(database: Database) -> None:
    _, codes = enrolled(database)
    first = _answer(database, _password(database).challenge, codes[0].lower())
    assert first.token  # any case, with or without the dash
    again = _answer(database, _password(database).challenge, codes[0])
    assert again.refused == "BAD_CODE"
    assert _answer(database, _password(database).challenge,
                   codes[1].replace("-", "")).token
    with database.reader() as db:
        assert totp_status(db, _me(database)).recovery_left == RECOVERY_CODES - 2
    assert _actions(database).count("totp.recovery_use") == 2


def test_an_admin_enrols_before_any_session(database: Database) -> None:
    account(database, "admin", Role.ADMIN, None, "Ani Admin")
    half = _password(database, "admin")
    assert half.step == "ENROL" and half.token is None
    assert _count(database, BrowserSession) == 0
    with database.transaction() as db:
        me = challenge_principal(db, half.challenge, "ENROL")
        assert me is not None and me.role is Role.ADMIN
        assert challenge_principal(db, half.challenge, "CODE") is None
        secret = begin_totp(db, me, key=KEY).secret
    with pytest.raises(UserError), database.transaction() as db:
        finish_enrolment(db, token=half.challenge, code="12345", key=KEY)
    assert _count(database, BrowserSession) == 0
    with database.transaction() as db:
        done, codes = finish_enrolment(db, token=half.challenge, code=code(secret), key=KEY)
    assert done.token and len(codes) == RECOVERY_CODES
    assert _count(database, BrowserSession) == 1
    # Next time the code is asked for, and the admin cannot turn it off.
    assert _password(database, "admin").step == "CODE"
    with pytest.raises(UserError) as err, database.transaction() as db:
        disable_totp(db, me, key=KEY, code=code(secret, 1))
    assert err.value.problems[0].code == "TOTP_REQUIRED"


def test_turning_it_off_needs_a_current_code(database: Database) -> None:
    secret, _ = enrolled(database)
    me = _me(database)
    with pytest.raises(UserError) as err, database.transaction() as db:
        disable_totp(db, me, key=KEY, code=code(secret))  # the enrolment's code: used
    assert err.value.problems[0].code == "CODE_USED"
    with pytest.raises(UserError), database.transaction() as db:
        disable_totp(db, me, key=KEY, code="12")
    with database.reader() as db:
        assert totp_status(db, me).enabled
    with database.transaction() as db:
        disable_totp(db, me, key=KEY, code=code(secret, 1))
    with database.reader() as db:
        assert not totp_status(db, me).enabled
    assert _count(database, RecoveryCode) == 0
    assert _password(database).token  # the password alone again
    assert "totp.disable" in _actions(database)


def test_promoting_someone_to_admin_ends_their_sessions_until_they_enrol(database: Database
                                                                          ) -> None:
    account(database, "admin", Role.ADMIN, None, "Ani Admin")
    account(database)
    assert _password(database).token
    with database.transaction() as db:
        boss = _principal(db.scalars(select(Staff).where(Staff.full_name == "Ani Admin")).one())
        change_role(db, boss, "siti", role=Role.ADMIN, region_code=None, university_code=None)
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(BrowserSession).where(
            BrowserSession.revoked_at.is_(None))) == 0
    assert _password(database).step == "ENROL"


def test_reset_clear_totp_lets_a_locked_out_person_back_in(database: Database, tmp_path,
                                                            monkeypatch, capsys) -> None:
    secret, _ = enrolled(database)
    half = _password(database)
    for _ in range(ACCOUNT_FAILURES):
        _answer(database, half.challenge, "000000x")
    assert _password(database).refused == "ACCOUNT_LOCKED"
    run = in_shell(monkeypatch, capsys)
    env = {"EDU_DATABASE_URL": database.url, "EDU_DATA_DIR": str(tmp_path),
           "EDU_SECRET_KEY": "cli-test"}
    assert run(["user", "reset", "siti"], cwd=tmp_path, env=env).returncode == 2
    done = run(["user", "reset", "siti", "--clear-totp"], cwd=tmp_path, env=env)
    assert done.returncode == 0 and "two-factor sign-in cleared" in done.stderr
    assert run(["user", "reset", "nobody", "--clear-totp"], cwd=tmp_path,
               env=env).returncode == 2
    assert _password(database).token  # unlocked, password alone
    with database.reader() as db:
        stored = db.scalars(select(StaffAccount)).one()
        assert stored.totp_secret is None and stored.totp_enabled_at is None
        clear = db.scalars(select(AuditEvent).where(AuditEvent.action == "totp.clear")).one()
        assert clear.actor_name == "system" and clear.after == {"was_enabled": True}
    listed = run(["user", "list"], cwd=tmp_path, env=env).stdout
    assert "2FA" in listed and "siti" in listed

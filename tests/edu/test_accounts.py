"""Staff accounts: password rules, sign-in limits per account and per client, browser
sessions that end by sign-out, idle time, disabling and reset; every step audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from edu.accounts import passwords
from edu.accounts.models import BrowserSession, SignInFailure, StaffAccount
from edu.accounts.service import (
    ACCOUNT_FAILURES,
    CLIENT_FAILURES,
    IDLE,
    create_user,
    disable_user,
    reset_password,
    session_principal,
    sign_in,
    sign_out,
)
from edu.audit import AuditEvent
from edu.auth.models import Role, Staff
from edu.db import Database, utcnow
from edu.errors import AuthError, UserError
from tests.edu.accountkit import PASSWORD, account
from tests.edu.cli_run import Ran, in_shell
from tests.edu.sessionkit import staff
from tests.support import PRODUCTION_PASSWORD_HASHER


def _actions(database: Database) -> list[str]:
    with database.reader() as db:
        return list(db.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def _sign_in(database: Database, password: str = PASSWORD, username: str = "siti",
             client: str = "10.0.0.1"):
    with database.transaction() as db:
        return sign_in(db, username=username, password=password, client=client)


@pytest.mark.parametrize(("password", "code"), [
    ("pendek", "PASSWORD_TOO_SHORT"),
    ("Password1234", "PASSWORD_TOO_COMMON"),
    ("xx-siti-xx-1234", "PASSWORD_TOO_COMMON"),  # contains the username
])
def test_a_weak_password_is_refused_and_nothing_is_written(database: Database, password: str,
                                                            code: str) -> None:
    with pytest.raises(UserError) as err, database.transaction() as db:
        create_user(db, None, username="Siti", password=password, role=Role.EDUCATION_OFFICER,
                    name="Siti Aminah", region_code="5271")
    assert err.value.problems[0].code == code
    with database.reader() as db:
        assert db.scalar(select(Staff.id)) is None and db.scalar(select(StaffAccount.id)) is None


def test_the_deployment_hashes_at_the_rfc_9106_low_memory_cost(monkeypatch) -> None:
    """The tests hash with the smallest Argon2id cost (tests/conftest.py); the app's own
    hasher keeps the deployment's."""
    monkeypatch.setattr(passwords, "_hasher", PRODUCTION_PASSWORD_HASHER)
    stored = passwords.hash_password(PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert passwords.verify_password(stored, PASSWORD)
    assert not passwords.verify_password(stored, PASSWORD + "x")
    assert not passwords.needs_rehash(stored)


def test_accounts_hash_with_argon2id_and_usernames_are_unique_in_any_case(
        database: Database) -> None:
    account(database, "Siti")
    with database.reader() as db:
        stored = db.scalars(select(StaffAccount)).one()
    assert stored.username == "siti" and stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    with pytest.raises(UserError) as err:
        account(database, "SITI")
    assert err.value.problems[0].code == "USERNAME_TAKEN"
    with pytest.raises(UserError) as err:
        account(database, "bad name!")
    assert err.value.problems[0].code == "INVALID_USERNAME"


def test_signing_in_opens_a_session_that_signing_out_ends(database: Database) -> None:
    account(database)
    wrong = _sign_in(database, "not-the-password-at-all")
    assert wrong.token is None and wrong.refused == "BAD_CREDENTIALS"
    unknown = _sign_in(database, username="nobody")
    assert unknown.refused == "BAD_CREDENTIALS"  # the same answer: names are not revealed
    done = _sign_in(database, username="  SITI ")
    assert done.token
    with database.transaction() as db:
        me = session_principal(db, done.token)
        assert me is not None and me.role is Role.EDUCATION_OFFICER and me.region_code == "5271"
        stored = db.scalars(select(BrowserSession.token_hash)).one()
        assert done.token not in stored  # only its hash
        sign_out(db, me, done.token)
    with database.transaction() as db:
        assert session_principal(db, done.token) is None
    assert _actions(database) == ["user.create", "signin.fail", "signin.fail", "signin",
                                  "signout"]


def test_an_account_locks_after_repeated_failures_and_says_until_when(
        database: Database) -> None:
    account(database)
    results = [_sign_in(database, f"wrong-password-{i}") for i in range(ACCOUNT_FAILURES)]
    assert [r.refused for r in results] == ["BAD_CREDENTIALS"] * (ACCOUNT_FAILURES - 1) + [
        "ACCOUNT_LOCKED"]
    locked = _sign_in(database)  # even the right password, while locked
    assert locked.token is None and locked.refused == "ACCOUNT_LOCKED"
    assert locked.until is not None and locked.until > utcnow() + timedelta(minutes=14)
    with database.transaction() as db:
        db.execute(update(StaffAccount).values(locked_until=utcnow() - timedelta(seconds=1)))
    assert _sign_in(database).token  # the lock has run out


def test_one_client_failing_on_many_accounts_is_held_back(database: Database) -> None:
    account(database)
    with database.transaction() as db:
        db.add_all(SignInFailure(client="10.0.0.9", username=f"guess{i}", at=utcnow())
                   for i in range(CLIENT_FAILURES))
    held = _sign_in(database, client="10.0.0.9")
    assert held.token is None and held.refused == "TOO_MANY_ATTEMPTS" and held.until
    assert _sign_in(database, client="10.0.0.2").token  # another client is not held back


def test_a_session_ends_after_idle_time_and_everywhere_on_request(database: Database) -> None:
    account(database)
    first, second, third = (_sign_in(database).token for _ in range(3))
    with database.transaction() as db:
        oldest = db.scalar(select(BrowserSession.id).order_by(BrowserSession.id).limit(1))
        db.execute(update(BrowserSession).where(BrowserSession.id == oldest)
                   .values(last_seen_at=utcnow() - IDLE - timedelta(seconds=1)))
    with database.transaction() as db:
        alive = [session_principal(db, t) is not None for t in (first, second, third)]
    assert alive == [False, True, True]
    with database.transaction() as db:
        me = session_principal(db, third)
        assert me is not None
        sign_out(db, me, third or "", everywhere=True)
    with database.transaction() as db:
        assert all(session_principal(db, t) is None for t in (first, second, third))


def test_disable_ends_sessions_and_reset_lifts_it(database: Database) -> None:
    account(database)
    token = _sign_in(database).token
    with database.transaction() as db:
        disable_user(db, None, "siti")
    assert _sign_in(database).refused == "BAD_CREDENTIALS"
    with database.transaction() as db:
        assert session_principal(db, token) is None
        with pytest.raises(UserError):
            reset_password(db, None, "siti", "short")
    with database.transaction() as db:
        reset_password(db, None, "siti", "a-new-long-passphrase")
    assert _sign_in(database, "a-new-long-passphrase").token
    assert "user.disable" in _actions(database) and "user.reset" in _actions(database)


def test_only_admins_manage_accounts_from_the_console(database: Database) -> None:
    officer = staff(database, Role.EDUCATION_OFFICER, "52")
    with pytest.raises(AuthError), database.transaction() as db:
        create_user(db, officer, username="budi", password=PASSWORD,
                    role=Role.FACILITATOR, name="Budi", region_code="5271")


def test_the_user_commands_read_the_password_from_standard_input(
        tmp_path, monkeypatch, capsys) -> None:
    run = in_shell(monkeypatch, capsys)

    def edu(*args: str, stdin: str = "") -> Ran:
        return run(list(args), cwd=tmp_path, env={"EDU_DATA_DIR": str(tmp_path)}, stdin=stdin)

    assert edu("db", "upgrade").returncode == 0
    create = ("user", "create", "siti", "--role", "EDUCATION_OFFICER", "--name", "Siti",
              "--region", "5271", "--password-stdin")
    weak = edu(*create, stdin="password1234\n")
    assert weak.returncode == 2 and "common" in weak.stderr
    assert edu(*create, stdin=PASSWORD + "\n").returncode == 0
    assert edu(*create[:-1]).returncode == 2  # no --password-stdin: never from an argument
    assert edu("user", "disable", "siti").returncode == 0
    listed = edu("user", "list").stdout
    assert "siti" in listed and "EDUCATION_OFFICER" in listed and "disabled" in listed
    assert edu("user", "reset", "siti", "--password-stdin", stdin="another-long-pass-9\n"
               ).returncode == 0
    assert "active" in edu("user", "list").stdout
    assert edu("user", "disable", "nobody").returncode == 2

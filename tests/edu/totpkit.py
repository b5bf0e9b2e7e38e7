"""Accounts with two-factor sign-in for tests, and the codes an authenticator app would show."""

from __future__ import annotations

import time

import pyotp
from sqlalchemy import select

from edu.accounts.service import _principal
from edu.accounts.totp import begin_totp, confirm_totp
from edu.auth.models import Role, Staff
from edu.db import Database
from tests.edu.accountkit import account

KEY = b"a-server-key-for-totp-tests"


def code(secret: str, steps_ahead: int = 0) -> str:
    """The app's code now, or that many 30-second steps ahead. The server accepts one step
    either side of its clock, and never a step at or before the last accepted one: a test
    that enrols (this step) and then signs in uses the next step."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def enrolled(database: Database, key: bytes = KEY, username: str = "siti",
             role: Role = Role.EDUCATION_OFFICER, region: str | None = "5271",
             name: str = "Siti Aminah") -> tuple[str, list[str]]:
    """A new account with two-factor sign-in on (its current step used): its secret and
    recovery codes."""
    account(database, username, role, region, name)
    with database.transaction() as db:
        staff = db.scalars(select(Staff).where(Staff.full_name == name)).one()
        me = _principal(staff)
        secret = begin_totp(db, me, key=key).secret
        codes = confirm_totp(db, me, key=key, code=code(secret))
    return secret, codes

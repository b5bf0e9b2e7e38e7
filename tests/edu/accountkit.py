"""Staff accounts for tests: made through the service, with a password nobody guesses."""

from __future__ import annotations

from edu.accounts.service import create_user
from edu.auth.models import Role
from edu.db import Database

PASSWORD = "lumbung-padi-Sembalun-7"


def account(database: Database, username: str = "siti", role: Role = Role.EDUCATION_OFFICER,
            region: str | None = "5271", name: str = "Siti Aminah",
            university: str | None = None) -> str:
    """A new account; its username."""
    with database.transaction() as db:
        create_user(db, None, username=username, password=PASSWORD, role=role, name=name,
                    region_code=region, university_code=university)
    return username

"""Steps shared by the site's tests: sessions planned through the services, forms as typed."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import func, select

from edu.db import Database
from edu.participants.models import Participant
from edu.registrations.models import Registration
from tests.edu.sessionkit import at, plan, staff

__all__ = ["at", "plan", "staff", "officer_plans", "form", "counts", "ticket_of"]


def officer_plans(database: Database, **kw: Any) -> int:
    """A published session in Kota Mataram (5271) by a provincial officer; its id."""
    return plan(database, staff(database, region="52"), **kw)


def form(email: str = "siti@example.id", **changes: str) -> dict[str, str]:
    """The registration form as an adult fills it in."""
    values = {"fullName": "Siti Aminah", "email": email, "phone": "0812 3456 7890",
              "gender": "FEMALE", "birthDate": "1990-04-02", "regionCode": "5271",
              "institution": "PKK Ampenan", "consent": "ya"}
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def minor_birth_date() -> str:
    today = date.today()
    return today.replace(year=today.year - 16).isoformat()


def counts(database: Database) -> tuple[int, int]:
    """Participants and registrations in the database."""
    with database.reader() as db:
        return (db.scalar(select(func.count()).select_from(Participant)) or 0,
                db.scalar(select(func.count()).select_from(Registration)) or 0)


def ticket_of(html: str) -> str:
    match = re.search(r'<p class="ticket">([A-Z2-7]+)</p>', html)
    assert match, html
    return match.group(1)

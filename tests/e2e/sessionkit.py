"""Shared steps of the session tests over HTTP: plan, publish, register, count rows."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from edu.audit import AuditEvent
from edu.db import Database
from tests.support import Api

_serial = itertools.count(1)


def at(days: float = 10, hours: float = 0) -> datetime:
    """A whole-second instant `days` and `hours` from now."""
    return (datetime.now(UTC) + timedelta(days=days, hours=hours)).replace(microsecond=0)


def session_input(*, region: str = "5271", capacity: int = 120, start: datetime | None = None,
                  hours: float = 2, **extra: Any) -> dict[str, Any]:
    """CreateSession variables as the planning tool sends them (README example)."""
    start = start or at(10)
    return {"title": extra.pop("title", "Pendidikan Pemilih Pemula SMAN 1 Mataram"),
            "segment": "FIRST_TIME_VOTERS", "format": "IN_PERSON", "regionCode": region,
            "venue": {"name": "Aula SMAN 1 Mataram", "address": "Jl. Pendidikan No. 21, Mataram"},
            "startsAt": start.isoformat(), "endsAt": (start + timedelta(hours=hours)).isoformat(),
            "capacity": capacity, "description": "Mengapa suara pemilih pemula menentukan.",
            **extra}


def person(name: str | None = None, *, email: str | None = None, birth: str = "1999-05-17",
           **extra: Any) -> dict[str, Any]:
    """Participant fields of Register / ImportRegistrations; a fresh email unless given."""
    n = next(_serial)
    return {"fullName": name or f"Peserta {n}", "email": email or f"peserta{n}@example.id",
            "phone": "+62 812 3456 7890", "gender": "FEMALE", "birthDate": birth,
            "regionCode": "5271", "disability": False, "institution": "SMAN 1 Mataram", **extra}


def create(api: Api, token: str, **kw: Any) -> str:
    out = api.op("CreateSession", {"input": session_input(**kw)}, token=token)
    payload = out["data"]["createSession"]
    assert payload["userErrors"] == [], out
    return payload["session"]["id"]


def publish(api: Api, token: str, sid: str) -> None:
    out = api.op("PublishSession", {"id": sid}, token=token)
    assert out["data"]["publishSession"]["userErrors"] == [], out
    assert out["data"]["publishSession"]["session"]["status"] == "PUBLISHED"


def published(api: Api, token: str, **kw: Any) -> str:
    sid = create(api, token, **kw)
    publish(api, token, sid)
    return sid


def register(api: Api, sid: str, who: dict[str, Any] | None = None, *, token: str | None = None,
             guardian: bool = False, consent: bool = True) -> dict[str, Any]:
    """The `register` payload (asserting the request itself did not fail)."""
    variables: dict[str, Any] = {"sessionId": sid, "consent": consent,
                                 "guardianConsent": guardian}
    if who is not None:
        variables["participant"] = who
    out = api.op("Register", {"input": variables}, token=token)
    assert "errors" not in out, out
    return out["data"]["register"]


def registered(api: Api, sid: str, who: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    payload = register(api, sid, who or person(), **kw)
    assert payload["userErrors"] == [], payload
    return payload


def roster(api: Api, token: str, sid: str, first: int = 100) -> list[dict[str, Any]]:
    out = api.op("SessionRoster", {"id": sid, "first": first}, token=token)
    assert "errors" not in out, out
    return [e["node"] for e in out["data"]["node"]["registrations"]["edges"]]


def session_counts(api: Api, token: str | None, sid: str) -> dict[str, Any]:
    out = api.gql("query($id: ID!) { node(id: $id) { ... on Session { status capacity "
                  "confirmedCount waitlistCount seatsLeft } } }", {"id": sid}, token=token)
    assert "errors" not in out, out
    return out["data"]["node"]


def count(database: Database, model: Any, *where: Any) -> int:
    with database.reader() as db:
        return db.scalar(select(func.count()).select_from(model).where(*where)) or 0


def audit_actions(database: Database) -> list[str]:
    with database.reader() as db:
        return list(db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def birth_for_age(years: int, on: date, *, plus_days: int = 0) -> str:
    """The birth date of someone who turns `years` on `on` (shifted by `plus_days`)."""
    try:
        born = on.replace(year=on.year - years)
    except ValueError:  # 29 February
        born = on.replace(year=on.year - years, day=28)
    return (born + timedelta(days=plus_days)).isoformat()

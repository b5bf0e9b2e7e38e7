"""Steps shared by the site's tests: sessions planned through the services, forms as typed."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

from sqlalchemy import func, select

from edu.db import Database
from edu.participants.models import Participant
from edu.registrations.models import Registration
from tests.edu.sessionkit import at, plan, staff

__all__ = ["at", "plan", "staff"]


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


class Page(HTMLParser):
    """What the tests read of a page: labels by text, controls by id, headings, links."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.labels: dict[str, str] = {}  # label text -> the id it names
        self.controls: dict[str, dict[str, str | None]] = {}  # id -> attributes
        self.h1: list[str] = []
        self.links: dict[str, str] = {}  # link text -> href
        self.buttons: list[str] = []
        self.lang = ""
        self._open: list[tuple[str, dict[str, str | None]]] = []
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        if tag in ("input", "select", "textarea") and a.get("id"):
            self.controls[a["id"] or ""] = a
        if tag in ("label", "h1", "a", "button"):
            self._open.append((tag, a))
            self._text = []

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self._open or self._open[-1][0] != tag:
            return
        _, a = self._open.pop()
        text = " ".join("".join(self._text).split())
        if tag == "label":
            self.labels[text] = a.get("for") or ""
        elif tag == "h1":
            self.h1.append(text)
        elif tag == "a":
            self.links[text] = a.get("href") or ""
        elif tag == "button":
            self.buttons.append(text)

    def control(self, label_start: str) -> dict[str, str | None]:
        """The control whose label begins with these words (case ignored, as the contract)."""
        for text, for_id in self.labels.items():
            if text.lower().startswith(label_start.lower()):
                return self.controls[for_id]
        raise AssertionError(f"no label {label_start!r} in {sorted(self.labels)}")


def certified_person(database: Database, key: bytes) -> tuple[str, str]:
    """A participant who attended a completed session and holds its certificate: the secret
    of their own page and the certificate's verification code."""
    from edu.auth.models import Role
    from edu.certificates.models import Certificate
    from edu.certificates.service import issue_next_chunk, verification_code
    from edu.participants.models import Participant
    from edu.participants.own_page import ensure_own_page_secret
    from tests.edu import certificates_factory as factory

    sid, (pid,) = factory.session_with(database, [(factory.CONFIRMED, factory.PRESENT)],
                                       names=["Baiq Nurul Aini"])
    batch_id = factory.issue(database, factory.staff(database, Role.ADMIN), session_id=sid)
    with database.transaction() as db:
        issue_next_chunk(db, batch_id, key=key, public_url="http://127.0.0.1")
        secret = ensure_own_page_secret(key, db.get(Participant, pid))
    with database.reader() as db:
        cert = db.scalar(select(Certificate).where(Certificate.recipient_id == pid))
        assert cert is not None
        return secret, verification_code(key, cert.id)

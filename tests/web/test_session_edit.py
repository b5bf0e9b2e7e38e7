"""Editing a session over HTTP (SQLite and PostgreSQL): the plan form filled in with the
session, saved through update_session (more seats confirm the waitlist, a new time is a
reschedule, all audited); refusals in words beside the fields with nothing written; scope
and CSRF refusals."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.db import Database
from edu.registrations.models import Registration, RegistrationStatus
from edu.sessions.models import EduSession
from edu.sessions.service import cancel_session
from tests.edu.accountkit import account
from tests.edu.sessionkit import details, sign_up
from tests.web.sitekit import Page, plan, staff
from tests.web.staffkit import csrf_of, signed_in

START = datetime(2030, 3, 14, 1, 0, tzinfo=UTC)  # 09.00 WITA


@pytest.fixture
def officer(site: httpx.Client, database: Database) -> httpx.Client:
    account(database, region="5271")
    assert signed_in(site).status_code == 303
    return site


def form_of(client: httpx.Client, url: str) -> dict[str, str]:
    """The edit form as it comes, with its CSRF field: what a person sends back."""
    html = client.get(url).text
    page = Page(html)
    values = {c["name"] or "": c.get("value") or "" for c in page.controls.values()
              if c.get("name") and c.get("type") != "hidden"}
    for name in ("segment", "method", "format", "regionCode"):
        values[name] = _selected(html, name)
    values["description"] = html.split('name="description"')[1].split(">", 1)[1].split(
        "</textarea>")[0]
    values["csrf"] = csrf_of(html)
    return values


def _selected(html: str, name: str) -> str:
    select_ = html.split(f'name="{name}"')[1].split("</select>")[0]
    if " selected" not in select_:
        return ""
    return select_.split(" selected")[0].rsplit('value="', 1)[1].split('"')[0]


def snapshot(database: Database, sid: int) -> tuple[Any, ...]:
    with database.reader() as db:
        s = db.get(EduSession, sid)
        assert s is not None
        events = db.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
        return (s.title, s.capacity, s.venue_name, s.starts_at, s.region_code, s.sequence,
                s.confirmed_count, events)


def test_the_form_comes_filled_in_and_saves(officer: httpx.Client, database: Database) -> None:
    # Planned by a program to the second: an edit that leaves the time alone is no reschedule.
    sid = plan(database, staff(database, region="52"), start=START.replace(second=30),
               capacity=1, description="Simulasi.")
    sign_up(database, sid, details("Baiq Nurul"))
    sign_up(database, sid, details("Lalu Ahmad"))  # waits
    session = Page(officer.get(f"/staf/sesi/{sid}").text)
    url = session.links["Ubah sesi"]
    form = form_of(officer, url)
    assert Page(officer.get(url).text).h1 == ["Ubah sesi"]
    assert form["title"] == "Pendidikan Pemilih Pemula" and form["capacity"] == "1"
    assert form["startsAt"] == "2030-03-14T09:00" and form["regionCode"] == "5271"
    assert form["segment"] == "FIRST_TIME_VOTERS" and form["description"] == "Simulasi."
    before = snapshot(database, sid)
    saved = officer.post(url, data={**form, "title": "Pemilih Pemula SMAN 2",
                                    "venueName": "Aula SMAN 2", "capacity": "5"})
    assert saved.status_code == 303 and saved.headers["location"] == f"/staf/sesi/{sid}"
    with database.reader() as db:
        s = db.get(EduSession, sid)
        assert s is not None
        assert (s.title, s.venue_name, s.capacity) == ("Pemilih Pemula SMAN 2", "Aula SMAN 2", 5)
        assert s.starts_at == START.replace(second=30)
        assert s.sequence == before[5] + 1  # calendars see the change
        assert s.confirmed_count == 2 and s.waitlist_count == 0  # the waitlist got the seats
        statuses = {r.id: r.status for r in db.scalars(select(Registration))}
        actions = list(db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert set(statuses.values()) == {RegistrationStatus.CONFIRMED}
    assert actions[-1] == "session.update" and "session.reschedule" not in actions


def test_a_new_time_is_a_reschedule(officer: httpx.Client, database: Database) -> None:
    sid = plan(database, staff(database, region="52"), start=START)
    url = f"/staf/sesi/{sid}/ubah"
    moved = officer.post(url, data={**form_of(officer, url), "startsAt": "2030-03-15T10:00",
                                    "endsAt": "2030-03-15T12:00"})
    assert moved.status_code == 303
    with database.reader() as db:
        s = db.get(EduSession, sid)
        assert s is not None and s.starts_at == datetime(2030, 3, 15, 2, 0, tzinfo=UTC)
        actions = list(db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions[-2:] == ["session.reschedule", "session.update"]


@pytest.mark.parametrize("case", ["capacity", "fields", "cancelled"])
def test_a_refused_edit_says_why_and_writes_nothing(officer: httpx.Client, database: Database,
                                                   case: str) -> None:
    province = staff(database, region="52")
    sid = plan(database, province, start=START, capacity=3)
    sign_up(database, sid, details("Baiq Nurul"))
    sign_up(database, sid, details("Lalu Ahmad"))
    url = f"/staf/sesi/{sid}/ubah"
    form = form_of(officer, url)
    if case == "cancelled":
        with database.transaction() as db:
            cancel_session(db, province, sid, "Sekolah libur")
    changes, words = {
        "capacity": ({"capacity": "1", "title": "Judul Baru"},
                     ['id="e-capacity"', "kapasitas tidak boleh kurang"]),
        "fields": ({"title": "", "endsAt": "2030-03-14T08:00", "capacity": "0"},
                   ['id="e-title"', "Waktu selesai harus setelah waktu mulai.",
                    "Paling sedikit 1 kursi."]),
        "cancelled": ({"title": "Judul Baru"},
                      ["Sesi yang sudah selesai atau dibatalkan tidak dapat diubah."]),
    }[case]
    before = snapshot(database, sid)
    refused = officer.post(url, data={**form, **changes})
    assert refused.status_code == 400
    for w in words:
        assert w in refused.text
    assert 'value="Aula SMAN 1"' in refused.text  # the form keeps what was typed
    assert snapshot(database, sid) == before


def test_scope_csrf_and_roles(officer: httpx.Client, database: Database) -> None:
    province = staff(database, region="52")
    mine = plan(database, province, start=START)
    bima = plan(database, province, start=START, region="5272")
    draft = plan(database, province, start=START, region="5272", publish=False)
    url = f"/staf/sesi/{mine}/ubah"
    form = form_of(officer, url)
    before = snapshot(database, mine), snapshot(database, bima)
    assert officer.get(f"/staf/sesi/{bima}/ubah").status_code == 403
    assert officer.get(f"/staf/sesi/{draft}/ubah").status_code == 404
    assert officer.post(f"/staf/sesi/{bima}/ubah", data=form).status_code == 403
    away = officer.post(url, data={**form, "regionCode": "5272"})  # out of one's own scope
    assert away.status_code == 403 and "Wilayah ini di luar cakupan Anda." in away.text
    no_token = {k: v for k, v in form.items() if k != "csrf"}
    assert officer.post(url, data={**no_token, "title": "Tanpa token"}).status_code == 403
    assert (snapshot(database, mine), snapshot(database, bima)) == before
    account(database, "dewi", role=Role.FACILITATOR, region="5271", name="Dewi")
    assert signed_in(officer, "dewi").status_code == 303
    assert officer.get(url).status_code == 403

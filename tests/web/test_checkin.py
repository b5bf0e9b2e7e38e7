"""Check-in at the door over HTTP (SQLite and PostgreSQL), as a phone without JavaScript:
the contract's words, HADIR / TERLAMBAT, every refusal in words with nothing written, the
running count, today's sessions in scope, scope refusals by URL and CSRF."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import func, select

from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.db import Database
from edu.registrations.models import AttendanceStatus, Registration
from edu.registrations.service import Registered
from edu.sessions import service as sessions
from edu.sessions.models import SessionFacilitator
from tests.edu.accountkit import account
from tests.edu.sessionkit import at, details, sign_up
from tests.web.doorkit import door_open, today_start
from tests.web.sitekit import Page, plan, staff
from tests.web.staffkit import csrf_of, signed_in


@pytest.fixture
def officer(site: httpx.Client, database: Database) -> httpx.Client:
    """The site's client, signed in as an education officer of Kota Mataram (5271)."""
    account(database, region="5271")
    assert signed_in(site).status_code == 303
    return site


def door(client: httpx.Client, sid: int, code: str | None) -> httpx.Response:
    """Opens the check-in page and sends one code (None: no code field at all)."""
    csrf = csrf_of(client.get(f"/staf/pintu/{sid}").text)
    data = {"csrf": csrf} if code is None else {"csrf": csrf, "ticket": code}
    return client.post(f"/staf/pintu/{sid}", data=data)


def written(database: Database) -> tuple[int, int]:
    """Registrations checked in, and audit events: what a refusal must leave as it was."""
    with database.reader() as db:
        return (db.scalar(select(func.count()).select_from(Registration).where(
                    Registration.checked_in_at.is_not(None))) or 0,
                db.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def test_the_door_page_has_the_contracts_words(officer: httpx.Client,
                                               database: Database) -> None:
    sid, _ = door_open(database)
    page = Page(officer.get(f"/staf/pintu/{sid}").text)
    ticket = page.control("Kode tiket")
    assert ticket["name"] == "ticket" and "autofocus" in ticket
    assert "Check-in" in page.buttons
    assert page.h1 == ["Check-in: Pendidikan Pemilih Pemula"]
    assert "Sudah check-in: 0 dari 2 terkonfirmasi" in officer.get(f"/staf/pintu/{sid}").text


def test_hadir_then_already_checked_in_with_the_time_and_the_count(
        officer: httpx.Client, database: Database) -> None:
    sid, done = door_open(database)
    first = door(officer, sid, done[0].ticket_code.lower())
    assert first.status_code == 200
    assert 'role="status"' in first.text and "HADIR" in first.text and "Peserta 0" in first.text
    assert "Sudah check-in: 1 dari 2 terkonfirmasi" in first.text
    assert 'value=""' in first.text  # the field is empty, ready for the next code
    with database.reader() as db:
        reg = db.get(Registration, done[0].registration.id)
        assert reg is not None and reg.attendance_status is AttendanceStatus.PRESENT
        stamped = reg.checked_in_at
    assert stamped is not None
    before = written(database)
    again = door(officer, sid, done[0].ticket_code)
    local = stamped.astimezone(ZoneInfo("Asia/Makassar"))
    assert again.status_code == 200
    assert f"Peserta 0 sudah check-in pukul {local:%H.%M} WITA." in again.text
    assert "HADIR" not in again.text
    assert "Sudah check-in: 1 dari 2 terkonfirmasi" in again.text
    assert written(database) == before  # the first check-in stays; nothing new audited
    with database.reader() as db:
        reg = db.get(Registration, done[0].registration.id)
        assert reg is not None and reg.checked_in_at == stamped


def test_terlambat_after_the_start(officer: httpx.Client, database: Database) -> None:
    sid, done = door_open(database)
    with database.transaction() as db:
        sessions.reschedule_session(db, staff(database, region="52"), sid,
                                    at(0, hours=-0.25), at(0, hours=2))
    late = door(officer, sid, done[1].ticket_code)
    assert late.status_code == 200 and "TERLAMBAT" in late.text and "HADIR" not in late.text


@pytest.mark.parametrize("case", ["unknown", "other", "waitlisted", "empty", "missing"])
def test_a_refused_code_says_why_and_writes_nothing(officer: httpx.Client, database: Database,
                                                    case: str) -> None:
    sid, done = door_open(database, people=2, capacity=1)  # the second waits
    _, elsewhere = door_open(database, people=1)
    code, words = {
        "unknown": ("ZZZZZZZZZZZZ", "Tiket tidak dikenal"),
        "other": (elsewhere[0].ticket_code, "Tiket ini untuk sesi lain."),
        "waitlisted": (done[1].ticket_code, "Tiket ini tidak punya kursi terkonfirmasi"),
        "empty": ("   ", "Ketik atau pindai kode tiket."),
        "missing": (None, "Ketik atau pindai kode tiket."),
    }[case]
    before = written(database)
    refused = door(officer, sid, code)
    assert refused.status_code == 400
    assert words in refused.text and "Tidak bisa check-in" in refused.text
    assert 'aria-invalid="true" aria-describedby="answer"' in refused.text
    if case == "unknown":
        assert 'value="ZZZZZZZZZZZZ"' in refused.text  # kept as typed, to correct a slip
    assert "HADIR" not in refused.text
    assert written(database) == before


def test_a_session_not_open_for_check_in_says_so(officer: httpx.Client,
                                                 database: Database) -> None:
    later = plan(database, staff(database, region="52"), start=at(3))
    person = sign_up(database, later, details("Baiq Nurul"))
    assert isinstance(person, Registered)
    draft = plan(database, staff(database, region="52"), publish=False, start=at(0, hours=0.5))
    assert "Check-in belum dibuka" in officer.get(f"/staf/pintu/{later}").text  # before a scan
    assert "Check-in belum dibuka" not in officer.get(f"/staf/pintu/{door_open(database)[0]}").text
    before = written(database)
    early = door(officer, later, person.ticket_code)
    assert early.status_code == 400 and "Check-in belum dibuka" in early.text
    unpublished = door(officer, draft, "ZZZZZZZZZZZZ")
    assert unpublished.status_code == 400 and "tidak dibuka untuk check-in" in unpublished.text
    assert written(database) == before


def test_another_regions_session_is_refused_by_url(officer: httpx.Client,
                                                   database: Database) -> None:
    bima, people = door_open(database, region="5272")
    draft = plan(database, staff(database, region="52"), publish=False, region="5272",
                 start=at(0, hours=0.5))
    refused = officer.get(f"/staf/pintu/{bima}")
    assert refused.status_code == 403 and "Anda tidak melakukan check-in di sesi ini" in \
        refused.text
    before = written(database)
    csrf = csrf_of(officer.get("/staf/pintu").text)
    posted = officer.post(f"/staf/pintu/{bima}",
                          data={"csrf": csrf, "ticket": people[0].ticket_code})
    assert posted.status_code == 403 and "HADIR" not in posted.text
    assert officer.get(f"/staf/pintu/{draft}").status_code == 404
    assert officer.post(f"/staf/pintu/{draft}", data={"csrf": csrf,
                                                      "ticket": "X"}).status_code == 404
    assert written(database) == before


def test_a_check_in_without_the_token_is_refused(officer: httpx.Client,
                                                 database: Database) -> None:
    sid, done = door_open(database)
    before = written(database)
    refused = officer.post(f"/staf/pintu/{sid}", data={"ticket": done[0].ticket_code})
    assert refused.status_code == 403
    assert written(database) == before


def test_signed_out_people_are_sent_to_sign_in(site: httpx.Client, database: Database) -> None:
    sid, _ = door_open(database)
    assert site.get(f"/staf/pintu/{sid}").headers["location"] == "/staf/masuk"
    assert site.get("/staf/pintu").headers["location"] == "/staf/masuk"


def test_a_facilitator_sees_and_checks_in_only_their_sessions_today(
        site: httpx.Client, database: Database) -> None:
    province = staff(database, region="52")
    start = today_start()
    mine = plan(database, province, start=start, title="Sesi Saya")
    theirs = plan(database, province, start=start, title="Sesi Orang Lain")
    tomorrow = plan(database, province, start=start + timedelta(days=1), title="Sesi Besok")
    person = sign_up(database, theirs, details("Lalu Ahmad"))
    assert isinstance(person, Registered)
    account(database, "fasil", role=Role.FACILITATOR, region="5271", name="Fasilitator")
    with database.reader() as db:
        from edu.accounts.models import StaffAccount
        staff_id = db.scalar(select(StaffAccount.staff_id).where(
            StaffAccount.username == "fasil"))
    with database.transaction() as db:
        db.add(SessionFacilitator(session_id=mine, staff_id=staff_id))
        db.add(SessionFacilitator(session_id=tomorrow, staff_id=staff_id))
    assert signed_in(site, "fasil").status_code == 303
    today = Page(site.get("/staf/pintu").text)
    assert today.links.get("Sesi Saya") == f"/staf/pintu/{mine}"
    assert "Sesi Orang Lain" not in today.links and "Sesi Besok" not in today.links
    assert site.get(f"/staf/pintu/{mine}").status_code == 200
    assert site.get(f"/staf/pintu/{theirs}").status_code == 403
    before = written(database)
    csrf = csrf_of(site.get("/staf/pintu").text)
    assert site.post(f"/staf/pintu/{theirs}", data={
        "csrf": csrf, "ticket": person.ticket_code}).status_code == 403
    assert written(database) == before


def test_check_in_is_for_the_roles_at_the_door(site: httpx.Client, database: Database) -> None:
    account(database, "magang", role=Role.INTERNSHIP_OFFICER, region="52", name="Petugas Magang")
    assert signed_in(site, "magang").status_code == 303
    refused = site.get("/staf/pintu")
    assert refused.status_code == 403
    assert "hanya untuk fasilitator dan petugas pendidikan pemilih" in refused.text


def test_the_door_in_english(officer: httpx.Client, database: Database) -> None:
    sid, done = door_open(database)
    officer.cookies.set("bahasa", "en")
    page = Page(officer.get(f"/staf/pintu/{sid}").text)
    assert page.lang == "en" and page.control("Ticket code")["name"] == "ticket"
    answer = door(officer, sid, "ZZZZZZZZZZZZ")
    assert "Unknown ticket: no ticket with this code in this session." in answer.text
    assert "Checked in: 0 of 2 confirmed" in answer.text

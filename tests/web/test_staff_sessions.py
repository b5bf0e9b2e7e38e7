"""The console's sessions over HTTP (SQLite and PostgreSQL): the plan form with site.md's
words, its errors in Indonesian beside the fields with nothing written, the status buttons,
the roster, and scope refusals by URL as well as by list."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import func, select

from edu.db import Database
from edu.sessions.models import EduSession, SessionStatus
from tests.edu.accountkit import account
from tests.edu.sessionkit import details, sign_up
from tests.web.sitekit import Page, at, plan, staff
from tests.web.staffkit import csrf_of, signed_in

PLAN = {"title": "Pemilih Pemula SMAN 1 Mataram", "segment": "FIRST_TIME_VOTERS",
        "method": "SIMULATION", "format": "IN_PERSON", "regionCode": "5271",
        "venueName": "Aula SMAN 1", "venueAddress": "Jl. Pendidikan 21",
        "onlineUrl": "", "startsAt": "2030-03-14T09:00", "endsAt": "2030-03-14T11:00",
        "capacity": "200", "description": "Simulasi pemungutan suara."}


@pytest.fixture
def officer(site: httpx.Client, database: Database) -> httpx.Client:
    """The site's client, signed in as an education officer of Kota Mataram (5271)."""
    account(database, region="5271")
    assert signed_in(site).status_code == 303
    return site


def _post(client: httpx.Client, url: str, page_url: str, **data: str) -> httpx.Response:
    return client.post(url, data={"csrf": csrf_of(client.get(page_url).text), **data})


def _count(database: Database) -> int:
    with database.reader() as db:
        return db.scalar(select(func.count()).select_from(EduSession)) or 0


def test_the_plan_form_has_the_contracts_words(officer: httpx.Client) -> None:
    listing = Page(officer.get("/staf/sesi").text)
    assert "Buat sesi" in listing.buttons
    form = Page(officer.get("/staf/sesi/baru").text)
    for label in ("Judul", "Sasaran", "Metode", "Kabupaten/Kota", "Tempat", "Alamat",
                  "Tautan daring", "Mulai", "Selesai", "Kapasitas", "Deskripsi"):
        form.control(label)
    assert "Simpan" in form.buttons


def test_a_bad_plan_shows_its_errors_beside_the_fields_and_writes_nothing(
        officer: httpx.Client, database: Database) -> None:
    bad = _post(officer, "/staf/sesi/baru", "/staf/sesi/baru",
                **{**PLAN, "title": "", "endsAt": "2030-03-14T08:00", "capacity": "nol"})
    assert bad.status_code == 400
    assert 'id="e-title"' in bad.text
    assert "Waktu selesai harus setelah waktu mulai." in bad.text
    assert "Paling sedikit 1 kursi." in bad.text
    assert 'value="Aula SMAN 1"' in bad.text  # kept as typed
    assert _count(database) == 0


def test_planning_publishing_and_cancelling_by_the_forms(officer: httpx.Client,
                                                         database: Database) -> None:
    made = _post(officer, "/staf/sesi/baru", "/staf/sesi/baru", **PLAN)
    assert made.status_code == 303
    url = made.headers["location"]
    with database.reader() as db:
        session = db.scalars(select(EduSession)).one()
    assert url == f"/staf/sesi/{session.id}" and session.status is SessionStatus.DRAFT
    assert session.starts_at == datetime(2030, 3, 14, 1, 0, tzinfo=UTC)  # 09.00 WITA
    page = Page(officer.get(url).text)
    assert "Terbitkan" in page.buttons and "Batalkan sesi" in page.buttons
    assert _post(officer, f"{url}/terbitkan", url).status_code == 303
    page = Page(officer.get(url).text)
    assert "Terbitkan" not in page.buttons and "Selesaikan" in page.buttons
    early = _post(officer, f"{url}/selesaikan", url)
    assert early.status_code == 400 and "Sesi dapat diselesaikan setelah dimulai." in early.text
    no_reason = _post(officer, f"{url}/batalkan", url, reason="")
    assert no_reason.status_code == 400 and 'id="e-reason"' in no_reason.text
    moved = _post(officer, f"{url}/jadwal-ulang", url, startsAt="2030-03-15T09:00",
                  endsAt="2030-03-15T10:00")
    assert moved.status_code == 303
    assert _post(officer, f"{url}/batalkan", url, reason="Sekolah libur").status_code == 303
    with database.reader() as db:
        session = db.scalars(select(EduSession)).one()
    assert session.status is SessionStatus.CANCELLED and session.cancel_reason == "Sekolah libur"
    assert session.starts_at == datetime(2030, 3, 15, 1, 0, tzinfo=UTC)


def test_the_roster_lists_people_in_order(officer: httpx.Client, database: Database) -> None:
    sid = plan(database, staff(database, region="52"), capacity=1)
    sign_up(database, sid, details("Baiq Nurul"))
    sign_up(database, sid, details("Lalu Ahmad"))
    confirmed = officer.get(f"/staf/sesi/{sid}").text
    assert "Baiq Nurul" in confirmed and "Lalu Ahmad" not in confirmed
    waiting = officer.get(f"/staf/sesi/{sid}?daftar=tunggu").text
    assert "Lalu Ahmad" in waiting and "<td>1</td>" in waiting  # Lalu waits first in line


def test_another_regions_sessions_are_refused_by_url_and_by_list(
        officer: httpx.Client, database: Database) -> None:
    province = staff(database, region="52")
    draft = plan(database, province, publish=False, title="Draf Kota Bima", region="5272")
    public = plan(database, province, title="Terbit Kota Bima", region="5272", start=at(5))
    listing = officer.get("/staf/sesi").text
    assert "Draf Kota Bima" not in listing
    assert officer.get(f"/staf/sesi/{draft}").status_code == 404
    assert officer.get(f"/staf/sesi/{public}").status_code == 403  # public, roster not theirs
    assert _post(officer, f"/staf/sesi/{draft}/terbitkan", "/staf/sesi").status_code == 404
    assert _post(officer, f"/staf/sesi/{public}/batalkan", "/staf/sesi",
                 reason="bukan wilayah saya").status_code == 403
    elsewhere = _post(officer, "/staf/sesi/baru", "/staf/sesi/baru",
                      **{**PLAN, "regionCode": "5272"})
    assert elsewhere.status_code == 403 and "Wilayah ini di luar cakupan Anda." in elsewhere.text
    with database.reader() as db:
        assert db.get(EduSession, draft).status is SessionStatus.DRAFT
        assert db.get(EduSession, public).status is SessionStatus.PUBLISHED
    assert _count(database) == 2


def test_a_session_form_post_without_the_token_is_refused(officer: httpx.Client,
                                                          database: Database) -> None:
    assert officer.post("/staf/sesi/baru", data=PLAN).status_code == 403
    assert _count(database) == 0

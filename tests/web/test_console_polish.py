"""Loose ends of the console over HTTP (SQLite and PostgreSQL): a file over the app-wide body
limit gets a page in words (413) naming its field and the limit, with nothing written, while
the API keeps its JSON 413; an id too long for the database is an address nothing answers
(404) on every route, never a driver overflow (500)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select
from starlette.convertors import IntegerConvertor
from starlette.routing import Route

from edu.app import create_app
from edu.auth.models import Role
from edu.db import Database, utcnow
from edu.integrity import session_requests
from edu.integrity.due_soon import SHOWN
from edu.internships.models import Internship, InternshipStatus
from edu.registrations.held_imports import HeldImport
from edu.request_size import MAX_BODY_BYTES
from edu.row_ids import RowId
from edu.sessions.models import Segment
from tests.edu import certificates_factory as factory
from tests.edu.accountkit import account
from tests.support import Api, statements_on
from tests.web.internkit import (
    applied,
    coordinator_account,
    counts,
    officer_account,
    placement,
    student,
    university,
)
from tests.web.sitekit import Page, plan, staff
from tests.web.staffkit import csrf_of, signed_in

HUGE = "99999999999999999999"  # twenty digits: past any database integer
BIG = b"nama_lengkap,email\n" + b"x" * (MAX_BODY_BYTES + 10)


@pytest.fixture
def officer(site: httpx.Client, database: Database) -> httpx.Client:
    account(database, region="5271")
    assert signed_in(site).status_code == 303
    return site


def _held(database: Database) -> int:
    with database.reader() as db:
        return db.scalar(select(func.count()).select_from(HeldImport)) or 0


def test_a_class_file_over_the_body_limit_is_told_in_words_and_nothing_is_held(
        officer: httpx.Client, database: Database) -> None:
    sid = plan(database, staff(database, region="52"))
    token = csrf_of(officer.get(f"/staf/sesi/{sid}").text)
    got = officer.post(f"/staf/sesi/{sid}/impor", data={"csrf": token},
                       files={"file": ("kelas.csv", BIG, "text/csv")})
    assert got.status_code == 413
    assert got.headers["content-type"].startswith("text/html")
    assert "Berkas lebih besar dari 512 KB" in got.text  # the limit
    assert '<label for="f-file">Impor peserta</label>' in got.text  # the field
    assert 'aria-describedby="problems"' in got.text
    assert _held(database) == 0


def test_a_students_file_over_the_body_limit_is_told_beside_its_field(
        site: httpx.Client, database: Database) -> None:
    coordinator_account(database, "rina", "UNRAM")
    assert signed_in(site, "rina").status_code == 303
    url = f"/staf/magang/penempatan/{placement(database)}/impor"
    token = csrf_of(site.get(url).text)
    got = site.post(url, data={"csrf": token}, files={"file": ("mhs.csv", BIG, "text/csv")})
    assert got.status_code == 413 and got.headers["content-type"].startswith("text/html")
    assert "Berkas ini lebih dari 512 KB" in got.text
    assert 'aria-describedby="h-file e-file"' in got.text and 'id="e-file"' in got.text
    assert '<label for="f-file">Berkas CSV</label>' in got.text
    assert counts(database) == (0, 0)


def test_a_plain_console_form_too_large_gets_a_page_in_words(officer: httpx.Client) -> None:
    for size in (70_000, MAX_BODY_BYTES + 1):
        got = officer.post("/staf/sesi/baru", content=b"title=" + b"x" * size,
                           headers={"content-type": "application/x-www-form-urlencoded"})
        assert got.status_code == 413 and "<h1>Formulir terlalu besar</h1>" in got.text
        assert "64 KB" in got.text


def test_the_api_keeps_its_json_413_even_for_a_form(api: Api) -> None:
    got = api.http.post(f"{api.url}/graphql", content=b"a=" + b"x" * MAX_BODY_BYTES,
                        headers={"content-type": "application/x-www-form-urlencoded"})
    assert got.status_code == 413
    assert got.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


def test_an_id_too_long_for_the_database_is_not_found(officer: httpx.Client) -> None:
    for address in (f"/staf/sesi/{HUGE}", f"/staf/sesi/{HUGE}/kehadiran",
                    f"/staf/sesi/{HUGE}/ubah", f"/staf/sertifikat/{HUGE}",
                    f"/staf/magang/lamaran/{HUGE}", f"/staf/permintaan/{HUGE}",
                    f"/staf/pintu/{HUGE}", f"/sesi/{HUGE}",
                    f"/certificates/batches/{HUGE}.zip", f"/staf/sesi/{HUGE}9/kehadiran"):
        assert officer.get(address).status_code == 404, address
    token = csrf_of(officer.get("/staf/sesi").text)
    assert officer.post(f"/staf/sesi/{HUGE}/batalkan",
                        data={"csrf": token}).status_code == 404


def test_every_numeric_address_takes_a_row_id(base_settings, database: Database) -> None:
    """One convertor for every id in an address: no route left on Starlette's `int`."""
    app = create_app(base_settings, database)
    numeric = [(r.path, c) for r in app.routes if isinstance(r, Route)
               for c in r.param_convertors.values() if isinstance(c, IntegerConvertor)]
    assert len(numeric) > 20
    assert [p for p, c in numeric if not isinstance(c, RowId)] == []


def _internship_certificate(database: Database) -> tuple[int, str, str]:
    """A completed internship with its certificate issued; its id, university code and the
    certificate's number."""
    pid, (iid,) = factory.placement_with(database, [InternshipStatus.COMPLETED])
    factory.issue(database, factory.staff(database, Role.ADMIN), placement_id=pid)
    deadline = time.monotonic() + 120  # the app's own runner issues the batch
    while not (found := factory.certificates(database, recipient_id=iid)):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    with database.reader() as db:
        code = db.get(Internship, iid).student.university.code
    return iid, code, found[0].number


def test_coordinators_and_officers_download_and_check_an_interns_certificate(
        site: httpx.Client, database: Database) -> None:
    iid, code, number = _internship_certificate(database)
    coordinator_account(database, "rina", code)
    officer_account(database, "dewi")
    for who in ("rina", "dewi"):
        site.cookies.clear()
        assert signed_in(site, who).status_code == 303
        for url in (f"/staf/magang/lamaran/{iid}", "/staf/magang"):
            links = Page(site.get(url).text).links
            pdf, check = links[f"Unduh {number} (PDF)"], links[f"Periksa {number}"]
            got = site.get(pdf)
            assert got.status_code == 200 and got.headers["content-type"] == "application/pdf"
            assert site.get(check).status_code == 200 and number in site.get(check).text
    coordinator_account(database, "wayan", "UNDIKSHA")  # another university: not theirs
    site.cookies.clear()
    assert signed_in(site, "wayan").status_code == 303
    assert site.get(f"/staf/magang/lamaran/{iid}").status_code in (403, 404)
    assert number not in site.get("/staf/magang").text


def _ask(database: Database, at: datetime, organisation: str) -> None:
    with database.transaction() as db:
        session_requests.submit_session_request(db, session_requests.RequestDraft(
            region_code="5271", organisation=organisation, contact_name="Baiq Nurul",
            email=f"{organisation.split()[-1].lower()}@sekolah.sch.id",
            segment=Segment.FIRST_TIME_VOTERS, audience=200, consent=True), now=at)


def test_an_education_officers_home_shows_requests_past_or_near_their_standard(
        officer: httpx.Client, database: Database) -> None:
    _ask(database, utcnow() - timedelta(days=30), "SMAN 1 Mataram")
    _ask(database, utcnow(), "SMAN 5 Ampenan")
    home = officer.get("/staf")
    assert "<h2>Permintaan sesi yang harus segera dijawab</h2>" in home.text
    assert "SMAN 1 Mataram" in home.text and "Melewati standar pelayanan" in home.text
    assert "SMAN 5 Ampenan" not in home.text
    assert Page(home.text).links["Semua permintaan sesi"] == "/staf/permintaan"


def test_an_internship_officers_home_shows_the_head_of_the_queue_only(
        site: httpx.Client, database: Database) -> None:
    officer_account(database, "dewi")
    assert signed_in(site, "dewi").status_code == 303
    pid = placement(database, quota=20)
    university(database, "UNRAM", "Universitas Mataram")
    applied(database, "UNRAM", pid, student(1, "Lalu Baru"))
    home = site.get("/staf")
    assert "Tidak ada lamaran yang mendekati standar pelayanannya." in home.text
    applied(database, "UNRAM", pid, student(2, "Baiq Lama"),
            at=utcnow() - timedelta(days=30))
    with statements_on(database.engine) as few:
        home = site.get("/staf")
    assert "Baiq Lama" in home.text and "Lalu Baru" not in home.text
    for n in range(3, 3 + SHOWN + 2):
        applied(database, "UNRAM", pid, student(n), at=utcnow() - timedelta(days=40))
    with statements_on(database.engine) as many:
        home = site.get("/staf")
    assert home.text.count('href="/staf/magang/lamaran/') == SHOWN
    assert len(many) == len(few)  # one query for the list, however long the queue

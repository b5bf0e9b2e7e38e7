"""The console's door over HTTP (SQLite and PostgreSQL): the sign-in form as site.md names it,
CSRF on every form, refusals in words, the session cookie's flags, sign-out, the first page
in the signed-in person's scope."""

from __future__ import annotations

from dataclasses import replace

import httpx
from sqlalchemy import func, select
from starlette.responses import Response

from edu.accounts.models import BrowserSession
from edu.accounts.service import ACCOUNT_FAILURES
from edu.auth.models import Role
from edu.db import Database
from edu.universities.models import University
from tests.edu.accountkit import account
from tests.web.sitekit import Page, at, plan, staff
from tests.web.staffkit import csrf_of, signed_in
from web.site import Site
from web.staff.guard import set_cookie


def _sessions(database: Database) -> int:
    with database.reader() as db:
        return db.scalar(select(func.count()).select_from(BrowserSession)) or 0


def test_the_sign_in_form_has_the_contracts_words(site: httpx.Client) -> None:
    page = site.get("/staf/masuk")
    assert page.status_code == 200 and "no-store" in page.headers["cache-control"]
    html = Page(page.text)
    assert html.lang == "id" and html.h1 == ["Masuk staf"]
    assert html.control("Nama pengguna")["type"] == "text"
    assert html.control("Kata sandi")["type"] == "password"
    assert "Masuk" in html.buttons
    assert "httponly" in page.headers["set-cookie"].lower()  # the CSRF cookie


def test_a_post_without_the_csrf_token_is_refused(site: httpx.Client, database: Database
                                                  ) -> None:
    account(database)
    site.get("/staf/masuk")
    no_token = site.post("/staf/masuk", data={"username": "siti", "password": "x" * 12})
    assert no_token.status_code == 403
    forged = site.post("/staf/masuk", data={"csrf": "A" * 40, "username": "siti",
                                            "password": "x" * 12})
    assert forged.status_code == 403
    assert _sessions(database) == 0
    assert signed_in(site).status_code == 303
    assert site.post("/staf/keluar", data={}).status_code == 403  # signed in, still no token
    assert site.get("/staf").status_code == 200  # and the session lives on


def test_signing_in_sets_a_private_cookie_and_opens_the_console(
        site: httpx.Client, database: Database) -> None:
    account(database)
    assert site.get("/staf").headers["location"] == "/staf/masuk"  # not yet signed in
    done = signed_in(site)
    assert done.status_code == 303 and done.headers["location"] == "/staf"
    cookie = next(c for c in done.headers.get_list("set-cookie") if c.startswith("edu_staf="))
    flags = cookie.lower()
    assert "httponly" in flags and "samesite=lax" in flags and "path=/staf" in flags
    assert "secure" not in flags  # the test server is plain http
    home = site.get("/staf")
    assert home.status_code == 200
    html = Page(home.text)
    assert html.links["Sesi"] == "/staf/sesi" and "Magang" not in html.links
    assert "Keluar" in html.buttons and "Keluar di semua perangkat" in html.buttons


def test_the_cookie_is_secure_when_the_public_url_is_https(site: httpx.Client,
                                                           settings, database) -> None:
    response = Response()
    https = Site(replace(settings, public_url="https://edu.kpu-ntb.go.id"), database, {})
    set_cookie(https, response, "edu_staf", "x")
    assert "secure" in response.headers["set-cookie"].lower()


def test_wrong_passwords_are_answered_in_words_then_lock_the_account(
        site: httpx.Client, database: Database) -> None:
    account(database)
    for _ in range(ACCOUNT_FAILURES - 1):
        wrong = signed_in(site, password="not-the-password")
        assert wrong.status_code == 401
        assert "Nama pengguna atau kata sandi salah." in wrong.text
        assert 'value="siti"' in wrong.text  # the form keeps what was typed
    locked = signed_in(site, password="not-the-password")
    assert locked.status_code == 429
    assert "akun ini dikunci sampai" in locked.text and "WITA" in locked.text
    assert signed_in(site).status_code == 429  # the right password waits too
    assert _sessions(database) == 0


def test_signing_out_here_or_everywhere(api, database: Database) -> None:
    account(database)
    with httpx.Client(base_url=api.url) as phone, httpx.Client(base_url=api.url) as laptop:
        signed_in(phone)
        signed_in(laptop)
        out = phone.post("/staf/keluar", data={"csrf": csrf_of(phone.get("/staf").text)},
                         follow_redirects=False)
        assert out.status_code == 303 and out.headers["location"] == "/staf/masuk"
        assert phone.get("/staf", follow_redirects=False).status_code == 303
        assert laptop.get("/staf", follow_redirects=False).status_code == 200
        signed_in(phone)
        phone.post("/staf/keluar", data={"csrf": csrf_of(phone.get("/staf").text),
                                         "everywhere": "ya"})
        assert laptop.get("/staf", follow_redirects=False).status_code == 303


def test_the_first_page_shows_what_needs_attention_in_scope_only(
        site: httpx.Client, database: Database) -> None:
    account(database, region="5271")
    planner = staff(database, Role.EDUCATION_OFFICER, "52")
    plan(database, planner, publish=False, title="Draf Mataram", region="5271")
    plan(database, planner, publish=False, title="Draf Bima", region="5272")
    plan(database, planner, title="Minggu ini di Mataram", region="5271",
         start=at(2))
    signed_in(site)
    home = site.get("/staf").text
    assert "Draf Mataram" in home and "Minggu ini di Mataram" in home
    assert "Draf Bima" not in home


def test_a_coordinator_sees_internships_not_sessions(site: httpx.Client,
                                                     database: Database) -> None:
    with database.transaction() as db:
        db.add(University(code="UNRAM", name="Universitas Mataram"))
    account(database, "dosen", Role.UNIVERSITY_COORDINATOR, region=None, university="UNRAM")
    signed_in(site, "dosen")
    html = Page(site.get("/staf").text)
    assert "Magang" in html.links and "Sesi" not in html.links

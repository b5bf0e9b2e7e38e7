"""The console in a real browser at 360 px, JavaScript on and off: every page passes axe-core,
nothing comes from another host; a wrong password, then signing in and out."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from edu.db import Database
from tests.edu.accountkit import PASSWORD, account
from tests.web.browser import SCRIPTS, checked
from tests.web.sitekit import at, plan, staff

pytestmark = pytest.mark.browser


def _sign_in(page: Page, password: str) -> None:
    page.get_by_label("Nama pengguna").fill("siti")
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def test_sign_in_wrong_then_right_then_out(page: Page, db: Database) -> None:
    account(db)
    plan(db, staff(db, region="52"), publish=False, title="Draf Mataram", region="5271",
         start=at(3))
    page.goto("/staf")  # not signed in: the sign-in page
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk staf")
    checked(page, scripts=SCRIPTS[page])
    _sign_in(page, "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("Nama pengguna atau kata sandi salah")
    expect(page.get_by_label("Nama pengguna")).to_have_value("siti")
    checked(page, scripts=SCRIPTS[page])
    _sign_in(page, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Konsol staf")
    expect(page.get_by_role("link", name="Sesi", exact=True)).to_be_visible()
    expect(page.get_by_text("Draf Mataram")).to_be_visible()
    checked(page, scripts=SCRIPTS[page])
    page.get_by_role("button", name="Keluar", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk staf")
    page.goto("/staf")
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk staf")


def test_planning_and_publishing_a_session_by_its_form(page: Page, db: Database) -> None:
    account(db)
    page.goto("/staf/masuk")
    _sign_in(page, PASSWORD)
    page.goto("/staf/sesi")
    checked(page, scripts=SCRIPTS[page])
    page.get_by_role("button", name="Buat sesi").click()
    page.get_by_label("Judul").fill("Pemilih Pemula SMAN 1")
    page.get_by_label("Sasaran").select_option("FIRST_TIME_VOTERS")
    page.get_by_label("Tempat").fill("Aula SMAN 1")
    page.get_by_label("Mulai").fill("2030-03-14T09:00")
    page.get_by_label("Selesai").fill("2030-03-14T08:00")  # before the start: refused
    page.get_by_label("Kapasitas").fill("200")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Waktu selesai harus setelah waktu mulai.")).to_be_visible()
    checked(page, scripts=SCRIPTS[page])
    page.get_by_label("Selesai").fill("2030-03-14T11:00")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pemilih Pemula SMAN 1")
    checked(page, scripts=SCRIPTS[page])
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_text("Terbit", exact=True)).to_be_visible()

"""The site in a real browser at 360 px, JavaScript on and off: every page passes axe-core,
nothing comes from another host, and a person finds, registers, waits and cancels."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.edu.sessionkit import details, sign_up
from tests.web.browser import SCRIPTS, checked
from tests.web.sitekit import certified_person, counts, minor_birth_date, officer_plans

pytestmark = pytest.mark.browser
def fill_form(page: Page, email: str, birth: str = "1990-04-02") -> None:
    page.get_by_label("Nama lengkap").fill("Siti Aminah")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Nomor HP").fill("0812 3456 7890")
    page.get_by_label("Perempuan").check()
    page.get_by_label("Tanggal lahir").fill(birth)
    page.get_by_label("Kabupaten/Kota").select_option("5271")
    page.get_by_label("Sekolah/Instansi").fill("SMAN 1 Mataram")
    page.get_by_label(re.compile("^Saya setuju")).check()


def test_find_register_see_the_ticket_and_cancel(page, db):
    officer_plans(db, title="Pemilih Pemula Cerdas")
    officer_plans(db, title="Suara Perempuan", region="5201")
    page.goto("/")
    checked(page, scripts=SCRIPTS[page])
    page.get_by_label("Kabupaten/Kota").select_option("5271")
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_text("Suara Perempuan")).to_have_count(0)
    checked(page, scripts=SCRIPTS[page])
    page.get_by_role("link", name="Pemilih Pemula Cerdas").click()
    checked(page, scripts=SCRIPTS[page])
    page.get_by_text("Pemberitahuan privasi").click()  # the notice, one click away
    expect(page.get_by_text("UU 27/2022")).to_be_visible()
    fill_form(page, "siti@example.id")
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pendaftaran berhasil")
    expect(page.locator(".ticket")).to_have_text(re.compile("^[A-Z2-7]{12}$"))
    expect(page.get_by_role("img", name=re.compile("^QR"))).to_be_visible()
    checked(page, scripts=SCRIPTS[page])
    page.get_by_role("link", name="Pendaftaran saya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pendaftaran saya")
    checked(page, scripts=SCRIPTS[page])
    page.get_by_role("button", name="Batalkan").click()
    expect(page.get_by_role("status")).to_contain_text("dibatalkan")
    checked(page, scripts=SCRIPTS[page])
    assert counts(db) == (1, 1)


def test_a_bad_field_is_shown_and_nothing_written_then_a_minor_with_a_guardian(page, db):
    sid = officer_plans(db)
    page.goto(f"/sesi/{sid}")
    fill_form(page, "bukan-email")
    page.get_by_role("button", name="Daftar").click()
    email = page.get_by_label("Email")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_value("bukan-email")
    expect(page.locator("#e-email")).to_contain_text("Ini bukan alamat email")
    checked(page, scripts=SCRIPTS[page])
    assert counts(db) == (0, 0)

    guardian = page.get_by_label(re.compile("^Orang tua/wali"))
    if SCRIPTS[page]:  # our script shows the guardian's box only to minors
        expect(guardian).to_be_hidden()
    email.fill("remaja@example.id")
    page.get_by_label("Tanggal lahir").fill(minor_birth_date())
    expect(guardian).to_be_visible()
    page.get_by_role("button", name="Daftar").click()
    expect(page.locator("#e-guardianConsent")).to_be_visible()
    checked(page, scripts=SCRIPTS[page])
    assert counts(db) == (0, 0)
    page.get_by_label(re.compile("^Orang tua/wali")).check()
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pendaftaran berhasil")
    assert counts(db) == (1, 1)


def test_the_waitlist(page, db):
    sid = officer_plans(db, capacity=1)
    sign_up(db, sid, details())
    page.goto(f"/sesi/{sid}")
    expect(page.get_by_text("penuh — daftar tunggu")).to_be_visible()
    fill_form(page, "tunggu@example.id")
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anda di daftar tunggu nomor 1")
    checked(page, scripts=SCRIPTS[page])


def test_verify_form_and_the_other_pages(page, db):
    page.goto("/verify")
    checked(page, scripts=SCRIPTS[page])
    page.get_by_role("button", name="Periksa").click()
    expect(page.locator("#e-kode")).to_be_visible()
    checked(page, scripts=SCRIPTS[page])
    page.get_by_label("Kode verifikasi").fill("abcd efgh")
    page.get_by_role("button", name="Periksa").click()
    expect(page).to_have_url(re.compile("/verify/ABCDEFGH$"))
    expect(page.get_by_text("TIDAK DIKENAL")).to_be_visible()
    checked(page, scripts=SCRIPTS[page])
    for path in ("/privasi", "/tidak-ada", "/calendar", "/calendar/sessions"):
        page.goto(path)
        checked(page, scripts=SCRIPTS[page])
    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Upcoming voter education sessions")
    checked(page, scripts=SCRIPTS[page])


def test_keyboard_only_registration_and_a_certificate(page, db, server):
    sid = officer_plans(db, title="Kelas Papan Ketik")
    page.goto(f"/sesi/{sid}")
    page.get_by_label("Nama lengkap").focus()
    page.keyboard.type("Lalu Ahmad")
    page.keyboard.press("Tab")
    page.keyboard.type("lalu@example.id")
    # The birth date by keys too (its segments in the browser's locale order, en-US here),
    # then on through region, disability and school to the consent box.
    page.get_by_label("Tanggal lahir").focus()
    page.keyboard.type("04021990")
    expect(page.get_by_label("Tanggal lahir")).to_have_value("1990-04-02")
    page.get_by_label(re.compile("^Saya setuju")).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Daftar").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pendaftaran berhasil")

    secret, _ = certified_person(db, server[0].settings.secret_key)
    page.goto(f"/saya/{secret}")
    checked(page, scripts=SCRIPTS[page])
    page.get_by_role("link", name="Periksa keaslian").click()
    expect(page.get_by_text("SAH", exact=True)).to_be_visible()
    checked(page, scripts=SCRIPTS[page])

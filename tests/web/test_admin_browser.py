"""Two-factor sign-in and the admin pages in Chromium at 360 px, scripts on and off: an
admin's first sign-in enrols (a wrong code refused), a code signs in, a recovery code works
once, and every new page passes axe-core."""

from __future__ import annotations

import pyotp
import pytest
from playwright.sync_api import Page, expect

from edu.auth.models import Role
from edu.db import Database
from tests.edu.accountkit import PASSWORD, account
from tests.edu.totpkit import code, enrolled
from tests.support import LiveServer
from tests.web.browser import SCRIPTS, checked

pytestmark = pytest.mark.browser


def _password(page: Page, username: str = "siti") -> None:
    page.goto("/staf/masuk")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def _code(page: Page, typed: str) -> None:
    page.get_by_label("Kode", exact=True).fill(typed)
    page.get_by_role("button", name="Lanjut").click()


def _h1(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    checked(page, scripts=SCRIPTS[page])


def _wrong(right: str) -> str:
    return f"{(int(right) + 1) % 1_000_000:06d}"


def test_an_admins_first_sign_in_enrols_then_every_admin_page(page: Page, db: Database) -> None:
    account(db, "admin", Role.ADMIN, None, "Ani Admin")
    account(db)
    _password(page, "admin")
    _h1(page, "Aktifkan verifikasi dua langkah")
    secret = page.locator(".ticket code").inner_text().strip()
    page.get_by_label("Kode", exact=True).fill(_wrong(code(secret)))
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.get_by_text("Kode ini tidak benar")).to_be_visible()
    _h1(page, "Aktifkan verifikasi dua langkah")
    page.get_by_label("Kode", exact=True).fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Aktifkan").click()
    _h1(page, "Kode pemulihan Anda")
    expect(page.locator("ul.codes li")).to_have_count(10)
    page.get_by_role("link", name="Sudah saya simpan: lanjut").click()
    _h1(page, "Konsol staf")
    page.get_by_role("link", name="Administrasi").click()
    _h1(page, "Administrasi")
    page.get_by_role("link", name="Pengguna", exact=True).click()
    _h1(page, "Pengguna")
    page.get_by_role("link", name="Buat pengguna").click()
    _h1(page, "Buat pengguna")
    page.get_by_label("Nama pengguna").fill("siti")  # taken
    page.get_by_label("Nama lengkap").fill("Budi Santoso")
    page.get_by_label("Peran").select_option("FACILITATOR")
    page.get_by_label("Wilayah").select_option("5271")
    page.get_by_label("Kata sandi").fill("Rinjani-Segara-Anak-3")
    page.get_by_role("button", name="Buat", exact=True).click()
    expect(page.get_by_text("Nama pengguna ini sudah dipakai.")).to_be_visible()
    _h1(page, "Buat pengguna")
    page.get_by_label("Nama pengguna").fill("budi")
    page.get_by_label("Kata sandi").fill("Rinjani-Segara-Anak-3")
    page.get_by_role("button", name="Buat", exact=True).click()
    _h1(page, "budi")
    page.goto("/staf/admin/universitas")
    _h1(page, "Perguruan tinggi")
    page.get_by_label("Kode").fill("UNRAM")
    page.get_by_label("Nama", exact=True).fill("Universitas Mataram")
    page.get_by_role("button", name="Tambah").click()
    page.get_by_role("link", name="Universitas Mataram").click()
    _h1(page, "UNRAM")
    page.goto("/staf/admin/kantor")
    _h1(page, "Pengaturan sertifikat kantor")
    page.get_by_role("link", name="KPU Kota Mataram").click()
    _h1(page, "KPU Kota Mataram")
    page.get_by_label("Templat nomor").fill("{nomor}")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("{seq} wajib ada")).to_be_visible()
    _h1(page, "KPU Kota Mataram")
    page.goto("/staf/admin/audit")
    _h1(page, "Log audit")
    page.get_by_label("Aksi").fill("totp.")
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_role("cell", name="totp.enrol")).to_be_visible()
    checked(page, scripts=SCRIPTS[page])
    page.goto("/staf/akun")
    _h1(page, "Akun saya")
    expect(page.get_by_text("Sisa kode pemulihan: 10.")).to_be_visible()


def test_signing_in_with_a_code_a_wrong_code_is_refused(
        page: Page, db: Database, server: tuple[LiveServer, Database]) -> None:
    secret, _ = enrolled(db, server[0].settings.secret_key)
    _password(page)
    _h1(page, "Kode masuk")
    _code(page, _wrong(code(secret, 1)))
    expect(page.get_by_role("alert")).to_contain_text("Kode ini tidak benar")
    _h1(page, "Kode masuk")
    _code(page, code(secret, 1))
    _h1(page, "Konsol staf")


def test_a_recovery_code_works_once(page: Page, db: Database,
                                    server: tuple[LiveServer, Database]) -> None:
    _, codes = enrolled(db, server[0].settings.secret_key)
    _password(page)
    _code(page, codes[3])
    _h1(page, "Konsol staf")
    page.get_by_role("button", name="Keluar", exact=True).click()
    _password(page)
    _code(page, codes[3])
    expect(page.get_by_role("alert")).to_contain_text("Kode ini tidak benar")
    _h1(page, "Kode masuk")


def test_anyone_can_turn_two_factor_on_from_my_account(page: Page, db: Database) -> None:
    account(db)
    _password(page)
    page.get_by_role("link", name="Akun saya").click()
    _h1(page, "Akun saya")
    page.get_by_role("link", name="Aktifkan verifikasi dua langkah").click()
    _h1(page, "Aktifkan verifikasi dua langkah")
    secret = page.locator(".ticket code").inner_text().strip()
    page.get_by_label("Kode", exact=True).fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Aktifkan").click()
    _h1(page, "Kode pemulihan Anda")
    page.get_by_role("link", name="Sudah saya simpan: lanjut").click()
    _h1(page, "Akun saya")
    expect(page.get_by_role("button", name="Matikan verifikasi dua langkah")).to_be_visible()
    page.goto("/staf/admin/pengguna")  # not an admin: refused
    expect(page.get_by_text("Hanya administrator yang boleh membuka halaman ini.")
           ).to_be_visible()
    checked(page, scripts=SCRIPTS[page])

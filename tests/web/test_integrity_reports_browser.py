"""The report pages, the session-request form and the suggestions list in a real browser at
360 px, JavaScript on and off: axe-core finds nothing on any of them, nothing scrolls
sideways, the charts are images named by their titles, and the forms work by their labels."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from edu.auth.models import Role
from edu.db import Database
from edu.internships.models import InternshipStatus
from edu.participants.models import Gender
from tests.edu.accountkit import PASSWORD, account
from tests.edu.certificates_factory import placement_with
from tests.edu.totpkit import code, enrolled
from tests.integrity.kit import Person, held, page_secret
from tests.support import LiveServer
from tests.web.browser import SCRIPTS, checked

pytestmark = pytest.mark.browser


def _sign_in(tab: Page, secret: str | None = None) -> None:
    """Signs siti in; with her two-factor secret (an admin's), through the code step too."""
    tab.goto("/staf/masuk")
    tab.get_by_label("Nama pengguna").fill("siti")
    tab.get_by_label("Kata sandi").fill(PASSWORD)
    tab.get_by_role("button", name="Masuk").click()
    if secret:
        tab.get_by_label("Kode", exact=True).fill(code(secret, 1))
        tab.get_by_role("button", name="Lanjut").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Konsol staf")


def test_ask_for_a_session_then_answer_it_in_the_console(page: Page, db: Database) -> None:
    tab, scripts = page, SCRIPTS[page]
    account(db, role=Role.EDUCATION_OFFICER, region="52")
    tab.goto("/layanan")
    tab.get_by_role("link", name="Minta sesi pendidikan pemilih").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Minta sesi pendidikan pemilih")
    checked(tab, scripts=scripts)
    tab.get_by_label("Kantor yang diminta").select_option("5271")
    tab.get_by_label("Sekolah atau kelompok").fill("SMAN 1 Mataram")
    tab.get_by_label("Sasaran").select_option("FIRST_TIME_VOTERS")
    tab.get_by_label("Narahubung").fill("Baiq Nurul")
    tab.get_by_label("Email").fill("osis@sman1.sch.id")
    tab.get_by_role("button", name="Kirim permintaan").click()  # no consent: refused
    expect(tab.get_by_text("Perbaiki isian yang ditandai")).to_be_visible()
    expect(tab.get_by_label("Sekolah atau kelompok")).to_have_value("SMAN 1 Mataram")
    checked(tab, scripts=scripts)
    tab.get_by_label("Saya setuju").check()
    tab.get_by_role("button", name="Kirim permintaan").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Permintaan terkirim")
    checked(tab, scripts=scripts)
    _sign_in(tab)
    tab.get_by_role("link", name="Laporan dan standar pelayanan").click()
    checked(tab, scripts=scripts)
    tab.get_by_role("link", name="Permintaan sesi", exact=True).click()
    checked(tab, scripts=scripts)
    tab.get_by_role("link", name="SMAN 1 Mataram").click()
    checked(tab, scripts=scripts)
    tab.get_by_role("button", name="Kirim jawaban").click()  # nothing chosen: refused
    expect(tab.get_by_text("Perbaiki isian yang ditandai")).to_be_visible()
    checked(tab, scripts=scripts)
    tab.get_by_label("Diterima: kami akan mengadakan sesinya").check()
    tab.get_by_label("Balasan kepada pemohon").fill("Kami datang 14 Januari pukul 09.00 WITA.")
    tab.get_by_role("button", name="Kirim jawaban").click()
    expect(tab.get_by_text("Kami datang 14 Januari pukul 09.00 WITA.")).to_be_visible()
    checked(tab, scripts=scripts)


def test_every_report_page_passes_axe(page: Page, db: Database,
                                      server: tuple[LiveServer, Database]) -> None:
    tab, scripts, live = page, SCRIPTS[page], server[0]
    totp, _ = enrolled(db, live.settings.secret_key, "siti", Role.ADMIN, None)
    sid, people = held(db, [Person(), Person(gender=Gender.MALE), Person(attendance=None)])
    held(db, [Person(disability=True)], region="5201")
    placement_with(db, [InternshipStatus.COMPLETED, InternshipStatus.APPLIED])
    secret = page_secret(db, live.settings.secret_key, people[0])
    tab.goto(f"/saya/{secret}/survei/{sid}")
    for fieldset in tab.locator("fieldset").all():
        fieldset.get_by_label("3 · Baik").check()
    tab.get_by_label("Saran (boleh dikosongkan)").fill("Mohon materi dibagikan")
    tab.get_by_role("button", name="Kirim jawaban saya").click()
    _sign_in(tab, totp)
    tab.goto("/staf/laporan")
    checked(tab, scripts=scripts)
    pages = {
        "Partisipasi dalam pendidikan pemilih": "Partisipasi per kabupaten/kota",
        "Magang per perguruan tinggi, unit dan periode": "Permohonan per periode",
        "Indeks kepuasan masyarakat (IKM)": "IKM per periode",
        "Standar pelayanan: dalam standar, pelanggaran, antrean": "Persentase dalam standar",
    }
    for link, chart in pages.items():
        tab.goto("/staf/laporan")
        tab.get_by_role("link", name=link).click()
        expect(tab.get_by_role("img", name=chart)).to_be_visible()
        tab.wait_for_load_state()  # the width is measured with the style sheet applied
        checked(tab, scripts=scripts)
    tab.goto("/staf/laporan/ikm")
    expect(tab.get_by_text("75,00 · C (Kurang Baik)").first).to_be_visible()
    tab.goto("/staf/laporan/partisipasi")
    tab.get_by_label("Dari", exact=True).fill("2020-01-01")
    tab.get_by_label("Sampai", exact=True).fill("2019-01-01")
    tab.get_by_role("button", name="Tampilkan").click()
    expect(tab.get_by_text("Tanggal akhir sebelum tanggal awal")).to_be_visible()
    checked(tab, scripts=scripts)
    tab.goto("/staf/laporan")
    tab.get_by_role("link", name="Waktu layanan dan cuti bersama").click()
    checked(tab, scripts=scripts)
    tab.get_by_label("Tanggal").fill("2026-12-24")
    tab.get_by_label("Nama", exact=True).fill("Cuti bersama Natal")
    tab.get_by_role("button", name="Tambahkan hari cuti bersama").click()
    expect(tab.get_by_text("Cuti bersama Natal")).to_be_visible()
    checked(tab, scripts=scripts)
    tab.goto("/staf/laporan")
    tab.get_by_role("link", name="Saran yang perlu ditindaklanjuti").click()
    checked(tab, scripts=scripts)
    tab.get_by_label("Balasan").fill("Materi kami kirim lewat email.")
    tab.get_by_role("button", name="Simpan").click()
    expect(tab.get_by_text("Materi kami kirim lewat email.")).to_be_visible()
    checked(tab, scripts=scripts)

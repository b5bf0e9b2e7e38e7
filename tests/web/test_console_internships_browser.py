"""The internship console in Chromium at 360 px, scripts on and off: a coordinator applies
students by CSV (a bad row first: named, nothing written) and sees only their own; an officer
works the queue, accepts an application, reviews a logbook and gives a score. axe-core checks
every page of the console on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from edu.db import Database
from edu.internships.models import Internship, InternshipStatus, LogbookEntry, LogbookStatus
from tests.web.browser import SCRIPTS, checked
from tests.web.internkit import (
    accepted_and_logged,
    applied,
    coordinator_account,
    counts,
    csv_of,
    officer_account,
    placement,
    row,
    student,
)
from tests.web.staffkit import signed_in_tab

pytestmark = pytest.mark.browser


def _checked(page: Page) -> None:
    """axe-core and the width, once the page and its stylesheet have loaded."""
    page.wait_for_load_state("load")
    checked(page, scripts=SCRIPTS[page])


def _csv(page: Page, data: bytes) -> None:
    page.get_by_label("Berkas CSV").set_input_files(
        {"name": "mahasiswa.csv", "mimeType": "text/csv", "buffer": data})
    page.get_by_role("button", name="Unggah").click()


def test_a_coordinator_applies_students_by_csv_and_sees_only_their_own(
        page: Page, db: Database) -> None:
    coordinator_account(db, "rina", "UNRAM")
    coordinator_account(db, "budi", "UNDIKMA")
    pid = placement(db, title="Magang Sosdiklih Mataram")
    applied(db, "UNDIKMA", pid, student(9, "Lalu Mahasiswa Undikma"))
    signed_in_tab(page, "rina")
    page.get_by_role("link", name="Magang", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Magang")
    expect(page.get_by_text("Magang ditemukan: 0.")).to_be_visible()
    _checked(page)
    page.get_by_role("link", name="Penempatan", exact=True).click()
    _checked(page)
    page.get_by_role("link", name="Magang Sosdiklih Mataram").click()
    _checked(page)
    page.get_by_role("link", name="Lamarkan mahasiswa dari berkas CSV").click()
    _checked(page)
    _csv(page, csv_of(row(1, nama_lengkap="Baiq Nurul Aini"),
                      row(2, email="bukan-email", nama_lengkap="Lalu Zainul")))
    expect(page.get_by_text("Baris 3, kolom email:")).to_be_visible()
    expect(page.get_by_role("button", name="Kirim lamaran")).to_have_count(0)
    _checked(page)
    assert counts(db) == (1, 1)  # the other university's student only
    _csv(page, csv_of(row(1, nama_lengkap="Baiq Nurul Aini"),
                      row(2, nama_lengkap="Lalu Zainul", jenis_kelamin="L")))
    expect(page.get_by_text("Semua baris benar.")).to_be_visible()
    _checked(page)
    page.get_by_role("button", name="Kirim lamaran").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Magang")
    expect(page.get_by_role("link", name="Baiq Nurul Aini")).to_be_visible()
    expect(page.get_by_role("link", name="Lalu Zainul")).to_be_visible()
    expect(page.get_by_text("Lalu Mahasiswa Undikma")).to_have_count(0)
    _checked(page)
    page.get_by_role("link", name="Baiq Nurul Aini").click()
    expect(page.get_by_role("button", name="Terima")).to_have_count(0)
    _checked(page)
    page.get_by_role("button", name="Tautan kalender", exact=True).click()
    expect(page.get_by_label("Tautan kalender untuk peserta magang")).to_have_value(
        re.compile(r"/calendar/i/"))
    _checked(page)
    page.goto(f"/staf/magang/penempatan/{pid}/lamar")
    page.get_by_label("Nama lengkap").fill("Ni Made Ayu")
    page.get_by_label("Email").fill("bukan-email")
    page.get_by_role("button", name="Lamar", exact=True).click()
    expect(page.locator("#e-email")).to_be_visible()
    _checked(page)


def test_an_officer_accepts_an_application_and_reviews_the_work(page: Page,
                                                                db: Database) -> None:
    officer_account(db)
    coordinator_account(db, "rina", "UNRAM")
    pid = placement(db, title="Magang Data Pemilih", quota=2, required_hours=8)
    waiting, active = applied(db, "UNRAM", pid, student(1, "Baiq Nurul Aini"),
                              student(2, "Lalu Zainul"))
    (entry,) = accepted_and_logged(db, active, 1)
    signed_in_tab(page, "dewi")
    page.get_by_role("link", name="Magang", exact=True).click()
    expect(page.get_by_text("Lamaran menunggu keputusan: 1.")).to_be_visible()
    _checked(page)
    page.get_by_role("link", name="Antrean lamaran").click()
    _checked(page)
    page.get_by_role("link", name="Baiq Nurul Aini").click()
    _checked(page)
    page.get_by_role("button", name="Tolak").click()  # no reason: refused
    expect(page.locator("#e-rejectNote")).to_have_text("Tuliskan alasannya.")
    _checked(page)
    page.get_by_role("button", name="Terima").click()
    expect(page.get_by_text("Diterima", exact=True)).to_be_visible()
    _checked(page)
    with db.reader() as session:
        assert session.get(Internship, waiting).status is InternshipStatus.ACCEPTED
    page.goto(f"/staf/magang/lamaran/{active}")
    page.get_by_label("Nilai akhir").fill("91")
    page.get_by_role("button", name="Simpan nilai").click()  # hours not yet approved
    expect(page.get_by_text("belum mencapai jam wajib")).to_be_visible()
    _checked(page)
    page.get_by_role("button", name="Setujui").click()
    page.get_by_label("Nilai akhir").fill("91")
    page.get_by_role("button", name="Simpan nilai").click()
    expect(page.locator("strong", has_text="A")).to_be_visible()
    _checked(page)
    with db.reader() as session:
        assert session.get(LogbookEntry, entry).status is LogbookStatus.APPROVED


def test_an_officer_makes_a_placement_by_its_form(page: Page, db: Database) -> None:
    officer_account(db)
    signed_in_tab(page, "dewi")
    page.goto("/staf/magang/penempatan")
    _checked(page)
    page.get_by_role("button", name="Penempatan baru").click()
    _checked(page)
    page.get_by_label("Judul").fill("Magang Hukum")
    page.get_by_label("Unit kerja").fill("Divisi Hukum dan Pengawasan")
    page.get_by_label("Kantor").select_option("5271")
    page.get_by_label("Hari pertama").fill("2030-02-03")
    page.get_by_label("Hari terakhir").fill("2030-02-01")
    page.get_by_label("Kuota").fill("3")
    page.get_by_label("Jam wajib").fill("40")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#e-endsOn")).to_be_visible()
    _checked(page)
    page.get_by_label("Hari terakhir").fill("2030-03-31")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Magang Hukum")
    _checked(page)

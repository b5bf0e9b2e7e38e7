"""A session's class import, attendance and certificates in Chromium at 360 px, scripts on and
off: a bad file named row and column then a good one imported, attendance marked in bulk, a
certificate batch followed to its ZIP; axe-core on every page on the way."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from edu.db import Database
from tests.edu import certificates_factory as factory
from tests.edu.accountkit import PASSWORD, account
from tests.edu.sessionkit import details, sign_up
from tests.edu.test_import_files import GOOD, HEADER, xlsx
from tests.web.browser import SCRIPTS, checked
from tests.web.sitekit import at, counts, plan, staff

pytestmark = pytest.mark.browser
SECOND = "Lalu Ahmad,lalu@example.id,,L,17/08/2002,5271,tidak,SMAN 1 Mataram"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _checked(page: Page) -> None:
    """axe-core and the width, once the page has loaded (its stylesheet included: a form's
    answer may be in the DOM before the stylesheet applies)."""
    page.wait_for_load_state("load")
    checked(page, scripts=SCRIPTS[page])


def _signed_in(page: Page, db: Database) -> None:
    account(db)
    page.goto("/staf/masuk")
    page.get_by_label("Nama pengguna").fill("siti")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Konsol staf")


def _upload(page: Page, name: str, kind: str, data: bytes) -> None:
    page.get_by_label("Impor peserta").set_input_files(
        {"name": name, "mimeType": kind, "buffer": data})
    page.get_by_role("button", name="Unggah").click()


def _import_bad_then_good(page: Page, db: Database, name: str, kind: str, bad: bytes,
                          good: bytes, named: str) -> None:
    _signed_in(page, db)
    sid = plan(db, staff(db, region="52"), title="Pemilih Pemula SMAN 1")
    page.goto(f"/staf/sesi/{sid}")
    _checked(page)
    _upload(page, name, kind, bad)
    expect(page.get_by_role("alert")).to_contain_text(named)
    _checked(page)
    assert counts(db) == (0, 0)
    _upload(page, name, kind, good)  # the preview offers the upload again
    expect(page.get_by_role("status")).to_contain_text("2 peserta siap diimpor")
    _checked(page)
    assert counts(db) == (0, 0)
    page.get_by_role("button", name="Impor 2 peserta").click()
    expect(page.get_by_role("status")).to_have_text("2 peserta diimpor.")
    expect(page.get_by_role("cell", name="Lalu Ahmad")).to_be_visible()
    _checked(page)
    assert counts(db) == (2, 2)


def test_csv_import_a_bad_row_then_a_good_file(page: Page, db: Database) -> None:
    bad = "\n".join([HEADER, GOOD, SECOND.replace("17/08/2002", "17-08-2002")]).encode()
    good = ("\ufeff" + "\n".join([HEADER, GOOD, SECOND]).replace(",", ";")).encode()
    _import_bad_then_good(page, db, "kelas.csv", "text/csv", bad, good,
                          "Baris 3, kolom tanggal_lahir: Tulis tanggal sebagai YYYY-MM-DD")


def test_xlsx_import_a_bad_row_then_a_good_file(page: Page, db: Database) -> None:
    lalu = ["Lalu Ahmad", "lalu@example.id", None, "L", date(2002, 8, 17), 5271, "tidak", None]
    bad = xlsx([HEADER.split(","), GOOD.split(","), [*lalu[:6], "mungkin", None]])
    good = xlsx([HEADER.split(","), GOOD.split(","), lalu])
    _import_bad_then_good(page, db, "kelas.xlsx", XLSX, bad, good,
                          "Baris 3, kolom disabilitas: Tulis ya atau tidak.")


def test_attendance_in_bulk_and_no_certificates_before_completion(page: Page,
                                                                   db: Database) -> None:
    _signed_in(page, db)
    sid = plan(db, staff(db, region="52"), start=at(0, hours=1))
    for name in ("Baiq Nurul", "Lalu Ahmad", "Dewi Sartika"):
        sign_up(db, sid, details(name))
    page.goto(f"/staf/sesi/{sid}")
    page.get_by_role("link", name="Catat kehadiran").click()
    _checked(page)
    page.get_by_role("button", name="Simpan kehadiran").click()
    expect(page.get_by_text("Centang paling sedikit satu peserta.")).to_be_visible()
    _checked(page)
    page.get_by_label("Baiq Nurul").check()
    page.get_by_label("Lalu Ahmad").check()
    page.get_by_label("Status kehadiran").select_option(label="Terlambat")
    page.get_by_role("button", name="Simpan kehadiran").click()
    expect(page.get_by_role("status")).to_have_text("Kehadiran 2 peserta dicatat.")
    expect(page.get_by_text("Lalu Ahmad (Terlambat)")).to_be_visible()
    expect(page.get_by_text("Dewi Sartika (belum dicatat)")).to_be_visible()
    _checked(page)
    page.get_by_role("link", name="Kembali ke sesi").click()
    page.get_by_role("button", name="Terbitkan sertifikat").click()  # not completed yet
    expect(page.get_by_role("alert")).to_contain_text("Sertifikat terbit setelah sesi berakhir")
    _checked(page)


def test_a_certificate_batch_runs_to_its_zip(page: Page, db: Database) -> None:
    _signed_in(page, db)
    sid, _ = factory.session_with(db, [(factory.CONFIRMED, factory.PRESENT)] * 3)
    page.goto(f"/staf/sesi/{sid}")
    if SCRIPTS[page]:  # the page's questions wait unanswered: it cannot reload under axe-core
        page.route("**/kemajuan", lambda route: None)
    page.get_by_role("button", name="Terbitkan sertifikat").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Batch sertifikat")
    if SCRIPTS[page]:  # (without scripts the page reloads itself: nothing to hold it still)
        _checked(page)
        page.unroute("**/kemajuan")  # the held questions go on to the server
    link = page.get_by_role("link", name="Unduh sertifikat (ZIP)")
    expect(link).to_be_visible(timeout=90_000)  # the page follows the batch by itself
    expect(page.locator("#b-status")).to_have_text("Selesai")
    expect(page.locator("#b-issued")).to_have_text("3")
    _checked(page)
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    assert len(zipfile.ZipFile(path).namelist()) == 3


def test_a_file_over_the_limit_is_named_before_or_after_sending(page: Page, db: Database) -> None:
    _signed_in(page, db)
    sid = plan(db, staff(db, region="52"))
    page.goto(f"/staf/sesi/{sid}")
    _upload(page, "kelas.csv", "text/csv", "\n".join([HEADER, *[GOOD] * 7000]).encode())
    if SCRIPTS[page]:  # the browser keeps the form: the script named the limit
        field = page.get_by_label("Impor peserta")
        assert field.evaluate("e => e.validationMessage").startswith(
            "Berkas lebih besar dari 512 KB")
        expect(page).to_have_url(re.compile(rf"/staf/sesi/{sid}$"))
    else:  # the server names it
        expect(page.get_by_role("alert")).to_contain_text("Berkas lebih besar dari 512 KB")
    _checked(page)
    assert counts(db) == (0, 0)

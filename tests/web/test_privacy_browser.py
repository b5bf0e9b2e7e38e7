"""A person's data pages in a real browser at 360 px, JavaScript on and off: the notice, their
data, the correction form (with its errors) and the erasure's confirmation pass axe-core and
fit the phone; the person corrects, then erases, by the labels they read."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from edu.participants.models import Participant
from tests.web.browser import SCRIPTS, checked
from tests.web.sitekit import officer_plans
from tests.web.test_browser import fill_form

pytestmark = pytest.mark.browser


def test_notice_data_correction_and_erasure_in_a_browser(page, db):
    page.goto("/privasi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pemberitahuan privasi")
    checked(page, scripts=SCRIPTS[page])
    sid = officer_plans(db, title="Kelas Pemilih Berdaya")
    page.goto(f"/sesi/{sid}")
    fill_form(page, "siti@example.id")
    page.get_by_role("button", name="Daftar").click()
    page.get_by_role("link", name="Pendaftaran saya").click()
    mine = page.url

    page.get_by_role("link", name="Lihat dan unduh semua data tentang saya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data saya")
    expect(page.get_by_role("cell", name="Siti Aminah")).to_be_visible()
    expect(page.get_by_role("link", name="sebagai PDF")).to_be_visible()
    checked(page, scripts=SCRIPTS[page])

    page.goto(mine)
    page.get_by_role("link", name="Perbaiki data kontak saya").click()
    checked(page, scripts=SCRIPTS[page])
    page.get_by_label("Email").fill("siti@")
    page.get_by_role("button", name="Simpan").click()
    email = page.get_by_label("Email")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#e-email")).to_contain_text("Ini bukan alamat email")
    checked(page, scripts=SCRIPTS[page])
    email.fill("siti.aminah@example.id")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_contain_text("Data kontak Anda sudah disimpan")
    checked(page, scripts=SCRIPTS[page])

    page.get_by_role("link", name="Hapus data saya").click()
    checked(page, scripts=SCRIPTS[page])
    page.get_by_role("button", name="Hapus data saya").click()
    expect(page.locator("#e-confirm")).to_be_visible()
    checked(page, scripts=SCRIPTS[page])
    page.get_by_label(re.compile("^Saya mengerti")).check()
    page.get_by_role("button", name="Hapus data saya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data Anda sudah dihapus")
    checked(page, scripts=SCRIPTS[page])
    with db.reader() as session:
        person = session.scalar(select(Participant))
        assert person is not None and person.erased_at is not None and person.email is None
    page.goto(mine)
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Pendaftaran saya")

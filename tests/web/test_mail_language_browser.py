"""Pendaftaran saya in a real browser at 360 px, JavaScript on and off: a person chooses the
language of our mails and stops and restarts reminders; the pages pass axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from edu.participants.models import Participant
from tests.web.browser import SCRIPTS, checked
from tests.web.sitekit import officer_plans
from tests.web.test_browser import fill_form

pytestmark = pytest.mark.browser


def test_a_person_chooses_english_mails_on_their_own_page(page, db):
    sid = officer_plans(db, title="Pemilih Pemula Cerdas")
    page.goto(f"/sesi/{sid}")
    fill_form(page, "bahasa@example.id")
    page.get_by_role("button", name="Daftar").click()
    page.get_by_role("link", name="Pendaftaran saya").click()
    choice = page.get_by_label("Kami menulis kepada Anda dalam")
    expect(choice).to_have_value("id")
    choice.select_option("en")
    page.get_by_role("button", name="Simpan bahasa").click()
    expect(page.get_by_role("status")).to_contain_text("Tersimpan")
    expect(page.get_by_label("Kami menulis kepada Anda dalam")).to_have_value("en")
    checked(page, scripts=SCRIPTS[page])
    with db.reader() as session:
        assert session.scalar(select(Participant.language).where(
            Participant.email == "bahasa@example.id")) == "en"
    page.get_by_role("button", name="Hentikan pengingat").click()
    expect(page.get_by_role("status")).to_contain_text("Pengingat dimatikan")
    checked(page, scripts=SCRIPTS[page])
    page.goto(page.url.split("?")[0] + "/pengingat")  # the reminder mail's link
    expect(page.get_by_role("heading", level=1)).to_have_text("Pengingat")
    checked(page, scripts=SCRIPTS[page])
    page.get_by_role("button", name="Nyalakan lagi pengingat").click()
    expect(page.get_by_role("status")).to_contain_text("Pengingat menyala lagi")
    with db.reader() as session:
        assert session.scalar(select(Participant.reminders).where(
            Participant.email == "bahasa@example.id")) is True

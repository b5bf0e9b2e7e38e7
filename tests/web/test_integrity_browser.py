"""The survey form and /layanan in a real browser at 360 px: axe-core finds nothing, the page
does not scroll sideways, and the form works with JavaScript on and off."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from edu.db import Database
from tests.integrity.kit import Person, held, page_secret
from tests.support import LiveServer
from tests.web.browser import SCRIPTS, checked

pytestmark = pytest.mark.browser


def test_answer_the_survey_then_see_the_service_page(
        page: Page, db: Database, server: tuple[LiveServer, Database]) -> None:
    tab, scripts, live, database = page, SCRIPTS[page], server[0], db
    sid, people = held(database, [Person()] * 5)
    for person in people:
        secret = page_secret(database, live.settings.secret_key, person)
        tab.goto(f"/saya/{secret}")
        tab.get_by_role("link", name="Nilai layanan ini (survei kepuasan)").click()
        checked(tab, scripts=scripts)
        for fieldset in tab.locator("fieldset").all():
            fieldset.get_by_label("4 · Sangat baik").check()
        tab.get_by_label("Saran (boleh dikosongkan)").fill("Terima kasih")
        tab.get_by_role("button", name="Kirim jawaban saya").click()
        expect(tab.get_by_role("heading", level=1)).to_have_text("Terima kasih")
    checked(tab, scripts=scripts)
    tab.get_by_role("link", name="Standar pelayanan dan kepuasan masyarakat").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(
        "Standar pelayanan dan kepuasan masyarakat")
    expect(tab.get_by_role("img", name="IKM per triwulan: Pendidikan pemilih")).to_be_visible()
    expect(tab.get_by_text("100,00 A").first).to_be_visible()
    checked(tab, scripts=scripts)

"""A session's facilitators, roster and edit form in a real Chromium at 360 px, scripts on and
off: each by its links and forms, axe-core on every page, nothing from another host."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from edu.auth.models import Role
from edu.db import Database
from tests.edu.accountkit import account
from tests.edu.sessionkit import details, sign_up
from tests.web.browser import SCRIPTS, checked
from tests.web.sitekit import at, plan, staff
from tests.web.staffkit import signed_in_tab

pytestmark = pytest.mark.browser


def test_facilitators_roster_and_edit_by_their_links(page: Page, db: Database) -> None:
    account(db)
    account(db, "dewi", role=Role.FACILITATOR, region="5271", name="Dewi Lestari")
    sid = plan(db, staff(db, region="52"), capacity=1, start=at(5))
    sign_up(db, sid, details("Baiq Nurul"))
    sign_up(db, sid, details("Lalu Ahmad"))  # waits
    signed_in_tab(page, "siti")
    page.goto(f"/staf/sesi/{sid}")
    checked(page, scripts=SCRIPTS[page])

    # The roster: confirmed first; the waitlist and a sort by name through links.
    table = page.get_by_role("table")
    expect(table).to_contain_text("Baiq Nurul")
    expect(table).not_to_contain_text("Lalu Ahmad")
    page.get_by_role("link", name=re.compile(r"^Daftar tunggu \(1\)")).click()
    expect(page.get_by_role("table")).to_contain_text("Lalu Ahmad")
    page.get_by_role("link", name="Nama").click()
    expect(page.get_by_role("columnheader", name=re.compile("^Nama"))).to_have_attribute(
        "aria-sort", "ascending")
    checked(page, scripts=SCRIPTS[page])

    # Facilitators: assign Dewi, then take her off.
    page.get_by_role("link", name="Fasilitator").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fasilitator")
    checked(page, scripts=SCRIPTS[page])
    page.get_by_role("button", name="Tugaskan").click()  # nobody chosen: refused in words
    expect(page.get_by_text("Pilih fasilitator.").first).to_be_visible()
    checked(page, scripts=SCRIPTS[page])
    page.get_by_label("Fasilitator").select_option(label="Dewi Lestari")
    page.get_by_role("button", name="Tugaskan").click()
    remove = page.get_by_role("button", name="Lepas Dewi Lestari")
    expect(remove).to_be_visible()
    checked(page, scripts=SCRIPTS[page])
    remove.click()
    expect(page.get_by_text("Belum ada fasilitator.")).to_be_visible()

    # Edit: a capacity below the seats taken is refused beside the field, then more seats.
    page.goto(f"/staf/sesi/{sid}")
    page.get_by_role("link", name="Ubah sesi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ubah sesi")
    expect(page.get_by_label("Judul")).to_have_value("Pendidikan Pemilih Pemula")
    checked(page, scripts=SCRIPTS[page])
    page.get_by_label("Kapasitas").fill("0")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_label("Kapasitas")).to_have_attribute("aria-invalid", "true")
    checked(page, scripts=SCRIPTS[page])
    page.get_by_label("Judul").fill("Pemilih Pemula SMAN 2")
    page.get_by_label("Kapasitas").fill("2")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pemilih Pemula SMAN 2")
    expect(page.get_by_role("table")).to_contain_text("Lalu Ahmad")  # confirmed now

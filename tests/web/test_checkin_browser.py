"""Check-in at the door in a real Chromium on a 360 px phone, scripts on (the form sent in the
background) and off (a plain POST): today's sessions, a typed code answers HADIR, the same code
again says when it was checked in, the count grows, the field is ready for the next code;
axe-core on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from edu.db import Database
from tests.edu.accountkit import account
from tests.web.browser import SCRIPTS, checked
from tests.web.doorkit import door_open
from tests.web.staffkit import signed_in_tab

pytestmark = pytest.mark.browser


def test_check_in_by_typed_code_on_a_phone(page: Page, db: Database) -> None:
    account(db)
    sid, people = door_open(db, people=2)
    signed_in_tab(page, "siti")
    page.get_by_role("link", name="Check-in hari ini").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check-in hari ini")
    checked(page, scripts=SCRIPTS[page])
    page.get_by_role("link", name="Pendidikan Pemilih Pemula").click()
    expect(page).to_have_url(re.compile(f"/staf/pintu/{sid}$"))
    field = page.get_by_label("Kode tiket")
    expect(field).to_be_focused()
    expect(page.get_by_text("Sudah check-in: 0 dari 2 terkonfirmasi")).to_be_visible()
    checked(page, scripts=SCRIPTS[page])
    # Where the browser reads codes, the script offers the camera; typing works either way.
    scan = page.get_by_role("button", name="Pindai dengan kamera")
    readable = SCRIPTS[page] and page.evaluate("'BarcodeDetector' in window")
    expect(scan).to_have_count(1 if readable else 0)

    if SCRIPTS[page]:
        page.evaluate("window.stayed = true")  # gone if the page were loaded again
    field.fill(people[0].ticket_code)
    page.get_by_role("button", name="Check-in").click()
    answer = page.get_by_role("status")
    expect(answer).to_contain_text("HADIR")
    expect(answer).to_contain_text("Peserta 0")
    expect(page).to_have_title(re.compile("^HADIR · Check-in"))
    if SCRIPTS[page]:  # with scripts, only the answer, the count and the field changed
        assert page.evaluate("window.stayed === true")
    expect(page.get_by_text("Sudah check-in: 1 dari 2 terkonfirmasi")).to_be_visible()
    expect(field).to_be_focused()
    expect(field).to_have_value("")
    checked(page, scripts=SCRIPTS[page])

    field.fill(people[0].ticket_code)
    page.get_by_role("button", name="Check-in").click()
    expect(answer).to_contain_text("Sudah check-in")
    expect(answer).to_contain_text(re.compile(r"Peserta 0 sudah check-in pukul \d\d\.\d\d WITA"))
    expect(answer).not_to_contain_text("HADIR")
    expect(page.get_by_text("Sudah check-in: 1 dari 2 terkonfirmasi")).to_be_visible()
    checked(page, scripts=SCRIPTS[page])

    field.fill("ZZZZZZZZZZZZ")
    page.get_by_role("button", name="Check-in").click()
    expect(answer).to_contain_text("Tiket tidak dikenal")
    expect(page).to_have_title(re.compile("^Tidak bisa check-in"))
    expect(field).to_be_focused()
    expect(field).to_have_value("ZZZZZZZZZZZZ")
    checked(page, scripts=SCRIPTS[page])

    field.fill(people[1].ticket_code)
    page.get_by_role("button", name="Check-in").click()
    expect(answer).to_contain_text("HADIR")
    expect(page.get_by_text("Sudah check-in: 2 dari 2 terkonfirmasi")).to_be_visible()

"""A file over the app-wide body limit, sent from the console in Chromium at 360 px: the page
that answers says in words which field and what limit (with scripts on, upload.js would stop
the file first, so the form is sent past it), and passes axe-core; nothing is written."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from edu.db import Database
from edu.request_size import MAX_BODY_BYTES
from tests.edu.accountkit import account
from tests.web.browser import SCRIPTS, checked
from tests.web.internkit import coordinator_account, counts, placement
from tests.web.sitekit import plan, staff
from tests.web.staffkit import signed_in_tab

pytestmark = pytest.mark.browser
BIG = b"nama_lengkap,email\n" + b"x" * (MAX_BODY_BYTES + 10)


def _send(page: Page, label: str, button: str) -> None:
    page.get_by_label(label).set_input_files(
        {"name": "besar.csv", "mimeType": "text/csv", "buffer": BIG})
    if SCRIPTS[page]:  # past upload.js's own check, as a browser without it would send
        with page.expect_navigation():
            page.evaluate("document.querySelector('form[enctype]').submit()")
    else:
        page.get_by_role("button", name=button).click()
    page.wait_for_load_state("load")


def test_a_class_file_too_large_is_told_in_words(page: Page, db: Database) -> None:
    account(db)
    signed_in_tab(page, "siti")
    sid = plan(db, staff(db, region="52"))
    page.goto(f"/staf/sesi/{sid}")
    _send(page, "Impor peserta", "Unggah")
    expect(page.get_by_role("alert")).to_contain_text("Berkas lebih besar dari 512 KB")
    expect(page.get_by_label("Impor peserta")).to_have_attribute("aria-invalid", "true")
    checked(page, scripts=SCRIPTS[page])


def test_a_students_file_too_large_is_told_beside_its_field(page: Page, db: Database) -> None:
    coordinator_account(db, "rina", "UNRAM")
    signed_in_tab(page, "rina")
    page.goto(f"/staf/magang/penempatan/{placement(db)}/impor")
    _send(page, "Berkas CSV", "Unggah")
    expect(page.locator("#e-file")).to_contain_text("Berkas ini lebih dari 512 KB")
    checked(page, scripts=SCRIPTS[page])
    assert counts(db) == (0, 0)

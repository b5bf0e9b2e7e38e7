"""A session's notices in the console, in a real browser at 360 px, JavaScript on and off:
the page passes axe-core, and a failed notice is sent again with its button."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from edu.db import Database
from edu.notifications.outbox import MAX_ATTEMPTS
from tests.edu.accountkit import PASSWORD, account
from tests.edu.sessionkit import details, sign_up
from tests.edu.smtpkit import Catcher, deliver, with_smtp
from tests.support import settings_for_tests
from tests.web.browser import SCRIPTS, checked
from tests.web.sitekit import plan, staff

pytestmark = pytest.mark.browser


def test_a_failed_notice_is_shown_and_sent_again(page: Page, db: Database,
                                                 smtp: tuple[Catcher, str],
                                                 tmp_path: Path) -> None:
    account(db)
    sid = plan(db, staff(db, region="52"), title="Kelas Surat", region="5271")
    sign_up(db, sid, details(name="Baiq Gagal", email="gagal@example.id"))
    settings = with_smtp(settings_for_tests(tmp_path, db.url), smtp[1])
    smtp[0].refuse = MAX_ATTEMPTS
    for attempt in range(1, MAX_ATTEMPTS + 1):
        deliver(settings, db, hours_ahead=5 * attempt)
    page.goto("/staf/masuk")
    page.get_by_label("Nama pengguna").fill("siti")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"/staf/sesi/{sid}")
    page.get_by_role("link", name="Pemberitahuan terkirim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pemberitahuan: Kelas Surat")
    expect(page.get_by_role("cell", name="Gagal", exact=True)).to_be_visible()
    checked(page, scripts=SCRIPTS[page])
    page.get_by_role("button", name="Kirim ulang").click()
    expect(page.get_by_role("status")).to_contain_text("dikirim ulang")
    expect(page.get_by_role("cell", name="Belum terkirim")).to_have_count(2)
    checked(page, scripts=SCRIPTS[page])

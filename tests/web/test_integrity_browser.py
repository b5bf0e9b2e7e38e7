"""The survey form and /layanan in a real browser at 360 px: axe-core finds nothing, the page
does not scroll sideways, and the form works with JavaScript on and off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from edu.db import Database
from tests.integrity.kit import Person, held, page_secret
from tests.support import LiveServer, migrated_database, reset, settings_for_tests
from tests.web.browser import ARGS, CHROMIUM, PHONE, Guard, checked

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Database]]:
    folder: Path = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'edu.sqlite3'}"
    database = migrated_database(url)
    with LiveServer(settings_for_tests(folder, url), database) as live:
        yield live, database
    database.dispose()


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def page(request: pytest.FixtureRequest,
         server: tuple[LiveServer, Database]) -> Iterator[tuple[Page, bool]]:
    reset(server[1])
    with sync_playwright() as p:
        browser: Browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport=PHONE, java_script_enabled=request.param,
                                      base_url=server[0].url, locale="id-ID")
        guard = Guard()
        context.route("**/*", guard)
        yield context.new_page(), request.param
        context.close()
        browser.close()
        assert guard.foreign == []


def test_answer_the_survey_then_see_the_service_page(
        page: tuple[Page, bool], server: tuple[LiveServer, Database]) -> None:
    tab, scripts = page
    live, database = server
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
    expect(tab.get_by_text("100.00 A").first).to_be_visible()
    checked(tab, scripts=scripts)

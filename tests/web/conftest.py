"""The site's HTTP tests talk to the live app (SQLite and PostgreSQL) like a browser without
JavaScript: plain GETs and form POSTs, redirects seen as they come."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from edu.db import Database
from tests.support import Api, LiveServer, migrated_database, reset, settings_for_tests
from tests.web.browser import ARGS, CHROMIUM, PHONE, SCRIPTS, Guard


@pytest.fixture
def site(api: Api) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api.url, follow_redirects=False, timeout=30) as client:
        yield client


# Browser tests: one Chromium per module (between its calls Playwright's sync API leaves its
# event loop marked as running in this thread, which other tests must not inherit) and one
# live server per worker (its own SQLite file, emptied for each test); each test gets a
# phone-sized tab with scripts on and off, and fails on any request to another host.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Database]]:
    folder: Path = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'edu.sqlite3'}"
    database = migrated_database(url)
    with LiveServer(settings_for_tests(folder, url), database) as live:
        yield live, database
    database.dispose()


@pytest.fixture
def db(server: tuple[LiveServer, Database]) -> Database:
    reset(server[1])
    return server[1]


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def page(request: pytest.FixtureRequest, browser: Browser,
         server: tuple[LiveServer, Database]) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(
        viewport=PHONE, java_script_enabled=request.param, base_url=server[0].url,
        locale="id-ID")
    guard = Guard()
    context.route("**/*", guard)
    tab = context.new_page()
    SCRIPTS[tab] = request.param
    yield tab
    del SCRIPTS[tab]
    context.close()
    assert guard.foreign == []

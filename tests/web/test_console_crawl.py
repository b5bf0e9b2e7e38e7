"""Every console page as each role sees it, in Indonesian and English: each link a page shows
answers 200 or 303 (or a refusal listed here as meant, 403), never 404 or 500; and in Chromium
every kind of page passes axe-core. The crawl starts at /staf and follows every link under
/staf; a link elsewhere (public pages, a certificate's PDF or check) is opened, not followed."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser

from edu.accounts.models import StaffAccount
from edu.auth.models import Role
from edu.config import Settings
from edu.db import Database, utcnow
from edu.integrity import session_requests
from edu.internships.models import Internship, InternshipStatus
from edu.sessions.models import Segment
from edu.sessions.service import assign_facilitator
from tests.edu import certificates_factory as factory
from tests.edu.accountkit import account
from tests.edu.sessionkit import plan, sign_up
from tests.edu.sessionkit import staff as principal
from tests.support import LiveServer
from tests.web.adminkit import admin_signed_in
from tests.web.browser import PHONE, Guard, checked
from tests.web.internkit import applied, coordinator_account, officer_account, placement, student
from tests.web.staffkit import signed_in

# Username, and the role's account as made by `_people`.
ROLES = ["admin", "provinsi", "mataram", "fasilitator", "dewi", "rina"]
LANGUAGES = ["id", "en"]
FINE = {200, 303}
# Refusals a role is shown a link to and meant to get: the satisfaction index and the
# suggestions are read in a region, and these two accounts have none (see the notes).
REFUSED: dict[str, set[str]] = {}
MOST_PAGES = 400  # a role's crawl stops there (it would mean a link loop)
SAME_KIND = 3  # addresses of one shape (ids and queries aside) opened at most


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def shape(url: str) -> str:
    """An address with its ids and query values left out: pages of one kind."""
    parts = urlsplit(url)
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return re.sub(r"/[0-9]+", "/N", re.sub(r"/[A-Za-z0-9_-]{20,}", "/CODE", parts.path)) \
        + "?" + "&".join(keys)


def crawl(client: httpx.Client) -> tuple[dict[str, int], list[str], dict[str, str]]:
    """Every address reached from /staf: its status, the console's HTML pages in the order
    found, and for a bad status the page that showed the link."""
    status: dict[str, int] = {}
    pages: list[str] = []
    shown_on: dict[str, str] = {"/staf": "(start)"}
    kinds: dict[str, int] = {}
    todo = ["/staf"]
    while todo and len(pages) < MOST_PAGES:
        url = todo.pop(0)
        got = client.get(url)
        status[url] = got.status_code
        console = urlsplit(url).path.startswith("/staf")
        if not (console and got.status_code == 200
                and got.headers.get("content-type", "").startswith("text/html")):
            continue
        pages.append(url)
        for href in links_of(got.text):
            if href.startswith(("#", "mailto:", "tel:")) or "//" in href.split("?")[0]:
                continue
            link = href.split("#")[0]
            if link in status or link in todo:
                continue
            if link.startswith("/staf"):
                kinds[shape(link)] = kinds.get(shape(link), 0) + 1
                if kinds[shape(link)] > SAME_KIND:
                    continue
            shown_on[link] = url
            todo.append(link)
    return status, pages, shown_on


def _people(database: Database, settings: Settings) -> Callable[[httpx.Client, str], None]:
    """Work for every role to see (sessions, a roster, a certificate batch, internships with a
    certificate, a waiting session request) and their accounts; signs a client in as one."""
    province = principal(database, region="52")
    sid = plan(database, province)
    sign_up(database, sid)
    plan(database, province, publish=False, title="Sosialisasi Pemilih Disabilitas")
    done, _ = factory.session_with(database, [(factory.CONFIRMED, factory.PRESENT)])
    factory.issue(database, factory.staff(database, Role.ADMIN), session_id=done)
    account(database, "provinsi", region="52", name="Ahmad Provinsi")
    account(database, "mataram", region="5271", name="Baiq Mataram")
    account(database, "fasilitator", Role.FACILITATOR, region="5271", name="Lalu Fasilitator")
    with database.transaction() as db:
        staff_id = db.query(StaffAccount).filter_by(username="fasilitator").one().staff_id
        assign_facilitator(db, province, sid, staff_id)
    officer_account(database, "dewi")
    pid, (iid,) = factory.placement_with(database, [InternshipStatus.COMPLETED])
    factory.issue(database, factory.staff(database, Role.ADMIN), placement_id=pid)
    deadline = time.monotonic() + 120  # the app's runner issues the batches
    while not factory.certificates(database, recipient_id=iid):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    with database.reader() as db:
        code = db.get(Internship, iid).student.university.code
    coordinator_account(database, "rina", code)
    open_placement = placement(database)
    applied(database, code, open_placement, student(1), at=utcnow() - timedelta(days=30))
    with database.transaction() as db:
        session_requests.submit_session_request(db, session_requests.RequestDraft(
            region_code="5271", organisation="SMAN 1 Mataram", contact_name="Baiq Nurul",
            email="osis@sman1mataram.sch.id", segment=Segment.FIRST_TIME_VOTERS,
            audience=200, consent=True), now=utcnow() - timedelta(days=20))

    def sign_in(client: httpx.Client, username: str) -> None:
        if username == "admin":
            admin_signed_in(client, database, settings)
        else:
            assert signed_in(client, username).status_code == 303

    return sign_in


def _client(url: str) -> httpx.Client:
    return httpx.Client(base_url=url, follow_redirects=False, timeout=60)


def test_every_link_a_console_page_shows_answers(live_server: LiveServer, database: Database,
                                                 settings: Settings) -> None:
    sign_in = _people(database, settings)
    for username in ROLES:
        with _client(live_server.url) as client:
            sign_in(client, username)
            for language in LANGUAGES:
                client.cookies.set("bahasa", language)
                status, pages, shown_on = crawl(client)
                bad = {u: (s, shown_on[u]) for u, s in status.items()
                       if s not in FINE and not (s == 403 and u in REFUSED.get(username, ()))}
                assert bad == {}, (username, language)
                assert len(pages) >= 5, (username, language, pages)
                assert all(not p.startswith("/staf/masuk") for p in pages), (username, pages)


@pytest.mark.browser
def test_every_kind_of_console_page_passes_axe(browser: Browser, server: tuple[LiveServer,
                                                                               Database],
                                               db: Database) -> None:
    live, database = server
    sign_in = _people(database, live.settings)
    # Each kind of page once, by the first role that reaches it; the roles alternate between
    # the two languages, so both are checked without opening every page twice.
    seen: set[str] = set()
    for number, username in enumerate(ROLES):
        with _client(live.url) as client:
            sign_in(client, username)
            _, pages, _ = crawl(client)
            signed = [(c.name, c.value or "") for c in client.cookies.jar]
        language = LANGUAGES[number % len(LANGUAGES)]
        context = browser.new_context(viewport=PHONE, base_url=live.url,
                                      locale="id-ID" if language == "id" else "en-GB")
        guard = Guard()
        context.route("**/*", guard)
        context.add_cookies([{"name": name, "value": value, "url": f"{live.url}/staf"}
                             for name, value in signed])
        context.add_cookies([{"name": "bahasa", "value": language, "url": live.url}])
        tab = context.new_page()
        for url in pages:
            if shape(url) in seen:
                continue
            seen.add(shape(url))
            tab.goto(url)
            tab.wait_for_load_state("load")
            assert urlsplit(tab.url).path == urlsplit(url).path, (username, url, tab.url)
            assert tab.locator("html").get_attribute("lang") == language
            checked(tab)
        context.close()
        assert guard.foreign == []

"""Debian's Chromium driven by Playwright (never a downloaded browser), with axe-core."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Route

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 740}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_axe = Axe()
SCRIPTS: dict[Page, bool] = {}  # whether a tab runs scripts


@dataclass
class Guard:
    """Fails the test on any request to another host (the office may have no internet)."""

    foreign: list[str] = field(default_factory=list)

    def __call__(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


def checked(page: Page, *, scripts: bool = True) -> Page:
    """The page as it stands passes axe-core with no violation and does not scroll sideways
    at 360 px. axe-core is itself a script: with scripts off (the same HTML, since the site
    ships none) only the width is measured. Both wait for the page's stylesheet: a width
    measured before it applies is the unstyled page's."""
    page.wait_for_load_state("load")
    if scripts:
        results = _axe.run(page)
        assert results.violations_count == 0, results.generate_report()
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], f"{page.url} is {wide}px wide"
    return page

"""Signing in to the console over HTTP as a browser without JavaScript does."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Page, expect

from tests.edu.accountkit import PASSWORD


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def signed_in(site: httpx.Client, username: str = "siti", password: str = PASSWORD
              ) -> httpx.Response:
    """Opens the sign-in page and posts its form; the answer to the POST."""
    form = site.get("/staf/masuk")
    return site.post("/staf/masuk", data={"csrf": csrf_of(form.text), "username": username,
                                          "password": password})


def signed_in_tab(page: Page, username: str) -> None:
    """Signs a browser tab in by the sign-in form, as a person does."""
    page.goto("/staf/masuk")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Konsol staf")

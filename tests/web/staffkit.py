"""Signing in to the console over HTTP as a browser without JavaScript does."""

from __future__ import annotations

import re

import httpx

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

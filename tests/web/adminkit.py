"""Signing in with a second step over HTTP, and an administrator's signed-in client."""

from __future__ import annotations

import httpx

from edu.auth.models import Role
from edu.config import Settings
from edu.db import Database
from tests.edu.totpkit import code, enrolled
from tests.web.staffkit import csrf_of, signed_in

ADMIN = "admin"


def second_step(site: httpx.Client, typed: str) -> httpx.Response:
    """Opens the code page (after a right password) and posts its form."""
    form = site.get("/staf/masuk/kode")
    return site.post("/staf/masuk/kode", data={"csrf": csrf_of(form.text), "code": typed})


def admin_signed_in(site: httpx.Client, database: Database, settings: Settings
                    ) -> tuple[str, list[str]]:
    """An administrator with two-factor sign-in, signed in on `site`: the secret and
    recovery codes (the next step's code is spent)."""
    secret, codes = enrolled(database, settings.secret_key, ADMIN, Role.ADMIN, None,
                             "Ani Admin")
    assert signed_in(site, ADMIN).headers["location"] == "/staf/masuk/kode"
    assert second_step(site, code(secret, 1)).headers["location"] == "/staf"
    return secret, codes


def post(site: httpx.Client, page: str, action: str, **data: str) -> httpx.Response:
    """A form of `page` posted to `action`, with the page's CSRF field."""
    return site.post(action, data={"csrf": csrf_of(site.get(page).text), **data})

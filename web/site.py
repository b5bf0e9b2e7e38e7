"""What every room of the site shares: the settings, the database, and common answers."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from edu.config import Settings
from edu.db import Database
from web.pages import render

# Pages that carry a secret in their address: never indexed, cached or sent on as a referrer.
PRIVATE = {"X-Robots-Tag": "noindex, nofollow", "Cache-Control": "private, no-store",
           "Referrer-Policy": "no-referrer"}


@dataclass(frozen=True)
class Site:
    settings: Settings
    database: Database
    # Region names by code: reference data shipped by the migrations, read once at start-up.
    regions: dict[str, str]


def see_other(url: str) -> Response:
    """The R of POST-redirect-GET."""
    return RedirectResponse(url, status_code=303)


def not_found(request: Request, private: bool = False) -> Response:
    return render(request, "templates/not_found.html", 404,
                  headers=PRIVATE if private else None, private=private)

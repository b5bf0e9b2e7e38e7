"""HTTP routes of the feeds and their subscribe pages (mounted by edu/app.py)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from edu.calendar import service as cal
from edu.calendar.links import subscribe_links
from edu.config import Settings
from edu.db import Database
from edu.errors import UserError
from scheduler.feeds.feeds import personal_feed, personal_title, public_feed, public_title
from scheduler.feeds.http import FeedCache, feed_response
from scheduler.feeds.page import subscribe_page

PUBLIC_CACHE = "public, max-age=900"
# Revalidate every time, so a rotated or revoked URL stops at once even behind a proxy.
PRIVATE_CACHE = "private, no-cache"
PRIVATE_HEADERS = {"X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}


def _app(request: Request) -> tuple[Database, Settings]:
    return request.app.state.database, request.app.state.settings


def _bad(err: UserError) -> Response:
    status = 404 if err.problems[0].code == "NOT_FOUND" else 400
    return PlainTextResponse(err.problems[0].message, status_code=status)


def routes() -> list[Route]:
    """The calendar routes, sharing one cache of built feeds."""
    cache = FeedCache()

    def _public_scope(request: Request, db, office: str | None) -> cal.PublicScope:
        q = request.query_params
        return cal.public_scope(db, region=q.get("region"), segment=q.get("segment"),
                                office=office)

    def public(request: Request, office: str | None = None, page: bool = False) -> Response:
        database, settings = _app(request)
        with database.reader() as db:
            try:
                scope = _public_scope(request, db, office)
            except UserError as err:
                return _bad(err)
            if page:
                title = public_title(settings, scope)
                html = subscribe_page(title.name, subscribe_links(title.url, title.name),
                                      private=False)
                return HTMLResponse(html, headers={"Cache-Control": PUBLIC_CACHE})
            built = public_feed(db, settings, cache, scope)
        return feed_response(request.headers, built, cache_control=PUBLIC_CACHE)

    def personal(request: Request, page: bool = False) -> Response:
        database, settings = _app(request)
        with database.reader() as db:
            try:
                participant = cal.participant_by_secret(db, request.path_params["secret"])
            except UserError as err:
                return _bad(err)
            if page:
                title = personal_title(settings, participant)
                html = subscribe_page(title.name, subscribe_links(title.url, title.name),
                                      private=True)
                return HTMLResponse(html, headers={"Cache-Control": "no-store", **PRIVATE_HEADERS})
            built = personal_feed(db, settings, cache, participant)
        response = feed_response(request.headers, built, cache_control=PRIVATE_CACHE)
        response.headers.update(PRIVATE_HEADERS)
        return response

    def sessions_feed(request: Request) -> Response:
        return public(request)

    def sessions_page(request: Request) -> Response:
        return public(request, page=True)

    def office_feed(request: Request) -> Response:
        return public(request, office=request.path_params["code"])

    def office_page(request: Request) -> Response:
        return public(request, office=request.path_params["code"], page=True)

    def personal_feed_route(request: Request) -> Response:
        return personal(request)

    def personal_page(request: Request) -> Response:
        return personal(request, page=True)

    return [
        Route("/calendar/sessions.ics", sessions_feed),
        Route("/calendar/sessions", sessions_page),
        Route("/calendar/offices/{code}.ics", office_feed),
        Route("/calendar/offices/{code}", office_page),
        Route("/calendar/p/{secret}.ics", personal_feed_route),
        Route("/calendar/p/{secret}", personal_page),
    ]

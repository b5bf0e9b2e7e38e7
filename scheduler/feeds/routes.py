"""HTTP routes of the feeds and their subscribe pages (mounted by edu/app.py)."""

from __future__ import annotations

from functools import partial

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from edu.calendar import interns
from edu.calendar import service as cal
from edu.calendar.links import office_feed_url, page_url, public_feed_url, subscribe_links
from edu.config import Settings
from edu.db import Database
from edu.errors import UserError
from edu.offices.service import list_regions
from scheduler.feeds.feeds import (
    FeedTitle,
    intern_feed,
    intern_title,
    personal_feed,
    personal_title,
    public_feed,
    public_title,
)
from scheduler.feeds.http import BuiltFeed, FeedCache, feed_response
from scheduler.feeds.page import index_page, subscribe_page

PUBLIC_CACHE = "public, max-age=900"
# Revalidate every time, so a rotated or revoked URL stops at once even behind a proxy.
PRIVATE_CACHE = "private, no-cache"
PRIVATE_HEADERS = {"X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}


def _bad(err: UserError) -> Response:
    status = 404 if err.problems[0].code == "NOT_FOUND" else 400
    return PlainTextResponse(err.problems[0].message, status_code=status)


def _page(title: FeedTitle, *, private: bool) -> Response:
    html = subscribe_page(title.name, subscribe_links(title.url, title.name), private=private)
    if private:
        return HTMLResponse(html, headers={"Cache-Control": "no-store", **PRIVATE_HEADERS})
    return HTMLResponse(html, headers={"Cache-Control": PUBLIC_CACHE})


def _private(request: Request, built: BuiltFeed) -> Response:
    response = feed_response(request.headers, built, cache_control=PRIVATE_CACHE)
    response.headers.update(PRIVATE_HEADERS)
    return response


def routes(settings: Settings, database: Database) -> list[Route]:
    """The calendar routes, sharing one cache of built feeds."""
    cache = FeedCache()

    def public(request: Request, *, page: bool = False) -> Response:
        """All sessions, a region's or a segment's (query), or one office's (path)."""
        q = request.query_params
        with database.reader() as db:
            try:
                scope = cal.public_scope(db, region=q.get("region"), segment=q.get("segment"),
                                         office=request.path_params.get("code"))
            except UserError as err:
                return _bad(err)
            if page:
                return _page(public_title(settings, scope), private=False)
            built = public_feed(db, settings, cache, scope)
        return feed_response(request.headers, built, cache_control=PUBLIC_CACHE)

    def personal(request: Request, *, page: bool = False) -> Response:
        """A participant's own sessions; an old, revoked or unknown secret is 404."""
        with database.reader() as db:
            try:
                participant = cal.participant_by_secret(db, request.path_params["secret"])
            except UserError as err:
                return _bad(err)
            if page:
                return _page(personal_title(settings, participant), private=True)
            built = personal_feed(db, settings, cache, participant)
        return _private(request, built)

    def intern(request: Request, *, page: bool = False) -> Response:
        """An intern's placements and logged days; an old or unknown secret is 404."""
        secret = request.path_params["secret"].upper()
        with database.reader() as db:
            try:
                student = interns.student_by_secret(db, secret)
            except UserError as err:
                return _bad(err)
            if page:
                return _page(intern_title(settings, secret), private=True)
            built = intern_feed(db, settings, cache, student, secret)
        return _private(request, built)

    def index(request: Request) -> Response:
        """Every public feed's subscribe page, by region."""
        with database.reader() as db:
            regions = list_regions(db)
        rows = [("Semua wilayah", page_url(public_feed_url(settings)), "")]
        rows += [(r.name, page_url(public_feed_url(settings, region=r.code)),
                  page_url(office_feed_url(settings, r.code))) for r in regions]
        return HTMLResponse(index_page(rows), headers={"Cache-Control": PUBLIC_CACHE})

    return [
        Route("/calendar", index),
        Route("/calendar/sessions.ics", public),
        Route("/calendar/sessions", partial(public, page=True)),
        Route("/calendar/offices/{code}.ics", public),
        Route("/calendar/offices/{code}", partial(public, page=True)),
        Route("/calendar/p/{secret}.ics", personal),
        Route("/calendar/p/{secret}", partial(personal, page=True)),
        Route("/calendar/i/{secret}.ics", intern),
        Route("/calendar/i/{secret}", partial(intern, page=True)),
    ]

"""HTTP routes of the feeds (mounted by edu/app.py); their pages for people are web/calendar."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from edu.calendar import interns
from edu.calendar import service as cal
from edu.config import Settings
from edu.db import Database, utcnow
from edu.errors import UserError
from scheduler.feeds.feeds import intern_feed, personal_feed, public_feed
from scheduler.feeds.http import BuiltFeed, FeedCache, feed_response

PUBLIC_CACHE = "public, max-age=900"
# Revalidate every time, so a rotated or revoked URL stops at once even behind a proxy.
PRIVATE_CACHE = "private, no-cache"
PRIVATE_HEADERS = {"X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}


def _bad(err: UserError) -> Response:
    status = 404 if err.problems[0].code == "NOT_FOUND" else 400
    return PlainTextResponse(err.problems[0].message, status_code=status)


def _private(request: Request, built: BuiltFeed) -> Response:
    response = feed_response(request.headers, built, cache_control=PRIVATE_CACHE)
    response.headers.update(PRIVATE_HEADERS)
    return response


def routes(settings: Settings, database: Database) -> list[Route]:
    """The calendar routes, sharing one cache of built feeds.

    A feed's answer is remembered per address for the data version (edu/perf/data_version.py)
    and the UTC hour (feed windows move by whole days in whole-hour zones): while neither
    changed, a 200 or a 304 costs one version read and no query at all."""
    cache = FeedCache()
    answers = FeedCache()

    def answer(request: Request, load: Callable[[Session], BuiltFeed],
               respond: Callable[[Request, BuiltFeed], Response]) -> Response:
        stamp = f"{database.data_version()}:{utcnow():%Y%m%d%H}"  # read before building

        def build() -> BuiltFeed:
            with database.reader() as db:
                return load(db)

        try:
            built = answers.get_or_build((request.url.path, request.url.query), stamp, build)
        except UserError as err:
            return _bad(err)
        return respond(request, built)

    def _public(request: Request, built: BuiltFeed) -> Response:
        return feed_response(request.headers, built, cache_control=PUBLIC_CACHE)

    def public(request: Request) -> Response:
        """All sessions, a region's or a segment's (query), or one office's (path)."""
        q = request.query_params

        def load(db: Session) -> BuiltFeed:
            scope = cal.public_scope(db, region=q.get("region"), segment=q.get("segment"),
                                     office=request.path_params.get("code"))
            return public_feed(db, settings, cache, scope)

        return answer(request, load, _public)

    def personal(request: Request) -> Response:
        """A participant's own sessions; an old, revoked or unknown secret is 404."""
        def load(db: Session) -> BuiltFeed:
            participant = cal.participant_by_secret(db, request.path_params["secret"])
            return personal_feed(db, settings, cache, participant)

        return answer(request, load, _private)

    def intern(request: Request) -> Response:
        """An intern's placements and logged days; an old or unknown secret is 404."""
        secret = request.path_params["secret"].upper()

        def load(db: Session) -> BuiltFeed:
            student = interns.student_by_secret(db, secret)
            return intern_feed(db, settings, cache, student, secret)

        return answer(request, load, _private)

    return [
        Route("/calendar/sessions.ics", public),
        Route("/calendar/offices/{code}.ics", public),
        Route("/calendar/p/{secret}.ics", personal),
        Route("/calendar/i/{secret}.ics", intern),
    ]

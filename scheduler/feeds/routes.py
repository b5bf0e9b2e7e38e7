"""HTTP routes of the feeds (mounted by edu/app.py); their pages for people are web/calendar."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy.orm import Session
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

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


def respond(path: str, headers: Mapping[str, str], built: BuiltFeed) -> Response:
    """The answer (200 or 304) for a built feed at `path`: personal feeds are private."""
    if path.startswith(("/calendar/p/", "/calendar/i/")):
        response = feed_response(headers, built, cache_control=PRIVATE_CACHE)
        response.headers.update(PRIVATE_HEADERS)
        return response
    return feed_response(headers, built, cache_control=PUBLIC_CACHE)


def stamp(database: Database) -> str:
    """What a remembered answer must match to be served: the data version and the UTC hour
    (feed windows move by whole days in whole-hour zones)."""
    return f"{database.data_version()}:{utcnow():%Y%m%d%H}"


def answer_key(scope: Scope) -> tuple[str, bytes]:
    return scope["path"], scope["query_string"]


class RememberedFeeds:
    """ASGI layer before routing: a GET of a feed whose remembered answer is current is answered
    here (200 or 304) after one version read, on the event loop, without a worker thread,
    routing or a request object. Anything else goes on to the app."""

    def __init__(self, app: ASGIApp, answers: FeedCache, database: Database) -> None:
        self.app, self.answers, self.database = app, answers, database

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == "http" and scope["method"] == "GET"
                and scope["path"].endswith(".ics") and len(self.answers)):
            # One primary-key read on the version's own connection: shorter than a thread hop.
            built = self.answers.current(answer_key(scope), stamp(self.database))
            if built is not None:
                await respond(scope["path"], Headers(scope=scope), built)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def routes(settings: Settings, database: Database, answers: FeedCache) -> list[Route]:
    """The calendar routes, sharing one cache of built feeds.

    A feed's answer is remembered in `answers` per address for the data version
    (edu/perf/data_version.py) and the UTC hour: while neither changed, RememberedFeeds answers
    a 200 or a 304 for one version read and no query at all."""
    cache = FeedCache()

    def answer(request: Request, load: Callable[[Session], BuiltFeed]) -> Response:
        current = stamp(database)  # read before building

        def build() -> BuiltFeed:
            with database.reader() as db:
                return load(db)

        try:
            built = answers.get_or_build(answer_key(request.scope), current, build)
        except UserError as err:
            return _bad(err)
        return respond(request.url.path, request.headers, built)

    def public(request: Request) -> Response:
        """All sessions, a region's or a segment's (query), or one office's (path)."""
        q = request.query_params

        def load(db: Session) -> BuiltFeed:
            scope = cal.public_scope(db, region=q.get("region"), segment=q.get("segment"),
                                     office=request.path_params.get("code"))
            return public_feed(db, settings, cache, scope)

        return answer(request, load)

    def personal(request: Request) -> Response:
        """A participant's own sessions; an old, revoked or unknown secret is 404."""
        def load(db: Session) -> BuiltFeed:
            participant = cal.participant_by_secret(db, request.path_params["secret"])
            return personal_feed(db, settings, cache, participant)

        return answer(request, load)

    def intern(request: Request) -> Response:
        """An intern's placements and logged days; an old or unknown secret is 404."""
        secret = request.path_params["secret"].upper()

        def load(db: Session) -> BuiltFeed:
            student = interns.student_by_secret(db, secret)
            return intern_feed(db, settings, cache, student, secret)

        return answer(request, load)

    return [
        Route("/calendar/sessions.ics", public),
        Route("/calendar/offices/{code}.ics", public),
        Route("/calendar/p/{secret}.ics", personal),
        Route("/calendar/i/{secret}.ics", intern),
    ]

"""The ASGI app: the routes of every room, composed on one Starlette application."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import edu.models  # noqa: F401  (every mapper configured before the first query)
from edu import logsafe
from edu.config import Settings, load_settings
from edu.db import Database
from edu.perf.threads import bound_request_threads
from edu.private_files import restrict_process
from edu.request_size import BodySizeLimit


def create_app(settings: Settings | None = None, database: Database | None = None) -> Starlette:
    """The app for a configuration; the database defaults to the configured one.

    While it runs, a background thread takes certificate batches from the database (any
    process may have queued them, or left them half-done)."""
    from scheduler.certificates.http import routes as certificate_routes
    from scheduler.daily import DailyJobs
    from scheduler.feeds.http import FeedCache
    from scheduler.feeds.routes import RememberedFeeds
    from scheduler.feeds.routes import routes as calendar_routes
    from scheduler.jobs import BatchJobs
    from scheduler.notifications.delivery import NoticeJobs
    from schema import schema
    from schema.http import GraphQLEndpoint, RememberedGraphQL
    from schema.offices.types import load_regions
    from web.routes import page_not_found
    from web.routes import routes as site_routes
    from web.staff.guard import PATH as CONSOLE

    restrict_process()
    logsafe.install()
    if settings is None:
        from edu.settings.service import deployment_settings

        loaded = load_settings()
        database = database or Database(loaded.database_url)
        settings = deployment_settings(loaded, database)  # the stored public URL
    database = database or Database(settings.database_url)
    graphql = GraphQLEndpoint(schema._schema, settings, database)
    with database.reader() as db:
        load_regions(db)

    async def healthz(_: Request) -> JSONResponse:
        with database.reader() as db:
            db.connection().exec_driver_sql("SELECT 1")
        return JSONResponse({"status": "ok", "database": database.dialect})

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        bound_request_threads()
        # Its own engine: the runner's polling neither takes the requests' connections nor
        # shows up among their statements.
        jobs = BatchJobs(settings, Database(database.url)).start()
        daily = DailyJobs(settings, jobs.database).start()
        notices = NoticeJobs(settings, jobs.database).start()
        try:
            yield
        finally:
            notices.stop()
            daily.stop()
            jobs.stop()
            jobs.database.dispose()
            database.dispose()

    feed_answers = FeedCache()
    routes = [
        *graphql.routes(),
        Route("/healthz", healthz),
        *calendar_routes(settings, database, feed_answers),
        *certificate_routes(settings, database),
        *site_routes(settings, database),
    ]
    # Inside Starlette's error handling, so a refused body is a 413 and not a logged 500;
    # remembered feeds and GraphQL answers before routing, so polling calendars and
    # repeated queries cost no routing (GraphQL's inside the body limit: it reads bodies).
    middleware = [Middleware(RememberedFeeds, answers=feed_answers, database=database),
                  Middleware(BodySizeLimit, worded=(f"{CONSOLE}/",)),
                  Middleware(RememberedGraphQL, endpoint=graphql)]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=middleware,
                    exception_handlers={404: page_not_found})
    app.state.settings = settings
    app.state.database = database
    app.state.graphql = graphql
    return app

"""The ASGI app: the routes of every room, composed on one Starlette application."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import edu.models  # noqa: F401  (every mapper configured before the first query)
from edu.config import Settings, load_settings
from edu.db import Database

log = logging.getLogger("edu")


def create_app(settings: Settings | None = None, database: Database | None = None) -> Starlette:
    """The app for a configuration; the database defaults to the configured one."""
    from schema import schema
    from schema.http import GraphQLEndpoint
    from scheduler.certificates.http import routes as certificate_routes
    from scheduler.feeds.routes import routes as calendar_routes

    from schema.offices.types import load_regions

    settings = settings or load_settings()
    database = database or Database(settings.database_url)
    graphql = GraphQLEndpoint(schema._schema, settings, database)
    with database.reader() as db:
        load_regions(db)

    async def healthz(_: Request) -> JSONResponse:
        with database.reader() as db:
            db.connection().exec_driver_sql("SELECT 1")
        return JSONResponse({"status": "ok", "database": database.dialect})

    routes = [
        Route("/graphql", graphql.handle, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        Route("/healthz", healthz),
        *calendar_routes(),
        *certificate_routes(settings, database),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        database.dispose()

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.settings = settings
    app.state.database = database
    app.state.graphql = graphql
    return app

"""The administrators' pages, under /staf/admin."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from web.admin import audit, offices, universities, users
from web.admin.guard import admin_only
from web.site import Site
from web.staff.guard import PATH, Visit, page


def routes(site: Site) -> list[Route]:
    def index(request: Request, visit: Visit) -> Response:
        return page(site, request, "admin/index.html", principal=visit.principal)

    return [
        Route(f"{PATH}/admin", admin_only(site, index), methods=["GET"]),
        *users.routes(site),
        *universities.routes(site),
        *offices.routes(site),
        *audit.routes(site),
    ]

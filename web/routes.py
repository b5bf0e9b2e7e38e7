"""All pages of the site, compressed; edu/app.py lists them beside the other rooms' routes."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from edu.config import Settings
from edu.db import Database
from edu.offices.service import list_regions
from web.account.routes import routes as account_routes
from web.account.signin import routes as second_step_routes
from web.admin.routes import routes as admin_routes
from web.batches.routes import routes as batch_routes
from web.calendar.routes import routes as calendar_routes
from web.certificates.routes import routes as certificate_routes
from web.checkin.routes import routes as checkin_routes
from web.facilitators.routes import routes as facilitator_routes
from web.forms import read_form
from web.i18n import COOKIE, LANGUAGES
from web.internships.routes import routes as internship_routes
from web.notifications.routes import routes as notification_routes
from web.pages import asset_routes
from web.privacy.routes import routes as privacy_routes
from web.registrations.routes import routes as registration_routes
from web.reports.pages import routes as report_page_routes
from web.reports.routes import routes as report_routes
from web.reports.standard_settings import routes as standard_settings_routes
from web.roster.routes import routes as roster_routes
from web.session_requests.routes import routes as session_request_routes
from web.sessions.routes import routes as session_routes
from web.site import Site, not_found, see_other
from web.staff.editing import routes as staff_edit_routes
from web.staff.notices import routes as staff_notice_routes
from web.staff.routes import routes as staff_routes
from web.staff.sessions import routes as staff_session_routes
from web.suggestions.routes import routes as suggestion_routes
from web.survey.routes import routes as survey_routes
from web.transparency.routes import routes as transparency_routes

YEAR = 365 * 24 * 3600


async def switch_language(request: Request) -> Response:
    """The visible language switch: kept in a cookie, then back to the page it was on."""
    form = await read_form(request)
    back = form.get("next", "/")
    if not back.startswith("/") or back.startswith("//"):
        back = "/"
    response = see_other(back)
    if form.get("bahasa") in LANGUAGES:
        response.set_cookie(COOKIE, form["bahasa"], max_age=YEAR, samesite="lax")
    return response


async def page_not_found(request: Request, _: Exception) -> Response:
    """Our own 404 page for any address no room claims (edu/app.py registers it)."""
    return await run_in_threadpool(not_found, request)


def _compressed(route: Route) -> Route:
    """The route with gzip for clients that accept it: the site's routes only, so feeds and
    the API keep their own encoding rules."""
    return Route(route.path, GZipMiddleware(route.app, minimum_size=500),
                 methods=list(route.methods or ()), name=route.name)


def routes(settings: Settings, database: Database) -> list[Route]:
    """Every page of the site."""
    with database.reader() as db:
        regions = {r.code: r.name for r in list_regions(db)}
    site = Site(settings, database, regions)
    plain = [
        *session_routes(site),
        *registration_routes(site),
        *certificate_routes(site),
        *calendar_routes(site),
        *notification_routes(site),
        *report_routes(site),
        *survey_routes(site),
        *transparency_routes(site),
        *staff_routes(site),
        *checkin_routes(site),
        *facilitator_routes(site),
        *staff_edit_routes(site),
        *roster_routes(site),  # before the sessions' /staf/sesi/ID/{verb}
        *batch_routes(site),
        *staff_notice_routes(site),
        *staff_session_routes(site),
        *second_step_routes(site),
        *account_routes(site),
        *admin_routes(site),
        *internship_routes(site),
        *privacy_routes(site),
        *report_page_routes(site),
        *standard_settings_routes(site),
        *session_request_routes(site),
        *suggestion_routes(site),
        Route("/bahasa", switch_language, methods=["POST"]),
        *asset_routes(),
    ]
    return [_compressed(r) for r in plain]

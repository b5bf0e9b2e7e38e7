"""The list of upcoming sessions (beranda) and a session's page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import edu.row_ids  # noqa: F401  (the `id` convertor of the addresses below)
from edu.auth.principal import ANONYMOUS
from edu.db import utcnow
from edu.errors import UserError
from edu.sessions.models import EduSession, Segment, SessionFormat, SessionStatus
from edu.sessions.service import get_session, session_day
from edu.sessions.upcoming import upcoming_sessions
from web.cache import cached_page
from web.i18n import N_
from web.labels import FORMATS, SEGMENTS
from web.pages import render
from web.site import Site, not_found

PAGE_SIZE = 10


@dataclass(frozen=True)
class Filters:
    region: str
    segment: str
    page: int
    errors: dict[str, str]

    def query(self, page: int) -> str:
        pairs = [("wilayah", self.region), ("sasaran", self.segment)]
        return urlencode([(k, v) for k, v in pairs if v] + [("halaman", str(page))])


def _filters(request: Request, regions: dict[str, str]) -> Filters:
    q = request.query_params
    region, segment = q.get("wilayah", "").strip(), q.get("sasaran", "").strip()
    errors = {}
    if region and region not in regions:
        errors["wilayah"] = N_("Choose a kabupaten/kota from the list.")
    if segment and segment not in Segment.__members__:
        errors["sasaran"] = N_("Choose one of the options.")
    try:
        page = max(int(q.get("halaman", "1")), 1)
    except ValueError:
        page = 1
    return Filters(region, segment, page, errors)


def map_link(session: EduSession) -> str | None:
    """A map search for the venue (a link people follow, never a resource the page loads)."""
    if session.format is SessionFormat.ONLINE or not session.venue_name:
        return None
    place = ", ".join(p for p in (session.venue_name, session.venue_address) if p)
    return "https://www.openstreetmap.org/search?query=" + quote(place)


def is_open(session: EduSession) -> bool:
    """Whether to offer the form (the service decides; this only hides a form it would refuse)."""
    return session.status is SessionStatus.PUBLISHED and session.starts_at > utcnow()


def routes(site: Site) -> list[Route]:
    database = site.database

    def home(request: Request) -> Response:
        with database.reader() as db:
            flt = _filters(request, site.regions)
            total, sessions = upcoming_sessions(
                db, region_code=None if "wilayah" in flt.errors else flt.region or None,
                segment=None if "sasaran" in flt.errors or not flt.segment
                else Segment[flt.segment],
                offset=(flt.page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        return render(request, "sessions/home.html", 400 if flt.errors else 200,
                      sessions=sessions, regions=site.regions, filters=flt, total=total,
                      pages=pages, segments=SEGMENTS, formats=FORMATS)

    def show(request: Request) -> Response:
        with database.reader() as db:
            try:
                session = get_session(db, ANONYMOUS, request.path_params["session_id"])
            except UserError:
                return not_found(request)
            day = session_day(db, session)
        return session_page(request, session, site.regions, day)

    return [Route("/", cached_page(database, home)),
            Route("/sesi/{session_id:id}", cached_page(database, show), methods=["GET"])]


def session_page(request: Request, session: EduSession, regions: dict[str, str], day: date, *,
                 values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                 status: int = 200) -> Response:
    """The session's details and its registration form (empty, or as typed with errors)."""
    return render(request, "sessions/session.html", status, session=session,
                  regions=regions, segments=SEGMENTS, formats=FORMATS,
                  map_link=map_link(session), open=is_open(session), session_day=day,
                  values=values or {"wilayah": ""}, errors=errors or {})

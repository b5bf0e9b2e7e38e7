"""The console's sessions: the list with filters, the plan form, a session's page with its
roster and the status buttons. Each calls the service the GraphQL mutation calls, with the
signed-in person's Principal; its problems come back as words beside their fields."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import edu.row_ids  # noqa: F401  (the `id` convertor of the addresses below)
from edu.db import utcnow
from edu.errors import AuthError, Problem, UserError
from edu.notifications.service import sees_session_notices
from edu.sessions.models import Method, Segment, SessionFormat, SessionStatus
from edu.sessions.service import (
    SessionDraft,
    SessionFilter,
    cancel_session,
    complete_session,
    create_session,
    get_session,
    list_sessions,
    office_zone,
    publish_session,
    reschedule_session,
)
from web.forms import field_errors
from web.i18n import N_
from web.labels import FORMATS, SEGMENTS, STATUSES
from web.roster.view import roster_view
from web.site import Site, not_found, see_other
from web.staff.guard import PATH, Visit, page, signed_in
from web.staff.labels import METHODS, SESSION_STATUSES

PAGE_SIZE = 20
FIELDS = ("title", "segment", "method", "format", "regionCode", "venueName", "venueAddress",
          "onlineUrl", "startsAt", "endsAt", "capacity", "description")
# The service names a few fields by their API path.
API_FIELDS = {"venue.name": "venueName", "venue.address": "venueAddress"}
MESSAGES = {
    "INVALID_TIME_RANGE": N_("The end must be after the start."),
    "INVALID_CAPACITY": N_("At least 1 seat."),
    "INVALID_URL": N_("This is not a web address, e.g. https://zoom.us/j/123."),
    "INVALID_STATUS": N_("This session's status does not allow this."),
    "SESSION_ENDED": N_("A session that has ended cannot be published."),
    "NOT_STARTED": N_("A session can be completed once it has started."),
    "FORBIDDEN": N_("This region is outside your scope."),
}


def _page_number(request: Request, name: str = "halaman") -> int:
    try:
        return max(int(request.query_params.get(name, "1")), 1)
    except ValueError:
        return 1


def form_errors(problems: list[Problem]) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in problems:
        name = API_FIELDS.get(p.field or "", p.field or "")
        out.setdefault(name, MESSAGES.get(p.code) or field_errors([p])[p.field or ""])
    return out


def _local(value: str, zone: Any, field: str) -> tuple[datetime | None, list[Problem]]:
    """A `datetime-local` value read in the office's zone."""
    try:
        return datetime.fromisoformat(value.strip()).replace(tzinfo=zone), []
    except ValueError:
        return None, [Problem("INVALID_DATE" if value.strip() else "REQUIRED", field, "")]


def _enum(kind: Any, value: str, field: str, problems: list[Problem]) -> Any:
    try:
        return kind(value)
    except ValueError:
        problems.append(Problem("REQUIRED" if not value else "INVALID", field, ""))
        return None


def read_draft(site: Site, values: dict[str, str]) -> tuple[SessionDraft, list[Problem]]:
    """The plan form (or the edit form) read as a draft, and what could not be read."""
    problems: list[Problem] = []
    segment = _enum(Segment, values["segment"], "segment", problems)
    fmt = _enum(SessionFormat, values["format"], "format", problems)
    method = _enum(Method, values["method"], "method", []) if values["method"] else None
    try:
        capacity = int(values["capacity"])
    except ValueError:
        capacity = 0
    if capacity < 1:  # the draft gets a stand-in: the problem is named here
        problems.append(Problem("INVALID_CAPACITY", "capacity", ""))
    with site.database.reader() as db:
        zone = office_zone(db, values["regionCode"]) if values["regionCode"] in \
            site.regions else office_zone(db, "52")
    starts, bad_start = _local(values["startsAt"], zone, "startsAt")
    ends, bad_end = _local(values["endsAt"], zone, "endsAt")
    problems += bad_start + bad_end
    if not values["regionCode"]:
        problems.append(Problem("UNKNOWN_REGION", "regionCode", ""))
    # What the form could not read is replaced by a stand-in, so the service still checks
    # every other field and all problems show at once; any problem rolls the write back.
    draft = SessionDraft(
        title=values["title"], segment=segment or Segment.GENERAL_PUBLIC,
        format=fmt or SessionFormat.IN_PERSON, method=method,
        region_code=values["regionCode"], starts_at=starts or utcnow(),
        ends_at=ends or (starts or utcnow()) + timedelta(hours=1),
        capacity=capacity if capacity > 0 else 1, description=values["description"],
        venue_name=values["venueName"] or None,
        venue_address=values["venueAddress"] or None,
        online_url=values["onlineUrl"] or None)
    return draft, problems


def routes(site: Site) -> list[Route]:
    database = site.database

    def listing(request: Request, visit: Visit) -> Response:
        q = request.query_params
        region, segment, status = (q.get("wilayah", ""), q.get("sasaran", ""),
                                   q.get("status", ""))
        number = _page_number(request)
        flt = SessionFilter(region_code=region if region in site.regions else None,
                            segment=Segment.__members__.get(segment),
                            status=SessionStatus.__members__.get(status))
        with database.reader() as db:
            total, sessions = list_sessions(db, visit.principal, flt,
                                            (number - 1) * PAGE_SIZE, PAGE_SIZE)
        pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        query = {"wilayah": region, "sasaran": segment, "status": status}
        return page(site, request, "staff/sessions.html", principal=visit.principal,
                    sessions=sessions, total=total, number=number, pages=pages,
                    regions=site.regions, segments=SEGMENTS, statuses=SESSION_STATUSES,
                    chosen=query, link=lambda n: "?" + urlencode({**query, "halaman": n}))

    def form(request: Request, visit: Visit, values: dict[str, str] | None = None,
             errors: dict[str, str] | None = None, status: int = 200) -> Response:
        return page(site, request, "staff/session_form.html", status, principal=visit.principal,
                    values=values or {"regionCode": visit.principal.region_code or "",
                                      "format": "IN_PERSON"},
                    errors=errors or {}, regions=site.regions, segments=SEGMENTS,
                    methods=METHODS, formats=FORMATS)

    def new(request: Request, visit: Visit) -> Response:
        if request.method == "GET":
            return form(request, visit)
        values = {k: visit.form.get(k, "").strip() for k in FIELDS}
        draft, problems = read_draft(site, values)
        try:
            with database.transaction() as db:
                try:
                    sid = create_session(db, visit.principal, draft).id
                except UserError as err:
                    raise UserError.many(problems + err.problems) from None
                if problems:
                    raise UserError.many(problems)
        except UserError as err:
            return form(request, visit, values, form_errors(err.problems), 400)
        except AuthError:
            return form(request, visit, values, {"regionCode": MESSAGES["FORBIDDEN"]}, 403)
        return see_other(f"{PATH}/sesi/{sid}")

    def show(request: Request, visit: Visit, errors: dict[str, str] | None = None,
             status: int = 200) -> Response:
        sid = request.path_params["session_id"]
        with database.reader() as db:
            try:
                session = get_session(db, visit.principal, sid)
                roster = roster_view(db, visit.principal, sid, request.query_params)
            except UserError:
                return not_found(request, private=True)
            except AuthError:
                return page(site, request, "staff/refused.html", 403, principal=visit.principal)
            zone = office_zone(db, session.region_code)
            sees_notices = sees_session_notices(db, visit.principal, sid)
        return page(site, request, "staff/session.html", status, principal=visit.principal,
                    session=session, roster=roster,
                    sees_notices=sees_notices,
                    regions=site.regions, segments=SEGMENTS, statuses=STATUSES,
                    session_statuses=SESSION_STATUSES, errors=errors or {},
                    imported=int(q) if (q := request.query_params.get("diimpor", "")).isdigit()
                    else None,
                    values={"startsAt": session.starts_at.astimezone(zone)
                            .strftime("%Y-%m-%dT%H:%M"),
                            "endsAt": session.ends_at.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
                            **visit.form})

    def action(request: Request, visit: Visit) -> Response:
        sid = request.path_params["session_id"]
        verb = request.path_params["verb"]
        try:
            with database.transaction() as db:
                if verb == "terbitkan":
                    publish_session(db, visit.principal, sid)
                elif verb == "selesaikan":
                    complete_session(db, visit.principal, sid)
                elif verb == "batalkan":
                    cancel_session(db, visit.principal, sid, visit.form.get("reason", ""))
                elif verb == "jadwal-ulang":
                    session = get_session(db, visit.principal, sid)
                    zone = office_zone(db, session.region_code)
                    starts, p1 = _local(visit.form.get("startsAt", ""), zone, "startsAt")
                    ends, p2 = _local(visit.form.get("endsAt", ""), zone, "endsAt")
                    if starts is None or ends is None:
                        raise UserError.many(p1 + p2)
                    reschedule_session(db, visit.principal, sid, starts, ends)
                else:
                    return not_found(request, private=True)
        except UserError as err:
            if any(p.code == "NOT_FOUND" for p in err.problems):
                return not_found(request, private=True)
            errors = form_errors(err.problems)
            errors = {("" if k == "id" else k): v for k, v in errors.items()}
            return show(request, visit, errors, 400)
        except AuthError:
            return page(site, request, "staff/refused.html", 403, principal=visit.principal)
        return see_other(f"{PATH}/sesi/{sid}")

    return [
        Route(f"{PATH}/sesi", signed_in(site, listing), methods=["GET"]),
        Route(f"{PATH}/sesi/baru", signed_in(site, new), methods=["GET", "POST"]),
        Route(f"{PATH}/sesi/{{session_id:id}}", signed_in(site, show), methods=["GET"]),
        Route(f"{PATH}/sesi/{{session_id:id}}/{{verb}}", signed_in(site, action),
              methods=["POST"]),
    ]

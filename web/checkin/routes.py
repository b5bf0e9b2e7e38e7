"""Check-in at the door, on a phone: today's sessions, and per session a one-field form that
answers HADIR, TERLAMBAT or why not, then waits for the next code.

Plain POST and answer on the same page (no redirect: the answer is what the page is for), the
field focused again by `autofocus`. A static script (web/static/checkin.js) adds a camera scan
button where the browser has BarcodeDetector; typing always works. The rules are the check-in
service's, the one GraphQL's checkIn calls, with the signed-in person's Principal.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import edu.row_ids  # noqa: F401  (the `id` convertor of the addresses below)
from edu.errors import AuthError, NotFound, UserError
from edu.registrations.door import check_in_at_door, door_closed, door_counts, sessions_today
from edu.registrations.models import AttendanceStatus
from edu.registrations.service import can_manage_attendees
from edu.sessions.models import EduSession
from edu.sessions.service import get_session, office_zone
from web.dates import hour
from web.i18n import N_, language
from web.site import Site, not_found
from web.staff.guard import PATH, Visit, page, signed_in

DOOR = f"{PATH}/pintu"
# The camera needs no permission from another host; scripts only from here (checkin.js).
POLICY = {"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                                     "script-src 'self'; style-src 'self'; "
                                     "frame-ancestors 'none'; base-uri 'none'; "
                                     "form-action 'self'"}
NOT_A_DOOR_ROLE = N_("Check-in at the door is for facilitators and education officers.")
NOT_YOURS = N_("You do not check people in at this session: it is outside your region, or "
                "you are not one of its facilitators.")
WHY_NOT = {
    "UNKNOWN_TICKET": N_("Unknown ticket: no ticket with this code in this session."),
    "OTHER_SESSION": N_("This ticket is for another session."),
    "NOT_CONFIRMED": N_("This ticket has no confirmed seat (waitlisted or cancelled)."),
    "REQUIRED": N_("Type or scan the ticket code."),
    "SESSION_NOT_OPEN": N_("This session is not open for check-in (it is not published)."),
    "ATTENDANCE_NOT_OPEN": N_("Check-in is not open yet: it opens two hours before the start."),
    "ATTENDANCE_CLOSED": N_("Check-in is closed: the session has ended."),
}


def routes(site: Site) -> list[Route]:
    database = site.database

    def today(request: Request, visit: Visit) -> Response:
        try:
            with database.reader() as db:
                sessions = sessions_today(db, visit.principal)
                counts = door_counts(db, sessions)
        except AuthError:
            return page(site, request, "staff/refused.html", 403, principal=visit.principal,
                        reason=NOT_A_DOOR_ROLE)
        return page(site, request, "checkin/today.html", principal=visit.principal,
                    sessions=sessions, counts=counts)

    def _door(request: Request, visit: Visit, session: EduSession, status: int = 200,
              **answer: object) -> Response:
        with database.reader() as db:
            count = door_counts(db, [session])[session.id]
            closed = door_closed(db, session)
        response = page(site, request, "checkin/door.html", status, principal=visit.principal,
                        session=session, count=count, closed=WHY_NOT.get(closed or ""),
                        **answer)
        response.headers.update(POLICY)
        return response

    def door(request: Request, visit: Visit) -> Response:
        sid = request.path_params["session_id"]
        with database.reader() as db:
            try:
                session = get_session(db, visit.principal, sid)
            except NotFound:
                return not_found(request, private=True)
            allowed = can_manage_attendees(db, visit.principal, sid)
            zone = office_zone(db, session.region_code)
        if not allowed:  # a public session of another region: seen, not theirs to check in
            return page(site, request, "staff/refused.html", 403, principal=visit.principal,
                        reason=NOT_YOURS)
        if request.method == "GET":
            return _door(request, visit, session)
        code = visit.form.get("ticket", "").strip()
        if not code:
            return _door(request, visit, session, 400, refusal=WHY_NOT["REQUIRED"], typed="")
        try:
            with database.transaction() as db:
                done = check_in_at_door(db, visit.principal, site.settings.secret_key,
                                        session_id=sid, ticket_code_text=code)
                session = get_session(db, visit.principal, sid)
        except AuthError:
            return page(site, request, "staff/refused.html", 403, principal=visit.principal,
                        reason=NOT_YOURS)
        except UserError as err:
            codes = [p.code for p in err.problems]
            if "NOT_FOUND" in codes:
                return not_found(request, private=True)
            why = next((WHY_NOT[c] for c in codes if c in WHY_NOT), WHY_NOT["UNKNOWN_TICKET"])
            return _door(request, visit, session, 400, refusal=why, typed=code[:64])
        reg = done.registration
        late = reg.attendance_status is AttendanceStatus.LATE
        at = hour(reg.checked_in_at, language(request), zone.key) if reg.checked_in_at else ""
        return _door(request, visit, session, name=done.name, first=done.first, late=late,
                     at=at)

    return [
        Route(DOOR, signed_in(site, today), methods=["GET"]),
        Route(f"{DOOR}/{{session_id:id}}", signed_in(site, door), methods=["GET", "POST"]),
    ]

"""Editing a session in the console: the plan form, filled in with the session as it is, saved
through the service (update_session) that also moves seats and tells people of a new time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import edu.row_ids  # noqa: F401  (the `id` convertor of the addresses below)
from edu.errors import AuthError, UserError
from edu.sessions.editing import update_session
from edu.sessions.models import EduSession
from edu.sessions.service import get_managed_session, office_zone
from web.i18n import N_
from web.labels import FORMATS, SEGMENTS
from web.site import Site, not_found, see_other
from web.staff.guard import PATH, Visit, page, signed_in
from web.staff.labels import METHODS
from web.staff.sessions import FIELDS, form_errors, read_draft

OUT_OF_SCOPE = N_("This region is outside your scope.")
MESSAGES = {
    "CAPACITY_BELOW_CONFIRMED": N_("More seats are already taken: the capacity cannot be "
                                   "lower than the confirmed registrations."),
    "INVALID_STATUS": N_("A session that is completed or cancelled cannot be edited."),
}


def _values(session: EduSession, zone: ZoneInfo) -> dict[str, str]:
    """The session as the plan form shows it (times in the office's zone)."""
    def local(moment: datetime) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M")

    return {"title": session.title, "segment": session.segment.value,
            "method": session.method.value if session.method else "",
            "format": session.format.value, "regionCode": session.region_code,
            "venueName": session.venue_name or "", "venueAddress": session.venue_address or "",
            "onlineUrl": session.online_url or "", "startsAt": local(session.starts_at),
            "endsAt": local(session.ends_at), "capacity": str(session.capacity),
            "description": session.description or ""}


def routes(site: Site) -> list[Route]:
    database = site.database

    def form(request: Request, visit: Visit, session: EduSession, values: dict[str, str],
             errors: dict[str, str], status: int = 200) -> Response:
        return page(site, request, "staff/session_form.html", status, principal=visit.principal,
                    values=values, errors=errors, regions=site.regions, segments=SEGMENTS,
                    methods=METHODS, formats=FORMATS,
                    heading=N_("Edit session"), action=f"{PATH}/sesi/{session.id}/ubah")

    def edit(request: Request, visit: Visit) -> Response:
        sid = request.path_params["session_id"]
        with database.reader() as db:
            try:
                session = get_managed_session(db, visit.principal, sid)
            except AuthError:
                return page(site, request, "staff/refused.html", 403, principal=visit.principal,
                        reason=OUT_OF_SCOPE)
            except UserError:
                return not_found(request, private=True)
            zone = office_zone(db, session.region_code)
        if request.method == "GET":
            return form(request, visit, session, _values(session, zone), {})
        values = {k: visit.form.get(k, "").strip() for k in FIELDS}
        draft, problems = read_draft(site, values)
        draft.program = session.program  # not on the form: kept as it is
        # The form shows minutes: times left as shown keep their seconds (no false reschedule).
        shown = _values(session, zone)
        if (values["startsAt"], values["endsAt"]) == (shown["startsAt"], shown["endsAt"]):
            draft.starts_at, draft.ends_at = session.starts_at, session.ends_at
        try:
            with database.transaction() as db:
                try:
                    update_session(db, visit.principal, sid, draft)
                except UserError as err:
                    raise UserError.many(problems + err.problems) from None
                if problems:
                    raise UserError.many(problems)
        except UserError as err:
            errors: dict[str, str] = {}
            for p in err.problems:  # the first problem of a field is the one shown
                own = MESSAGES.get(p.code)
                if own:
                    errors.setdefault("" if p.field == "id" else p.field or "", own)
                else:
                    for name, words in form_errors([p]).items():
                        errors.setdefault(name, words)
            return form(request, visit, session, values, errors, 400)
        except AuthError:
            return form(request, visit, session, values,
                        {"regionCode": OUT_OF_SCOPE}, 403)
        return see_other(f"{PATH}/sesi/{sid}")

    return [Route(f"{PATH}/sesi/{{session_id:id}}/ubah", signed_in(site, edit),
                  methods=["GET", "POST"])]

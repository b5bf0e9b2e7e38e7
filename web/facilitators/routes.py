"""A session's facilitators, for its planners: the list, a picker of facilitators in the
session's region who may still be assigned, and a button to take each one off. The changes
are the services GraphQL's assignFacilitator / unassignFacilitator call (audited there)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import edu.row_ids  # noqa: F401  (the `id` convertor of the addresses below)
from edu.errors import AuthError, UserError
from edu.sessions.service import (
    assign_facilitator,
    facilitator_candidates,
    get_session,
    session_facilitators,
    unassign_facilitator,
)
from web.i18n import N_
from web.site import Site, not_found, see_other
from web.staff.guard import PATH, Visit, page, signed_in

OUT_OF_SCOPE = N_("This region is outside your scope.")
MESSAGES = {
    "REQUIRED": N_("Choose a facilitator."),
    "NOT_FOUND": N_("This person is not a facilitator who may run this session."),
}


def _staff_id(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def routes(site: Site) -> list[Route]:
    database = site.database

    def show(request: Request, visit: Visit, error: str = "", status: int = 200) -> Response:
        sid = request.path_params["session_id"]
        with database.reader() as db:
            try:
                session = get_session(db, visit.principal, sid)
                assigned = session_facilitators(db, visit.principal, sid)
                candidates = facilitator_candidates(db, visit.principal, sid)
            except AuthError:
                return page(site, request, "staff/refused.html", 403, principal=visit.principal,
                        reason=OUT_OF_SCOPE)
            except UserError:
                return not_found(request, private=True)
        return page(site, request, "facilitators/facilitators.html", status,
                    principal=visit.principal, session=session, assigned=assigned,
                    candidates=candidates, error=error,
                    chosen=visit.form.get("staff", ""))

    def change(request: Request, visit: Visit, take_off: bool) -> Response:
        sid = request.path_params["session_id"]
        staff_id = _staff_id(visit.form.get("staff", ""))
        try:
            with database.transaction() as db:
                get_session(db, visit.principal, sid)  # an unseen session is 404 either way
                if staff_id is None:
                    raise UserError("REQUIRED", "facilitatorId", "")
                if take_off:
                    unassign_facilitator(db, visit.principal, sid, staff_id)
                else:
                    assign_facilitator(db, visit.principal, sid, staff_id)
        except AuthError:
            return page(site, request, "staff/refused.html", 403, principal=visit.principal,
                        reason=OUT_OF_SCOPE)
        except UserError as err:
            problem = err.problems[0]
            if problem.field != "facilitatorId":
                return not_found(request, private=True)
            return show(request, visit, MESSAGES.get(problem.code, MESSAGES["NOT_FOUND"]), 400)
        return see_other(f"{PATH}/sesi/{sid}/fasilitator")

    base = f"{PATH}/sesi/{{session_id:id}}/fasilitator"
    return [
        Route(base, signed_in(site, show), methods=["GET"]),
        Route(base, signed_in(site, lambda r, v: change(r, v, False)), methods=["POST"]),
        Route(f"{base}/lepas", signed_in(site, lambda r, v: change(r, v, True)),
              methods=["POST"]),
    ]

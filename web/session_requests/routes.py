"""/minta-sesi: a school or group asks an office for a voter-education session; the console's
list (/staf/permintaan) where officers answer it. Both call edu/integrity/session_requests, so
a refused form writes nothing, and the answer is audited there."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

import edu.row_ids  # noqa: F401  (the `id` convertor of the addresses below)
from edu.errors import AuthError, Problem, UserError
from edu.integrity.models import RequestOutcome
from edu.integrity.session_requests import (
    RequestDraft,
    answer_session_request,
    get_session_request,
    list_session_requests,
    submit_session_request,
    waiting_clocks,
)
from edu.sessions.models import Segment
from web.forms import FormTooLarge, field_errors, read_form
from web.i18n import N_
from web.labels import SEGMENTS
from web.pages import render
from web.site import Site, not_found, see_other
from web.staff.guard import PATH, Visit, page, signed_in

FIELDS = ("regionCode", "organisation", "contactName", "email", "phone", "segment",
          "audience", "preferredOn", "message", "consent")
MESSAGES = {
    "ALREADY_WAITING": N_("A request from this email is already waiting for this office's "
                          "answer."),
    "INVALID_AUDIENCE": N_("A number of people from 1 to 100000."),
    "ALREADY_ANSWERED": N_("This request has already been answered."),
    "TOO_MANY_REQUESTS": N_("Too many requests from this device today: please try again "
                            "tomorrow."),
}
OUTCOMES = {RequestOutcome.ACCEPTED: N_("Accepted: we will hold the session"),
            RequestOutcome.DECLINED: N_("Declined")}
PAGE_SIZE = 20
WAITING = {"menunggu": True, "dijawab": False, "semua": None}


def _errors(problems: list[Problem]) -> dict[str, str]:
    out = field_errors([p for p in problems if p.code not in MESSAGES])
    for p in problems:
        if p.code in MESSAGES:
            out.setdefault(p.field or "", MESSAGES[p.code])
    return out


def _draft(values: dict[str, str]) -> tuple[RequestDraft, list[Problem]]:
    """The form as the service's input; what cannot even be read is a problem of its own."""
    problems = []
    audience = preferred = None
    if values["audience"]:
        try:
            audience = int(values["audience"])
        except ValueError:
            problems.append(Problem("INVALID_AUDIENCE", "audience", ""))
    if values["preferredOn"]:
        try:
            preferred = date.fromisoformat(values["preferredOn"])
        except ValueError:
            problems.append(Problem("INVALID_DATE", "preferredOn", ""))
    segment = Segment.__members__.get(values["segment"])
    if values["segment"] and segment is None:
        problems.append(Problem("INVALID", "segment", ""))
    return RequestDraft(
        region_code=values["regionCode"], organisation=values["organisation"],
        contact_name=values["contactName"], email=values["email"], phone=values["phone"],
        segment=segment, audience=audience, preferred_on=preferred, message=values["message"],
        consent=bool(values["consent"])), problems


def routes(site: Site) -> list[Route]:
    database = site.database

    def form(request: Request, values: dict[str, str] | None = None,
             errors: dict[str, str] | None = None, status: int = 200) -> Response:
        return render(request, "session_requests/form.html", status, values=values or {},
                      errors=errors or {}, regions=site.regions, segments=SEGMENTS)

    def submit(request: Request, values: dict[str, str]) -> Response:
        draft, problems = _draft(values)
        try:
            with database.transaction() as db:
                try:
                    submit_session_request(db, draft, client=request.client.host
                                           if request.client else None)
                except UserError as err:
                    raise UserError.many(problems + err.problems) from None
                if problems:
                    raise UserError.many(problems)
        except UserError as err:
            return form(request, values, _errors(err.problems), 400)
        return see_other("/minta-sesi/terkirim")

    async def public(request: Request) -> Response:
        if request.method == "GET":
            return await run_in_threadpool(form, request)
        try:
            posted = await read_form(request)
        except FormTooLarge:
            return PlainTextResponse("Form too large.", 413)
        values = {k: posted.get(k, "").strip() for k in FIELDS}
        return await run_in_threadpool(submit, request, values)

    def sent(request: Request) -> Response:
        return render(request, "session_requests/sent.html")

    # The console --------------------------------------------------------------------------
    def listing(request: Request, visit: Visit) -> Response:
        shown = request.query_params.get("status", "menunggu")
        waiting = WAITING.get(shown, True)
        try:
            number = max(int(request.query_params.get("halaman", "1")), 1)
        except ValueError:
            number = 1
        try:
            with database.reader() as db:
                total, rows = list_session_requests(db, visit.principal, waiting=waiting,
                                                    offset=(number - 1) * PAGE_SIZE,
                                                    limit=PAGE_SIZE)
                clocks = waiting_clocks(db, rows)
        except AuthError:
            return page(site, request, "reports/not_yours.html", 403,
                        principal=visit.principal)
        pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        return page(site, request, "session_requests/list.html", principal=visit.principal,
                    rows=rows, total=total, number=number, pages=pages, clocks=clocks,
                    shown=shown, regions=site.regions, segments=SEGMENTS, outcomes=OUTCOMES,
                    link=lambda n: "?" + urlencode({"status": shown, "halaman": n}))

    def one(request: Request, visit: Visit, errors: dict[str, str] | None = None,
            status: int = 200) -> Response:
        rid = request.path_params["request_id"]
        try:
            with database.reader() as db:
                row = get_session_request(db, visit.principal, rid)
                clocks = waiting_clocks(db, [row])
        except UserError:
            return not_found(request, private=True)
        except AuthError:
            return page(site, request, "reports/not_yours.html", 403,
                        principal=visit.principal)
        return page(site, request, "session_requests/one.html", status,
                    principal=visit.principal, r=row, c=clocks.get(rid),
                    regions=site.regions, segments=SEGMENTS, outcomes=OUTCOMES,
                    errors=errors or {}, values=visit.form)

    def answer(request: Request, visit: Visit) -> Response:
        rid = request.path_params["request_id"]
        outcome = RequestOutcome.__members__.get(visit.form.get("outcome", ""))
        try:
            with database.transaction() as db:
                answer_session_request(db, visit.principal, request_id=rid, outcome=outcome,
                                       reply=visit.form.get("reply", ""))
        except UserError as err:
            if any(p.code == "NOT_FOUND" for p in err.problems):
                return not_found(request, private=True)
            return one(request, visit, _errors(err.problems), 400)
        except AuthError:
            return page(site, request, "reports/not_yours.html", 403,
                        principal=visit.principal)
        return see_other(f"{PATH}/permintaan/{rid}")

    return [
        Route("/minta-sesi", public, methods=["GET", "POST"]),
        Route("/minta-sesi/terkirim", sent, methods=["GET"]),
        Route(f"{PATH}/permintaan", signed_in(site, listing), methods=["GET"]),
        Route(f"{PATH}/permintaan/{{request_id:id}}", signed_in(site, one), methods=["GET"]),
        Route(f"{PATH}/permintaan/{{request_id:id}}", signed_in(site, answer),
              methods=["POST"]),
    ]

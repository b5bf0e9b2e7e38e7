"""/staf/saran: the suggestions respondents left, to act on (new → answered → closed). A
suggestion shows what was served and the day, never who wrote it; the reply is audited by
edu/integrity/suggestions."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from edu.auth.models import Role
from edu.errors import AuthError, UserError
from edu.integrity.models import SuggestionStatus, SurveyService
from edu.integrity.suggestions import SuggestionFilter, answer_suggestion, list_suggestions
from web.i18n import N_
from web.reports.pages import SERVICES
from web.site import Site, not_found, see_other
from web.staff.guard import PATH, Visit, page, signed_in

PAGE_SIZE = 20
STATUSES = {SuggestionStatus.NEW: N_("New"), SuggestionStatus.ANSWERED: N_("Answered"),
            SuggestionStatus.CLOSED: N_("Closed")}
MESSAGES = {
    "REPLY_REQUIRED": N_("Write the reply."),
    "INVALID_STATUS": N_("A closed suggestion cannot change."),
    "TOO_LONG": N_("This is too long."),
}


def routes(site: Site) -> list[Route]:
    database = site.database

    def _service(request: Request, visit: Visit) -> SurveyService:
        chosen = SurveyService.__members__.get(request.query_params.get("layanan", ""))
        if chosen is not None:
            return chosen
        return (SurveyService.VOTER_EDUCATION
                if visit.principal.has_role(Role.ADMIN, Role.EDUCATION_OFFICER)
                else SurveyService.INTERNSHIP)

    def listing(request: Request, visit: Visit, errors: dict[str, str] | None = None,
                status: int = 200) -> Response:
        service = _service(request, visit)
        shown = SuggestionStatus.__members__.get(request.query_params.get("status", "NEW"))
        try:
            number = max(int(request.query_params.get("halaman", "1")), 1)
        except ValueError:
            number = 1
        try:
            with database.reader() as db:
                total, rows = list_suggestions(
                    db, visit.principal, SuggestionFilter(service=service, status=shown),
                    (number - 1) * PAGE_SIZE, PAGE_SIZE)
        except AuthError:
            return page(site, request, "reports/not_yours.html", 403,
                        principal=visit.principal)
        query = {"layanan": service.value, "status": shown.value if shown else ""}
        pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        return page(site, request, "suggestions/list.html", status, principal=visit.principal,
                    rows=rows, total=total, number=number, pages=pages, service=service,
                    services=SERVICES, statuses=STATUSES, shown=shown, regions=site.regions,
                    errors=errors or {}, values=visit.form, here="?" + urlencode(query),
                    link=lambda n: "?" + urlencode({**query, "halaman": n}))

    def answer(request: Request, visit: Visit) -> Response:
        sid = request.path_params["suggestion_id"]
        service = _service(request, visit)
        status = SuggestionStatus.__members__.get(visit.form.get("status", ""))
        if status is None:
            return listing(request, visit, {sid: N_("Choose one of the options.")}, 400)
        try:
            with database.transaction() as db:
                answer_suggestion(db, visit.principal, suggestion_id=sid, service=service,
                                  status=status, reply=visit.form.get("reply"))
        except UserError as err:
            if any(p.code == "NOT_FOUND" for p in err.problems):
                return not_found(request, private=True)
            code = err.problems[0].code
            return listing(request, visit, {sid: MESSAGES.get(code, MESSAGES["TOO_LONG"])},
                           400)
        except AuthError:
            return page(site, request, "reports/not_yours.html", 403,
                        principal=visit.principal)
        return see_other(f"{PATH}/saran?" + urlencode({"layanan": service.value,
                                                       "status": status.value}))

    return [
        Route(f"{PATH}/saran", signed_in(site, listing), methods=["GET"]),
        Route(f"{PATH}/saran/{{suggestion_id:str}}", signed_in(site, answer),
              methods=["POST"]),
    ]

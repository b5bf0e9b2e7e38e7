"""The survey form: a participant reaches it from their own page (its secret link), an intern
through the survey link the office gives them. The page calls the same submit_survey as the
API; the answer is stored apart from who gave it."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

import edu.row_ids  # noqa: F401  (the `id` convertor of the addresses below)
from edu.auth.principal import ANONYMOUS, Principal
from edu.errors import AuthError, UserError
from edu.integrity.models import ELEMENTS
from edu.integrity.survey import submit_survey
from edu.participants.own_page import participant_by_page_secret
from web.forms import FormTooLarge, read_form
from web.i18n import N_
from web.pages import render
from web.site import PRIVATE, Site, not_found, see_other

# The nine elements of PermenPAN-RB 14/2017 (msgids; the catalogue has the official words).
ELEMENT_NAMES = {
    "U1": N_("Requirements"), "U2": N_("Systems, mechanisms and procedures"),
    "U3": N_("Completion time"), "U4": N_("Cost or fee"),
    "U5": N_("What the service delivers"), "U6": N_("Competence of the staff"),
    "U7": N_("Behaviour of the staff"), "U8": N_("Handling of complaints and suggestions"),
    "U9": N_("Facilities"),
}
SCALE = {1: N_("Poor"), 2: N_("Fair"), 3: N_("Good"), 4: N_("Very good")}
MESSAGES = {
    "NOT_ELIGIBLE": N_("This survey is open to those who attended, for 30 days after the end."),
    "ALREADY_ANSWERED": N_("You have already answered this survey. Thank you!"),
    "INVALID_SCORES": N_("Please choose an answer for each of the nine questions."),
    "TOO_LONG": N_("This is too long."),
}


def _scores(values: dict[str, str]) -> list[int]:
    out = []
    for code in ELEMENTS:
        value = values.get(code.lower(), "")
        out.append(int(value) if value in ("1", "2", "3", "4") else 0)
    return out


def routes(site: Site) -> list[Route]:
    database, key = site.database, site.settings.secret_key

    def form(request: Request, action: str, values: dict[str, str] | None = None,
             error: str | None = None, status: int = 200) -> Response:
        return render(request, "survey/form.html", status, headers=PRIVATE, private=True,
                      action=action, elements=ELEMENT_NAMES, scale=SCALE,
                      values=values or {}, error=error)

    def answer(request: Request, values: dict[str, str] | None) -> Response:
        p = request.path_params
        action = request.url.path
        try:
            with database.transaction() as db:
                principal: Principal = ANONYMOUS
                if "secret" in p:
                    principal = participant_by_page_secret(db, p["secret"])[1]
                if values is None:
                    return form(request, action)
                submit_survey(db, principal, scores=_scores(values),
                              suggestion=values.get("saran") or None,
                              session_id=p.get("session_id"),
                              internship_id=p.get("internship_id"),
                              survey_code=p.get("code"), secret_key=key)
        except (UserError, AuthError) as err:
            code = err.problems[0].code if isinstance(err, UserError) else "NOT_ELIGIBLE"
            if code == "NOT_FOUND":
                return not_found(request, private=True)
            return form(request, action, values, MESSAGES.get(code, MESSAGES["NOT_ELIGIBLE"]),
                        400)
        return see_other("/survei/terima-kasih")

    async def endpoint(request: Request) -> Response:
        values = None
        if request.method == "POST":
            try:
                values = await read_form(request)
            except FormTooLarge:
                return PlainTextResponse("Form too large.", 413)
        return await run_in_threadpool(answer, request, values)

    def thanks(request: Request) -> Response:
        return render(request, "survey/thanks.html")

    return [
        Route("/saya/{secret}/survei/{session_id:id}", endpoint, methods=["GET", "POST"]),
        Route("/survei/magang/{internship_id:id}/{code}", endpoint, methods=["GET", "POST"]),
        Route("/survei/terima-kasih", thanks),
    ]

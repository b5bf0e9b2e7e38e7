"""/staf/standar-layanan: an office's published service times (working days) and the cuti
bersama days that stop every clock. The forms call the services the GraphQL mutations call
(`set_service_standard`, `add_collective_leave_day`), which check the role and audit."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from edu.errors import AuthError, UserError
from edu.integrity.models import SurveyService
from edu.integrity.standards import (
    MAX_WORKING_DAYS,
    add_collective_leave_day,
    collective_leave_days,
    set_service_standard,
    standards,
)
from web.i18n import N_
from web.reports.pages import SERVICES, today
from web.site import Site, see_other
from web.staff.guard import PATH, Visit, page, signed_in

ADDRESS = f"{PATH}/standar-layanan"
MESSAGES = {
    "INVALID_WORKING_DAYS": N_("From 1 to 250 working days."),
    "ALREADY_ADDED": N_("This day is already a cuti bersama day."),
    "INVALID_NAME": N_("A name of 1 to 120 characters."),
    "INVALID_DATE": N_("This date is not valid."),
    "FORBIDDEN": N_("This is not part of your work."),
}


def routes(site: Site) -> list[Route]:
    database = site.database

    def office(request: Request, visit: Visit) -> str:
        code = request.query_params.get("kantor") or visit.form.get("kantor") or ""
        if code in site.regions:
            return code
        return visit.principal.region_code or "52"

    def show(request: Request, visit: Visit, errors: dict[str, str] | None = None,
             status: int = 200) -> Response:
        region = office(request, visit)
        with database.reader() as db:
            days = standards(db, region)
            leave = collective_leave_days(db, today().year)
        return page(site, request, "reports/standard_settings.html", status,
                    principal=visit.principal, region=region, regions=site.regions,
                    days=days, leave=leave, services=SERVICES, year=today().year,
                    errors=errors or {}, values=visit.form, most=MAX_WORKING_DAYS)

    def change(request: Request, visit: Visit) -> Response:
        region, form = office(request, visit), visit.form
        try:
            with database.transaction() as db:
                if request.path_params["what"] == "waktu":
                    service = SurveyService.__members__.get(form.get("layanan", ""))
                    try:
                        working_days = int(form.get("hari", ""))
                    except ValueError:
                        working_days = 0
                    if service is None:
                        return show(request, visit, {"layanan": N_("Choose one of the "
                                                                    "options.")}, 400)
                    set_service_standard(db, visit.principal, region_code=region,
                                         service=service, working_days=working_days)
                else:
                    try:
                        day = date.fromisoformat(form.get("tanggal", ""))
                    except ValueError:
                        raise UserError("INVALID_DATE", "tanggal", "") from None
                    add_collective_leave_day(db, visit.principal, day=day,
                                             name=form.get("nama", ""))
        except UserError as err:
            fields = {"workingDays": "hari", "day": "tanggal", "name": "nama"}
            return show(request, visit, {
                fields.get(p.field or "", p.field or ""): MESSAGES.get(p.code, MESSAGES[
                    "INVALID_DATE"]) for p in err.problems}, 400)
        except AuthError:
            return show(request, visit, {"": MESSAGES["FORBIDDEN"]}, 403)
        return see_other(f"{ADDRESS}?{urlencode({'kantor': region})}")

    return [
        Route(ADDRESS, signed_in(site, show), methods=["GET"]),
        Route(f"{ADDRESS}/{{what:str}}", signed_in(site, change), methods=["POST"]),
    ]

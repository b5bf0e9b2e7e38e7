"""Offices' certificate settings for administrators: who signs, with what title, and how the
numbers read; saved by edu/certificates' configure_office (validated, audited)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from edu.certificates.service import configure_office, office_settings, office_style
from edu.errors import UserError
from edu.offices.service import list_offices
from web.admin.guard import admin_only, errors_of
from web.i18n import N_
from web.site import Site, not_found, see_other
from web.staff.guard import PATH, Visit, page

OFFICES = f"{PATH}/admin/kantor"
# Form field -> the service's setting; the form's names are the API's.
FIELDS = {"signerName": "signer_name", "signerTitle": "signer_title",
          "numberTemplate": "number_template", "place": "place"}
MESSAGES = {"INVALID": N_("Use only {seq}, {unit}, {level}, {month} and {year}; {seq} is "
                          "needed, and the number must stay short.")}


def routes(site: Site) -> list[Route]:
    database = site.database

    def listing(request: Request, visit: Visit) -> Response:
        with database.reader() as db:
            offices = [(o, office_style(db, o.region_code)) for o in list_offices(db)]
        return page(site, request, "admin/offices.html", principal=visit.principal,
                    offices=offices)

    def edit(request: Request, visit: Visit) -> Response:
        code = request.path_params["region_code"]
        if code not in site.regions:
            return not_found(request, private=True)
        errors: dict[str, str] = {}
        if request.method == "POST":
            changes: dict[str, str | None] = {
                setting: visit.form.get(field, "").strip() for field, setting in FIELDS.items()}
            try:
                with database.transaction() as db:
                    configure_office(db, visit.principal, region_code=code, changes=changes)
                return see_other(f"{OFFICES}?selesai={code}")
            except UserError as err:
                errors = errors_of(err.problems, messages=MESSAGES)
        with database.reader() as db:
            try:
                saved = office_settings(db, visit.principal, code)
                style = office_style(db, code)
            except UserError:
                return not_found(request, private=True)
        values = {field: saved[setting] for field, setting in FIELDS.items()}
        values.update({k: v for k, v in visit.form.items() if k in FIELDS})
        return page(site, request, "admin/office.html", 400 if errors else 200,
                    principal=visit.principal, style=style, code=code, values=values,
                    errors=errors)

    return [
        Route(OFFICES, admin_only(site, listing), methods=["GET"]),
        Route(f"{OFFICES}/{{region_code}}", admin_only(site, edit), methods=["GET", "POST"]),
    ]

"""Universities for administrators: the list, a new one, a new name (edu/internships)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import edu.row_ids  # noqa: F401  (the `id` convertor of the addresses below)
from edu.errors import UserError
from edu.internships.service import (
    create_university,
    get_university,
    list_universities,
    rename_university,
)
from web.admin.guard import admin_only, errors_of
from web.i18n import N_
from web.site import Site, not_found, see_other
from web.staff.guard import PATH, Visit, page

UNIVERSITIES = f"{PATH}/admin/universitas"
MESSAGES = {"INVALID": N_("Use 2 to 32 capital letters, digits, - or _ (e.g. UNRAM)."),
            "DUPLICATE": N_("A university with this code exists already.")}


def routes(site: Site) -> list[Route]:
    database = site.database

    def listing(request: Request, visit: Visit) -> Response:
        values = {k: visit.form.get(k, "").strip() for k in ("code", "name")}
        errors: dict[str, str] = {}
        if request.method == "POST":
            try:
                with database.transaction() as db:
                    create_university(db, visit.principal, code=values["code"],
                                      name=values["name"])
                return see_other(f"{UNIVERSITIES}?selesai=baru")
            except UserError as err:
                errors = errors_of(err.problems, messages=MESSAGES)
        with database.reader() as db:
            universities = list_universities(db)
        return page(site, request, "admin/universities.html", 400 if errors else 200,
                    principal=visit.principal, universities=universities, values=values,
                    errors=errors, added=request.query_params.get("selesai") == "baru")

    def edit(request: Request, visit: Visit) -> Response:
        uid = request.path_params["university_id"]
        errors: dict[str, str] = {}
        if request.method == "POST":
            try:
                with database.transaction() as db:
                    rename_university(db, visit.principal, uid,
                                      name=visit.form.get("name", ""))
                return see_other(UNIVERSITIES)
            except UserError as err:
                if err.problems[0].code == "NOT_FOUND":
                    return not_found(request, private=True)
                errors = errors_of(err.problems)
        with database.reader() as db:
            try:
                university = get_university(db, uid)
            except UserError:
                return not_found(request, private=True)
        values = {"name": university.name, **visit.form}
        return page(site, request, "admin/university.html", 400 if errors else 200,
                    principal=visit.principal, university=university, values=values,
                    errors=errors)

    return [
        Route(UNIVERSITIES, admin_only(site, listing), methods=["GET", "POST"]),
        Route(f"{UNIVERSITIES}/{{university_id:id}}", admin_only(site, edit),
              methods=["GET", "POST"]),
    ]

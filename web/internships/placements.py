"""Placements: the list (anyone of the internship console; placements are public offers), the
form officers create and edit them with (quota and period among the fields), and a placement's
page, where a coordinator applies students."""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import Response

from edu.errors import AuthError, Problem, UserError
from edu.internships.models import Placement
from edu.internships.service import (
    PlacementDraft,
    PlacementFilter,
    create_placement,
    get_placement,
    list_placements,
    today,
    update_placement,
)
from web.internships.paging import linker, window
from web.internships.words import MESSAGES, is_coordinator, is_officer, messages
from web.site import Site, not_found, see_other
from web.staff.guard import PATH, Visit, page

PAGE_SIZE = 20
FIELDS = ("title", "unit", "regionCode", "startsOn", "endsOn", "quota", "requiredHours",
          "supervisorName", "description")
PERIODS = {"berjalan": True, "selesai": False, "semua": None}


def listing(site: Site, request: Request, visit: Visit) -> Response:
    period = request.query_params.get("periode", "berjalan")
    period = period if period in PERIODS else "berjalan"
    win = window(request, PAGE_SIZE)
    with site.database.reader() as db:
        total, rows = list_placements(db, PlacementFilter(open=PERIODS[period]),
                                      win.offset, win.size)
    return page(site, request, "internships/placements.html", principal=visit.principal,
                placements=rows, total=total, number=win.number, pages=win.pages(total),
                link=linker({"periode": period}), period=period, regions=site.regions,
                officer=is_officer(visit.principal))


def _values(placement: Placement) -> dict[str, str]:
    return {"title": placement.title, "unit": placement.unit,
            "regionCode": placement.region_code, "startsOn": placement.starts_on.isoformat(),
            "endsOn": placement.ends_on.isoformat(), "quota": str(placement.quota),
            "requiredHours": str(placement.required_hours),
            "supervisorName": placement.supervisor_name or "",
            "description": placement.description}


def _draft(values: dict[str, str]) -> tuple[PlacementDraft, list[Problem]]:
    """What the form says, with a stand-in for what it could not read, so the service still
    checks every other field and all problems show at once."""
    problems: list[Problem] = []

    def day(field: str) -> date | None:
        try:
            return date.fromisoformat(values[field])
        except ValueError:
            problems.append(Problem("INVALID_DATE" if values[field] else "REQUIRED", field, ""))
            return None

    def number(field: str) -> int:
        try:
            return int(values[field])
        except ValueError:
            problems.append(Problem("INVALID_NUMBER" if values[field] else "REQUIRED", field,
                                    ""))
            return 1

    starts, ends = day("startsOn"), day("endsOn")
    starts = starts or ends or today()
    draft = PlacementDraft(
        title=values["title"], unit=values["unit"], region_code=values["regionCode"],
        starts_on=starts, ends_on=ends or starts, quota=number("quota"),
        required_hours=number("requiredHours"),
        supervisor_name=values["supervisorName"] or None, description=values["description"])
    return draft, problems


def _form(site: Site, request: Request, visit: Visit, values: dict[str, str],
          errors: dict[str, str], status: int = 200,
          placement: Placement | None = None) -> Response:
    return page(site, request, "internships/placement_form.html", status,
                principal=visit.principal, values=values, errors=errors,
                regions=site.regions, placement=placement)


def new(site: Site, request: Request, visit: Visit) -> Response:
    if not is_officer(visit.principal):
        return page(site, request, "staff/refused.html", 403, principal=visit.principal)
    if request.method == "GET":
        return _form(site, request, visit, {"regionCode": visit.principal.region_code or ""},
                     {})
    values = {k: visit.form.get(k, "").strip() for k in FIELDS}
    draft, problems = _draft(values)
    try:
        with site.database.transaction() as db:
            try:
                pid = create_placement(db, visit.principal, draft).id
            except UserError as err:
                raise UserError.many(problems + err.problems) from None
            if problems:
                raise UserError.many(problems)
    except UserError as err:
        return _form(site, request, visit, values, messages(err.problems), 400)
    except AuthError:
        return _form(site, request, visit, values, {"regionCode": MESSAGES["FORBIDDEN"]}, 403)
    return see_other(f"{PATH}/magang/penempatan/{pid}")


def show(site: Site, request: Request, visit: Visit) -> Response:
    """A placement's page: its details, for officers the edit form, for coordinators the
    ways to apply students."""
    pid = request.path_params["placement_id"]
    who = visit.principal
    with site.database.reader() as db:
        try:
            placement = get_placement(db, pid)
        except UserError:
            return not_found(request, private=True)
        is_open = placement.is_open(today())
    if request.method == "GET" or not is_officer(who):
        if request.method == "POST":
            return page(site, request, "staff/refused.html", 403, principal=who)
        return page(site, request, "internships/placement.html", principal=who,
                    placement=placement, values=_values(placement), errors={},
                    regions=site.regions, officer=is_officer(who),
                    coordinator=is_coordinator(who), is_open=is_open)
    values = {k: visit.form.get(k, "").strip() for k in FIELDS}
    draft, problems = _draft(values)
    try:
        with site.database.transaction() as db:
            try:
                update_placement(db, who, pid, draft)
            except UserError as err:
                raise UserError.many(problems + err.problems) from None
            if problems:
                raise UserError.many(problems)
    except UserError as err:
        status = 400
        errors = messages(err.problems)
    except AuthError:
        status, errors = 403, {"regionCode": MESSAGES["FORBIDDEN"]}
    else:
        return see_other(f"{PATH}/magang/penempatan/{pid}")
    return page(site, request, "internships/placement.html", status, principal=who,
                placement=placement, values=values, errors=errors, regions=site.regions,
                officer=True, coordinator=False, is_open=is_open)

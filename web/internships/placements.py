"""Placements: the list (anyone of the internship console; placements are public offers), the
form officers create and edit them with (quota and period among the fields), and a placement's
page, where a coordinator applies students."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session
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


def _saved(site: Site, values: dict[str, str],
           write: Callable[[Session, PlacementDraft], Placement]
           ) -> tuple[int | None, int, dict[str, str]]:
    """The form written through the service: the placement's id, or none with the status
    and the problems to show beside the fields (nothing is written then)."""
    draft, problems = _draft(values)
    try:
        with site.database.transaction() as db:
            try:
                pid = write(db, draft).id
            except UserError as err:
                raise UserError.many(problems + err.problems) from None
            if problems:
                raise UserError.many(problems)
    except UserError as err:
        return None, 400, messages(err.problems)
    except AuthError:
        return None, 403, {"regionCode": MESSAGES["FORBIDDEN"]}
    return pid, 303, {}


def _typed(visit: Visit) -> dict[str, str]:
    return {k: visit.form.get(k, "").strip() for k in FIELDS}


def new(site: Site, request: Request, visit: Visit) -> Response:
    who = visit.principal
    if not is_officer(who):
        return page(site, request, "staff/refused.html", 403, principal=who)
    values = {"regionCode": who.region_code or ""}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        values = _typed(visit)
        pid, status, errors = _saved(site, values,
                                     lambda db, draft: create_placement(db, who, draft))
        if pid is not None:
            return see_other(f"{PATH}/magang/penempatan/{pid}")
    return page(site, request, "internships/placement_form.html", status, principal=who,
                values=values, errors=errors, regions=site.regions)


def show(site: Site, request: Request, visit: Visit) -> Response:
    """A placement's page: its details, for officers the edit form (posted back here), for
    coordinators the ways to apply students."""
    pid = request.path_params["placement_id"]
    who = visit.principal
    with site.database.reader() as db:
        try:
            placement = get_placement(db, pid)
        except UserError:
            return not_found(request, private=True)
    values = _values(placement)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if not is_officer(who):
            return page(site, request, "staff/refused.html", 403, principal=who)
        values = _typed(visit)
        saved, status, errors = _saved(site, values,
                                       lambda db, draft: update_placement(db, who, pid, draft))
        if saved is not None:
            return see_other(f"{PATH}/magang/penempatan/{pid}")
    return page(site, request, "internships/placement.html", status, principal=who,
                placement=placement, values=values, errors=errors, regions=site.regions,
                officer=is_officer(who), coordinator=is_coordinator(who),
                is_open=placement.is_open(today()))

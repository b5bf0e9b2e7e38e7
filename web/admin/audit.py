"""The audit log for administrators: filters by actor, action, record and days; newest first,
a page at a time (edu/audit_log.py)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from edu.audit_log import AuditFilter, search_audit
from edu.errors import Problem, UserError
from web.admin.guard import admin_only, errors_of
from web.site import Site
from web.staff.guard import PATH, Visit, page

AUDIT = f"{PATH}/admin/audit"
# Query names (Indonesian, as the addresses) -> the filter's fields.
QUERY = {"pelaku": "actor", "aksi": "action", "entitas": "entity", "dari": "since",
         "sampai": "until"}


def _details(value: dict[str, Any] | None) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)[:300] if value else ""


def routes(site: Site) -> list[Route]:
    database = site.database

    def log(request: Request, visit: Visit) -> Response:
        q = request.query_params
        values = {name: q.get(name, "").strip() for name in QUERY}
        bad_days: list[Problem] = []
        days: dict[str, date | None] = {}
        for name in ("dari", "sampai"):
            try:
                days[name] = date.fromisoformat(values[name]) if values[name] else None
            except ValueError:
                days[name] = None
                bad_days.append(Problem("INVALID_DATE", name, ""))
        try:
            before = int(q["sebelum"]) if q.get("sebelum") else None
        except ValueError:
            before = None
        flt = AuditFilter(actor=values["pelaku"], action=values["aksi"],
                          entity=values["entitas"], since=days["dari"], until=days["sampai"])
        events: list[Any] = []
        older = None
        errors = errors_of(bad_days)
        if not errors:
            try:
                with database.reader() as db:
                    found = search_audit(db, visit.principal, flt, before=before)
                events, older = found.events, found.older
            except UserError as err:
                names = {v: k for k, v in QUERY.items()}
                errors = errors_of(err.problems, names)
        older_link = "?" + urlencode({**values, "sebelum": older}) if older else None
        newest_link = "?" + urlencode(values) if before else None
        return page(site, request, "admin/audit.html", 400 if errors else 200,
                    principal=visit.principal, events=events, values=values, errors=errors,
                    older_link=older_link, newest_link=newest_link, details=_details)

    return [Route(AUDIT, admin_only(site, log), methods=["GET"])]

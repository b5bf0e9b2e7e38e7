"""`/staf/magang`: the internships the signed-in person may see (a coordinator: their own
university's students; an officer: their region's), a page at a time, with each one's hours,
evaluation and certificate; officers also see the head of the application queue."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from edu.certificates.service import internship_certificates_seen
from edu.errors import AuthError, UserError
from edu.integrity.standards import Waiting, queue, waiting_count
from edu.internships.evaluation import evaluations_of
from edu.internships.models import Internship, InternshipStatus
from edu.internships.service import InternshipFilter, list_internships
from web.internships.paging import linker, window
from web.internships.words import INTERNSHIP_STATUSES, is_coordinator, is_officer, messages
from web.site import Site
from web.staff.guard import Visit, page

PAGE_SIZE = 20
QUEUE_HEAD = 5


def home(site: Site, request: Request, visit: Visit) -> Response:
    q = request.query_params
    chosen = {"status": q.get("status", ""), "cari": q.get("cari", ""),
              "penempatan": q.get("penempatan", "")}
    status = InternshipStatus.__members__.get(chosen["status"])
    # An id, or no filter (a number too long for any id is none).
    typed = chosen["penempatan"]
    placement = int(typed) if typed.isdigit() and len(typed) <= 9 else None
    win = window(request, PAGE_SIZE)
    who = visit.principal
    errors: dict[str, str] = {}
    total, rows, waiting, head = 0, list[Internship](), 0, list[Waiting]()
    with site.database.reader() as db:
        try:
            try:
                total, rows = list_internships(
                    db, who, InternshipFilter(placement_id=placement,
                                              statuses=[status] if status else (),
                                              search=chosen["cari"] or None),
                    win.offset, win.size)
            except UserError as err:
                errors = {"cari": next(iter(messages(err.problems).values()))}
            if is_officer(who):
                waiting = waiting_count(db, who)
                head = queue(db, who, limit=QUEUE_HEAD)
        except AuthError:
            return page(site, request, "staff/refused.html", 403, principal=who)
        ids = [i.id for i in rows]
        evaluations = evaluations_of(db, ids)
        certificates = internship_certificates_seen(db, who, site.settings.secret_key, ids)
    return page(site, request, "internships/home.html", 400 if errors else 200, principal=who,
                internships=rows, total=total, number=win.number, pages=win.pages(total),
                link=linker(chosen), chosen=chosen, errors=errors, values=chosen,
                statuses=INTERNSHIP_STATUSES, evaluations=evaluations,
                certificates=certificates, waiting=waiting, head=head,
                officer=is_officer(who), coordinator=is_coordinator(who))

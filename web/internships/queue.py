"""`/staf/magang/antrean`: applications waiting for a decision, the longest waiting first,
with the working days each has waited against the office's service standard (edu/integrity),
and a flag on those about to pass it. A page at a time."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from edu.errors import AuthError
from edu.integrity.standards import ABOUT_TO_BREACH, queue, waiting_count
from web.internships.paging import linker, window
from web.site import Site
from web.staff.guard import Visit, page

PAGE_SIZE = 20


def waiting(site: Site, request: Request, visit: Visit) -> Response:
    win = window(request, PAGE_SIZE)
    with site.database.reader() as db:
        try:
            total = waiting_count(db, visit.principal)
            rows = queue(db, visit.principal, offset=win.offset, limit=win.size)
        except AuthError:
            return page(site, request, "staff/refused.html", 403, principal=visit.principal)
    return page(site, request, "internships/queue.html", principal=visit.principal,
                waiting=rows, total=total, number=win.number, pages=win.pages(total),
                link=linker({}), about=ABOUT_TO_BREACH)

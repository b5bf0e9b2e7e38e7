"""The internship console's addresses under /staf/magang (see each module for its page)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from starlette.convertors import IntegerConvertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from web.internships import apply, importing, internship, listing, placements, queue
from web.internships.upload import signed_in_upload
from web.site import Site
from web.staff.guard import PATH, Visit, signed_in

BASE = f"{PATH}/magang"


class RowId(IntegerConvertor):
    """A row's id in an address: at most nine digits, so a longer number is simply an
    address nothing answers (404), never an overflow in the database driver."""

    regex = "[0-9]{1,9}"


register_url_convertor("rowid", RowId())


def routes(site: Site) -> list[Route]:
    def staff(handler: Callable[[Site, Request, Visit], Response]
              ) -> Callable[[Request], Awaitable[Response]]:
        return signed_in(site, partial(handler, site))

    placement = f"{BASE}/penempatan/{{placement_id:rowid}}"
    one = f"{BASE}/lamaran/{{internship_id:rowid}}"
    return [
        Route(BASE, staff(listing.home), methods=["GET"]),
        Route(f"{BASE}/antrean", staff(queue.waiting), methods=["GET"]),
        Route(f"{BASE}/penempatan", staff(placements.listing), methods=["GET"]),
        Route(f"{BASE}/penempatan/baru", staff(placements.new), methods=["GET", "POST"]),
        Route(placement, staff(placements.show), methods=["GET", "POST"]),
        Route(f"{placement}/lamar", staff(apply.one_student), methods=["GET", "POST"]),
        Route(f"{placement}/impor", signed_in_upload(site, partial(importing.upload, site)),
              methods=["GET", "POST"]),
        Route(f"{placement}/impor/kirim", staff(importing.confirm), methods=["POST"]),
        Route(one, staff(internship.show), methods=["GET"]),
        Route(f"{one}/logbook/{{entry_id:rowid}}/{{verb}}", staff(internship.review),
              methods=["POST"]),
        Route(f"{one}/{{verb}}", staff(internship.act), methods=["POST"]),
    ]

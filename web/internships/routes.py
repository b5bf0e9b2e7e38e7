"""The internship console's addresses under /staf/magang (see each module for its page)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import edu.row_ids  # noqa: F401  (the `id` convertor of the addresses below)
from web.internships import apply, importing, internship, listing, placements, queue
from web.site import Site
from web.staff.guard import PATH, Visit, signed_in, signed_in_upload

BASE = f"{PATH}/magang"


def routes(site: Site) -> list[Route]:
    def staff(handler: Callable[[Site, Request, Visit], Response]
              ) -> Callable[[Request], Awaitable[Response]]:
        return signed_in(site, partial(handler, site))

    placement = f"{BASE}/penempatan/{{placement_id:id}}"
    one = f"{BASE}/lamaran/{{internship_id:id}}"
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
        Route(f"{one}/logbook/{{entry_id:id}}/{{verb}}", staff(internship.review),
              methods=["POST"]),
        Route(f"{one}/{{verb}}", staff(internship.act), methods=["POST"]),
    ]

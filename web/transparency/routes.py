"""/layanan: the maklumat pelayanan and how the office keeps it, with no personal data."""

from __future__ import annotations

from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from edu.errors import UserError
from edu.integrity.periods import MAX_YEAR, MIN_YEAR
from edu.integrity.transparency import SMALLEST, transparency
from web.i18n import language
from web.numbers import Numbers
from web.pages import render
from web.site import Site, not_found

BAR_WIDTH = 300  # the chart's bars are drawn on 0..100 over this many units


def routes(site: Site) -> list[Route]:
    def page(request: Request) -> Response:
        q = request.query_params
        region = q.get("kantor", "52")
        try:
            year = int(q.get("tahun", str(date.today().year)))
        except ValueError:
            return not_found(request)
        if not MIN_YEAR <= year <= MAX_YEAR or region not in site.regions:
            return not_found(request)
        try:
            with site.database.reader() as db:
                figures = transparency(db, region_code=region, year=year)
        except UserError:
            return not_found(request)
        return render(request, "transparency/layanan.html", figures=figures,
                      regions=site.regions, smallest=SMALLEST, bar=BAR_WIDTH,
                      n=Numbers(language(request)),
                      headers={"Cache-Control": "public, max-age=300"})

    async def endpoint(request: Request) -> Response:
        return await run_in_threadpool(page, request)

    return [Route("/layanan", endpoint)]

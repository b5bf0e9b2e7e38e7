"""The participation report as CSV and XLSX, for a staff token (Authorization: Bearer)."""

from __future__ import annotations

from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from edu.auth.service import authenticate
from edu.errors import AuthError, UserError
from edu.integrity import participation as reports
from edu.sessions.models import Segment
from web.site import Site

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filter(request: Request) -> reports.ParticipationFilter:
    q = request.query_params
    try:
        segment = Segment(q["segment"]) if q.get("segment") else None
        return reports.ParticipationFilter(
            starts_on=date.fromisoformat(q.get("from", "")),
            ends_on=date.fromisoformat(q.get("to", "")),
            region_code=q.get("region") or None, segment=segment)
    except ValueError:
        raise UserError("BAD_FILTER", "from", "from and to are dates (YYYY-MM-DD); "
                        "segment is a Segment.") from None


def routes(site: Site) -> list[Route]:
    def download(request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in ("csv", "xlsx"):
            return PlainTextResponse("Not found", 404)
        header = request.headers.get("authorization", "")
        token = header[7:] if header.lower().startswith("bearer ") else None
        try:
            with site.database.reader() as db:
                principal = authenticate(db, token)
                report = reports.participation(db, principal, _filter(request))
        except AuthError as err:
            return PlainTextResponse(str(err), 401 if err.code == "UNAUTHENTICATED" else 403)
        except UserError as err:
            return PlainTextResponse(err.problems[0].message, 400)
        name = f"partisipasi-{report.filter.starts_on}-{report.filter.ends_on}.{kind}"
        headers = {"Content-Disposition": f'attachment; filename="{name}"',
                   "Cache-Control": "private, no-store"}
        if kind == "csv":
            return Response(reports.as_csv(report), media_type="text/csv; charset=utf-8",
                            headers=headers)
        return Response(reports.as_xlsx(report), media_type=XLSX, headers=headers)

    async def endpoint(request: Request) -> Response:
        return await run_in_threadpool(download, request)

    return [Route("/laporan/partisipasi.{kind:str}", endpoint)]

"""The index and the participation report (staff)."""

from __future__ import annotations

from urllib.parse import urlencode

import strawberry

from edu.integrity import participation as reports
from edu.integrity import survey
from schema.errors import BadRequest
from schema.ids import parse_global_id
from schema.integrity.session_requests import SessionRequestQueries
from schema.integrity.standards import StandardQueries
from schema.integrity.types import (
    CoverageGap,
    Participation,
    ParticipationFilter,
    ParticipationRow,
    ParticipationTotals,
    Satisfaction,
    SatisfactionFilter,
)


def _session_id(value: strawberry.ID | None) -> int | None:
    if value is None:
        return None
    parsed = parse_global_id(value)
    if parsed is None or parsed[0] != "Session":
        raise BadRequest("`sessionId` is not the id of a Session.")
    return parsed[1]


def download_query(f: reports.ParticipationFilter) -> str:
    """The query string of a participation download (the web route reads it back)."""
    params = {"from": f.starts_on.isoformat(), "to": f.ends_on.isoformat()}
    if f.region_code:
        params["region"] = f.region_code
    if f.segment:
        params["segment"] = f.segment.value
    return urlencode(params)


@strawberry.type
class IntegrityQueries(StandardQueries, SessionRequestQueries):
    @strawberry.field(description="The satisfaction index (IKM, PermenPAN-RB 14/2017).")
    def satisfaction(self, info: strawberry.Info, filter: SatisfactionFilter) -> Satisfaction:
        figures = survey.satisfaction(info.context.db, info.context.principal,
                                      survey.SatisfactionFilter(
                                          service=filter.service,
                                          session_id=_session_id(filter.session_id),
                                          region_code=filter.region_code,
                                          starts_on=filter.from_, ends_on=filter.to))
        return Satisfaction.from_figures(figures)

    @strawberry.field(description="Participation by region, segment, gender and disability.")
    def participation(self, info: strawberry.Info,
                      filter: ParticipationFilter) -> Participation:
        flt = reports.ParticipationFilter(starts_on=filter.from_, ends_on=filter.to,
                                          region_code=filter.region_code,
                                          segment=filter.segment)
        db, principal = info.context.db, info.context.principal
        report = reports.participation(db, principal, flt)
        gaps = reports.coverage_gaps(db, principal, report)
        base = info.context.settings.public_url.rstrip("/") + "/laporan/partisipasi"
        query = download_query(flt)
        return Participation(
            totals=ParticipationTotals.from_totals(report.totals),
            rows=[ParticipationRow.from_row(r) for r in report.rows],
            coverage_gaps=[CoverageGap(region_code=c, segment=s) for c, s in gaps],
            csv_url=f"{base}.csv?{query}", xlsx_url=f"{base}.xlsx?{query}")

"""Queries of placements, internships, universities and service time."""

from __future__ import annotations

import datetime as dt

import strawberry

from edu.errors import UserError
from edu.internships import service as internships
from edu.internships import service_time
from schema.connections import Connection, connection, page_window, region_filter, search_text
from schema.errors import BadRequest
from schema.ids import decode_id
from schema.internships.inputs import InternshipFilter, PlacementFilter
from schema.internships.types import (
    Internship,
    MonthServiceTime,
    Placement,
    ServiceTime,
    University,
)


def _optional_id(value: strawberry.ID | None, type_name: str, field: str) -> int | None:
    return None if value is None else decode_id(value, type_name, field)


@strawberry.type
class InternshipQueries:
    @strawberry.field(description="Placements by start date; `open` ones have not ended.")
    def placements(self, info: strawberry.Info, filter: PlacementFilter | None = None,
                   first: int | None = None, after: str | None = None
                   ) -> Connection[Placement]:
        offset, limit = page_window(first, after)
        f = filter or PlacementFilter()
        total, rows = internships.list_placements(
            info.context.db,
            internships.PlacementFilter(open=f.open, region_code=region_filter(f.region_code),
                                        unit=f.unit, search=search_text(f.search)),
            offset, limit,
        )
        return connection(total, offset, rows, Placement.from_model)

    @strawberry.field(description="Internships the caller may see, newest application first "
                                  "(a coordinator: their own university's students).")
    def internships(self, info: strawberry.Info, filter: InternshipFilter | None = None,
                    first: int | None = None, after: str | None = None
                    ) -> Connection[Internship]:
        offset, limit = page_window(first, after)
        f = filter or InternshipFilter()
        try:
            flt = internships.InternshipFilter(
                placement_id=_optional_id(f.placement_id, "Placement", "placementId"),
                statuses=f.status or (),
                university_id=_optional_id(f.university_id, "University", "universityId"),
                search=search_text(f.search),
            )
        except UserError as err:
            raise BadRequest(err.problems[0].message) from None
        total, rows = internships.list_internships(
            info.context.db, info.context.principal, flt, offset, limit
        )
        return connection(total, offset, rows, Internship.from_model)

    @strawberry.field(description="Every university, by code.")
    def universities(self, info: strawberry.Info) -> list[University]:
        return [University.from_model(u) for u in internships.list_universities(info.context.db)]

    @strawberry.field(description="Service time of the decisions made from startsOn to endsOn "
                                  "(WITA days, both included) that the caller may see.")
    def internship_service_time(self, info: strawberry.Info, starts_on: dt.date,
                                ends_on: dt.date, region_code: str | None = None
                                ) -> ServiceTime:
        return ServiceTime.from_figures(service_time.period_service_time(
            info.context.db, info.context.principal, starts_on=starts_on, ends_on=ends_on,
            region_code=region_filter(region_code),
        ))

    @strawberry.field(description="Service time month by month (WITA) over a year's decisions.")
    def internship_service_time_by_month(self, info: strawberry.Info, year: int,
                                         region_code: str | None = None
                                         ) -> list[MonthServiceTime]:
        return [
            MonthServiceTime(month=m, service_time=ServiceTime.from_figures(f))
            for m, f in service_time.monthly_service_time(
                info.context.db, info.context.principal, year=year,
                region_code=region_filter(region_code))
        ]

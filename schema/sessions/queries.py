"""Queries of sessions."""

from __future__ import annotations

import strawberry

from edu.sessions import service as sessions
from schema.connections import Connection, connection, page_window, region_filter, search_text
from schema.sessions.inputs import SessionFilter
from schema.sessions.types import Facilitator, Session, expect_sessions


@strawberry.type
class SessionQueries:
    @strawberry.field(description="Sessions the caller may see (anonymous: published ones).")
    def sessions(self, info: strawberry.Info, filter: SessionFilter | None = None,
                 first: int | None = None, after: str | None = None) -> Connection[Session]:
        offset, limit = page_window(first, after)
        f = filter or SessionFilter()
        total, rows = sessions.list_sessions(
            info.context.db, info.context.principal,
            sessions.SessionFilter(
                region_code=region_filter(f.region_code), segment=f.segment, status=f.status,
                starts_from=f.starts_from, starts_before=f.starts_before,
                search=search_text(f.search),
            ),
            offset, limit,
        )
        expect_sessions(info, (r.id for r in rows))
        return connection(total, offset, rows, Session.from_model)

    @strawberry.field(description="Who a planner may assign to their sessions "
                                  "(assignFacilitator takes these ids).")
    def facilitators(self, info: strawberry.Info) -> list[Facilitator]:
        return [Facilitator.from_model(s)
                for s in sessions.list_facilitators(info.context.db, info.context.principal)]

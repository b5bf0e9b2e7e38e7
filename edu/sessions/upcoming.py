"""The public list of upcoming sessions (the site's home page): published, not yet started,
soonest first, by region (a province covers its kabupaten/kota) and segment.

The home page is the most requested page, so its statements are built once, with bound
parameters, and return plain rows (with EduSession's attribute names and `seats_left`) and
the total in one query.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Row, Select, bindparam, func, select
from sqlalchemy.orm import Session

from edu.db import UTCDateTime, utcnow
from edu.sessions.models import EduSession, Segment, SessionStatus

_COLUMNS = (
    EduSession.id, EduSession.title, EduSession.segment, EduSession.format,
    EduSession.venue_name, EduSession.venue_address, EduSession.online_url,
    EduSession.region_code, EduSession.starts_at, EduSession.ends_at, EduSession.capacity,
    EduSession.status,
)


@lru_cache(maxsize=4)
def _statement(region: bool, segment: bool) -> Select:
    seats = EduSession.capacity - EduSession.confirmed_count  # the CHECK keeps it >= 0
    conds = [EduSession.status == SessionStatus.PUBLISHED,
             EduSession.starts_at > bindparam("now", type_=UTCDateTime())]
    if region:
        # Codes come from the regions table (digits only), so no LIKE wildcard can slip in.
        conds.append(EduSession.region_code.startswith(bindparam("region")))
    if segment:
        conds.append(EduSession.segment == bindparam("segment", type_=EduSession.segment.type))
    return (select(*_COLUMNS, seats.label("seats_left"), func.count().over().label("total"))
            .where(*conds).order_by(EduSession.starts_at, EduSession.id)
            .offset(bindparam("offset")).limit(bindparam("limit")))


def upcoming_sessions(db: Session, *, region_code: str | None, segment: Segment | None,
                      offset: int, limit: int) -> tuple[int, list[Row]]:
    """One page of the upcoming public sessions and how many there are in all."""
    params: dict[str, object] = {"now": utcnow(), "offset": offset, "limit": limit}
    if region_code:
        params["region"] = region_code
    if segment:
        params["segment"] = segment
    rows = list(db.execute(_statement(bool(region_code), bool(segment)), params))
    if rows:
        return rows[0].total, rows
    if offset == 0:
        return 0, []
    # Paged past the end: count what there is, for the pager.
    total, _ = upcoming_sessions(db, region_code=region_code, segment=segment, offset=0,
                                 limit=1)
    return total, []

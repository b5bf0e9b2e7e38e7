"""Subscribe links of the public feeds and of the caller's own feed."""

from __future__ import annotations

import strawberry

from edu.calendar import service as cal
from edu.errors import UserError
from edu.participants.models import Participant
from scheduler.feeds.feeds import personal_title, public_title
from schema.calendar.types import CalendarLinks
from schema.enums import Segment
from schema.errors import BadRequest


@strawberry.type
class CalendarQueries:
    @strawberry.field(description="Subscribe links of the public feed of published sessions: "
                      "all, a region's (a province covers its kabupaten/kota), or one "
                      "office's own (`office`), optionally of one segment.")
    def calendar_feed(self, info: strawberry.Info, region: str | None = None,
                      segment: Segment | None = None, office: str | None = None) -> CalendarLinks:
        ctx = info.context
        try:
            scope = cal.public_scope(ctx.db, region=region, office=office,
                                     segment=segment.value if segment else None)
        except UserError as err:
            raise BadRequest(err.problems[0].message) from None
        return CalendarLinks.for_feed(public_title(ctx.settings, scope))

    @strawberry.field(description="Subscribe links of the caller's own secret feed (a "
                      "participant token); null while staff have revoked it.")
    def my_calendar(self, info: strawberry.Info) -> CalendarLinks | None:
        ctx = info.context
        participant = ctx.db.get(Participant, ctx.principal.require_participant())
        if participant is None or participant.calendar_revoked_at is not None:
            return None
        return CalendarLinks.for_feed(personal_title(ctx.settings, participant))

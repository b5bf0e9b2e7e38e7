"""Rotating (participant) and revoking (staff) the personal feed URL."""

from __future__ import annotations

from datetime import datetime

import strawberry

from edu.calendar import interns
from edu.calendar import service as cal
from scheduler.feeds.feeds import INTERN_FEED_NAME, FeedTitle, personal_title
from schema.calendar.types import CalendarLinks
from schema.errors import UserErrorType, mutate
from schema.ids import decode_id


@strawberry.type
class RotateCalendarUrlPayload:
    calendar_url: str | None = None
    links: CalendarLinks | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class InternCalendarUrlPayload:
    calendar_url: str | None = None
    links: CalendarLinks | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class RevokeCalendarUrlPayload:
    participant_id: strawberry.ID | None = None
    revoked_at: datetime | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class CalendarMutations:
    @strawberry.mutation(description="A new secret URL for your own feed; the old one stops "
                         "at once (also after staff revoked it).")
    def rotate_calendar_url(self, info: strawberry.Info) -> RotateCalendarUrlPayload:
        ctx = info.context

        def change(db):
            participant = cal.rotate_calendar_url(db, ctx.principal, ctx.settings.secret_key)
            return RotateCalendarUrlPayload(
                calendar_url=cal.calendar_url(ctx.settings, participant),
                links=CalendarLinks.for_feed(personal_title(ctx.settings, participant)),
            )

        return mutate(info, change, lambda e: RotateCalendarUrlPayload(user_errors=e))

    @strawberry.mutation(description="Staff: stop a participant's feed URL at once (audited).")
    def revoke_calendar_url(self, info: strawberry.Info,
                            participant_id: strawberry.ID) -> RevokeCalendarUrlPayload:
        ctx = info.context

        def change(db):
            pid = decode_id(participant_id, "Participant", "participantId")
            participant = cal.revoke_calendar_url(db, ctx.principal, pid)
            return RevokeCalendarUrlPayload(participant_id=participant_id,
                                            revoked_at=participant.calendar_revoked_at)

        return mutate(info, change, lambda e: RevokeCalendarUrlPayload(user_errors=e))

    @strawberry.mutation(description="The secret feed of an internship's student (placement "
                         "period and logged days), made on first use; `rotate: true` replaces "
                         "it and the old URL stops at once. For the student's coordinator and "
                         "the internship staff.")
    def intern_calendar_url(self, info: strawberry.Info, internship_id: strawberry.ID,
                            rotate: bool = False) -> InternCalendarUrlPayload:
        ctx = info.context

        def change(db):
            url = interns.issue_intern_calendar(
                db, ctx.principal, ctx.settings, rotate=rotate,
                internship_id=decode_id(internship_id, "Internship", "internshipId"))
            title = FeedTitle(INTERN_FEED_NAME, url)
            return InternCalendarUrlPayload(calendar_url=url, links=CalendarLinks.for_feed(title))

        return mutate(info, change, lambda e: InternCalendarUrlPayload(user_errors=e))

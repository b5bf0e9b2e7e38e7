"""Sessions, their facilitators, registrations and attendance."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import Row
from strawberry import relay

from edu.auth.models import Role, Staff
from edu.errors import NotFound
from edu.registrations import service as registrations
from edu.registrations.models import Registration as RegistrationModel
from edu.registrations.requests import Decoy
from edu.sessions import service as sessions
from edu.sessions.models import EduSession, seats_left
from schema.connections import Connection, connection, page_window
from schema.enums import (
    AttendanceStatus,
    Method,
    RegistrationStatus,
    Segment,
    SessionFormat,
    SessionStatus,
)
from schema.loaders import attendance_by_session, facilitators_by_session, sessions_by_id
from schema.offices.types import REGIONS, Region

if TYPE_CHECKING:
    from schema.participants.types import Participant


@strawberry.type
class Venue:
    name: str | None
    address: str | None


@strawberry.type
class Facilitator(relay.Node):
    """A staff member who runs sessions and checks people in."""

    id: relay.NodeID[int]
    full_name: str

    @classmethod
    def from_model(cls, s: Staff) -> Facilitator:
        return cls(id=s.id, full_name=s.full_name)

    @classmethod
    def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False):
        ctx = info.context
        ids = [int(i) for i in node_ids]
        visible = sessions.visible_staff(ctx.db, ctx.principal, ids)
        rows = {s.id: s for s in ctx.db.query(Staff).filter(Staff.id.in_(visible))}
        return [cls.from_model(rows[i]) if i in rows else None for i in ids]


@strawberry.type
class AttendanceSummary:
    present: int
    late: int
    excused: int
    absent: int
    unmarked: int


@strawberry.type
class Attendance:
    status: AttendanceStatus
    checked_in_at: datetime | None
    recorded_at: datetime | None


@strawberry.type
class Session(relay.Node):
    """A voter-education session."""

    id: relay.NodeID[int]
    title: str
    description: str
    status: SessionStatus
    segment: Segment
    format: SessionFormat
    method: Method | None
    program: str | None
    starts_at: datetime
    ends_at: datetime
    capacity: int
    confirmed_count: int
    waitlist_count: int
    seats_left: int
    venue: Venue | None
    online_url: str | None
    cancel_reason: str | None
    region: Region

    @classmethod
    def from_model(cls, s: EduSession | Row[Any]) -> Session:
        """From the model, or a row of sessions.show_session (the same names)."""
        return cls(
            id=s.id, title=s.title, description=s.description, status=s.status,
            segment=s.segment, format=s.format, method=s.method, program=s.program,
            starts_at=s.starts_at, ends_at=s.ends_at, capacity=s.capacity,
            confirmed_count=s.confirmed_count, waitlist_count=s.waitlist_count,
            seats_left=seats_left(s.capacity, s.confirmed_count),
            venue=Venue(name=s.venue_name, address=s.venue_address)
            if s.venue_name or s.venue_address else None,
            online_url=s.online_url, cancel_reason=s.cancel_reason, region=REGIONS[s.region_code],
        )

    @classmethod
    def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False):
        ctx = info.context
        out: list[Any] = []  # None where the caller may not see the node
        for i in node_ids:
            try:
                out.append(cls.from_model(sessions.show_session(ctx.db, ctx.principal, int(i))))
            except NotFound:
                out.append(None)
        return out

    # Both fields below are synchronous: the sessions they are asked of are expected in the
    # request's context (expect_sessions) and loaded in one query per field, as a DataLoader
    # would, without a coroutine per session.
    @strawberry.field(description="Who runs the session: for its planners, its facilitators "
                                  "and admins; an empty list for anyone else.")
    def facilitators(self, info: strawberry.Info) -> list[Facilitator]:
        who = info.context.principal
        staff = info.context.batched(facilitators_by_session, self.id)
        allowed = who.has_role(Role.ADMIN, *sessions.PLANNERS) and \
            who.covers_region(self.region.code)
        if not allowed and who.staff_id not in {s.id for s in staff}:
            return []
        return [Facilitator.from_model(s) for s in staff]

    @strawberry.field(description="Attendance of confirmed registrations; staff only.")
    def attendance_summary(self, info: strawberry.Info) -> AttendanceSummary | None:
        if not info.context.principal.is_staff:
            return None
        s = info.context.batched(attendance_by_session, self.id)
        return AttendanceSummary(present=s.present, late=s.late, excused=s.excused,
                                 absent=s.absent, unmarked=s.unmarked)

    @strawberry.field(description="The roster: for the session's planners and facilitators.")
    def registrations(self, info: strawberry.Info, first: int | None = None,
                      after: str | None = None) -> Connection[Registration]:
        offset, limit = page_window(first, after)
        total, rows = registrations.list_registrations(
            info.context.db, info.context.principal, self.id, offset, limit
        )
        return connection(total, offset, rows, lambda r: Registration.from_model(r, True))


def expect_sessions(info: Any, ids: Iterable[int]) -> None:
    """Sessions whose facilitators and attendance load together if any of them is asked."""
    ids = list(ids)
    for batch in (facilitators_by_session, attendance_by_session):
        info.context.expect(batch, ids)


@strawberry.type
class Registration(relay.Node):
    """A participant's place in a session (confirmed or waitlisted) and their attendance."""

    id: relay.NodeID[int]
    status: RegistrationStatus
    waitlist_position: int | None
    created_at: datetime
    session_id: strawberry.Private[int]
    participant_id: strawberry.Private[int]
    # Whether the caller may see who this is (the person themself, or staff in scope).
    personal: strawberry.Private[bool]
    model: strawberry.Private[RegistrationModel]
    # A booking that only looks made (an email on record without its token): shown from
    # what the caller typed and random codes, never from the database.
    decoy: strawberry.Private[Decoy | None] = None

    @classmethod
    def from_model(cls, r: RegistrationModel, personal: bool) -> Registration:
        return cls(id=r.id, status=r.status, waitlist_position=r.waitlist_position,
                   created_at=r.created_at, session_id=r.session_id,
                   participant_id=r.participant_id, personal=personal, model=r)

    @classmethod
    def from_decoy(cls, d: Decoy, personal: bool) -> Registration:
        shown = cls.from_model(d.registration, personal)
        shown.decoy = d
        return shown

    @classmethod
    def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False):
        ctx = info.context
        out: list[Any] = []  # None where the caller may not see the node
        for i in node_ids:
            try:
                reg = registrations.get_registration(ctx.db, ctx.principal, int(i))
                out.append(cls.from_model(reg, True))
            except NotFound:
                out.append(None)
        return out

    @strawberry.field
    async def session(self, info: strawberry.Info) -> Session:
        # Expected before the await: every registration of a list is here before the loader's
        # batch runs, so their sessions' fields load together.
        expect_sessions(info, [self.session_id])
        shown = Session.from_model(
            await info.context.loader(sessions_by_id).load(self.session_id))
        if self.decoy is not None:  # the counts a booking would have left
            shown.confirmed_count = self.decoy.confirmed_count
            shown.waitlist_count = self.decoy.waitlist_count
            shown.seats_left = seats_left(shown.capacity, shown.confirmed_count)
        return shown

    @strawberry.field
    async def participant(
        self, info: strawberry.Info
    ) -> Annotated[Participant, strawberry.lazy("schema.participants.types")] | None:
        from schema.participants.types import Participant, participant_loader

        if not self.personal:
            return None
        if self.decoy is not None:
            return Participant.from_model(self.decoy.participant, contact=True)
        person = await participant_loader(info).load(self.participant_id)
        return Participant.from_model(person, contact=True) if person else None

    @strawberry.field(description="The code on the ticket, for the person and staff only.")
    def ticket_code(self, info: strawberry.Info) -> str | None:
        if not self.personal:
            return None
        if self.decoy is not None:
            return self.decoy.ticket_code
        return registrations.ticket_code(info.context.settings.secret_key, self.session_id,
                                         self.participant_id)

    @strawberry.field
    def attendance(self) -> Attendance | None:
        r = self.model
        if not self.personal or r.attendance_status is None:
            return None
        return Attendance(status=r.attendance_status, checked_in_at=r.checked_in_at,
                          recorded_at=r.attendance_recorded_at)

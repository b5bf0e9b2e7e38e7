"""Universities, placements, internships, their logbook and evaluation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import strawberry
from strawberry import relay

from edu.errors import NotFound
from edu.internships import evaluation as evaluations
from edu.internships import logbook as logbooks
from edu.internships import service as internships
from edu.internships import service_time
from edu.internships.models import Evaluation as EvaluationModel
from edu.internships.models import Internship as InternshipModel
from edu.internships.models import InternshipStatus as _InternshipStatus
from edu.internships.models import InternshipTransition as TransitionModel
from edu.internships.models import LogbookEntry as EntryModel
from edu.internships.models import LogbookStatus as _LogbookStatus
from edu.internships.models import Placement as PlacementModel
from edu.internships.models import Student as StudentModel
from edu.universities.models import University as UniversityModel
from schema.certificates.types import Certificate, internship_certificate
from schema.connections import Connection, connection, page_window
from schema.enums import Gender
from schema.offices.types import REGIONS, Region

# The domain's enum classes themselves (a type checker sees classes), registered with
# strawberry as GraphQL enums.
InternshipStatus = _InternshipStatus
strawberry.enum(InternshipStatus, name="InternshipStatus")
LogbookStatus = _LogbookStatus
strawberry.enum(LogbookStatus, name="LogbookStatus")


MINUTES_PER_SKS = 45 * 60  # universities convert 45 hours of internship into 1 SKS


def hours(minutes: int) -> float:
    """Hours for display, to two decimals; the exact figure is the whole minutes."""
    return round(minutes / 60, 2)


# --- batch functions for DataLoaders (callers have already checked visibility) -------------


def evaluations_by_internship(db: Any, keys: Sequence[int]) -> list[EvaluationModel | None]:
    found = evaluations.evaluations_of(db, keys)
    return [found.get(k) for k in keys]


def logbooks_by_internship(db: Any, keys: Sequence[int]) -> list[list[EntryModel]]:
    found = logbooks.entries_of(db, keys)
    return [found[k] for k in keys]


def histories_by_internship(db: Any, keys: Sequence[int]) -> list[list[TransitionModel]]:
    found = internships.transitions(db, keys)
    return [found[k] for k in keys]


# --- types --------------------------------------------------------------------------------


@strawberry.type
class University(relay.Node):
    """A university that sends interns; coordinators' tokens are bound to one."""

    id: relay.NodeID[int]
    code: str
    name: str

    @classmethod
    def from_model(cls, u: UniversityModel) -> University:
        return cls(id=u.id, code=u.code, name=u.name)

    @classmethod
    def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False):
        db = info.context.db
        return [
            cls.from_model(u) if (u := db.get(UniversityModel, int(i))) else None
            for i in node_ids
        ]


@strawberry.type
class Supervisor:
    """The field supervisor (pembimbing lapangan) at the office."""

    full_name: str


@strawberry.type
class ServiceTime:
    """Service time from application to decision over the decided applications the caller
    may see: how many, and the median, mean and longest time."""

    decided: int
    median_seconds: float | None
    mean_seconds: float | None
    max_seconds: int | None

    @strawberry.field(description="The median in hours, to two decimals.")
    def median_hours(self) -> float | None:
        return None if self.median_seconds is None else round(self.median_seconds / 3600, 2)

    @classmethod
    def from_figures(cls, f: service_time.ServiceTime) -> ServiceTime:
        return cls(decided=f.decided, median_seconds=f.median_seconds,
                   mean_seconds=f.mean_seconds, max_seconds=f.max_seconds)


@strawberry.type
class MonthServiceTime:
    month: int
    service_time: ServiceTime


@strawberry.type
class Placement(relay.Node):
    """Internship seats a unit of an office offers for a period (a public offer)."""

    id: relay.NodeID[int]
    title: str
    unit: str
    description: str
    starts_on: dt.date
    ends_on: dt.date
    quota: int
    accepted_count: int
    seats_left: int
    required_hours: int
    is_open: bool
    region: Region
    supervisor: Supervisor | None

    @classmethod
    def from_model(cls, p: PlacementModel) -> Placement:
        return cls(
            id=p.id, title=p.title, unit=p.unit, description=p.description,
            starts_on=p.starts_on, ends_on=p.ends_on, quota=p.quota,
            accepted_count=p.accepted_count, seats_left=p.seats_left,
            required_hours=p.required_hours, is_open=p.is_open(internships.today()),
            region=REGIONS[p.region_code],
            supervisor=Supervisor(full_name=p.supervisor_name) if p.supervisor_name else None,
        )

    @classmethod
    def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False):
        out: list[Any] = []  # None where the caller may not see the node
        for i in node_ids:
            try:
                out.append(cls.from_model(internships.get_placement(info.context.db, int(i))))
            except NotFound:
                out.append(None)
        return out

    @strawberry.field(description="The applicants and interns the caller may see (a "
                                  "coordinator: their own university's).")
    def internships(self, info: strawberry.Info, status: list[InternshipStatus] | None = None,
                    first: int | None = None, after: str | None = None
                    ) -> Connection[Internship]:
        offset, limit = page_window(first, after)
        total, rows = internships.list_internships(
            info.context.db, info.context.principal,
            internships.InternshipFilter(placement_id=self.id, statuses=status or ()),
            offset, limit,
        )
        return connection(total, offset, rows, Internship.from_model)

    @strawberry.field(description="Service time of this placement's decisions.")
    def service_time(self, info: strawberry.Info) -> ServiceTime:
        return ServiceTime.from_figures(service_time.placement_service_time(
            info.context.db, info.context.principal, self.id))


@strawberry.type
class Student:
    """A university's student (personal data: only for their coordinator and the office)."""

    full_name: str
    email: str
    phone: str | None
    student_number: str
    study_program: str
    gender: Gender | None
    university: University

    @classmethod
    def from_model(cls, s: StudentModel) -> Student:
        return cls(full_name=s.full_name, email=s.email or "", phone=s.phone,  # "": erased
                   student_number=s.student_number, study_program=s.study_program,
                   gender=s.gender, university=University.from_model(s.university))


@strawberry.type
class LogbookEntry(relay.Node):
    """One day in the logbook; check-in and check-out are local office times (WITA)."""

    id: relay.NodeID[int]
    date: dt.date
    check_in: str
    check_out: str
    minutes: int
    hours: float
    activity: str
    status: LogbookStatus
    review_note: str | None
    reviewed_at: dt.datetime | None

    @classmethod
    def from_model(cls, e: EntryModel) -> LogbookEntry:
        return cls(id=e.id, date=e.day, check_in=logbooks.clock(e.check_in),
                   check_out=logbooks.clock(e.check_out), minutes=e.minutes,
                   hours=hours(e.minutes), activity=e.activity, status=e.status,
                   review_note=e.review_note, reviewed_at=e.reviewed_at)

    @classmethod
    def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False):
        out: list[Any] = []  # None where the caller may not see the node
        for i in node_ids:
            try:
                entry = logbooks.get_entry(info.context.db, info.context.principal, int(i))
                out.append(cls.from_model(entry))
            except NotFound:
                out.append(None)
        return out


@strawberry.type
class WeekHours:
    """Hours logged in one week (Monday to Sunday), returned days not counted."""

    week_start: dt.date
    minutes: int
    hours: float
    days: int


@strawberry.type
class Evaluation:
    score: float
    grade: str
    note: str | None
    evaluated_at: dt.datetime

    @classmethod
    def from_model(cls, e: EvaluationModel) -> Evaluation:
        return cls(score=float(e.score), grade=e.grade, note=e.note,
                   evaluated_at=e.evaluated_at)


@strawberry.type
class StatusChange:
    """One step of an internship's workflow: who moved it, when, and why."""

    from_status: InternshipStatus | None
    to_status: InternshipStatus
    at: dt.datetime
    by_name: str
    note: str | None


@strawberry.type
class Internship(relay.Node):
    """One student at one placement: APPLIED → ACCEPTED | REJECTED → ACTIVE → COMPLETED, or
    WITHDRAWN."""

    id: relay.NodeID[int]
    status: InternshipStatus
    applied_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str | None
    decision_letter_number: str | None
    started_at: dt.datetime | None
    completed_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    withdraw_reason: str | None
    request_letter_number: str | None
    campus_supervisor: str | None
    minutes_logged: int
    hours_logged: float = strawberry.field(
        description="Hours of the logbook days that count: pending and approved.")
    minutes_approved: int
    hours_approved: float = strawberry.field(
        description="Hours of the days the field supervisor approved: what meets "
                    "hoursRequired.")
    hours_required: int
    service_time_seconds: int | None
    student: Student
    placement: Placement

    @classmethod
    def from_model(cls, i: InternshipModel) -> Internship:
        return cls(
            id=i.id, status=i.status, applied_at=i.applied_at, decided_at=i.decided_at,
            decision_note=i.decision_note, decision_letter_number=i.decision_letter_number,
            started_at=i.started_at,
            completed_at=i.completed_at, withdrawn_at=i.withdrawn_at,
            withdraw_reason=i.withdraw_reason, request_letter_number=i.request_letter_number,
            campus_supervisor=i.campus_supervisor_name, minutes_logged=i.minutes_logged,
            hours_logged=hours(i.minutes_logged), minutes_approved=i.minutes_approved,
            hours_approved=hours(i.minutes_approved), hours_required=i.placement.required_hours,
            service_time_seconds=i.service_seconds, student=Student.from_model(i.student),
            placement=Placement.from_model(i.placement),
        )

    @classmethod
    def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False):
        out: list[Any] = []  # None where the caller may not see the node
        for i in node_ids:
            try:
                found = internships.get_internship(info.context.db, info.context.principal,
                                                   int(i))
                out.append(cls.from_model(found))
            except NotFound:
                out.append(None)
        return out

    @strawberry.field(description="Credits (SKS) the approved hours are worth at 45 hours "
                                  "an SKS, to two decimals (what the office vouches for).")
    def sks_equivalent(self) -> float:
        return round(self.minutes_approved / MINUTES_PER_SKS, 2)

    @strawberry.field(description="Service time (application to decision) in hours.")
    def service_time_hours(self) -> float | None:
        s = self.service_time_seconds
        return None if s is None else round(s / 3600, 2)

    @strawberry.field
    async def evaluation(self, info: strawberry.Info) -> Evaluation | None:
        found = await info.context.loader(evaluations_by_internship).load(self.id)
        return Evaluation.from_model(found) if found else None

    @strawberry.field(description="The daily logbook, by date.")
    async def logbook(self, info: strawberry.Info) -> list[LogbookEntry]:
        entries = await info.context.loader(logbooks_by_internship).load(self.id)
        return [LogbookEntry.from_model(e) for e in entries]

    @strawberry.field(description="Hours logged in each week, Monday first.")
    async def hours_per_week(self, info: strawberry.Info) -> list[WeekHours]:
        entries = await info.context.loader(logbooks_by_internship).load(self.id)
        return [WeekHours(week_start=w.week_start, minutes=w.minutes, hours=hours(w.minutes),
                          days=w.days) for w in logbooks.hours_per_week(entries)]

    @strawberry.field(description="Every status change, oldest first.")
    async def history(self, info: strawberry.Info) -> list[StatusChange]:
        rows = await info.context.loader(histories_by_internship).load(self.id)
        return [StatusChange(from_status=t.from_status, to_status=t.to_status, at=t.at,
                             by_name=t.by_name, note=t.note) for t in rows]

    @strawberry.field(description="The completion certificate, once issued.")
    async def certificate(self, info: strawberry.Info) -> Certificate | None:
        return await internship_certificate(
            info, self.id, completed=self.status == _InternshipStatus.COMPLETED)

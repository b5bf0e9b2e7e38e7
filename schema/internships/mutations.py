"""Mutations of coordinators and internship staff: placements, applications, decisions,
the logbook, evaluations and universities."""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from sqlalchemy.orm import Session

from edu.auth.principal import Principal
from edu.internships import evaluation as evaluations
from edu.internships import logbook as logbooks
from edu.internships import service as internships
from edu.internships.models import Internship as InternshipModel
from edu.internships.service import PlacementDraft, StudentDraft
from schema.errors import UserErrorType, mutate
from schema.ids import decode_id
from schema.internships.inputs import (
    ApplyInternsInput,
    CreatePlacementInput,
    CreateUniversityInput,
    DecideInternshipInput,
    EvaluateInternshipInput,
    InternshipDecision,
    LogbookReview,
    LogInternDayInput,
    ReviewLogbookEntryInput,
    UpdatePlacementInput,
    WithdrawInternshipInput,
)
from schema.internships.types import Internship, LogbookEntry, Placement, University


@strawberry.type
class UniversityPayload:
    university: University | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class PlacementPayload:
    placement: Placement | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class ApplyInternsPayload:
    internships: list[Internship] | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class InternshipPayload:
    internship: Internship | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


@strawberry.type
class LogbookPayload:
    entry: LogbookEntry | None = None
    internship: Internship | None = None
    user_errors: list[UserErrorType] = strawberry.field(default_factory=list)


def _draft(i: CreatePlacementInput) -> PlacementDraft:
    return PlacementDraft(
        title=i.title, unit=i.unit, region_code=i.region_code, starts_on=i.starts_on,
        ends_on=i.ends_on, quota=i.quota, required_hours=i.required_hours,
        supervisor_name=i.supervisor_name, description=i.description or "",
    )


def _internship_change(info: strawberry.Info,
                       change: Callable[[Session, Principal], InternshipModel]
                       ) -> InternshipPayload:
    return mutate(
        info,
        lambda db: InternshipPayload(
            internship=Internship.from_model(change(db, info.context.principal))),
        lambda errors: InternshipPayload(user_errors=errors),
    )


def _logbook_change(info: strawberry.Info, change) -> LogbookPayload:
    def run(db: Session) -> LogbookPayload:
        entry, internship = change(db, info.context.principal)
        return LogbookPayload(entry=LogbookEntry.from_model(entry),
                              internship=Internship.from_model(internship))

    return mutate(info, run, lambda errors: LogbookPayload(user_errors=errors))


@strawberry.type
class InternshipMutations:
    @strawberry.mutation(description="Add a university (ADMIN).")
    def create_university(self, info: strawberry.Info,
                          input: CreateUniversityInput) -> UniversityPayload:
        return mutate(
            info,
            lambda db: UniversityPayload(university=University.from_model(
                internships.create_university(db, info.context.principal, code=input.code,
                                              name=input.name))),
            lambda errors: UniversityPayload(user_errors=errors),
        )

    @strawberry.mutation(description="Offer internship seats in a unit of an office.")
    def create_placement(self, info: strawberry.Info,
                         input: CreatePlacementInput) -> PlacementPayload:
        return mutate(
            info,
            lambda db: PlacementPayload(placement=Placement.from_model(
                internships.create_placement(db, info.context.principal, _draft(input)))),
            lambda errors: PlacementPayload(user_errors=errors),
        )

    @strawberry.mutation(description="Change a placement; the quota stays at or above the "
                                     "seats already given.")
    def update_placement(self, info: strawberry.Info,
                         input: UpdatePlacementInput) -> PlacementPayload:
        return mutate(
            info,
            lambda db: PlacementPayload(placement=Placement.from_model(
                internships.update_placement(db, info.context.principal,
                                             decode_id(input.id, "Placement", "id"),
                                             _draft(input)))),
            lambda errors: PlacementPayload(user_errors=errors),
        )

    @strawberry.mutation(description="Apply for several students at once: all or nothing, "
                                     "every bad row reported as students.N.field.")
    def apply_interns(self, info: strawberry.Info,
                      input: ApplyInternsInput) -> ApplyInternsPayload:
        rows = [
            StudentDraft(full_name=s.full_name, email=s.email, student_number=s.student_number,
                         study_program=s.study_program, phone=s.phone, gender=s.gender)
            for s in input.students
        ]

        def change(db: Session) -> ApplyInternsPayload:
            university = (None if input.university_id is None
                          else decode_id(input.university_id, "University", "universityId"))
            created = internships.apply_interns(
                db, info.context.principal,
                placement_id=decode_id(input.placement_id, "Placement", "placementId"),
                students=rows, university_id=university, letter_number=input.letter_number,
                campus_supervisor=input.campus_supervisor,
            )
            return ApplyInternsPayload(internships=[Internship.from_model(i) for i in created])

        return mutate(info, change, lambda errors: ApplyInternsPayload(user_errors=errors))

    @strawberry.mutation(description="Accept (QUOTA_FULL when no seat is left) or reject "
                                     "(with a reason) an application.")
    def decide_internship(self, info: strawberry.Info,
                          input: DecideInternshipInput) -> InternshipPayload:
        return _internship_change(info, lambda db, who: internships.decide_internship(
            db, who, internship_id=decode_id(input.id, "Internship", "id"),
            accept=input.decision is InternshipDecision.ACCEPT, note=input.note,
            letter_number=input.letter_number))

    @strawberry.mutation(description="ACCEPTED → ACTIVE: the intern has reported (logging "
                                     "the first day does this too).")
    def start_internship(self, info: strawberry.Info, id: strawberry.ID) -> InternshipPayload:
        return _internship_change(info, lambda db, who: internships.start_internship(
            db, who, internship_id=decode_id(id, "Internship", "id")))

    @strawberry.mutation(description="Withdraw an application or an intern; a seat held is "
                                     "given back.")
    def withdraw_internship(self, info: strawberry.Info,
                            input: WithdrawInternshipInput) -> InternshipPayload:
        return _internship_change(info, lambda db, who: internships.withdraw_internship(
            db, who, internship_id=decode_id(input.id, "Internship", "id"),
            reason=input.reason))

    @strawberry.mutation(description="Log one day: checkOut after checkIn (at most "
                                     "EDU_MAX_DAILY_HOURS), inside the placement period, not "
                                     "ahead of today (WITA), once a day.")
    def log_intern_day(self, info: strawberry.Info, input: LogInternDayInput) -> LogbookPayload:
        return _logbook_change(info, lambda db, who: logbooks.log_intern_day(
            db, who, internship_id=decode_id(input.internship_id, "Internship", "internshipId"),
            draft=logbooks.DayDraft(day=input.date, check_in=input.check_in,
                                    check_out=input.check_out, activity=input.activity),
            max_daily_hours=info.context.settings.max_daily_hours))

    @strawberry.mutation(description="The field supervisor approves a day or returns it "
                                     "(with a note); a returned day stops counting until "
                                     "logged again.")
    def review_logbook_entry(self, info: strawberry.Info,
                             input: ReviewLogbookEntryInput) -> LogbookPayload:
        return _logbook_change(info, lambda db, who: logbooks.review_logbook_entry(
            db, who, entry_id=decode_id(input.id, "LogbookEntry", "id"),
            approve=input.decision is LogbookReview.APPROVE, note=input.note))

    @strawberry.mutation(description="The final score 0–100 and grade; completes the "
                                     "internship only when its approved hours are met "
                                     "(HOURS_NOT_MET).")
    def evaluate_internship(self, info: strawberry.Info,
                            input: EvaluateInternshipInput) -> InternshipPayload:
        return _internship_change(info, lambda db, who: evaluations.evaluate_internship(
            db, who, internship_id=decode_id(input.id, "Internship", "id"),
            score=input.score, note=input.note, bands=info.context.settings.grade_bands))

"""The rules of an internship's life: universities, placements, applications, decisions,
withdrawals, and who may see which internship."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from edu.audit import record, snapshot
from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.config import DISPLAY_TZ
from edu.db import changed_rows, utcnow
from edu.errors import NotFound, Problem, UserError
from edu.internships.models import (
    SEAT_HOLDING,
    Internship,
    InternshipStatus,
    InternshipTransition,
    Placement,
    Student,
)
from edu.notifications import outbox, webhooks
from edu.offices.models import Region
from edu.participants.models import Gender
from edu.universities.models import University
from edu.validation import (
    LONG_TEXT_LEN,
    NAME_LEN,
    NOTE_LEN,
    REASON_LEN,
    TITLE_LEN,
    email,
    phone,
    search,
    text,
)

OFFICERS = (Role.INTERNSHIP_OFFICER,)  # ADMIN always passes require_staff
READERS = (Role.INTERNSHIP_OFFICER, Role.UNIVERSITY_COORDINATOR)
MAX_APPLICANTS = 200
UNIVERSITY_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,31}$")
PLACEMENT_AUDITED = (
    "title", "unit", "region_code", "starts_on", "ends_on", "quota", "required_hours",
    "supervisor_name",
)


def require_region(principal: Principal, region_code: str) -> None:
    """Officers act within their region; one without a region acts for the whole commission."""
    if principal.role is Role.INTERNSHIP_OFFICER and principal.region_code is None:
        return
    principal.require_region(region_code)


def today(now: datetime | None = None) -> date:
    """The commission's calendar day (WITA)."""
    return (now or utcnow()).astimezone(ZoneInfo(DISPLAY_TZ)).date()


# --- universities -------------------------------------------------------------------------


def create_university(db: Session, principal: Principal, *, code: str, name: str) -> University:
    """Add a university (ADMIN only); its code is what coordinators' tokens are bound to."""
    principal.require_staff()
    code = (code or "").strip().upper()
    problems = text(name, "name", required=True, max_len=200)
    if not UNIVERSITY_CODE.match(code):
        problems.append(Problem(
            "INVALID", "code", "Use 2–32 letters, digits, '-' or '_' (e.g. UNRAM)."
        ))
    elif db.scalar(select(University.id).where(University.code == code)) is not None:
        problems.append(Problem("DUPLICATE", "code", f"University {code} already exists."))
    if problems:
        raise UserError.many(problems)
    university = University(code=code, name=name.strip())
    db.add(university)
    db.flush()
    record(db, principal, "university.create", university,
           after=snapshot(university, "code", "name"))
    return university


def rename_university(db: Session, principal: Principal, university_id: int, *,
                      name: str) -> University:
    """A university's new name (ADMIN only); its code stays, as tokens and commands use it."""
    principal.require_staff()
    university = get_university(db, university_id)
    problems = text(name, "name", required=True, max_len=200)
    if problems:
        raise UserError.many(problems)
    before = snapshot(university, "name")
    university.name = name.strip()
    record(db, principal, "university.rename", university, before=before,
           after=snapshot(university, "name"))
    return university


def get_university(db: Session, university_id: int) -> University:
    """One university by id (names and codes are public); NotFound when there is none."""
    university = db.get(University, university_id)
    if university is None:
        raise NotFound("id", "university")
    return university


def list_universities(db: Session) -> list[University]:
    """Every university, by code (names and codes are public)."""
    return list(db.scalars(select(University).order_by(University.code)))


# --- placements ---------------------------------------------------------------------------


@dataclass
class PlacementDraft:
    """What an internship officer fills in to offer seats in a unit."""

    title: str
    unit: str
    region_code: str
    starts_on: date
    ends_on: date
    quota: int
    required_hours: int
    supervisor_name: str | None = None
    description: str = ""


@dataclass
class PlacementFilter:
    open: bool | None = None
    region_code: str | None = None
    unit: str | None = None
    search: str | None = None


def _check_placement(db: Session, d: PlacementDraft) -> list[Problem]:
    problems = text(d.title, "title", required=True, max_len=TITLE_LEN)
    problems += text(d.unit, "unit", required=True, max_len=TITLE_LEN)
    problems += text(d.supervisor_name, "supervisorName", required=False, max_len=NAME_LEN)
    problems += text(d.description, "description", required=False, max_len=LONG_TEXT_LEN)
    if db.get(Region, d.region_code) is None:
        problems.append(
            Problem("UNKNOWN_REGION", "regionCode", f"Unknown region code {d.region_code!r}.")
        )
    if d.ends_on < d.starts_on:
        problems.append(
            Problem("INVALID_DATE_RANGE", "endsOn", "endsOn must not be before startsOn.")
        )
    if d.quota < 1:
        problems.append(Problem("INVALID_QUOTA", "quota", "The quota must be at least 1."))
    days = (d.ends_on - d.starts_on).days + 1
    if d.required_hours < 1:
        problems.append(Problem("INVALID", "requiredHours", "Required hours must be at least 1."))
    elif d.ends_on >= d.starts_on and d.required_hours > days * 24:
        problems.append(Problem(
            "INVALID", "requiredHours", f"{d.required_hours} hours do not fit in {days} days."
        ))
    return problems


def create_placement(db: Session, principal: Principal, draft: PlacementDraft) -> Placement:
    """Offer internship seats in a unit of an office the officer covers."""
    principal.require_staff(*OFFICERS)
    problems = _check_placement(db, draft)
    if problems:
        raise UserError.many(problems)
    require_region(principal, draft.region_code)
    placement = Placement(
        title=draft.title.strip(),
        unit=draft.unit.strip(),
        region_code=draft.region_code,
        starts_on=draft.starts_on,
        ends_on=draft.ends_on,
        quota=draft.quota,
        required_hours=draft.required_hours,
        supervisor_name=(draft.supervisor_name or "").strip() or None,
        description=(draft.description or "").strip(),
        created_by_id=principal.staff_id,
    )
    db.add(placement)
    db.flush()
    record(db, principal, "placement.create", placement,
           after=snapshot(placement, *PLACEMENT_AUDITED))
    return placement


def update_placement(db: Session, principal: Principal, placement_id: int,
                     draft: PlacementDraft) -> Placement:
    """Change a placement; the quota never drops below the seats already given."""
    principal.require_staff(*OFFICERS)
    placement = get_placement(db, placement_id, for_update=True)
    require_region(principal, placement.region_code)
    problems = _check_placement(db, draft)
    if draft.quota < placement.accepted_count:
        problems.append(Problem(
            "QUOTA_BELOW_ACCEPTED", "quota",
            f"{placement.accepted_count} interns are already accepted.",
        ))
    if problems:
        raise UserError.many(problems)
    require_region(principal, draft.region_code)
    before = snapshot(placement, *PLACEMENT_AUDITED)
    for key, value in vars(draft).items():
        setattr(placement, key, value.strip() if isinstance(value, str) else value)
    placement.supervisor_name = placement.supervisor_name or None
    db.flush()
    record(db, principal, "placement.update", placement, before=before,
           after=snapshot(placement, *PLACEMENT_AUDITED))
    return placement


def get_placement(db: Session, placement_id: int, *, field: str = "id",
                  for_update: bool = False) -> Placement:
    """A placement by id (placements are public offers)."""
    stmt = select(Placement).where(Placement.id == placement_id)
    if for_update:
        stmt = stmt.with_for_update(of=Placement).execution_options(populate_existing=True)
    placement = db.scalar(stmt)
    if placement is None:
        raise NotFound(field, "placement")
    return placement


def list_placements(db: Session, flt: PlacementFilter, offset: int, limit: int,
                    now: datetime | None = None) -> tuple[int, list[Placement]]:
    """One page of placements by start date, and the total; `open` means not yet ended."""
    problems = search(flt.unit, "filter.unit") + search(flt.search, "filter.search")
    problems += search(flt.region_code, "filter.regionCode")
    if problems:
        raise UserError.many(problems)
    stmt = select(Placement)
    if flt.open is not None:
        day = today(now)
        stmt = stmt.where(Placement.ends_on >= day if flt.open else Placement.ends_on < day)
    if flt.region_code:
        stmt = stmt.where(Placement.region_code.startswith(flt.region_code))
    if flt.unit and flt.unit.strip():
        stmt = stmt.where(Placement.unit.ilike(f"%{flt.unit.strip()}%"))
    if flt.search and flt.search.strip():
        stmt = stmt.where(Placement.title.ilike(f"%{flt.search.strip()}%"))
    total = db.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.scalars(
        stmt.order_by(Placement.starts_on, Placement.id).offset(offset).limit(limit)
    )
    return total, list(rows)


# --- who sees which internship ------------------------------------------------------------


def visible_internships(principal: Principal) -> Select[Internship]:
    """A coordinator's own university's internships; officers those of placements in their
    region (all without one); admins all. Anyone else is refused."""
    principal.require_staff(*READERS)
    stmt = select(Internship)
    if principal.role is Role.UNIVERSITY_COORDINATOR:
        stmt = stmt.where(Internship.student.has(Student.university_id == principal.university_id))
    elif principal.role is Role.INTERNSHIP_OFFICER and principal.region_code:
        stmt = stmt.where(
            Internship.placement.has(Placement.region_code.startswith(principal.region_code))
        )
    return stmt


def get_internship(db: Session, principal: Principal, internship_id: int, *,
                   field: str = "id", for_update: bool = False) -> Internship:
    """An internship the principal may see; another university's is NOT_FOUND, like a
    missing one. FOR UPDATE locks it (PostgreSQL) so status changes queue."""
    stmt = visible_internships(principal).where(Internship.id == internship_id)
    if for_update:
        stmt = stmt.with_for_update(of=Internship).execution_options(populate_existing=True)
    internship = db.scalar(stmt)
    if internship is None:
        raise NotFound(field, "internship")
    return internship


@dataclass
class InternshipFilter:
    placement_id: int | None = None
    statuses: Sequence[InternshipStatus] = ()
    university_id: int | None = None
    search: str | None = None


def list_internships(db: Session, principal: Principal, flt: InternshipFilter,
                     offset: int, limit: int) -> tuple[int, list[Internship]]:
    """One page of the internships the principal may see, newest application first."""
    problems = search(flt.search, "filter.search")
    if problems:
        raise UserError.many(problems)
    stmt = visible_internships(principal)
    if flt.placement_id is not None:
        stmt = stmt.where(Internship.placement_id == flt.placement_id)
    if flt.statuses:
        stmt = stmt.where(Internship.status.in_(list(flt.statuses)))
    if flt.university_id is not None:
        stmt = stmt.where(Internship.student.has(Student.university_id == flt.university_id))
    if flt.search and flt.search.strip():
        pattern = f"%{flt.search.strip()}%"
        stmt = stmt.where(Internship.student.has(
            Student.full_name.ilike(pattern) | Student.student_number.ilike(pattern)
        ))
    total = db.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.scalars(
        stmt.order_by(Internship.applied_at.desc(), Internship.id.desc())
        .offset(offset).limit(limit)
    )
    return total, list(rows)


def transitions(db: Session,
                internship_ids: Sequence[int]) -> dict[int, list[InternshipTransition]]:
    """The status history of each internship, oldest first (callers checked visibility)."""
    out: dict[int, list[InternshipTransition]] = {i: [] for i in internship_ids}
    rows = db.scalars(
        select(InternshipTransition)
        .where(InternshipTransition.internship_id.in_(list(internship_ids)))
        .order_by(InternshipTransition.at, InternshipTransition.id)
    )
    for row in rows:
        out[row.internship_id].append(row)
    return out


def move(db: Session, principal: Principal, internship: Internship, to: InternshipStatus,
         action: str, *, at: datetime, note: str | None = None) -> None:
    """Change the status and record the transition (who, when, why) and an audit event."""
    before = internship.status
    internship.status = to
    db.add(InternshipTransition(
        internship_id=internship.id, from_status=before, to_status=to, at=at,
        by_staff_id=principal.staff_id, by_name=principal.name, note=note,
    ))
    record(db, principal, action, internship, before={"status": before},
           after={"status": to, "note": note})


# --- applications -------------------------------------------------------------------------


@dataclass
class StudentDraft:
    """One row of a university's application letter."""

    full_name: str
    email: str
    student_number: str
    study_program: str
    phone: str | None = None
    gender: Gender | None = None


def _check_students(rows: Sequence[StudentDraft]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for n, row in enumerate(rows):
        at = f"students.{n}."
        problems += text(row.full_name, at + "fullName", required=True, max_len=160)
        problems += email(row.email, at + "email", required=True)
        problems += phone(row.phone, at + "phone")
        problems += text(row.study_program, at + "studyProgram", required=True, max_len=160)
        number_problems = text(row.student_number, at + "studentNumber", required=True,
                               max_len=32)
        problems += number_problems
        number = (row.student_number or "").strip().upper()
        if not number_problems and number in seen:
            problems.append(Problem(
                "DUPLICATE", at + "studentNumber", f"Student {number} appears twice."
            ))
        seen.add(number)
    return problems


def _university_of(db: Session, principal: Principal, university_id: int | None) -> int:
    """A coordinator applies for their own university; other staff name one."""
    if principal.role is Role.UNIVERSITY_COORDINATOR:
        if university_id is not None and university_id != principal.university_id:
            raise NotFound("universityId", "university")
        assert principal.university_id is not None
        return principal.university_id
    if university_id is None:
        raise UserError("REQUIRED", "universityId", "Name the university the students are from.")
    if db.get(University, university_id) is None:
        raise NotFound("universityId", "university")
    return university_id


def _sees_student(db: Session, principal: Principal, student: Student) -> bool:
    """Whether the caller already sees this student: their coordinator, an admin, or an
    officer who sees one of their internships."""
    if principal.role is Role.UNIVERSITY_COORDINATOR:
        return student.university_id == principal.university_id
    stmt = visible_internships(principal).where(Internship.student_id == student.id)
    return db.scalar(stmt.limit(1)) is not None


def _conflicts(row: StudentDraft, student: Student, at: str) -> list[Problem]:
    """Where a row differs from the student on record (optional fields left empty agree)."""
    given: dict[str, tuple[object, object]] = {
        "fullName": (" ".join(row.full_name.split()), " ".join(student.full_name.split())),
        "email": (row.email.strip().lower(), student.email),
        "studyProgram": (row.study_program.strip(), student.study_program),
    }
    if (row.phone or "").strip():
        given["phone"] = ((row.phone or "").strip(), student.phone)
    if row.gender is not None:
        given["gender"] = (row.gender, student.gender)
    return [
        Problem("STUDENT_DATA_CONFLICT", at + field,
                "Differs from this student's record, which an application does not change.")
        for field, (new, old) in given.items() if new != old
    ]


def apply_interns(db: Session, principal: Principal, *, placement_id: int,
                  students: Sequence[StudentDraft], university_id: int | None = None,
                  letter_number: str | None = None, campus_supervisor: str | None = None,
                  now: datetime | None = None) -> list[Internship]:
    """A university applies for several students at once (one request letter, one campus
    supervisor): all rows or none, and every bad row reported as `students.N.field`.
    A student on record is never changed: a row must agree with their record
    (STUDENT_DATA_CONFLICT), and one the caller cannot see is refused
    (STUDENT_NUMBER_IN_USE) whatever the row says."""
    principal.require_staff(Role.UNIVERSITY_COORDINATOR, *OFFICERS)
    now = now or utcnow()
    university = _university_of(db, principal, university_id)
    placement = get_placement(db, placement_id, field="placementId")
    if principal.role is not Role.UNIVERSITY_COORDINATOR:
        # Coordinators apply to any office's offer; officers act within their region.
        require_region(principal, placement.region_code)
    if not placement.is_open(today(now)):
        raise UserError("PLACEMENT_CLOSED", "placementId", "This placement's period has ended.")
    if not students:
        raise UserError("REQUIRED", "students", "List at least one student.")
    if len(students) > MAX_APPLICANTS:
        raise UserError("TOO_MANY", "students", f"At most {MAX_APPLICANTS} students at once.")
    problems = _check_students(students)
    problems += text(letter_number, "letterNumber", required=False, max_len=120)
    problems += text(campus_supervisor, "campusSupervisor", required=False, max_len=160)
    numbers = [(s.student_number or "").strip().upper() for s in students]
    known = {
        s.student_number: s
        for s in db.scalars(select(Student).where(
            Student.university_id == university, Student.student_number.in_(numbers)
        ))
    }
    applied = set(db.scalars(select(Internship.student_id).where(
        Internship.placement_id == placement_id,
        Internship.student_id.in_([s.id for s in known.values()]),
    )))
    for n, (row, number) in enumerate(zip(students, numbers, strict=True)):
        student = known.get(number)
        if student is None:
            continue
        if not _sees_student(db, principal, student):
            # Whatever the row says, the same answer: no oracle for another's details.
            problems.append(Problem(
                "STUDENT_NUMBER_IN_USE", f"students.{n}.studentNumber",
                f"Student {number} is on record already; their university's coordinator "
                "applies for them.",
            ))
        elif student.id in applied:
            problems.append(Problem(
                "ALREADY_APPLIED", f"students.{n}.studentNumber",
                f"Student {number} has already applied to this placement.",
            ))
        else:
            problems += _conflicts(row, student, f"students.{n}.")
    if problems:
        raise UserError.many(problems)

    internships = []
    for row, number in zip(students, numbers, strict=True):
        # An application never changes a student on record (their rows must agree with it).
        student = known.get(number) or Student(
            university_id=university, student_number=number, full_name=row.full_name.strip(),
            email=row.email.strip().lower(), phone=(row.phone or "").strip() or None,
            study_program=row.study_program.strip(), gender=row.gender,
        )
        db.add(student)
        internship = Internship(
            placement=placement, student=student, status=InternshipStatus.APPLIED,
            applied_at=now, applied_by_id=principal.staff_id,
            request_letter_number=(letter_number or "").strip() or None,
            campus_supervisor_name=(campus_supervisor or "").strip() or None,
        )
        db.add(internship)
        internships.append(internship)
    db.flush()
    for internship in internships:
        db.add(InternshipTransition(
            internship_id=internship.id, from_status=None, to_status=InternshipStatus.APPLIED,
            at=now, by_staff_id=principal.staff_id, by_name=principal.name,
        ))
        record(db, principal, "internship.apply", internship, after={
            "placement": placement.id, "student": internship.student.student_number,
            "university": university,
        })
    return internships


# --- decisions and seats ------------------------------------------------------------------


def _take_seat(db: Session, placement: Placement) -> None:
    """One seat, by a conditional UPDATE: of two officers accepting the last seat at once,
    exactly one changes a row; the CHECK accepted_count <= quota backs it up."""
    taken = changed_rows(db,
        update(Placement)
        .where(Placement.id == placement.id, Placement.accepted_count < Placement.quota)
        .values(accepted_count=Placement.accepted_count + 1)
        .execution_options(synchronize_session=False)
    )
    if taken != 1:
        raise UserError("QUOTA_FULL", "id", f"All {placement.quota} seats are taken.")
    db.refresh(placement)


def _free_seat(db: Session, placement: Placement) -> None:
    db.execute(
        update(Placement)
        .where(Placement.id == placement.id, Placement.accepted_count > 0)
        .values(accepted_count=Placement.accepted_count - 1)
        .execution_options(synchronize_session=False)
    )
    db.refresh(placement)


def decide_internship(db: Session, principal: Principal, *, internship_id: int, accept: bool,
                      note: str | None = None, letter_number: str | None = None,
                      now: datetime | None = None) -> Internship:
    """Accept (takes a seat, QUOTA_FULL when none is left) or reject (needs a reason) an
    application; the decision's time ends the service time."""
    principal.require_staff(*OFFICERS)
    now = now or utcnow()
    internship = get_internship(db, principal, internship_id, for_update=True)
    if internship.status is not InternshipStatus.APPLIED:
        raise UserError("ALREADY_DECIDED", "id",
                        f"This application is already {internship.status.value}.")
    note = (note or "").strip() or None
    problems = text(letter_number, "letterNumber", required=False, max_len=120)
    problems += text(note, "note", required=False, max_len=NOTE_LEN)
    if not accept and note is None:
        problems.append(Problem("REQUIRED", "note", "Give the reason for rejecting."))
    if problems:
        raise UserError.many(problems)
    if accept:
        _take_seat(db, internship.placement)
    internship.decided_at = now
    internship.decided_by_id = principal.staff_id
    internship.decision_note = note
    internship.decision_letter_number = (letter_number or "").strip() or None
    to = InternshipStatus.ACCEPTED if accept else InternshipStatus.REJECTED
    move(db, principal, internship, to, "internship.accept" if accept else "internship.reject",
         at=now, note=note)
    outbox.internship_decided(db, internship)
    webhooks.emit(db, "internship.decided", {"internship_id": internship.id})
    db.flush()
    return internship


def start_internship(db: Session, principal: Principal, *, internship_id: int,
                     now: datetime | None = None) -> Internship:
    """ACCEPTED → ACTIVE: the intern has reported to the office."""
    principal.require_staff(*READERS)
    internship = get_internship(db, principal, internship_id, for_update=True)
    if internship.status is not InternshipStatus.ACCEPTED:
        raise UserError("INVALID_STATUS", "id",
                        f"A {internship.status.value} internship cannot start.")
    mark_started(db, principal, internship, now or utcnow())
    return internship


def mark_started(db: Session, principal: Principal, internship: Internship, at: datetime) -> None:
    internship.started_at = at
    move(db, principal, internship, InternshipStatus.ACTIVE, "internship.start", at=at)
    db.flush()


def withdraw_internship(db: Session, principal: Principal, *, internship_id: int,
                        reason: str | None = None, now: datetime | None = None) -> Internship:
    """The university (or the office) withdraws an application or an intern; a held seat
    is given back."""
    principal.require_staff(*READERS)
    now = now or utcnow()
    internship = get_internship(db, principal, internship_id, for_update=True)
    allowed = (InternshipStatus.APPLIED, InternshipStatus.ACCEPTED, InternshipStatus.ACTIVE)
    if internship.status not in allowed:
        raise UserError("INVALID_STATUS", "id",
                        f"A {internship.status.value} internship cannot be withdrawn.")
    problems = text(reason, "reason", required=False, max_len=REASON_LEN)
    if problems:
        raise UserError.many(problems)
    if internship.status in SEAT_HOLDING:
        _free_seat(db, internship.placement)
    reason = (reason or "").strip() or None
    internship.withdrawn_at = now
    internship.withdraw_reason = reason
    move(db, principal, internship, InternshipStatus.WITHDRAWN, "internship.withdraw",
         at=now, note=reason)
    db.flush()
    return internship

"""Internship rules at the service level, on a real SQLite file and a throwaway PostgreSQL
database (tests/conftest.py): scoping, applications, decisions and quota under concurrent
acceptance, logbook, evaluation, service time."""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.auth.principal import ANONYMOUS, Principal
from edu.auth.service import authenticate, create_staff_token
from edu.db import Database
from edu.errors import Forbidden, NotFound, Unauthenticated, UserError
from edu.internships import evaluation, grades, logbook, service, service_time
from edu.internships.models import Internship, InternshipStatus, LogbookStatus, Placement
from edu.internships.service import InternshipFilter, PlacementDraft, StudentDraft

_seq = itertools.count(1)


def uniq(prefix: str) -> str:
    return f"{prefix}{next(_seq)}"


def staff(database: Database, role: Role, *, university: str | None = None,
          region: str | None = None) -> Principal:
    with database.transaction() as db:
        token = create_staff_token(db, role=role, name=uniq(f"{role.value.title()} "),
                                   region_code=region, university_code=university)
    with database.reader() as db:
        return authenticate(db, token)


@pytest.fixture
def admin(database: Database) -> Principal:
    return staff(database, Role.ADMIN)


@pytest.fixture
def officer(database: Database) -> Principal:
    return staff(database, Role.INTERNSHIP_OFFICER)


def university(database: Database, admin: Principal) -> str:
    code = uniq("U")
    with database.transaction() as db:
        service.create_university(db, admin, code=code, name=f"Universitas {code}")
    return code


def coordinator(database: Database, admin: Principal) -> Principal:
    return staff(database, Role.UNIVERSITY_COORDINATOR, university=university(database, admin))


def placement(database: Database, officer: Principal, **changes: object) -> Placement:
    fields = dict(
        title="Magang Pendidikan Pemilih", unit="Divisi Sosdiklih, Parmas dan SDM",
        region_code="5271", starts_on=date(2030, 2, 2), ends_on=date(2030, 3, 31), quota=3,
        required_hours=16, supervisor_name="Baiq Nurul Aini", description="Sosialisasi.",
    )
    fields.update(changes)
    with database.transaction() as db:
        draft = PlacementDraft(**fields)
        return service.create_placement(db, officer, draft)


def student(n: int, **changes: object) -> StudentDraft:
    fields = dict(full_name=f"Mahasiswa {n}", email=f"m{n}@student.example.ac.id",
                  student_number=f"F1{n:06d}", study_program="Ilmu Politik",
                  phone="+62 812 3456 7890")
    fields.update(changes)
    return StudentDraft(**fields)


def apply(database: Database, who: Principal, placement_id: int, count: int = 1,
          now: datetime | None = None) -> list[int]:
    base = next(_seq) * 100
    with database.transaction() as db:
        rows = service.apply_interns(
            db, who, placement_id=placement_id,
            students=[student(base + i) for i in range(count)], now=now,
        )
        return [r.id for r in rows]


def decide(database: Database, who: Principal, internship_id: int, accept: bool = True,
           note: str | None = "ok", now: datetime | None = None) -> Internship:
    with database.transaction() as db:
        return service.decide_internship(db, who, internship_id=internship_id, accept=accept,
                                         note=note, now=now)


# The placements here run in 2030; their days are logged as if from after them.
LATER = datetime(2030, 6, 1, 2, 0, tzinfo=UTC)


def log_day(database: Database, who: Principal, internship_id: int, day: date,
            check_in: str = "08:00", check_out: str = "16:00", activity: str = "Sosialisasi",
            now: datetime = LATER):
    with database.transaction() as db:
        return logbook.log_intern_day(
            db, who, internship_id=internship_id,
            draft=logbook.DayDraft(day, check_in, check_out, activity), now=now,
        )


def approve(database: Database, who: Principal, entry_id: int):
    with database.transaction() as db:
        return logbook.review_logbook_entry(db, who, entry_id=entry_id, approve=True)


def codes(err: pytest.ExceptionInfo[UserError]) -> set[tuple[str, str | None]]:
    return {(p.code, p.field) for p in err.value.problems}


# --- universities and placements ----------------------------------------------------------


def test_only_an_admin_creates_universities_with_valid_unique_codes(database, admin, officer):
    code = university(database, admin)
    with database.transaction() as db, pytest.raises(Forbidden):
        service.create_university(db, officer, code="UNIZAR", name="Universitas Islam Al-Azhar")
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.create_university(db, admin, code=code.lower(), name=" ")
    assert codes(err) == {("DUPLICATE", "code"), ("REQUIRED", "name")}
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.create_university(db, admin, code="a b", name="X")
    assert codes(err) == {("INVALID", "code")}


def test_placement_problems_are_reported_together(database, officer):
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.create_placement(db, officer, PlacementDraft(
            title="", unit="Divisi Teknis", region_code="9999", starts_on=date(2030, 3, 1),
            ends_on=date(2030, 2, 1), quota=0, required_hours=0,
        ))
    assert codes(err) == {
        ("REQUIRED", "title"), ("UNKNOWN_REGION", "regionCode"),
        ("INVALID_DATE_RANGE", "endsOn"), ("INVALID_QUOTA", "quota"),
        ("INVALID", "requiredHours"),
    }
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.create_placement(db, officer, PlacementDraft(
            title="Singkat", unit="Divisi Teknis", region_code="5271",
            starts_on=date(2030, 3, 1), ends_on=date(2030, 3, 1), quota=1, required_hours=25,
        ))
    assert codes(err) == {("INVALID", "requiredHours")}


def test_a_coordinator_or_regional_officer_cannot_offer_placements_elsewhere(database, admin):
    with pytest.raises(Forbidden):
        placement(database, coordinator(database, admin))
    bima = staff(database, Role.INTERNSHIP_OFFICER, region="5272")
    with pytest.raises(Forbidden):
        placement(database, bima, region_code="5271")
    assert placement(database, bima, region_code="5272").region_code == "5272"


def test_open_placements_are_those_whose_period_has_not_ended(database, officer):
    ended = placement(database, officer, starts_on=date(2020, 1, 1), ends_on=date(2020, 2, 1),
                      title=uniq("Lama "))
    running = placement(database, officer, title=uniq("Baru "))
    with database.reader() as db:
        _, open_rows = service.list_placements(db, service.PlacementFilter(open=True), 0, 1000)
        _, closed_rows = service.list_placements(db, service.PlacementFilter(open=False), 0, 1000)
    assert running.id in {p.id for p in open_rows} and ended.id not in {p.id for p in open_rows}
    assert ended.id in {p.id for p in closed_rows}


# --- applications -------------------------------------------------------------------------


def test_apply_is_all_or_nothing_and_reports_every_bad_row(database, admin, officer):
    coord = coordinator(database, admin)
    p = placement(database, officer)
    rows = [student(1), student(2, email="not-an-email", full_name=""), student(3),
            student(4, student_number="f1000001"), student(5, study_program=" ", phone="abc")]
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.apply_interns(db, coord, placement_id=p.id, students=rows)
    assert codes(err) == {
        ("INVALID_EMAIL", "students.1.email"), ("REQUIRED", "students.1.fullName"),
        ("DUPLICATE", "students.3.studentNumber"), ("REQUIRED", "students.4.studyProgram"),
        ("INVALID_PHONE", "students.4.phone"),
    }
    with database.reader() as db:
        assert service.list_internships(db, coord, InternshipFilter(), 0, 10)[0] == 0

    ids = apply(database, coord, p.id, 2)
    with database.reader() as db:
        total, listed = service.list_internships(db, coord, InternshipFilter(), 0, 10)
    assert total == 2 and {i.id for i in listed} == set(ids)
    assert all(i.status is InternshipStatus.APPLIED for i in listed)
    again = [student(9), student(0, student_number=listed[0].student.student_number)]
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.apply_interns(db, coord, placement_id=p.id, students=again)
    assert codes(err) == {("ALREADY_APPLIED", "students.1.studentNumber")}


def test_apply_refuses_closed_placements_and_strangers(database, admin, officer):
    coord = coordinator(database, admin)
    ended = placement(database, officer, starts_on=date(2020, 1, 1), ends_on=date(2020, 2, 1))
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.apply_interns(db, coord, placement_id=ended.id, students=[student(1)])
    assert codes(err) == {("PLACEMENT_CLOSED", "placementId")}
    with database.transaction() as db, pytest.raises(NotFound):
        service.apply_interns(db, coord, placement_id=10**9, students=[student(1)])
    with database.transaction() as db, pytest.raises(Unauthenticated):
        service.apply_interns(db, ANONYMOUS, placement_id=ended.id, students=[student(1)])
    facilitator = staff(database, Role.FACILITATOR, region="5271")
    with database.transaction() as db, pytest.raises(Forbidden):
        service.apply_interns(db, facilitator, placement_id=ended.id, students=[student(1)])


def test_a_coordinator_sees_and_touches_only_their_own_students(database, admin, officer):
    mine, theirs = coordinator(database, admin), coordinator(database, admin)
    p = placement(database, officer)
    my_id, = apply(database, mine, p.id)
    their_id, = apply(database, theirs, p.id)
    with database.reader() as db:
        assert [i.id for i in service.list_internships(db, mine, InternshipFilter(), 0, 50)[1]] \
            == [my_id]
        with pytest.raises(NotFound):
            service.get_internship(db, mine, their_id)
        with pytest.raises(NotFound):
            logbook.get_logbook(db, mine, their_id)
        assert service.get_internship(db, officer, their_id).id == their_id
    with database.transaction() as db, pytest.raises(NotFound):
        service.withdraw_internship(db, mine, internship_id=their_id)
    with database.transaction() as db, pytest.raises(Forbidden):
        service.decide_internship(db, mine, internship_id=my_id, accept=True)
    decide(database, officer, their_id)
    with database.transaction() as db, pytest.raises(NotFound):
        logbook.log_intern_day(db, mine, internship_id=their_id, draft=logbook.DayDraft(
            date(2030, 2, 3), "08:00", "12:00", "x"))
    with database.transaction() as db, pytest.raises(NotFound):
        service_time.placement_service_time(db, mine, 10**9)
    with database.reader() as db:
        assert service_time.placement_service_time(db, mine, p.id).decided == 0
        assert service_time.placement_service_time(db, theirs, p.id).decided == 1


def test_a_regional_officer_acts_only_on_placements_in_their_region(database, admin, officer):
    coord = coordinator(database, admin)
    bima = staff(database, Role.INTERNSHIP_OFFICER, region="5272")
    in_mataram, = apply(database, coord, placement(database, officer, region_code="5271").id)
    in_bima, = apply(database, coord, placement(database, officer, region_code="5272").id)
    with database.transaction() as db, pytest.raises(NotFound):
        service.decide_internship(db, bima, internship_id=in_mataram, accept=True)
    assert decide(database, bima, in_bima).status is InternshipStatus.ACCEPTED


# --- decisions ----------------------------------------------------------------------------


def test_decisions_record_who_and_when_and_refuse_twice(database, admin, officer):
    coord = coordinator(database, admin)
    a, b = apply(database, coord, placement(database, officer).id, 2)
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.decide_internship(db, officer, internship_id=b, accept=False, note=" ")
    assert codes(err) == {("REQUIRED", "note")}
    accepted = decide(database, officer, a, note="Surat 012/PP.08.1/5271/2030")
    rejected = decide(database, officer, b, accept=False, note="Kuota divisi penuh")
    assert accepted.status is InternshipStatus.ACCEPTED and accepted.decided_at is not None
    assert rejected.status is InternshipStatus.REJECTED
    assert rejected.decision_note == "Kuota divisi penuh"
    assert accepted.placement.accepted_count == 1 and accepted.placement.seats_left == 2
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.decide_internship(db, officer, internship_id=a, accept=False, note="x")
    assert codes(err) == {("ALREADY_DECIDED", "id")}
    with database.reader() as db:
        history = service.transitions(db, [a, b])
        events = list(db.scalars(select(AuditEvent).where(
            AuditEvent.entity_type == "Internship", AuditEvent.entity_id.in_([str(a), str(b)])
        )))
    assert [(t.from_status, t.to_status) for t in history[a]] == [
        (None, InternshipStatus.APPLIED), (InternshipStatus.APPLIED, InternshipStatus.ACCEPTED)
    ]
    assert history[a][1].by_staff_id == officer.staff_id and history[a][1].at is not None
    assert history[b][1].note == "Kuota divisi penuh"
    assert {e.action for e in events} == {"internship.apply", "internship.accept",
                                          "internship.reject"}


def test_quota_full_and_withdrawal_frees_a_seat(database, admin, officer):
    coord = coordinator(database, admin)
    p = placement(database, officer, quota=2)
    a, b, c = apply(database, coord, p.id, 3)
    decide(database, officer, a)
    decide(database, officer, b)
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.decide_internship(db, officer, internship_id=c, accept=True)
    assert codes(err) == {("QUOTA_FULL", "id")}
    with database.reader() as db:
        assert service.get_internship(db, officer, c).status is InternshipStatus.APPLIED
    with database.transaction() as db:
        gone = service.withdraw_internship(db, coord, internship_id=a, reason="Sakit")
        assert gone.status is InternshipStatus.WITHDRAWN and gone.placement.accepted_count == 1
    assert decide(database, officer, c).placement.accepted_count == 2
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.withdraw_internship(db, coord, internship_id=a)
    assert codes(err) == {("INVALID_STATUS", "id")}


def test_the_database_itself_refuses_an_over_full_placement(database, officer):
    p = placement(database, officer, quota=1)
    with pytest.raises(Exception, match="(?i)check|constraint"):
        with database.transaction() as db:
            db.execute(text("UPDATE placements SET accepted_count = 2 WHERE id = :id"),
                       {"id": p.id})


# --- logbook ------------------------------------------------------------------------------


def test_logbook_rules(database, admin, officer):
    coord = coordinator(database, admin)
    p = placement(database, officer, starts_on=date(2030, 2, 2), ends_on=date(2030, 2, 28))
    i, = apply(database, coord, p.id)
    with pytest.raises(UserError) as err:
        log_day(database, coord, i, date(2030, 2, 3))
    assert codes(err) == {("NOT_ACTIVE", "internshipId")}
    decide(database, officer, i)

    with pytest.raises(UserError) as err:
        log_day(database, coord, i, date(2030, 3, 1), "16:00", "08:00", activity=" ")
    assert codes(err) == {("OUTSIDE_PLACEMENT_PERIOD", "date"),
                          ("CHECKOUT_BEFORE_CHECKIN", "checkOut"), ("REQUIRED", "activity")}
    with pytest.raises(UserError) as err:
        log_day(database, coord, i, date(2030, 2, 1), "08:00", "08:00")
    assert codes(err) == {("OUTSIDE_PLACEMENT_PERIOD", "date"),
                          ("CHECKOUT_BEFORE_CHECKIN", "checkOut")}
    with pytest.raises(UserError) as err:
        log_day(database, coord, i, date(2030, 2, 3), "8", "24:00")
    assert codes(err) == {("INVALID_TIME", "checkIn"), ("INVALID_TIME", "checkOut")}

    entry, internship = log_day(database, coord, i, date(2030, 2, 2), "07:45", "16:05")
    assert entry.minutes == 500 and internship.minutes_logged == 500
    assert internship.status is InternshipStatus.ACTIVE and internship.started_at is not None
    with pytest.raises(UserError) as err:
        log_day(database, officer, i, date(2030, 2, 2), "09:00", "10:00")
    assert codes(err) == {("ALREADY_LOGGED", "date")}
    _, internship = log_day(database, officer, i, date(2030, 2, 28), "08:00", "08:01")
    assert internship.minutes_logged == 501
    with database.reader() as db:
        days = logbook.get_logbook(db, coord, i)
    assert [(d.day, d.minutes) for d in days] == [(date(2030, 2, 2), 500), (date(2030, 2, 28), 1)]


def test_returned_days_stop_counting_until_logged_again(database, admin, officer):
    coord = coordinator(database, admin)
    i, = apply(database, coord, placement(database, officer).id)
    decide(database, officer, i)
    first, _ = log_day(database, coord, i, date(2030, 2, 4), "08:00", "12:30")   # Monday
    log_day(database, coord, i, date(2030, 2, 6), "08:00", "10:00")
    log_day(database, coord, i, date(2030, 2, 11), "13:00", "14:00")               # next Monday
    with database.transaction() as db, pytest.raises(Forbidden):
        logbook.review_logbook_entry(db, coord, entry_id=first.id, approve=True)
    with database.transaction() as db, pytest.raises(UserError) as err:
        logbook.review_logbook_entry(db, officer, entry_id=first.id, approve=False)
    assert codes(err) == {("REQUIRED", "note")}
    with database.transaction() as db:
        entry, internship = logbook.review_logbook_entry(
            db, officer, entry_id=first.id, approve=False, note="Uraian kegiatan kurang jelas")
    assert entry.status is LogbookStatus.RETURNED and internship.minutes_logged == 180
    with database.reader() as db:
        weeks = logbook.hours_per_week(logbook.get_logbook(db, coord, i))
    assert [(w.week_start, w.minutes, w.days) for w in weeks] == [
        (date(2030, 2, 4), 120, 1), (date(2030, 2, 11), 60, 1)]
    entry, internship = log_day(database, coord, i, date(2030, 2, 4), "08:00", "12:00",
                                activity="Menyusun bahan sosialisasi pemilih pemula")
    assert entry.id == first.id and entry.status is LogbookStatus.PENDING
    assert internship.minutes_logged == 420
    with database.transaction() as db:
        entry, internship = logbook.review_logbook_entry(db, officer, entry_id=first.id,
                                                         approve=True)
    assert entry.status is LogbookStatus.APPROVED and internship.minutes_logged == 420
    other = coordinator(database, admin)
    with database.reader() as db, pytest.raises(NotFound):
        logbook.get_entry(db, other, first.id)


# --- evaluation ---------------------------------------------------------------------------


def test_grades_follow_the_bands_and_bands_are_configurable():
    grade = grades.grade_for
    cases = {"100": "A", "85": "A", "84.99": "B", "70": "B", "69.99": "C", "55": "C",
             "54.99": "D", "40": "D", "39.99": "E", "0": "E"}
    assert {s: grade(Decimal(s)) for s in cases} == cases
    bands = grades.parse_bands("E:0, C:60, A:80, B:70, D:50")
    assert grade(Decimal("79.99"), bands) == "B" and grade(Decimal("80"), bands) == "A"
    for bad in ("A:85,B:70", "A:85,B:x,E:0", ":85,E:0"):
        with pytest.raises(ValueError):
            grades.parse_bands(bad)


def test_evaluation_completes_only_when_hours_are_met(database, admin, officer):
    coord = coordinator(database, admin)
    i, = apply(database, coord, placement(database, officer, required_hours=16).id)
    decide(database, officer, i)
    days = [log_day(database, coord, i, date(2030, 2, 3), "08:00", "16:00")[0],
            log_day(database, coord, i, date(2030, 2, 4), "08:00", "15:59")[0]]
    for day in days:
        approve(database, officer, day.id)

    def evaluate(score: object, who: Principal = officer, note: str | None = "Baik"):
        with database.transaction() as db:
            return evaluation.evaluate_internship(db, who, internship_id=i, score=score, note=note)

    with pytest.raises(UserError) as err:
        evaluate(90)
    assert codes(err) == {("HOURS_NOT_MET", "id")} and "15h59m of 16" in err.value.args[0]
    with pytest.raises(Forbidden):
        evaluate(90, coord)
    last, _ = log_day(database, coord, i, date(2030, 2, 5), "08:00", "08:01")
    approve(database, officer, last.id)
    for bad in (101, -1, "84.999", float("nan")):
        with pytest.raises(UserError) as err:
            evaluate(bad)
        assert codes(err) == {("INVALID_SCORE", "score")}
    done = evaluate(84.99)
    assert done.status is InternshipStatus.COMPLETED and done.completed_at is not None
    with database.reader() as db:
        result = evaluation.evaluations_of(db, [i])[i]
    assert (result.score, result.grade, result.note) == (Decimal("84.99"), "B", "Baik")
    with pytest.raises(UserError) as err:
        evaluate(90)
    assert codes(err) == {("ALREADY_EVALUATED", "id")}
    with pytest.raises(UserError) as err:
        log_day(database, coord, i, date(2030, 2, 6))
    assert codes(err) == {("NOT_ACTIVE", "internshipId")}


# --- service time -------------------------------------------------------------------------


def test_service_time_per_internship_placement_and_period(database, admin, officer):
    coord = coordinator(database, admin)
    p = placement(database, officer, quota=5)
    applied = datetime(2030, 1, 6, 1, 0, tzinfo=UTC)          # 09:00 WITA
    ids = apply(database, coord, p.id, 4, now=applied)
    hours = [2, 30, 4]                                          # the fourth stays undecided
    for internship_id, h in zip(ids, hours, strict=False):
        decide(database, officer, internship_id, now=applied + timedelta(hours=h))
    with database.reader() as db:
        per = [service.get_internship(db, officer, i).service_seconds for i in ids]
        figures = service_time.placement_service_time(db, officer, p.id)
        # decisions on 6 Jan (WITA) are the 2 h and 4 h ones; the 30 h one falls on 7 Jan
        day6 = service_time.period_service_time(db, officer, starts_on=date(2030, 1, 6),
                                                ends_on=date(2030, 1, 6))
        both = service_time.period_service_time(db, coord, starts_on=date(2030, 1, 6),
                                                ends_on=date(2030, 1, 7), region_code="5271")
        elsewhere = service_time.period_service_time(db, officer, starts_on=date(2030, 1, 6),
                                                     ends_on=date(2030, 1, 7),
                                                     region_code="5272")
    assert per == [7200, 108000, 14400, None]
    assert figures == service_time.ServiceTime(3, 14400.0, 43200.0, 108000)
    assert (day6.decided, day6.median_seconds) == (2, 10800.0)
    assert (both.decided, both.median_seconds) == (3, 14400.0)
    assert elsewhere.decided == 0 and elsewhere.median_seconds is None
    with database.reader() as db:
        months = dict(service_time.monthly_service_time(db, officer, year=2030))
    assert sorted(months) == list(range(1, 13))
    assert months[1] == figures and months[2].decided == 0


# --- concurrency --------------------------------------------------------------------------


def _race(database: Database, calls: list[tuple[Principal, int, bool]]) -> list[str]:
    """Run the decisions at once, each thread in its own session; each one's outcome."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = [""] * len(calls)

    def run(n: int, who: Principal, internship_id: int, accept: bool) -> None:
        barrier.wait()
        try:
            with database.transaction() as db:
                service.decide_internship(db, who, internship_id=internship_id, accept=accept,
                                          note="serentak")
            outcomes[n] = "ACCEPTED" if accept else "REJECTED"
        except UserError as err:
            outcomes[n] = err.problems[0].code

    threads = [threading.Thread(target=run, args=(n, *call)) for n, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_concurrent_acceptances_never_exceed_the_quota(database, admin, officer):
    coord = coordinator(database, admin)
    p = placement(database, officer, quota=3)
    ids = apply(database, coord, p.id, 12)
    officers = [officer, admin, staff(database, Role.INTERNSHIP_OFFICER)]
    outcomes = _race(database, [(officers[n % 3], i, True) for n, i in enumerate(ids)])
    assert sorted(outcomes) == ["ACCEPTED"] * 3 + ["QUOTA_FULL"] * 9
    with database.reader() as db:
        assert db.get(Placement, p.id).accepted_count == 3
        accepted = db.scalar(select(func.count()).where(
            Internship.placement_id == p.id, Internship.status == InternshipStatus.ACCEPTED))
    assert accepted == 3


def test_two_officers_deciding_one_application_at_once_decide_it_once(database, admin, officer):
    coord = coordinator(database, admin)
    p = placement(database, officer, quota=5)
    ids = apply(database, coord, p.id, 4)
    calls = [(who, i, accept) for i in ids for who, accept in ((officer, True), (admin, False))]
    outcomes = _race(database, calls)
    for n in range(0, len(calls), 2):
        assert sorted(outcomes[n:n + 2]) in (["ACCEPTED", "ALREADY_DECIDED"],
                                             ["ALREADY_DECIDED", "REJECTED"])
    with database.reader() as db:
        assert db.get(Placement, p.id).accepted_count == outcomes.count("ACCEPTED")


def test_concurrent_logging_keeps_the_total_exact(database, admin, officer):
    coord = coordinator(database, admin)
    i, = apply(database, coord, placement(database, officer).id)
    decide(database, officer, i)
    days = [date(2030, 2, 2) + timedelta(days=n) for n in range(10)]
    # Every day twice at once, by the coordinator and by the officer: one of each pair wins.
    calls = [(who, d) for d in days for who in (coord, officer)]
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = [""] * len(calls)

    def run(n: int, who: Principal, on: date) -> None:
        barrier.wait()
        try:
            log_day(database, who, i, on, "08:00", f"{9 + n % 2}:00")
            outcomes[n] = "LOGGED"
        except UserError as err:
            outcomes[n] = err.problems[0].code

    threads = [threading.Thread(target=run, args=(n, *c)) for n, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ALREADY_LOGGED"] * 10 + ["LOGGED"] * 10
    with database.reader() as db:
        entries = logbook.get_logbook(db, officer, i)
        internship = service.get_internship(db, officer, i)
    assert len(entries) == 10
    assert internship.minutes_logged == sum(e.minutes for e in entries)
    assert internship.status is InternshipStatus.ACTIVE


def test_update_placement_keeps_the_quota_above_accepted_seats(database, admin, officer):
    coord = coordinator(database, admin)
    p = placement(database, officer, quota=3)
    a, b = apply(database, coord, p.id, 2)
    decide(database, officer, a)
    decide(database, officer, b)
    changed = dict(title="Magang Data Pemilih", unit="Divisi Data", region_code="5271",
                   starts_on=date(2030, 2, 2), ends_on=date(2030, 4, 30), quota=1,
                   required_hours=20, supervisor_name=" ")
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.update_placement(db, officer, p.id, PlacementDraft(**changed))
    assert codes(err) == {("QUOTA_BELOW_ACCEPTED", "quota")}
    with database.transaction() as db:
        updated = service.update_placement(db, officer, p.id,
                                           PlacementDraft(**{**changed, "quota": 2}))
    assert (updated.title, updated.quota, updated.seats_left, updated.supervisor_name) == (
        "Magang Data Pemilih", 2, 0, None)
    with database.transaction() as db, pytest.raises(Forbidden):
        service.update_placement(db, coord, p.id, PlacementDraft(**changed))
    with database.reader() as db:
        actions = set(db.scalars(select(AuditEvent.action).where(
            AuditEvent.entity_type == "Placement", AuditEvent.entity_id == str(p.id))))
    assert actions == {"placement.create", "placement.update"}


def test_start_moves_an_accepted_intern_to_active_once(database, admin, officer):
    coord = coordinator(database, admin)
    a, b = apply(database, coord, placement(database, officer).id, 2)
    decide(database, officer, a)
    with database.transaction() as db:
        started = service.start_internship(db, coord, internship_id=a)
    assert started.status is InternshipStatus.ACTIVE and started.started_at is not None
    for internship_id in (a, b):
        with database.transaction() as db, pytest.raises(UserError) as err:
            service.start_internship(db, officer, internship_id=internship_id)
        assert codes(err) == {("INVALID_STATUS", "id")}


def test_clock_times_are_24_hour_hh_mm():
    from datetime import time

    assert logbook.parse_clock("08:05", "checkIn") == (time(8, 5), [])
    assert logbook.parse_clock(" 8:05 ", "checkIn") == (time(8, 5), [])
    assert logbook.parse_clock("23:59", "checkOut") == (time(23, 59), [])
    for bad in ("24:00", "8.05", "0805", "08:60", "", None, "8:5"):
        value, problems = logbook.parse_clock(bad, "checkIn")
        assert value is None and [(p.code, p.field) for p in problems] == [
            ("INVALID_TIME", "checkIn")]


def test_commission_staff_apply_for_a_named_university(database, admin, officer):
    p = placement(database, officer)
    code = university(database, admin)
    with database.reader() as db:
        uni = next(u for u in service.list_universities(db) if u.code == code)
    with database.transaction() as db, pytest.raises(UserError) as err:
        service.apply_interns(db, officer, placement_id=p.id, students=[student(1)])
    assert codes(err) == {("REQUIRED", "universityId")}
    with database.transaction() as db, pytest.raises(NotFound):
        service.apply_interns(db, officer, placement_id=p.id, students=[student(1)],
                              university_id=10**9)
    coord = coordinator(database, admin)
    with database.transaction() as db, pytest.raises(NotFound):
        service.apply_interns(db, coord, placement_id=p.id, students=[student(1)],
                              university_id=uni.id)
    with database.transaction() as db:
        made, = service.apply_interns(db, officer, placement_id=p.id, students=[student(1)],
                                      university_id=uni.id, letter_number=" 12/UN/2030 ")
        assert (made.student.university.code, made.request_letter_number) == (code, "12/UN/2030")


def test_no_future_days_and_a_daily_maximum(database, admin, officer):
    coord = coordinator(database, admin)
    i, = apply(database, coord, placement(database, officer).id)
    decide(database, officer, i)
    monday = datetime(2030, 2, 4, 1, 0, tzinfo=UTC)  # 09.00 WITA
    with pytest.raises(UserError) as err:
        log_day(database, coord, i, date(2030, 2, 5), now=monday)
    assert codes(err) == {("FUTURE_DATE", "date")}
    # Today (WITA) may be logged, even before midnight UTC has come round.
    late_evening = datetime(2030, 2, 4, 16, 30, tzinfo=UTC)  # 00.30 WITA on the 5th
    log_day(database, coord, i, date(2030, 2, 5), now=late_evening)
    with pytest.raises(UserError) as err:
        log_day(database, coord, i, date(2030, 2, 4), "00:01", "23:59", now=monday)
    assert codes(err) == {("TOO_MANY_HOURS", "checkOut")}
    with database.transaction() as db, pytest.raises(UserError) as err:
        logbook.log_intern_day(db, coord, internship_id=i, max_daily_hours=8, draft=(
            logbook.DayDraft(date(2030, 2, 4), "08:00", "16:01", "Sosialisasi")), now=LATER)
    assert codes(err) == {("TOO_MANY_HOURS", "checkOut")}
    _, internship = log_day(database, coord, i, date(2030, 2, 4), "07:00", "19:00", now=monday)
    assert internship.minutes_logged == 8 * 60 + 12 * 60


def test_only_approved_days_meet_the_required_hours(database, admin, officer):
    coord = coordinator(database, admin)
    i, = apply(database, coord, placement(database, officer, required_hours=16).id)
    decide(database, officer, i)
    first, _ = log_day(database, coord, i, date(2030, 2, 4), "08:00", "16:00")
    second, internship = log_day(database, coord, i, date(2030, 2, 5), "08:00", "16:00")
    assert (internship.minutes_logged, internship.minutes_approved) == (960, 0)

    def evaluate():
        with database.transaction() as db:
            return evaluation.evaluate_internship(db, officer, internship_id=i, score=80)

    with pytest.raises(UserError) as err:
        evaluate()
    assert codes(err) == {("HOURS_NOT_MET", "id")} and "0h of 16" in err.value.args[0]
    _, internship = approve(database, officer, first.id)
    assert (internship.minutes_logged, internship.minutes_approved) == (960, 480)
    with database.transaction() as db:  # approved, then returned after all
        _, internship = logbook.review_logbook_entry(db, officer, entry_id=first.id,
                                                     approve=False, note="Tanpa paraf")
    assert (internship.minutes_logged, internship.minutes_approved) == (480, 0)
    log_day(database, coord, i, date(2030, 2, 4), "08:00", "16:00")
    approve(database, officer, first.id)
    with pytest.raises(UserError) as err:
        evaluate()
    assert codes(err) == {("HOURS_NOT_MET", "id")}
    _, internship = approve(database, officer, second.id)
    assert (internship.minutes_logged, internship.minutes_approved) == (960, 960)
    assert evaluate().status is InternshipStatus.COMPLETED

"""Service standards per office, cuti bersama days, the share within the standard, the breaches
and the queue of waiting applications."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.db import Database
from edu.errors import Forbidden, UserError
from edu.integrity import standards
from edu.integrity.models import SurveyService
from edu.internships.models import Internship, InternshipStatus
from tests.edu.certificates_factory import placement_with, staff

INTERNSHIP = SurveyService.INTERNSHIP


def _wita(y: int, m: int, d: int, hour: int = 9) -> datetime:
    return datetime(y, m, d, hour - 8, tzinfo=UTC)


def test_an_office_standard_falls_back_to_its_province_then_the_default(
        database: Database) -> None:
    admin = staff(database, Role.ADMIN)
    with database.transaction() as db:
        assert standards.standard_days(db, "5271", INTERNSHIP) == 10
        standards.set_service_standard(db, admin, region_code="52", service=INTERNSHIP,
                                       working_days=7)
        standards.set_service_standard(db, admin, region_code="5272", service=INTERNSHIP,
                                       working_days=3)
    with database.reader() as db:
        assert standards.standard_days(db, "5271", INTERNSHIP) == 7
        assert standards.standard_days(db, "5272", INTERNSHIP) == 3
        assert standards.standards(db, "5272")[SurveyService.VOTER_EDUCATION] == 5
        actions = db.scalars(select(AuditEvent.action)).all()
    assert actions.count("service_standard.set") == 2


def test_who_may_set_a_standard(database: Database) -> None:
    mataram = staff(database, Role.INTERNSHIP_OFFICER, region="5271")
    educator = staff(database, Role.EDUCATION_OFFICER, region="52")
    with pytest.raises(Forbidden), database.transaction() as db:
        standards.set_service_standard(db, mataram, region_code="5272", service=INTERNSHIP,
                                       working_days=3)
    with pytest.raises(Forbidden), database.transaction() as db:
        standards.set_service_standard(db, educator, region_code="5271", service=INTERNSHIP,
                                       working_days=3)
    with pytest.raises(UserError) as caught, database.transaction() as db:
        standards.set_service_standard(db, mataram, region_code="5271", service=INTERNSHIP,
                                       working_days=0)
    assert caught.value.problems[0].code == "INVALID_WORKING_DAYS"


def test_cuti_bersama_days_are_added_once_by_an_admin(database: Database) -> None:
    admin = staff(database, Role.ADMIN)
    officer = staff(database, Role.INTERNSHIP_OFFICER, region="52")
    with pytest.raises(Forbidden), database.transaction() as db:
        standards.add_collective_leave_day(db, officer, day=date(2026, 12, 24),
                                           name="Cuti bersama Natal")
    with database.transaction() as db:
        standards.add_collective_leave_day(db, admin, day=date(2026, 12, 24),
                                           name="Cuti bersama Natal")
    with pytest.raises(UserError) as caught, database.transaction() as db:
        standards.add_collective_leave_day(db, admin, day=date(2026, 12, 24), name="Lagi")
    assert caught.value.problems[0].code == "ALREADY_ADDED"


def test_decisions_against_the_standard_with_holidays(database: Database) -> None:
    admin = staff(database, Role.ADMIN)
    _, ids = placement_with(database, [InternshipStatus.ACCEPTED] * 3)
    # Applied Wednesday 23 December; decided Monday 28 (Christmas, a weekend and the cuti
    # bersama day between: 1 working day), Wednesday 30 (3), Monday 4 January (28, 29, 30,
    # 31 December and 4 January: 5, the New Year's Day and a weekend skipped).
    decided = [_wita(2026, 12, 28), _wita(2026, 12, 30), _wita(2027, 1, 4)]
    with database.transaction() as db:
        for iid, at in zip(ids, decided, strict=True):
            db.execute(update(Internship).where(Internship.id == iid)
                       .values(applied_at=_wita(2026, 12, 23), decided_at=at))
        standards.add_collective_leave_day(db, admin, day=date(2026, 12, 24),
                                           name="Cuti bersama Natal")
        standards.set_service_standard(db, admin, region_code="5271", service=INTERNSHIP,
                                       working_days=3)
    officer = staff(database, Role.INTERNSHIP_OFFICER, region="52")
    with database.reader() as db:
        report = standards.standard_report(db, officer, starts_on=date(2026, 12, 1),
                                           ends_on=date(2027, 1, 31))
    assert [d.working_days for d in report.decisions] == [1, 3, 5]
    assert report.within == 2 and report.share_within == 0.6667
    (breach,) = report.breaches
    assert breach.internship_id == ids[2] and breach.late_by == 2


def test_the_queue_flags_what_is_about_to_breach(database: Database) -> None:
    _, ids = placement_with(database, [InternshipStatus.APPLIED] * 3)
    applied = [_wita(2026, 12, 21), _wita(2026, 12, 28), _wita(2026, 12, 31)]
    admin = staff(database, Role.ADMIN)
    with database.transaction() as db:
        for iid, at in zip(ids, applied, strict=True):
            db.execute(update(Internship).where(Internship.id == iid).values(applied_at=at))
        standards.set_service_standard(db, admin, region_code="5271",
                                       service=INTERNSHIP, working_days=3)
    officer = staff(database, Role.INTERNSHIP_OFFICER, region="5271")
    with database.reader() as db:
        waiting = standards.queue(db, officer, now=_wita(2027, 1, 4, 10))
    assert [w.internship_id for w in waiting] == ids
    # 21 Dec: 22, 23, 24, 28, 29, 30, 31, 4 Jan = 8 working days: breached, due 24 Dec.
    # 28 Dec: 29, 30, 31, 4 Jan = 4 (due 31 Dec); 31 Dec: 4 Jan = 1, due 7 January
    # (Tuesday 5 January 2027 is Isra' Mi'raj: 4, 6, 7).
    assert [w.clock.working_days for w in waiting] == [8, 4, 1]
    assert [w.clock.breached for w in waiting] == [True, True, False]
    assert waiting[0].clock.due_on == date(2026, 12, 24)
    assert waiting[2].clock.due_on == date(2027, 1, 7)
    assert not waiting[2].clock.about_to_breach
    with database.reader() as db:
        later = standards.queue(db, officer, now=_wita(2027, 1, 6, 10))
    assert later[2].clock.working_days == 2 and later[2].clock.about_to_breach

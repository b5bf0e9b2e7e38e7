"""The session service: planning, the status workflow, scope, visibility, facilitators."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select, update

from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.auth.principal import ANONYMOUS
from edu.errors import Forbidden, NotFound, Unauthenticated, UserError
from edu.sessions import service as sessions
from edu.sessions.models import EduSession, Segment, SessionFacilitator, SessionStatus
from edu.sessions.service import SessionFilter
from tests.edu.sessionkit import at, draft, participant_principal, plan, sign_up, staff


def _rows(database) -> tuple[int, int]:
    with database.reader() as db:
        return (db.scalar(select(func.count()).select_from(EduSession)),
                db.scalar(select(func.count()).select_from(AuditEvent)))


def _codes(err: UserError) -> list[tuple[str | None, str]]:
    return sorted((p.field, p.code) for p in err.problems)


def test_create_plans_a_draft_and_audits_it(database):
    officer = staff(database, region="5271", name="Ibu Mataram")
    with database.transaction() as db:
        s = sessions.create_session(db, officer, draft(title="  Forum Warga  "))
        sid = s.id
    with database.reader() as db:
        s = db.get(EduSession, sid)
        assert (s.status, s.title, s.created_by_id) == (SessionStatus.DRAFT, "Forum Warga",
                                                        officer.staff_id)
        event = db.scalars(select(AuditEvent).where(AuditEvent.action == "session.create")).one()
        assert (event.actor_staff_id, event.entity_type, event.entity_id) == \
            (officer.staff_id, "EduSession", str(sid))
        assert event.after["status"] == "DRAFT" and event.after["capacity"] == 120


def test_create_collects_every_problem_and_writes_nothing(database):
    officer = staff(database)
    before = _rows(database)
    start = at(5)
    with database.transaction() as db, pytest.raises(UserError) as err:
        sessions.create_session(db, officer, draft(
            title="", capacity=0, region="5300", start=start, hours=-1, venue_name=None))
    assert _codes(err.value) == [("capacity", "INVALID_CAPACITY"),
                                 ("endsAt", "INVALID_TIME_RANGE"),
                                 ("regionCode", "UNKNOWN_REGION"), ("title", "REQUIRED"),
                                 ("venue.name", "REQUIRED")]
    assert _rows(database) == before


def test_the_database_itself_refuses_what_the_service_checks(database):
    """CHECK constraints back the rules up: no capacity 0, no end before start, no oversell."""
    from sqlalchemy.exc import IntegrityError

    officer = staff(database)
    sid = plan(database, officer, capacity=1)
    for change in ({"capacity": 0}, {"confirmed_count": 2},
                   {"ends_at": at(1), "starts_at": at(2)}):
        with pytest.raises(IntegrityError), database.transaction() as db:
            db.execute(update(EduSession).where(EduSession.id == sid).values(**change))


def test_who_may_plan(database):
    for who, error in [(ANONYMOUS, Unauthenticated), (participant_principal(1), Forbidden),
                       (staff(database, Role.FACILITATOR), Forbidden),
                       (staff(database, Role.INTERNSHIP_OFFICER, region=None), Forbidden),
                       (staff(database, region="5201"), Forbidden)]:
        with database.transaction() as db, pytest.raises(error):
            sessions.create_session(db, who, draft(region="5271"))
    assert _rows(database)[0] == 0
    for who in (staff(database, region="52"), staff(database, region="5271"),
                staff(database, Role.ADMIN, region=None)):
        plan(database, who, publish=False)
    assert _rows(database)[0] == 3


def test_status_workflow(database):
    officer = staff(database)
    sid = plan(database, officer, publish=False)

    def step(fn, *args):
        with database.transaction() as db:
            return fn(db, officer, sid, *args).status

    with pytest.raises(UserError) as err:
        step(sessions.complete_session)
    assert _codes(err.value) == [("id", "INVALID_STATUS")]
    assert step(sessions.publish_session) is SessionStatus.PUBLISHED
    with pytest.raises(UserError) as err:
        step(sessions.publish_session)
    assert _codes(err.value) == [("id", "INVALID_STATUS")]
    with pytest.raises(UserError) as err:
        step(sessions.complete_session)
    assert _codes(err.value) == [("id", "NOT_STARTED")]
    with database.transaction() as db:
        sessions.reschedule_session(db, officer, sid, at(0, hours=-2), at(0, hours=-1))
    assert step(sessions.complete_session) is SessionStatus.COMPLETED
    for fn, args in ((sessions.cancel_session, ("x",)), (sessions.publish_session, ()),
                     (sessions.reschedule_session, (at(3), at(4)))):
        with pytest.raises(UserError) as err:
            step(fn, *args)
        assert _codes(err.value) == [("id", "INVALID_STATUS")]


def test_draft_can_be_cancelled_and_stays_cancelled(database):
    officer = staff(database)
    sid = plan(database, officer, publish=False)
    with database.transaction() as db:
        s = sessions.cancel_session(db, officer, sid, "  Anggaran dialihkan  ")
        assert (s.status, s.cancel_reason) == (SessionStatus.CANCELLED, "Anggaran dialihkan")
        assert s.cancelled_at is not None
    with database.transaction() as db, pytest.raises(UserError):
        sessions.publish_session(db, officer, sid)


def test_every_change_raises_the_calendar_sequence(database):
    officer = staff(database)
    sid = plan(database, officer, publish=False)
    sequences = []
    for change in (lambda db: sessions.publish_session(db, officer, sid),
                   lambda db: sessions.reschedule_session(db, officer, sid, at(3), at(3.1)),
                   lambda db: sessions.cancel_session(db, officer, sid, "Hujan")):
        with database.transaction() as db:
            sequences.append(change(db).sequence)
    assert sequences == [1, 2, 3]


def test_visibility_by_principal(database):
    province = staff(database, region="52")
    lobar = staff(database, region="5201")
    ids = {
        "draft 5271": plan(database, province, publish=False),
        "draft 5201": plan(database, province, publish=False, region="5201"),
        "published": plan(database, province),
        "cancelled": plan(database, province),
        "completed": plan(database, province),
    }
    with database.transaction() as db:
        sessions.cancel_session(db, province, ids["cancelled"], "x")
        sessions.reschedule_session(db, province, ids["completed"], at(-1), at(-0.9))
        sessions.complete_session(db, province, ids["completed"])
    facilitator = staff(database, Role.FACILITATOR, region="5271")
    with database.transaction() as db:
        sessions.assign_facilitator(db, province, ids["draft 5271"], facilitator.staff_id)
    expected = {
        "anonymous": (ANONYMOUS, {"published", "cancelled"}),
        "participant": (participant_principal(1), {"published", "cancelled"}),
        "province": (province, set(ids)),
        "lobar": (lobar, {"draft 5201", "published", "cancelled"}),
        "facilitator": (facilitator, {"draft 5271", "published", "cancelled"}),
    }
    names = {v: k for k, v in ids.items()}
    for label, (who, visible) in expected.items():
        with database.reader() as db:
            total, rows = sessions.list_sessions(db, who, SessionFilter(), 0, 100)
            assert {names[r.id] for r in rows} == visible, label
            assert total == len(visible)
            for key, sid in ids.items():
                if key in visible:
                    assert sessions.get_session(db, who, sid).id == sid
                else:
                    with pytest.raises(NotFound):
                        sessions.get_session(db, who, sid)


def test_a_kabupaten_officer_is_refused_another_regions_sessions(database):
    province = staff(database, region="52")
    lobar = staff(database, region="5201")
    draft_id = plan(database, province, publish=False)
    published_id = plan(database, province)
    before = _rows(database)
    cases: list[tuple[Any, int, tuple[object, ...], type[Exception]]] = [
        (sessions.publish_session, draft_id, (), NotFound),  # a draft it cannot even see
        (sessions.cancel_session, published_id, ("x",), Forbidden),
        (sessions.reschedule_session, published_id, (at(3), at(4)), Forbidden),
        (sessions.complete_session, published_id, (), Forbidden),
    ]
    for fn, sid, args, error in cases:
        with database.transaction() as db, pytest.raises(error):
            fn(db, lobar, sid, *args)
    assert _rows(database) == before


def test_list_filters_and_pages(database):
    officer = staff(database)
    a = plan(database, officer, start=at(3), title="Forum Warga Ampenan")
    b = plan(database, officer, start=at(4), region="5201", title="Sosialisasi Gerung",
             segment=Segment.WOMEN)
    c = plan(database, officer, start=at(5), region="5272", title="Gelar Wicara Kota Bima")

    def ids(offset=0, limit=100, **flt):
        with database.reader() as db:
            total, rows = sessions.list_sessions(db, officer, SessionFilter(**flt), offset, limit)
            return total, [r.id for r in rows]

    assert ids() == (3, [a, b, c])
    assert ids(offset=1, limit=1) == (3, [b])
    assert ids(region_code="5201") == (1, [b])
    assert ids(segment=Segment.WOMEN) == (1, [b])
    assert ids(search="KOTA") == (1, [c])
    assert ids(starts_from=at(3.5)) == (2, [b, c])
    assert ids(starts_before=at(3.5)) == (1, [a])
    assert ids(status=SessionStatus.DRAFT) == (0, [])


def test_session_day_is_the_local_day(database):
    officer = staff(database)
    start = datetime(2031, 1, 1, 23, 30, tzinfo=UTC)  # 07:30 WITA on 2 January
    sid = plan(database, officer, publish=False, start=start)
    with database.reader() as db:
        assert sessions.session_day(db, db.get(EduSession, sid)) == date(2031, 1, 2)


def test_facilitators_are_listed_and_assigned_within_scope(database):
    province = staff(database, region="52", name="Officer NTB")
    lobar = staff(database, region="5201", name="Officer Lobar")
    kota = staff(database, Role.FACILITATOR, region="5271", name="Fasilitator Kota")
    gerung = staff(database, Role.FACILITATOR, region="5201", name="Fasilitator Gerung")
    staff(database, Role.INTERNSHIP_OFFICER, region=None, name="Magang")
    with database.reader() as db:
        assert [s.full_name for s in sessions.list_facilitators(db, lobar)] == \
            ["Fasilitator Gerung", "Officer Lobar", "Officer NTB"]
        with pytest.raises(Forbidden):
            sessions.list_facilitators(db, kota)
    sid = plan(database, lobar, region="5201")
    with database.transaction() as db, pytest.raises(NotFound):
        sessions.assign_facilitator(db, lobar, sid, kota.staff_id)
    for _ in range(2):  # assigning twice keeps one row and one audit event
        with database.transaction() as db:
            sessions.assign_facilitator(db, province, sid, gerung.staff_id)
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(SessionFacilitator)) == 1
        assert db.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "session.assign_facilitator")) == 1
        assert sessions.is_facilitator(db, gerung, sid)
        assert not sessions.is_facilitator(db, kota, sid)


def test_published_sessions_take_registrations_drafts_do_not(database):
    officer = staff(database)
    sid = plan(database, officer, publish=False)
    with pytest.raises(NotFound):  # anonymous cannot see a draft at all
        sign_up(database, sid)
    with database.transaction() as db:
        sessions.publish_session(db, officer, sid)
    assert sign_up(database, sid).registration.id

"""The registration service: seats and the waitlist, consent, import, attendance, check-in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from edu.audit import AuditEvent
from edu.auth.models import ApiToken, Role
from edu.auth.principal import ANONYMOUS
from edu.errors import Forbidden, NotFound, UserError
from edu.notifications.models import Notice, NoticeKind
from edu.participants.models import Participant
from edu.registrations import service as registrations
from edu.registrations.models import (
    AttendanceStatus,
    Registration,
    RegistrationRequest,
    RegistrationStatus,
)
from edu.registrations.requests import Decoy, request_token
from edu.registrations.service import ImportRow
from edu.sessions import service as sessions
from edu.sessions.models import EduSession, SessionFacilitator
from tests.edu.sessionkit import (
    KEY,
    assert_consistent,
    at,
    details,
    participant_principal,
    plan,
    seats,
    sign_up,
    staff,
)


def _count(database, model, *where) -> int:
    with database.reader() as db:
        return db.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _codes(err: UserError) -> list[tuple[str | None, str]]:
    return [(p.field, p.code) for p in err.problems]


def _cancel(database, who, registration_id):
    with database.transaction() as db:
        return registrations.cancel_registration(db, who, registration_id)


def _import(database, who, sid, rows):
    with database.transaction() as db:
        return [r.id for r in registrations.import_registrations(
            db, who, KEY, session_id=sid, rows=rows)]


def test_seats_then_an_ordered_waitlist(database):
    sid = plan(database, staff(database), capacity=3)
    done = [sign_up(database, sid) for _ in range(7)]
    assert [(d.registration.status, d.registration.waitlist_position) for d in done] == [
        (RegistrationStatus.CONFIRMED, None)] * 3 + [
        (RegistrationStatus.WAITLISTED, n) for n in (1, 2, 3, 4)]
    assert assert_consistent(database, sid) == (3, 4)
    assert all(d.participant_token for d in done)
    assert len({d.ticket_code for d in done}) == 7


def test_cancelling_a_seat_promotes_the_first_and_renumbers(database):
    sid = plan(database, staff(database), capacity=2)
    done = [sign_up(database, sid) for _ in range(5)]
    _cancel(database, participant_principal(done[1].participant.id), done[1].registration.id)
    with database.reader() as db:
        promoted = db.get(Registration, done[2].registration.id)
        assert (promoted.status, promoted.waitlist_position) == (RegistrationStatus.CONFIRMED,
                                                                 None)
        assert promoted.confirmed_at is not None
        assert [db.get(Registration, d.registration.id).waitlist_position
                for d in done[3:]] == [1, 2]
    assert assert_consistent(database, sid) == (2, 2)


def test_cancelling_a_waitlist_place_renumbers_behind_it(database):
    sid = plan(database, staff(database), capacity=1)
    done = [sign_up(database, sid) for _ in range(5)]
    _cancel(database, participant_principal(done[2].participant.id), done[2].registration.id)
    confirmed, waiting, _ = seats(database, sid)
    assert confirmed == [done[0].registration.id] and waiting == [1, 2, 3]
    with database.reader() as db:
        assert [db.get(Registration, d.registration.id).waitlist_position
                for d in done[1:]] == [1, None, 2, 3]


def test_cancelling_the_last_seat_with_no_waitlist_frees_it(database):
    sid = plan(database, staff(database), capacity=1)
    first = sign_up(database, sid)
    _cancel(database, participant_principal(first.participant.id), first.registration.id)
    assert assert_consistent(database, sid) == (0, 0)
    assert sign_up(database, sid).registration.status is RegistrationStatus.CONFIRMED


def test_registering_again_after_cancelling_reuses_the_row(database):
    sid = plan(database, staff(database), capacity=1)
    first = sign_up(database, sid)
    second = sign_up(database, sid)
    me = participant_principal(first.participant.id)
    _cancel(database, me, first.registration.id)
    with database.transaction() as db:
        again = registrations.register(db, me, KEY, session_id=sid, details=None, consent=True,
                                       guardian_consent=False)
        assert again.registration.id == first.registration.id
        assert (again.registration.status, again.registration.waitlist_position) == \
            (RegistrationStatus.WAITLISTED, 1)
        assert again.registration.confirmed_at is None
        assert again.registration.cancelled_at is None
        assert again.ticket_code == first.ticket_code
    with database.reader() as db:  # the seat went to the one who waited
        assert db.get(Registration, second.registration.id).status is \
            RegistrationStatus.CONFIRMED
    assert _count(database, Registration) == 2


def test_the_same_email_again_books_nothing_and_says_nothing(database):
    """Without the person's token, an email on record gets a decoy, never ALREADY_REGISTERED
    (that would tell who is registered where); with the token, the rule is told."""
    sid = plan(database, staff(database))
    first = sign_up(database, sid, details(email="sama@example.id"))
    for address in ("sama@example.id", "  SAMA@Example.ID"):
        assert isinstance(sign_up(database, sid, details("Orang Lain", email=address)), Decoy)
    assert (_count(database, Registration), _count(database, Participant)) == (1, 1)
    assert assert_consistent(database, sid) == (1, 0)
    with pytest.raises(UserError) as err:
        sign_up(database, sid, None, principal=participant_principal(first.participant.id))
    assert _codes(err.value) == [("participant.email", "ALREADY_REGISTERED")]


def test_an_existing_email_books_no_one_until_the_person_confirms(database):
    officer = staff(database)
    first, second = plan(database, officer), plan(database, officer, capacity=1)
    owner = sign_up(database, first, details("Pemilik", email="pemilik@example.id"))
    tokens_before = _count(database, ApiToken)
    again = sign_up(database, second, details("Orang Lain", email="pemilik@example.id"))
    assert isinstance(again, Decoy)
    assert again.participant.full_name == "Orang Lain"  # only what the caller typed
    assert again.participant_token and again.ticket_code
    assert _count(database, ApiToken) == tokens_before
    assert _count(database, Registration, Registration.session_id == second) == 0
    # Someone with their own token takes the only seat meanwhile: seats go by confirmation.
    sign_up(database, second)
    with database.reader() as db:
        request = db.scalars(select(RegistrationRequest)).one()
        assert request.participant_id == owner.participant.id and request.confirmed_at is None
    token = request_token(KEY, request.id)
    with database.transaction() as db:
        booked = registrations.confirm_registration_request(db, KEY, token.lower())
        assert (booked.participant_id, booked.status) == (owner.participant.id,
                                                          RegistrationStatus.WAITLISTED)
    for attempt in (token, "NOT-A-TOKEN"):
        with pytest.raises(UserError) as err, database.transaction() as db:
            registrations.confirm_registration_request(db, KEY, attempt)
        assert err.value.problems[0].code in ("ALREADY_CONFIRMED", "NOT_FOUND")
    assert _count(database, Registration, Registration.session_id == second) == 2
    assert assert_consistent(database, second) == (1, 1)
    with database.reader() as db:
        assert db.get(Participant, owner.participant.id).full_name == "Pemilik"


def test_a_participant_token_books_itself_and_ignores_other_details(database):
    officer = staff(database)
    first, second = plan(database, officer), plan(database, officer)
    owner = sign_up(database, first, details("Pemilik"))
    me = participant_principal(owner.participant.id)
    done = sign_up(database, second, details("Nama Lain", email="lain@example.id"), principal=me)
    assert done.participant.id == owner.participant.id and done.participant_token is None
    assert _count(database, Participant) == 1
    with database.reader() as db:
        total, rows = registrations.participant_registrations(db, me, owner.participant.id, 0, 10)
        assert (total, [r.session_id for r in rows]) == (2, [first, second])
        with pytest.raises(Forbidden):
            registrations.participant_registrations(db, participant_principal(999),
                                                    owner.participant.id, 0, 10)


def test_consent_is_required(database):
    sid = plan(database, staff(database))
    with database.transaction() as db, pytest.raises(UserError) as err:
        registrations.register(db, ANONYMOUS, KEY, session_id=sid, details=details(),
                               consent=False, guardian_consent=False)
    assert _codes(err.value) == [("consent", "CONSENT_REQUIRED")]
    assert _count(database, Participant) == 0


def _birth(turns_18_on: date, shift: int = 0) -> date:
    return turns_18_on.replace(year=turns_18_on.year - 18) + timedelta(days=shift)


def test_guardian_consent_by_age_on_the_session_day(database):
    officer = staff(database)
    start = at(60)
    sid = plan(database, officer, start=start)
    with database.reader() as db:
        day = sessions.session_day(db, db.get(EduSession, sid))
    with pytest.raises(UserError) as err:
        sign_up(database, sid, details(birth=_birth(day, 1)))
    assert _codes(err.value) == [("guardianConsent", "GUARDIAN_CONSENT_REQUIRED")]
    assert _count(database, Participant) == 0
    sign_up(database, sid, details(birth=_birth(day)))  # 18 that very day: no guardian
    minor = sign_up(database, sid, details(birth=_birth(day, 1)), guardian=True)
    assert minor.participant.guardian_consent_at is not None


def test_a_minor_with_a_token_gives_guardian_consent_once(database):
    officer = staff(database)
    later = plan(database, officer, start=at(800))
    sooner = plan(database, officer, start=at(30))
    with database.reader() as db:
        day = sessions.session_day(db, db.get(EduSession, sooner))
    adult_later = sign_up(database, later, details(birth=_birth(day, 200)))
    me = participant_principal(adult_later.participant.id)
    with database.transaction() as db, pytest.raises(UserError) as err:
        registrations.register(db, me, KEY, session_id=sooner, details=None, consent=True,
                               guardian_consent=False)
    assert _codes(err.value) == [("guardianConsent", "GUARDIAN_CONSENT_REQUIRED")]
    sign_up(database, sooner, principal=me, guardian=True)
    another = plan(database, officer, start=at(31))
    sign_up(database, another, principal=me)  # consent on record


def test_registration_only_while_published_and_not_started(database):
    officer = staff(database)
    sid = plan(database, officer)
    with database.transaction() as db:
        sessions.reschedule_session(db, officer, sid, at(0, hours=-1), at(0, hours=1))
    with pytest.raises(UserError) as err:
        sign_up(database, sid)
    assert _codes(err.value) == [("sessionId", "SESSION_STARTED")]
    gone = plan(database, officer)
    with database.transaction() as db:
        sessions.cancel_session(db, officer, gone, "x")
    with pytest.raises(UserError) as err:
        sign_up(database, gone)
    assert _codes(err.value) == [("sessionId", "SESSION_NOT_OPEN")]
    assert _count(database, Registration) == 0 and _count(database, Participant) == 0


def test_import_is_all_or_nothing_and_reports_every_row(database):
    officer = staff(database)
    sid = plan(database, officer, capacity=2, start=at(30))
    sign_up(database, sid, details(email="sudah@example.id"))
    with database.reader() as db:
        day = sessions.session_day(db, db.get(EduSession, sid))
    rows = [ImportRow(details()), ImportRow(details(email="x@")),
            ImportRow(details(email="dobel@example.id")),
            ImportRow(details(email="DOBEL@example.id")),
            ImportRow(details(email="sudah@example.id")),
            ImportRow(details(birth=_birth(day, 3))),
            ImportRow(details()),
            ImportRow(details(birth=None))]
    rows[6].details.full_name, rows[6].details.phone = None, "abc"
    rows[7].details.email = None  # a row without an email is fine, without a birth date not
    before = (_count(database, Registration), _count(database, Participant),
              _count(database, AuditEvent))
    with pytest.raises(UserError) as err:
        _import(database, officer, sid, rows)
    assert sorted(_codes(err.value)) == [
        ("participants.1.email", "INVALID_EMAIL"),
        ("participants.3.email", "DUPLICATE_IN_INPUT"),
        ("participants.4.email", "ALREADY_REGISTERED"),
        ("participants.5.guardianConsent", "GUARDIAN_CONSENT_REQUIRED"),
        ("participants.6.fullName", "REQUIRED"),
        ("participants.6.phone", "INVALID_PHONE"),
        ("participants.7.guardianConsent", "GUARDIAN_CONSENT_REQUIRED"),
    ]
    assert (_count(database, Registration), _count(database, Participant),
            _count(database, AuditEvent)) == before


def test_import_books_seats_then_the_waitlist(database):
    officer = staff(database)
    sid = plan(database, officer, capacity=2)
    known = sign_up(database, plan(database, officer), details(email="kenal@example.id"))
    rows = [ImportRow(details()), ImportRow(details(email="KENAL@example.id")),
            ImportRow(details())]
    rows[2].details.email = None
    ids = _import(database, officer, sid, rows)
    assert len(ids) == 3
    with database.reader() as db:
        regs = [db.get(Registration, i) for i in ids]
        assert [(r.status, r.waitlist_position, r.source) for r in regs] == [
            (RegistrationStatus.CONFIRMED, None, "IMPORT"),
            (RegistrationStatus.CONFIRMED, None, "IMPORT"),
            (RegistrationStatus.WAITLISTED, 1, "IMPORT")]
        assert regs[1].participant_id == known.participant.id
    assert assert_consistent(database, sid) == (2, 1)


def test_import_into_a_draft_but_not_a_cancelled_session(database):
    officer = staff(database)
    draft_id = plan(database, officer, publish=False)
    assert len(_import(database, officer, draft_id, [ImportRow(details())])) == 1
    with database.transaction() as db:
        sessions.cancel_session(db, officer, draft_id, "x")
    with pytest.raises(UserError) as err:
        _import(database, officer, draft_id, [ImportRow(details())])
    assert _codes(err.value) == [("sessionId", "SESSION_NOT_OPEN")]


def test_import_is_for_planners_in_scope(database):
    sid = plan(database, staff(database), region="5271")
    for who, error in [(staff(database, region="5201"), Forbidden),
                       (staff(database, Role.FACILITATOR), Forbidden),
                       (participant_principal(1), Forbidden)]:
        with pytest.raises(error):
            _import(database, who, sid, [ImportRow(details())])
    assert _count(database, Registration) == 0


def _soon(database, officer, people=3, capacity=10, hours=1.0):
    sid = plan(database, officer, start=at(0, hours=hours), capacity=capacity)
    return sid, [sign_up(database, sid) for _ in range(people)]


def test_attendance_window_opens_two_hours_before(database):
    officer = staff(database)
    sid, done = _soon(database, officer, hours=2.25)
    for attempt in (
        lambda db: registrations.check_in(db, officer, KEY, session_id=sid,
                                          ticket_code_text=done[0].ticket_code),
        lambda db: registrations.record_attendance(
            db, officer, session_id=sid,
            entries=[(done[0].participant.id, AttendanceStatus.PRESENT)]),
    ):
        with database.transaction() as db, pytest.raises(UserError) as err:
            attempt(db)
        assert _codes(err.value) == [("sessionId", "ATTENDANCE_NOT_OPEN")]
    with database.transaction() as db:
        sessions.reschedule_session(db, officer, sid, at(0, hours=1.75), at(0, hours=3))
    with database.transaction() as db:
        reg = registrations.check_in(db, officer, KEY, session_id=sid,
                                     ticket_code_text=done[0].ticket_code)
        assert reg.attendance_status is AttendanceStatus.PRESENT


def test_check_in_present_late_and_refusals(database):
    officer = staff(database)
    sid, done = _soon(database, officer, people=3, capacity=2)  # the third waits
    with database.transaction() as db:
        present = registrations.check_in(db, officer, KEY, session_id=sid,
                                         ticket_code_text=done[0].ticket_code.lower())
        assert present.attendance_status is AttendanceStatus.PRESENT
        assert present.attendance_recorded_by_id == officer.staff_id
    with database.transaction() as db:
        sessions.reschedule_session(db, officer, sid, at(0, hours=-0.25), at(0, hours=2))
    with database.transaction() as db:
        late = registrations.check_in(db, officer, KEY, session_id=sid,
                                      ticket_code_text=f"  {done[1].ticket_code} ")
        assert late.attendance_status is AttendanceStatus.LATE
        first = registrations.check_in(db, officer, KEY, session_id=sid,
                                       ticket_code_text=done[0].ticket_code)
        assert first.attendance_status is AttendanceStatus.PRESENT  # the first scan stays
    for code, expected in ((done[2].ticket_code, "NOT_CONFIRMED"), ("ZZZZZZZZZZZZ",
                                                                     "UNKNOWN_TICKET")):
        with database.transaction() as db, pytest.raises(UserError) as err:
            registrations.check_in(db, officer, KEY, session_id=sid, ticket_code_text=code)
        assert _codes(err.value) == [("ticketCode", expected)]


def test_record_attendance_all_or_nothing_and_summary(database):
    officer = staff(database)
    sid, done = _soon(database, officer, people=6, capacity=5)
    stranger = sign_up(database, plan(database, officer))
    pids = [d.participant.id for d in done]
    bad = [(pids[0], AttendanceStatus.PRESENT), (stranger.participant.id, AttendanceStatus.LATE),
           (pids[5], AttendanceStatus.PRESENT)]  # pids[5] is waitlisted
    with database.transaction() as db, pytest.raises(UserError) as err:
        registrations.record_attendance(db, officer, session_id=sid, entries=bad)
    assert _codes(err.value) == [("entries.1.participantId", "NOT_REGISTERED"),
                                 ("entries.2.participantId", "NOT_REGISTERED")]
    assert _count(database, Registration, Registration.attendance_status.is_not(None)) == 0
    with database.transaction() as db:
        registrations.record_attendance(db, officer, session_id=sid, entries=[
            (pids[0], AttendanceStatus.PRESENT), (pids[1], AttendanceStatus.LATE),
            (pids[2], AttendanceStatus.EXCUSED), (pids[3], AttendanceStatus.ABSENT)])
    with database.reader() as db:
        summary = registrations.attendance_summaries(db, [sid])[sid]
    assert vars(summary) == {"present": 1, "late": 1, "excused": 1, "absent": 1, "unmarked": 1}
    # Corrected later: ABSENT → PRESENT gets a check-in time, PRESENT → EXCUSED loses it.
    with database.transaction() as db:
        registrations.record_attendance(db, officer, session_id=sid, entries=[
            (pids[3], AttendanceStatus.PRESENT), (pids[0], AttendanceStatus.EXCUSED)])
    with database.reader() as db:
        by_pid = {r.participant_id: r for r in db.scalars(select(Registration))}
        assert by_pid[pids[3]].checked_in_at is not None
        assert by_pid[pids[0]].checked_in_at is None
        summary = registrations.attendance_summaries(db, [sid])[sid]
    assert vars(summary) == {"present": 1, "late": 1, "excused": 2, "absent": 0, "unmarked": 1}


def test_facilitators_take_attendance_only_where_assigned(database):
    officer = staff(database)
    sid, done = _soon(database, officer)
    other, other_done = _soon(database, officer)
    facilitator = staff(database, Role.FACILITATOR, region="5271")
    with database.transaction() as db, pytest.raises(Forbidden):
        registrations.check_in(db, facilitator, KEY, session_id=sid,
                               ticket_code_text=done[0].ticket_code)
    with database.transaction() as db:
        db.add(SessionFacilitator(session_id=sid, staff_id=facilitator.staff_id))
    with database.transaction() as db:
        registrations.check_in(db, facilitator, KEY, session_id=sid,
                               ticket_code_text=done[0].ticket_code)
    with database.reader() as db:
        assert registrations.list_registrations(db, facilitator, sid, 0, 10)[0] == 3
        with pytest.raises(Forbidden):
            registrations.list_registrations(db, facilitator, other, 0, 10)
    for attempt in (
        lambda db: registrations.check_in(db, facilitator, KEY, session_id=other,
                                          ticket_code_text=other_done[0].ticket_code),
        lambda db: registrations.record_attendance(
            db, facilitator, session_id=other,
            entries=[(other_done[0].participant.id, AttendanceStatus.PRESENT)]),
    ):
        with database.transaction() as db, pytest.raises(Forbidden):
            attempt(db)


def test_rosters_and_registrations_are_private(database):
    officer = staff(database, region="5271")
    sid = plan(database, officer)
    mine = sign_up(database, sid)
    theirs = sign_up(database, sid)
    with database.reader() as db:
        for who in (ANONYMOUS, participant_principal(mine.participant.id),
                    staff(database, region="5201"), staff(database, Role.INTERNSHIP_OFFICER,
                                                          region=None)):
            with pytest.raises(Forbidden):
                registrations.list_registrations(db, who, sid, 0, 10)
            with pytest.raises(NotFound):
                registrations.get_registration(db, who, theirs.registration.id)
        assert registrations.get_registration(
            db, participant_principal(mine.participant.id), mine.registration.id)
        assert registrations.list_registrations(db, officer, sid, 0, 10)[0] == 2


def test_no_cancelling_once_the_session_is_over(database):
    officer = staff(database)
    sid = plan(database, officer)
    done = sign_up(database, sid)
    with database.transaction() as db:
        sessions.reschedule_session(db, officer, sid, at(-1), at(-0.9))
        sessions.complete_session(db, officer, sid)
    with pytest.raises(UserError) as err:
        _cancel(database, participant_principal(done.participant.id), done.registration.id)
    assert _codes(err.value) == [("id", "SESSION_CLOSED")]


def _attendance_codes(database, officer, sid, done) -> list[str]:
    """The refusal codes of a check-in and of marking the roster, in this order."""
    found = []
    for attempt in (
        lambda db: registrations.check_in(db, officer, KEY, session_id=sid,
                                          ticket_code_text=done.ticket_code),
        lambda db: registrations.record_attendance(
            db, officer, session_id=sid,
            entries=[(done.participant.id, AttendanceStatus.PRESENT)]),
    ):
        with database.transaction() as db, pytest.raises(UserError) as err:
            attempt(db)
        found.append(err.value.problems[0].code)
    return found


def test_a_completed_session_takes_no_more_attendance(database):
    officer = staff(database)
    sid, (done,) = _soon(database, officer, people=1)
    with database.transaction() as db:
        sessions.reschedule_session(db, officer, sid, at(0, hours=-1), at(0, hours=1))
        sessions.complete_session(db, officer, sid)
    assert _attendance_codes(database, officer, sid, done) == ["SESSION_NOT_OPEN"] * 2
    cancelled, (other,) = _soon(database, officer, people=1)
    with database.transaction() as db:
        sessions.cancel_session(db, officer, cancelled, "Hujan deras")
    assert _attendance_codes(database, officer, cancelled, other) == ["SESSION_NOT_OPEN"] * 2
    assert _count(database, Registration, Registration.attendance_status.is_not(None)) == 0


def test_attendance_closes_at_the_end_of_the_sessions_day(database):
    officer = staff(database)
    sid, (done,) = _soon(database, officer, people=1)
    # Ended a moment ago: the door is closed whatever the hour; the roster stays open until
    # midnight of its last day in the office's zone (WITA).
    with database.transaction() as db:
        sessions.reschedule_session(db, officer, sid, at(0, hours=-2), at(0, hours=-0.01))
    with database.transaction() as db, pytest.raises(UserError) as err:
        registrations.check_in(db, officer, KEY, session_id=sid,
                               ticket_code_text=done.ticket_code)
    assert _codes(err.value) == [("sessionId", "ATTENDANCE_CLOSED")]
    with database.transaction() as db:
        session = db.get(EduSession, sid)
        session.ends_at = datetime(2026, 12, 10, 15, 59, tzinfo=UTC)  # 23.59 WITA
        assert registrations.attendance_closes(db, session) == datetime(
            2026, 12, 10, 16, 0, tzinfo=UTC)
        session.ends_at = datetime(2026, 12, 10, 16, 0, tzinfo=UTC)  # 00.00 WITA, next day
        assert registrations.attendance_closes(db, session) == datetime(
            2026, 12, 11, 16, 0, tzinfo=UTC)
        db.rollback()
    # Weeks later (the session never completed) nobody is checked in or marked any more.
    with database.transaction() as db:
        sessions.reschedule_session(db, officer, sid, at(-42), at(-42, hours=2))
    assert _attendance_codes(database, officer, sid, done) == ["ATTENDANCE_CLOSED"] * 2
    assert _count(database, Registration, Registration.attendance_status.is_not(None)) == 0


def test_registering_without_a_birth_date_needs_a_guardians_consent(database):
    officer = staff(database)
    sid = plan(database, officer)
    with pytest.raises(UserError) as err:
        sign_up(database, sid, details(birth=None))
    assert _codes(err.value) == [("guardianConsent", "GUARDIAN_CONSENT_REQUIRED")]
    with pytest.raises(UserError) as err:
        _import(database, officer, sid, [ImportRow(details(birth=None))])
    assert _codes(err.value) == [("participants.0.guardianConsent", "GUARDIAN_CONSENT_REQUIRED")]
    assert _count(database, Registration) == 0
    done = sign_up(database, sid, details(birth=None), guardian=True)
    assert done.participant.guardian_consent_at is not None
    assert len(_import(database, officer, sid, [ImportRow(details(birth=None), True)])) == 1


def test_repeated_requests_for_someone_else_store_and_mail_once(database):
    officer = staff(database)
    sid = plan(database, officer)
    sign_up(database, plan(database, officer), details("Pemilik", email="pemilik@example.id"))
    for _ in range(5):
        assert isinstance(sign_up(database, sid, details("Iseng", email="pemilik@example.id")),
                          Decoy)
    with database.reader() as db:
        assert len(db.scalars(select(RegistrationRequest)).all()) == 1
        mails = db.scalars(select(Notice).where(
            Notice.kind == NoticeKind.CONFIRM_REQUEST)).all()
        assert len(mails) == 1

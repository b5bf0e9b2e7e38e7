"""Requests for a voter-education session: what the public form may send (and that a refused
one writes nothing), who sees and answers them (audited), and the working-day clock from
request to answer across a weekend, a national holiday, a cuti bersama day and a year end."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.db import Database
from edu.errors import Forbidden, UserError
from edu.integrity import session_requests as requests
from edu.integrity import standards
from edu.integrity.models import RequestOutcome, SessionRequest, SurveyService
from edu.integrity.transparency import transparency
from edu.sessions.models import Segment
from tests.edu.certificates_factory import staff

EDUCATION = SurveyService.VOTER_EDUCATION


def _wita(y: int, m: int, d: int, hour: int = 9) -> datetime:
    return datetime(y, m, d, hour - 8, tzinfo=UTC)


def _draft(**changes: object) -> requests.RequestDraft:
    values: dict[str, object] = dict(
        region_code="5271", organisation="SMAN 1 Mataram", contact_name="Baiq Nurul",
        email="osis@sman1mataram.sch.id", segment=Segment.FIRST_TIME_VOTERS, audience=200,
        consent=True)
    values.update(changes)
    return requests.RequestDraft(**values)


def _count(database: Database) -> int:
    with database.reader() as db:
        return db.scalar(select(func.count(SessionRequest.id))) or 0


def _ask(database: Database, at: datetime, region: str = "5271", **changes: object) -> int:
    with database.transaction() as db:
        return requests.submit_session_request(
            db, _draft(region_code=region, email=f"r{at.timestamp():.0f}{region}@x.id",
                       **changes), now=at).id


def test_a_refused_request_names_every_problem_and_writes_nothing(database: Database) -> None:
    bad = _draft(region_code="99", organisation=" ", contact_name="", email="bukan-email",
                 phone="12", segment=None, audience=0, preferred_on=date(2020, 1, 1),
                 consent=False)
    with pytest.raises(UserError) as caught, database.transaction() as db:
        requests.submit_session_request(db, bad, now=_wita(2026, 12, 1))
    assert {(p.field, p.code) for p in caught.value.problems} == {
        ("regionCode", "UNKNOWN_REGION"), ("organisation", "REQUIRED"),
        ("contactName", "REQUIRED"), ("email", "INVALID_EMAIL"), ("phone", "INVALID_PHONE"),
        ("segment", "REQUIRED"), ("audience", "INVALID_AUDIENCE"),
        ("preferredOn", "INVALID_DATE"), ("consent", "CONSENT_REQUIRED")}
    assert _count(database) == 0
    with database.transaction() as db:
        row = requests.submit_session_request(db, _draft(email=" OSIS@sman1mataram.sch.id "),
                                              now=_wita(2026, 12, 1))
        assert row.email == "osis@sman1mataram.sch.id" and row.consent_at == row.requested_at
    # One waiting request per email and office: a stranger cannot fill the inbox.
    with pytest.raises(UserError) as again, database.transaction() as db:
        requests.submit_session_request(db, _draft(), now=_wita(2026, 12, 2))
    assert again.value.problems[0].code == "ALREADY_WAITING"
    with database.transaction() as db:
        requests.submit_session_request(db, _draft(region_code="5272"), now=_wita(2026, 12, 2))
    assert _count(database) == 2


def test_officers_of_the_region_answer_once_and_it_is_audited(database: Database) -> None:
    rid = _ask(database, _wita(2026, 12, 1))
    bima = staff(database, Role.EDUCATION_OFFICER, region="5272")
    interns = staff(database, Role.INTERNSHIP_OFFICER, region="52")
    mataram = staff(database, Role.EDUCATION_OFFICER, region="5271")
    with database.reader() as db:
        assert requests.list_session_requests(db, bima, waiting=None, offset=0,
                                              limit=10) == (0, [])
    with pytest.raises(UserError) as hidden, database.transaction() as db:
        requests.answer_session_request(db, bima, request_id=rid,
                                        outcome=RequestOutcome.ACCEPTED, reply="Siap")
    assert hidden.value.problems[0].code == "NOT_FOUND"
    with pytest.raises(Forbidden), database.reader() as db:
        requests.list_session_requests(db, interns, waiting=None, offset=0, limit=10)
    with pytest.raises(UserError) as empty, database.transaction() as db:
        requests.answer_session_request(db, mataram, request_id=rid, outcome=None, reply=" ")
    assert {p.field for p in empty.value.problems} == {"outcome", "reply"}
    with database.transaction() as db:
        requests.answer_session_request(db, mataram, request_id=rid,
                                        outcome=RequestOutcome.ACCEPTED,
                                        reply="Kami datang 14 Desember pukul 09.00 WITA.")
    with pytest.raises(UserError) as twice, database.transaction() as db:
        requests.answer_session_request(db, mataram, request_id=rid,
                                        outcome=RequestOutcome.DECLINED, reply="Maaf")
    assert twice.value.problems[0].code == "ALREADY_ANSWERED"
    with database.reader() as db:
        row = db.get(SessionRequest, rid)
        assert row.outcome is RequestOutcome.ACCEPTED and row.answered_by_id is not None
        events = db.scalars(select(AuditEvent).where(
            AuditEvent.action == "session_request.answer")).all()
    assert len(events) == 1 and events[0].entity_id == str(rid)
    assert events[0].after["outcome"] == "ACCEPTED"


def test_answers_against_the_standard_across_holidays_and_the_year_end(
        database: Database) -> None:
    admin = staff(database, Role.ADMIN)
    with database.transaction() as db:
        standards.add_collective_leave_day(db, admin, day=date(2026, 12, 24),
                                           name="Cuti bersama Natal")
        standards.set_service_standard(db, admin, region_code="5271", service=EDUCATION,
                                       working_days=3)
    # Asked Wednesday 23 December 2026. Answered Monday 28 (24 cuti bersama, 25 Christmas,
    # a weekend: 1 working day), Wednesday 30 (3), Monday 4 January 2027 (28, 29, 30, 31,
    # 4: 5, New Year's Day and a weekend skipped) — late by 2.
    answered = [_wita(2026, 12, 28), _wita(2026, 12, 30), _wita(2027, 1, 4)]
    officer = staff(database, Role.EDUCATION_OFFICER, region="5271")
    ids = []
    for i, at in enumerate(answered):
        rid = _ask(database, _wita(2026, 12, 23, 9 + i))
        ids.append(rid)
        with database.transaction() as db:
            requests.answer_session_request(db, officer, request_id=rid,
                                            outcome=RequestOutcome.ACCEPTED, reply="Baik",
                                            now=at)
    waiting = _ask(database, _wita(2026, 12, 31))
    with database.reader() as db:
        report = requests.request_report(db, officer, starts_on=date(2026, 12, 1),
                                         ends_on=date(2027, 1, 31))
        queue = requests.request_queue(db, officer, now=_wita(2027, 1, 6, 10))
    assert [a.working_days for a in report.decisions] == [1, 3, 5]
    assert report.within == 2 and report.share_within == 0.6667
    (breach,) = report.breaches
    assert breach.request_id == ids[2] and breach.late_by == 2
    assert breach.organisation == "SMAN 1 Mataram" and breach.answered_by
    # Waiting since Thursday 31 December: 4 and 6 January count (5 January 2027 is Isra'
    # Mi'raj), due on Thursday 7 January: about to breach.
    (w,) = queue
    assert w.request.id == waiting and w.clock.working_days == 2
    assert w.clock.due_on == date(2027, 1, 7) and w.clock.about_to_breach
    # A page measures only the rows it shows: the answered ones have no clock.
    with database.reader() as db:
        shown = [db.get(SessionRequest, rid) for rid in (ids[0], waiting)]
        clocks = requests.waiting_clocks(db, shown, now=_wita(2027, 1, 6, 10))
    assert list(clocks) == [waiting] and clocks[waiting] == w.clock


def test_the_public_page_hides_fewer_than_five_answers(database: Database) -> None:
    officer = staff(database, Role.EDUCATION_OFFICER, region="5271")

    def answer_one(day: int) -> None:
        rid = _ask(database, _wita(2026, 11, day))
        with database.transaction() as db:
            requests.answer_session_request(db, officer, request_id=rid,
                                            outcome=RequestOutcome.DECLINED, reply="Penuh",
                                            now=_wita(2026, 11, day + 1))

    for day in (2, 3, 4, 5):
        answer_one(day)
    with database.reader() as db:
        q4 = transparency(db, region_code="5271", year=2026).quarters[3]
    assert q4.requests_answered is None and q4.requests_share_within is None
    answer_one(9)
    with database.reader() as db:
        q4 = transparency(db, region_code="5271", year=2026).quarters[3]
        elsewhere = transparency(db, region_code="5272", year=2026).quarters[3]
    assert q4.requests_answered == 5 and q4.requests_share_within == 1.0
    assert elsewhere.requests_answered is None


def test_retention_blanks_old_contacts_and_keeps_the_figures(database: Database) -> None:
    officer = staff(database, Role.EDUCATION_OFFICER, region="5271")
    old, recent, waiting = (_ask(database, _wita(2024, 3, 4), phone="0812 3456 7890",
                                 message="Untuk kelas XII"),
                            _ask(database, _wita(2026, 3, 2)), _ask(database, _wita(2024, 3, 5)))
    for rid, at in ((old, _wita(2024, 3, 6)), (recent, _wita(2026, 3, 3))):
        with database.transaction() as db:
            requests.answer_session_request(db, officer, request_id=rid,
                                            outcome=RequestOutcome.ACCEPTED,
                                            reply="Baik, Ibu Baiq", now=at)
    with database.reader() as db:
        before = requests.request_report(db, officer, starts_on=date(2024, 1, 1),
                                         ends_on=date(2026, 12, 31))
    with database.transaction() as db:
        assert requests.erase_old_request_contacts(db, now=_wita(2026, 6, 1), days=730) == 1
    with database.transaction() as db:
        assert requests.erase_old_request_contacts(db, now=_wita(2026, 6, 1), days=730) == 0
    with database.reader() as db:
        gone, kept, open_ = (db.get(SessionRequest, i) for i in (old, recent, waiting))
        assert (gone.contact_name, gone.email, gone.phone, gone.message, gone.reply) == \
            ("", "", None, "", None) and gone.contact_erased_at is not None
        assert gone.organisation == "SMAN 1 Mataram" and gone.outcome is RequestOutcome.ACCEPTED
        assert kept.email and kept.reply and open_.email and open_.contact_erased_at is None
        after = requests.request_report(db, officer, starts_on=date(2024, 1, 1),
                                        ends_on=date(2026, 12, 31))
    assert [a.working_days for a in after.decisions] == \
        [a.working_days for a in before.decisions] == [2, 1]


def test_one_address_sends_a_few_requests_a_day(database: Database) -> None:
    start = _wita(2026, 12, 1)
    for i in range(requests.PER_CLIENT_PER_DAY):
        with database.transaction() as db:
            requests.submit_session_request(db, _draft(email=f"s{i}@x.id"),
                                            now=start + timedelta(hours=i), client="10.0.0.7")
    with pytest.raises(UserError) as caught, database.transaction() as db:
        requests.submit_session_request(db, _draft(email="lagi@x.id"),
                                        now=start + timedelta(hours=6), client="10.0.0.7")
    assert caught.value.problems[0].code == "TOO_MANY_REQUESTS"
    with database.transaction() as db:
        requests.submit_session_request(db, _draft(email="lain@x.id"),
                                        now=start + timedelta(hours=6), client="10.0.0.8")
        requests.submit_session_request(db, _draft(email="besok@x.id"),
                                        now=start + timedelta(days=1, hours=1),
                                        client="10.0.0.7")
    assert _count(database) == requests.PER_CLIENT_PER_DAY + 2
    with database.reader() as db:
        assert "10.0.0.7" not in str(db.scalars(select(SessionRequest.client_hash)).all())

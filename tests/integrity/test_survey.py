"""Answering the survey: who may, once, within 30 days, and apart from who they are."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, inspect, select, update

from edu.auth.models import Role
from edu.db import Database
from edu.errors import Forbidden, UserError
from edu.integrity.models import SurveyAnswer, SurveyParticipation, SurveyService
from edu.integrity.survey import (
    SatisfactionFilter,
    internship_survey_code,
    satisfaction,
    submit_survey,
)
from edu.internships.models import Internship, InternshipStatus
from edu.registrations.models import AttendanceStatus, RegistrationStatus
from tests.edu.certificates_factory import placement_with, session_with, staff
from tests.edu.sessionkit import participant_principal

KEY = b"test-secret-key-not-for-production"
C = RegistrationStatus.CONFIRMED
A = AttendanceStatus
STARTS = datetime(2026, 11, 10, 1, 0, tzinfo=UTC)  # 09.00 WITA; ends two hours later
SOON = STARTS + timedelta(days=1)
GOOD = [4, 3, 4, 4, 3, 4, 4, 3, 4]


def _answer(database: Database, person: int, sid: int, scores: list[int] = GOOD,
            now: datetime = SOON, suggestion: str | None = None) -> str:
    with database.transaction() as db:
        return submit_survey(db, participant_principal(person), scores=scores, session_id=sid,
                             suggestion=suggestion, now=now).id


def _refused(database: Database, code: str, **kw: object) -> None:
    before = _counts(database)
    with pytest.raises(UserError) as caught, database.transaction() as db:
        submit_survey(db, **kw)
    assert caught.value.problems[0].code == code
    assert _counts(database) == before


def _counts(database: Database) -> tuple[int, int]:
    with database.reader() as db:
        return (db.scalar(select(func.count(SurveyAnswer.id))) or 0,
                db.scalar(select(func.count(SurveyParticipation.id))) or 0)


def test_present_and_late_may_answer_once(database: Database) -> None:
    sid, (present, late) = session_with(database, [(C, A.PRESENT), (C, A.LATE)], starts=STARTS)
    _answer(database, present, sid)
    _answer(database, late, sid, [1] * 9)
    assert _counts(database) == (2, 2)
    _refused(database, "ALREADY_ANSWERED", principal=participant_principal(present),
             scores=GOOD, session_id=sid, now=SOON)


@pytest.mark.parametrize("attendance", [A.ABSENT, A.EXCUSED, None])
def test_who_did_not_attend_may_not(database: Database, attendance: A | None) -> None:
    sid, (person,) = session_with(database, [(C, attendance)], starts=STARTS)
    _refused(database, "NOT_ELIGIBLE", principal=participant_principal(person), scores=GOOD,
             session_id=sid, now=SOON)


def test_someone_of_another_session_may_not(database: Database) -> None:
    sid, _ = session_with(database, [(C, A.PRESENT)], starts=STARTS)
    _, (other,) = session_with(database, [(C, A.PRESENT)], starts=STARTS)
    _refused(database, "NOT_ELIGIBLE", principal=participant_principal(other), scores=GOOD,
             session_id=sid, now=SOON)


def test_open_for_thirty_days_after_the_end(database: Database) -> None:
    sid, (early, late) = session_with(database, [(C, A.PRESENT)] * 2, starts=STARTS)
    ends = STARTS + timedelta(hours=2)
    _answer(database, early, sid, now=ends + timedelta(days=30))
    _refused(database, "NOT_ELIGIBLE", principal=participant_principal(late), scores=GOOD,
             session_id=sid, now=ends + timedelta(days=30, seconds=1))


@pytest.mark.parametrize("scores", [[4] * 8, [4] * 10, [0] + [4] * 8, [5] + [4] * 8, []])
def test_nine_scores_from_1_to_4(database: Database, scores: list[int]) -> None:
    sid, (person,) = session_with(database, [(C, A.PRESENT)], starts=STARTS)
    _refused(database, "INVALID_SCORES", principal=participant_principal(person),
             scores=scores, session_id=sid, now=SOON)


def test_staff_and_anonymous_callers_cannot_answer(database: Database) -> None:
    from edu.auth.principal import ANONYMOUS
    from edu.errors import Unauthenticated

    sid, _ = session_with(database, [(C, A.PRESENT)], starts=STARTS)
    with pytest.raises(Unauthenticated), database.transaction() as db:
        submit_survey(db, ANONYMOUS, scores=GOOD, session_id=sid, now=SOON)
    officer = staff(database, Role.EDUCATION_OFFICER, region="52")
    with pytest.raises(Forbidden), database.transaction() as db:
        submit_survey(db, officer, scores=GOOD, session_id=sid, now=SOON)


def test_the_answer_is_stored_apart_from_the_person(database: Database) -> None:
    sid, (person,) = session_with(database, [(C, A.PRESENT)], starts=STARTS)
    answer_id = _answer(database, person, sid, suggestion="Ruangan panas")
    columns = {c["name"] for c in inspect(database.engine).get_columns("survey_answers")}
    # No person, registration or moment: only what was served, where, and the WITA date.
    assert not {"participant_id", "registration_id", "internship_id", "created_at"} & columns
    keys = inspect(database.engine).get_foreign_keys("survey_answers")
    assert {k["referred_table"] for k in keys} == {"sessions", "placements", "regions", "staff"}
    marker_columns = {c["name"] for c in inspect(database.engine).get_columns(
        "survey_participations")}
    assert marker_columns == {"id", "participant_id", "session_id", "internship_id"}
    with database.reader() as db:
        answer = db.get(SurveyAnswer, answer_id)
        assert answer is not None and answer.answered_on == date(2026, 11, 11)
        assert len(answer.id) == 32 and answer.scores == tuple(GOOD)


def test_a_completed_intern_answers_with_the_survey_code(database: Database) -> None:
    pid, (done, active) = placement_with(database, [InternshipStatus.COMPLETED,
                                                    InternshipStatus.ACTIVE])
    finished = datetime(2026, 9, 30, 8, 0, tzinfo=UTC)
    with database.transaction() as db:
        db.execute(update(Internship).where(Internship.id.in_([done, active]))
                   .values(completed_at=finished))
    from edu.auth.principal import ANONYMOUS

    now = finished + timedelta(days=2)
    for iid, code in ((done, "WRONGCODE"), (active, internship_survey_code(KEY, active))):
        _refused(database, "NOT_ELIGIBLE", principal=ANONYMOUS, scores=GOOD, internship_id=iid,
                 survey_code=code, secret_key=KEY, now=now)
    code = internship_survey_code(KEY, done)
    with database.transaction() as db:
        submit_survey(db, ANONYMOUS, scores=[4] * 9, internship_id=done, survey_code=code,
                      secret_key=KEY, now=now)
    _refused(database, "ALREADY_ANSWERED", principal=ANONYMOUS, scores=GOOD,
             internship_id=done, survey_code=code, secret_key=KEY, now=now)
    with database.reader() as db:
        answer = db.scalars(select(SurveyAnswer)).one()
        assert answer.placement_id == pid and answer.service is SurveyService.INTERNSHIP
        figures = satisfaction(db, staff(database, Role.INTERNSHIP_OFFICER, region="52"),
                               SatisfactionFilter(service=SurveyService.INTERNSHIP))
    assert figures.index.ikm == Decimal("100.00") and figures.population == 1


def test_the_index_over_a_session_and_its_sample(database: Database) -> None:
    sid, people = session_with(database, [(C, A.PRESENT)] * 5 + [(C, A.ABSENT)],
                               starts=STARTS)
    for person, scores in zip(people, [[3] * 9] * 3 + [[2] * 9] * 2, strict=False):
        _answer(database, person, sid, scores)
    officer = staff(database, Role.EDUCATION_OFFICER, region="5271")
    with database.reader() as db:
        figures = satisfaction(db, officer, SatisfactionFilter(
            service=SurveyService.VOTER_EDUCATION, session_id=sid))
        # The answers were given on 11 November (WITA): a window without it has none.
        empty = satisfaction(db, officer, SatisfactionFilter(
            service=SurveyService.VOTER_EDUCATION, starts_on=date(2026, 11, 12)))
    assert figures.index.ikm == Decimal("65.00") and figures.index.grade == "C"
    assert figures.population == 5 and figures.minimum_sample == 5
    assert figures.sample_sufficient
    assert empty.index.responses == 0 and empty.index.ikm is None


def test_officers_read_only_their_region_and_service(database: Database) -> None:
    sid, (person,) = session_with(database, [(C, A.PRESENT)], starts=STARTS, region="5271")
    _answer(database, person, sid)
    bima = staff(database, Role.EDUCATION_OFFICER, region="5272")
    interns = staff(database, Role.INTERNSHIP_OFFICER, region="52")
    flt = SatisfactionFilter(service=SurveyService.VOTER_EDUCATION)
    with database.reader() as db:
        assert satisfaction(db, bima, flt).index.responses == 0
        with pytest.raises(Forbidden):
            satisfaction(db, bima, SatisfactionFilter(service=SurveyService.VOTER_EDUCATION,
                                                      region_code="5271"))
        with pytest.raises(Forbidden):
            satisfaction(db, interns, flt)

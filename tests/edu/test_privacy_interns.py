"""An intern's rights, as a participant's: the export holds exactly their data, correction is
checked and audited, erasure keeps every figure (internships, hours, grades, service time,
satisfaction) and leaves no trace of them, their certificate stays verifiable and their feed
stops; retention lists, then erases, only those two years past their last internship."""

from __future__ import annotations

import dataclasses
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, update

from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.calendar.interns import issue_intern_calendar, student_by_secret
from edu.certificates.models import Certificate
from edu.certificates.service import find_by_code, verification_code
from edu.db import Database
from edu.errors import NotFound, UserError
from edu.evidence.chain import verify_chain
from edu.integrity.models import SurveyService
from edu.integrity.survey import (
    SatisfactionFilter,
    figures_in,
    internship_survey_code,
    submit_survey,
)
from edu.internships import evaluation
from edu.internships.models import Internship, InternshipStatus, Placement, Student
from edu.internships.service_time import period_service_time
from edu.privacy.page import export_html
from edu.privacy.service import ERASED_RECIPIENT
from edu.privacy.students import correct_student, erase_student, export_student
from scheduler.certificates.batches import run_next_batch
from scheduler.certificates.store import pdf_path
from scheduler.privacy import erase_intern, run_student_retention
from scheduler.privacy_pdf import export_pdf
from tests.edu.certificates_factory import issue, settings_for
from tests.edu.test_internships_service import (
    apply,
    approve,
    coordinator,
    decide,
    log_day,
    placement,
    staff,
)
from tests.edu.test_privacy import _text_everywhere

A_NAME, A_EMAIL = "Ni Luh Ayu Sekarwangi", "ayu.sekarwangi@kampus.ac.id"
A_PHONE = "+62 819 4444 2121"
B_NAME = "Muhammad Rizki Ramadhan"


def pdf_text(pdf: bytes) -> str:
    """The text of every page of a PDF as a reader copies it, lines joined (a table cell
    wraps its text)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages
                             ).split())


PERIOD = {"starts_on": date(2020, 1, 1), "ends_on": date(2099, 12, 31)}


def _intern_world(database: Database, tmp_path):
    admin = staff(database, Role.ADMIN)
    officer = staff(database, Role.INTERNSHIP_OFFICER)
    coord = coordinator(database, admin)
    place = placement(database, officer)
    a, b = apply(database, coord, place.id, 2)
    with database.reader() as db:
        sa, sb = (db.get(Internship, i).student_id for i in (a, b))
    with database.transaction() as db:
        correct_student(db, coord, sa, full_name=A_NAME, email_address=A_EMAIL,
                        phone_number=A_PHONE)
        correct_student(db, coord, sb, full_name=B_NAME)
    for i in (a, b):
        decide(database, officer, i, note=f"Diterima. Hubungi {A_NAME} bila perlu." if i == a
               else "Diterima.")
        for n in range(2):
            entry, _ = log_day(database, coord, i, date(2030, 2, 3 + n),
                               activity=f"Sosialisasi bersama {A_NAME}" if i == a else "Arsip")
            approve(database, officer, entry.id)
        with database.transaction() as db:
            evaluation.evaluate_internship(db, officer, internship_id=i, score=88, note="Baik")
    settings = settings_for(database, tmp_path)
    for i, scores in ((a, [4] * 9), (b, [3] * 9)):
        with database.transaction() as db:
            submit_survey(db, officer, scores=scores, internship_id=i,
                          survey_code=internship_survey_code(settings.secret_key, i),
                          secret_key=settings.secret_key)
    with database.transaction() as db:
        url = issue_intern_calendar(db, coord, settings, internship_id=a)
    secret = url.rsplit("/", 1)[1].removesuffix(".ics")
    return admin, officer, coord, place.id, (a, b), (sa, sb), settings, secret


def _figures(db, admin) -> tuple:
    internships = db.execute(select(Internship.id, Internship.status, Internship.minutes_logged,
                                    Internship.minutes_approved, Internship.applied_at,
                                    Internship.decided_at).order_by(Internship.id)).all()
    places = db.execute(select(Placement.id, Placement.accepted_count)).all()
    service = dataclasses.asdict(period_service_time(db, admin, **PERIOD))
    ikm = figures_in(db, SatisfactionFilter(service=SurveyService.INTERNSHIP), None)
    students = db.execute(select(Student.university_id, Student.study_program, Student.gender,
                                 func.count()).group_by(Student.university_id,
                                                        Student.study_program, Student.gender)
                          ).all()
    return internships, places, service, ikm, students


def test_an_interns_export_holds_exactly_their_data(database, tmp_path):
    admin, officer, coord, _, (a, _), (sa, sb), _, _ = _intern_world(database, tmp_path)
    data = None
    for who in (coord, officer, admin):
        with database.transaction() as db:
            data = export_student(db, who, sa)
        dumped = json.dumps(data, ensure_ascii=False)
        assert A_NAME in dumped and A_EMAIL in dumped and A_PHONE in dumped
        assert B_NAME not in dumped and "Arsip" not in dumped
        assert coord.name not in dumped and officer.name not in dumped
    assert data is not None
    assert [i["grade"] for i in data["internships"]] == ["A"]
    assert data["internships"][0]["minutes_approved"] == 16 * 60
    assert len(data["internships"][0]["logbook"]) == 2 and data["calendar_feed"]["active"]
    assert data["surveys_answered"] == [a]  # that they answered; the answers are anonymous
    assert A_NAME in export_html(data) and B_NAME not in export_html(data)
    assert A_NAME in pdf_text(export_pdf(data))
    other = coordinator(database, admin)
    with database.transaction() as db, pytest.raises(NotFound):
        export_student(db, other, sa)  # another university's coordinator sees nothing
    with database.reader() as db:
        assert db.scalar(select(func.count()).where(
            AuditEvent.action == "privacy.access_export", AuditEvent.entity_type == "Student",
            AuditEvent.entity_id == str(sa))) == 3


def test_an_interns_correction_is_checked_and_audited(database, tmp_path):
    _, officer, coord, _, _, (sa, _), _, _ = _intern_world(database, tmp_path)
    for bad, code in (({"email_address": "bukan-email"}, "INVALID_EMAIL"),
                      ({"full_name": " "}, "REQUIRED"),
                      ({"phone_number": "12"}, "INVALID_PHONE")):
        with pytest.raises(UserError) as err, database.transaction() as db:
            correct_student(db, officer, sa, **bad)
        assert err.value.problems[0].code == code
    with database.reader() as db:
        student = db.get(Student, sa)
        assert (student.full_name, student.email, student.phone) == (A_NAME, A_EMAIL, A_PHONE)
        fix = db.scalar(select(AuditEvent).where(
            AuditEvent.action == "student.correct", AuditEvent.entity_id == str(sa))
            .order_by(AuditEvent.seq))
        assert fix.actor_staff_id == coord.staff_id and fix.after["full_name"] == A_NAME


def test_erasing_an_intern_keeps_every_figure_and_leaves_no_trace(own_database, tmp_path):
    database = own_database
    admin, officer, coord, place, (a, b), (sa, sb), settings, secret = _intern_world(
        database, tmp_path)
    issue(database, officer, placement_id=place)
    run_next_batch(settings, database, workers=1)
    with database.reader() as db:
        before = _figures(db, admin)
        certs = {c.recipient_id: c for c in db.scalars(select(Certificate))}
        assert student_by_secret(db, secret).id == sa
    files = {i: pdf_path(settings.data_dir, c) for i, c in certs.items()}
    assert files[a].exists() and files[b].exists()
    assert A_NAME in _text_everywhere(database)
    with database.transaction() as db, pytest.raises(UserError, match="reason"):
        erase_student(db, coord, sa, reason=" ")
    erasure = erase_intern(settings, database, coord, sa, reason="Surat mahasiswa, 2 Des 2026")
    assert erasure.redacted_events and not files[a].exists() and files[b].exists()
    with database.reader() as db:
        assert _figures(db, admin) == before
        assert verify_chain(db).intact
        cert = find_by_code(db, verification_code(settings.secret_key, certs[a].id))
        assert cert.recipient_name == ERASED_RECIPIENT and cert.status.value == "VALID"
        with pytest.raises(NotFound):
            student_by_secret(db, secret)
        erased = db.get(Student, sa)
        assert erased.erased_at is not None and erased.full_name == erasure.pseudonym
    everything = _text_everywhere(database)
    for trace in (A_NAME, A_EMAIL, A_PHONE, "Sekarwangi"):
        assert trace not in everything
    assert B_NAME in everything  # the scan does see people
    with database.transaction() as db, pytest.raises(UserError, match="erased"):
        erase_student(db, coord, sa, reason="lagi")


def test_retention_erases_interns_two_years_after_their_last_internship(own_database,
                                                                         tmp_path):
    database = own_database
    admin, officer, coord, place, (a, b), (sa, sb), settings, _ = _intern_world(
        database, tmp_path)
    now = datetime(2033, 4, 2, tzinfo=UTC)  # the 2030 placement ended 3 years before
    long_ago = datetime(2029, 1, 1, tzinfo=UTC)
    with database.transaction() as db:
        db.execute(update(Student).values(created_at=long_ago))
        # B also completed a later internship (a year ago): not expired.
        later = Placement(title="Magang Humas", unit="Humas", region_code="5271",
                          starts_on=date(2032, 3, 1), ends_on=date(2032, 4, 30), quota=1,
                          accepted_count=1, required_hours=16)
        db.add(later)
        db.flush()
        db.add(Internship(placement_id=later.id, student_id=sb, status=InternshipStatus.COMPLETED,
                          completed_at=datetime(2032, 5, 1, tzinfo=UTC)))
    settings = replace(settings, retention_days=730)
    with database.reader() as db:
        before = _figures(db, admin)
    assert [e.person_id for e in run_student_retention(settings, database, now,
                                                            dry_run=True)] == [sa]
    assert run_student_retention(replace(settings, retention_days=0), database, now) == []
    assert run_student_retention(replace(settings, retention_days=1200), database, now,
                                 dry_run=True) == []
    done = run_student_retention(settings, database, now)
    assert [e.person_id for e in done] == [sa]
    with database.reader() as db:
        assert db.get(Student, sa).erased_at is not None
        assert db.get(Student, sb).erased_at is None
        assert _figures(db, admin) == before
        assert db.scalar(select(AuditEvent.after).where(
            AuditEvent.action == "privacy.erase"))["by"] == "retention"
    assert run_student_retention(settings, database, now, dry_run=True) == []

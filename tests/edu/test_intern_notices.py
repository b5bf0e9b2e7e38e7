"""An intern hears of their internship by mail: the decision (with the reason of a refusal),
a logbook day returned (with the supervisor's note), and the evaluation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from edu.auth.models import Role
from edu.certificates.service import verification_code
from edu.db import Database
from edu.internships import evaluation, logbook
from edu.internships.models import InternshipStatus
from scheduler.certificates.batches import BatchRunner
from scheduler.notifications.delivery import deliver_due, smtp_sender
from tests.edu.certificates_factory import certificates, issue, placement_with
from tests.edu.certificates_factory import staff as certificate_staff
from tests.edu.smtpkit import Catcher, text_of, with_smtp
from tests.edu.test_internships_service import (  # noqa: F401  (admin, officer: fixtures)
    admin,
    apply,
    approve,
    coordinator,
    decide,
    log_day,
    officer,
    placement,
)
from tests.support import settings_for_tests


def test_an_intern_hears_of_decision_returned_day_and_evaluation(
        database: Database, admin, officer, smtp: tuple[Catcher, str],  # noqa: F811
        tmp_path: Path) -> None:
    catcher = smtp[0]
    settings = with_smtp(settings_for_tests(tmp_path, database.url), smtp[1])
    sender = smtp_sender(settings)
    assert sender is not None
    coord = coordinator(database, admin)
    taken, refused = apply(database, coord, placement(database, officer).id, count=2)
    decide(database, officer, taken)
    decide(database, officer, refused, accept=False, note="Kuota divisi penuh")
    deliver_due(settings, database, sender)
    accepted, rejected = catcher.messages
    assert "diterima" in text_of(accepted)
    assert "Kuota divisi penuh" in text_of(rejected)
    assert str(accepted["To"]) != str(rejected["To"])
    first, _ = log_day(database, coord, taken, date(2030, 2, 4))
    second, _ = log_day(database, coord, taken, date(2030, 2, 5))
    with database.transaction() as db:
        logbook.review_logbook_entry(db, officer, entry_id=first.id, approve=False,
                                     note="Uraian kegiatan kurang jelas")
    deliver_due(settings, database, sender)
    returned = catcher.messages[-1]
    assert "04-02-2030" in str(returned["Subject"])
    assert "Uraian kegiatan kurang jelas" in text_of(returned)
    log_day(database, coord, taken, date(2030, 2, 4))
    approve(database, officer, first.id)
    approve(database, officer, second.id)
    with database.transaction() as db:
        evaluation.evaluate_internship(db, officer, internship_id=taken, score=88)
    deliver_due(settings, database, sender)
    evaluated, survey = catcher.messages[-2:]  # the evaluation, then the survey's link
    assert "nilai 88" in text_of(evaluated) and str(evaluated["To"]) == str(accepted["To"])
    assert "/survei/magang/" in text_of(survey) and str(survey["To"]) == str(accepted["To"])


def test_an_intern_hears_their_certificate_is_ready(
        own_database: Database, smtp: tuple[Catcher, str], tmp_path: Path) -> None:
    database = own_database  # the live server's batch runner must not take this batch
    settings = with_smtp(settings_for_tests(tmp_path, database.url), smtp[1])
    placement_id, (done, _) = placement_with(
        database, [InternshipStatus.COMPLETED, InternshipStatus.ACTIVE])
    who = certificate_staff(database, Role.ADMIN)
    BatchRunner(settings, database).run(issue(database, who, placement_id=placement_id))
    sender = smtp_sender(settings)
    assert sender is not None
    deliver_due(settings, database, sender)
    [cert] = certificates(database, subject_id=placement_id)
    [mail] = smtp[0].messages
    code = verification_code(settings.secret_key, cert.id)
    assert f"https://edu.example/verify/{code}" in text_of(mail)
    assert "Sertifikat magang" in str(mail["Subject"])

"""More notices, delivered to a real SMTP server: the ticket as a QR image in the registration
mail, the survey link once to whoever attended (and to a completed intern), an internship
decision to the university's coordinators, and the demo's mailer that prints to the log.
On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import logging
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import func, select

from edu.accounts.service import create_user
from edu.auth.models import Role, Staff
from edu.auth.principal import Principal
from edu.config import Settings, load_settings
from edu.db import Database
from edu.errors import UserError
from edu.internships import evaluation
from edu.notifications.models import Notice, NoticeKind, NoticeStatus
from edu.notifications.preferences import choose_mail_language
from edu.registrations import service as registrations
from edu.registrations.models import AttendanceStatus
from scheduler.notifications.delivery import deliver_due, smtp_sender
from tests.edu.cli_run import Ran, in_shell
from tests.edu.sessionkit import at, details, participant_principal, plan, sign_up, staff
from tests.edu.smtpkit import Catcher, deliver, text_of
from tests.edu.test_internships_service import (  # noqa: F401  (admin, officer: fixtures)
    admin,
    apply,
    approve,
    decide,
    log_day,
    officer,
    placement,
    university,
)
from tests.edu.test_internships_service import staff as intern_staff
from tests.support import settings_for_tests

PRESENT, LATE, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ABSENT


def test_the_registration_mail_shows_the_ticket_as_a_qr_image_and_as_text(
        database: Database, mail_settings: Settings, smtp: tuple[Catcher, str]) -> None:
    sid = plan(database, staff(database), capacity=1)
    seated = sign_up(database, sid, details(email="qr@example.id"))
    sign_up(database, sid, details(email="waiting@example.id"))
    assert isinstance(seated, registrations.Registered)
    deliver(mail_settings, database)
    [mail] = smtp[0].to("qr@example.id")
    assert seated.ticket_code in text_of(mail)
    assert mail["List-Unsubscribe"] is None  # only reminders carry it
    assert str(mail["Content-Language"]) == "id"
    html = mail.get_body(("html",))
    assert html is not None
    # The HTML and its image travel together (multipart/related); the image is named by its
    # Content-ID in the HTML, a PNG that mail clients show inline.
    related = next(p for p in mail.walk() if p.get_content_type() == "multipart/related")
    [image] = [p for p in related.iter_parts() if p.get_content_type() == "image/png"]
    cid = str(image["Content-ID"]).strip("<>")
    assert f'src="cid:{cid}"' in str(html.get_content())
    assert f"{seated.ticket_code}" in str(html.get_content())  # also in the image's alt text
    png = image.get_payload(decode=True)
    assert isinstance(png, bytes)
    read = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
    assert read == [seated.ticket_code.upper()]
    # Who waits for a seat has no ticket to show at the door yet.
    [waiting] = smtp[0].to("waiting@example.id")
    assert not [p for p in waiting.walk() if p.get_content_type() == "image/png"]


def _attendance(database: Database, who: Principal, sid: int,
                marks: list[tuple[int, AttendanceStatus]]) -> None:
    with database.transaction() as db:
        registrations.record_attendance(db, who, session_id=sid, entries=marks)


def test_the_survey_link_goes_once_to_who_attended_after_the_session(
        database: Database, mail_settings: Settings, smtp: tuple[Catcher, str]) -> None:
    planner = staff(database)
    sid = plan(database, planner, start=at(0, 1), hours=2)  # attendance is open now
    people = [sign_up(database, sid, details(email=f"{who}@example.id"))
              for who in ("hadir", "telat", "absen", "pintu")]
    ids = [p.participant.id for p in people if isinstance(p, registrations.Registered)]
    with database.transaction() as db:  # "telat" reads English
        choose_mail_language(db, participant_principal(ids[1]), "en")
    _attendance(database, planner, sid, [(ids[0], PRESENT), (ids[1], LATE), (ids[2], ABSENT)])
    with database.transaction() as db:
        registrations.check_in(db, planner, b"test-secret-key-not-for-production",
                               session_id=sid, ticket_code_text=people[3].ticket_code)
    deliver(mail_settings, database)
    smtp[0].messages.clear()  # the registrations' mails
    assert deliver(mail_settings, database, hours_ahead=2.5) == 0 or not [
        m for m in smtp[0].messages if "survei" in text_of(m)]  # not before the end
    # Marked again (the paper list typed in later): still one invitation each.
    _attendance(database, planner, sid, [(ids[0], PRESENT), (ids[1], PRESENT)])
    deliver(mail_settings, database, hours_ahead=3.1)
    surveys = [m for m in smtp[0].messages if "/survei/" in text_of(m)]
    assert sorted(str(m["To"]).split("<")[1].split("@")[0] for m in surveys) == \
        ["hadir", "pintu", "telat"]
    [first] = [m for m in surveys if "hadir@" in str(m["To"])]
    assert "Bagaimana kegiatan" in str(first["Subject"])
    assert f"/survei/{sid}" in text_of(first) and "https://edu.example/saya/" in text_of(first)
    [english] = [m for m in surveys if "telat@" in str(m["To"])]
    assert str(english["Subject"]).startswith("How was ")
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(Notice).where(
            Notice.kind == NoticeKind.SURVEY)) == 3


def test_a_person_marked_absent_after_all_gets_no_survey(
        database: Database, mail_settings: Settings, smtp: tuple[Catcher, str]) -> None:
    planner = staff(database)
    sid = plan(database, planner, start=at(0, 1), hours=2)
    done = sign_up(database, sid, details(email="salah@example.id"))
    assert isinstance(done, registrations.Registered)
    _attendance(database, planner, sid, [(done.participant.id, PRESENT)])
    _attendance(database, planner, sid, [(done.participant.id, ABSENT)])  # a mistake, fixed
    deliver(mail_settings, database, hours_ahead=3.1)
    assert not [m for m in smtp[0].messages if "/survei/" in text_of(m)]
    with database.reader() as db:
        status = db.scalar(select(Notice.status).where(Notice.kind == NoticeKind.SURVEY))
    assert status is NoticeStatus.OBSOLETE


def _coordinator_account(database: Database, username: str, university_code: str,
                         email: str | None) -> None:
    with database.transaction() as db:
        create_user(db, None, username=username, password="a-long-pass-phrase-77",
                    role=Role.UNIVERSITY_COORDINATOR, name=f"Koordinator {username}",
                    university_code=university_code, email=email)


def test_the_coordinators_hear_of_each_decision_and_the_intern_of_the_survey(
        database: Database, admin, officer, mail_settings: Settings,  # noqa: F811
        smtp: tuple[Catcher, str]) -> None:
    catcher = smtp[0]
    code, other = university(database, admin), university(database, admin)
    _coordinator_account(database, "koord1", code, "Koord1@Unram.example")
    _coordinator_account(database, "koord2", code, None)  # no email: nothing to send
    _coordinator_account(database, "koord3", other, "koord3@lain.example")  # not theirs
    coord = intern_staff(database, Role.UNIVERSITY_COORDINATOR, university=code)
    taken, refused = apply(database, coord, placement(database, officer).id, count=2)
    decide(database, officer, taken)
    decide(database, officer, refused, accept=False, note="Kuota divisi penuh")
    deliver(mail_settings, database)
    to_coordinator = catcher.to("koord1@unram.example")
    assert len(to_coordinator) == 2 and not catcher.to("koord3@lain.example")
    accepted, rejected = to_coordinator
    assert "diterima" in text_of(accepted) and "Mahasiswa" in str(accepted["Subject"])
    assert "tidak diterima" in text_of(rejected) and "Kuota divisi penuh" in text_of(rejected)
    assert len(catcher.messages) == 4  # and each student their own
    first, _ = log_day(database, coord, taken, date(2030, 2, 4))
    second, _ = log_day(database, coord, taken, date(2030, 2, 5))
    approve(database, officer, first.id)
    approve(database, officer, second.id)
    with database.transaction() as db:
        evaluation.evaluate_internship(db, officer, internship_id=taken, score=88)
    deliver(mail_settings, database)
    [survey] = [m for m in catcher.messages if "/survei/magang/" in text_of(m)]
    assert str(survey["To"]) == str(catcher.messages[0]["To"])  # the accepted student
    path = text_of(survey).split("https://edu.example", 1)[1].split()[0]
    assert path.startswith(f"/survei/magang/{taken}/")


def test_a_staff_email_is_checked_and_kept_in_lower_case(database: Database) -> None:
    with pytest.raises(UserError) as err, database.transaction() as db:
        create_user(db, None, username="budi", password="a-long-pass-phrase-77",
                    role=Role.ADMIN, name="Budi", email="budi at kpu")
    assert [(p.code, p.field) for p in err.value.problems] == [("INVALID_EMAIL", "email")]
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(Staff).where(
            Staff.full_name == "Budi")) == 0
    with database.transaction() as db:
        account = create_user(db, None, username="budi", password="a-long-pass-phrase-77",
                              role=Role.ADMIN, name="Budi", email=" Budi@KPU.example ")
        staff_row = db.get(Staff, account.staff_id)
        assert staff_row is not None and staff_row.email == "budi@kpu.example"


def test_the_demo_mailer_prints_each_mail_to_the_log(
        database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("EDU_SMTP_URL", "log:")  # what ./scripts/demo sets
    monkeypatch.setenv("EDU_DATA_DIR", str(tmp_path))
    settings = replace(settings_for_tests(tmp_path, database.url),
                       smtp_url=load_settings().smtp_url, public_url="https://edu.example")
    sid = plan(database, staff(database), title="Kelas Demo")
    done = sign_up(database, sid, details(name="Lalu Demo", email="demo@example.id"))
    assert isinstance(done, registrations.Registered)
    sender = smtp_sender(settings)
    assert sender is not None
    with caplog.at_level(logging.WARNING, logger="edu.notifications"):
        assert deliver_due(settings, database, sender) >= 1
    printed = caplog.text
    assert "EDU_SMTP_URL=log:" in printed and "To: Lalu Demo <demo@example.id>" in printed
    assert "Pendaftaran Anda: Kelas Demo" in printed and done.ticket_code in printed
    assert "undangan.ics (text/calendar)" in printed and "base64" not in printed
    with database.reader() as db:
        assert db.scalar(select(Notice.status).where(
            Notice.kind == NoticeKind.REGISTERED, Notice.session_id == sid)) is NoticeStatus.SENT


def test_the_user_and_token_commands_take_an_email_and_refuse_a_bad_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    run = in_shell(monkeypatch, capsys)

    def edu(*args: str, stdin: str = "") -> Ran:
        return run(list(args), cwd=tmp_path, env={"EDU_DATA_DIR": str(tmp_path)}, stdin=stdin)

    assert edu("db", "upgrade").returncode == 0
    create = ("user", "create", "rina", "--role", "EDUCATION_OFFICER", "--name", "Rina",
              "--region", "5271", "--password-stdin", "--email")
    bad = edu(*create, "rina@", stdin="a-long-pass-phrase-77\n")
    assert bad.returncode == 2 and "not an email address" in bad.stderr
    assert "rina" not in edu("user", "list").stdout  # nothing written
    assert edu(*create, "Rina@KPU.example", stdin="a-long-pass-phrase-77\n").returncode == 0
    token = edu("token", "create", "--role", "FACILITATOR", "--name", "Fasilitator",
                "--region", "5271", "--email", "Fasil@KPU.example")
    assert token.returncode == 0, token.stderr
    database = Database(f"sqlite:///{tmp_path / 'edu.sqlite3'}")
    try:
        with database.reader() as db:
            assert db.scalar(select(Staff.email).where(Staff.full_name == "Rina")) == \
                "rina@kpu.example"
            assert db.scalar(select(Staff.email).where(Staff.full_name == "Fasilitator")) == \
                "fasil@kpu.example"
    finally:
        database.dispose()

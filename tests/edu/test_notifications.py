"""The outbox delivers real mail to a real SMTP server: invitations, changes, reminders, and
the outbox's promises (nothing from a rolled-back change, one copy despite refusals and
crashes). On SQLite and PostgreSQL."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from edu.auth.models import Role
from edu.auth.principal import ANONYMOUS
from edu.certificates.service import verification_code
from edu.config import Settings
from edu.db import Database
from edu.notifications import outbox
from edu.notifications.models import Notice, NoticeKind, NoticeStatus
from edu.participants.models import Participant
from edu.registrations import service as registrations
from edu.sessions import service as sessions
from scheduler.certificates.batches import BatchRunner
from scheduler.notifications.compose import message_id
from scheduler.notifications.delivery import deliver_due, smtp_sender
from tests.edu.certificates_factory import CONFIRMED, PRESENT, certificates, issue, session_with
from tests.edu.certificates_factory import staff as certificate_staff
from tests.edu.sessionkit import (
    KEY,
    at,
    details,
    participant_principal,
    plan,
    sign_up,
    staff,
    together,
)
from tests.edu.smtpkit import (
    Catcher,
    deliver,
    icaljs_reading,
    invitation,
    text_of,
    with_smtp,
)
from tests.support import settings_for_tests


def test_registration_brings_an_invitation_with_the_sessions_uid(
        database: Database, mail_settings: Settings, smtp: tuple[Catcher, str]) -> None:
    catcher = smtp[0]
    sid = plan(database, staff(database), title="Pemilih Cerdas")
    done = sign_up(database, sid, details(email="ani@example.id"))
    assert isinstance(done, registrations.Registered)
    deliver(mail_settings, database)
    [mail] = catcher.to("ani@example.id")
    assert "Pemilih Cerdas" in str(mail["Subject"])
    text = text_of(mail)
    assert done.ticket_code in text and "https://edu.example/saya/" in text
    assert mail.get_body(("html",)) is not None
    cal = invitation(mail)
    assert cal["METHOD"] == "REQUEST"
    [event] = cal.walk("VEVENT")
    assert str(event["UID"]) == f"sesi-{sid}@edu.example"
    assert "ani@example.id" in str(event["ATTENDEE"])
    icaljs = icaljs_reading(mail)  # as Thunderbird reads it
    if icaljs is not None:
        assert icaljs["method"] == "REQUEST"
        assert [e["uid"] for e in icaljs["events"]] == [f"sesi-{sid}@edu.example"]


def test_reschedule_and_cancellation_reach_confirmed_and_waitlisted_people(
        database: Database, mail_settings: Settings, smtp: tuple[Catcher, str]) -> None:
    catcher = smtp[0]
    officer = staff(database)
    sid = plan(database, officer, capacity=1)
    sign_up(database, sid, details(email="seat@example.id"))
    sign_up(database, sid, details(email="wait@example.id"))
    deliver(mail_settings, database)
    first = invitation(catcher.to("seat@example.id")[0]).walk("VEVENT")[0]
    with database.transaction() as db:
        sessions.reschedule_session(db, officer, sid, at(12), at(12, 2))
    deliver(mail_settings, database)
    for address in ("seat@example.id", "wait@example.id"):
        moved = catcher.to(address)[-1]
        assert "Jadwal berubah" in str(moved["Subject"])
        event = invitation(moved).walk("VEVENT")[0]
        assert str(event["UID"]) == str(first["UID"])
        assert int(event["SEQUENCE"]) > int(first["SEQUENCE"])
    with database.transaction() as db:
        sessions.cancel_session(db, officer, sid, "Gedung dipakai")
    deliver(mail_settings, database)
    for address in ("seat@example.id", "wait@example.id"):
        cancelled = catcher.to(address)[-1]
        assert "Gedung dipakai" in text_of(cancelled)
        cal = invitation(cancelled)
        assert cal["METHOD"] == "CANCEL"
        assert str(cal.walk("VEVENT")[0]["UID"]) == str(first["UID"])
    icaljs = icaljs_reading(cancelled)
    if icaljs is not None:
        assert icaljs["method"] == "CANCEL"
        [event] = icaljs["events"]
        assert event["uid"] == str(first["UID"]) and event["sequence"] > int(first["SEQUENCE"])


def test_waitlist_promotion_says_you_have_a_seat(
        database: Database, mail_settings: Settings, smtp: tuple[Catcher, str]) -> None:
    catcher = smtp[0]
    sid = plan(database, staff(database), capacity=1)
    seated = sign_up(database, sid, details(email="first@example.id"))
    sign_up(database, sid, details(email="second@example.id"))
    deliver(mail_settings, database)
    assert "daftar tunggu" in text_of(catcher.to("second@example.id")[0])
    with database.transaction() as db:
        registrations.cancel_registration(
            db, participant_principal(seated.participant.id), seated.registration.id)
    deliver(mail_settings, database)
    promoted = catcher.to("second@example.id")[-1]
    assert "Anda mendapat kursi" in str(promoted["Subject"])
    assert invitation(promoted)["METHOD"] == "REQUEST"


def test_reminder_comes_the_configured_hours_before_and_not_for_a_late_booking(
        database: Database, mail_settings: Settings, smtp: tuple[Catcher, str]) -> None:
    catcher = smtp[0]
    early = plan(database, staff(database), start=at(3))
    soon = plan(database, staff(database), start=at(0, 12))
    sign_up(database, early, details(email="early@example.id"))
    sign_up(database, soon, details(email="soon@example.id"))
    deliver(mail_settings, database)  # the registrations' own mails
    assert len(catcher.messages) == 2, [(m["To"], m["Subject"]) for m in catcher.messages]
    deliver(mail_settings, database, hours_ahead=24)  # two days before: nothing yet
    assert len(catcher.messages) == 2
    deliver(mail_settings, database, hours_ahead=49)  # within 24 hours of the start
    [reminder] = [m for m in catcher.messages if "Pengingat" in str(m["Subject"])]
    assert "early@example.id" in str(reminder["To"])
    assert str(reminder["List-Unsubscribe"]).strip().startswith("<https://edu.example/saya/")
    with database.reader() as db:
        kept = db.scalar(select(Notice.status).where(Notice.kind == NoticeKind.REMINDER,
                                                      Notice.session_id == soon))
    assert kept is NoticeStatus.OBSOLETE  # booked 12 hours before: no reminder


def test_a_rolled_back_registration_sends_nothing(
        database: Database, mail_settings: Settings, smtp: tuple[Catcher, str]) -> None:
    sid = plan(database, staff(database))
    with pytest.raises(RuntimeError), database.transaction() as db:
        registrations.register(db, ANONYMOUS, KEY, session_id=sid,
                               details=details(email="gone@example.id"), consent=True,
                               guardian_consent=False)
        raise RuntimeError("the change fails after the booking")
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(Notice)) == 0
    assert deliver(mail_settings, database) == 0
    assert smtp[0].messages == []


def test_a_server_that_refuses_then_accepts_gets_exactly_one_copy(
        database: Database, mail_settings: Settings, smtp: tuple[Catcher, str]) -> None:
    catcher = smtp[0]
    catcher.refuse = 1
    sid = plan(database, staff(database))
    sign_up(database, sid, details(email="retry@example.id"))
    deliver(mail_settings, database)
    assert catcher.messages == []
    with database.reader() as db:
        notice = db.scalar(select(Notice).where(Notice.kind == NoticeKind.REGISTERED))
    assert notice is not None and notice.status is NoticeStatus.PENDING
    assert notice.attempts == 1 and "451" in (notice.last_error or "")
    assert deliver(mail_settings, database) == 0  # backing off
    deliver(mail_settings, database, hours_ahead=outbox.retry_delay(1).seconds / 3600 + 0.01)
    assert len(catcher.to("retry@example.id")) == 1
    deliver(mail_settings, database, hours_ahead=1)
    assert len(catcher.to("retry@example.id")) == 1


def test_a_runner_killed_mid_send_does_not_duplicate(
        database: Database, mail_settings: Settings, smtp: tuple[Catcher, str]) -> None:
    catcher = smtp[0]
    sid = plan(database, staff(database))
    sign_up(database, sid, details(email="crash@example.id"))
    real = smtp_sender(mail_settings)
    assert real is not None

    class Killed(BaseException):
        pass

    def send_then_die(message: EmailMessage) -> None:
        real(message)
        raise Killed  # the process dies before it can mark the notice sent

    with pytest.raises(Killed):
        deliver_due(mail_settings, database, send_then_die)
    # Another runner: the lease holds the notice while the first might still be sending ...
    assert deliver(mail_settings, database) == 0
    # ... and once it runs out, the notice goes again under the same Message-ID.
    deliver(mail_settings, database, hours_ahead=outbox.LEASE.seconds / 3600 + 0.01)
    copies = catcher.to("crash@example.id")
    with database.reader() as db:
        notice = db.scalar(select(Notice).where(Notice.kind == NoticeKind.REGISTERED))
    assert notice is not None and notice.status is NoticeStatus.SENT
    assert {str(m["Message-ID"]) for m in copies} == {message_id(mail_settings, notice)}


def test_an_existing_persons_email_gets_a_confirmation_link(
        database: Database, mail_settings: Settings, smtp: tuple[Catcher, str]) -> None:
    catcher = smtp[0]
    sid = plan(database, staff(database))
    other = plan(database, staff(database))
    sign_up(database, sid, details(email="known@example.id"))
    sign_up(database, other, details(email="known@example.id"))  # someone else types it
    deliver(mail_settings, database)
    confirm = catcher.to("known@example.id")[-1]
    assert "Konfirmasi" in str(confirm["Subject"])
    link = next(w for w in text_of(confirm).split() if "/konfirmasi/" in w)
    with database.transaction() as db:
        booked = registrations.confirm_registration_request(db, KEY, link.rsplit("/", 1)[1])
    assert booked.session_id == other


def test_runners_in_parallel_send_each_notice_once(
        database: Database, mail_settings: Settings, smtp: tuple[Catcher, str]) -> None:
    sid = plan(database, staff(database))
    for i in range(6):
        sign_up(database, sid, details(email=f"p{i}@example.id"))
    sender = smtp_sender(mail_settings)
    assert sender is not None
    together(3, lambda _: deliver_due(mail_settings, database, sender))
    assert sorted(str(m["To"]).split("<")[1] for m in smtp[0].messages) == \
        sorted(f"p{i}@example.id>" for i in range(6))


def test_a_claimed_notice_is_skipped_not_waited_for_on_postgresql(database: Database) -> None:
    if database.dialect != "postgresql":
        pytest.skip("SQLite serialises writers: a second claim waits for the first")
    sid = plan(database, staff(database))
    sign_up(database, sid, details())
    sign_up(database, sid, details())
    with database.transaction() as first:
        held = outbox.claim_next(first)  # locked, not yet committed
        with database.transaction() as second:
            # Without SKIP LOCKED this claim would wait for the first: fail fast instead.
            second.execute(text("SET LOCAL lock_timeout = '2s'"))
            other = outbox.claim_next(second)
        assert held is not None and other is not None and held.id != other.id


def test_certificate_ready_brings_download_and_verify_links(
        own_database: Database, smtp: tuple[Catcher, str], tmp_path: Path) -> None:
    database = own_database  # the live server's batch runner must not take this batch
    settings = with_smtp(settings_for_tests(tmp_path, database.url), smtp[1])
    sid, people = session_with(database, [(CONFIRMED, PRESENT), (CONFIRMED, None)])
    admin = certificate_staff(database, Role.ADMIN)
    BatchRunner(settings, database).run(issue(database, admin, session_id=sid))
    deliver(settings, database)
    [cert] = certificates(database, subject_id=sid)
    [mail] = smtp[0].messages  # only the one who attended
    with database.reader() as db:
        person = db.get(Participant, people[0])
        assert person is not None and person.email is not None
    assert person.email in str(mail["To"])
    code = verification_code(settings.secret_key, cert.id)
    text = text_of(mail)
    assert f"https://edu.example/certificates/{code}.pdf" in text
    assert f"https://edu.example/verify/{code}" in text

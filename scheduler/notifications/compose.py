"""A notice as the email a person receives: Indonesian (English when they chose it), plain
text and simple HTML, with a calendar invitation for changes to their sessions.

Composed when it is sent, from the records as they are then, so the outbox keeps ids only."""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from zoneinfo import ZoneInfo

import segno
from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.certificates.models import Certificate
from edu.certificates.service import download_url, verification_code, verification_url
from edu.config import DISPLAY_TZ, Settings
from edu.db import utcnow
from edu.integrity.models import SurveyParticipation
from edu.integrity.survey import ATTENDED, OPEN_DAYS
from edu.notifications.models import Notice, NoticeKind
from edu.notifications.outbox import reminder_applies
from edu.participants.models import Participant
from edu.participants.own_page import ensure_own_page_secret
from edu.registrations.models import Registration, RegistrationStatus
from edu.registrations.requests import request_token
from edu.registrations.service import ticket_code
from edu.secrets import derive_code
from edu.sessions.models import EduSession, SessionStatus
from scheduler.feeds.events import session_event, uid_domain
from scheduler.notifications.invitations import invitation

WORDS: dict[str, dict[str, str]] = {
    "id": {
        "hello": "Halo {name},",
        "REGISTERED": "Pendaftaran Anda: {title}",
        "REGISTERED.body": "Anda terdaftar pada kegiatan {title}, {when}.",
        "waitlisted": "Anda berada di daftar tunggu (nomor {position}); kami kabari bila ada "
                      "kursi.",
        "ticket": "Kode tiket Anda: {code}",
        "mine": "Pendaftaran saya: {url}",
        "PROMOTED": "Anda mendapat kursi: {title}",
        "PROMOTED.body": "Kursi untuk Anda sudah tersedia pada kegiatan {title}, {when}.",
        "RESCHEDULED": "Jadwal berubah: {title}",
        "RESCHEDULED.body": "Kegiatan {title} dipindah ke {when}.",
        "CANCELLED": "Dibatalkan: {title}",
        "CANCELLED.body": "Kegiatan {title} ({when}) dibatalkan. Alasan: {reason}",
        "REMINDER": "Pengingat: {title}",
        "REMINDER.body": "Kegiatan {title} dimulai {when}. Sampai jumpa!",
        "CONFIRM_REQUEST": "Konfirmasi pendaftaran: {title}",
        "CONFIRM_REQUEST.body": "Seseorang mendaftarkan alamat email ini pada kegiatan "
                                "{title}, {when}. Bila itu Anda, konfirmasi di sini: {url}\n"
                                "Bila bukan, abaikan email ini; tidak ada yang dipesan.",
        "LOST_LINK": "Tautan Pendaftaran saya",
        "LOST_LINK.body": "Ini tautan halaman Pendaftaran saya Anda: {url}\n"
                          "Bila Anda tidak memintanya, abaikan email ini.",
        "CERTIFICATE_READY": "Sertifikat Anda: {title}",
        "CERTIFICATE_READY.body": "Sertifikat kegiatan {title} sudah terbit.\n"
                                  "Unduh: {download}\nPeriksa keasliannya: {verify}",
        "unsubscribe": "Tidak ingin menerima pengingat lagi? {url}",
        "SURVEY": "Bagaimana kegiatan {title}?",
        "SURVEY.body": "Terima kasih sudah hadir pada kegiatan {title}, {when}. Mohon isi "
                       "survei kepuasan (9 pertanyaan, jawaban tanpa nama): {url}",
        "qr": "Tunjukkan kode QR ini di pintu masuk",
    },
    "en": {
        "hello": "Hello {name},",
        "REGISTERED": "Your registration: {title}",
        "REGISTERED.body": "You are registered for {title}, {when}.",
        "waitlisted": "You are on the waiting list (number {position}); we will tell you when "
                      "a seat is free.",
        "ticket": "Your ticket code: {code}",
        "mine": "My registrations: {url}",
        "PROMOTED": "You have a seat: {title}",
        "PROMOTED.body": "A seat is now yours at {title}, {when}.",
        "RESCHEDULED": "New time: {title}",
        "RESCHEDULED.body": "{title} has moved to {when}.",
        "CANCELLED": "Cancelled: {title}",
        "CANCELLED.body": "{title} ({when}) is cancelled. Reason: {reason}",
        "REMINDER": "Reminder: {title}",
        "REMINDER.body": "{title} starts {when}. See you there!",
        "CONFIRM_REQUEST": "Confirm your registration: {title}",
        "CONFIRM_REQUEST.body": "Someone registered this email address for {title}, {when}. "
                                "If it was you, confirm here: {url}\n"
                                "If not, ignore this email; nothing is booked.",
        "LOST_LINK": "Your My registrations link",
        "LOST_LINK.body": "Here is the link to your My registrations page: {url}\n"
                          "If you did not ask for it, ignore this email.",
        "CERTIFICATE_READY": "Your certificate: {title}",
        "CERTIFICATE_READY.body": "Your certificate of {title} is ready.\n"
                                  "Download: {download}\nCheck that it is genuine: {verify}",
        "unsubscribe": "No more reminders? {url}",
        "SURVEY": "How was {title}?",
        "SURVEY.body": "Thank you for attending {title}, {when}. Please answer the "
                       "satisfaction survey (9 questions, answers without your name): {url}",
        "qr": "Show this QR code at the door",
    },
}
# Mails that the person may show at the door: their ticket code comes as a QR image too.
QR_KINDS = (NoticeKind.REGISTERED, NoticeKind.PROMOTED, NoticeKind.REMINDER)
QR_SCALE = 6  # pixels per module: big enough for a phone camera held up at the door
INVITES = {NoticeKind.REGISTERED: "REQUEST", NoticeKind.PROMOTED: "REQUEST",
           NoticeKind.RESCHEDULED: "REQUEST", NoticeKind.CANCELLED: "CANCEL"}
_URL = re.compile(r"https?://\S+")


class Obsolete(Exception):
    """The notice no longer holds (its person or session changed): nothing is sent."""


@dataclass
class Draft:
    subject: str
    lines: list[str] = field(default_factory=list)
    calendar: bytes | None = None
    method: str | None = None
    unsubscribe: str | None = None
    qr: str | None = None  # the ticket code, also drawn as a QR image in the HTML


def message_id(settings: Settings, notice: Notice) -> str:
    """The same for every attempt at one notice: a resend after a crash is one message."""
    tag = derive_code(settings.secret_key, "notice", notice.id, notice.created_at.isoformat(),
                      length=16).lower()
    return f"<notice-{notice.id}.{tag}@{uid_domain(settings.public_url)}>"


def _when(session: EduSession) -> str:
    return session.starts_at.astimezone(ZoneInfo(DISPLAY_TZ)).strftime("%d-%m-%Y %H:%M WITA")


def compose(db: Session, settings: Settings, notice: Notice) -> EmailMessage:
    """The message for a notice (may store the person's page secret hash); Obsolete when
    there is nobody to send it to or it no longer holds."""
    if notice.student_id is not None or notice.staff_id is not None:
        from scheduler.notifications.interns import compose_for_intern

        return compose_for_intern(db, settings, notice)
    person = db.get(Participant, notice.participant_id) if notice.participant_id else None
    if person is None or not person.email or person.erased_at is not None:
        raise Obsolete("no email address")
    session = db.get(EduSession, notice.session_id) if notice.session_id else None
    words = WORDS.get(person.language, WORDS["id"])
    key = settings.secret_key
    fill = {"name": person.full_name}
    if session is not None:
        fill |= {"title": session.title, "when": _when(session),
                 "reason": session.cancel_reason or ""}
    draft = Draft(words[notice.kind.value].format(**fill))
    mine = f"{settings.public_url}/saya/{ensure_own_page_secret(key, person)}"
    registration = None
    if session is not None:
        registration = db.scalar(select(Registration).where(
            Registration.session_id == session.id, Registration.participant_id == person.id))
    kind = notice.kind
    if session is not None and kind is not NoticeKind.CONFIRM_REQUEST and (
            registration is None or registration.status is RegistrationStatus.CANCELLED):
        raise Obsolete("the person gave their place back")
    if kind in (NoticeKind.REGISTERED, NoticeKind.PROMOTED, NoticeKind.REMINDER,
                NoticeKind.RESCHEDULED) and (
            session is None or session.status is not SessionStatus.PUBLISHED):
        raise Obsolete("the session is no longer open")
    if kind is NoticeKind.REMINDER and not person.reminders:
        raise Obsolete("the person turned reminders off")
    if kind is NoticeKind.REMINDER and (
            session is None or registration is None
            or registration.status is not RegistrationStatus.CONFIRMED
            or not reminder_applies(notice, session, settings.reminder_hours)):
        raise Obsolete("the reminder no longer applies")
    if kind is NoticeKind.CONFIRM_REQUEST:
        token = request_token(key, notice.details["request_id"])
        fill["url"] = f"{settings.public_url}/konfirmasi/{token}"
    if kind is NoticeKind.LOST_LINK:
        fill["url"] = mine
    if kind is NoticeKind.SURVEY:
        assert session is not None and registration is not None
        if not survey_open(db, registration, session):
            raise Obsolete("no survey to answer")
        fill["url"] = f"{mine}/survei/{session.id}"
    if kind is NoticeKind.CERTIFICATE_READY:
        cert = db.get(Certificate, notice.details["certificate_id"])
        if cert is None or not cert.valid:
            raise Obsolete("the certificate was revoked")
        code = verification_code(key, cert.id)
        fill |= {"download": download_url(settings.public_url, code),
                 "verify": verification_url(settings.public_url, code)}
    draft.lines.append(words[f"{kind.value}.body"].format(**fill))
    if kind is NoticeKind.REGISTERED and registration is not None:
        if registration.status is RegistrationStatus.WAITLISTED:
            draft.lines.append(words["waitlisted"].format(
                position=registration.waitlist_position))
    if session is not None and kind not in (NoticeKind.CONFIRM_REQUEST,
                                            NoticeKind.CERTIFICATE_READY, NoticeKind.SURVEY):
        code = ticket_code(key, session.id, person.id)
        draft.lines.append(words["ticket"].format(code=code))
        draft.lines.append(words["mine"].format(url=mine))
        if kind in QR_KINDS and registration is not None and \
                registration.status is RegistrationStatus.CONFIRMED:
            draft.qr = code
    if kind is NoticeKind.REMINDER:
        draft.unsubscribe = f"{mine}/pengingat"
        draft.lines.append(words["unsubscribe"].format(url=draft.unsubscribe))
    method = INVITES.get(kind)
    if method and session is not None:
        waiting = registration is not None and \
            registration.status is RegistrationStatus.WAITLISTED
        event = session_event(session, tzid=DISPLAY_TZ, domain=uid_domain(settings.public_url),
                              stamp=session.updated_at, waitlisted=waiting)
        draft.calendar = invitation(event, method, organizer=settings.mail_from,
                                    attendee=person.email, attendee_name=person.full_name)
        draft.method = method
    return message(settings, notice, (person.full_name, person.email, person.language),
                   draft, words)


def message(settings: Settings, notice: Notice, to: tuple[str, str, str], draft: Draft,
            words: dict[str, str]) -> EmailMessage:
    """The email: to (name, address, language), plain text and HTML, the invitation."""
    name, address, language = to
    msg = EmailMessage()
    msg["From"] = settings.mail_from
    msg["To"] = formataddr((name, address))
    msg["Subject"] = draft.subject
    msg["Date"] = formatdate(notice.created_at.timestamp(), localtime=False)
    msg["Message-ID"] = message_id(settings, notice)
    if draft.unsubscribe:
        # One click in the mail client (RFC 8058): it POSTs to the link, which turns the
        # person's reminders off; the link opened in a browser asks first.
        msg["List-Unsubscribe"] = f"<{draft.unsubscribe}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    lines = [words["hello"].format(name=name), "", *draft.lines, "", "KPU NTB"]
    msg.set_content("\n".join(lines))
    if draft.qr is None:
        msg.add_alternative(_html(lines, language), subtype="html")
    else:
        # A PNG beside the HTML (multipart/related), shown where the HTML names its
        # Content-ID: mail clients show inline PNG, while SVG and data: URLs they drop.
        png, size = qr_png(draft.qr)
        cid = f"ticket-{notice.id}@{uid_domain(settings.public_url)}"
        image = (f'<img src="cid:{cid}" alt="{html.escape(words["qr"])}: {draft.qr}" '
                 f'width="{size}" height="{size}">')
        msg.add_alternative(_html(lines, language, image), subtype="html")
        html_part = msg.get_body(("html",))
        assert isinstance(html_part, EmailMessage)
        html_part.add_related(png, maintype="image", subtype="png", cid=f"<{cid}>",
                              filename="tiket.png", disposition="inline")
    if draft.calendar is not None and draft.method is not None:
        msg.add_attachment(draft.calendar, maintype="text", subtype="calendar",
                           params={"method": draft.method}, filename="undangan.ics")
    # Last: making the message multipart moves the Content-* headers set before into its
    # first part.
    msg["Content-Language"] = language
    return msg


def qr_png(code: str) -> tuple[bytes, int]:
    """The ticket code as a QR image (what the ticket page draws, as a PNG) and its width."""
    qr, out = segno.make(code, error="m"), io.BytesIO()
    qr.save(out, kind="png", scale=QR_SCALE, border=4)
    return out.getvalue(), int(qr.symbol_size(scale=QR_SCALE, border=4)[0])


def survey_open(db: Session, registration: Registration, session: EduSession) -> bool:
    """Whether the person took part and may still answer the session's survey."""
    answered = db.scalar(select(SurveyParticipation.id).where(
        SurveyParticipation.session_id == session.id,
        SurveyParticipation.participant_id == registration.participant_id))
    return (registration.status is RegistrationStatus.CONFIRMED
            and registration.attendance_status in ATTENDED
            and session.status is not SessionStatus.CANCELLED and answered is None
            and utcnow() <= session.ends_at + timedelta(days=OPEN_DAYS))


def _html(lines: list[str], language: str = "id", image: str | None = None) -> str:
    def linked(text: str) -> str:
        out, last = [], 0
        for m in _URL.finditer(text):
            out += [html.escape(text[last:m.start()]),
                    f'<a href="{html.escape(m.group())}">{html.escape(m.group())}</a>']
            last = m.end()
        return "".join(out) + html.escape(text[last:])

    body = "".join(f"<p>{linked(line)}</p>" for line in "\n".join(lines).split("\n") if line)
    if image:
        body += f"<p>{image}</p>"
    return f'<!doctype html><html lang="{html.escape(language)}"><body>{body}</body></html>'

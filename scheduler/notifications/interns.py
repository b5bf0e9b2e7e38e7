"""An intern's notices, to the student's address: the decision on their application, a
logbook day returned, the evaluation, the survey, and their certificate; and the decision to
their university's coordinators."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.auth.models import Staff
from edu.certificates.models import Certificate
from edu.certificates.service import download_url, verification_code, verification_url
from edu.config import Settings
from edu.db import utcnow
from edu.integrity.models import SurveyParticipation
from edu.integrity.survey import OPEN_DAYS, internship_survey_code
from edu.internships.models import (
    Evaluation,
    Internship,
    InternshipStatus,
    LogbookEntry,
    LogbookStatus,
)
from edu.notifications.models import Notice, NoticeKind
from scheduler.notifications.compose import WORDS, Draft, Obsolete, message

SUBJECTS = {
    NoticeKind.INTERNSHIP_DECIDED: "Keputusan magang: {title}",
    NoticeKind.LOGBOOK_RETURNED: "Logbook dikembalikan: {day}",
    NoticeKind.INTERNSHIP_EVALUATED: "Penilaian magang: {title}",
    NoticeKind.INTERN_CERTIFICATE_READY: "Sertifikat magang: {title}",
    NoticeKind.INTERN_SURVEY: "Bagaimana magang Anda di {title}?",
    NoticeKind.COORDINATOR_DECIDED: "Keputusan magang {student}: {title}",
}
BODIES = {
    "accepted": "Lamaran magang Anda di {title} diterima. Selamat bergabung!",
    "rejected": "Lamaran magang Anda di {title} belum dapat diterima. Alasan: {note}",
    "returned": "Catatan logbook Anda tanggal {day} dikembalikan pembimbing untuk "
                "diperbaiki. Catatan pembimbing: {note}",
    "evaluated": "Magang Anda di {title} selesai dinilai: nilai {score} ({grade}).",
    "certificate": "Sertifikat magang Anda di {title} sudah terbit.\nUnduh: {download}\n"
                   "Periksa keasliannya: {verify}",
    "survey": "Terima kasih telah menyelesaikan magang di {title}. Mohon isi survei kepuasan "
              "(9 pertanyaan, jawaban tanpa nama): {url}",
    "coordinator.accepted": "Lamaran magang mahasiswa Anda {student} (NIM {number}) di {title} "
                            "diterima.",
    "coordinator.rejected": "Lamaran magang mahasiswa Anda {student} (NIM {number}) di {title} "
                            "tidak diterima. Alasan: {note}",
}


def compose_for_intern(db: Session, settings: Settings, notice: Notice) -> EmailMessage:
    """The message to the student of an internship (or to a coordinator of their
    university); Obsolete once it no longer holds."""
    internship = db.get(Internship, notice.details.get("internship_id"))
    student = internship.student if internship is not None else None
    if student is None or internship is None:
        raise Obsolete("no such intern any more")
    fill = {"title": internship.placement.title, "note": internship.decision_note or "",
            "student": student.full_name, "number": student.student_number}
    kind = notice.kind
    to: tuple[str, str | None] = (student.full_name, student.email)
    if notice.staff_id is not None:
        coordinator = db.get(Staff, notice.staff_id)
        if coordinator is None or coordinator.university_id != student.university_id:
            raise Obsolete("no longer this university's coordinator")
        to = (coordinator.full_name, coordinator.email)
    name, address = to
    if not address:
        raise Obsolete("no email address")
    if kind is NoticeKind.COORDINATOR_DECIDED:
        body = "coordinator." + (
            "rejected" if internship.status is InternshipStatus.REJECTED else "accepted")
    elif kind is NoticeKind.INTERN_SURVEY:
        answered = db.scalar(select(SurveyParticipation.id).where(
            SurveyParticipation.internship_id == internship.id))
        if answered is not None or internship.completed_at is None \
                or utcnow() > internship.completed_at + timedelta(days=OPEN_DAYS):
            raise Obsolete("no survey to answer")
        code = internship_survey_code(settings.secret_key, internship.id)
        fill["url"] = f"{settings.public_url}/survei/magang/{internship.id}/{code}"
        body = "survey"
    elif kind is NoticeKind.INTERNSHIP_DECIDED:
        body = "rejected" if internship.status is InternshipStatus.REJECTED else "accepted"
    elif kind is NoticeKind.LOGBOOK_RETURNED:
        entry = db.get(LogbookEntry, notice.details["entry_id"])
        if entry is None or entry.status is not LogbookStatus.RETURNED:
            raise Obsolete("the day was logged again")
        fill |= {"day": entry.day.strftime("%d-%m-%Y"), "note": entry.review_note or ""}
        body = "returned"
    elif kind is NoticeKind.INTERNSHIP_EVALUATED:
        evaluation = db.scalar(select(Evaluation).where(
            Evaluation.internship_id == internship.id))
        if evaluation is None:
            raise Obsolete("no evaluation")
        fill |= {"score": str(evaluation.score), "grade": evaluation.grade}
        body = "evaluated"
    elif kind is NoticeKind.INTERN_CERTIFICATE_READY:
        cert = db.get(Certificate, notice.details["certificate_id"])
        if cert is None or not cert.valid:
            raise Obsolete("the certificate was revoked")
        code = verification_code(settings.secret_key, cert.id)
        fill |= {"download": download_url(settings.public_url, code),
                 "verify": verification_url(settings.public_url, code)}
        body = "certificate"
    else:
        raise Obsolete(f"{kind.value} is not an intern's notice")
    draft = Draft(SUBJECTS[kind].format(**fill), [BODIES[body].format(**fill)])
    return message(settings, notice, (name, address, "id"), draft, WORDS["id"])

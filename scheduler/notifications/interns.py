"""An intern's notices, to the student's address: the decision on their application, a
logbook day returned, the evaluation, and their certificate."""

from __future__ import annotations

from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.certificates.models import Certificate
from edu.certificates.service import download_url, verification_code, verification_url
from edu.config import Settings
from edu.internships.models import (
    Evaluation,
    Internship,
    InternshipStatus,
    LogbookEntry,
    LogbookStatus,
    Student,
)
from edu.notifications.models import Notice, NoticeKind
from scheduler.notifications.compose import WORDS, Draft, Obsolete, message

SUBJECTS = {
    NoticeKind.INTERNSHIP_DECIDED: "Keputusan magang: {title}",
    NoticeKind.LOGBOOK_RETURNED: "Logbook dikembalikan: {day}",
    NoticeKind.INTERNSHIP_EVALUATED: "Penilaian magang: {title}",
    NoticeKind.INTERN_CERTIFICATE_READY: "Sertifikat magang: {title}",
}
BODIES = {
    "accepted": "Lamaran magang Anda di {title} diterima. Selamat bergabung!",
    "rejected": "Lamaran magang Anda di {title} belum dapat diterima. Alasan: {note}",
    "returned": "Catatan logbook Anda tanggal {day} dikembalikan pembimbing untuk "
                "diperbaiki. Catatan pembimbing: {note}",
    "evaluated": "Magang Anda di {title} selesai dinilai: nilai {score} ({grade}).",
    "certificate": "Sertifikat magang Anda di {title} sudah terbit.\nUnduh: {download}\n"
                   "Periksa keasliannya: {verify}",
}


def compose_for_intern(db: Session, settings: Settings, notice: Notice) -> EmailMessage:
    """The message to the student of an internship; Obsolete once it no longer holds."""
    student = db.get(Student, notice.student_id)
    internship = db.get(Internship, notice.details.get("internship_id"))
    if student is None or internship is None or not student.email:
        raise Obsolete("no such intern any more")
    fill = {"title": internship.placement.title, "note": internship.decision_note or ""}
    kind = notice.kind
    if kind is NoticeKind.INTERNSHIP_DECIDED:
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
    return message(settings, notice, (student.full_name, student.email, "id"), draft,
                   WORDS["id"])

"""The lost-link request: a person types their email and their Pendaftaran saya link is
mailed to it. The caller learns nothing: the answer is the same for any address."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.db import utcnow
from edu.notifications import outbox
from edu.notifications.models import Notice, NoticeKind
from edu.participants.service import find_by_email

# One link per address in this time: typing someone's email again and again sends no flood.
RESEND_AFTER = timedelta(minutes=10)


def request_own_page_link(db: Session, email: str | None) -> None:
    """Mail the person with this email their page's link (when there is such a person)."""
    person = find_by_email(db, email)
    if person is None or person.erased_at is not None:
        return
    recent = db.scalar(select(Notice.id).where(
        Notice.participant_id == person.id, Notice.kind == NoticeKind.LOST_LINK,
        Notice.created_at > utcnow() - RESEND_AFTER).limit(1))
    if recent is None:
        outbox.enqueue(db, NoticeKind.LOST_LINK, participant_id=person.id)

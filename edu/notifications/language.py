"""The language a person reads our mails in: chosen when they register (the page's
language), changed later on their own page; every mail composed after follows it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from edu.auth.principal import Principal
from edu.errors import UserError
from edu.participants.models import Participant

MAIL_LANGUAGES = ("id", "en")  # the languages scheduler/notifications/compose.py writes


def choose_mail_language(db: Session, principal: Principal, language: str) -> Participant:
    """The participant's own choice (their token or their page)."""
    participant_id = principal.require_participant()
    if language not in MAIL_LANGUAGES:
        raise UserError("INVALID_LANGUAGE", "language",
                        "Choose id (Bahasa Indonesia) or en (English).")
    person = db.get(Participant, participant_id, with_for_update=True)
    assert person is not None  # the principal came from this row
    person.language = language
    return person

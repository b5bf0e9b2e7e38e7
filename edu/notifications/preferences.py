"""What a person wants of our mails: the language they read them in (chosen when they
register, from the page's language) and whether reminders come (the reminder's one-click
List-Unsubscribe turns them off). Changed on their own page; every mail composed after
follows it."""

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


def choose_reminders(db: Session, principal: Principal, wanted: bool) -> Participant:
    """The participant's own choice: reminders before their sessions, or none."""
    participant_id = principal.require_participant()
    person = db.get(Participant, participant_id, with_for_update=True)
    assert person is not None  # the principal came from this row
    person.reminders = wanted
    return person


def set_mail_preferences(db: Session, principal: Principal, *, language: str | None = None,
                         reminders: bool | None = None) -> Participant:
    """Both choices at once (the API); what is not given stays."""
    participant_id = principal.require_participant()
    if language is not None:
        choose_mail_language(db, principal, language)
    if reminders is not None:
        choose_reminders(db, principal, reminders)
    person = db.get(Participant, participant_id)
    assert person is not None  # the principal came from this row
    return person

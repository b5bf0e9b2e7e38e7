"""A participant sets their own mail preferences over GraphQL with their token: the language
of our mails and whether reminders come; a bad language writes nothing; staff and
strangers are refused. On SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from edu.db import Database
from edu.participants.models import Participant
from edu.registrations.service import Registered
from tests.edu.sessionkit import details, plan, sign_up, staff
from tests.support import Api, Tokens

SET = """mutation ($l: String, $r: Boolean) { setMailPreferences(language: $l, reminders: $r) {
  preferences { language reminders } userErrors { code field } } }"""


def _stored(database: Database, participant_id: int) -> tuple[str, bool]:
    with database.reader() as db:
        person = db.get(Participant, participant_id)
        assert person is not None
        return person.language, person.reminders


def test_a_participant_sets_their_mail_language_and_reminders(
        api: Api, database: Database, tokens: Tokens) -> None:
    sid = plan(database, staff(database))
    done = sign_up(database, sid, details(email="ani@example.id"))
    assert isinstance(done, Registered) and done.participant_token
    token = done.participant_token
    english = api.gql(SET, {"l": "en"}, token=token)["data"]["setMailPreferences"]
    assert english == {"preferences": {"language": "en", "reminders": True}, "userErrors": []}
    quiet = api.gql(SET, {"r": False}, token=token)["data"]["setMailPreferences"]
    assert quiet["preferences"] == {"language": "en", "reminders": False}
    bad = api.gql(SET, {"l": "fr", "r": True}, token=token)["data"]["setMailPreferences"]
    assert bad == {"preferences": None,
                   "userErrors": [{"code": "INVALID_LANGUAGE", "field": "language"}]}
    assert _stored(database, done.participant.id) == ("en", False)  # nothing written
    refused = api.gql(SET, {"l": "id"}, token=tokens("EDUCATION_OFFICER"))
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    stranger = api.gql(SET, {"l": "id"})
    assert stranger["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    with database.reader() as db:
        assert db.scalar(select(Participant.language).where(
            Participant.email == "ani@example.id")) == "en"

"""Token lifecycle in the service: expiry, revocation (audited), a participant's rotation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from edu.audit import AuditEvent
from edu.auth.models import ApiToken, Role
from edu.auth.principal import ANONYMOUS, Principal
from edu.auth.service import authenticate, create_staff_token, issue_participant_token
from edu.auth.tokens import list_tokens, revoke_token, rotate_participant_token
from edu.db import utcnow
from edu.errors import Forbidden, Unauthenticated, UserError
from edu.participants.models import Participant


def _staff(database, role=Role.EDUCATION_OFFICER, **kw):
    with database.transaction() as db:
        return create_staff_token(db, role=role, name=kw.pop("name", "Siti"),
                                  region_code=kw.pop("region", "5271"), **kw)


def _who(database, token):
    with database.reader() as db:
        return authenticate(db, token)


def _admin(database) -> Principal:
    return _who(database, _staff(database, Role.ADMIN, region=None, name="Admin"))


def test_staff_tokens_expire_after_a_year_by_default(database):
    _staff(database)
    with database.reader() as db:
        expires = db.scalar(select(ApiToken.expires_at))
    assert timedelta(days=364) < expires - utcnow() <= timedelta(days=365)


def test_an_expired_token_is_unauthenticated(database):
    token = _staff(database, expires_in_days=1)
    assert _who(database, token).name == "Siti"
    with database.transaction() as db:
        db.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    with pytest.raises(Unauthenticated, match="expired"):
        _who(database, token)


@pytest.mark.parametrize("days", [0, -3, 3651])
def test_expiry_out_of_range_is_refused(database, days):
    with pytest.raises(UserError) as err, database.transaction() as db:
        create_staff_token(db, role=Role.ADMIN, name="X", expires_in_days=days)
    assert err.value.problems[0].code == "INVALID_EXPIRY"


def test_revoking_stops_a_token_at_once_and_is_audited(database):
    admin = _admin(database)
    token = _staff(database)
    with database.reader() as db:
        token_id = db.scalar(select(ApiToken.id).where(ApiToken.staff_id != admin.staff_id))
    with database.transaction() as db:
        revoke_token(db, admin, token_id)
    with pytest.raises(Unauthenticated):
        _who(database, token)
    with database.reader() as db:
        event = db.scalar(select(AuditEvent).where(AuditEvent.action == "token.revoke"))
        assert event.actor_staff_id == admin.staff_id and event.entity_id == str(token_id)
        assert event.before == {"revoked_at": None} and event.after["revoked_at"]
    with pytest.raises(UserError) as again, database.transaction() as db:
        revoke_token(db, admin, token_id)
    assert again.value.problems[0].code == "ALREADY_REVOKED"


def test_only_an_admin_lists_or_revokes(database):
    officer = _who(database, _staff(database))
    with pytest.raises(Forbidden), database.reader() as db:
        list_tokens(db, officer)
    with pytest.raises(Forbidden), database.transaction() as db:
        revoke_token(db, officer, 1)
    with pytest.raises(Unauthenticated), database.reader() as db:
        list_tokens(db, ANONYMOUS)


def test_the_list_shows_who_and_when_never_a_secret(database):
    admin = _admin(database)
    _staff(database, name="Siti", region="5271")
    with database.transaction() as db:
        participant = Participant(full_name="Baiq", email="baiq@example.id", consent_at=utcnow(),
                                  consent_purpose="test")
        db.add(participant)
        db.flush()
        issue_participant_token(db, participant.id)
    with database.reader() as db:
        total, staff_only = list_tokens(db, admin)
        _, everyone = list_tokens(db, admin, participants=True)
    assert total == 2 and [t.name for t in staff_only] == ["Siti", "Admin"]
    siti = staff_only[0]
    assert (siti.role, siti.region_code, siti.revoked_at) == ("EDUCATION_OFFICER", "5271", None)
    assert [t.role for t in everyone] == ["PARTICIPANT", "EDUCATION_OFFICER", "ADMIN"]
    assert everyone[0].name is None  # a participant's name is personal data
    assert not any("hash" in field for field in vars(siti))


def test_a_participant_rotates_their_token(database):
    with database.transaction() as db:
        participant = Participant(full_name="Baiq", email="baiq@example.id", consent_at=utcnow(),
                                  consent_purpose="test")
        db.add(participant)
        db.flush()
        first = issue_participant_token(db, participant.id)
        second = issue_participant_token(db, participant.id)  # e.g. from a second booking
    who = _who(database, first)
    with database.transaction() as db:
        new = rotate_participant_token(db, who)
    for old in (first, second):
        with pytest.raises(Unauthenticated):
            _who(database, old)
    assert _who(database, new).participant_id == who.participant_id
    with pytest.raises(Forbidden), database.transaction() as db:
        rotate_participant_token(db, _who(database, _staff(database)))

"""Specific personal data (UU 27/2022): staff reads of birth date and disability are audited."""

from __future__ import annotations

from sqlalchemy import select

from edu.audit import AuditEvent
from tests.e2e.sessionkit import published, registered, roster

ROSTER = """query($id: ID!, $fields: Boolean!) { node(id: $id) { ... on Session {
  registrations(first: 50) { edges { node { participant { id fullName
    birthDate @include(if: $fields) disability @include(if: $fields) } } } } } } }"""


def _reads(database) -> list[AuditEvent]:
    with database.reader() as db:
        return list(db.scalars(select(AuditEvent).where(
            AuditEvent.action == "participant.read_specific_data")))


def test_staff_reads_of_specific_data_leave_one_event_per_request(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52", name="Petugas Data")
    sid = published(api, officer)
    a = registered(api, sid)
    registered(api, sid)
    roster(api, officer, sid)  # the contract's roster asks for no specific data
    assert _reads(database) == []
    out = api.gql(ROSTER, {"id": sid, "fields": True}, token=officer)
    people = [e["node"]["participant"] for e in out["data"]["node"]["registrations"]["edges"]]
    assert all(p["birthDate"] == "1999-05-17" and p["disability"] is False for p in people)
    (event,) = _reads(database)
    assert event.actor_name == "Petugas Data" and event.entity_id == "2 records"
    assert all(sorted(f) == ["birth_date", "disability"] for f in event.after["fields"].values())
    me = api.gql("{ me { participant { birthDate disability } } }",
                 token=a["participantToken"])
    assert me["data"]["me"]["participant"]["birthDate"] == "1999-05-17"
    assert len(_reads(database)) == 1  # the person reading their own data is not logged

"""Who may do what with sessions: region scope, facilitators, anonymous callers, tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from edu.audit import AuditEvent
from edu.registrations.models import Registration
from edu.sessions.models import EduSession, SessionFacilitator
from tests.e2e.sessionkit import (
    at,
    audit_actions,
    count,
    create,
    person,
    published,
    registered,
    roster,
    session_input,
)

CODES_OF_REFUSAL = ("FORBIDDEN", "NOT_FOUND")
FACILITATORS = "{ facilitators { id fullName } }"
ASSIGN = """mutation($input: AssignFacilitatorInput!) { assignFacilitator(input: $input) {
  session { id facilitators { id fullName } } userErrors { field code } } }"""


def refusal(out: dict, field: str) -> str:
    """The code of a refused mutation: a GraphQL error, or a NOT_FOUND userError."""
    if out.get("errors"):
        assert out["data"] is None or out["data"][field] is None, out
        return out["errors"][0]["extensions"]["code"]
    payload = out["data"][field]
    assert [k for k, v in payload.items() if v and k != "userErrors"] == [], payload
    return payload["userErrors"][0]["code"]


@pytest.fixture
def mataram(api, tokens):
    """A province officer's world in Kota Mataram (5271): a draft, a published session with
    a registered participant, and the officers of 5201 and 52."""
    province = tokens("EDUCATION_OFFICER", region="52", name="Officer NTB")
    draft = create(api, province, title="Draf Mataram")
    sid = published(api, province, title="Terbit Mataram", start=at(0, hours=1))
    reg = registered(api, sid, person("Rahasia", email="rahasia@example.id",
                                      phone="+62 877 0000 111"))
    return {"province": province, "lobar": tokens("EDUCATION_OFFICER", region="5201"),
            "draft": draft, "sid": sid, "ticket": reg["registration"]["ticketCode"],
            "pid": roster(api, province, sid)[0]["participant"]["id"]}


def test_kabupaten_officer_cannot_create_in_another_region(api, mataram, database):
    before = (count(database, EduSession), len(audit_actions(database)))
    out = api.op("CreateSession", {"input": session_input(region="5271")},
                 token=mataram["lobar"])
    assert refusal(out, "createSession") == "FORBIDDEN"
    assert (count(database, EduSession), len(audit_actions(database))) == before
    own = api.op("CreateSession", {"input": session_input(region="5201")}, token=mataram["lobar"])
    assert own["data"]["createSession"]["session"]["status"] == "DRAFT"


def test_kabupaten_officer_cannot_change_another_regions_sessions(api, mataram, database):
    lobar = mataram["lobar"]
    before = (audit_actions(database), count(database, EduSession, EduSession.status == "DRAFT"))
    start = at(30)
    attempts = {
        "publishSession": api.op("PublishSession", {"id": mataram["draft"]}, token=lobar),
        "cancelSession": api.op("CancelSession", {"input": {"id": mataram["sid"],
                                                            "reason": "x"}}, token=lobar),
        "rescheduleSession": api.op("RescheduleSession", {"input": {
            "id": mataram["sid"], "startsAt": start.isoformat(),
            "endsAt": (start + timedelta(hours=1)).isoformat()}}, token=lobar),
        "importRegistrations": api.op("ImportRegistrations", {"input": {
            "sessionId": mataram["sid"], "participants": [person()]}}, token=lobar),
        "recordAttendance": api.op("RecordAttendance", {"input": {
            "sessionId": mataram["sid"],
            "entries": [{"participantId": mataram["pid"], "status": "PRESENT"}]}}, token=lobar),
        "checkIn": api.op("CheckIn", {"input": {"sessionId": mataram["sid"],
                                                "ticketCode": mataram["ticket"]}}, token=lobar),
    }
    for field, out in attempts.items():
        assert refusal(out, field) in CODES_OF_REFUSAL, (field, out)
    assert refusal(attempts["publishSession"], "publishSession") == "NOT_FOUND"  # a draft
    assert refusal(attempts["cancelSession"], "cancelSession") == "FORBIDDEN"
    assert (audit_actions(database),
            count(database, EduSession, EduSession.status == "DRAFT")) == before
    assert count(database, Registration) == 1
    assert count(database, Registration, Registration.attendance_status.is_not(None)) == 0


def test_kabupaten_officer_sees_no_drafts_or_rosters_of_another_region(api, mataram):
    lobar = mataram["lobar"]
    own_draft = create(api, lobar, region="5201", title="Draf Gerung")
    titles = [e["node"]["title"] for e in
              api.op("Sessions", {"first": 50}, token=lobar)["data"]["sessions"]["edges"]]
    assert sorted(titles) == ["Draf Gerung", "Terbit Mataram"]
    assert api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": mataram["draft"]},
                   token=lobar)["data"]["node"] is None
    assert api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": own_draft},
                   token=lobar)["data"]["node"] == {"id": own_draft}
    response = api.post(_roster_text(), {"id": mataram["sid"]}, token=lobar)
    out = response.json()
    assert out["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert out["data"]["node"] is None
    assert "rahasia" not in response.text.lower()
    assert "0000" not in response.text


def _roster_text() -> str:
    from tests.support import client_operation

    return client_operation("SessionRoster")


def test_province_officer_works_in_every_kabupaten(api, tokens, database):
    province = tokens("EDUCATION_OFFICER", region="52")
    lobar = tokens("EDUCATION_OFFICER", region="5201")
    theirs = create(api, lobar, region="5201", start=at(0, hours=1))
    assert api.op("PublishSession", {"id": theirs}, token=province)["data"][
        "publishSession"]["session"]["status"] == "PUBLISHED"
    ticket = registered(api, theirs)["registration"]["ticketCode"]
    assert len(roster(api, province, theirs)) == 1
    out = api.op("CheckIn", {"input": {"sessionId": theirs, "ticketCode": ticket}},
                 token=province)
    assert out["data"]["checkIn"]["registration"]["attendance"]["status"] == "PRESENT"
    out = api.op("CancelSession", {"input": {"id": theirs, "reason": "Digabung"}},
                 token=province)
    assert out["data"]["cancelSession"]["session"]["status"] == "CANCELLED"


def test_anonymous_sees_no_drafts_and_no_personal_data(api, mataram):
    assert api.gql("query($id: ID!) { node(id: $id) { id } }",
                   {"id": mataram["draft"]})["data"]["node"] is None
    titles = [e["node"]["title"] for e in api.op("Sessions")["data"]["sessions"]["edges"]]
    assert titles == ["Terbit Mataram"]
    response = api.post(_roster_text(), {"id": mataram["sid"]})
    out = response.json()
    assert out["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert out["data"]["node"] is None
    assert "rahasia" not in response.text.lower()
    out = api.gql("query($id: ID!) { node(id: $id) { ... on Session { attendanceSummary "
                  "{ present } } } }", {"id": mataram["sid"]})
    assert out["data"]["node"]["attendanceSummary"] is None
    assert api.gql("query($id: ID!) { node(id: $id) { id } }",
                   {"id": mataram["pid"]})["data"]["node"] is None


def test_a_participant_sees_no_roster(api, mataram):
    token = registered(api, mataram["sid"])["participantToken"]
    response = api.post(_roster_text(), {"id": mataram["sid"]}, token=token)
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "rahasia" not in response.text.lower()


def _facilitator(api, tokens, planner, name, region="5271"):
    """A facilitator's token and global id, found the way a planner finds it."""
    token = tokens("FACILITATOR", region=region, name=name)
    out = api.gql(FACILITATORS, token=planner)
    assert "errors" not in out, out
    ids = [f["id"] for f in out["data"]["facilitators"] if f["fullName"] == name]
    return token, ids


def test_planners_list_the_facilitators_of_their_scope(api, tokens):
    province = tokens("EDUCATION_OFFICER", region="52", name="Officer NTB")
    lobar = tokens("EDUCATION_OFFICER", region="5201", name="Officer Lobar")
    tokens("FACILITATOR", region="5271", name="Fasilitator Mataram")
    tokens("FACILITATOR", region="5201", name="Fasilitator Gerung")
    tokens("FACILITATOR", region="52", name="Fasilitator Provinsi")
    tokens("INTERNSHIP_OFFICER", name="Bukan Fasilitator")

    def names(token):
        out = api.gql(FACILITATORS, token=token)
        assert "errors" not in out, out
        return [f["fullName"] for f in out["data"]["facilitators"]]

    assert names(province) == ["Fasilitator Gerung", "Fasilitator Mataram",
                               "Fasilitator Provinsi", "Officer Lobar", "Officer NTB"]
    assert names(lobar) == ["Fasilitator Gerung", "Fasilitator Provinsi", "Officer Lobar",
                            "Officer NTB"]
    for token in (None, tokens("FACILITATOR", name="F")):
        out = api.gql(FACILITATORS, token=token)
        assert out["errors"][0]["extensions"]["code"] in ("UNAUTHENTICATED", "FORBIDDEN")


def test_facilitator_checks_in_only_where_assigned(api, tokens, mataram, database):
    province = mataram["province"]
    token, (fid,) = _facilitator(api, tokens, province, "Fasilitator Ampenan")
    out = api.op("CheckIn", {"input": {"sessionId": mataram["sid"],
                                       "ticketCode": mataram["ticket"]}}, token=token)
    assert refusal(out, "checkIn") == "FORBIDDEN"
    response = api.post(_roster_text(), {"id": mataram["sid"]}, token=token)
    assert "rahasia" not in response.text.lower()

    out = api.gql(ASSIGN, {"input": {"sessionId": mataram["sid"], "facilitatorId": fid}},
                  token=province)
    assert out["data"]["assignFacilitator"]["userErrors"] == []
    assert out["data"]["assignFacilitator"]["session"]["facilitators"] == [
        {"id": fid, "fullName": "Fasilitator Ampenan"}]
    listed = api.op("Sessions", {"filter": {"search": "Terbit"}}, token=province)
    assert listed["data"]["sessions"]["edges"][0]["node"]["facilitators"] == [
        {"id": fid, "fullName": "Fasilitator Ampenan"}]

    out = api.op("CheckIn", {"input": {"sessionId": mataram["sid"],
                                       "ticketCode": mataram["ticket"]}}, token=token)
    assert out["data"]["checkIn"]["registration"]["attendance"]["status"] == "PRESENT"
    assert [r["participant"]["fullName"] for r in roster(api, token, mataram["sid"])] == \
        ["Rahasia"]
    with database.reader() as db:
        event = db.scalars(select(AuditEvent).where(
            AuditEvent.action == "attendance.check_in")).one()
        assert event.actor_name == "Fasilitator Ampenan"

    # Checking people in is not planning: a facilitator takes no one's place away.
    rid = roster(api, token, mataram["sid"])[0]["id"]
    out = api.op("CancelRegistration", {"id": rid}, token=token)
    assert refusal(out, "cancelRegistration") == "FORBIDDEN"
    assert count(database, Registration, Registration.status == "CONFIRMED") == 1

    # Assigned here does not mean assigned elsewhere.
    other = published(api, province, start=at(0, hours=1))
    ticket = registered(api, other)["registration"]["ticketCode"]
    out = api.op("CheckIn", {"input": {"sessionId": other, "ticketCode": ticket}}, token=token)
    assert refusal(out, "checkIn") == "FORBIDDEN"
    # And a facilitator plans nothing.
    out = api.op("CreateSession", {"input": session_input()}, token=token)
    assert refusal(out, "createSession") == "FORBIDDEN"

    # Taken off the session, they check no one in there any more.
    unassign = ASSIGN.replace("assignFacilitator", "unassignFacilitator")
    out = api.gql(unassign, {"input": {"sessionId": mataram["sid"], "facilitatorId": fid}},
                  token=province)
    assert out["data"]["unassignFacilitator"] == {
        "session": {"id": mataram["sid"], "facilitators": []}, "userErrors": []}
    again = api.gql(unassign, {"input": {"sessionId": mataram["sid"], "facilitatorId": fid}},
                    token=province)
    assert again["data"]["unassignFacilitator"]["userErrors"] == [
        {"field": "facilitatorId", "code": "NOT_FOUND"}]
    out = api.op("CheckIn", {"input": {"sessionId": mataram["sid"],
                                       "ticketCode": mataram["ticket"]}}, token=token)
    assert refusal(out, "checkIn") == "FORBIDDEN"


def test_assigning_a_facilitator_of_another_region_or_not_a_facilitator(api, tokens, mataram,
                                                                        database):
    province = mataram["province"]
    _, (gerung,) = _facilitator(api, tokens, province, "Fasilitator Gerung", region="5201")
    for fid, code in ((gerung, "NOT_FOUND"), (mataram["sid"], "INVALID_ID")):
        out = api.gql(ASSIGN, {"input": {"sessionId": mataram["sid"], "facilitatorId": fid}},
                      token=province)
        assert out["data"]["assignFacilitator"] == {
            "session": None, "userErrors": [{"field": "facilitatorId", "code": code}]}
    assert count(database, SessionFacilitator) == 0
    # A kabupaten officer cannot assign at another region's session.
    _, (local,) = _facilitator(api, tokens, province, "Fasilitator Kota")
    out = api.gql(ASSIGN, {"input": {"sessionId": mataram["sid"], "facilitatorId": local}},
                  token=mataram["lobar"])
    assert refusal(out, "assignFacilitator") in CODES_OF_REFUSAL
    assert count(database, SessionFacilitator) == 0


def test_a_bad_token_is_401(api, mataram):
    for header in ("Bearer edus_not-a-real-token", "Basic dXNlcjpwdw=="):
        response = api.http.post(f"{api.url}/graphql", json={"query": "{ sessions { "
                                 "totalCount } }"}, headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert "data" not in response.json()


STAFF_MUTATIONS = {
    "CreateSession": lambda m: {"input": session_input()},
    "PublishSession": lambda m: {"id": m["draft"]},
    "RescheduleSession": lambda m: {"input": {"id": m["sid"], "startsAt": at(3).isoformat(),
                                              "endsAt": at(4).isoformat()}},
    "CancelSession": lambda m: {"input": {"id": m["sid"], "reason": "x"}},
    "ImportRegistrations": lambda m: {"input": {"sessionId": m["sid"],
                                                "participants": [person()]}},
    "RecordAttendance": lambda m: {"input": {"sessionId": m["sid"], "entries": [
        {"participantId": m["pid"], "status": "PRESENT"}]}},
    "CheckIn": lambda m: {"input": {"sessionId": m["sid"], "ticketCode": m["ticket"]}},
}


def test_staff_mutations_without_a_token_are_unauthenticated(api, mataram, database):
    before = (audit_actions(database), count(database, EduSession),
              count(database, Registration))
    for name, variables in STAFF_MUTATIONS.items():
        out = api.op(name, variables(mataram))
        assert out["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", (name, out)
        assert out["data"] is None or list(out["data"].values()) == [None], (name, out)
    for text, values in [
        ("mutation($id: ID!) { completeSession(id: $id) { userErrors { code } } }",
         {"id": mataram["sid"]}),
        (ASSIGN, {"input": {"sessionId": mataram["sid"],
                            "facilitatorId": "RmFjaWxpdGF0b3I6MQ=="}}),
        (FACILITATORS, {}),
    ]:
        out = api.gql(text, values)
        assert out["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", out
    assert (audit_actions(database), count(database, EduSession),
            count(database, Registration)) == before


@pytest.mark.parametrize("role", ["INTERNSHIP_OFFICER", "UNIVERSITY_COORDINATOR", "PARTICIPANT"])
def test_other_roles_cannot_plan(api, tokens, mataram, database, role):
    if role == "PARTICIPANT":
        token = registered(api, mataram["sid"])["participantToken"]
    else:
        if role == "UNIVERSITY_COORDINATOR":
            from edu.universities.models import University

            with database.transaction() as db:
                db.add(University(code="UNRAM", name="Universitas Mataram"))
        token = tokens(role, university="UNRAM" if role == "UNIVERSITY_COORDINATOR" else None)
    before = audit_actions(database)
    for name, variables in STAFF_MUTATIONS.items():
        out = api.op(name, variables(mataram), token=token)
        field = name[0].lower() + name[1:]
        assert refusal(out, field) in CODES_OF_REFUSAL, (name, out)
    assert audit_actions(database) == before


def test_every_staff_change_is_audited(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52", name="Ibu Perencana")
    facilitator, (fid,) = _facilitator(api, tokens, officer, "Pak Fasilitator")
    sid = create(api, officer, start=at(0, hours=1), capacity=3)
    api.op("PublishSession", {"id": sid}, token=officer)
    start = at(0, hours=1.5)
    api.op("RescheduleSession", {"input": {"id": sid, "startsAt": start.isoformat(),
                                           "endsAt": (start + timedelta(hours=2)).isoformat()}},
           token=officer)
    api.gql(ASSIGN, {"input": {"sessionId": sid, "facilitatorId": fid}}, token=officer)
    api.op("ImportRegistrations", {"input": {"sessionId": sid, "participants": [
        person(), person()]}}, token=officer)
    ticket = registered(api, sid)["registration"]["ticketCode"]
    api.op("CheckIn", {"input": {"sessionId": sid, "ticketCode": ticket}}, token=facilitator)
    nodes = roster(api, officer, sid)
    api.op("RecordAttendance", {"input": {"sessionId": sid, "entries": [
        {"participantId": nodes[0]["participant"]["id"], "status": "EXCUSED"}]}}, token=officer)
    out = api.op("CancelRegistration", {"id": nodes[1]["id"]}, token=officer)
    assert out["data"]["cancelRegistration"]["userErrors"] == []
    api.op("CancelSession", {"input": {"id": sid, "reason": "Selesai lebih awal"}}, token=officer)
    with database.reader() as db:
        events = list(db.scalars(select(AuditEvent).where(AuditEvent.actor_staff_id.is_not(None))
                                 .order_by(AuditEvent.id)))
    assert [(e.action, e.actor_name) for e in events] == [
        ("session.create", "Ibu Perencana"),
        ("session.publish", "Ibu Perencana"),
        ("session.reschedule", "Ibu Perencana"),
        ("session.assign_facilitator", "Ibu Perencana"),
        ("registration.import", "Ibu Perencana"),
        ("attendance.check_in", "Pak Fasilitator"),
        ("attendance.record", "Ibu Perencana"),
        ("registration.cancel", "Ibu Perencana"),
        ("session.cancel", "Ibu Perencana"),
    ]
    assert events[1].before["status"] == "DRAFT" and events[1].after["status"] == "PUBLISHED"
    assert events[2].before["starts_at"] != events[2].after["starts_at"]
    assert events[8].after["reason"] == "Selesai lebih awal"


def test_the_calendar_url_reaches_only_its_participant(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    done = registered(api, sid)
    out = api.gql("""query($id: ID!) { node(id: $id) { ... on Session { registrations {
        edges { node { participant { fullName calendarUrl } } } } } } }""", {"id": sid},
                  token=officer)
    participant = out["data"]["node"]["registrations"]["edges"][0]["node"]["participant"]
    assert participant["fullName"] and participant["calendarUrl"] is None
    me = api.gql("{ me { participant { calendarUrl } } }", token=done["participantToken"])
    assert me["data"]["me"]["participant"]["calendarUrl"] == done["calendarUrl"]

"""Every link is http(s) and every free text has a length limit, over the real API: a
userError at the input's path (BAD_USER_INPUT for a query's filter), and nothing written."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from edu.audit import AuditEvent
from edu.internships.models import Internship, LogbookEntry, Placement
from edu.participants.models import Participant
from edu.sessions.models import EduSession
from tests.e2e.sessionkit import count, create, person, published, session_input

TODAY = datetime.now(ZoneInfo("Asia/Makassar")).date()


def _rows(database):
    return tuple(count(database, m) for m in (EduSession, Participant, Placement, Internship,
                                                LogbookEntry, AuditEvent))


def _codes(out, name):
    assert "errors" not in out, out
    return [(e["field"], e["code"]) for e in out["data"][name]["userErrors"]]


def _gql(api, token, mutation, input_type, payload, variables):
    return api.gql(f"mutation($input: {input_type}!) {{ {mutation}(input: $input) {{ "
                   f"{payload} userErrors {{ field code }} }} }}", {"input": variables},
                   token=token)


def test_links_are_http_or_https_only(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    before = _rows(database)
    for link in ("javascript:alert(1)", "JavaScript:alert(document.cookie)",
                 "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
                 "file:///etc/passwd", "ftp://files.example/x", "https://", "//evil.example/x",
                 "zoom.us/j/1", "https://zoom.us/j/1 2", "https://zoom.us/j/1\r\nX-Evil: 1"):
        out = api.op("CreateSession", {"input": session_input(format="ONLINE", venue=None,
                                                              onlineUrl=link)}, token=officer)
        assert _codes(out, "createSession") == [("onlineUrl", "INVALID_URL")], link
    assert _rows(database) == before
    create(api, officer, format="HYBRID", onlineUrl="  https://zoom.us/j/5271000 ")
    stored = api.gql("{ sessions(first: 1) { edges { node { onlineUrl } } } }", token=officer)
    assert stored["data"]["sessions"]["edges"][0]["node"]["onlineUrl"] == \
        "https://zoom.us/j/5271000"


def test_every_text_of_a_session_and_a_registration_is_limited(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    before = _rows(database)
    out = api.op("CreateSession", {"input": session_input(description="x" * 4001)},
                 token=officer)
    assert _codes(out, "createSession") == [("description", "TOO_LONG")]
    out = api.op("CancelSession", {"input": {"id": sid, "reason": "x" * 100_000}},
                 token=officer)
    assert _codes(out, "cancelSession") == [("reason", "TOO_LONG")]
    out = api.op("Register", {"input": {"sessionId": sid, "consent": True, "participant": person(
        "x" * 161, institution="x" * 201)}})
    assert sorted(_codes(out, "register")) == [("participant.fullName", "TOO_LONG"),
                                               ("participant.institution", "TOO_LONG")]
    out = api.op("ImportRegistrations", {"input": {"sessionId": sid, "participants": [
        person(institution="x" * 201), person(email="x" * 300 + "@example.id")]}}, token=officer)
    assert _codes(out, "importRegistrations") == [
        ("participants.0.institution", "TOO_LONG"), ("participants.1.email", "INVALID_EMAIL")]
    for flt in ({"search": "x" * 50_000}, {"regionCode": "5" * 50_000}):
        out = api.gql("query($f: SessionFilter) { sessions(filter: $f) { totalCount } }",
                      {"f": flt})
        assert out["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", out
    assert _rows(database) == before


def test_every_text_of_an_internship_is_limited(api, tokens, database):
    admin, officer = tokens("ADMIN"), tokens("INTERNSHIP_OFFICER")
    api.op("CreateUniversity", {"input": {"code": "UNRAM", "name": "Universitas Mataram"}},
           token=admin)
    coordinator = tokens("UNIVERSITY_COORDINATOR", university="UNRAM")
    placement = {"title": "Magang", "unit": "Divisi Teknis", "regionCode": "5271",
                 "startsOn": (TODAY - timedelta(days=5)).isoformat(),
                 "endsOn": (TODAY + timedelta(days=30)).isoformat(), "quota": 3,
                 "requiredHours": 8, "supervisorName": "Baiq", "description": "Sosialisasi"}
    too_long = {"title": "x" * 201, "unit": "x" * 201, "supervisorName": "x" * 161,
                "description": "x" * 4001}
    out = api.op("CreatePlacement", {"input": {**placement, **too_long}}, token=officer)
    assert sorted(_codes(out, "createPlacement")) == sorted(
        (field, "TOO_LONG") for field in too_long)
    pid = api.op("CreatePlacement", {"input": placement}, token=officer)[
        "data"]["createPlacement"]["placement"]["id"]
    out = api.op("ApplyInterns", {"input": {"placementId": pid, "students": [
        {"fullName": "Lalu", "email": "lalu@student.example.ac.id", "studentNumber": "F1",
         "studyProgram": "Ilmu Politik"},
        {"fullName": "Baiq", "email": "baiq@student.example.ac.id", "studentNumber": "F2",
         "studyProgram": "Ilmu Politik"}]}}, token=coordinator)
    first, second = (i["id"] for i in out["data"]["applyInterns"]["internships"])
    before = _rows(database)
    out = api.op("DecideInternship", {"input": {"id": first, "decision": "ACCEPT",
                                                "note": "x" * 2001}}, token=officer)
    assert _codes(out, "decideInternship") == [("note", "TOO_LONG")]
    out = _gql(api, coordinator, "withdrawInternship", "WithdrawInternshipInput",
               "internship { id }", {"id": second, "reason": "x" * 501})
    assert _codes(out, "withdrawInternship") == [("reason", "TOO_LONG")]
    for flt in ({"search": "x" * 50_000}, {"unit": "x" * 50_000}):
        out = api.gql("query($f: PlacementFilter) { placements(filter: $f) { totalCount } }",
                      {"f": flt})
        assert out["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", out
    out = api.gql("query($f: InternshipFilter) { internships(filter: $f) { totalCount } }",
                  {"f": {"search": "x" * 50_000}}, token=officer)
    assert out["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", out
    assert _rows(database) == before

    api.op("DecideInternship", {"input": {"id": first, "decision": "ACCEPT"}}, token=officer)
    day = {"internshipId": first, "date": TODAY.isoformat(), "checkIn": "08:00",
           "checkOut": "12:00"}
    out = api.op("LogInternDay", {"input": {**day, "activity": "x" * 4001}}, token=coordinator)
    assert _codes(out, "logInternDay") == [("activity", "TOO_LONG")]
    api.op("LogInternDay", {"input": {**day, "activity": "Sosialisasi"}}, token=coordinator)
    entry = api.gql("query($id: ID!) { node(id: $id) { ... on Internship { logbook { id } } } }",
                    {"id": first}, token=officer)["data"]["node"]["logbook"][0]["id"]
    out = _gql(api, officer, "reviewLogbookEntry", "ReviewLogbookEntryInput", "entry { id }",
               {"id": entry, "decision": "RETURN", "note": "x" * 501})
    assert _codes(out, "reviewLogbookEntry") == [("note", "TOO_LONG")]
    out = api.op("EvaluateInternship", {"input": {"id": first, "score": 80,
                                                  "note": "x" * 2001}}, token=officer)
    assert _codes(out, "evaluateInternship") == [("note", "TOO_LONG")]

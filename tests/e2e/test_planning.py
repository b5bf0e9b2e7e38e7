"""The planning tool's operations (tests/clients/planning.graphql, a copy of the shared
contract), unchanged, over HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta

from edu.registrations.models import Registration
from edu.sessions.models import EduSession
from tests.e2e.sessionkit import (
    at,
    audit_actions,
    count,
    create,
    person,
    publish,
    published,
    register,
    registered,
    roster,
    session_counts,
    session_input,
)


def test_create_session_returns_a_draft_in_wita(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    variables = {"input": session_input(start=datetime.fromisoformat("2031-12-10T01:00:00+00:00"))}
    out = api.op("CreateSession", variables, token=officer)
    payload = out["data"]["createSession"]
    assert payload["userErrors"] == []
    s = payload["session"]
    assert s["status"] == "DRAFT"
    assert (s["segment"], s["format"], s["capacity"]) == ("FIRST_TIME_VOTERS", "IN_PERSON", 120)
    assert s["startsAt"] == "2031-12-10T09:00:00+08:00"
    assert s["endsAt"] == "2031-12-10T11:00:00+08:00"
    assert s["region"] == {"code": "5271", "name": "Kota Mataram"}
    assert s["venue"] == {"name": "Aula SMAN 1 Mataram",
                          "address": "Jl. Pendidikan No. 21, Mataram"}
    assert count(database, EduSession) == 1
    assert audit_actions(database) == ["token.create", "session.create"]


def test_workflow_draft_published_completed(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = create(api, officer)
    publish(api, officer, sid)
    again = api.op("PublishSession", {"id": sid}, token=officer)["data"]["publishSession"]
    assert again["session"] is None
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_STATUS"]
    # Completing needs a start in the past: move the session there first.
    start = at(0, hours=-1)
    out = api.op("RescheduleSession", {"input": {
        "id": sid, "startsAt": start.isoformat(),
        "endsAt": (start + timedelta(hours=2)).isoformat()}}, token=officer)
    assert out["data"]["rescheduleSession"]["userErrors"] == []
    out = api.gql("mutation($id: ID!) { completeSession(id: $id) { session { status } "
                  "userErrors { code } } }", {"id": sid}, token=officer)
    assert out["data"]["completeSession"] == {"session": {"status": "COMPLETED"},
                                              "userErrors": []}
    assert audit_actions(database)[-4:] == ["session.create", "session.publish",
                                            "session.reschedule", "session.complete"]
    cancel = api.op("CancelSession", {"input": {"id": sid, "reason": "Hujan"}}, token=officer)
    assert [e["code"] for e in cancel["data"]["cancelSession"]["userErrors"]] == \
        ["INVALID_STATUS"]


def test_complete_refused_before_the_start(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    out = api.gql("mutation($id: ID!) { completeSession(id: $id) { session { status } "
                  "userErrors { code } } }", {"id": sid}, token=officer)
    assert out["data"]["completeSession"] == {"session": None,
                                              "userErrors": [{"code": "NOT_STARTED"}]}


def test_cancel_a_published_session(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    out = api.op("CancelSession", {"input": {"id": sid, "reason": "Banjir di Mataram"}},
                 token=officer)
    assert out["data"]["cancelSession"] == {"session": {"id": sid, "status": "CANCELLED"},
                                            "userErrors": []}
    # Cancelled is final: neither published again nor rescheduled.
    again = api.op("PublishSession", {"id": sid}, token=officer)["data"]["publishSession"]
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_STATUS"]
    start = at(20)
    moved = api.op("RescheduleSession", {"input": {
        "id": sid, "startsAt": start.isoformat(),
        "endsAt": (start + timedelta(hours=1)).isoformat()}}, token=officer)
    assert [e["code"] for e in moved["data"]["rescheduleSession"]["userErrors"]] == \
        ["INVALID_STATUS"]
    with database.reader() as db:
        assert db.get(EduSession, 1).cancel_reason == "Banjir di Mataram"


def test_cancel_needs_a_reason(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    out = api.op("CancelSession", {"input": {"id": sid, "reason": "  "}}, token=officer)
    assert out["data"]["cancelSession"]["session"] is None
    assert [(e["field"], e["code"]) for e in out["data"]["cancelSession"]["userErrors"]] == \
        [("reason", "REQUIRED")]
    assert session_counts(api, officer, sid)["status"] == "PUBLISHED"


def test_reschedule_moves_the_session_and_raises_its_sequence(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    with database.reader() as db:
        before = db.get(EduSession, 1).sequence
    out = api.op("RescheduleSession", {"input": {
        "id": sid, "startsAt": "2031-01-05T14:00:00+08:00",
        "endsAt": "2031-01-05T16:30:00+08:00"}}, token=officer)
    assert out["data"]["rescheduleSession"] == {
        "session": {"id": sid, "startsAt": "2031-01-05T14:00:00+08:00",
                    "endsAt": "2031-01-05T16:30:00+08:00"}, "userErrors": []}
    with database.reader() as db:
        assert db.get(EduSession, 1).sequence == before + 1


def test_reschedule_refuses_an_end_before_the_start(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    before = session_counts(api, officer, sid)
    out = api.op("RescheduleSession", {"input": {
        "id": sid, "startsAt": "2031-01-05T14:00:00+08:00",
        "endsAt": "2031-01-05T13:00:00+08:00"}}, token=officer)
    assert out["data"]["rescheduleSession"]["session"] is None
    assert [(e["field"], e["code"]) for e in out["data"]["rescheduleSession"]["userErrors"]] == \
        [("endsAt", "INVALID_TIME_RANGE")]
    assert session_counts(api, officer, sid) == before
    assert "session.reschedule" not in audit_actions(database)


def test_sessions_pages_with_cursors_and_counts(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="52")
    ids = [published(api, officer, start=at(10 + i), capacity=2, title=f"Sesi {i}")
           for i in range(5)]
    for _ in range(3):
        registered(api, ids[0])
    first = api.op("Sessions", {"first": 2}, token=officer)["data"]["sessions"]
    assert first["totalCount"] == 5
    assert first["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["id"] for e in first["edges"]] == ids[:2]
    node = first["edges"][0]["node"]
    assert (node["confirmedCount"], node["waitlistCount"], node["seatsLeft"]) == (2, 1, 0)
    assert node["region"] == {"code": "5271", "name": "Kota Mataram"}
    assert node["facilitators"] == []
    seen = [e["node"]["id"] for e in first["edges"]]
    cursor = first["pageInfo"]["endCursor"]
    while cursor:
        page = api.op("Sessions", {"first": 2, "after": cursor}, token=officer)["data"]["sessions"]
        seen += [e["node"]["id"] for e in page["edges"]]
        cursor = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None
    assert seen == ids


def test_sessions_filter(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="52")
    mataram = published(api, officer, title="Forum Warga Ampenan", start=at(5))
    lobar = published(api, officer, region="5201", title="Sosialisasi Gerung", start=at(6))
    draft = create(api, officer, region="5201", title="Draf Gerung", start=at(7))
    women = create(api, officer, region="5201", title="Perempuan Memilih", start=at(8),
                   segment="WOMEN")

    def ids(flt):
        out = api.op("Sessions", {"filter": flt}, token=officer)
        assert "errors" not in out, out
        return [e["node"]["id"] for e in out["data"]["sessions"]["edges"]]

    assert ids({"regionCode": "5201"}) == [lobar, draft, women]
    assert ids({"regionCode": "52"}) == [mataram, lobar, draft, women]
    assert ids({"status": "DRAFT"}) == [draft, women]
    assert ids({"segment": "WOMEN"}) == [women]
    assert ids({"search": "gerung"}) == [lobar, draft]
    assert ids({"startsFrom": at(5.5).isoformat(), "startsBefore": at(7.5).isoformat()}) == \
        [lobar, draft]


def test_import_registrations_fills_seats_then_the_waitlist(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer, capacity=2)
    rows = [person(f"Siswa {i}") for i in range(3)]
    out = api.op("ImportRegistrations", {"input": {"sessionId": sid, "participants": rows}},
                 token=officer)
    payload = out["data"]["importRegistrations"]
    assert payload["userErrors"] == []
    assert [(r["status"], r["participant"]["fullName"]) for r in payload["registrations"]] == \
        [("CONFIRMED", "Siswa 0"), ("CONFIRMED", "Siswa 1"), ("WAITLISTED", "Siswa 2")]
    nodes = roster(api, officer, sid)
    assert [(n["status"], n["waitlistPosition"]) for n in nodes] == \
        [("CONFIRMED", None), ("CONFIRMED", None), ("WAITLISTED", 1)]
    assert nodes[0]["participant"]["email"] == rows[0]["email"]
    assert nodes[0]["participant"]["phone"] == rows[0]["phone"]
    assert "registration.import" in audit_actions(database)


def test_import_reports_every_bad_row_and_writes_nothing(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    registered(api, sid, person(email="sudah@example.id"))
    before = (count(database, Registration), len(audit_actions(database)))
    rows = [person(), person(email="bukan-email"), person(),
            person(fullName=" ", email="dua@example.id"), person(email="dua@example.id"),
            person(email="SUDAH@example.id"), person(regionCode="9999"),
            person(birth="2099-01-01")]
    out = api.op("ImportRegistrations", {"input": {"sessionId": sid, "participants": rows}},
                 token=officer)
    payload = out["data"]["importRegistrations"]
    assert payload["registrations"] is None
    assert {(e["field"], e["code"]) for e in payload["userErrors"]} == {
        ("participants.1.email", "INVALID_EMAIL"),
        ("participants.3.fullName", "REQUIRED"),
        ("participants.4.email", "DUPLICATE_IN_INPUT"),
        ("participants.5.email", "ALREADY_REGISTERED"),
        ("participants.6.regionCode", "UNKNOWN_REGION"),
        ("participants.7.birthDate", "INVALID_DATE"),
    }
    assert (count(database, Registration), len(audit_actions(database))) == before
    assert session_counts(api, officer, sid)["confirmedCount"] == 1


def test_import_of_a_minor_needs_the_guardian_consent_of_that_row(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    minor = person(birth=(at(0).date() - timedelta(days=16 * 365)).isoformat())
    rows = [person(), dict(minor)]
    out = api.op("ImportRegistrations", {"input": {"sessionId": sid, "participants": rows}},
                 token=officer)
    assert [(e["field"], e["code"]) for e in out["data"]["importRegistrations"]["userErrors"]] \
        == [("participants.1.guardianConsent", "GUARDIAN_CONSENT_REQUIRED")]
    assert count(database, Registration) == 0
    rows[1]["guardianConsent"] = True
    out = api.op("ImportRegistrations", {"input": {"sessionId": sid, "participants": rows}},
                 token=officer)
    assert out["data"]["importRegistrations"]["userErrors"] == []
    assert count(database, Registration) == 2


def _attendance_session(api, officer, *, capacity=10, people=3, hours_ahead=1.0):
    """A published session starting `hours_ahead` from now (inside the attendance window),
    with `people` registered; returns the session id, tickets and participant ids."""
    sid = published(api, officer, start=at(0, hours=hours_ahead), capacity=capacity)
    tickets = [registered(api, sid)["registration"]["ticketCode"] for _ in range(people)]
    pids = [n["participant"]["id"] for n in roster(api, officer, sid)]
    return sid, tickets, pids


def test_check_in_marks_present_before_the_start(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid, tickets, _ = _attendance_session(api, officer)
    out = api.op("CheckIn", {"input": {"sessionId": sid, "ticketCode": tickets[0].lower()}},
                 token=officer)
    payload = out["data"]["checkIn"]
    assert payload["userErrors"] == []
    assert payload["registration"]["attendance"]["status"] == "PRESENT"
    checked_in = datetime.fromisoformat(payload["registration"]["attendance"]["checkedInAt"])
    assert checked_in.utcoffset() == timedelta(hours=8)
    assert abs(checked_in - at(0)) < timedelta(minutes=5)
    summary = api.op("SessionRoster", {"id": sid}, token=officer)["data"]["node"]
    assert summary["attendanceSummary"] == {"present": 1, "late": 0, "excused": 0, "absent": 0,
                                            "unmarked": 2}
    assert "attendance.check_in" in audit_actions(database)


def test_check_in_after_the_start_is_late(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid, tickets, _ = _attendance_session(api, officer, hours_ahead=24)
    start = at(0, hours=-0.5)
    out = api.op("RescheduleSession", {"input": {
        "id": sid, "startsAt": start.isoformat(),
        "endsAt": (start + timedelta(hours=2)).isoformat()}}, token=officer)
    assert out["data"]["rescheduleSession"]["userErrors"] == []
    out = api.op("CheckIn", {"input": {"sessionId": sid, "ticketCode": tickets[1]}},
                 token=officer)
    assert out["data"]["checkIn"]["registration"]["attendance"]["status"] == "LATE"
    # A second scan keeps the first check-in.
    again = api.op("CheckIn", {"input": {"sessionId": sid, "ticketCode": tickets[1]}},
                   token=officer)["data"]["checkIn"]["registration"]["attendance"]
    assert again == out["data"]["checkIn"]["registration"]["attendance"]


def test_check_in_with_an_unknown_ticket(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid, _, _ = _attendance_session(api, officer)
    _, other_tickets, _ = _attendance_session(api, officer, people=1)
    for code in ("NOPE-NOPE", other_tickets[0]):  # made up, or another session's ticket
        out = api.op("CheckIn", {"input": {"sessionId": sid, "ticketCode": code}},
                     token=officer)
        assert out["data"]["checkIn"] == {"registration": None, "userErrors": [
            {"field": "ticketCode", "message": "No ticket with this code here.",
             "code": "UNKNOWN_TICKET"}]}
    assert count(database, Registration, Registration.attendance_status.is_not(None)) == 0


def test_attendance_opens_two_hours_before_the_start(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid, tickets, pids = _attendance_session(api, officer, hours_ahead=2.5)
    out = api.op("CheckIn", {"input": {"sessionId": sid, "ticketCode": tickets[0]}},
                 token=officer)
    assert [e["code"] for e in out["data"]["checkIn"]["userErrors"]] == ["ATTENDANCE_NOT_OPEN"]
    out = api.op("RecordAttendance", {"input": {"sessionId": sid, "entries": [
        {"participantId": pids[0], "status": "PRESENT"}]}}, token=officer)
    assert [e["code"] for e in out["data"]["recordAttendance"]["userErrors"]] == \
        ["ATTENDANCE_NOT_OPEN"]
    assert count(database, Registration, Registration.attendance_status.is_not(None)) == 0
    # Moved to start within the next two hours, the same ticket checks in.
    start = at(0, hours=1.5)
    api.op("RescheduleSession", {"input": {"id": sid, "startsAt": start.isoformat(),
                                           "endsAt": (start + timedelta(hours=1)).isoformat()}},
           token=officer)
    out = api.op("CheckIn", {"input": {"sessionId": sid, "ticketCode": tickets[0]}},
                 token=officer)
    assert out["data"]["checkIn"]["registration"]["attendance"]["status"] == "PRESENT"


def test_record_attendance_counts_each_status(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid, _, pids = _attendance_session(api, officer, people=5)
    out = api.op("RecordAttendance", {"input": {"sessionId": sid, "entries": [
        {"participantId": pids[0], "status": "PRESENT"},
        {"participantId": pids[1], "status": "LATE"},
        {"participantId": pids[2], "status": "EXCUSED"},
        {"participantId": pids[3], "status": "ABSENT"}]}}, token=officer)
    payload = out["data"]["recordAttendance"]
    assert payload["userErrors"] == []
    assert payload["session"] == {"id": sid, "attendanceSummary": {
        "present": 1, "late": 1, "excused": 1, "absent": 1, "unmarked": 1}}
    nodes = {n["participant"]["id"]: n for n in roster(api, officer, sid)}
    assert nodes[pids[0]]["attendance"]["status"] == "PRESENT"
    assert nodes[pids[0]]["attendance"]["checkedInAt"] is not None
    assert nodes[pids[3]]["attendance"] == {"status": "ABSENT", "checkedInAt": None}
    assert nodes[pids[4]]["attendance"] is None
    assert "attendance.record" in audit_actions(database)


def test_record_attendance_is_all_or_nothing(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid, _, pids = _attendance_session(api, officer, capacity=2, people=3)  # one waitlisted
    _, _, strangers = _attendance_session(api, officer, people=1)
    waitlisted = roster(api, officer, sid)[2]
    assert waitlisted["status"] == "WAITLISTED"
    out = api.op("RecordAttendance", {"input": {"sessionId": sid, "entries": [
        {"participantId": pids[0], "status": "PRESENT"},
        {"participantId": strangers[0], "status": "PRESENT"},
        {"participantId": waitlisted["participant"]["id"], "status": "PRESENT"}]}},
                 token=officer)
    payload = out["data"]["recordAttendance"]
    assert payload["session"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
        ("entries.1.participantId", "NOT_REGISTERED"),
        ("entries.2.participantId", "NOT_REGISTERED")]
    out = api.op("RecordAttendance", {"input": {"sessionId": sid, "entries": [
        {"participantId": sid, "status": "LATE"},
        {"participantId": pids[0], "status": "PRESENT"},
        {"participantId": "kosong", "status": "LATE"}]}}, token=officer)
    assert [(e["field"], e["code"]) for e in out["data"]["recordAttendance"]["userErrors"]] == \
        [("entries.0.participantId", "INVALID_ID"), ("entries.2.participantId", "INVALID_ID")]
    out = api.op("RecordAttendance", {"input": {"sessionId": sid, "entries": [
        {"participantId": pids[0], "status": "PRESENT"},
        {"participantId": pids[1], "status": "PRESENT"},
        {"participantId": pids[0], "status": "ABSENT"}]}}, token=officer)
    assert [(e["field"], e["code"]) for e in out["data"]["recordAttendance"]["userErrors"]] == \
        [("entries.2.participantId", "DUPLICATE_IN_INPUT")]
    assert count(database, Registration, Registration.attendance_status.is_not(None)) == 0


def test_roster_lists_confirmed_then_the_waitlist_in_order(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer, capacity=1)
    names = [registered(api, sid, person(f"Orang {i}")) for i in range(4)]
    assert [n["registration"]["status"] for n in names] == \
        ["CONFIRMED", "WAITLISTED", "WAITLISTED", "WAITLISTED"]
    out = api.op("SessionRoster", {"id": sid, "first": 2}, token=officer)["data"]["node"]
    regs = out["registrations"]
    assert regs["totalCount"] == 4 and regs["pageInfo"]["hasNextPage"] is True
    rest = api.op("SessionRoster", {"id": sid, "first": 2,
                                    "after": regs["pageInfo"]["endCursor"]},
                  token=officer)["data"]["node"]["registrations"]
    nodes = [e["node"] for e in regs["edges"] + rest["edges"]]
    assert [(n["participant"]["fullName"], n["status"], n["waitlistPosition"]) for n in nodes] \
        == [("Orang 0", "CONFIRMED", None), ("Orang 1", "WAITLISTED", 1),
            ("Orang 2", "WAITLISTED", 2), ("Orang 3", "WAITLISTED", 3)]
    assert rest["pageInfo"]["hasNextPage"] is False


def test_register_refused_at_a_draft_and_after_the_start(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    draft = create(api, officer)
    out = register(api, draft, person(), token=None)
    assert [e["code"] for e in out["userErrors"]] in (["NOT_FOUND"], ["SESSION_NOT_OPEN"])
    sid = published(api, officer)
    start = at(0, hours=-1)
    api.op("RescheduleSession", {"input": {"id": sid, "startsAt": start.isoformat(),
                                           "endsAt": (start + timedelta(hours=3)).isoformat()}},
           token=officer)
    out = register(api, sid, person())
    assert [(e["field"], e["code"]) for e in out["userErrors"]] == \
        [("sessionId", "SESSION_STARTED")]
    cancelled = published(api, officer)
    api.op("CancelSession", {"input": {"id": cancelled, "reason": "Libur"}}, token=officer)
    out = register(api, cancelled, person())
    assert [(e["field"], e["code"]) for e in out["userErrors"]] == \
        [("sessionId", "SESSION_NOT_OPEN")]
    assert count(database, Registration) == 0


def test_roster_puts_cancelled_registrations_last(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer, capacity=1)
    done = [registered(api, sid, person(f"Orang {i}")) for i in range(4)]
    out = api.op("CancelRegistration", {"id": done[0]["registration"]["id"]},
                 token=done[0]["participantToken"])
    assert out["data"]["cancelRegistration"]["userErrors"] == []
    assert [(n["participant"]["fullName"], n["status"], n["waitlistPosition"])
            for n in roster(api, officer, sid)] == [
        ("Orang 1", "CONFIRMED", None), ("Orang 2", "WAITLISTED", 1),
        ("Orang 3", "WAITLISTED", 2), ("Orang 0", "CANCELLED", None)]

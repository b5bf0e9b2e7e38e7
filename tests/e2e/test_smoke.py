from __future__ import annotations

from datetime import UTC, datetime, timedelta


def _input(days: int = 10, capacity: int = 120) -> dict:
    start = (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0)
    return {"title": "Pendidikan Pemilih Pemula SMAN 1 Mataram", "segment": "FIRST_TIME_VOTERS",
            "format": "IN_PERSON", "regionCode": "5271",
            "venue": {"name": "Aula SMAN 1 Mataram", "address": "Jl. Pendidikan No. 21"},
            "startsAt": start.isoformat(), "endsAt": (start + timedelta(hours=2)).isoformat(),
            "capacity": capacity, "description": "Mengapa suara pemilih pemula menentukan."}


def test_create_publish_register(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="52")
    out = api.op("CreateSession", {"input": _input()}, token=officer)
    assert out["data"]["createSession"]["userErrors"] == [], out
    sid = out["data"]["createSession"]["session"]["id"]
    out = api.op("PublishSession", {"id": sid}, token=officer)
    assert out["data"]["publishSession"]["session"]["status"] == "PUBLISHED", out
    out = api.op("Register", {"input": {"sessionId": sid, "consent": True, "participant": {
        "fullName": "Baiq Nurul", "email": "baiq@example.id", "gender": "FEMALE",
        "birthDate": "2000-01-01"}}})
    reg = out["data"]["register"]
    assert reg["userErrors"] == [], out
    assert reg["registration"]["status"] == "CONFIRMED"
    me = api.gql("{ me { participant { fullName calendarUrl } } }", token=reg["participantToken"])
    assert me["data"]["me"]["participant"]["fullName"] == "Baiq Nurul", me

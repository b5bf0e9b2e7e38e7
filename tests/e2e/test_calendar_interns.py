"""An intern's feed over HTTP: placement period and logged days, issued by the coordinator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from strawberry import relay

from tests.e2e.test_calendar_feeds import fields, get, uids
from tests.scheduler.feedcheck import check, instants, z

WITA = ZoneInfo("Asia/Makassar")
TODAY = datetime.now(WITA).date()
START, END = TODAY - timedelta(days=3), TODAY + timedelta(days=40)
ISSUE = """mutation($id: ID!, $rotate: Boolean) { internCalendarUrl(internshipId: $id,
  rotate: $rotate) { calendarUrl links { webcal page } userErrors { code field } } }"""


def ok(out: dict, name: str) -> dict:
    assert "errors" not in out, out
    assert out["data"][name]["userErrors"] == [], out
    return out["data"][name]


class Interns:
    def __init__(self, api, tokens) -> None:
        self.api, self.tokens = api, tokens
        self.admin, self.officer = tokens("ADMIN"), tokens("INTERNSHIP_OFFICER")
        self.placement = ok(api.op("CreatePlacement", {"input": {
            "title": 'Magang "Pendidikan Pemilih"; sosialisasi, pemilih pemula 🗳️',
            "unit": "Divisi Sosdiklih, Parmas dan SDM", "regionCode": "5271",
            "startsOn": START.isoformat(), "endsOn": END.isoformat(), "quota": 5,
            "requiredHours": 16, "supervisorName": "Baiq Nurul Aini",
            "description": "Sosialisasi; pemilih pemula, di sekolah.\nBawa laptop."}},
            token=self.officer), "createPlacement")["placement"]["id"]
        self.n = 0

    def coordinator(self, code: str) -> str:
        ok(self.api.op("CreateUniversity", {"input": {"code": code, "name": f"Universitas {code}"}},
                       token=self.admin), "createUniversity")
        return self.tokens("UNIVERSITY_COORDINATOR", university=code)

    def accepted_intern(self, coordinator: str) -> str:
        self.n += 1
        student = {"fullName": f"Mahasiswa {self.n}", "email": f"m{self.n}@kampus.ac.id",
                   "phone": "+62 812 0000 0000", "studentNumber": f"F1A{self.n:05d}",
                   "studyProgram": "Ilmu Politik", "gender": "FEMALE"}
        out = ok(self.api.op("ApplyInterns", {"input": {"placementId": self.placement,
                                                        "students": [student]}},
                             token=coordinator), "applyInterns")
        internship = out["internships"][0]["id"]
        ok(self.api.op("DecideInternship", {"input": {"id": internship, "decision": "ACCEPT",
                                                      "note": "ok"}}, token=self.officer),
           "decideInternship")
        return internship

    def log(self, token: str, internship: str, on, check_in: str, check_out: str,
            activity: str) -> None:
        ok(self.api.op("LogInternDay", {"input": {
            "internshipId": internship, "date": on.isoformat(), "checkIn": check_in,
            "checkOut": check_out, "activity": activity}}, token=token), "logInternDay")


def at(day, clock: str) -> datetime:
    hour, minute = map(int, clock.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WITA).astimezone(UTC)


def test_intern_feed_shows_placement_and_logged_days(api, tokens, tmp_path) -> None:
    kit = Interns(api, tokens)
    unram = kit.coordinator("UNRAM")
    internship = kit.accepted_intern(unram)
    other = kit.accepted_intern(unram)
    days = [(TODAY - timedelta(days=2), "08:00", "16:00"), (TODAY - timedelta(days=1), "07:30",
                                                             "12:15")]
    for d, cin, cout in days:
        kit.log(unram, internship, d, cin, cout,
                "Menyusun bahan; sosialisasi, \"pemilu\" 🎉\nHari ke-2")
    kit.log(unram, other, TODAY - timedelta(days=2), "09:00", "10:00", "Intern lain")
    out = ok(api.gql(ISSUE, {"id": internship}, token=unram), "internCalendarUrl")
    url = out["calendarUrl"]
    assert "/calendar/i/" in url and out["links"]["webcal"].startswith("webcal://")
    assert ok(api.gql(ISSUE, {"id": internship}, token=kit.officer),
              "internCalendarUrl")["calendarUrl"] == url  # stable until rotated
    response = get(api, url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    path = tmp_path / "intern.ics"
    path.write_bytes(response.content)
    placement_uid = f"magang-{_db_id(internship)}@127.0.0.1"
    expected = {placement_uid: (START.isoformat(), (END + timedelta(days=1)).isoformat())}
    for occurrences in check(path).values():
        got = instants(occurrences)
        assert got[placement_uid] == expected[placement_uid]
        logged = sorted(v for k, v in got.items() if k.startswith("logbook-"))
        assert logged == [(z(at(d, cin)), z(at(d, cout))) for d, cin, cout in days]
    assert not any(u.startswith(f"magang-{_db_id(other)}@") for u in uids(response.content))
    props = fields(response.content, placement_uid)
    assert props["DTSTART;VALUE=DATE"] == START.strftime("%Y%m%d")
    etag = response.headers["etag"]
    assert get(api, url, **{"If-None-Match": etag}).status_code == 304
    kit.log(unram, internship, TODAY, "08:00", "09:00", "Hari baru")
    assert get(api, url, **{"If-None-Match": etag}).status_code == 200


def test_rotate_and_scoping_of_intern_feeds(api, tokens) -> None:
    kit = Interns(api, tokens)
    unram, uin = kit.coordinator("UNRAM"), kit.coordinator("UINMTR")
    internship = kit.accepted_intern(unram)
    url = ok(api.gql(ISSUE, {"id": internship}, token=unram), "internCalendarUrl")["calendarUrl"]
    denied = api.gql(ISSUE, {"id": internship}, token=uin)["data"]["internCalendarUrl"]
    assert denied["calendarUrl"] is None
    assert denied["userErrors"] == [{"code": "NOT_FOUND", "field": "internshipId"}]
    anonymous = api.gql(ISSUE, {"id": internship})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    fresh = ok(api.gql(ISSUE, {"id": internship, "rotate": True}, token=kit.officer),
               "internCalendarUrl")["calendarUrl"]
    assert fresh != url
    assert get(api, url).status_code == 404
    assert get(api, fresh).status_code == 200
    page = get(api, fresh.removesuffix(".ics"))
    assert page.status_code == 200 and 'content="noindex' in page.text


def _db_id(global_id: str) -> str:
    return relay.GlobalID.from_id(global_id).node_id

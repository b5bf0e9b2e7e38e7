"""Calendar feeds over real HTTP, as calendar apps poll them, checked by their parsers."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from strawberry import relay

from tests.scheduler.feedcheck import check, instants, z

TITLES = [
    'Sosialisasi "Pemilu Damai"; hak, kewajiban & tata cara 🗳️✅',
    "Diskusi: Perempuan; Politik, dan \"Suara\" — 'Kartini' 👩🏽‍⚖️",
    "Gelar wicara\\pemilih pemula, SMAN 1; Mataram 🇮🇩 " + "é" * 40,
]
DESCRIPTION = ("Bawa KTP-el; datang 15 menit lebih awal, ya!\nNarasumber: Ibu Baiq \"Nurul\" "
               "Aini, S.IP.\nJalur: C:\\materi\\sesi.pdf — gratis 🎉 " + "ü" * 50)


def _start(days: int, hour: int = 9) -> datetime:
    day = (datetime.now(UTC) + timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, hour - 8, 0, tzinfo=UTC)  # hour WITA


def create_session(api, token: str, *, days: int = 10, region: str = "5271",
                   title: str = TITLES[0], segment: str = "FIRST_TIME_VOTERS",
                   publish: bool = True, capacity: int = 50) -> str:
    start = _start(days)
    out = api.op("CreateSession", {"input": {
        "title": title, "segment": segment, "format": "IN_PERSON", "regionCode": region,
        "venue": {"name": "Aula KPU; Lt. 2", "address": "Jl. Langko No. 72, Mataram"},
        "startsAt": start.isoformat(), "endsAt": (start + timedelta(hours=2)).isoformat(),
        "capacity": capacity, "description": DESCRIPTION}}, token=token)
    assert out["data"]["createSession"]["userErrors"] == [], out
    sid = out["data"]["createSession"]["session"]["id"]
    if publish:
        out = api.op("PublishSession", {"id": sid}, token=token)
        assert out["data"]["publishSession"]["userErrors"] == [], out
    return sid


def register(api, sid: str, email: str, token: str | None = None) -> dict:
    person = None if token else {"fullName": "Baiq Nurul", "email": email, "gender": "FEMALE",
                                 "birthDate": "2000-01-01", "regionCode": "5271"}
    variables = {"input": {"sessionId": sid, "consent": True}}
    if person:
        variables["input"]["participant"] = person
    out = api.op("Register", variables, token=token)
    assert out["data"]["register"]["userErrors"] == [], out
    return out["data"]["register"]


def uid(api, sid: str) -> str:
    host = re.match(r"https?://([^:/]+)", api.url).group(1)
    return f"sesi-{relay.GlobalID.from_id(sid).node_id}@{host}"


def fields(body: bytes, event_uid: str) -> dict[str, str]:
    """The unfolded properties of one VEVENT, by name (parameters kept in the key)."""
    text = body.decode().replace("\r\n ", "")
    for block in text.split("BEGIN:VEVENT\r\n")[1:]:
        props = dict(line.split(":", 1) for line in block.split("END:VEVENT")[0].split("\r\n")
                     if line)
        if props.get("UID") == event_uid:
            return props
    raise KeyError(event_uid)


def uids(body: bytes) -> set[str]:
    return set(re.findall(r"\r\nUID:([^\r]+)", body.decode()))


def me(api, token: str) -> dict:
    out = api.gql("{ me { participant { id calendarUrl } } }", token=token)
    return out["data"]["me"]["participant"]


def get(api, url: str, **headers: str) -> httpx.Response:
    return api.http.get(url, headers=headers)


@pytest.fixture
def officer(tokens) -> str:
    return tokens("EDUCATION_OFFICER", region="52")


def test_personal_and_public_feeds_pass_every_client_parser(api, officer, tmp_path) -> None:
    sids = [create_session(api, officer, days=5 + n, title=t) for n, t in enumerate(TITLES)]
    first = register(api, sids[0], "aini@contoh.id")
    register(api, sids[1], "", token=first["participantToken"])
    personal = get(api, first["calendarUrl"])
    assert personal.status_code == 200
    assert personal.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "content-disposition" not in personal.headers
    public = get(api, f"{api.url}/calendar/sessions.ics?region=5271")
    for name, response, shown in (("personal", personal, sids[:2]), ("public", public, sids)):
        path = tmp_path / f"{name}.ics"
        path.write_bytes(response.content)
        expected = {uid(api, s): (z(_start(5 + n)), z(_start(5 + n) + timedelta(hours=2)))
                    for n, s in enumerate(sids) if s in shown}
        for parser, occurrences in check(path).items():
            assert instants(occurrences) == expected, (name, parser)
    props = fields(personal.content, uid(api, sids[0]))
    assert props["DTSTART;TZID=Asia/Makassar"] == _start(5).strftime("%Y%m%dT090000")
    assert "METHOD" not in personal.text and "ORGANIZER" not in personal.text


def test_reschedule_keeps_uid_and_raises_sequence_then_cancel_keeps_it_cancelled(
        api, officer) -> None:
    sid = create_session(api, officer)
    reg = register(api, sid, "lalu@contoh.id")
    feeds = [reg["calendarUrl"], f"{api.url}/calendar/sessions.ics"]
    before = [fields(get(api, url).content, uid(api, sid)) for url in feeds]
    start = _start(12, hour=13)
    end = start + timedelta(hours=1)
    out = api.op("RescheduleSession", {"input": {"id": sid, "startsAt": start.isoformat(),
                                                 "endsAt": end.isoformat()}}, token=officer)
    assert out["data"]["rescheduleSession"]["userErrors"] == [], out
    for url, old in zip(feeds, before, strict=True):
        new = fields(get(api, url).content, uid(api, sid))
        assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])
        assert new["DTSTART;TZID=Asia/Makassar"] == start.strftime("%Y%m%dT130000")
        assert new["LAST-MODIFIED"] >= old["LAST-MODIFIED"]
    rescheduled = new
    out = api.op("CancelSession", {"input": {"id": sid, "reason": "Hujan deras; aula banjir"}},
                 token=officer)
    assert out["data"]["cancelSession"]["userErrors"] == [], out
    for url in feeds:
        cancelled = fields(get(api, url).content, uid(api, sid))
        assert cancelled["STATUS"] == "CANCELLED"
        assert cancelled["SUMMARY"].startswith("DIBATALKAN: ")
        assert int(cancelled["SEQUENCE"]) > int(rescheduled["SEQUENCE"])


def test_etag_and_last_modified_answer_304_until_the_feed_changes(api, officer) -> None:
    sid = create_session(api, officer)
    url = f"{api.url}/calendar/sessions.ics?region=52&segment=FIRST_TIME_VOTERS"
    first = get(api, url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert etag.startswith('"') and get(api, url).content == first.content  # same bytes
    again = get(api, url, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert get(api, url, **{"If-Modified-Since": modified}).status_code == 304
    head = api.http.head(url)
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"] == etag
    assert head.headers["content-length"] == first.headers["content-length"]
    zipped = get(api, url, **{"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip" and zipped.content == first.content
    assert get(api, url, **{"Accept-Encoding": "gzip",
                            "If-None-Match": zipped.headers["etag"]}).status_code == 304
    start = _start(20)
    api.op("RescheduleSession", {"input": {"id": sid, "startsAt": start.isoformat(),
                                           "endsAt": (start + timedelta(hours=1)).isoformat()}},
           token=officer)
    changed = get(api, url, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_rotate_stops_the_old_url_at_once(api, officer) -> None:
    sid = create_session(api, officer)
    reg = register(api, sid, "rotasi@contoh.id")
    token, old = reg["participantToken"], reg["calendarUrl"]
    assert get(api, old).status_code == 200
    out = api.gql("mutation { rotateCalendarUrl { calendarUrl links { webcal google page } "
                  "userErrors { code } } }", token=token)["data"]["rotateCalendarUrl"]
    new = out["calendarUrl"]
    assert new != old and out["links"]["webcal"] == "webcal://" + new.split("://", 1)[1]
    assert get(api, old).status_code == 404
    assert uid(api, sid) in uids(get(api, new).content)
    assert me(api, token)["calendarUrl"] == new
    anonymous = api.gql("mutation { rotateCalendarUrl { calendarUrl } }")
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_staff_revoke_stops_the_url_and_rotate_gives_a_fresh_one(api, officer) -> None:
    sid = create_session(api, officer)
    reg = register(api, sid, "cabut@contoh.id")
    token, url = reg["participantToken"], reg["calendarUrl"]
    pid = me(api, token)["id"]
    revoke = ("mutation($p: ID!) { revokeCalendarUrl(participantId: $p) "
              "{ revokedAt userErrors { code } } }")
    denied = api.gql(revoke, {"p": pid}, token=token)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert get(api, url).status_code == 200
    out = api.gql(revoke, {"p": pid}, token=officer)["data"]["revokeCalendarUrl"]
    assert out["userErrors"] == [] and out["revokedAt"]
    assert get(api, url).status_code == 404
    assert get(api, url.removesuffix(".ics")).status_code == 404
    assert me(api, token)["calendarUrl"] is None
    fresh = api.gql("mutation { rotateCalendarUrl { calendarUrl } }",
                    token=token)["data"]["rotateCalendarUrl"]["calendarUrl"]
    assert fresh != url and get(api, fresh).status_code == 200


def test_feeds_never_show_others_sessions_drafts_or_other_regions(api, officer) -> None:
    mataram = create_session(api, officer, region="5271", days=6)
    bima = create_session(api, officer, region="5272", days=7, segment="WOMEN")
    draft = create_session(api, officer, region="5271", days=8, publish=False)
    mine = register(api, mataram, "saya@contoh.id")
    register(api, bima, "orang.lain@contoh.id")
    assert uids(get(api, mine["calendarUrl"]).content) == {uid(api, mataram)}

    def public(query: str) -> set[str]:
        response = get(api, f"{api.url}/calendar/{query}")
        assert response.status_code == 200, response.text
        return uids(response.content)

    assert public("sessions.ics") == {uid(api, mataram), uid(api, bima)}
    assert public("sessions.ics?region=52") == {uid(api, mataram), uid(api, bima)}
    assert public("sessions.ics?region=5271") == {uid(api, mataram)}
    assert public("sessions.ics?region=5272") == {uid(api, bima)}
    assert public("sessions.ics?segment=WOMEN") == {uid(api, bima)}
    assert public("offices/5272.ics") == {uid(api, bima)}
    assert public("offices/52.ics") == set()
    assert uid(api, draft) not in public("sessions.ics")
    assert get(api, f"{api.url}/calendar/sessions.ics?region=99").status_code == 400
    assert get(api, f"{api.url}/calendar/sessions.ics?segment=X").status_code == 400
    assert get(api, f"{api.url}/calendar/p/{'A' * 26}.ics").status_code == 404


def test_subscribe_pages_and_links(api, officer) -> None:
    sid = create_session(api, officer)
    reg = register(api, sid, "halaman@contoh.id")
    page = get(api, f"{api.url}/calendar/sessions?region=5271")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    feed = f"{api.url}/calendar/sessions.ics?region=5271"
    webcal = "webcal://" + feed.split("://", 1)[1]
    assert webcal.replace("&", "&amp;") in page.text and "<svg" in page.text
    assert "calendar.google.com/calendar/render?cid=webcal%3A%2F%2F" in page.text
    personal = get(api, reg["calendarUrl"].removesuffix(".ics"))
    assert personal.status_code == 200 and 'name="robots" content="noindex' in personal.text
    assert personal.headers["cache-control"] == "no-store"
    links = api.gql('{ calendarFeed(region: "5271") { url webcal google page } '
                    '  office: calendarFeed(office: "5272", segment: WOMEN) { url } }')["data"]
    assert links["calendarFeed"]["url"] == feed and links["calendarFeed"]["webcal"] == webcal
    assert get(api, links["calendarFeed"]["page"]).status_code == 200
    assert links["office"]["url"] == f"{api.url}/calendar/offices/5272.ics?segment=WOMEN" or \
        links["office"]["url"] == f"{api.url}/calendar/offices/5272.ics"
    mine = api.gql("{ myCalendar { url } }", token=reg["participantToken"])["data"]
    assert mine["myCalendar"]["url"] == reg["calendarUrl"]
    index = get(api, f"{api.url}/calendar")
    assert index.status_code == 200 and 'href="' + f"{api.url}/calendar/sessions?region=5271" in \
        index.text and f"{api.url}/calendar/offices/52\"" in index.text
    bad = api.gql('{ calendarFeed(region: "99") { url } }')
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_waitlisted_is_tentative_until_promoted_and_cancelled_registration_leaves(
        api, officer) -> None:
    sid = create_session(api, officer, capacity=1)
    first = register(api, sid, "pertama@contoh.id")
    second = register(api, sid, "kedua@contoh.id")
    assert second["registration"]["status"] == "WAITLISTED"
    waiting = fields(get(api, second["calendarUrl"]).content, uid(api, sid))
    assert waiting["STATUS"] == "TENTATIVE" and waiting["SUMMARY"].startswith("Daftar tunggu: ")
    out = api.op("CancelRegistration", {"id": first["registration"]["id"]},
                 token=first["participantToken"])
    assert out["data"]["cancelRegistration"]["userErrors"] == [], out
    assert uids(get(api, first["calendarUrl"]).content) == set()
    promoted = fields(get(api, second["calendarUrl"]).content, uid(api, sid))
    assert promoted["STATUS"] == "CONFIRMED" and not promoted["SUMMARY"].startswith("Daftar")


def test_registrations_leave_the_public_feed_bytes_alone(api, officer) -> None:
    sid = create_session(api, officer)
    url = f"{api.url}/calendar/sessions.ics?region=5271"
    before = get(api, url)
    register(api, sid, "satu@contoh.id")
    register(api, sid, "dua@contoh.id")
    after = get(api, url, **{"If-None-Match": before.headers["etag"]})
    assert after.status_code == 304  # seats changed, nothing a calendar shows did
    start = _start(15)
    api.op("RescheduleSession", {"input": {"id": sid, "startsAt": start.isoformat(),
                                           "endsAt": (start + timedelta(hours=1)).isoformat()}},
           token=officer)
    moved = get(api, url, **{"If-None-Match": before.headers["etag"]})
    assert moved.status_code == 200
    old, new = fields(before.content, uid(api, sid)), fields(moved.content, uid(api, sid))
    assert new["LAST-MODIFIED"] == new["DTSTAMP"] >= old["DTSTAMP"]
    assert int(new["SEQUENCE"]) == int(old["SEQUENCE"]) + 1

"""A feed that did not change is answered (200 or 304) without one query on the pool; any
committed write, by any engine on the database, makes the next answer fresh."""

from __future__ import annotations

import httpx
from sqlalchemy import update

from edu.sessions.models import EduSession
from tests.e2e.sessionkit import published
from tests.e2e.test_calendar_feeds import create_session, register
from tests.support import statements_on


def test_an_unchanged_feed_costs_no_query_and_a_write_refreshes_it(api, tokens, database,
                                                                   migrated_other):
    officer = tokens("EDUCATION_OFFICER", region="52")
    published(api, officer)
    url = f"{api.url}/calendar/sessions.ics?region=5271"
    first = httpx.get(url)
    assert first.status_code == 200 and b"BEGIN:VEVENT" in first.content
    with statements_on(database.engine) as seen:
        again = httpx.get(url)
        unchanged = httpx.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.content == first.content and unchanged.status_code == 304
    assert seen == []
    with migrated_other.transaction() as db:  # another engine, as another process
        db.execute(update(EduSession).values(title="Sosialisasi Baru"))
    fresh = httpx.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert fresh.status_code == 200 and "Sosialisasi Baru" in fresh.text


def _headers(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k != "date"}


def test_a_remembered_answer_is_the_routed_answer_byte_for_byte(api, tokens):
    """The first GET is routed and builds the feed; the next ones are answered before routing
    (scheduler/feeds/routes.py RememberedFeeds) and must not lose a header, private ones
    included."""
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = create_session(api, officer)
    personal = register(api, sid, "ingat@contoh.id")["calendarUrl"]
    for url in (personal, f"{api.url}/calendar/sessions.ics?region=5271"):
        routed = httpx.get(url)
        remembered = httpx.get(url)
        assert remembered.content == routed.content
        assert _headers(remembered) == _headers(routed)
        for validator in ({"If-None-Match": routed.headers["etag"]},
                          {"If-Modified-Since": routed.headers["last-modified"]}):
            unchanged = httpx.get(url, headers=validator)
            assert unchanged.status_code == 304 and unchanged.content == b""
            for name in ("etag", "cache-control", "last-modified", "vary"):
                assert unchanged.headers[name] == routed.headers[name]
        assert httpx.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    assert httpx.get(personal).headers["x-robots-tag"] == "noindex"
    assert httpx.get(personal).headers["cache-control"] == "private, no-cache"

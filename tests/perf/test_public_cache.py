"""Cached public reads are fresh after any committed write, made by this app or another one
on the same database (a second app instance with its own engine, as a second process)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import update

from edu.config import normalise_database_url
from edu.db import Database
from edu.perf.response_cache import Cached, ResponseCache
from edu.sessions.models import EduSession
from tests.e2e.sessionkit import create, person, published, register
from tests.support import Api, LiveServer, client_operation, statements_on

PUBLIC = client_operation("PublicSessions")


@pytest.fixture
def second(live_server, database, base_settings) -> Iterator[tuple[Api, Database]]:
    other = Database(normalise_database_url(base_settings.database_url))
    server = LiveServer(base_settings, other).start()
    client = Api(server.url)
    yield client, other
    client.http.close()
    server.stop()
    other.dispose()


def _seats(api: Api) -> dict[str, int]:
    out = api.op("PublicSessions", {"first": 50})
    assert "errors" not in out
    return {e["node"]["id"]: e["node"]["seatsLeft"] for e in out["data"]["sessions"]["edges"]}


def test_a_write_in_another_app_makes_the_next_public_read_fresh(api, tokens, database, second,
                                                                 steady_clock):
    other_api, other_db = second
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer, capacity=10)
    assert _seats(api) == {sid: 10}
    with statements_on(database.engine) as seen:
        assert _seats(api) == {sid: 10}
    assert seen == []  # answered from the cache: not one statement on the pool
    register(other_api, sid, person("Baiq"))  # through the other app
    assert _seats(api) == {sid: 9}
    with other_db.transaction() as db:  # straight into the database, from the other engine
        db.execute(update(EduSession).values(capacity=20))
    assert _seats(api) == {sid: 19}
    assert _seats(other_api) == {sid: 19}


def test_public_pages_are_fresh_after_a_write_elsewhere(api, tokens, database, second,
                                                        steady_clock):
    _, other_db = second
    officer = tokens("EDUCATION_OFFICER", region="52")
    published(api, officer)
    with database.reader() as db:
        number = db.query(EduSession.id).scalar()
    for path in ("/", f"/sesi/{number}"):
        first = httpx.get(api.url + path)
        assert first.status_code == 200
        with statements_on(database.engine) as seen:
            assert httpx.get(api.url + path).text == first.text
        assert seen == []
    with other_db.transaction() as db:
        db.execute(update(EduSession).values(title="Judul Baru Sekali"))
    for path in ("/", f"/sesi/{number}"):
        assert "Judul Baru Sekali" in httpx.get(api.url + path).text
    english = httpx.get(api.url + "/", headers={"Accept-Language": "en"}).text
    assert 'lang="en"' in english  # the language is part of the key


def test_staff_answers_are_not_shared_and_other_queries_run_every_time(api, tokens, database):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer)
    create(api, officer)  # a draft: its planners count it, the public does not
    query = "{ sessions(first: 5) { totalCount } }"
    for _ in range(2):
        assert api.gql(query)["data"]["sessions"]["totalCount"] == 1
        assert api.gql(query, token=officer)["data"]["sessions"]["totalCount"] == 2
    notices = f'{{ notices(sessionId: "{sid}", first: 5) {{ totalCount }} }}'
    api.gql(notices, token=officer)
    with statements_on(database.engine) as seen:
        assert "errors" not in api.gql(notices, token=officer)
    assert seen != []  # not among the remembered roots (schema/public_cache.py)


def test_the_cache_is_bounded_in_bytes_and_keeps_one_version():
    cache = ResponseCache(max_bytes=100, clock=lambda: 0.0)
    cache.put(1, "a", Cached(200, "x", b"a" * 60))
    cache.put(1, "b", Cached(200, "x", b"b" * 60))
    assert cache.get(1, "a") is None and cache.get(1, "b") is not None and cache.size == 60
    cache.put(2, "c", Cached(200, "x", b"c"))
    assert cache.get(2, "b") is None and len(cache) == 1  # a newer version drops the older
    cache.put(1, "late", Cached(200, "x", b"l"))  # computed before the write seen: refused
    assert cache.get(1, "late") is None and cache.get(2, "late") is None


def test_a_large_key_counts_against_the_bound():
    cache = ResponseCache(max_bytes=100, clock=lambda: 0.0)
    cache.put(1, "small", Cached(200, "x", b"s" * 10))
    cache.put(1, "large", Cached(200, "x", b"l"), key_bytes=95)  # a request body as key
    assert cache.get(1, "small") is None and cache.size == 96
    cache.put(1, "huge", Cached(200, "x", b"h"), key_bytes=100)  # never held
    assert cache.get(1, "huge") is None and cache.size == 96

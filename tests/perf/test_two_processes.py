"""Two app processes on one database, as behind a load balancer: the test's own live server
and a second uvicorn process started here. What one of them answers from memory (public and
staff GraphQL answers, a feed) is fresh the moment a write through the other one commits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from edu.config import Settings
from edu.db import Database
from edu.perf.response_cache import CLOCK_STEP
from tests.e2e.sessionkit import person, published, registered
from tests.support import Api, free_port

ONE = """query($id: ID!) { node(id: $id) { ... on Session { title seatsLeft } } }"""
FEED = "/calendar/sessions.ics?region=5271"


@pytest.fixture(scope="module")
def other_process(migrated: Database, base_settings: Settings,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """A second app process (uvicorn, its own pools and caches) on the tests' database."""
    port = free_port()
    env = {**os.environ, "EDU_DATABASE_URL": migrated.url,
           "EDU_DATA_DIR": str(tmp_path_factory.mktemp("other")),
           "EDU_SECRET_KEY": base_settings.secret_key.decode(),
           "EDU_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "edu.app:create_app", "--port",
         str(port), "--log-level", "warning", "--no-access-log"],
        env=env, cwd=Path(__file__).resolve().parents[2])
    client = Api(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if client.http.get(f"{client.url}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, "the second app process exited"
            assert time.monotonic() < deadline, "the second app process did not start"
            time.sleep(0.1)
        yield client
    finally:
        client.http.close()
        process.terminate()
        process.wait(20)


def _answers(api: Api, officer: str, sid: str) -> tuple[dict, dict, str]:
    public = api.op("PublicSessions", {"first": 50})
    staff = api.gql(ONE, {"id": sid}, token=officer)
    feed = api.http.get(api.url + FEED)
    assert "errors" not in public and "errors" not in staff and feed.status_code == 200
    return (public["data"]["sessions"]["edges"][0]["node"], staff["data"]["node"],
            feed.text)


def _step() -> tuple[int, int]:
    """The caches' clock keys: GraphQL answers' 30-second step, feeds' UTC hour."""
    now = time.time()
    return int(now // CLOCK_STEP), int(now // 3600)


def test_a_write_through_one_process_makes_the_next_read_through_the_other_fresh(
        api, tokens, database, other_process):
    officer = tokens("EDUCATION_OFFICER", region="52")
    sid = published(api, officer, capacity=10, title="Judul Lama")
    step = _step()
    first = _answers(other_process, officer, sid)
    assert first[0]["seatsLeft"] == first[1]["seatsLeft"] == 10
    assert "Judul Lama" in first[2]
    # Raw SQL raises no data version: the other process keeps answering from memory.
    raw = create_engine(database.url)
    with raw.begin() as conn:
        conn.execute(text("UPDATE sessions SET title = 'Judul Mentah'"))
    raw.dispose()
    remembered = _answers(other_process, officer, sid)
    if _step() == step:  # its answers were not computed afresh for a new clock step
        assert remembered == first
    registered(api, sid, person("Baiq"))  # a write through this process, over HTTP
    public, staff, feed = _answers(other_process, officer, sid)
    assert public["seatsLeft"] == staff["seatsLeft"] == 9
    assert public["title"] == staff["title"] == "Judul Mentah"
    assert "Judul Mentah" in feed and "Judul Lama" not in feed

"""A feed that did not change is answered (200 or 304) without one query on the pool; any
committed write, by any engine on the database, makes the next answer fresh."""

from __future__ import annotations

import httpx
from sqlalchemy import update

from edu.sessions.models import EduSession
from tests.e2e.sessionkit import published
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

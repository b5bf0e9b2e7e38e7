"""Texts and dates: every text of the site has its Indonesian words; dates read as people
write them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from babel.messages.extract import extract_from_dir

import web
from web.dates import day, when
from web.i18n import translations

WEB = Path(web.__file__).parent
METHODS = [("**.py", "python"), ("**.html", "jinja2")]


def msgids() -> set[str]:
    found = extract_from_dir(str(WEB), METHODS, keywords={"_": None, "N_": None},
                             options_map={"**.html": {"extensions": "jinja2.ext.i18n"}})
    return {m[2] for m in found if isinstance(m[2], str)}


def test_every_text_has_its_indonesian_words():
    texts = msgids()
    assert len(texts) > 150
    catalogue = translations("id")
    missing = sorted(t for t in texts if catalogue.gettext(t) == t and t not in ("Email",))
    assert missing == []


def test_dates_in_indonesian_and_wita():
    starts = datetime(2026, 12, 12, 1, 0, tzinfo=UTC)  # 09.00 in Makassar
    ends = datetime(2026, 12, 12, 3, 0, tzinfo=UTC)
    assert when(starts, ends, "id") == "Sabtu, 12 Desember 2026, 09.00–11.00 WITA"
    assert when(starts, ends, "en") == "Saturday, 12 December 2026, 09:00–11:00 WITA"
    assert when(starts, ends, "id", "Asia/Jakarta") == \
        "Sabtu, 12 Desember 2026, 08.00–10.00 WIB"
    overnight = when(starts, datetime(2026, 12, 13, 3, 0, tzinfo=UTC), "id")
    assert overnight == "Sabtu, 12 Desember 2026, 09.00–13 Desember 2026, 11.00 WITA"
    assert day(date(2027, 1, 3), "id") == "3 Januari 2027"
    assert day(datetime(2026, 12, 31, 17, 0, tzinfo=UTC), "id") == "1 Januari 2027"

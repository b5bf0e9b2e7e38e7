"""The survey form and /layanan over plain HTTP (no JavaScript): the form answers once, the
page shows no one: no names, and counts under 5 suppressed."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import func, select

from edu.config import Settings
from edu.db import Database
from edu.integrity.models import SurveyAnswer
from tests.integrity.kit import Person, held, page_secret, wita_today

SCORES = {f"u{i}": "4" for i in range(1, 10)}


def test_the_survey_form_answers_once(site: httpx.Client, database: Database,
                                      settings: Settings) -> None:
    sid, (present, absent) = held(database, [Person(), Person(attendance=None)])
    secret = page_secret(database, settings.secret_key, present)
    mine = site.get(f"/saya/{secret}")
    assert f"/saya/{secret}/survei/{sid}" in mine.text
    form = site.get(f"/saya/{secret}/survei/{sid}")
    assert form.status_code == 200 and form.headers["cache-control"] == "private, no-store"
    assert form.text.count('type="radio"') == 36 and "Persyaratan" in form.text
    short = site.post(f"/saya/{secret}/survei/{sid}", data={"u1": "4"})
    assert short.status_code == 400 and "kesembilan pertanyaan" in short.text
    done = site.post(f"/saya/{secret}/survei/{sid}", data={**SCORES, "saran": "Bagus"})
    assert done.status_code == 303 and done.headers["location"] == "/survei/terima-kasih"
    again = site.post(f"/saya/{secret}/survei/{sid}", data=SCORES)
    assert again.status_code == 400 and "sudah mengisi" in again.text
    other = page_secret(database, settings.secret_key, absent)
    refused = site.post(f"/saya/{other}/survei/{sid}", data=SCORES)
    assert refused.status_code == 400 and "bagi yang hadir" in refused.text
    assert site.get(f"/saya/BUKANRAHASIA/survei/{sid}").status_code == 404
    with database.reader() as db:
        assert db.scalar(select(func.count(SurveyAnswer.id))) == 1
    assert site.get("/survei/terima-kasih").status_code == 200


def _answer_all(site: httpx.Client, database: Database, settings: Settings, n: int) -> None:
    sid, people = held(database, [Person()] * n)
    for person in people:
        secret = page_secret(database, settings.secret_key, person)
        assert site.post(f"/saya/{secret}/survei/{sid}", data=SCORES).status_code == 303


def _quarter_row(html: str, caption: str) -> str:
    table = html.split(f"<caption>{caption}</caption>")[1].split("</table>")[0]
    label = f"{wita_today().year} TW{(wita_today().month - 1) // 3 + 1}"
    return re.search(rf"<tr><th scope=\"row\">{label}</th>(.*?)</tr>", table).group(1)


def test_layanan_suppresses_small_counts(site: httpx.Client, database: Database,
                                         settings: Settings) -> None:
    _answer_all(site, database, settings, 4)
    page = site.get("/layanan", params={"kantor": "5271"})
    assert page.status_code == 200 and "paling lama 10 hari kerja" in page.text
    row = _quarter_row(page.text, "Pendidikan pemilih")
    assert row == "<td>–</td><td>–</td><td>di bawah 5</td><td>di bawah 5</td>"
    assert "Peserta" not in page.text and "@example.id" not in page.text
    _answer_all(site, database, settings, 1)
    row = _quarter_row(site.get("/layanan", params={"kantor": "5271"}).text,
                       "Pendidikan pemilih")
    assert row == "<td>100,00</td><td>A (Sangat Baik)</td><td>5</td><td>5</td>"
    # The province's page counts its regencies' and cities' figures too.
    assert "<td>100,00</td>" in site.get("/layanan").text
    assert site.get("/layanan", params={"kantor": "99"}).status_code == 404
    assert site.get("/layanan", params={"tahun": "x"}).status_code == 404

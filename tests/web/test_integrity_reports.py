"""The console's report pages, the session-request form and the suggestions list over plain
HTTP (no JavaScript), on SQLite and PostgreSQL: charts are SVG images with a title and a
description whose figures the tables repeat, downloads read back as the page's figures, the
scope is the API's, refused forms write nothing."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import httpx
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.config import Settings
from edu.db import Database
from edu.integrity.models import RequestOutcome, SessionRequest, SuggestionStatus, SurveyAnswer
from edu.internships.models import Internship, InternshipStatus
from edu.participants.models import Gender
from edu.registrations.models import Registration, RegistrationStatus
from tests.edu.accountkit import account
from tests.edu.certificates_factory import placement_with
from tests.integrity.kit import Person, held, page_secret, wita_today
from tests.web.adminkit import admin_signed_in
from tests.web.sitekit import Page
from tests.web.staffkit import csrf_of, signed_in

SCORES = {f"u{i}": "4" for i in range(1, 10)}


def _sign_in(site: httpx.Client, database: Database, role: Role = Role.EDUCATION_OFFICER,
             region: str | None = "52", username: str = "siti") -> None:
    account(database, username=username, role=role, region=region)
    assert signed_in(site, username).status_code == 303


def _table(html: str, caption: str) -> list[list[str]]:
    """The cells of the table with this caption, row by row, as text."""
    body = html.split(f"<caption>{caption}</caption>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip()
             for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows]


def _charts(html: str) -> list[str]:
    """Every chart: an SVG image named by its own title and description."""
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)
    for svg in svgs:
        ids = re.search(r'aria-labelledby="([^"]+) ([^"]+)"', svg)
        assert 'role="img"' in svg and ids, svg[:200]
        assert f'<title id="{ids.group(1)}">' in svg and f'<desc id="{ids.group(2)}">' in svg
    return svgs


def test_reports_need_a_signed_in_officer_of_the_right_work(site: httpx.Client,
                                                            database: Database) -> None:
    assert site.get("/staf/laporan/partisipasi").headers["location"] == "/staf/masuk"
    assert site.get("/staf/laporan/magang.csv").headers["location"] == "/staf/masuk"
    _sign_in(site, database, Role.INTERNSHIP_OFFICER, username="intan")
    index = Page(site.get("/staf/laporan").text)
    assert "Magang per perguruan tinggi, unit dan periode" in index.links
    assert "Partisipasi dalam pendidikan pemilih" not in index.links
    refused = site.get("/staf/laporan/partisipasi")
    assert refused.status_code == 403 and "Bukan bagian pekerjaan Anda" in refused.text
    assert site.get("/staf/laporan/partisipasi.csv").status_code == 403
    assert site.get("/staf/permintaan").status_code == 403
    assert site.get("/staf/laporan/magang").status_code == 200


def test_participation_page_charts_tables_and_downloads(site: httpx.Client,
                                                        database: Database) -> None:
    young = wita_today() - timedelta(days=365 * 19)
    held(database, [Person(gender=Gender.MALE, birth=young), Person(), Person(attendance=None),
                    Person(status=RegistrationStatus.WAITLISTED)])
    held(database, [Person(disability=True)], region="5201")
    _sign_in(site, database)
    got = site.get("/staf/laporan/partisipasi")
    assert got.status_code == 200 and "no-store" in got.headers["cache-control"]
    html = got.text
    assert len(_charts(html)) == 3
    assert _table(html, "Partisipasi per kabupaten/kota")[1:] == [
        ["Lombok Barat", "1", "1", "100,0 %"], ["Kota Mataram", "3", "2", "66,7 %"]]
    ages = _table(html, "Partisipasi per kelompok usia")
    assert ["17–21 (pemilih pemula)", "1", "1", "100,0 %"] in ages
    assert ["31–40 tahun", "3", "2", "66,7 %"] in ages
    # The chart draws what the table says: one bar per line, labelled with its figures.
    region_chart = _charts(html)[0]
    assert region_chart.count("<rect") == 2 and "2/3" in region_chart and "1/1" in region_chart
    lines = _table(html, "Semua baris laporan")
    assert lines[-1] == ["Jumlah", "4", "3", "75,0 %"]
    # Coverage gaps: Kota Mataram reached first-time voters, Lombok Timur no one at all.
    gaps = dict((r[0], r[1]) for r in _table(html, "Sasaran yang belum terjangkau")[1:])
    assert "Pemilih pemula" not in gaps["Kota Mataram"]
    assert "Pemilih pemula" in gaps["Lombok Timur"] and "Perempuan" in gaps["Kota Mataram"]
    links = Page(html).links
    table = list(csv.DictReader(io.StringIO(site.get(links["Unduh CSV"]).text)))
    with database.reader() as db:
        raw = db.scalar(select(func.count(Registration.id)).where(
            Registration.status == RegistrationStatus.CONFIRMED))
    assert table[-1]["region_code"] == "TOTAL" and int(table[-1]["registered"]) == raw == 4
    assert sum(int(r["registered"]) for r in table[:-1]) == 4
    assert sum(int(r["attended"]) for r in table[:-1]) == 3
    xlsx = site.get(links["Unduh XLSX"])
    assert xlsx.headers["content-disposition"].endswith('.xlsx"')
    sheet = list(load_workbook(io.BytesIO(xlsx.content))["Partisipasi"].iter_rows(
        values_only=True))
    assert [[str(v) for v in r] for r in sheet[1:]] == [
        [r[k] for k in r] for r in table[:-1]]
    bad = site.get("/staf/laporan/partisipasi", params={"dari": "kemarin"})
    assert bad.status_code == 400 and 'aria-describedby="e-dari"' in bad.text


def test_internship_page_per_period_totals_and_downloads(site: httpx.Client,
                                                         database: Database) -> None:
    S = InternshipStatus
    _, ids = placement_with(database, [S.COMPLETED, S.ACCEPTED, S.APPLIED])
    with database.transaction() as db:
        db.execute(update(Internship).where(Internship.id == ids[0]).values(
            applied_at=datetime(2026, 2, 2, 1, tzinfo=UTC)))
        db.execute(update(Internship).where(Internship.id.in_(ids[1:])).values(
            applied_at=datetime(2026, 8, 3, 1, tzinfo=UTC)))
    _sign_in(site, database, Role.INTERNSHIP_OFFICER)
    html = site.get("/staf/laporan/magang", params={"tahun": "2026",
                                                    "periode": "QUARTER"}).text
    (chart,) = _charts(html)
    assert chart.count("<rect") == 4 and "2 · 1 · 0" in chart
    rows = _table(html, "Magang per periode")
    assert ["Jumlah 2026 TW3", "2", "1", "0", "0,00", "–", "–", "–"] in rows
    assert rows[-1][:4] == ["Jumlah", "3", "2", "1"]
    links = Page(html).links
    lines = list(csv.reader(io.StringIO(site.get(links["Unduh CSV"]).text)))
    assert [line[0] for line in lines[1:]] == ["2026 TW1", "2026 TW3", "TOTAL"]
    assert lines[-1][3:6] == ["3", "2", "1"]
    book = load_workbook(io.BytesIO(site.get(links["Unduh XLSX"]).content))
    assert [r[:6] for r in book["Magang"].iter_rows(values_only=True)][1:] == [
        tuple(line[:3]) + tuple(int(v) for v in line[3:6]) for line in lines[1:-1]]
    bad = site.get("/staf/laporan/magang", params={"tahun": "19"})
    assert bad.status_code == 400 and 'aria-describedby="e-tahun"' in bad.text


def test_ikm_page_grade_and_weakest_element(site: httpx.Client, database: Database,
                                            settings: Settings) -> None:
    sid, people = held(database, [Person()] * 2)
    for person, u9 in zip(people, ("2", "3"), strict=True):
        secret = page_secret(database, settings.secret_key, person)
        answered = site.post(f"/saya/{secret}/survei/{sid}", data={**SCORES, "u9": u9})
        assert answered.status_code == 303
    _sign_in(site, database)
    html = site.get("/staf/laporan/ikm", params={"layanan": "VOTER_EDUCATION"}).text
    assert len(_charts(html)) == 2
    # NRR: 4 on eight elements, 2.5 on U9 → (32 + 2.5) / 9 × 25 = 95.83 (A).
    assert "95,83 · A (Sangat Baik)" in html
    elements = _table(html, "Rata-rata per unsur (NRR), 1 sampai 4")
    assert elements[-1] == ["U9. Sarana dan prasarana", "2,50 (terendah: perlu diperbaiki)"]
    assert "U9. Sarana dan prasarana" in dict((r[0], r[2]) for r in _table(
        html, "IKM per periode")[1:]).values()
    offices = dict((r[0], r[1]) for r in _table(html, f"IKM per kantor · {wita_today().year}")
                   [1:])
    assert offices["Kota Mataram"].startswith("95,83") and offices["Kota Bima"] == "–"
    (session,) = _table(html, f"IKM per kegiatan · {wita_today().year}")[1:]
    assert session[0].startswith("Sosialisasi") and session[1:] == [
        "95,83 · A (Sangat Baik)", "U9. Sarana dan prasarana", "2 / 2"]
    english = site.get("/staf/laporan/ikm", headers={"Accept-Language": "en"}).text
    assert "95.83 · A" in english and "<h1>Satisfaction index (IKM)</h1>" in english


def test_standards_page_breaches_with_who_and_how_late(site: httpx.Client,
                                                       database: Database,
                                                       settings: Settings) -> None:
    _, ids = placement_with(database, [InternshipStatus.ACCEPTED, InternshipStatus.APPLIED])
    applied = datetime.now(UTC) - timedelta(days=40)
    with database.transaction() as db:
        db.execute(update(Internship).values(applied_at=applied))
        db.execute(update(Internship).where(Internship.id == ids[0]).values(
            decided_at=datetime.now(UTC)))
        student = db.get(Internship, ids[0]).student.full_name
    admin_signed_in(site, database, settings)
    html = site.get("/staf/laporan/standar").text
    (chart,) = _charts(html)
    breaches = _table(html, "Keputusan yang melewati standar")
    assert breaches[1][0] == student and "hari kerja" in breaches[1][5]
    late = int(breaches[1][5].split()[0])
    assert late >= 15  # 40 days hold at least 25 working days; the standard is 10
    assert _table(html, "Permohonan yang menunggu keputusan")[1][5].startswith("Terlambat")
    shares = _table(html, "Persentase dalam standar")
    assert ["Magang", "1", "0", "0,0 %"] in shares


def test_a_session_request_from_the_form_to_its_answer(site: httpx.Client,
                                                       database: Database) -> None:
    form = Page(site.get("/minta-sesi").text)
    assert form.h1 == ["Minta sesi pendidikan pemilih"]
    bad = site.post("/minta-sesi", data={"regionCode": "5271", "organisation": "SMAN 1",
                                         "email": "bukan", "audience": "banyak"})
    assert bad.status_code == 400
    for field in ("contactName", "email", "segment", "audience", "consent"):
        assert f'aria-describedby="e-{field}"' in bad.text, field
    assert 'value="SMAN 1"' in bad.text
    with database.reader() as db:
        assert db.scalar(select(func.count(SessionRequest.id))) == 0
    good = {"regionCode": "5271", "organisation": "SMAN 1 Mataram", "contactName": "Baiq",
            "email": "osis@sman1.sch.id", "segment": "FIRST_TIME_VOTERS", "audience": "200",
            "preferredOn": (wita_today() + timedelta(days=20)).isoformat(), "consent": "ya"}
    sent = site.post("/minta-sesi", data=good)
    assert sent.status_code == 303 and sent.headers["location"] == "/minta-sesi/terkirim"
    assert site.get("/minta-sesi/terkirim").status_code == 200
    again = site.post("/minta-sesi", data=good)
    assert again.status_code == 400 and "sudah menunggu" in again.text
    with database.reader() as db:
        rid = db.scalar(select(SessionRequest.id))
    _sign_in(site, database, Role.EDUCATION_OFFICER, region="5271")
    listing = Page(site.get("/staf/permintaan").text)
    assert listing.links["SMAN 1 Mataram"] == f"/staf/permintaan/{rid}"
    one = site.get(f"/staf/permintaan/{rid}")
    assert "osis@sman1.sch.id" in one.text and "0 dari 5 hari kerja" in one.text
    empty = site.post(f"/staf/permintaan/{rid}", data={"csrf": csrf_of(one.text),
                                                       "outcome": "ACCEPTED", "reply": ""})
    assert empty.status_code == 400 and 'aria-describedby="e-reply"' in empty.text
    with database.reader() as db:
        assert db.get(SessionRequest, rid).answered_at is None
    done = site.post(f"/staf/permintaan/{rid}", data={
        "csrf": csrf_of(one.text), "outcome": "ACCEPTED", "reply": "Kami datang 14 Januari."})
    assert done.status_code == 303
    with database.reader() as db:
        assert db.get(SessionRequest, rid).outcome is RequestOutcome.ACCEPTED
        assert db.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "session_request.answer")) == 1
    assert "Kami datang 14 Januari." in site.get(f"/staf/permintaan/{rid}").text
    # One answer this quarter: the public page says "under 5", not the share it would give.
    layanan = site.get("/layanan", params={"kantor": "5271"}).text
    quarter = f"{wita_today().year} TW{(wita_today().month - 1) // 3 + 1}"
    rows = _table(layanan, "Permintaan sesi pendidikan pemilih yang dijawab per triwulan")
    assert [quarter, "di bawah 5", "–"] in rows
    assert "SMAN 1 Mataram" not in layanan and "osis@" not in layanan


def test_suggestions_are_answered_in_the_console_and_name_no_one(
        site: httpx.Client, database: Database, settings: Settings) -> None:
    sid, people = held(database, [Person(), Person()])
    for person, text in zip(people, ("Ruangan terlalu panas", "Materi bagus"), strict=True):
        secret = page_secret(database, settings.secret_key, person)
        assert site.post(f"/saya/{secret}/survei/{sid}",
                         data={**SCORES, "saran": text}).status_code == 303
    _sign_in(site, database, region="5271")
    html = site.get("/staf/saran").text
    assert "Ruangan terlalu panas" in html and "Materi bagus" in html
    assert "Peserta" not in html and "@example.id" not in html
    with database.reader() as db:
        hot = db.scalar(select(SurveyAnswer.id).where(
            SurveyAnswer.suggestion == "Ruangan terlalu panas"))
    token = csrf_of(html)
    empty = site.post(f"/staf/saran/{hot}", data={"csrf": token, "status": "ANSWERED",
                                                  "reply": " "})
    assert empty.status_code == 400 and f'aria-describedby="e-{hot}"' in empty.text
    done = site.post(f"/staf/saran/{hot}", data={"csrf": token, "status": "ANSWERED",
                                                 "reply": "Kipas angin ditambah."})
    assert done.status_code == 303
    with database.reader() as db:
        row = db.get(SurveyAnswer, hot)
        assert row.suggestion_status is SuggestionStatus.ANSWERED
        assert db.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "suggestion.answer")) == 1
    answered = site.get("/staf/saran", params={"status": "ANSWERED"}).text
    assert "Kipas angin ditambah." in answered and "Materi bagus" not in answered
    assert site.post(f"/staf/saran/{hot}", data={"status": "CLOSED"}).status_code == 403



def test_bars_are_scaled_to_the_largest_or_a_given_maximum() -> None:
    from web.reports.charts import LABEL_WIDTH, WIDTH, bar_chart

    room = WIDTH - LABEL_WIDTH - 2
    chart = bar_chart([("Kota Mataram", 6, "6/9"), ("Lombok Barat", 3, "3/3"),
                       ("Kota Bima", 0, "0/0")])
    assert [b.width for b in chart.bars] == [room, room / 2, 0.0]
    assert [b.y for b in chart.bars] == [0, 26, 52] and chart.height == 78
    assert [b.inside for b in chart.bars] == [True, False, False]  # a short bar's figure after it
    ikm = bar_chart([("2026 TW1", 95.83, "95.83 A")], maximum=100)
    assert ikm.bars[0].width == round(room * 0.9583, 1)
    assert bar_chart([]).height == 26 and bar_chart([("x", 0, "–")]).bars[0].width == 0


def test_numbers_read_as_each_language_writes_them() -> None:
    from web.numbers import Numbers

    indonesian, english = Numbers("id"), Numbers("en")
    assert indonesian.num(3511890) == "3.511.890" and english.num(3511890) == "3,511,890"
    assert indonesian.num(88.31, 2) == "88,31" and english.num(88.31, 2) == "88.31"
    assert indonesian.percent(2 / 3) == "66,7 %" and indonesian.percent(None) == "–"
    assert indonesian.num(None) == "–"


def test_service_times_and_cuti_bersama_are_set_in_the_console(site: httpx.Client,
                                                                database: Database) -> None:
    from edu.integrity.models import CollectiveLeaveDay, ServiceStandard

    _sign_in(site, database, Role.EDUCATION_OFFICER, region="5271")
    form = site.get("/staf/standar-layanan")
    assert _table(form.text, "Kota Mataram")[1:] == [["Pendidikan pemilih", "5"],
                                                     ["Magang", "10"]]
    token = csrf_of(form.text)
    bad = site.post("/staf/standar-layanan/waktu?kantor=5271", data={
        "csrf": token, "layanan": "VOTER_EDUCATION", "hari": "0"})
    assert bad.status_code == 400 and 'aria-describedby="e-hari"' in bad.text
    other = site.post("/staf/standar-layanan/waktu?kantor=5271", data={
        "csrf": token, "layanan": "INTERNSHIP", "hari": "7"})
    assert other.status_code == 403  # internship times belong to the internship officers
    leave = site.post("/staf/standar-layanan/cuti?kantor=5271", data={
        "csrf": token, "tanggal": "2026-12-24", "nama": "Cuti bersama Natal"})
    assert leave.status_code == 403  # admins add cuti bersama days
    with database.reader() as db:
        assert db.scalar(select(func.count()).select_from(ServiceStandard)) == 0
        assert db.scalar(select(func.count()).select_from(CollectiveLeaveDay)) == 0
    done = site.post("/staf/standar-layanan/waktu?kantor=5271", data={
        "csrf": token, "layanan": "VOTER_EDUCATION", "hari": "3"})
    assert done.status_code == 303
    assert ["Pendidikan pemilih", "3"] in _table(site.get(done.headers["location"]).text,
                                                 "Kota Mataram")
    assert "paling lama 3 hari kerja" in site.get("/layanan", params={"kantor": "5271"}).text
    with database.reader() as db:
        assert db.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "service_standard.set")) == 1

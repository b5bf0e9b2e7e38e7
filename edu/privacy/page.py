"""The access export as something a person reads (Bahasa Indonesia): its sections, which the
standalone HTML page here, the site's page and the PDF (scheduler/privacy_pdf.py) all lay out
the same way, for a participant's export and an intern's alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from edu.config import DISPLAY_TZ

TITLE = "Data pribadi yang disimpan KPU"
LABELS = {
    "full_name": "Nama", "email": "Email", "phone": "Telepon", "gender": "Jenis kelamin",
    "birth_date": "Tanggal lahir", "disability": "Disabilitas", "institution": "Instansi",
    "region_code": "Kode wilayah", "created_at": "Tercatat sejak", "erased_at": "Dihapus pada",
    "id": "Nomor", "student_number": "NIM", "study_program": "Program studi",
    "university": "Perguruan tinggi",
}
INSTANTS = ("created_at", "erased_at")  # the person's fields that are instants


@dataclass(frozen=True)
class Section:
    """A heading and either a table (headers and rows), pairs (label, value), or a text."""

    heading: str
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    text: str = ""


def cell(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value)


def moment(value: str | None) -> str:
    """An ISO instant of the export as people in NTB read the clock: local date and WITA."""
    if not value:
        return "—"
    return datetime.fromisoformat(value).astimezone(ZoneInfo(DISPLAY_TZ)).strftime(
        "%d-%m-%Y %H.%M WITA")


def _table(heading: str, headers: list[str], rows: list[list[Any]]) -> Section:
    if not rows:
        return Section(heading, text="Tidak ada.")
    return Section(heading, tuple(headers), tuple(tuple(cell(v) for v in r) for r in rows))


def intro(data: dict[str, Any]) -> str:
    return (f"Diekspor {moment(data['exported_at'])}. Semua data tentang Anda dalam sistem "
            "KPU; berkas JSON berisi hal yang sama (waktu dalam UTC).")


def sections(data: dict[str, Any]) -> list[Section]:
    """The export's parts in reading order."""
    found = [Section("Identitas", pairs=tuple(
        (LABELS[k], moment(v) if k in INSTANTS else cell(v))
        for k, v in data["person"].items()))]
    if "consent" in data:  # a participant
        consent = data["consent"]
        found.append(Section("Persetujuan", text=(
            f"Diberikan {moment(consent['given_at'])} untuk: {cell(consent['purpose'])}. "
            f"Persetujuan wali: {moment(consent['guardian_consent_at'])}.")))
        found.append(_table(
            "Pendaftaran",
            ["Kegiatan", "Mulai", "Status", "Kehadiran", "Persetujuan", "Versi pemberitahuan"],
            [[r["session"]["title"], moment(r["session"]["starts_at"]), r["status"],
              r["attendance"], moment(r["consent"]["given_at"]), r["consent"]["notice_version"]]
             for r in data["registrations"]]))
    if "internships" in data:  # an intern
        found.append(_table(
            "Magang", ["Penempatan", "Periode", "Status", "Menit tercatat", "Menit disetujui",
                       "Nilai"],
            [[i["placement"]["title"],
              f"{i['placement']['starts_on']} – {i['placement']['ends_on']}", i["status"],
              i["minutes_logged"], i["minutes_approved"], i["grade"]]
             for i in data["internships"]]))
        found.append(_table(
            "Logbook", ["Hari", "Masuk", "Keluar", "Kegiatan", "Status"],
            [[d["day"], d["check_in"], d["check_out"], d["activity"], d["status"]]
             for i in data["internships"] for d in i["logbook"]]))
    found.append(_table("Sertifikat", ["Nomor", "Nama tertera", "Kegiatan", "Terbit", "Status"],
                        [[c["number"], c["name_on_it"], c["title"], c["issued_on"],
                          c["status"]] for c in data["certificates"]]))
    found.append(_table("Pesan kepada Anda", ["Jenis", "Status", "Dibuat", "Terkirim"],
                        [[m["kind"], m["status"], moment(m["created_at"]), moment(m["sent_at"])]
                         for m in data["messages"]]))
    answered = len(data["surveys_answered"])
    found.append(Section("Survei kepuasan", text=(
        f"Anda mengisi {answered} survei; jawabannya anonim dan tidak disimpan bersama "
        "nama Anda.")))
    feed = "aktif" if data["calendar_feed"]["active"] else "tidak aktif"
    tokens = f"; token aktif: {data['active_tokens']}" if "active_tokens" in data else ""
    found.append(Section("Tautan kalender pribadi", text=f"{feed}{tokens}."))
    found.append(_table("Riwayat", ["Waktu", "Tindakan", "Oleh"],
                        [[moment(h["at"]), h["action"], h["by"]] for h in data["history"]]))
    return found


def section_html(section: Section) -> str:
    """One section as HTML (escaped), for the standalone page and the site's template."""
    out = f"<h2>{escape(section.heading)}</h2>"
    if section.pairs:
        rows = "".join(f"<tr><th scope=\"row\">{escape(k)}</th><td>{escape(v)}</td></tr>"
                       for k, v in section.pairs)
        return out + f"<table><tbody>{rows}</tbody></table>"
    if section.headers:
        head = "".join(f"<th scope=\"col\">{escape(h)}</th>" for h in section.headers)
        body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>"
                       for row in section.rows)
        return out + f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return out + f"<p>{escape(section.text)}</p>"


def export_html(data: dict[str, Any]) -> str:
    """The export as one self-contained HTML page."""
    body = "\n".join(section_html(s) for s in sections(data))
    return f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<title>{TITLE}</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse;width:100%;margin-bottom:1.5rem}}
th,td{{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}}</style>
</head><body><main>
<h1>{TITLE}</h1>
<p>{escape(intro(data))}</p>
{body}
</main></body></html>
"""

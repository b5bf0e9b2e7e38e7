"""The access export as a page a person can read and print (Bahasa Indonesia)."""

from __future__ import annotations

from html import escape
from typing import Any

LABELS = {
    "full_name": "Nama", "email": "Email", "phone": "Telepon", "gender": "Jenis kelamin",
    "birth_date": "Tanggal lahir", "disability": "Disabilitas", "institution": "Instansi",
    "region_code": "Kode wilayah", "created_at": "Tercatat sejak", "erased_at": "Dihapus pada",
    "id": "Nomor peserta",
}


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return escape(str(value))


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>" if rows \
        else "<p>Tidak ada.</p>"


def export_html(data: dict[str, Any]) -> str:
    """The export as one self-contained HTML page."""
    person, consent = data["person"], data["consent"]
    details = "".join(f"<tr><th>{escape(LABELS[k])}</th><td>{_cell(v)}</td></tr>"
                      for k, v in person.items())
    registrations = _table(
        ["Kegiatan", "Mulai", "Status", "Kehadiran", "Persetujuan", "Versi pemberitahuan"],
        [[r["session"]["title"], r["session"]["starts_at"], r["status"], r["attendance"],
          r["consent"]["given_at"], r["consent"]["notice_version"]]
         for r in data["registrations"]])
    certificates = _table(["Nomor", "Nama tertera", "Kegiatan", "Terbit", "Status"],
                          [[c["number"], c["name_on_it"], c["title"], c["issued_on"],
                            c["status"]] for c in data["certificates"]])
    history = _table(["Waktu", "Tindakan", "Oleh"],
                     [[h["at"], h["action"], h["by"]] for h in data["history"]])
    return f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<title>Data pribadi yang disimpan KPU</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse;width:100%;margin-bottom:1.5rem}}
th,td{{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}}</style>
</head><body>
<h1>Data pribadi yang disimpan KPU</h1>
<p>Diekspor {escape(data["exported_at"])} (UTC). Semua data tentang Anda dalam sistem
pendidikan pemilih; berkas JSON berisi hal yang sama.</p>
<h2>Identitas</h2><table><tbody>{details}</tbody></table>
<h2>Persetujuan</h2>
<p>Diberikan {_cell(consent["given_at"])} untuk: {_cell(consent["purpose"])}.
Persetujuan wali: {_cell(consent["guardian_consent_at"])}.</p>
<h2>Pendaftaran</h2>{registrations}
<h2>Sertifikat</h2>{certificates}
<h2>Tautan kalender pribadi</h2>
<p>{"aktif" if data["calendar_feed"]["active"] else "tidak aktif"}; token aktif:
{data["active_tokens"]}.</p>
<h2>Riwayat</h2>{history}
</body></html>
"""

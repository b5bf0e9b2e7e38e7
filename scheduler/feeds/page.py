"""The small "subscribe" page of a feed: a link for each calendar app and a QR code."""

from __future__ import annotations

from functools import lru_cache
from html import escape

import segno

from edu.calendar.links import SubscribeLinks


@lru_cache(maxsize=512)
def qr_svg(data: str) -> str:
    """The QR code of a link as inline SVG (cached: the same link draws the same code)."""
    return segno.make(data, error="m").svg_inline(scale=5, dark="#111", light="#fff")


def subscribe_page(name: str, links: SubscribeLinks, *, private: bool) -> str:
    """HTML for people: which button to press in which app."""
    e = escape
    note = ("Tautan ini rahasia: siapa pun yang memilikinya dapat melihat jadwal Anda. "
            "Jangan dibagikan." if private else
            "Kalender ini diperbarui otomatis oleh aplikasi kalender Anda.")
    return f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{'<meta name="robots" content="noindex, nofollow">' if private else ''}
<title>Langganan kalender – {e(name)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;
line-height:1.5}}a.b{{display:block;margin:.5rem 0;padding:.6rem 1rem;border:1px solid #888;
border-radius:.4rem;text-decoration:none}}code{{word-break:break-all}}</style></head>
<body><h1>{e(name)}</h1>
<p>{e(note)}</p>
<a class="b" href="{e(links.webcal)}">Apple Kalender, Outlook, Thunderbird (webcal)</a>
<a class="b" href="{e(links.google)}">Google Kalender (tambah dari URL)</a>
<a class="b" href="{e(links.outlook)}">Outlook di web</a>
<a class="b" href="{e(links.https)}">Unduh berkas .ics</a>
<p>Atau salin alamat ini ke menu “langganan kalender” aplikasi Anda:<br>
<code>{e(links.https)}</code></p>
<figure>{qr_svg(links.webcal)}<figcaption>Pindai dengan ponsel untuk berlangganan.</figcaption>
</figure></body></html>
"""


def index_page(rows: list[tuple[str, str, str]]) -> str:
    """Every public feed: (name, region feed page, office feed page) per row."""
    e = escape
    items = "\n".join(
        f'<li>{e(name)}: <a href="{e(region)}">wilayah</a>'
        + (f' · <a href="{e(office)}">kantor</a>' if office else "") + "</li>"
        for name, region, office in rows)
    return f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kalender pendidikan pemilih</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;
line-height:1.6}}</style></head>
<body><h1>Kalender pendidikan pemilih</h1>
<p>Berlangganan jadwal kegiatan di aplikasi kalender Anda. Kalender wilayah provinsi memuat
juga kegiatan kabupaten/kota; kalender kantor hanya kegiatan kantor itu sendiri.</p>
<ul>
{items}
</ul></body></html>
"""

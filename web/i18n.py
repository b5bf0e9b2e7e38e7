"""Languages of the site: Indonesian first, English on request (cookie or Accept-Language).

Texts are English msgids translated by the catalogues `locale/<lang>/LC_MESSAGES/*.po` (one file
per part of the site, so parts grow apart without touching one file), merged and compiled in
memory at start-up, so a plain `pip install -e .` needs no build step.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from starlette.requests import Request

LOCALES = Path(__file__).parent / "locale"
DEFAULT = "id"
LANGUAGES = ("id", "en")
COOKIE = "bahasa"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language; English is the msgids themselves."""
    paths = sorted((LOCALES / lang / "LC_MESSAGES").glob("*.po"))
    if not paths:
        return gettext.NullTranslations()
    catalog = Catalog(locale=lang)
    for path in paths:
        with path.open("rb") as f:
            for message in read_po(f, locale=lang):
                if message.id:
                    catalog[message.id] = message
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def _accepted(header: str) -> str | None:
    """The supported language the browser prefers most, if any."""
    best: tuple[float, str] | None = None
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        lang = tag.strip().lower().split("-")[0]
        if lang not in LANGUAGES:
            continue
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if best is None or q > best[0]:
            best = (q, lang)
    return best[1] if best and best[0] > 0 else None


def language(request: Request) -> str:
    """The switch's cookie first, then the browser's preference, then Indonesian."""
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return _accepted(request.headers.get("accept-language", "")) or DEFAULT


def N_(message: str) -> str:
    """Marks a msgid kept in code for the catalogue; translated where it is shown."""
    return message

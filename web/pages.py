"""Rendering a page: the Jinja2 environment, the language of the request, hashed assets."""

from __future__ import annotations

import hashlib
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from web import dates
from web.i18n import LANGUAGES, language, translations

HERE = Path(__file__).parent
STATIC = HERE / "static"
YEAR = 365 * 24 * 3600

_lang: ContextVar[str] = ContextVar("lang", default="id")


def _gettext(message: str, **values: Any) -> str:
    text = translations(_lang.get()).gettext(message)
    return text % values if values else text


def _ngettext(singular: str, plural: str, n: int, **values: Any) -> str:
    text = translations(_lang.get()).ngettext(singular, plural, n)
    return text % {"num": n, **values}


@dataclass(frozen=True)
class Asset:
    """A static file served under a name with its content's hash: cached for a year."""

    name: str
    body: bytes
    media_type: str

    @property
    def url(self) -> str:
        stem, _, ext = self.name.rpartition(".")
        return f"/static/{stem}.{hashlib.sha256(self.body).hexdigest()[:12]}.{ext}"


_TYPES = {"css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8"}
ASSETS = {p.name: Asset(p.name, p.read_bytes(), _TYPES[p.suffix[1:]])
          for p in sorted(STATIC.iterdir()) if p.suffix[1:] in _TYPES}


def asset_routes() -> list[Route]:
    def serve(asset: Asset) -> Any:
        def endpoint(_: Request) -> Response:
            return Response(asset.body, media_type=asset.media_type,
                            headers={"Cache-Control": f"public, max-age={YEAR}, immutable"})
        return endpoint
    return [Route(a.url, serve(a)) for a in ASSETS.values()]


env = Environment(
    loader=FileSystemLoader(str(HERE)),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
)
env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
env.globals["asset"] = lambda name: ASSETS[name].url


def render(request: Request, template: str, status: int = 200,
           headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    """A page in the request's language."""
    lang = language(request)
    _lang.set(lang)
    other = next(code for code in LANGUAGES if code != lang)
    html = env.get_template(template).render(
        lang=lang, other_lang=other, path=request.url.path,
        when=lambda s, e, tz=dates.DISPLAY_TZ: dates.when(s, e, lang, tz),
        day=lambda d: dates.day(d, lang), clock=lambda m: dates.clock(m, lang), **context)
    return HTMLResponse(html, status, headers=headers)

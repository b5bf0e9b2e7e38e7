"""Public pages remembered per data version and language (edu/perf/response_cache.py)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response

from edu.db import Database
from edu.perf.response_cache import Cached, ResponseCache
from web.i18n import language

Endpoint = Callable[[Request], Response]
# Set by the response itself when it is sent again.
_OWN = {"content-length", "content-type"}


def cached_page(database: Database, endpoint: Endpoint) -> Endpoint:
    """The page as `endpoint` renders it, rendered once per data version, address and
    language: the same for every visitor (no form values, no secrets in these pages)."""
    cache = ResponseCache()

    def page(request: Request) -> Response:
        key = (request.url.path, request.url.query, language(request))
        version = database.data_version()  # read before the page is rendered
        hit = cache.get(version, key)
        if hit is not None:
            return Response(hit.body, hit.status, headers=dict(hit.headers),
                            media_type=hit.media_type)
        response = endpoint(request)
        headers = tuple((k, v) for k, v in response.headers.items() if k not in _OWN)
        cache.put(version, key, Cached(response.status_code, response.media_type or "",
                                       bytes(response.body), headers))
        return response

    page.__name__ = getattr(endpoint, "__name__", "page")
    return page

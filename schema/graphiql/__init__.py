"""GraphiQL served from the app itself, so it works on an office network without internet.

The page and its files (graphiql 3.8.3, react and react-dom 18.3.1, from npm; MIT licences
alongside) are in `static/`; the page loads nothing from any other host, and its Content
Security Policy tells the browser to refuse anything that would."""

from __future__ import annotations

from pathlib import Path

from starlette.responses import HTMLResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
PAGE = (Path(__file__).parent / "graphiql.html").read_text()
POLICY = ("default-src 'self'; img-src 'self' data:; font-src 'self' data:; "
          "style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; "
          "frame-ancestors 'none'; base-uri 'self'")


def page() -> HTMLResponse:
    """The GraphiQL page, for a browser that opens `/graphql`."""
    return HTMLResponse(PAGE, headers={"Content-Security-Policy": POLICY})


def assets() -> Mount:
    """The page's scripts and styles, under `/graphiql/`."""
    return Mount("/graphiql", StaticFiles(directory=STATIC), name="graphiql")

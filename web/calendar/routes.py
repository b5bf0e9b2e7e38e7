"""The calendar pages: what each feed is (/calendar) and, per feed, what it holds now and
how to subscribe on Android and iPhone. The feeds themselves (.ics) are scheduler/feeds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from edu.calendar import interns
from edu.calendar import service as cal
from edu.calendar.links import (
    office_feed_url,
    page_url,
    personal_feed_url,
    public_feed_url,
    subscribe_links,
)
from edu.db import utcnow
from edu.errors import UserError
from edu.offices.service import list_regions
from web.i18n import N_
from web.pages import render
from web.qr import qr_svg
from web.site import Site, not_found

NEXT = 5  # events a page shows of its feed
PUBLIC_CACHE = {"Cache-Control": "public, max-age=900"}
# A secret address: never cached, indexed or passed on.
PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex",
           "Referrer-Policy": "no-referrer"}


def routes(site: Site) -> list[Route]:
    settings, database = site.settings, site.database

    def page(request: Request, *, name: str, feed: str, events: list[dict[str, Any]],
             private: bool) -> Response:
        """A private feed's name is a msgid ("My schedule"); a public one's a place."""
        links = subscribe_links(feed, name)
        return render(request, "calendar/subscribe.html",
                      headers=PRIVATE if private else PUBLIC_CACHE, private=private, name=name,
                      links=links, events=events, qr=qr_svg(links.webcal, "QR"))

    def upcoming(rows: list[Any], title: Callable[[Any], str]) -> list[dict[str, Any]]:
        now = utcnow()
        return [{"title": title(r), "starts": r.starts_at, "ends": r.ends_at,
                 "cancelled": r.status.value == "CANCELLED"}
                for r in rows if r.ends_at > now][:NEXT]

    def public(request: Request) -> Response:
        q = request.query_params
        with database.reader() as db:
            try:
                scope = cal.public_scope(db, region=q.get("region"), segment=q.get("segment"),
                                         office=request.path_params.get("code"))
            except UserError:
                return render(request, "calendar/unknown.html", 400)
            rows = cal.public_feed_sessions(db, scope, cal.Window.around(utcnow()))
        if scope.office is not None:
            name, feed = scope.office.name, office_feed_url(settings, scope.office.region_code)
        else:
            name = scope.region.name if scope.region else "Nusa Tenggara Barat"
            feed = public_feed_url(settings, region=scope.region.code if scope.region else None,
                                   segment=scope.segment.value if scope.segment else None)
        return page(request, name=name, feed=feed,
                    events=upcoming(rows, lambda r: r.title), private=False)

    def personal(request: Request) -> Response:
        with database.reader() as db:
            try:
                participant = cal.participant_by_secret(db, request.path_params["secret"])
            except UserError:
                return not_found(request, private=True)
            _, entries = cal.personal_feed_entries(db, participant, cal.Window.around(utcnow()))
        secret = cal.calendar_secret(settings.secret_key, participant)
        events = upcoming([e.session for e in entries], lambda s: s.title)
        return page(request, name=N_("My sessions"),
                    feed=personal_feed_url(settings, secret), events=events, private=True)

    def intern(request: Request) -> Response:
        secret = request.path_params["secret"].upper()
        with database.reader() as db:
            try:
                student = interns.student_by_secret(db, secret)
            except UserError:
                return not_found(request, private=True)
            _, held = interns.intern_feed_entries(db, student, cal.Window.around(utcnow()))
        today = utcnow().date()
        events = [{"title": i.placement.title, "first_day": i.placement.starts_on,
                   "last_day": i.placement.ends_on}
                  for i in held.internships if i.placement.ends_on >= today][:NEXT]
        return page(request, name=N_("My internship"),
                    feed=f"{settings.public_url}/calendar/i/{secret}.ics", events=events,
                    private=True)

    def index(request: Request) -> Response:
        with database.reader() as db:
            regions = list_regions(db)
        rows = [(r.name, page_url(public_feed_url(settings, region=r.code)),
                 page_url(office_feed_url(settings, r.code))) for r in regions]
        return render(request, "calendar/index.html", headers=PUBLIC_CACHE, rows=rows,
                      everything=page_url(public_feed_url(settings)))

    return [
        Route("/calendar", index),
        Route("/calendar/sessions", public),
        Route("/calendar/offices/{code}", public),
        Route("/calendar/p/{secret}", personal),
        Route("/calendar/i/{secret}", intern),
    ]

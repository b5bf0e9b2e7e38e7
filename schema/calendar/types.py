"""The links that subscribe a calendar app to a feed."""

from __future__ import annotations

import strawberry

from edu.calendar.links import SubscribeLinks, subscribe_links
from scheduler.feeds.feeds import FeedTitle


@strawberry.type
class CalendarLinks:
    """One feed for every kind of calendar app, and a page with a QR code of it."""

    name: str
    url: str = strawberry.field(description="The feed (https), for any app's subscribe by URL.")
    webcal: str = strawberry.field(description="Opens the subscribe dialog of the device's app.")
    google: str = strawberry.field(description="Google Calendar's add by URL.")
    outlook: str = strawberry.field(description="Outlook on the web's subscribe from web.")
    page: str = strawberry.field(description="A page with all of these and a QR code.")

    @classmethod
    def for_feed(cls, title: FeedTitle) -> CalendarLinks:
        links: SubscribeLinks = subscribe_links(title.url, title.name)
        return cls(name=title.name, url=links.https, webcal=links.webcal, google=links.google,
                   outlook=links.outlook, page=links.page)

"""Where each feed lives, and the links that subscribe a calendar app to it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from edu.config import Settings


@dataclass(frozen=True)
class SubscribeLinks:
    """One feed, as each kind of calendar app takes it."""

    https: str  # the feed itself (any app's "subscribe by URL")
    webcal: str  # opens the subscribe dialog of Apple Calendar, Outlook, Thunderbird
    google: str  # Google Calendar's "add by URL"
    outlook: str  # Outlook on the web's "subscribe from web"
    page: str  # our page with all of the above and a QR code


def public_feed_url(settings: Settings, *, region: str | None = None,
                    segment: str | None = None) -> str:
    query = urlencode([(k, v) for k, v in (("region", region), ("segment", segment)) if v])
    return f"{settings.public_url}/calendar/sessions.ics" + (f"?{query}" if query else "")


def office_feed_url(settings: Settings, region_code: str) -> str:
    return f"{settings.public_url}/calendar/offices/{quote(region_code)}.ics"


def personal_feed_url(settings: Settings, secret: str) -> str:
    return f"{settings.public_url}/calendar/p/{secret}.ics"


def intern_feed_url(settings: Settings, secret: str) -> str:
    return f"{settings.public_url}/calendar/i/{secret}.ics"


def page_url(feed_url: str) -> str:
    """The subscribe page of a feed: its URL without `.ics`."""
    path, _, query = feed_url.partition("?")
    return path.removesuffix(".ics") + (f"?{query}" if query else "")


def subscribe_links(feed_url: str, name: str) -> SubscribeLinks:
    """The subscribe links of a feed URL (ending in `.ics`, optionally with a query)."""
    webcal = "webcal://" + feed_url.split("://", 1)[1]
    return SubscribeLinks(
        https=feed_url,
        webcal=webcal,
        google="https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
        outlook="https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": feed_url, "name": name}),
        page=page_url(feed_url),
    )

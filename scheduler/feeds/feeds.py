"""The three kinds of feed, from the calendar service's rules to cached, built bytes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from edu.calendar import interns
from edu.calendar import service as cal
from edu.calendar.links import (
    intern_feed_url,
    office_feed_url,
    personal_feed_url,
    public_feed_url,
)
from edu.config import DISPLAY_TZ, Settings
from edu.db import utcnow
from edu.internships.models import Student
from edu.participants.models import Participant
from scheduler.feeds.build import Feed, build_feed
from scheduler.feeds.events import (
    SEGMENT_LABELS,
    logbook_event,
    placement_event,
    session_event,
    uid_domain,
)
from scheduler.feeds.http import BuiltFeed, FeedCache

PUBLIC_REFRESH = timedelta(hours=3)
PERSONAL_REFRESH = timedelta(hours=1)
INTERN_FEED_NAME = "Jadwal Magang Saya – KPU"


@dataclass(frozen=True)
class FeedTitle:
    name: str
    url: str


def built(feed: Feed, window: cal.Window, last_change: datetime | None) -> BuiltFeed:
    """The feed's bytes. Last-Modified: the latest change of anything that was or is in it, or
    the window's day (events drop out of it with time), so it rises whenever the bytes change."""
    stamps = [window.day_start, *(e.stamp for e in feed.events)]
    return BuiltFeed(build_feed(feed), max(stamps + ([last_change] if last_change else [])))


def public_title(settings: Settings, scope: cal.PublicScope) -> FeedTitle:
    """The calendar's name and URL as a subscriber sees them."""
    if scope.office is not None:
        name = f"Pendidikan Pemilih – {scope.office.name}"
        url = office_feed_url(settings, scope.office.region_code)
    else:
        where = scope.region.name if scope.region else "semua wilayah"
        name = f"Pendidikan Pemilih KPU – {where}"
        url = public_feed_url(settings, region=scope.region.code if scope.region else None,
                              segment=scope.segment.value if scope.segment else None)
    if scope.segment is not None:
        name += f" ({SEGMENT_LABELS[scope.segment]})"
    return FeedTitle(name, url)


def personal_title(settings: Settings, participant: Participant) -> FeedTitle:
    secret = cal.calendar_secret(settings.secret_key, participant)
    return FeedTitle("Jadwal Saya – Pendidikan Pemilih KPU", personal_feed_url(settings, secret))


def public_feed(db: Session, settings: Settings, cache: FeedCache,
                scope: cal.PublicScope) -> BuiltFeed:
    """A public (or office) feed; rebuilt only when its data version changed."""
    window = cal.Window.around(utcnow(), scope.tzid)
    version = cal.public_feed_version(db, scope, window)

    def build() -> BuiltFeed:
        zones = cal.office_timezones(db)
        domain = uid_domain(settings.public_url)
        rows = cal.public_feed_sessions(db, scope, window)
        stamps = cal.session_stamps(db, [s.id for s in rows])
        events = [session_event(s, tzid=zones.get(s.region_code, DISPLAY_TZ), domain=domain,
                                stamp=stamps.get(s.id, s.created_at)) for s in rows]
        title = public_title(settings, scope)
        feed = Feed(name=title.name, tzid=scope.tzid, events=events, source_url=title.url,
                    description="Jadwal kegiatan pendidikan pemilih yang terbuka untuk umum.",
                    refresh=PUBLIC_REFRESH)
        return built(feed, window, cal.public_last_change(db, scope))

    return cache.get_or_build(("public", *scope.key, settings.public_url), version, build)


def personal_feed(db: Session, settings: Settings, cache: FeedCache,
                  participant: Participant) -> BuiltFeed:
    """A participant's own feed: their sessions, waitlisted ones tentative."""
    tzid = cal.participant_zone(db, participant)
    window = cal.Window.around(utcnow(), tzid)
    version, entries = cal.personal_feed_entries(db, participant, window)

    def build() -> BuiltFeed:
        zones = cal.office_timezones(db)
        domain = uid_domain(settings.public_url)
        stamps = cal.session_stamps(db, [e.session.id for e in entries])
        events = [session_event(e.session, tzid=zones.get(e.session.region_code, DISPLAY_TZ),
                                domain=domain, waitlisted=e.waitlisted,
                                stamp=max(stamps.get(e.session.id, e.session.created_at),
                                          e.registered_at))
                  for e in entries]
        title = personal_title(settings, participant)
        feed = Feed(name=title.name, tzid=tzid, events=events, source_url=title.url,
                    description="Sesi pendidikan pemilih yang Anda ikuti.",
                    refresh=PERSONAL_REFRESH)
        return built(feed, window, cal.personal_last_change(db, participant))

    return cache.get_or_build(("personal", participant.id, settings.public_url), version,
                              build)


def intern_title(settings: Settings, secret: str) -> FeedTitle:
    return FeedTitle(INTERN_FEED_NAME, intern_feed_url(settings, secret))


def intern_feed(db: Session, settings: Settings, cache: FeedCache, student: Student,
                secret: str) -> BuiltFeed:
    """An intern's feed: placement periods (all day) and logged days (check-in to check-out)."""
    window = cal.Window.around(utcnow())
    version, entries = interns.intern_feed_entries(db, student, window)

    def build() -> BuiltFeed:
        domain = uid_domain(settings.public_url)
        by_id = {i.id: i for i in entries.internships}
        events = [placement_event(i, domain=domain) for i in entries.internships]
        events += [logbook_event(d, by_id[d.internship_id], tzid=entries.tzid, domain=domain)
                   for d in entries.days]
        title = intern_title(settings, secret)
        feed = Feed(name=title.name, tzid=entries.tzid, events=events, source_url=title.url,
                    description="Periode penempatan dan hari magang yang tercatat.",
                    refresh=PERSONAL_REFRESH)
        return built(feed, window, interns.intern_last_change(db, student))

    return cache.get_or_build(("intern", student.id, secret, settings.public_url),
                              version, build)

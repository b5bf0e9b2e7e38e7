"""Calendar feed rules: the personal feed's secret URL, and which sessions each feed shows.

Rendering lives in scheduler/feeds; here is what a feed may contain and who may open it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Row, Select, bindparam, func, or_, select
from sqlalchemy.orm import Session

from edu import audit
from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.calendar.links import personal_feed_url
from edu.config import DISPLAY_TZ, Settings
from edu.db import UTCDateTime, utcnow
from edu.errors import NotFound, UserError
from edu.offices.models import Office, Region
from edu.participants.models import Participant
from edu.registrations.models import Registration, RegistrationStatus
from edu.secrets import derive_code, hash_secret
from edu.sessions.models import EduSession, Segment, SessionStatus

PAST = timedelta(days=30)  # feeds reach back this far…
AHEAD = timedelta(days=183)  # …and this far ahead (about six months), so they stay small
KEEP_CANCELLED = timedelta(days=14)  # long enough for every client to see the cancellation
# Never drafts. A completed session stays: a subscribed calendar would otherwise delete an
# event that took place the moment staff close it.
FEED_STATUSES = (SessionStatus.PUBLISHED, SessionStatus.CANCELLED, SessionStatus.COMPLETED)


# --- the personal feed's secret -------------------------------------------------------------


def calendar_secret(key: bytes, participant: Participant) -> str:
    """The secret in a participant's feed URL: derived, so only its hash is stored."""
    return derive_code(key, "calendar", participant.id, participant.calendar_version)


def ensure_calendar_secret(key: bytes, participant: Participant) -> None:
    """Store the hash of the participant's current secret (call where participants are made)."""
    if participant.calendar_revoked_at is None:
        participant.calendar_secret_hash = hash_secret(calendar_secret(key, participant))


def calendar_url(settings: Settings, participant: Participant) -> str | None:
    """The absolute personal feed URL, or None while staff have revoked it."""
    if participant.calendar_revoked_at is not None:
        return None
    return personal_feed_url(settings, calendar_secret(settings.secret_key, participant))


_BY_SECRET = select(Participant).where(Participant.calendar_secret_hash == bindparam("hash"))


def participant_by_secret(db: Session, secret: str) -> Participant:
    """The participant whose live feed secret this is; NotFound for an old, revoked or
    made-up one (the three look the same)."""
    participant = db.scalar(_BY_SECRET, {"hash": hash_secret(secret.upper())})
    if participant is None or participant.calendar_revoked_at is not None:
        raise NotFound("secret", "calendar")
    return participant


def rotate_calendar_url(db: Session, principal: Principal, key: bytes) -> Participant:
    """A new personal feed URL for the calling participant; the old one stops at once."""
    participant = db.get(Participant, principal.require_participant(), with_for_update=True)
    if participant is None:
        raise NotFound("id", "participant")
    participant.calendar_version += 1
    participant.calendar_revoked_at = None
    ensure_calendar_secret(key, participant)
    return participant


def revoke_calendar_url(db: Session, principal: Principal, participant_id: int) -> Participant:
    """Staff stop a participant's feed URL (a leaked link); the participant may rotate to get a
    new one. Audited."""
    principal.require_staff(Role.EDUCATION_OFFICER)
    participant = db.get(Participant, participant_id, with_for_update=True)
    if participant is None or not _in_scope(db, principal, participant):
        raise NotFound("participantId", "participant")
    before = audit.snapshot(participant, "calendar_version", "calendar_revoked_at")
    if participant.calendar_revoked_at is None:
        participant.calendar_revoked_at = utcnow()
        participant.calendar_secret_hash = None
    audit.record(db, principal, "participant.calendar_revoke", participant, before=before,
                 after=audit.snapshot(participant, "calendar_version", "calendar_revoked_at"))
    return participant


def _in_scope(db: Session, principal: Principal, participant: Participant) -> bool:
    """An officer may act on a participant of their region or registered in one of its
    sessions (ADMIN: everyone)."""
    if principal.role is Role.ADMIN:
        return True
    if participant.region_code and principal.covers_region(participant.region_code):
        return True
    regions = db.scalars(
        select(EduSession.region_code)
        .join(Registration, Registration.session_id == EduSession.id)
        .where(Registration.participant_id == participant.id)
    )
    return any(principal.covers_region(code) for code in regions)


# --- which sessions a feed shows ---------------------------------------------------------------
# Feeds are polled all day long, so their statements are built once, with bound parameters, and
# only executed per request (building a statement costs more than running it on SQLite).


@dataclass(frozen=True)
class Window:
    """The span a feed covers, in whole days of the feed's zone, so that it (and the bytes of
    the feed) change once a day and not with every request."""

    starts: datetime
    ends: datetime
    cancelled_since: datetime  # cancelled sessions drop once cancelled before this
    first_day: date  # the same span as calendar days of the zone (for all-day records)
    last_day: date

    @classmethod
    def around(cls, now: datetime, tzid: str = DISPLAY_TZ) -> Window:
        tz = ZoneInfo(tzid)
        today = now.astimezone(tz).date()

        def midnight(day: date) -> datetime:
            return datetime.combine(day, time(), tz).astimezone(UTC)

        return cls(midnight(today - PAST), midnight(today + AHEAD),
                   midnight(today - KEEP_CANCELLED), today - PAST, today + AHEAD)

    @property
    def day_start(self) -> datetime:
        """Midnight of today in the zone: when the window last moved."""
        return self.starts + PAST

    def params(self) -> dict[str, datetime]:
        return {"starts": self.starts, "ends": self.ends, "cancelled_since": self.cancelled_since}


@dataclass(frozen=True)
class PublicScope:
    """A public feed: every office's sessions, a region's (a province covers its kabupaten and
    kota), or one office's own (`office` set), optionally one segment. `tzid` is the zone of
    the region's office (WITA for all regions)."""

    region: Region | None = None
    segment: Segment | None = None
    office: Office | None = None
    tzid: str = DISPLAY_TZ

    @property
    def key(self) -> tuple[str, str, str]:
        return ("office" if self.office else "region",
                self.region.code if self.region else "", self.segment.value if self.segment else "")

    def params(self) -> dict[str, str]:
        out = {"code": self.region.code} if self.region else {}
        return out | ({"segment": self.segment.value} if self.segment else {})


def public_scope(db: Session, *, region: str | None = None, segment: str | None = None,
                 office: str | None = None) -> PublicScope:
    """Check a public feed's parameters: an unknown region or segment is a UserError."""
    seg = None
    if segment:
        try:
            seg = Segment(segment.strip().upper())
        except ValueError:
            raise UserError("INVALID", "segment", f"Unknown segment {segment!r}.") from None
    code = (office or region or "").strip()
    if not code:
        return PublicScope(segment=seg)
    reg = db.get(Region, code)
    if reg is None:
        raise UserError("UNKNOWN_REGION", "office" if office else "region",
                        f"Unknown region code {code!r}.")
    off = db.get(Office, code)
    if office and off is None:
        raise UserError("UNKNOWN_REGION", "office", f"No office for region {code!r}.")
    return PublicScope(region=reg, segment=seg, office=off if office else None,
                       tzid=off.timezone if off else DISPLAY_TZ)


def _in_window() -> list[ColumnElement[bool]]:
    return [
        EduSession.ends_at > bindparam("starts", type_=UTCDateTime()),
        or_(EduSession.status != SessionStatus.CANCELLED,
            EduSession.cancelled_at >= bindparam("cancelled_since", type_=UTCDateTime())),
    ]


def _scope_filter(office: bool, region: bool, segment: bool) -> list[ColumnElement[bool]]:
    conds = []
    if office:
        conds.append(EduSession.region_code == bindparam("code"))
    elif region:
        # Codes come from the regions table (digits only), so no LIKE wildcard can slip in.
        conds.append(EduSession.region_code.startswith(bindparam("code")))
    if segment:
        conds.append(EduSession.segment == bindparam("segment", type_=EduSession.segment.type))
    return conds


@lru_cache(maxsize=8)
def _public_filter(office: bool, region: bool, segment: bool) -> tuple[ColumnElement[bool], ...]:
    return (EduSession.status.in_(FEED_STATUSES), *_in_window(),
            EduSession.starts_at < bindparam("ends", type_=UTCDateTime()),
            *_scope_filter(office, region, segment))


def _shape(scope: PublicScope) -> tuple[bool, bool, bool]:
    return scope.office is not None, scope.region is not None, scope.segment is not None


@lru_cache(maxsize=8)
def _version_statement(shape: tuple[bool, bool, bool]) -> Select:
    return select(func.count(), func.max(EduSession.updated_at), func.sum(EduSession.sequence),
                  func.sum(EduSession.id)).where(*_public_filter(*shape))


# What a feed shows of a session: plain rows (twice as fast to load as ORM objects), with the
# same attribute names as EduSession.
FEED_COLUMNS = (
    EduSession.id, EduSession.title, EduSession.description, EduSession.segment,
    EduSession.format, EduSession.venue_name, EduSession.venue_address, EduSession.online_url,
    EduSession.starts_at, EduSession.ends_at, EduSession.status, EduSession.sequence,
    EduSession.cancel_reason, EduSession.created_at, EduSession.updated_at,
    EduSession.region_code,
)


@lru_cache(maxsize=8)
def _sessions_statement(shape: tuple[bool, bool, bool]) -> Select:
    # The window's ids first, from the covering index the version query reads, then their
    # rows by id: asked for the rows in start order at once, SQLite walks an office's sessions
    # by (region_code, starts_at) from the first it ever held.
    window = select(EduSession.id).where(*_public_filter(*shape))
    return (select(*FEED_COLUMNS).where(EduSession.id.in_(window))
            .order_by(EduSession.starts_at, EduSession.id))


def public_feed_version(db: Session, scope: PublicScope, window: Window) -> str:
    """What a public feed's bytes depend on, from one aggregate query: the count, latest change,
    sums of sequences and ids of its rows, and the window's day. Any edit bumps `updated_at`;
    a session leaving the set changes the count and sums."""
    params = scope.params() | window.params()
    count, latest, seqs, ids = db.execute(_version_statement(_shape(scope)), params).one()
    return digest((scope.key, window.starts.isoformat(), count, str(latest), seqs, ids))


@lru_cache(maxsize=8)
def _last_change_statement(shape: tuple[bool, bool, bool]) -> Select:
    # The newest first, down ix_sessions_updated, stopping at the first of the feed's region
    # and segment: max() over them would read every session the region ever held.
    return (select(EduSession.updated_at).where(*_scope_filter(*shape))
            .order_by(EduSession.updated_at.desc()).limit(1))


def public_last_change(db: Session, scope: PublicScope) -> datetime | None:
    """The latest change to any session of the feed's region and segment, in the feed or not:
    a session that leaves a feed (completed, moved away) changed then, so Last-Modified never
    goes back when a feed's bytes change."""
    return db.scalar(_last_change_statement(_shape(scope)), scope.params())


def public_feed_sessions(db: Session, scope: PublicScope, window: Window) -> list[Row]:
    """The sessions of a public feed, by start time (rows with EduSession's attribute names)."""
    params = scope.params() | window.params()
    return list(db.execute(_sessions_statement(_shape(scope)), params))


@dataclass(frozen=True)
class PersonalEntry:
    session: EduSession
    waitlisted: bool
    registered_at: datetime  # when the registration last changed (made or confirmed)


_PERSONAL = (
    select(EduSession, Registration.status, Registration.created_at, Registration.confirmed_at)
    .join(Registration, Registration.session_id == EduSession.id)
    .where(
        Registration.participant_id == bindparam("pid"),
        Registration.status != RegistrationStatus.CANCELLED,
        EduSession.status.in_(FEED_STATUSES),
        *_in_window(),
    )
    .order_by(EduSession.starts_at, EduSession.id)
)


def participant_zone(db: Session, participant: Participant) -> str:
    """The zone of the participant's own office (WITA when they gave no region)."""
    office = db.get(Office, participant.region_code) if participant.region_code else None
    return office.timezone if office else DISPLAY_TZ


def personal_feed_entries(db: Session, participant: Participant,
                          window: Window) -> tuple[str, list[PersonalEntry]]:
    """A participant's own live registrations (waitlisted ones marked), never a draft; and
    the feed's version (a personal feed is small, so its rows are its version)."""
    params = {"pid": participant.id, **window.params()}
    rows = db.execute(_PERSONAL, params).all()
    entries = [PersonalEntry(s, status is RegistrationStatus.WAITLISTED,
                             max(made, confirmed or made))
               for s, status, made, confirmed in rows]
    parts: list[tuple[object, ...]] = [
        ("p", participant.id, participant.calendar_version, window.starts.isoformat())]
    parts += [(e.session.id, e.session.sequence, e.session.updated_at.isoformat(), e.waitlisted)
              for e in entries]
    return digest(parts), entries


_PERSONAL_LAST_CHANGE = (
    select(func.max(Registration.created_at), func.max(Registration.confirmed_at),
           func.max(Registration.cancelled_at), func.max(EduSession.updated_at))
    .join(EduSession, EduSession.id == Registration.session_id)
    .where(Registration.participant_id == bindparam("pid"))
)


def personal_last_change(db: Session, participant: Participant) -> datetime | None:
    """The latest change to any of the participant's registrations (cancelled ones too) or
    their sessions: Last-Modified of the personal feed never goes back."""
    values = db.execute(_PERSONAL_LAST_CHANGE, {"pid": participant.id}).one()
    return max((v for v in values if v is not None), default=None)


# Every staff change to a session is audited, so its latest audit event is when it last changed
# in a way a calendar shows. Registrations move `updated_at` (seat counts) but not this: a feed's
# bytes, and so its ETag, stay the same until something it shows changes.
_STAMPS = (
    select(AuditEvent.entity_id, func.max(AuditEvent.at))
    .where(AuditEvent.entity_type == EduSession.__name__,
           AuditEvent.entity_id.in_(bindparam("ids", expanding=True)),
           AuditEvent.action.startswith("session."),
           AuditEvent.action != "session.assign_facilitator")
    .group_by(AuditEvent.entity_id)
)


def session_stamps(db: Session, session_ids: list[int]) -> dict[int, datetime]:
    """When each session last changed as calendars see it (DTSTAMP, LAST-MODIFIED); sessions
    without an audit event (made outside the services) are absent: use their `created_at`."""
    out: dict[int, datetime] = {}
    for i in range(0, len(session_ids), 1000):
        chunk = [str(x) for x in session_ids[i:i + 1000]]
        out.update((int(k), at) for k, at in db.execute(_STAMPS, {"ids": chunk}))
    return out


def office_timezones(db: Session) -> dict[str, str]:
    """Each region's office time zone (the zone its sessions are shown in)."""
    return {code: tz for code, tz in db.execute(select(Office.region_code, Office.timezone))}


def digest(parts: object) -> str:
    """A short, stable fingerprint of what a feed depends on."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]

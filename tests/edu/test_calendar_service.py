"""Calendar rules on real databases: the personal feed's secret, and what each feed shows."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

import edu.models  # noqa: F401 - every table
from edu.audit import AuditEvent
from edu.auth.models import Role, Staff
from edu.auth.principal import Principal
from edu.calendar import service as cal
from edu.config import Settings
from edu.db import Database
from edu.errors import Forbidden, NotFound, Unauthenticated, UserError
from edu.participants.models import Participant
from edu.registrations.models import Registration, RegistrationStatus
from edu.sessions import service as sessions
from edu.sessions.models import EduSession, Segment, SessionFormat, SessionStatus

KEY = b"k" * 32
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 10.00 WITA


@pytest.fixture
def db(database: Database) -> Database:
    """The shared migrated database (SQLite file, then PostgreSQL), emptied for each test."""
    return database


_ids = itertools.count(1)


def add_session(db: Database, *, region: str = "5271", status: SessionStatus =
                SessionStatus.PUBLISHED, segment: Segment = Segment.FIRST_TIME_VOTERS,
                starts: timedelta = timedelta(days=3), cancelled_ago: timedelta | None = None,
                title: str = "Sesi") -> int:
    with db.transaction() as s:
        row = EduSession(
            title=title, segment=segment, format=SessionFormat.IN_PERSON, capacity=10,
            starts_at=NOW + starts, ends_at=NOW + starts + timedelta(hours=2), status=status,
            region_code=region, cancelled_at=NOW - cancelled_ago if cancelled_ago else None,
        )
        s.add(row)
        s.flush()
        return row.id


def add_participant(db: Database, name: str = "Baiq") -> int:
    with db.transaction() as s:
        p = Participant(full_name=name, email=f"{name.lower()}{next(_ids)}@contoh.id",
                        consent_at=NOW, consent_purpose="uji", region_code="5271")
        s.add(p)
        s.flush()
        cal.ensure_calendar_secret(KEY, p)
        return p.id


def staff(db: Database, role: Role = Role.ADMIN, region: str | None = None) -> Principal:
    with db.transaction() as s:
        row = Staff(full_name=f"{role.value} {region}", role=role, region_code=region)
        s.add(row)
        s.flush()
        return Principal(name=row.full_name, role=role, staff_id=row.id, region_code=region)


def register(db: Database, participant_id: int, session_id: int,
             status: RegistrationStatus = RegistrationStatus.CONFIRMED) -> None:
    with db.transaction() as s:
        s.add(Registration(session_id=session_id, participant_id=participant_id, status=status,
                           ticket_hash=f"t{next(_ids)}"))


def public_ids(db: Database, now: datetime = NOW, **scope: str) -> list[int]:
    with db.reader() as s:
        sc = cal.public_scope(s, **scope)
        return [x.id for x in cal.public_feed_sessions(s, sc, cal.Window.around(now))]


def version(db: Database, now: datetime = NOW, **scope: str) -> str:
    with db.reader() as s:
        return cal.public_feed_version(s, cal.public_scope(s, **scope), cal.Window.around(now))


# --- the secret URL -----------------------------------------------------------------------------


def _settings() -> Settings:
    return Settings(data_dir=None, database_url="", public_url="https://edu.example.id",
                    secret_key=KEY, production=False)


def _secret_of(db: Database, pid: int) -> str:
    with db.reader() as s:
        url = cal.calendar_url(_settings(), s.get(Participant, pid))
    assert url is not None and url.startswith("https://edu.example.id/calendar/p/")
    return url.removeprefix("https://edu.example.id/calendar/p/").removesuffix(".ics")


def test_secret_resolves_only_while_current_and_is_stored_hashed(db: Database) -> None:
    pid = add_participant(db)
    secret = _secret_of(db, pid)
    assert len(secret) == 26 and secret.isupper()
    with db.reader() as s:
        assert cal.participant_by_secret(s, secret).id == pid
        assert cal.participant_by_secret(s, secret.lower()).id == pid
        assert s.get(Participant, pid).calendar_secret_hash != secret
        with pytest.raises(NotFound):
            cal.participant_by_secret(s, "A" * 26)


def test_rotate_stops_the_old_url_at_once(db: Database) -> None:
    pid = add_participant(db)
    old = _secret_of(db, pid)
    with db.transaction() as s:
        cal.rotate_calendar_url(s, Principal(name="p", participant_id=pid), KEY)
    new = _secret_of(db, pid)
    assert new != old
    with db.reader() as s:
        with pytest.raises(NotFound):
            cal.participant_by_secret(s, old)
        assert cal.participant_by_secret(s, new).id == pid


def test_rotate_needs_a_participant(db: Database) -> None:
    with db.transaction() as s:
        with pytest.raises(Unauthenticated):
            cal.rotate_calendar_url(s, Principal(), KEY)
        with pytest.raises(Forbidden):
            cal.rotate_calendar_url(s, staff(db), KEY)


def test_staff_revoke_is_audited_and_rotate_issues_a_fresh_url(db: Database) -> None:
    pid = add_participant(db)
    secret = _secret_of(db, pid)
    admin = staff(db)
    with db.transaction() as s:
        cal.revoke_calendar_url(s, admin, pid)
    with db.reader() as s:
        with pytest.raises(NotFound):
            cal.participant_by_secret(s, secret)
        assert cal.calendar_url(_settings(), s.get(Participant, pid)) is None
        event = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "participant.calendar_revoke")).one()
        assert event.entity_id == str(pid) and event.after["calendar_revoked_at"]
    with db.transaction() as s:
        cal.rotate_calendar_url(s, Principal(name="p", participant_id=pid), KEY)
    fresh = _secret_of(db, pid)
    assert fresh != secret
    with db.reader() as s:
        assert cal.participant_by_secret(s, fresh).id == pid


def test_revoke_needs_staff_in_scope(db: Database) -> None:
    pid = add_participant(db)
    elsewhere = staff(db, Role.EDUCATION_OFFICER, "5272")
    admin = staff(db)
    with db.transaction() as s:
        with pytest.raises(Unauthenticated):
            cal.revoke_calendar_url(s, Principal(), pid)
        with pytest.raises(Forbidden):
            cal.revoke_calendar_url(s, Principal(name="p", participant_id=pid), pid)
        with pytest.raises(NotFound):
            cal.revoke_calendar_url(s, elsewhere, pid)
        with pytest.raises(NotFound):
            cal.revoke_calendar_url(s, admin, 999_999)
    province = staff(db, Role.EDUCATION_OFFICER, "52")
    with db.transaction() as s:
        assert cal.revoke_calendar_url(s, province, pid).calendar_revoked_at is not None


# --- what the public feeds show -----------------------------------------------------------------


def test_public_feed_shows_published_and_cancelled_never_drafts(db: Database) -> None:
    published = add_session(db)
    cancelled = add_session(db, status=SessionStatus.CANCELLED, cancelled_ago=timedelta(days=1))
    add_session(db, status=SessionStatus.DRAFT)
    assert public_ids(db) == [published, cancelled] or public_ids(db) == [cancelled, published]


def test_region_segment_and_office_scopes(db: Database) -> None:
    mataram = add_session(db, region="5271", starts=timedelta(days=1))
    bima = add_session(db, region="5272", starts=timedelta(days=2))
    province = add_session(db, region="52", starts=timedelta(days=3),
                           segment=Segment.WOMEN)
    assert public_ids(db) == [mataram, bima, province]
    assert public_ids(db, region="52") == [mataram, bima, province]
    assert public_ids(db, region="5271") == [mataram]
    assert public_ids(db, office="52") == [province]
    assert public_ids(db, segment="women") == [province]
    assert public_ids(db, region="5272", segment="WOMEN") == []


def test_unknown_region_or_segment_is_a_user_error(db: Database) -> None:
    with db.reader() as s:
        with pytest.raises(UserError) as e:
            cal.public_scope(s, region="99")
        assert e.value.problems[0].code == "UNKNOWN_REGION"
        with pytest.raises(UserError) as e:
            cal.public_scope(s, segment="ALIENS")
        assert (e.value.problems[0].code, e.value.problems[0].field) == ("INVALID", "segment")


def test_window_is_last_30_days_to_next_6_months_and_cancelled_ones_drop(db: Database) -> None:
    recent = add_session(db, starts=-timedelta(days=29))
    add_session(db, starts=-timedelta(days=32))
    ahead = add_session(db, starts=timedelta(days=170))
    add_session(db, starts=timedelta(days=200))
    fresh_cancel = add_session(db, status=SessionStatus.CANCELLED, starts=timedelta(days=4),
                               cancelled_ago=timedelta(days=2))
    add_session(db, status=SessionStatus.CANCELLED, starts=timedelta(days=5),
                cancelled_ago=timedelta(days=20))
    assert public_ids(db) == [recent, fresh_cancel, ahead]
    # Cancelled on day D, it stays through day D + 14 (feed days, WITA).
    assert public_ids(db, now=NOW + timedelta(days=12)) == [fresh_cancel, ahead]
    assert public_ids(db, now=NOW + timedelta(days=13)) == [ahead]


def test_version_moves_with_any_change_and_only_then(db: Database) -> None:
    sid = add_session(db)
    other = add_session(db, region="5272")
    v1 = version(db, region="5271")
    assert version(db, region="5271") == v1
    assert version(db, region="5271", now=NOW + timedelta(hours=1)) == v1  # same day
    with db.transaction() as s:
        row = s.get(EduSession, other)
        row.title = "Bima"
    assert version(db, region="5271") == v1  # another region's change
    with db.transaction() as s:
        row = s.get(EduSession, sid)
        hour = timedelta(hours=1)
        row.starts_at, row.ends_at = row.starts_at + hour, row.ends_at + hour
        row.sequence += 1
    v2 = version(db, region="5271")
    assert v2 != v1
    assert version(db, region="5271", now=NOW + timedelta(days=1)) != v2  # new day


# --- what a personal feed shows -----------------------------------------------------------------


def _personal(db: Database, pid: int) -> tuple[str, list[tuple[int, bool]]]:
    with db.reader() as s:
        v, entries = cal.personal_feed_entries(s, s.get(Participant, pid), cal.Window.around(NOW))
        return v, [(e.session.id, e.waitlisted) for e in entries]


def test_personal_feed_shows_own_live_registrations_only(db: Database) -> None:
    me, other = add_participant(db, "Aini"), add_participant(db, "Lalu")
    a, b, c, d = (add_session(db, starts=timedelta(days=n)) for n in range(1, 5))
    draft = add_session(db, status=SessionStatus.DRAFT, starts=timedelta(days=6))
    register(db, me, a)
    register(db, me, b, RegistrationStatus.WAITLISTED)
    register(db, me, c, RegistrationStatus.CANCELLED)
    register(db, other, d)
    register(db, me, draft)
    v1, entries = _personal(db, me)
    assert entries == [(a, False), (b, True)]
    assert _personal(db, other)[1] == [(d, False)]
    with db.transaction() as s:
        reg = s.scalars(select(Registration).where(Registration.participant_id == me,
                                                   Registration.session_id == b)).one()
        reg.status, reg.confirmed_at = RegistrationStatus.CONFIRMED, NOW
    v2, entries = _personal(db, me)
    assert entries == [(a, False), (b, False)] and v2 != v1


def test_session_stamps_are_the_last_audited_change_not_seat_counts(db: Database) -> None:
    officer = staff(db, Role.EDUCATION_OFFICER, "52")
    draft = sessions.SessionDraft(
        title="Sesi", segment=Segment.WOMEN, format=SessionFormat.IN_PERSON, region_code="5271",
        starts_at=datetime.now(UTC) + timedelta(days=3),
        ends_at=datetime.now(UTC) + timedelta(days=3, hours=2), capacity=5,
        venue_name="Aula", venue_address="Jl. Langko 72")
    with db.transaction() as s:
        sid = sessions.create_session(s, officer, draft).id
    with db.transaction() as s:
        sessions.publish_session(s, officer, sid)
    with db.transaction() as s:
        sessions.assign_facilitator(s, officer, sid, staff(db, Role.FACILITATOR, "5271").staff_id)
    with db.reader() as s:
        published = s.scalar(select(AuditEvent.at).where(AuditEvent.action == "session.publish"))
        assert published is not None
        assert cal.session_stamps(s, [sid, sid + 1]) == {sid: published}
    register(db, add_participant(db), sid)
    with db.transaction() as s:
        s.get(EduSession, sid).confirmed_count += 1  # as a registration does: updated_at moves
    with db.reader() as s:
        assert cal.session_stamps(s, [sid]) == {sid: published}
        assert s.get(EduSession, sid).updated_at > published


def test_last_change_counts_what_left_the_feed(db: Database) -> None:
    sid = add_session(db)
    pid = add_participant(db)
    register(db, pid, sid)
    later = datetime.now(UTC) + timedelta(hours=1)
    with db.transaction() as s:  # cancelled long ago: it leaves the public feed
        row = s.get(EduSession, sid)
        row.status, row.updated_at = SessionStatus.CANCELLED, later
        row.cancelled_at = NOW - cal.KEEP_CANCELLED - timedelta(days=1)  # the feed's "today"
    assert public_ids(db) == []
    with db.reader() as s:
        assert cal.public_last_change(s, cal.public_scope(s, region="5271")) == later
        assert cal.public_last_change(s, cal.public_scope(s, region="5272")) is None
    even_later = later + timedelta(hours=1)
    with db.transaction() as s:  # the registration is cancelled: it leaves the personal feed
        reg = s.scalars(select(Registration).where(Registration.participant_id == pid)).one()
        reg.status, reg.cancelled_at = RegistrationStatus.CANCELLED, even_later
    with db.reader() as s:
        assert _personal(db, pid)[1] == []
        assert cal.personal_last_change(s, s.get(Participant, pid)) == even_later


def test_a_completed_session_stays_in_public_and_personal_feeds(db: Database) -> None:
    done = add_session(db, status=SessionStatus.COMPLETED, starts=-timedelta(days=2))
    draft = add_session(db, status=SessionStatus.DRAFT, starts=-timedelta(days=2))
    pid = add_participant(db)
    register(db, pid, done)
    assert public_ids(db) == [done]
    assert draft not in public_ids(db)
    assert _personal(db, pid)[1] == [(done, False)]

"""Sessions as feed events: what a calendar shows of a session, in Indonesian."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import Row

from edu.sessions.models import EduSession, Segment, SessionFormat, SessionStatus
from scheduler.feeds.build import FeedEvent

CANCELLED_PREFIX = "DIBATALKAN: "
WAITLIST_PREFIX = "Daftar tunggu: "

SEGMENT_LABELS = {
    Segment.FAMILY: "Keluarga",
    Segment.FIRST_TIME_VOTERS: "Pemilih pemula",
    Segment.YOUNG_VOTERS: "Pemilih muda",
    Segment.WOMEN: "Perempuan",
    Segment.PEOPLE_WITH_DISABILITIES: "Penyandang disabilitas",
    Segment.SPECIAL_NEEDS: "Berkebutuhan khusus",
    Segment.MARGINALIZED: "Kaum marjinal",
    Segment.COMMUNITY: "Komunitas",
    Segment.RELIGIOUS: "Keagamaan",
    Segment.NETIZENS: "Warga internet",
    Segment.GENERAL_PUBLIC: "Umum",
}
FORMAT_LABELS = {
    SessionFormat.IN_PERSON: "Tatap muka",
    SessionFormat.ONLINE: "Daring",
    SessionFormat.HYBRID: "Hibrida (tatap muka dan daring)",
}


def uid_domain(public_url: str) -> str:
    """The right-hand side of every UID: the deployment's host name."""
    return urlsplit(public_url).hostname or "localhost"


def session_uid(session_id: int, domain: str) -> str:
    """Stable for the life of a session, in every feed it appears in."""
    return f"sesi-{session_id}@{domain}"


def session_event(s: EduSession | Row, *, tzid: str, domain: str, waitlisted: bool = False) -> FeedEvent:
    """One session (an EduSession or a row of its feed columns) as a VEVENT; cancelled ones
    keep their UID with STATUS:CANCELLED."""
    cancelled = s.status is SessionStatus.CANCELLED
    summary = s.title
    status = "CONFIRMED"
    if cancelled:
        summary, status = CANCELLED_PREFIX + summary, "CANCELLED"
    elif waitlisted:
        summary, status = WAITLIST_PREFIX + summary, "TENTATIVE"
    location = ", ".join(p for p in (s.venue_name, s.venue_address) if p)
    if not location and s.online_url:
        location = s.online_url
    details = [s.description.strip()] if s.description and s.description.strip() else []
    if cancelled and s.cancel_reason:
        details.append(f"Alasan pembatalan: {s.cancel_reason}")
    if waitlisted and not cancelled:
        details.append("Anda masih dalam daftar tunggu; kursi belum pasti.")
    details.append(f"Segmen: {SEGMENT_LABELS[s.segment]}")
    details.append(f"Format: {FORMAT_LABELS[s.format]}")
    if s.online_url:
        details.append(f"Tautan daring: {s.online_url}")
    return FeedEvent(
        uid=session_uid(s.id, domain),
        summary=summary,
        start=s.starts_at,
        end=s.ends_at,
        tzid=tzid,
        stamp=s.updated_at,
        created=s.created_at,
        sequence=s.sequence,
        status=status,
        location=location,
        description="\n".join(details),
        url=s.online_url,
        categories=("Pendidikan Pemilih", SEGMENT_LABELS[s.segment]),
        transparent=cancelled,
    )

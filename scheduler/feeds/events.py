"""Sessions and internships as feed events: what a calendar shows of them, in Indonesian."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy import Row

from edu.config import DISPLAY_TZ
from edu.internships.models import Internship, InternshipStatus, LogbookEntry, LogbookStatus
from edu.sessions.models import EduSession, Segment, SessionFormat, SessionStatus
from edu.validation import is_web_url
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


def session_event(s: EduSession | Row, *, tzid: str, domain: str, stamp: datetime,
                  waitlisted: bool = False) -> FeedEvent:
    """One session (an EduSession or a row of its feed columns) as a VEVENT, `stamp` being its
    last change that a calendar shows; cancelled ones keep their UID with STATUS:CANCELLED."""
    cancelled = s.status is SessionStatus.CANCELLED
    summary = s.title
    status = "CONFIRMED"
    if cancelled:
        summary, status = CANCELLED_PREFIX + summary, "CANCELLED"
    elif waitlisted:
        summary, status = WAITLIST_PREFIX + summary, "TENTATIVE"
    # A link stored before links had to be http(s) never reaches a calendar.
    link = s.online_url if s.online_url and is_web_url(s.online_url) else None
    location = ", ".join(p for p in (s.venue_name, s.venue_address) if p)
    if not location and link:
        location = link
    details = [s.description.strip()] if s.description and s.description.strip() else []
    if cancelled and s.cancel_reason:
        details.append(f"Alasan pembatalan: {s.cancel_reason}")
    if waitlisted and not cancelled:
        details.append("Anda masih dalam daftar tunggu; kursi belum pasti.")
    details.append(f"Segmen: {SEGMENT_LABELS[s.segment]}")
    details.append(f"Format: {FORMAT_LABELS[s.format]}")
    if link:
        details.append(f"Tautan daring: {link}")
    return FeedEvent(
        uid=session_uid(s.id, domain),
        summary=summary,
        start=s.starts_at,
        end=s.ends_at,
        tzid=tzid,
        stamp=stamp,
        created=s.created_at,
        sequence=s.sequence,
        status=status,
        location=location,
        description="\n".join(details),
        url=link,
        categories=("Pendidikan Pemilih", SEGMENT_LABELS[s.segment]),
        transparent=cancelled,
    )


# --- interns ----------------------------------------------------------------------------------

_SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
LOGBOOK_LABELS = {
    LogbookStatus.PENDING: "menunggu persetujuan pembimbing",
    LogbookStatus.APPROVED: "disetujui pembimbing",
    LogbookStatus.RETURNED: "dikembalikan untuk diperbaiki",
}


def change_sequence(changed_at: datetime) -> int:
    """A SEQUENCE for records that keep none: whole minutes from 2024 to their last change.
    It rises with every change, which is all RFC 5545 asks of it."""
    return int((changed_at - _SEQUENCE_EPOCH).total_seconds() // 60)


def placement_event(i: Internship, *, domain: str) -> FeedEvent:
    """An internship's placement period as one all-day event (DTEND is the day after)."""
    p = i.placement
    waiting = i.status is InternshipStatus.APPLIED
    details = [p.description.strip()] if p.description and p.description.strip() else []
    details.append(f"Unit: {p.unit}")
    if p.supervisor_name:
        details.append(f"Pembimbing lapangan: {p.supervisor_name}")
    details.append(f"Jam wajib: {p.required_hours} jam")
    if waiting:
        details.append("Permohonan magang masih menunggu keputusan.")
    changed = max(i.updated_at, p.updated_at)
    return FeedEvent(
        uid=f"magang-{i.id}@{domain}",
        summary=("Menunggu keputusan: " if waiting else "") + f"Magang: {p.title}",
        start=p.starts_on, end=p.ends_on + timedelta(days=1), tzid=DISPLAY_TZ,
        stamp=changed, sequence=change_sequence(changed),
        status="TENTATIVE" if waiting else "CONFIRMED",
        location=f"{p.unit}, {p.region.name}", description="\n".join(details),
        categories=("Magang",), transparent=True,
    )


def logbook_event(entry: LogbookEntry, i: Internship, *, tzid: str, domain: str) -> FeedEvent:
    """One logged day, from check-in to check-out in the office's zone."""
    zone = ZoneInfo(tzid)
    changed = entry.reviewed_at or entry.logged_at
    first_line = entry.activity.strip().splitlines()[0] if entry.activity.strip() else ""
    details = [entry.activity.strip(), f"Status: {LOGBOOK_LABELS[entry.status]}"]
    if entry.review_note:
        details.append(f"Catatan pembimbing: {entry.review_note}")
    return FeedEvent(
        uid=f"logbook-{entry.id}@{domain}",
        summary=f"Logbook magang: {first_line[:80]}",
        start=datetime.combine(entry.day, entry.check_in, zone),
        end=datetime.combine(entry.day, entry.check_out, zone), tzid=tzid,
        stamp=changed, sequence=change_sequence(changed),
        location=f"{i.placement.unit}, {i.placement.region.name}",
        description="\n".join(details), categories=("Magang", "Logbook"),
    )

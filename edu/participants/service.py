"""Finding and creating participants, with the consent the law asks for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from edu.audit import record_reads
from edu.auth.principal import Principal
from edu.calendar.service import ensure_calendar_secret
from edu.config import DISPLAY_TZ
from edu.db import utcnow
from edu.errors import Problem
from edu.offices.models import Region
from edu.participants.models import Gender, Participant
from edu.validation import (
    NAME_LEN,
    TITLE_LEN,
    age_on,
    email,
    normal_email,
    past_date,
    phone,
    text,
)

ADULT_AGE = 18
CONSENT_PURPOSE = "Pendaftaran dan pelaporan pendidikan pemilih KPU"


_REGION = select(Region.code).where(Region.code == bindparam("code"))


@dataclass
class ParticipantDetails:
    """What a person tells about themselves when they register (or a school's list holds)."""

    full_name: str | None = None
    email: str | None = None
    phone: str | None = None
    gender: Gender | None = None
    birth_date: date | None = None
    region_code: str | None = None
    disability: bool = False
    institution: str | None = None


def check_details(db: Session, d: ParticipantDetails, prefix: str, *,
                  email_required: bool) -> list[Problem]:
    """Every problem with one person's details, each named by its input path."""
    problems = text(d.full_name, f"{prefix}fullName", required=True, max_len=NAME_LEN)
    problems += email(d.email, f"{prefix}email", required=email_required)
    problems += phone(d.phone, f"{prefix}phone")
    # Born by today (not merely by the session day, which may lie weeks ahead).
    today = utcnow().astimezone(ZoneInfo(DISPLAY_TZ)).date()
    problems += past_date(d.birth_date, f"{prefix}birthDate", today)
    problems += text(d.institution, f"{prefix}institution", required=False, max_len=TITLE_LEN)
    if d.region_code and db.connection().scalar(_REGION, {"code": d.region_code}) is None:
        problems.append(Problem("UNKNOWN_REGION", f"{prefix}regionCode",
                                f"Unknown region code {d.region_code!r}."))
    return problems


def needs_guardian(d: ParticipantDetails | Participant, on: date) -> bool:
    """Under 18 on the day of the session: a guardian must consent (UU 27/2022). Without a
    birth date nobody can tell, so the rule asks for the guardian's consent then too (it
    must not be skipped by leaving the date out). A birth date after that day is bad input
    (INVALID_DATE), not a minor."""
    if d.birth_date is None:
        return True
    return d.birth_date <= on and age_on(d.birth_date, on) < ADULT_AGE


def find_by_email(db: Session, address: str | None) -> Participant | None:
    key = normal_email(address)
    if key is None:
        return None
    return db.scalar(select(Participant).where(Participant.email == key))


def create_participant(db: Session, key: bytes, d: ParticipantDetails, *, consent_at: datetime,
                       guardian_consent_at: datetime | None) -> Participant:
    """A new participant with the consent they (and a guardian) gave."""
    participant = Participant(
        full_name=(d.full_name or "").strip(),
        email=normal_email(d.email),
        phone=d.phone.strip() if d.phone else None,
        gender=d.gender,
        birth_date=d.birth_date,
        region_code=d.region_code,
        disability=d.disability,
        institution=d.institution.strip() if d.institution else None,
        consent_at=consent_at,
        consent_purpose=CONSENT_PURPOSE,
        guardian_consent_at=guardian_consent_at,
    )
    db.add(participant)
    db.flush()
    ensure_calendar_secret(key, participant)
    return participant


def record_specific_reads(db: Session, principal: Principal,
                          reads: set[tuple[int, str]]) -> None:
    """Audit staff reads of specific personal data (birth date, disability): UU 27/2022."""
    by_person: dict[int, list[str]] = {}
    for participant_id, field in reads:
        by_person.setdefault(participant_id, []).append(field)
    record_reads(db, principal, "participant.read_specific_data", "Participant", by_person)

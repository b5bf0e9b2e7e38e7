"""Realistic demo data for NTB: offices' staff, sessions across segments and regions,
hundreds of participants with registrations and attendance, and internships."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu.auth.models import Role, Staff
from edu.auth.principal import Principal
from edu.calendar.service import ensure_calendar_secret
from edu.certificates.service import configure_office
from edu.config import DISPLAY_TZ, Settings
from edu.db import Database, utcnow
from edu.internships.demo import seed_internships
from edu.participants.models import Gender, Participant
from edu.participants.service import CONSENT_PURPOSE
from edu.registrations.models import AttendanceStatus, Registration, RegistrationStatus
from edu.registrations.service import ticket_code
from edu.secrets import hash_secret
from edu.sessions.models import (
    EduSession,
    Method,
    Segment,
    SessionFacilitator,
    SessionFormat,
    SessionStatus,
)

WITA = ZoneInfo(DISPLAY_TZ)
WOMEN = ["Baiq", "Siti", "Nurul", "Fitriani", "Aisyah", "Ni Made", "Rahmawati", "Sri", "Dewi",
         "Lale", "Hajrah", "Nur Aini", "Wahyuni", "Ni Luh Putu", "Marlina", "Suryani"]
MEN = ["Lalu", "Muhammad", "Ahmad", "Zainul", "I Gede", "Hidayat", "Syamsul", "Rizki",
       "Abdul", "Fathurrahman", "I Komang", "Saipul", "Agus", "Khairul", "Hendra", "Yusuf"]
FAMILY = ["Hidayat", "Maulana", "Saputra", "Rahman", "Hamzah", "Wijaya", "Kurniawan",
          "Ramdani", "Mahsun", "Sudirman", "Jayadi", "Hasanah", "Sulaiman", "Arifin",
          "Setiawan", "Pratama", "Amrullah", "Nurhayati"]
SCHOOLS = ["SMAN 1 Mataram", "SMAN 5 Mataram", "MAN 2 Mataram", "SMKN 3 Mataram",
           "SMAN 1 Praya", "SMAN 1 Selong", "SMAN 1 Sumbawa Besar", "SMAN 2 Kota Bima",
           "MA NW Pancor", "SMAN 1 Gerung", "SMAN 1 Tanjung", "SMAN 1 Dompu"]
PLACES = {
    "52": ("Rumah Pintar Pemilu KPU Provinsi NTB", "Jl. Langko No. 72, Mataram"),
    "5201": ("Aula Kantor Bupati Lombok Barat", "Jl. Soekarno-Hatta, Giri Menang, Gerung"),
    "5202": ("Gedung PKK Lombok Tengah", "Jl. Basuki Rahmat, Praya"),
    "5203": ("Pendopo Bupati Lombok Timur", "Jl. Prof. M. Yamin, Selong"),
    "5204": ("Aula Kecamatan Sumbawa", "Jl. Garuda, Sumbawa Besar"),
    "5205": ("Gedung Serbaguna Dompu", "Jl. Lintas Sumbawa, Dompu"),
    "5206": ("Aula Kantor Camat Woha", "Jl. Lintas Sumbawa, Woha, Bima"),
    "5207": ("Balai Desa Taliwang", "Jl. Bung Karno, Taliwang"),
    "5208": ("Aula Kantor Bupati Lombok Utara", "Jl. Tioq Tata Tunaq, Tanjung"),
    "5271": ("Aula SMAN 1 Mataram", "Jl. Pendidikan No. 21, Mataram"),
    "5272": ("Gedung Paruga Nae", "Jl. Soekarno-Hatta, Kota Bima"),
}
TOPICS = {
    Segment.FIRST_TIME_VOTERS: ("KPU Goes to School", "Pemilih Pemula Cerdas Memilih"),
    Segment.YOUNG_VOTERS: ("KPU Goes to Campus", "Suara Muda, Masa Depan Daerah"),
    Segment.WOMEN: ("Rumah Pintar Pemilu", "Perempuan dan Hak Pilih"),
    Segment.PEOPLE_WITH_DISABILITIES: ("Rumah Pintar Pemilu", "Pemilu Ramah Disabilitas"),
    Segment.RELIGIOUS: ("KPU Goes to Pesantren", "Santri Melek Demokrasi"),
    Segment.COMMUNITY: ("Desa Peduli Pemilu dan Pemilihan", "Kader Desa Peduli Pemilu"),
    Segment.FAMILY: ("Desa Peduli Pemilu dan Pemilihan", "Keluarga Sadar Pemilu"),
    Segment.MARGINALIZED: ("Relawan Demokrasi", "Semua Warga Berhak Memilih"),
    Segment.NETIZENS: ("Relawan Demokrasi", "Warganet Lawan Hoaks Pemilu"),
    Segment.SPECIAL_NEEDS: ("Rumah Pintar Pemilu", "Hak Pilih Warga Binaan"),
    Segment.GENERAL_PUBLIC: ("Sosialisasi", "Mengenal Tahapan Pemilihan"),
}


def _person(rng: random.Random, n: int, segment: Segment, on: date) -> Participant:
    female = segment is Segment.WOMEN or rng.random() < 0.5
    first = rng.choice(WOMEN if female else MEN)
    age = {Segment.FIRST_TIME_VOTERS: rng.randint(16, 19),
           Segment.YOUNG_VOTERS: rng.randint(20, 29)}.get(segment, rng.randint(22, 64))
    birth = on - timedelta(days=age * 365 + rng.randint(0, 360))
    name = f"{first} {rng.choice(FAMILY)}"
    consent = datetime.combine(on - timedelta(days=rng.randint(2, 20)), time(9), WITA)
    return Participant(
        full_name=name,
        email=f"{name.lower().replace(' ', '.')}.{n}@contoh.id",
        phone=f"08{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}",
        gender=Gender.FEMALE if female else Gender.MALE,
        birth_date=birth,
        disability=segment is Segment.PEOPLE_WITH_DISABILITIES or rng.random() < 0.03,
        institution=rng.choice(SCHOOLS) if segment is Segment.FIRST_TIME_VOTERS else None,
        region_code=None,
        consent_at=consent,
        consent_purpose=CONSENT_PURPOSE,
        guardian_consent_at=consent if age < 18 else None,
    )


def _staff(db: Session) -> tuple[dict[str, Staff], list[Staff]]:
    officers = {}
    for code, name in [("52", "Hj. Baiq Mahyatun"), ("5271", "Lalu Ahmad Zaini"),
                       ("5203", "Siti Hajar"), ("5204", "Syukri Rahman")]:
        officers[code] = Staff(full_name=name, role=Role.EDUCATION_OFFICER, region_code=code)
    facilitators = [Staff(full_name=n, role=Role.FACILITATOR, region_code="52")
                    for n in ("Dewi Anggraini", "Muhammad Taufik", "Nur Aini Fitriyah")]
    db.add_all([*officers.values(), *facilitators])
    db.flush()
    return officers, facilitators


def _sessions(db: Session, rng: random.Random, officers: dict[str, Staff],
              facilitators: list[Staff]) -> list[EduSession]:
    today = utcnow().astimezone(WITA).date()
    segments = list(Segment)
    regions = list(PLACES)
    sessions = []
    for i in range(48):
        segment = segments[i % len(segments)]
        # Shifted each round of segments, so that every region sees several segments.
        region = regions[(i * 7 + i // len(segments)) % len(regions)]
        program, topic = TOPICS[segment]
        day = today + timedelta(days=(i - 20) * 3 + rng.randint(0, 2))
        start = datetime.combine(day, time(rng.choice([8, 9, 13, 14, 19])), WITA)
        venue, address = PLACES[region]
        fmt = SessionFormat.ONLINE if segment is Segment.NETIZENS else SessionFormat.IN_PERSON
        if day < today:
            status = SessionStatus.COMPLETED
        elif i % 13 == 5:
            status = SessionStatus.CANCELLED
        elif i % 9 == 4:
            status = SessionStatus.DRAFT
        else:
            status = SessionStatus.PUBLISHED
        session = EduSession(
            title=f"{topic} — {venue if fmt is SessionFormat.IN_PERSON else 'Daring'}",
            description=f"{program}: {topic.lower()}; tanya jawab, simulasi pencoblosan.",
            segment=segment, format=fmt,
            method=Method.ONLINE_MEDIA if fmt is SessionFormat.ONLINE else rng.choice(
                [Method.SEMINAR, Method.DISCUSSION, Method.SIMULATION, Method.LECTURE]),
            program=program,
            venue_name=None if fmt is SessionFormat.ONLINE else venue,
            venue_address=None if fmt is SessionFormat.ONLINE else address,
            online_url="https://zoom.us/j/5271000" + str(i) if fmt is SessionFormat.ONLINE
            else None,
            starts_at=start, ends_at=start + timedelta(hours=2),
            capacity=rng.choice([25, 40, 60, 120, 200]),
            status=status, region_code=region,
            cancel_reason="Bertepatan dengan banjir di lokasi" if status is SessionStatus.CANCELLED
            else None,
            cancelled_at=utcnow() if status is SessionStatus.CANCELLED else None,
            created_by_id=officers.get(region, officers["52"]).id,
        )
        db.add(session)
        sessions.append(session)
    db.flush()
    for i, s in enumerate(sessions):
        db.add(SessionFacilitator(session_id=s.id, staff_id=facilitators[i % 3].id))
    return sessions


def _registrations(db: Session, rng: random.Random, settings: Settings,
                   sessions: list[EduSession]) -> int:
    count = 0
    now = utcnow()
    for s in sessions:
        if s.status in (SessionStatus.DRAFT,):
            continue
        day = s.starts_at.astimezone(WITA).date()
        wanted = min(int(s.capacity * rng.uniform(0.4, 1.15)), s.capacity + 8)
        people = [_person(rng, count + k, s.segment, day) for k in range(wanted)]
        db.add_all(people)
        db.flush()
        for p in people:
            ensure_calendar_secret(settings.secret_key, p)
            reg = Registration(
                session_id=s.id, participant_id=p.id, source="SELF",
                ticket_hash=hash_secret(ticket_code(settings.secret_key, s.id, p.id)),
                created_at=p.consent_at,
            )
            if s.confirmed_count < s.capacity:
                s.confirmed_count += 1
                reg.status, reg.confirmed_at = RegistrationStatus.CONFIRMED, p.consent_at
                if s.status is SessionStatus.COMPLETED:
                    reg.attendance_status = rng.choices(
                        list(AttendanceStatus), weights=[78, 9, 5, 8])[0]
                    reg.attendance_recorded_at = s.starts_at
                    if reg.attendance_status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE):
                        late = reg.attendance_status is AttendanceStatus.LATE
                        reg.checked_in_at = s.starts_at + timedelta(
                            minutes=rng.randint(5, 40) if late else -rng.randint(1, 30))
            else:
                s.waitlist_count += 1
                reg.status = RegistrationStatus.WAITLISTED
                reg.waitlist_position = s.waitlist_count
            db.add(reg)
            count += 1
        assert s.starts_at < now or s.status is not SessionStatus.COMPLETED
    return count


# Fictional signers: each office names its own with `edu certificates office`.
SIGNERS = ["Dr. H. Lalu Mahsun", "Baiq Fitriani, S.H.", "H. Zainul Arifin", "Siti Hajar, M.Pd.",
           "Syukri Rahman, S.Sos.", "Ahmad Jayadi", "Nurhayati, S.IP.", "I Komang Setiawan",
           "Hj. Aisyah Hamzah", "Muhammad Saipul, M.Si.", "Sri Wahyuni, S.H."]


def _signers(db: Session) -> None:
    admin = Staff(full_name="Admin Data Demo", role=Role.ADMIN)
    db.add(admin)
    db.flush()
    demo = Principal(name=admin.full_name, role=Role.ADMIN, staff_id=admin.id)
    for code, name in zip(PLACES, SIGNERS, strict=True):
        configure_office(db, demo, region_code=code, changes={"signer_name": name})


def seed_demo(database: Database, settings: Settings) -> str:
    """Load the demo once; a database that already has sessions is left as it is."""
    rng = random.Random(52)
    with database.transaction() as db:
        if db.scalar(select(func.count()).select_from(EduSession)):
            return "demo data already present; nothing added"
        officers, facilitators = _staff(db)
        _signers(db)
        sessions = _sessions(db, rng, officers, facilitators)
        registrations = _registrations(db, rng, settings, sessions)
        internships = seed_internships(db, rng)
    return (f"demo data: {len(sessions)} sessions, {registrations} registrations, "
            f"{len(officers) + len(facilitators) + 1} staff; {internships}")

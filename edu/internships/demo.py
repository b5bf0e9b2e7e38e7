"""Demo internships for NTB: the province's universities, placements in several divisions and
offices, and interns in every state with their logbooks, all made through the services so
the demo obeys the same rules as real use (quota, logbook days, hours before evaluation)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu.auth.models import Role, Staff
from edu.auth.principal import Principal
from edu.config import DISPLAY_TZ
from edu.db import utcnow
from edu.internships import evaluation, logbook, service
from edu.internships.models import Internship, LogbookStatus, Placement
from edu.internships.service import PlacementDraft, StudentDraft
from edu.participants.models import Gender
from edu.universities.models import University

WITA = ZoneInfo(DISPLAY_TZ)
UNIVERSITIES = [
    ("UNRAM", "Universitas Mataram"),
    ("UINMATARAM", "Universitas Islam Negeri Mataram"),
    ("UMMAT", "Universitas Muhammadiyah Mataram"),
    ("UNDIKMA", "Universitas Pendidikan Mandalika"),
    ("UNIZAR", "Universitas Islam Al-Azhar"),
    ("UTS", "Universitas Teknologi Sumbawa"),
    ("UNSA", "Universitas Samawa"),
    ("STKIPBIMA", "STKIP Bima"),
]
SOSDIKLIH = "Divisi Sosialisasi, Pendidikan Pemilih, Partisipasi Masyarakat dan SDM"
DATA = "Divisi Perencanaan, Data dan Informasi"
TEKNIS = "Divisi Teknis Penyelenggaraan"
HUKUM = "Divisi Hukum dan Pengawasan"
HUMAS = "Sekretariat, Subbagian Teknis dan Hubungan Masyarakat"
WOMEN = ["Baiq", "Siti", "Nurul", "Lale", "Ni Made", "Aisyah", "Rahmawati", "Wahyuni", "Dewi"]
MEN = ["Lalu", "Muhammad", "Ahmad", "I Gede", "Zainul", "Rizki", "Fathurrahman", "Khairul"]
FAMILY = ["Hidayat", "Maulana", "Rahman", "Hamzah", "Saputra", "Ramdani", "Arifin", "Jayadi",
          "Amrullah", "Sulaiman", "Kurniawan", "Hasanah"]
PROGRAMS = ["Ilmu Politik", "Ilmu Hukum", "Ilmu Komunikasi", "Sosiologi", "Administrasi Publik",
            "Pendidikan Pancasila dan Kewarganegaraan", "Sistem Informasi", "Statistika"]
ACTIVITIES = [
    "Menyiapkan bahan sosialisasi pemilih pemula",
    "Mendampingi KPU Goes to School di SMAN 1 Mataram",
    "Melayani pengunjung Rumah Pintar Pemilu",
    "Merekap data partisipasi pemilih per kecamatan",
    "Membantu pemutakhiran data pemilih berkelanjutan",
    "Menyusun notula rapat koordinasi divisi",
    "Mengelola konten media sosial KPU",
    "Menyiapkan simulasi pemungutan suara",
    "Mengarsipkan surat masuk dan keluar",
    "Mendokumentasikan kegiatan Desa Peduli Pemilu",
    "Menyusun kajian regulasi tahapan pemilihan",
]
APPLIED, ACCEPTED, REJECTED, ACTIVE, COMPLETED, WITHDRAWN = (
    "APPLIED", "ACCEPTED", "REJECTED", "ACTIVE", "COMPLETED", "WITHDRAWN")


@dataclass(frozen=True)
class Offer:
    title: str
    unit: str
    region_code: str
    start: int            # days from today
    weeks: int
    quota: int
    required_hours: int
    supervisor: str
    interns: tuple[tuple[str, str], ...]   # (university code, what becomes of the intern)


OFFERS = [
    Offer("Magang Pendidikan Pemilih dan Partisipasi Masyarakat", SOSDIKLIH, "52", -110, 8, 5,
          240, "Hj. Baiq Mahyatun",
          (("UNRAM", COMPLETED), ("UNRAM", COMPLETED), ("UINMATARAM", COMPLETED),
           ("UMMAT", WITHDRAWN), ("UNIZAR", REJECTED))),
    Offer("Magang Data dan Informasi Pemilih", DATA, "5271", -24, 8, 4, 240,
          "Lalu Ahmad Zaini",
          (("UNRAM", ACTIVE), ("UMMAT", ACTIVE), ("UNDIKMA", ACTIVE), ("UNIZAR", APPLIED),
           ("UNRAM", REJECTED))),
    Offer("Magang Teknis Penyelenggaraan Pemilihan", TEKNIS, "5203", -10, 6, 3, 180,
          "Siti Hajar", (("UNDIKMA", ACTIVE), ("UINMATARAM", ACTIVE), ("UMMAT", APPLIED))),
    Offer("PKL Kehumasan dan Media Sosial", HUMAS, "5272", -60, 3, 2, 90, "Syamsul Bahri",
          (("STKIPBIMA", COMPLETED), ("STKIPBIMA", COMPLETED))),
    Offer("Magang Berdampak (MBKM) Pendidikan Pemilih", SOSDIKLIH, "5204", -45, 20, 4, 640,
          "Syukri Rahman", (("UTS", ACTIVE), ("UNSA", ACTIVE), ("UNSA", WITHDRAWN))),
    Offer("Magang Hukum dan Pengawasan Internal", HUKUM, "5271", 21, 8, 3, 240,
          "I Made Wiryawan",
          (("UNRAM", ACCEPTED), ("UINMATARAM", ACCEPTED), ("UNIZAR", APPLIED),
           ("UMMAT", APPLIED))),
    Offer("Magang Sosialisasi Pemilihan di Desa", SOSDIKLIH, "5206", 35, 4, 3, 140,
          "Nurhayati", (("STKIPBIMA", APPLIED), ("UTS", APPLIED))),
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), WITA)


def _principal(staff: Staff) -> Principal:
    return Principal(name=staff.full_name, role=staff.role, staff_id=staff.id,
                     region_code=staff.region_code, university_id=staff.university_id)


def _universities(db: Session) -> dict[str, University]:
    """The NTB universities; ones already there (by code) are kept as they are."""
    known = {u.code: u for u in db.scalars(select(University))}
    for code, name in UNIVERSITIES:
        if code not in known:
            known[code] = University(code=code, name=name)
            db.add(known[code])
    db.flush()
    return known


class _Students:
    def __init__(self, rng: random.Random) -> None:
        self.rng, self.n = rng, 0

    def __call__(self, university: str) -> StudentDraft:
        self.n += 1
        female = self.rng.random() < 0.55
        first = self.rng.choice(WOMEN if female else MEN)
        last = self.rng.choice(FAMILY)
        return StudentDraft(
            full_name=f"{first} {last}",
            email=f"{first.lower().replace(' ', '')}.{last.lower()}{self.n}"
                  f"@student.{university.lower()}.ac.id",
            student_number=f"{university[:3]}{2022 + self.n % 3}{self.n:05d}",
            study_program=self.rng.choice(PROGRAMS),
            phone=f"08{self.rng.randint(11, 59)}{self.rng.randint(10_000_000, 99_999_999)}",
            gender=Gender.FEMALE if female else Gender.MALE,
        )


def _log_days(db: Session, rng: random.Random, who: Principal, supervisor: Principal,
              internship: Internship, first: date, last: date, now: datetime,
              attendance: float = 0.92) -> None:
    """Weekdays from `first` to `last` (a share of them); most older days approved, at most
    one returned."""
    day, returned = first, False
    while day <= last:
        if day.weekday() < 5 and rng.random() < attendance:
            start = time(7, rng.choice([30, 45])) if rng.random() < 0.5 else time(8, 0)
            end = time(rng.choice([15, 16]), rng.choice([0, 15, 30]))
            logged = min(_at(day, end.hour, end.minute), now)
            entry, _ = logbook.log_intern_day(db, who, internship_id=internship.id, draft=(
                logbook.DayDraft(day, start.strftime("%H:%M"), end.strftime("%H:%M"),
                                 rng.choice(ACTIVITIES))), now=logged)
            review_at = min(logged + timedelta(days=2), now)
            if (now - logged).days > 7:
                if not returned and rng.random() < 0.1:
                    logbook.review_logbook_entry(
                        db, supervisor, entry_id=entry.id, approve=False, now=review_at,
                        note="Uraian kegiatan terlalu singkat, mohon dilengkapi.")
                    returned = True
                else:
                    logbook.review_logbook_entry(db, supervisor, entry_id=entry.id,
                                                 approve=True, now=review_at)
        day += timedelta(days=1)


def _relog_returned(db: Session, who: Principal, internship: Internship, now: datetime) -> None:
    """A completed intern has fixed every returned day."""
    for entry in logbook.entries_of(db, [internship.id])[internship.id]:
        if entry.status is LogbookStatus.RETURNED:
            logbook.log_intern_day(db, who, internship_id=internship.id, now=now, draft=(
                logbook.DayDraft(entry.day, logbook.clock(entry.check_in),
                                 logbook.clock(entry.check_out),
                                 entry.activity + " (dilengkapi dengan uraian dan dokumentasi)")))


def _approve_pending(db: Session, supervisor: Principal, internship: Internship,
                     now: datetime) -> None:
    """Before the final assessment the field supervisor has reviewed every day."""
    for entry in logbook.entries_of(db, [internship.id])[internship.id]:
        if entry.status is LogbookStatus.PENDING:
            logbook.review_logbook_entry(db, supervisor, entry_id=entry.id, approve=True,
                                         now=now)


def seed_internships(db: Session, rng: random.Random) -> str:
    """Load the demo internships once (a database with placements is left as it is)."""
    if db.scalar(select(func.count()).select_from(Placement)):
        return "internships already present; nothing added"
    now = utcnow()
    today = now.astimezone(WITA).date()
    universities = _universities(db)
    officer = Staff(full_name="Lalu Muhammad Irfan", role=Role.INTERNSHIP_OFFICER)
    coordinators = {
        code: Staff(full_name=f"Koordinator Magang {code}", role=Role.UNIVERSITY_COORDINATOR,
                    university_id=u.id)
        for code, u in universities.items()
    }
    db.add_all([officer, *coordinators.values()])
    db.flush()
    office = _principal(officer)
    students = _Students(rng)
    counts: dict[str, int] = {}
    letters = 0

    for offer in OFFERS:
        starts = today + timedelta(days=offer.start)
        ends = starts + timedelta(weeks=offer.weeks, days=-1)
        opened = min(_at(starts - timedelta(days=40), 9), now)
        placement = service.create_placement(db, office, PlacementDraft(
            title=offer.title, unit=offer.unit, region_code=offer.region_code, starts_on=starts,
            ends_on=ends, quota=offer.quota, required_hours=offer.required_hours,
            supervisor_name=offer.supervisor,
            description=f"{offer.title} di {offer.unit}, {offer.weeks} minggu.",
        ))
        placement.created_at = opened
        for code, fate in offer.interns:
            coordinator = _principal(coordinators[code])
            applied_at = min(opened + timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 8)),
                             now - timedelta(days=1))
            internship, = service.apply_interns(db, coordinator, placement_id=placement.id,
                                                students=[students(code)], now=applied_at)
            counts[fate] = counts.get(fate, 0) + 1
            if fate == APPLIED:
                continue
            decided_at = min(applied_at + timedelta(hours=rng.randint(3, 120)), now)
            letters += 1
            service.decide_internship(
                db, office, internship_id=internship.id, accept=fate != REJECTED, now=decided_at,
                letter_number=f"{letters:03d}/PK.01-SD/{offer.region_code}/"
                              f"{decided_at.astimezone(WITA).year}",
                note=("Kuota divisi untuk program studi ini sudah terpenuhi." if fate == REJECTED
                      else f"Diterima; pembimbing lapangan {offer.supervisor}."))
            if fate in (REJECTED, ACCEPTED):
                continue
            last = min(ends, today - timedelta(days=1))
            if fate == WITHDRAWN:
                if starts < today:
                    _log_days(db, rng, coordinator, office, internship, starts,
                              min(last, starts + timedelta(days=9)), now)
                service.withdraw_internship(
                    db, coordinator, internship_id=internship.id,
                    now=min(max(decided_at, _at(starts + timedelta(days=12), 10)), now),
                    reason="Mahasiswa mengikuti program pertukaran pelajar.")
                continue
            # Who completes came every weekday: at least 7 hours a day meets the required hours.
            _log_days(db, rng, coordinator, office, internship, starts, last, now,
                      attendance=1.0 if fate == COMPLETED else 0.92)
            if fate == COMPLETED:
                evaluated_at = min(_at(ends + timedelta(days=3), 10), now)
                _relog_returned(db, coordinator, internship, evaluated_at)
                _approve_pending(db, office, internship, evaluated_at)
                evaluation.evaluate_internship(
                    db, office, internship_id=internship.id, now=evaluated_at,
                    score=round(rng.uniform(62, 96), 2),
                    note="Disiplin, aktif, dan mampu bekerja sama dalam tim.")
    states = ", ".join(f"{n} {fate.lower()}" for fate, n in sorted(counts.items()))
    return (f"internships: {len(universities)} universities, {len(OFFERS)} placements, "
            f"{sum(counts.values())} interns ({states})")

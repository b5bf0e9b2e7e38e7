"""Builders for certificate tests: staff, sessions with attendance, placements with interns."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.auth.service import authenticate, create_staff_token
from edu.certificates import service
from edu.certificates.models import Certificate, CertificateBatch
from edu.config import Settings
from edu.db import Database, utcnow
from edu.internships.models import Internship, InternshipStatus, Placement, Student
from edu.participants.models import Participant
from edu.registrations.models import AttendanceStatus, Registration, RegistrationStatus
from edu.sessions.models import EduSession, Segment, SessionFormat, SessionStatus
from edu.universities.models import University
from tests.support import settings_for_tests

_seq = itertools.count(1)
PRESENT, LATE = AttendanceStatus.PRESENT, AttendanceStatus.LATE
CONFIRMED = RegistrationStatus.CONFIRMED


def staff(database: Database, role: Role, *, region: str | None = None) -> Principal:
    with database.transaction() as db:
        token = create_staff_token(db, role=role, name=f"{role.value.title()} {next(_seq)}",
                                   region_code=region, university_code=None)
    with database.reader() as db:
        return authenticate(db, token)


def settings_for(database: Database, data_dir: Path) -> Settings:
    return settings_for_tests(data_dir, database.url, "https://sertifikat.example.id")


def session_with(database: Database, rows: list[tuple[RegistrationStatus, AttendanceStatus | None]],
                 *, region: str = "5271", title: str = "Pendidikan Pemilih Pemula SMAN 1 Mataram",
                 status: SessionStatus = SessionStatus.COMPLETED,
                 names: list[str] | None = None,
                 starts: datetime = datetime(2026, 11, 10, 1, 0, tzinfo=UTC),
                 ) -> tuple[int, list[int]]:
    """A session and one participant per row (registration status, attendance); by default
    one that took place and was completed, so its certificates may follow."""
    with database.transaction() as db:
        session = EduSession(title=title, segment=Segment.FIRST_TIME_VOTERS,
                             format=SessionFormat.IN_PERSON, starts_at=starts,
                             ends_at=starts + timedelta(hours=2), capacity=max(len(rows), 1),
                             region_code=region, status=status)
        db.add(session)
        db.flush()
        ids = []
        for i, (reg_status, attendance) in enumerate(rows):
            n = next(_seq)
            name = names[i] if names else f"Peserta {n}"
            person = Participant(full_name=name, email=f"p{n}@example.id", consent_at=utcnow(),
                                 consent_purpose="pendidikan pemilih")
            db.add(person)
            db.flush()
            db.add(Registration(session_id=session.id, participant_id=person.id,
                                status=reg_status, ticket_hash=f"t{n:063d}",
                                attendance_status=attendance))
            ids.append(person.id)
        if sum(1 for s, _ in rows if s is CONFIRMED):
            session.confirmed_count = sum(1 for s, _ in rows if s is CONFIRMED)
        return session.id, ids


def placement_with(database: Database, statuses: list[InternshipStatus], *,
                   region: str = "5271") -> tuple[int, list[int]]:
    """A placement and one intern per status."""
    with database.transaction() as db:
        n = next(_seq)
        uni = University(code=f"U{n}", name=f"Universitas {n}")
        placement = Placement(title="Magang Pendidikan Pemilih", unit="Divisi Sosdiklih",
                              region_code=region, starts_on=date(2026, 8, 1),
                              ends_on=date(2026, 9, 30), quota=max(len(statuses), 1),
                              required_hours=16)
        db.add_all([uni, placement])
        db.flush()
        ids = []
        for status in statuses:
            k = next(_seq)
            st = Student(university_id=uni.id, full_name=f"Mahasiswa {k}",
                         email=f"m{k}@example.ac.id", student_number=f"F{k}",
                         study_program="Ilmu Politik")
            db.add(st)
            db.flush()
            internship = Internship(placement_id=placement.id, student_id=st.id, status=status)
            db.add(internship)
            db.flush()
            ids.append(internship.id)
        return placement.id, ids


def issue(database: Database, principal: Principal, **subject: int) -> int:
    with database.transaction() as db:
        return service.issue_certificates(db, principal, **subject).id


def batch(database: Database, batch_id: int) -> CertificateBatch:
    with database.reader() as db:
        found = db.get(CertificateBatch, batch_id)
        assert found is not None
        return found


def certificates(database: Database, **where: object) -> list[Certificate]:
    with database.reader() as db:
        stmt = select(Certificate).order_by(Certificate.id)
        for name, value in where.items():
            stmt = stmt.where(getattr(Certificate, name) == value)
        return list(db.scalars(stmt))

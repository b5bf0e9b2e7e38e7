"""Steps of the internship console's tests: universities, placements, applications and
logbook days made through the services, and the console's accounts."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.auth.service import authenticate, create_staff_token
from edu.db import Database, utcnow
from edu.internships import logbook, service
from edu.internships.models import Internship, Student
from edu.internships.service import PlacementDraft, StudentDraft, today
from tests.edu.accountkit import account

CSV_HEADER = "nama_lengkap,email,nomor_hp,nim,program_studi,jenis_kelamin"


def principal(database: Database, role: Role, *, university: str | None = None,
              region: str | None = None) -> Principal:
    with database.transaction() as db:
        token = create_staff_token(db, role=role, name=f"{role.value} {university or region}",
                                   region_code=region, university_code=university)
    with database.reader() as db:
        return authenticate(db, token)


def university(database: Database, code: str, name: str) -> None:
    with database.transaction() as db:
        service.create_university(db, principal(database, Role.ADMIN), code=code, name=name)


def coordinator_account(database: Database, username: str, code: str) -> str:
    """A university (made if new) and its coordinator's console account."""
    with database.reader() as db:
        known = {u.code for u in service.list_universities(db)}
    if code not in known:
        university(database, code, f"Universitas {code}")
    return account(database, username, Role.UNIVERSITY_COORDINATOR, region=None,
                   name=f"Koordinator {code}", university=code)


def officer_account(database: Database, username: str = "dewi",
                    region: str | None = None) -> str:
    return account(database, username, Role.INTERNSHIP_OFFICER, region=region,
                   name="Dewi Lestari")


def placement(database: Database, *, quota: int = 3, region: str = "5271",
              title: str = "Magang Sosdiklih", started_days_ago: int = 10,
              required_hours: int = 8) -> int:
    """An open placement (begun some days ago, ending in two months); its id."""
    first = today() - timedelta(days=started_days_ago)
    draft = PlacementDraft(title=title, unit="Divisi Sosdiklih, Parmas dan SDM",
                           region_code=region, starts_on=first,
                           ends_on=first + timedelta(days=70), quota=quota,
                           required_hours=required_hours, supervisor_name="Baiq Nurul Aini")
    with database.transaction() as db:
        return service.create_placement(db, principal(database, Role.INTERNSHIP_OFFICER),
                                        draft).id


def student(n: int, name: str | None = None) -> StudentDraft:
    return StudentDraft(full_name=name or f"Mahasiswa {n}", email=f"m{n}@mhs.example.ac.id",
                        student_number=f"F1{n:06d}", study_program="Ilmu Politik",
                        phone="0812 3456 7890")


def applied(database: Database, code: str, placement_id: int, *students: StudentDraft,
            at: datetime | None = None) -> list[int]:
    """Applications by the coordinator of university `code`; their internship ids."""
    who = principal(database, Role.UNIVERSITY_COORDINATOR, university=code)
    with database.transaction() as db:
        return [i.id for i in service.apply_interns(db, who, placement_id=placement_id,
                                                    students=list(students), now=at)]


def accepted_and_logged(database: Database, internship_id: int, days: int) -> list[int]:
    """Accept the application and log `days` days of 8 hours (the first starts it); the
    entries' ids."""
    officer = principal(database, Role.INTERNSHIP_OFFICER)
    with database.transaction() as db:
        service.decide_internship(db, officer, internship_id=internship_id, accept=True)
    ids = []
    for n in range(days):
        with database.transaction() as db:
            entry, _ = logbook.log_intern_day(
                db, officer, internship_id=internship_id,
                draft=logbook.DayDraft(day=today() - timedelta(days=n + 1), check_in="08:00",
                                       check_out="16:00", activity="Sosialisasi di sekolah."))
            ids.append(entry.id)
    return ids


def counts(database: Database) -> tuple[int, int]:
    """Students and internships on record."""
    with database.reader() as db:
        return (db.scalar(select(func.count()).select_from(Student)) or 0,
                db.scalar(select(func.count()).select_from(Internship)) or 0)


def days_ago(n: int) -> datetime:
    return utcnow() - timedelta(days=n)


def csv_of(*rows: str) -> bytes:
    return "\n".join((CSV_HEADER, *rows)).encode()


def row(n: int, **changes: str) -> str:
    values = {"nama_lengkap": f"Mahasiswa {n}", "email": f"m{n}@mhs.example.ac.id",
              "nomor_hp": "0812 3456 7890", "nim": f"F1{n:06d}",
              "program_studi": "Ilmu Politik", "jenis_kelamin": "P", **changes}
    return ",".join(values.values())


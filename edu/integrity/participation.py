"""Participation in voter education: the report the division writes (region × segment ×
gender × disability × age band on the session day), the first-time voters among them, and
the coverage gaps."""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.config import DISPLAY_TZ
from edu.errors import Forbidden, UserError
from edu.integrity import tables
from edu.offices.models import Region
from edu.participants.models import Participant
from edu.registrations.models import AttendanceStatus, Registration, RegistrationStatus
from edu.sessions.models import EduSession, Segment, SessionStatus
from edu.validation import age_on

FIRST_TIME_VOTER_AGES = range(17, 22)  # pemilih pemula: 17 to 21 on the day
MAX_DAYS = 3660


class AgeBand(enum.StrEnum):
    """Age on the session day: first-time voters (17–21), young voters (22–30), then by
    decade; UNKNOWN when no birth date was given."""

    UNDER_17 = "UNDER_17"
    FROM_17_TO_21 = "FROM_17_TO_21"
    FROM_22_TO_30 = "FROM_22_TO_30"
    FROM_31_TO_40 = "FROM_31_TO_40"
    FROM_41_TO_50 = "FROM_41_TO_50"
    FROM_51_TO_60 = "FROM_51_TO_60"
    FROM_61 = "FROM_61"
    UNKNOWN = "UNKNOWN"


# The youngest age of each band, oldest first; and the bands' short labels for downloads.
_LOWEST = ((61, AgeBand.FROM_61), (51, AgeBand.FROM_51_TO_60), (41, AgeBand.FROM_41_TO_50),
           (31, AgeBand.FROM_31_TO_40), (22, AgeBand.FROM_22_TO_30),
           (FIRST_TIME_VOTER_AGES.start, AgeBand.FROM_17_TO_21))
BAND_LABELS = {AgeBand.UNDER_17: "<17", AgeBand.FROM_17_TO_21: "17-21",
               AgeBand.FROM_22_TO_30: "22-30", AgeBand.FROM_31_TO_40: "31-40",
               AgeBand.FROM_41_TO_50: "41-50", AgeBand.FROM_51_TO_60: "51-60",
               AgeBand.FROM_61: "61+", AgeBand.UNKNOWN: "?"}
BAND_ORDER = {band: i for i, band in enumerate(AgeBand)}


def age_band(age: int | None) -> AgeBand:
    """The band of an age in whole years (None: unknown)."""
    if age is None:
        return AgeBand.UNKNOWN
    return next((band for lowest, band in _LOWEST if age >= lowest), AgeBand.UNDER_17)


@dataclass(frozen=True)
class ParticipationFilter:
    starts_on: date
    ends_on: date
    region_code: str | None = None
    segment: Segment | None = None


@dataclass(frozen=True)
class Cell:
    """The finest line of the report: one region, segment, gender, disability, age band."""

    region_code: str
    segment: Segment
    gender: str | None
    disability: bool
    age_band: AgeBand
    registered: int
    attended: int


@dataclass(frozen=True)
class BandCount:
    band: AgeBand
    registered: int
    attended: int


@dataclass(frozen=True)
class Row:
    region_code: str
    segment: Segment
    gender: str | None
    disability: bool
    registered: int
    attended: int
    first_time_registered: int
    first_time_attended: int
    age_bands: tuple[BandCount, ...] = ()

    @property
    def attendance_rate(self) -> float | None:
        return round(self.attended / self.registered, 4) if self.registered else None


@dataclass(frozen=True)
class Totals:
    sessions: int
    registered: int
    attended: int

    @property
    def attendance_rate(self) -> float | None:
        return round(self.attended / self.registered, 4) if self.registered else None


@dataclass(frozen=True)
class Participation:
    filter: ParticipationFilter
    totals: Totals
    rows: list[Row]
    cells: list[Cell]


def _window(flt: ParticipationFilter) -> tuple[datetime, datetime]:
    if flt.ends_on < flt.starts_on:
        raise UserError("INVALID_PERIOD", "to", "`to` is before `from`.")
    if (flt.ends_on - flt.starts_on).days > MAX_DAYS:
        raise UserError("INVALID_PERIOD", "to", "A report covers at most ten years.")
    zone = ZoneInfo(DISPLAY_TZ)
    return (datetime.combine(flt.starts_on, time(), zone),
            datetime.combine(flt.ends_on + timedelta(days=1), time(), zone))


def _scope(principal: Principal, region_code: str | None) -> str | None:
    principal.require_staff(Role.EDUCATION_OFFICER)
    if region_code is not None:
        principal.require_region(region_code)
        return region_code
    if principal.role is Role.ADMIN:
        return None
    if principal.region_code is None:
        raise Forbidden("Your token has no region.")
    return principal.region_code


def _regions(db: Session, scope: str) -> list[str]:
    """The region codes a scope covers: itself and, for a province, its kabupaten/kota."""
    return list(db.scalars(select(Region.code).where(Region.code.startswith(scope,
                                                                            autoescape=True))))


def _sessions(db: Session, principal: Principal, flt: ParticipationFilter) -> Select[int]:
    start, end = _window(flt)
    scope = _scope(principal, flt.region_code)
    stmt = select(EduSession.id).where(EduSession.status != SessionStatus.CANCELLED,
                                       EduSession.starts_at >= start, EduSession.starts_at < end)
    if scope:
        # The codes by name, not a LIKE prefix: (region_code, starts_at) then reads only the
        # period's sessions of those regions, on both databases (no index serves SQLite's
        # LIKE, which ignores case, nor PostgreSQL's outside the C collation).
        stmt = stmt.where(EduSession.region_code.in_(_regions(db, scope)))
    if flt.segment is not None:
        stmt = stmt.where(EduSession.segment == flt.segment)
    return stmt


def participation(db: Session, principal: Principal, flt: ParticipationFilter) -> Participation:
    """Registered and attended people per region, segment, gender, disability and age band
    (age on the session day, WITA)."""
    held = _sessions(db, principal, flt)
    zone = ZoneInfo(DISPLAY_TZ)
    counts: dict[tuple[str, Segment, str | None, bool, AgeBand], list[int]] = defaultdict(
        lambda: [0, 0])
    rows = db.execute(
        select(EduSession.region_code, EduSession.segment, EduSession.starts_at,
               Participant.gender, Participant.disability, Participant.birth_date,
               Registration.attendance_status)
        .join(Registration, Registration.session_id == EduSession.id)
        .join(Participant, Participant.id == Registration.participant_id)
        .where(EduSession.id.in_(held), Registration.status == RegistrationStatus.CONFIRMED))
    for region, segment, starts_at, gender, disability, birth, status in rows:
        age = None if birth is None else age_on(birth, starts_at.astimezone(zone).date())
        c = counts[(region, segment, gender.value if gender else None, bool(disability),
                    age_band(age))]
        c[0] += 1
        c[1] += status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
    cells = [Cell(*k, *v) for k, v in sorted(counts.items(), key=lambda kv: (
        kv[0][0], kv[0][1].value, kv[0][2] or "", kv[0][3], BAND_ORDER[kv[0][4]]))]
    out = _rows(cells)
    sessions = db.scalar(select(func.count()).select_from(held.subquery())) or 0
    totals = Totals(sessions, sum(r.registered for r in out), sum(r.attended for r in out))
    return Participation(flt, totals, out, cells)


def _rows(cells: list[Cell]) -> list[Row]:
    """The cells summed over age bands (cells come sorted, bands in order within a row)."""
    groups: dict[tuple[str, Segment, str | None, bool], list[Cell]] = defaultdict(list)
    for cell in cells:
        groups[(cell.region_code, cell.segment, cell.gender, cell.disability)].append(cell)
    out = []
    for key, items in groups.items():
        first = [c for c in items if c.age_band is AgeBand.FROM_17_TO_21]
        out.append(Row(*key, sum(c.registered for c in items), sum(c.attended for c in items),
                       sum(c.registered for c in first), sum(c.attended for c in first),
                       tuple(BandCount(c.age_band, c.registered, c.attended) for c in items)))
    return out


def coverage_gaps(db: Session, principal: Principal, report: Participation
                  ) -> list[tuple[str, Segment]]:
    """The kabupaten/kota in scope that reached no one (nobody attended) of a segment, from
    the report of the same filter (computing it again would double the report's cost)."""
    flt = report.filter
    reached = {(r.region_code, r.segment) for r in report.rows if r.attended}
    scope = _scope(principal, flt.region_code) or "52"
    regions = db.scalars(select(Region.code).where(
        Region.level != "PROVINCE", Region.code.startswith(scope, autoescape=True))
        .order_by(Region.code))
    segments = [flt.segment] if flt.segment else list(Segment)
    return [(code, seg) for code in regions for seg in segments if (code, seg) not in reached]


COLUMNS = ["region_code", "segment", "gender", "disability", "age_band", "registered",
           "attended"]


def _cells(cell: Cell) -> list[object]:
    return [cell.region_code, cell.segment.value, cell.gender or "", cell.disability,
            BAND_LABELS[cell.age_band], cell.registered, cell.attended]


def as_csv(report: Participation) -> bytes:
    """The cells (region × segment × gender × disability × age band) and a total line."""
    t = report.totals
    return tables.as_csv(COLUMNS, [*map(_cells, report.cells),
                                   ["TOTAL", "", "", "", "", t.registered, t.attended]])


def as_xlsx(report: Participation) -> bytes:
    """The same cells as a workbook: a sheet of cells and one of totals."""
    t = report.totals
    return tables.as_xlsx({
        "Partisipasi": (COLUMNS, map(_cells, report.cells)),
        "Total": (["sessions", "registered", "attended"],
                  [[t.sessions, t.registered, t.attended]])})

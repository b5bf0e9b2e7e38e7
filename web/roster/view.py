"""The roster on a session's page: which list (confirmed, waitlist, cancelled), sorted how,
which page, read from the address so every view is a link (no script, bookmarkable); the rows
come one page at a time from the roster service, sorted by the database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from edu.auth.principal import Principal
from edu.registrations.models import AttendanceStatus, RegistrationStatus
from edu.registrations.roster import RosterEntry, RosterOrder, roster_counts, roster_section
from web.i18n import N_

PAGE_SIZE = 50
LISTS = {"terkonfirmasi": RegistrationStatus.CONFIRMED, "tunggu": RegistrationStatus.WAITLISTED,
         "batal": RegistrationStatus.CANCELLED}
ORDERS = {"nama": RosterOrder.NAME, "waktu": RosterOrder.REGISTERED, "antrian": RosterOrder.LINE}
ORDER_WORDS = {"nama": N_("name"), "waktu": N_("time of registering"),
               "antrian": N_("place in line")}
ATTENDANCE = {AttendanceStatus.PRESENT: N_("Present"), AttendanceStatus.LATE: N_("Late"),
              AttendanceStatus.EXCUSED: N_("Excused"), AttendanceStatus.ABSENT: N_("Absent")}


@dataclass(frozen=True)
class RosterView:
    tab: str
    order: str
    descending: bool
    number: int
    pages: int
    total: int
    counts: dict[str, int]
    entries: list[RosterEntry]

    def link(self, **changes: str | int) -> str:
        """The address of this view with some choices changed (a new sort starts at page 1)."""
        query: dict[str, str | int] = {"daftar": self.tab, "urut": self.order,
                                       "arah": "turun" if self.descending else "naik",
                                       "halaman": self.number}
        query.update(changes)
        return "?" + urlencode(query) + "#peserta"

    @property
    def order_words(self) -> str:
        return ORDER_WORDS[self.order]

    @staticmethod
    def attendance(entry: RosterEntry) -> str:
        """The msgid of the entry's attendance, or a dash when none is marked."""
        status = entry.registration.attendance_status
        return ATTENDANCE[status] if status else "–"

    def sort_link(self, order: str) -> str:
        """Sort by this column; the column already sorted turns around."""
        turn = "naik" if order != self.order or self.descending else "turun"
        return self.link(urut=order, arah=turn, halaman=1)


def roster_view(db: Session, principal: Principal, session_id: int,
                query: Mapping[str, str]) -> RosterView:
    """The roster as the address asks for it; unknown choices fall back to the defaults."""
    tab = query.get("daftar", "") if query.get("daftar") in LISTS else "terkonfirmasi"
    status = LISTS[tab]
    default = "antrian" if status is RegistrationStatus.WAITLISTED else "waktu"
    order = query.get("urut", "") if query.get("urut") in ORDERS else default
    if order == "antrian" and status is not RegistrationStatus.WAITLISTED:
        order = default  # only the waitlist has a line
    descending = query.get("arah") == "turun"
    try:
        number = max(int(query.get("halaman", "1")), 1)
    except ValueError:
        number = 1
    counts = roster_counts(db, principal, session_id)
    total, entries = roster_section(db, principal, session_id, status=status,
                                    order=ORDERS[order], descending=descending,
                                    offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    return RosterView(tab, order, descending, number, pages, total,
                      {name: counts[s] for name, s in LISTS.items()}, entries)

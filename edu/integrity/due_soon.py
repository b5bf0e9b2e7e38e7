"""What an officer's console home shows first: the waiting applications (internship officers)
and session requests (education officers) that are about to pass their service standard, or
already past it. Only the longest waiting few of each queue are read (one query a list): the
queue is oldest first, so those are the ones nearest their due day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.integrity.session_requests import WaitingRequest, request_queue
from edu.integrity.standards import ABOUT_TO_BREACH, Clock, Waiting, queue

SHOWN = 10  # the head of each queue the home page reads


@dataclass(frozen=True)
class DueSoon:
    applications: list[Waiting]
    requests: list[WaitingRequest]


def _due(clock: Clock) -> bool:
    return clock.days_left <= ABOUT_TO_BREACH


def due_soon(db: Session, principal: Principal, *, now: datetime | None = None) -> DueSoon:
    """The head of the principal's queues, kept to what is due within ABOUT_TO_BREACH working
    days or overdue (nothing for roles that answer neither)."""
    applications: list[Waiting] = []
    requests: list[WaitingRequest] = []
    if principal.role is Role.INTERNSHIP_OFFICER:
        applications = [w for w in queue(db, principal, now=now, limit=SHOWN) if _due(w.clock)]
    if principal.role is Role.EDUCATION_OFFICER and principal.region_code:
        requests = [w for w in request_queue(db, principal, now=now, limit=SHOWN)
                    if _due(w.clock)]
    return DueSoon(applications, requests)

"""The demo internships: every state present, counters consistent, loaded once."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from edu.internships.demo import seed_internships
from edu.internships.logbook import counts
from edu.internships.models import (
    SEAT_HOLDING,
    Evaluation,
    Internship,
    InternshipStatus,
    LogbookEntry,
    LogbookStatus,
    Placement,
)
from edu.universities.models import University


def test_demo_has_every_state_with_consistent_counters(database):
    with database.transaction() as db:
        summary = seed_internships(db, random.Random(52))
    assert summary.startswith("internships: 8 universities")
    with database.reader() as db:
        states = dict(db.execute(
            select(Internship.status, func.count()).group_by(Internship.status)).all())
        assert set(states) == set(InternshipStatus)
        assert {u.code for u in db.scalars(select(University))} >= {"UNRAM", "UMMAT",
                                                                    "STKIPBIMA"}
        for placement in db.scalars(select(Placement)):
            held = db.scalar(select(func.count()).where(
                Internship.placement_id == placement.id, Internship.status.in_(SEAT_HOLDING)))
            assert placement.accepted_count == held <= placement.quota
        for internship in db.scalars(select(Internship)):
            entries = list(db.scalars(select(LogbookEntry).where(
                LogbookEntry.internship_id == internship.id)))
            assert internship.minutes_logged == sum(e.minutes for e in entries
                                                    if counts(e.status))
            assert internship.minutes_approved == sum(
                e.minutes for e in entries if e.status is LogbookStatus.APPROVED)
            if internship.status is InternshipStatus.COMPLETED:
                assert internship.minutes_approved >= internship.placement.required_hours * 60
                assert db.scalar(select(Evaluation).where(
                    Evaluation.internship_id == internship.id)) is not None
            if internship.decided_at is not None:
                assert internship.decided_at > internship.applied_at
        assert len({p.unit for p in db.scalars(select(Placement))}) >= 4
    with database.transaction() as db:
        assert seed_internships(db, random.Random(52)).endswith("nothing added")

"""Batch functions for DataLoaders: one query for every participant or internship asked."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from edu.certificates import service
from edu.certificates.models import Certificate


def certificates_by_participant(db: Session, keys: Sequence[int]) -> list[list[Certificate]]:
    found = service.certificates_of_participants(db, list(keys))
    return [found[k] for k in keys]


def certificate_by_internship(db: Session, keys: Sequence[int]) -> list[Certificate | None]:
    found = service.certificates_of_internships(db, list(keys))
    return [found[k] for k in keys]

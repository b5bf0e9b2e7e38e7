"""Erasure's files and the retention job: an erased person's certificate PDFs (which print
their name) leave the data folder in the same step as their data leaves the database."""

from __future__ import annotations

import logging
from datetime import datetime

from edu.auth.principal import Principal
from edu.certificates.models import Certificate
from edu.config import Settings
from edu.db import Database
from edu.integrity.session_requests import erase_old_request_contacts
from edu.privacy.service import Erasure, Expired, apply_retention, erase_person, expired_people
from edu.privacy.students import apply_student_retention, erase_student, expired_students
from scheduler.certificates.store import pdf_path

log = logging.getLogger("edu.privacy")


def remove_certificate_files(settings: Settings, erasure: Erasure) -> None:
    """Delete the stored PDFs; a download renders them again with the erased name."""
    for content_hash in erasure.certificate_hashes:
        pdf_path(settings.data_dir, Certificate(content_hash=content_hash)).unlink(
            missing_ok=True)


def erase(settings: Settings, database: Database, principal: Principal, participant_id: int,
          *, reason: str | None) -> Erasure:
    """Erase one person (one transaction), then their certificate files."""
    with database.transaction() as db:
        erasure = erase_person(db, principal, participant_id, reason=reason)
    remove_certificate_files(settings, erasure)
    return erasure


def erase_intern(settings: Settings, database: Database, principal: Principal, student_id: int,
                 *, reason: str | None) -> Erasure:
    """Erase one intern (one transaction), then their internship certificates' files."""
    with database.transaction() as db:
        erasure = erase_student(db, principal, student_id, reason=reason)
    remove_certificate_files(settings, erasure)
    return erasure


def run_student_retention(settings: Settings, database: Database, now: datetime, *,
                          dry_run: bool = False) -> list[Expired] | list[Erasure]:
    """The same for interns, two years (the same setting) after their last internship."""
    if settings.retention_days == 0:
        return []
    if dry_run:
        with database.reader() as db:
            return expired_students(db, now=now, days=settings.retention_days)
    with database.transaction() as db:
        erased = apply_student_retention(db, now=now, days=settings.retention_days)
    for erasure in erased:
        remove_certificate_files(settings, erasure)
    if erased:
        log.info("retention erased %d interns", len(erased))
    return erased


def run_retention(settings: Settings, database: Database, now: datetime, *,
                  dry_run: bool = False) -> list[Expired] | list[Erasure]:
    """Who is past the retention period (dry run), or erase them all. Retention 0: nobody."""
    if settings.retention_days == 0:
        return []
    if dry_run:
        with database.reader() as db:
            return expired_people(db, now=now, days=settings.retention_days)
    with database.transaction() as db:
        erased = apply_retention(db, now=now, days=settings.retention_days)
        erase_old_request_contacts(db, now=now, days=settings.retention_days)
    for erasure in erased:
        remove_certificate_files(settings, erasure)
    if erased:
        log.info("retention erased %d people", len(erased))
    return erased

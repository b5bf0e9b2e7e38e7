"""The evidence pack for assessors: a period's audit events, the anchors, the service-time
and satisfaction (IKM) figures, and a signed manifest of every file's hash."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.audit import AuditEvent
from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.config import DISPLAY_TZ, Settings
from edu.db import Database, utcnow
from edu.errors import UserError
from edu.evidence.anchors import anchors_dir, make_anchor
from edu.evidence.chain import verify_chain
from edu.evidence.signing import public_key_set, sign
from edu.integrity.models import SurveyService
from edu.integrity.survey import SatisfactionFilter, figures_in
from edu.internships.service_time import period_service_time

# Reads every region's figures; it is never written anywhere.
_ASSESSMENT = Principal(name="evidence export", role=Role.ADMIN, staff_id=0)


def event_line(event: AuditEvent) -> str:
    return json.dumps({
        "seq": event.seq, "id": event.id, "at": event.at.isoformat(),
        "actor_staff_id": event.actor_staff_id,
        "actor_participant_id": event.actor_participant_id, "actor_name": event.actor_name,
        "action": event.action, "entity_type": event.entity_type, "entity_id": event.entity_id,
        "before": event.before, "after": event.after, "payload_hash": event.payload_hash,
        "prev_hash": event.prev_hash, "hash": event.hash,
    }, ensure_ascii=False, sort_keys=True)


def satisfaction_figures(db: Session, *, starts_on: date, ends_on: date) -> dict[str, Any]:
    """The IKM of each service over the period, every region together (answers are dated by
    the WITA day they were given), with the people served and the minimum sample."""
    figures: dict[str, Any] = {}
    for service in SurveyService:
        found = figures_in(db, SatisfactionFilter(service=service, starts_on=starts_on,
                                                  ends_on=ends_on), None)
        index = found.index
        figures[service.value] = {
            "responses": index.responses, "ikm": str(index.ikm) if index.ikm else None,
            "grade": index.grade, "meaning": index.meaning,
            "lowest_element": index.lowest_element,
            "element_averages": [None if a is None else f"{float(a):.3f}"
                                 for a in index.averages],
            "served": found.population, "minimum_sample": found.minimum_sample,
            "sample_sufficient": found.sample_sufficient,
        }
    return figures


def write_pack(db: Session, settings: Settings, database: Database, *, starts_on: date,
               ends_on: date, path: Path) -> dict[str, Any]:
    """Write the pack for WITA days `starts_on`..`ends_on` to `path`; its manifest."""
    if ends_on < starts_on:
        raise UserError("INVALID_PERIOD", "to", "The period ends before it starts.")
    zone = ZoneInfo(DISPLAY_TZ)
    start = datetime.combine(starts_on, time(), zone)
    end = datetime.combine(ends_on + timedelta(days=1), time(), zone)
    report = verify_chain(db)
    events = db.scalars(select(AuditEvent).where(AuditEvent.at >= start, AuditEvent.at < end)
                        .order_by(AuditEvent.seq))
    make_anchor(db, settings, database)  # the head now; it also makes sure a key signs
    files: dict[str, bytes] = {
        "events.jsonl": "".join(event_line(e) + "\n" for e in events).encode(),
        "service_time.json": json.dumps(dataclasses.asdict(period_service_time(
            db, _ASSESSMENT, starts_on=starts_on, ends_on=ends_on)), indent=2).encode(),
        "satisfaction.json": json.dumps(satisfaction_figures(
            db, starts_on=starts_on, ends_on=ends_on), indent=2).encode(),
        "chain.json": json.dumps({
            "events": report.events, "head_seq": report.head_seq, "head_hash": report.head_hash,
            "intact": report.intact,
            "first_break": str(report.first_break) if report.first_break else None,
        }, indent=2).encode(),
        "public-keys.json": public_key_set(database),
    }
    for anchor in sorted(anchors_dir(settings).glob("anchor-*.json")):
        files[f"anchors/{anchor.name}"] = anchor.read_bytes()
    manifest: dict[str, Any] = {
        "kind": "edu.evidence.pack.v1", "from": starts_on.isoformat(),
        "to": ends_on.isoformat(), "created_at": utcnow().isoformat(timespec="seconds"),
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
    }
    body = json.dumps(manifest, sort_keys=True, indent=2).encode()
    kid, signature = sign(settings, database, body)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as pack:
        for name, data in files.items():
            pack.writestr(name, data)
        pack.writestr("manifest.json", body)
        pack.writestr("manifest.sig", json.dumps({"key_id": kid, "signature": signature}))
    return manifest

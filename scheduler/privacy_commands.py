"""`edu privacy …`: a person's data on their request, at the office desk (the operator acts as
an administrator recorded as such in the audit log). `--intern` acts on a student instead."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from edu.auth.principal import Principal
from edu.auth.tokens import command_line_principal
from edu.config import Settings
from edu.db import Database, utcnow
from edu.privacy.page import export_html
from edu.privacy.service import Erasure, correct_contact, export_person
from edu.privacy.students import correct_student, export_student
from scheduler.privacy import erase, erase_intern, run_retention, run_student_retention
from scheduler.privacy_pdf import export_pdf


def _operator(database: Database) -> Principal:
    with database.transaction() as db:
        return command_line_principal(db)


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    database = Database(settings.database_url)
    principal = _operator(database)
    with database.transaction() as db:
        data = (export_student if args.intern else export_person)(db, principal, args.id)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"{'intern' if args.intern else 'participant'}-{args.id}"
    stem.with_suffix(".json").write_text(json.dumps(data, indent=2, ensure_ascii=False))
    stem.with_suffix(".html").write_text(export_html(data))
    stem.with_suffix(".pdf").write_bytes(export_pdf(data))
    print(f"{stem}.json, .html and .pdf (this export is in the audit log)", file=sys.stderr)
    return 0


def cmd_correct(args: argparse.Namespace, settings: Settings) -> int:
    database = Database(settings.database_url)
    principal = _operator(database)
    with database.transaction() as db:
        (correct_student if args.intern else correct_contact)(
            db, principal, args.id, full_name=args.name, email_address=args.email,
            phone_number=args.phone)
    print("corrected (before and after are in the audit log)", file=sys.stderr)
    return 0


def cmd_erase(args: argparse.Namespace, settings: Settings) -> int:
    database = Database(settings.database_url)
    erasure = (erase_intern if args.intern else erase)(
        settings, database, _operator(database), args.id, reason=args.reason)
    print(f"erased: now {erasure.pseudonym}; {len(erasure.redacted_events)} audit events "
          f"redacted, {len(erasure.certificate_hashes)} certificates renamed", file=sys.stderr)
    return 0


def cmd_retention(args: argparse.Namespace, settings: Settings) -> int:
    database, now = Database(settings.database_url), utcnow()
    found: list[Any] = []
    for kind, run in (("participant", run_retention), ("intern", run_student_retention)):
        for item in run(settings, database, now, dry_run=args.dry_run):
            found.append(item)
            if isinstance(item, Erasure):
                print(f"erased {kind} {item.person_id}")
            else:
                print(f"{kind} {item.person_id}: last activity "
                      f"{item.last_activity.date().isoformat()}")
    verb = "would be erased" if args.dry_run else "erased"
    print(f"{len(found)} {verb} (retention {settings.retention_days} days)", file=sys.stderr)
    return 0


def add_commands(sub: Any) -> None:
    privacy = sub.add_parser("privacy", help="personal data: access, correction, erasure, "
                             "retention").add_subparsers(dest="privacy_command", required=True)
    export = privacy.add_parser("export", help="everything held about a person (JSON, HTML, "
                                "PDF)")
    export.add_argument("--out", default=".", help="folder for the three files")
    export.set_defaults(handler=cmd_export)
    correct = privacy.add_parser("correct", help="correct a person's contact data")
    correct.add_argument("--name")
    correct.add_argument("--email")
    correct.add_argument("--phone", help='"" removes the phone number')
    correct.set_defaults(handler=cmd_correct)
    erase_cmd = privacy.add_parser("erase", help="erase a person's data on their request")
    erase_cmd.add_argument("--reason", required=True, help="whose request, when, how")
    erase_cmd.set_defaults(handler=cmd_erase)
    for command in (export, correct, erase_cmd):
        command.add_argument("id", type=int, help="the participant's id (with --intern: the "
                             "student's)")
        command.add_argument("--intern", action="store_true",
                             help="the id is an intern's (a university's student)")
    retention = privacy.add_parser("retention", help="erase people past the retention period")
    retention.add_argument("--dry-run", action="store_true", help="only list who would be")
    retention.set_defaults(handler=cmd_retention)

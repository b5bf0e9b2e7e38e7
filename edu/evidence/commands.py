"""`edu audit …`: verify the chain, anchor its head, export an evidence pack."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from edu.config import Settings
from edu.db import Database
from edu.errors import UserError
from edu.evidence.anchors import make_anchor, read_anchor
from edu.evidence.chain import verify_chain
from edu.evidence.pack import write_pack


def cmd_verify(args: argparse.Namespace, settings: Settings) -> int:
    database = Database(settings.database_url)
    anchors = [read_anchor(settings, database, Path(p)) for p in args.anchor]
    with database.reader() as db:
        report = verify_chain(db, anchors)
    print(f"head {report.head_seq} {report.head_hash}")
    if report.first_break:
        print(f"BROKEN at {report.first_break}")
        return 1
    print(f"intact: {report.events} events" + (f", {len(anchors)} anchors match"
                                                if anchors else ""))
    return 0


def cmd_anchor(args: argparse.Namespace, settings: Settings) -> int:
    database = Database(settings.database_url)
    with database.reader() as db:
        print(json.dumps(make_anchor(db, settings, database), indent=2))
    return 0


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError("INVALID_DATE", field, f"Not a date (YYYY-MM-DD): {value!r}.") from None


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    database = Database(settings.database_url)
    with database.reader() as db:
        manifest = write_pack(db, settings, database, starts_on=_day(args.starts, "from"),
                              ends_on=_day(args.ends, "to"), path=Path(args.file))
    print(f"{args.file}: {len(manifest['files'])} files, signed", file=sys.stderr)
    return 0


def add_commands(sub: Any) -> None:
    audit = sub.add_parser("audit", help="the tamper-evident audit log").add_subparsers(
        dest="audit_command", required=True)
    verify = audit.add_parser("verify", help="check the hash chain (exit 1 when broken)")
    verify.add_argument("--anchor", action="append", default=[],
                        help="an anchor file from `edu audit anchor` (repeatable)")
    verify.set_defaults(handler=cmd_verify)
    audit.add_parser("anchor", help="print the chain head, signed").set_defaults(
        handler=cmd_anchor)
    export = audit.add_parser("export", help="an evidence pack (ZIP) for a period")
    export.add_argument("--from", dest="starts", required=True, help="first day, YYYY-MM-DD")
    export.add_argument("--to", dest="ends", required=True, help="last day, YYYY-MM-DD")
    export.add_argument("file")
    export.set_defaults(handler=cmd_export)

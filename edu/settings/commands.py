"""`edu settings public-url [URL]`, and what `edu db upgrade` and `edu serve` settle first."""

from __future__ import annotations

import argparse
import os
import sys

from edu.config import Settings
from edu.db import Database
from edu.settings.service import (
    ENV_PUBLIC_URL,
    adopt_public_url,
    env_mismatch,
    set_public_url,
    stored_public_url,
)


def settle_public_url(settings: Settings, database: Database, fallback: str | None = None) -> str:
    """Store the public URL if none is yet (EDU_PUBLIC_URL, else the fallback, else the
    default), report an environment that disagrees with the stored one, and return it."""
    candidate = settings.public_url if os.environ.get(ENV_PUBLIC_URL) else (
        fallback or settings.public_url)
    stored = adopt_public_url(database, candidate)
    warning = env_mismatch(stored)
    if warning:
        print(f"edu: warning: {warning}", file=sys.stderr)
    return stored


def cmd_public_url(args: argparse.Namespace, settings: Settings) -> int:
    database = Database(settings.database_url)
    if args.url:
        with database.transaction() as db:
            stored = set_public_url(db, args.url)
        print(stored)
        print("restart `edu serve` so the running app uses it", file=sys.stderr)
        return 0
    with database.reader() as db:
        current = stored_public_url(db)
    print(current or settings.public_url)
    if current is None:
        print("(not stored yet: `edu db upgrade` stores EDU_PUBLIC_URL)", file=sys.stderr)
    elif warning := env_mismatch(current):
        print(f"edu: warning: {warning}", file=sys.stderr)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `settings public-url [URL]` to the `edu` command."""
    parser = sub.add_parser("settings", help="the deployment's stored settings")
    commands = parser.add_subparsers(dest="settings_command", required=True)
    public_url = commands.add_parser(
        "public-url", help="show, or set, the public URL sealed into certificates, QR codes "
                           "and feed links (stored once for every process)")
    public_url.add_argument("url", nargs="?", help="e.g. https://edu.kpu-ntb.go.id")
    public_url.set_defaults(handler=cmd_public_url)

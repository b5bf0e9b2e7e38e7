"""`edu token create | list | revoke`: staff tokens from the command line."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from edu.auth.models import Role, role_named
from edu.auth.service import STAFF_TOKEN_DAYS, create_staff_token
from edu.auth.tokens import TokenInfo, command_line_principal, list_tokens, revoke_token
from edu.config import DISPLAY_TZ, Settings
from edu.db import Database, utcnow
from edu.errors import UserError

COLUMNS = ("ID", "ROLE", "NAME", "SCOPE", "CREATED", "EXPIRES", "REVOKED")


def cmd_create(args: argparse.Namespace, settings: Settings) -> int:
    role = role_named(args.role)
    with Database(settings.database_url).transaction() as db:
        token = create_staff_token(db, role=role, name=args.name, region_code=args.region,
                                   university_code=args.university, email=args.email,
                                   expires_in_days=args.expires_in)
    print(token)
    return 0


def _when(value: datetime | None) -> str:
    return value.astimezone(ZoneInfo(DISPLAY_TZ)).strftime("%Y-%m-%d %H:%M") if value else "-"


def _row(token: TokenInfo) -> tuple[str, ...]:
    scope = " ".join(filter(None, [token.region_code and f"region {token.region_code}",
                                   token.university_code and f"university "
                                                             f"{token.university_code}"]))
    return (str(token.id), token.role, token.name or "-", scope or "-",
            _when(token.created_at), _when(token.expires_at), _when(token.revoked_at))


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    database = Database(settings.database_url)
    with database.transaction() as db:
        _, tokens = list_tokens(db, command_line_principal(db), participants=args.participants)
    now = utcnow()
    rows = [COLUMNS, *(_row(t) for t in tokens if args.all or t.active(now))]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
    return 0


def cmd_revoke(args: argparse.Namespace, settings: Settings) -> int:
    if not args.id.isdigit():
        raise UserError("INVALID_ID", "id", f"A token id is a number, as `edu token list` "
                                            f"shows it: {args.id!r}.")
    with Database(settings.database_url).transaction() as db:
        revoke_token(db, command_line_principal(db), int(args.id))
    print(f"token {args.id} revoked", file=sys.stderr)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `token create | list | revoke` to the `edu` command."""
    token = sub.add_parser("token", help="API tokens").add_subparsers(dest="token_command",
                                                                       required=True)
    create = token.add_parser("create", help="create a staff member and print their token")
    create.add_argument("--role", required=True, help=", ".join(r.value for r in Role))
    create.add_argument("--name", required=True)
    create.add_argument("--region", help="region code: 52 is all of NTB, 5271 one city")
    create.add_argument("--university", help="university code (coordinators)")
    create.add_argument("--email", help="where their notices go (a coordinator hears of "
                                        "their students' internship decisions)")
    create.add_argument("--expires-in", type=int, default=STAFF_TOKEN_DAYS, metavar="DAYS",
                        help=f"days until the token stops working (default {STAFF_TOKEN_DAYS})")
    create.set_defaults(handler=cmd_create)
    listing = token.add_parser("list", help="tokens in use (never their secrets)")
    listing.add_argument("--all", action="store_true", help="also revoked and expired ones")
    listing.add_argument("--participants", action="store_true",
                         help="also participants' tokens")
    listing.set_defaults(handler=cmd_list)
    revoke = token.add_parser("revoke", help="stop a token at once")
    revoke.add_argument("id", help="the token's id, as `edu token list` shows it")
    revoke.set_defaults(handler=cmd_revoke)

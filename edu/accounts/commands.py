"""`edu user create | list | disable | reset`: staff accounts for the console."""

from __future__ import annotations

import argparse
import sys
from zoneinfo import ZoneInfo

from edu.accounts.service import create_user, disable_user, list_users, reset_password
from edu.accounts.totp import clear_totp
from edu.auth.models import Role, role_named
from edu.config import DISPLAY_TZ, Settings
from edu.db import Database, utcnow
from edu.errors import UserError

COLUMNS = ("USERNAME", "ROLE", "NAME", "REGION", "2FA", "STATE")


def _password(args: argparse.Namespace) -> str:
    """The first line of standard input: never an argument, which `ps` and shell history see."""
    if not args.password_stdin:
        raise UserError("REQUIRED", "password", "Give the password on standard input with "
                                                "--password-stdin.")
    return sys.stdin.readline().rstrip("\r\n")


def cmd_create(args: argparse.Namespace, settings: Settings) -> int:
    role = role_named(args.role)
    password = _password(args)
    with Database(settings.database_url).transaction() as db:
        account = create_user(db, None, username=args.username, password=password, role=role,
                              name=args.name, region_code=args.region,
                              university_code=args.university, email=args.email)
        print(f"user {account.username} created", file=sys.stderr)
    return 0


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    with Database(settings.database_url).transaction() as db:
        users = list_users(db, None)
    now = utcnow()
    rows = [COLUMNS]
    for u in users:
        state = "disabled" if u.disabled else "active"
        if not u.disabled and u.locked_until and u.locked_until > now:
            until = u.locked_until.astimezone(ZoneInfo(DISPLAY_TZ)).strftime("%Y-%m-%d %H:%M")
            state = f"locked until {until}"
        rows.append((u.username, u.role.value, u.name, u.region_code or "-",
                     "on" if u.totp else "-", state))
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
    return 0


def cmd_disable(args: argparse.Namespace, settings: Settings) -> int:
    with Database(settings.database_url).transaction() as db:
        disable_user(db, None, args.username)
    print(f"user {args.username} disabled; their browser sessions have ended", file=sys.stderr)
    return 0


def cmd_reset(args: argparse.Namespace, settings: Settings) -> int:
    if not args.password_stdin and not args.clear_totp:
        raise UserError("REQUIRED", "password", "Give --password-stdin, --clear-totp or both.")
    password = _password(args) if args.password_stdin else None
    with Database(settings.database_url).transaction() as db:
        if password is not None:
            reset_password(db, None, args.username, password)
        if args.clear_totp:
            clear_totp(db, None, args.username)
    done = [*(["new password set"] if password is not None else []),
            *(["two-factor sign-in cleared"] if args.clear_totp else [])]
    print(f"user {args.username}: {', '.join(done)}, lock lifted, sessions ended",
          file=sys.stderr)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `user create | list | disable | reset` to the `edu` command."""
    user = sub.add_parser("user", help="staff accounts for the console").add_subparsers(
        dest="user_command", required=True)
    create = user.add_parser("create", help="an account that signs in at /staf/masuk")
    create.add_argument("username")
    create.add_argument("--role", required=True, help=", ".join(r.value for r in Role))
    create.add_argument("--name", required=True)
    create.add_argument("--region", help="region code: 52 is all of NTB, 5271 one city")
    create.add_argument("--university", help="university code (coordinators)")
    create.add_argument("--email", help="where their notices go (a coordinator hears of their "
                                        "students' internship decisions)")
    create.add_argument("--password-stdin", action="store_true",
                        help="read the password from standard input")
    create.set_defaults(handler=cmd_create)
    user.add_parser("list", help="accounts and their state").set_defaults(handler=cmd_list)
    disable = user.add_parser("disable", help="stop an account signing in, end its sessions")
    disable.add_argument("username")
    disable.set_defaults(handler=cmd_disable)
    reset = user.add_parser("reset", help="a new password and/or two-factor sign-in cleared; "
                                          "unlocks the account, ends its sessions")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true",
                       help="read the password from standard input (also enables the account)")
    reset.add_argument("--clear-totp", action="store_true",
                       help="turn two-factor sign-in off for someone who lost their phone and "
                            "recovery codes (an admin enrols again at the next sign-in)")
    reset.set_defaults(handler=cmd_reset)

"""The `edu` command: database, demo data, tokens and the server."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

import edu.models  # noqa: F401  (every mapper configured before the first query)
from edu.auth.models import Role
from edu.config import ConfigError, Settings, load_settings
from edu.db import Database
from edu.errors import UserError

Handler = Callable[[argparse.Namespace, Settings], int]


def _database(settings: Settings) -> Database:
    return Database(settings.database_url)


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from edu.migrations.runner import upgrade

    db = _database(settings)
    upgrade(db.engine)
    print(f"database is up to date ({db.dialect})", file=sys.stderr)
    return 0


def cmd_seed(args: argparse.Namespace, settings: Settings) -> int:
    from edu.migrations.runner import upgrade
    from edu.seed import seed_demo

    if not args.demo:
        raise UserError("REQUIRED", "demo", "Only demo data can be seeded: use --demo.")
    database = _database(settings)
    upgrade(database.engine)
    print(seed_demo(database, settings), file=sys.stderr)
    return 0


def cmd_token_create(args: argparse.Namespace, settings: Settings) -> int:
    from edu.auth.service import create_staff_token

    try:
        role = Role(args.role.upper())
    except ValueError:
        raise UserError("INVALID_ROLE", "role", f"Unknown role {args.role!r}; one of "
                        + ", ".join(r.value for r in Role)) from None
    with _database(settings).transaction() as db:
        token = create_staff_token(db, role=role, name=args.name, region_code=args.region,
                                   university_code=args.university)
    print(token)
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from edu.migrations.runner import upgrade

    upgrade(_database(settings).engine)
    print(f"edu on http://{args.host}:{args.port}/graphql (public URL {settings.public_url})",
          file=sys.stderr)
    uvicorn.run("edu.app:create_app", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_level="info", access_log=False)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="edu", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="the database").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="create or migrate the database").set_defaults(
        handler=cmd_db_upgrade)
    from edu.backup.commands import add_commands as add_backup_commands

    add_backup_commands(db)

    seed = sub.add_parser("seed", help="load realistic NTB demo data")
    seed.add_argument("--demo", action="store_true")
    seed.set_defaults(handler=cmd_seed)

    token = sub.add_parser("token", help="API tokens").add_subparsers(dest="token_command",
                                                                       required=True)
    create = token.add_parser("create", help="create a staff member and print their token")
    create.add_argument("--role", required=True, help=", ".join(r.value for r in Role))
    create.add_argument("--name", required=True)
    create.add_argument("--region", help="region code: 52 is all of NTB, 5271 one city")
    create.add_argument("--university", help="university code (coordinators)")
    create.set_defaults(handler=cmd_token_create)

    from scheduler.certificates.commands import add_commands as add_certificate_commands

    add_certificate_commands(sub)

    from edu.evidence.commands import add_commands as add_audit_commands

    add_audit_commands(sub)

    from scheduler.privacy_commands import add_commands as add_privacy_commands

    add_privacy_commands(sub)

    serve = sub.add_parser("serve", help="run the service under uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(handler=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args, load_settings())
    except ConfigError as err:
        print(f"edu: {err}", file=sys.stderr)
        return 2
    except UserError as err:
        for p in err.problems:
            print(f"edu: {p.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

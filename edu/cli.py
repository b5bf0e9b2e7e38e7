"""The `edu` command: database, demo data, tokens and the server."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

import edu.models  # noqa: F401  (every mapper configured before the first query)
from edu import logsafe
from edu.config import ConfigError, Settings, load_settings
from edu.db import Database
from edu.errors import UserError
from edu.private_files import restrict_process

Handler = Callable[[argparse.Namespace, Settings], int]


def _database(settings: Settings) -> Database:
    return Database(settings.database_url)


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from edu.migrations.runner import upgrade

    db = _database(settings)
    upgrade(db.engine)
    _settle(settings, db)
    print(f"database is up to date ({db.dialect})", file=sys.stderr)
    return 0


def _settle(settings: Settings, database: Database, fallback: str | None = None) -> str:
    """What a deployment stores once: its public URL and its first signing key."""
    from edu.certificates.keys import current_key
    from edu.settings.commands import settle_public_url

    current_key(settings.data_dir, settings.secret_key, database)
    return settle_public_url(settings, database, fallback)


def cmd_seed(args: argparse.Namespace, settings: Settings) -> int:
    from edu.migrations.runner import upgrade
    from edu.seed import seed_demo

    if not args.demo:
        raise UserError("REQUIRED", "demo", "Only demo data can be seeded: use --demo.")
    database = _database(settings)
    upgrade(database.engine)
    print(seed_demo(database, settings), file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from edu.migrations.runner import upgrade
    from edu.proxies import proxy_options

    database = _database(settings)
    upgrade(database.engine)
    # Nothing stored and no EDU_PUBLIC_URL: the address this server answers on.
    host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    public_url = _settle(settings, database, f"http://{host}:{args.port}")
    print(f"edu on http://{args.host}:{args.port}/graphql (public URL {public_url})",
          file=sys.stderr)
    trusted = (settings.trusted_proxies if args.forwarded_allow_ips is None
               else args.forwarded_allow_ips)
    uvicorn.run("edu.app:create_app", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_level="info", access_log=False,
                **proxy_options(trusted))
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

    from edu.auth.commands import add_commands as add_token_commands

    add_token_commands(sub)

    from edu.accounts.commands import add_commands as add_user_commands

    add_user_commands(sub)

    from scheduler.certificates.commands import add_commands as add_certificate_commands

    add_certificate_commands(sub)

    from edu.settings.commands import add_commands as add_settings_commands

    add_settings_commands(sub)

    from edu.evidence.commands import add_commands as add_audit_commands

    add_audit_commands(sub)

    from scheduler.privacy_commands import add_commands as add_privacy_commands

    add_privacy_commands(sub)

    serve = sub.add_parser("serve", help="run the service under uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--forwarded-allow-ips", metavar="ADDRESSES",
                       help="proxies trusted to name the client in X-Forwarded-For, comma-"
                            "separated ('' for none; default EDU_TRUSTED_PROXIES or 127.0.0.1)")
    serve.set_defaults(handler=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    restrict_process()
    logsafe.install()
    try:
        if getattr(args, "without_settings", False):  # e.g. offline verification: no data folder
            return int(args.handler(args))
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

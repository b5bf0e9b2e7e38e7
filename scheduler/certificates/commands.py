"""`edu certificates …`: issue a batch with a progress bar, verify a PDF offline, the keys."""

from __future__ import annotations

import argparse
import os
import sys
import urllib.request
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import create_engine, select
from sqlalchemy.exc import SQLAlchemyError
from strawberry.relay import GlobalID

from edu.auth.principal import Principal
from edu.auth.service import authenticate
from edu.auth.tokens import command_line_principal
from edu.certificates import service
from edu.certificates.keys import (
    SigningKey,
    current_key,
    key_set_json,
    rotate,
    trusted_keys,
)
from edu.certificates.models import CertificateBatch
from edu.certificates.signing import (
    InvalidCertificate,
    load_key_set,
    load_public_keys,
    public_key_pem,
    seal_key_id,
)
from edu.config import Settings, normalise_database_url
from edu.db import Database
from edu.errors import UserError
from edu.settings.service import deployment_settings


def _principal(database: Database, token: str | None) -> Principal:
    """The caller: a staff token's owner, or else the operator at the command line, who holds
    the database anyway and acts as an administrator recorded as such in the audit log."""
    if token:
        with database.reader() as db:
            return authenticate(db, token)
    with database.transaction() as db:
        return command_line_principal(db)


def _id(value: str, type_name: str, field: str) -> int:
    """A database id, or a global id as the API shows it."""
    if value.isdigit():
        return int(value)
    try:
        gid = GlobalID.from_id(value)
        if gid.type_name == type_name:
            return int(gid.node_id)
    except (ValueError, TypeError):
        pass
    raise UserError("INVALID_ID", field, f"Not the id of a {type_name}: {value!r}.")


def _bar(batch: CertificateBatch) -> None:
    done = batch.issued + batch.skipped + batch.failed
    steps = batch.total * 2 or 1  # issuing, then rendering
    filled = int(30 * min(done + batch.rendered, steps) / steps)
    print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{batch.total} issued "
          f"({batch.issued} new, {batch.skipped} skipped, {batch.failed} failed), "
          f"{batch.rendered} PDFs", end="", file=sys.stderr, flush=True)


def cmd_issue(args: argparse.Namespace, settings: Settings) -> int:
    from scheduler.certificates.batches import BatchRunner  # reportlab: only when needed

    database = Database(settings.database_url)
    settings = deployment_settings(settings, database)  # the stored public URL, not the shell's
    principal = _principal(database, args.token)
    with database.transaction() as db:
        batch = service.issue_certificates(
            db, principal,
            session_id=_id(args.session, "Session", "sessionId") if args.session else None,
            placement_id=(_id(args.placement, "Placement", "placementId") if args.placement
                          else None))
        batch_id = batch.id
    done = BatchRunner(settings, database, workers=args.workers, progress=_bar).run(batch_id)
    print(file=sys.stderr)
    print(service.batch_download_url(settings.public_url, settings.secret_key, batch_id))
    print(f"batch {batch_id}: {done.issued} issued, {done.skipped} skipped, {done.failed} failed",
          file=sys.stderr)
    return 0


def _read_key_source(source: str) -> bytes:
    """A key file, or a published key set fetched from its URL."""
    try:
        if source.startswith(("https://", "http://")):
            with urllib.request.urlopen(source, timeout=30) as response:  # noqa: S310
                return bytes(response.read(1_000_000))
        return Path(source).read_bytes()
    except OSError as err:
        raise UserError("NOT_FOUND", "key", f"Cannot read the key {source}: {err}.") from None


def _local_deployment_keys() -> list[Ed25519PublicKey]:
    """The keys of the deployment configured here, read without creating anything: none when
    there is no database yet (a verifier elsewhere, outside any project folder)."""
    url = os.environ.get("EDU_DATABASE_URL")
    if not url:
        path = Path(os.environ.get("EDU_DATA_DIR", "data")).resolve() / "edu.sqlite3"
        if not path.is_file():
            return []
        url = f"sqlite:///file:{path}?mode=ro&uri=true"
    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as conn:
            pems = conn.scalars(select(SigningKey.public_pem)).all()
    except SQLAlchemyError:
        return []
    finally:
        engine.dispose()
    return [k for pem in pems for k in load_public_keys(pem.encode())]


def cmd_verify(args: argparse.Namespace) -> int:
    """Offline: needs no data folder, writes nothing, reads no setting that would create one."""
    from edu.certificates.verify import describe, verify_pdf

    try:
        pdf = Path(args.file).read_bytes()
    except OSError as err:
        raise UserError("NOT_FOUND", "file", f"Cannot read {args.file}: {err.strerror}.") from None
    if args.key:
        try:
            keys = load_key_set(_read_key_source(args.key))
        except ValueError as err:
            raise UserError("INVALID_KEY", "key", f"{args.key}: {err}.") from None
    else:
        keys = _local_deployment_keys()
    try:
        if not keys:
            raise UserError("KEY_REQUIRED", "key", (
                f"No key to check this certificate against (its seal names key "
                f"{seal_key_id(pdf)}): pass --key with the issuer's key set, a file or URL such "
                f"as https://ISSUER/.well-known/edu-certificates.keys."))
        check = verify_pdf(pdf, keys)
    except InvalidCertificate as err:
        print(f"NOT VALID: {err}", file=sys.stderr)
        return 1
    print(f"VALID: signed by key {check.key_id}; not a byte changed since it was issued.")
    for label, value in describe(check.content):
        print(f"  {label}: {value}")
    print("Revocation is checked online: open the verification URL above.")
    return 0


def cmd_key(args: argparse.Namespace, settings: Settings) -> int:
    key = current_key(settings.data_dir, settings.secret_key, Database(settings.database_url))
    sys.stdout.write(public_key_pem(key.private_key.public_key()).decode())
    return 0


def cmd_key_list(args: argparse.Namespace, settings: Settings) -> int:
    database = Database(settings.database_url)
    current = current_key(settings.data_dir, settings.secret_key, database).key_id
    with database.reader() as db:
        records = trusted_keys(db)
    if args.json:
        sys.stdout.write(key_set_json(records).decode() + "\n")
        return 0
    for r in records:
        here = (settings.data_dir / "keys" / f"{r.key_id}.pem").exists()
        state = "signs" if r.key_id == current else (
            f"retired {r.retired_at:%Y-%m-%d}" if r.retired_at else "trusted")
        print(f"{r.key_id}  created {r.created_at:%Y-%m-%d}  {state:<18}  "
              f"private key {'in ' + str(settings.data_dir / 'keys') if here else 'elsewhere'}")
    return 0


def cmd_key_rotate(args: argparse.Namespace, settings: Settings) -> int:
    record = rotate(settings.data_dir, Database(settings.database_url))
    print(record.key_id)
    print(f"new certificates are signed with key {record.key_id}; older keys still verify. "
          f"Back up {settings.data_dir / 'keys'}.", file=sys.stderr)
    return 0


def cmd_office(args: argparse.Namespace, settings: Settings) -> int:
    database = Database(settings.database_url)
    principal = _principal(database, args.token)
    changes = {name: getattr(args, name) for name in service.OFFICE_FIELDS}
    with database.transaction() as db:
        service.configure_office(db, principal, region_code=args.region, changes=changes)
        style = service.office_style(db, args.region)
    for name in ("office_name", "number_template", "signer_name", "signer_title", "place",
                 "accent", "background_path", "logo_path"):
        print(f"{name}: {getattr(style, name) or '-'}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `certificates issue | verify | key` to the `edu` command."""
    certs = sub.add_parser("certificates", help="certificate batches and offline verification")
    commands = certs.add_subparsers(dest="certificates_command", required=True)
    issue = commands.add_parser("issue", help="issue a batch now, with a progress bar")
    which = issue.add_mutually_exclusive_group(required=True)
    which.add_argument("--session", help="session id (number or global id)")
    which.add_argument("--placement", help="placement id (number or global id)")
    issue.add_argument("--token", help="act as this staff member (default: as the operator)")
    issue.add_argument("--workers", type=int, help="rendering processes (default: one per CPU)")
    issue.set_defaults(handler=cmd_issue)
    verify = commands.add_parser("verify", help="check a certificate PDF offline")
    verify.add_argument("file")
    verify.add_argument("--key", help="the issuer's key set: a file or URL as published at "
                                      "/.well-known/edu-certificates.keys (JSON) or .pub (PEM); "
                                      "default: the keys of the deployment configured here")
    verify.set_defaults(handler=cmd_verify, without_settings=True)
    key = commands.add_parser("key", help="the keys that sign and verify certificates (without "
                                          "a subcommand: print the current public key, PEM)")
    key.set_defaults(handler=cmd_key)
    key_commands = key.add_subparsers(dest="key_command")
    listing = key_commands.add_parser("list", help="every trusted key, and which one signs")
    listing.add_argument("--json", action="store_true", help="the published key set (JSON)")
    listing.set_defaults(handler=cmd_key_list)
    key_commands.add_parser("rotate", help="sign with a new key from now on").set_defaults(
        handler=cmd_key_rotate)
    office = commands.add_parser("office", help="show or set an office's certificate settings")
    office.add_argument("region", help="the office's region code, e.g. 5271")
    office.add_argument("--number-template", help="e.g. {seq:03d}/PP.08.1-Pu/{unit}/{level}/"
                                                  "{month}/{year}")
    office.add_argument("--signer-name")
    office.add_argument("--signer-title", help="default: Ketua <office name>")
    office.add_argument("--place", help="where it is signed; default: the region's name")
    office.add_argument("--accent", help="frame and heading colour, e.g. #7A1F1F")
    office.add_argument("--background-path", help="a full-page PNG/JPEG instead of the frame")
    office.add_argument("--logo-path", help="a PNG/JPEG logo instead of the emblem")
    office.add_argument("--token", help="act as this staff member (default: as the operator)")
    office.set_defaults(handler=cmd_office)

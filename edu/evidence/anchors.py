"""Anchors: the chain head, signed, kept outside the system (and a copy in the data folder,
so evidence packs can carry them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from edu.audit import GENESIS, AuditChainHead
from edu.config import Settings
from edu.db import Database, utcnow
from edu.errors import UserError
from edu.evidence.chain import Anchor
from edu.evidence.signing import sign, signature_holds

KIND = "edu.audit.anchor.v1"


def anchors_dir(settings: Settings) -> Path:
    return settings.data_dir / "audit-anchors"


def _message(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def make_anchor(db: Session, settings: Settings, database: Database) -> dict[str, Any]:
    """The current chain head as a signed anchor, also kept in the data folder."""
    head = db.get(AuditChainHead, 1)
    body: dict[str, Any] = {"kind": KIND, "seq": head.seq if head else 0,
                            "hash": head.hash if head else GENESIS,
                            "at": utcnow().isoformat(timespec="seconds")}
    body["key_id"], body["signature"] = sign(settings, database, _message(body))
    folder = anchors_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"anchor-{body['seq']:09d}.json").write_text(json.dumps(body, indent=2) + "\n")
    return body


def read_anchor(settings: Settings, database: Database, path: Path) -> Anchor:
    """An anchor file, checked against this deployment's key."""
    try:
        body = json.loads(path.read_text())
        signed = {k: body[k] for k in ("kind", "seq", "hash", "at")}
        kid, signature = body["key_id"], body["signature"]
    except (OSError, ValueError, KeyError, TypeError):
        raise UserError("INVALID_ANCHOR", "anchor", f"{path} is not an anchor file.") from None
    if signed["kind"] != KIND or not signature_holds(database, _message(signed), kid, signature):
        raise UserError("INVALID_ANCHOR", "anchor",
                        f"{path} is not signed with this deployment's key.")
    return Anchor(int(signed["seq"]), str(signed["hash"]), f"{path.name} ({signed['at']})")

"""The deployment's public URL, stored once in the database and used by every process.

A certificate seals its verification URL and a feed its links: a command run from a shell that
lacks (or has another) EDU_PUBLIC_URL must still print the deployment's own. `edu db upgrade`
and `edu serve` store EDU_PUBLIC_URL (or the default) when nothing is stored yet; afterwards only
`edu settings public-url URL` changes it, and an environment that disagrees is reported.
"""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from edu import audit
from edu.config import Settings
from edu.db import Database, utcnow
from edu.errors import UserError
from edu.settings.models import DeploymentSetting

log = logging.getLogger(__name__)
PUBLIC_URL = "public_url"
ENV_PUBLIC_URL = "EDU_PUBLIC_URL"


def valid_public_url(url: str) -> str:
    """An absolute http(s) URL without query or fragment, without a trailing slash."""
    value = url.strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or \
            parts.fragment or len(value) > 200:
        raise UserError("INVALID_URL", "publicUrl",
                        f"Not a public URL: {url!r}; give an http(s) address such as "
                        "https://edu.kpu-ntb.go.id (no query, at most 200 characters).")
    return value


def stored_public_url(db: Session) -> str | None:
    row = db.get(DeploymentSetting, PUBLIC_URL)
    return row.value if row else None


def set_public_url(db: Session, url: str) -> str:
    """Store the public URL (audited); returns it as stored."""
    value = valid_public_url(url)
    row = db.get(DeploymentSetting, PUBLIC_URL)
    before = {"value": row.value} if row else None
    if row is None:
        row = DeploymentSetting(name=PUBLIC_URL, value=value)
        db.add(row)
    row.value, row.updated_at = value, utcnow()
    db.flush()
    audit.record(db, None, "deployment.public_url.set", row, before=before,
                 after={"value": value})
    return value


def adopt_public_url(database: Database, candidate: str) -> str:
    """The stored public URL; the candidate becomes it when none is stored yet."""
    with database.transaction() as db:
        return stored_public_url(db) or set_public_url(db, candidate)


def env_mismatch(stored: str) -> str | None:
    """A sentence for an operator whose EDU_PUBLIC_URL differs from the stored URL."""
    env = os.environ.get(ENV_PUBLIC_URL, "").strip().rstrip("/")
    if not env or env == stored:
        return None
    return (f"{ENV_PUBLIC_URL}={env} differs from this deployment's public URL {stored}; "
            f"using {stored} (change it with `edu settings public-url URL`).")


def deployment_settings(settings: Settings, database: Database) -> Settings:
    """The settings with the deployment's stored public URL (the process's own when nothing
    is stored, as in a database no command has set up)."""
    with database.reader() as db:
        stored = stored_public_url(db)
    if stored is None:
        return settings
    if warning := env_mismatch(stored):
        log.warning("%s", warning)
    return replace(settings, public_url=stored)

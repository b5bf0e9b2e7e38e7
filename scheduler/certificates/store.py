"""Where certificate PDFs live, and getting one: from disk, or rendered again identically.

Rendering is deterministic, so a missing file (another machine, a cleaned folder, a
re-issued certificate) is simply rendered again and checked against the hash on record.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from edu.certificates.keys import current_key
from edu.certificates.models import Certificate
from edu.certificates.service import OfficeStyle, certificate_content
from edu.config import Settings
from edu.db import Database
from scheduler.certificates.parallel import write_atomically
from scheduler.certificates.render import CertificateRenderer, Template


def pdf_path(data_dir: Path, cert: Certificate) -> Path:
    """Files are named by the hash of what they say, never by row id: a reused id (a restored
    or reset database) can then never serve someone else's certificate."""
    return data_dir / "certificates" / cert.content_hash[:2] / f"{cert.content_hash}.pdf"


def template_for(style: OfficeStyle) -> Template:
    """The office's look, from its certificate settings."""
    return Template(
        accent=style.accent or Template.accent,
        background=Path(style.background_path) if style.background_path else None,
        logo=Path(style.logo_path) if style.logo_path else None,
    )


@lru_cache(maxsize=16)
def _renderer(template: Template) -> CertificateRenderer:
    return CertificateRenderer(template)


def certificate_pdf(cert: Certificate, style: OfficeStyle, settings: Settings,
                    database: Database) -> bytes:
    """The certificate's sealed PDF: the stored file if intact, else rendered (and stored)."""
    path = pdf_path(settings.data_dir, cert)
    if path.exists():
        data = path.read_bytes()
        if cert.pdf_sha256 is None or hashlib.sha256(data).hexdigest() == cert.pdf_sha256:
            return data
    content = certificate_content(cert, settings.secret_key, settings.public_url)
    key = current_key(settings.data_dir, settings.secret_key, database).private_key
    data = _renderer(template_for(style)).render(content, key)
    write_atomically(path, data)
    return data

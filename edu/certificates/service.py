"""Issuing, numbering, revoking, re-issuing and verifying certificates.

The rules that make certificates trustworthy live here and in the database:
- nobody holds two certificates for one subject (a unique constraint; a batch skips them);
- numbers are gap-free per office and year: a chunk locks its office's sequence row, takes
  exactly as many numbers as it inserts certificates, and commits both together;
- a batch records its cursor in the same transaction as each chunk, so a crash loses nothing
  and a restart issues nobody twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from edu.audit import record, snapshot
from edu.auth.principal import Principal
from edu.certificates.content import ROMAN_MONTHS, CertificateContent, nfc
from edu.certificates.models import (
    DEFAULT_NUMBER_TEMPLATE,
    BatchStatus,
    Certificate,
    CertificateBatch,
    CertificateKind,
    CertificateLookup,
    CertificateOffice,
    CertificateSequence,
    CertificateStatus,
)
from edu.certificates.revocation import AUDITED, revoke
from edu.certificates.subjects import KINDS, Subject
from edu.db import changed_rows, utcnow
from edu.errors import AuthError, Forbidden, NotFound, Problem, Unauthenticated, UserError
from edu.internships.models import Internship
from edu.internships.service import visible_internships
from edu.notifications import outbox, webhooks
from edu.notifications.models import NoticeKind
from edu.offices.models import Office, Region
from edu.secrets import derive_code, hash_secret
from edu.validation import NAME_LEN, URL_LEN, text

CODE_LENGTH = 26  # base32: 130 bits
LOOKUP_LIMIT = 30  # verification lookups per client per window
LOOKUP_WINDOW = timedelta(minutes=1)


# --- codes and URLs ---------------------------------------------------------------------


def verification_code(key: bytes, certificate_id: int) -> str:
    """The certificate's public code: derived, so only its hash needs storing."""
    return derive_code(key, "certificate", certificate_id, length=CODE_LENGTH)


def normal_code(code: str) -> str:
    """Codes are case-insensitive (QR codes carry them upper-case); blanks are ignored."""
    return "".join(code.split()).upper()


def verification_url(public_url: str, code: str) -> str:
    return f"{public_url}/verify/{code}"


def download_url(public_url: str, code: str) -> str:
    return f"{public_url}/certificates/{code}.pdf"


def batch_download_key(key: bytes, batch_id: int) -> str:
    """The secret in a batch's ZIP URL: the URL is handed only to those who may download."""
    return derive_code(key, "certificate-batch-zip", batch_id, length=32)


def batch_download_url(public_url: str, key: bytes, batch_id: int) -> str:
    download_key = batch_download_key(key, batch_id)
    return f"{public_url}/certificates/batches/{batch_id}.zip?key={download_key}"


# --- offices and numbers ----------------------------------------------------------------


@dataclass(frozen=True)
class OfficeStyle:
    """What an office prints on its certificates and how it numbers them."""

    office_name: str
    division_name: str
    timezone: str
    level_code: str
    number_template: str
    signer_name: str
    signer_title: str
    place: str
    accent: str | None = None
    background_path: str | None = None
    logo_path: str | None = None


def office_style(db: Session, region_code: str) -> OfficeStyle:
    """The office's certificate settings, with defaults for what it has not configured."""
    office = db.get(Office, region_code)
    region = db.get(Region, region_code)
    if office is None or region is None:
        raise UserError("UNKNOWN_REGION", "regionCode", f"No office for region {region_code!r}.")
    conf = db.get(CertificateOffice, region_code)
    return OfficeStyle(
        office_name=office.name,
        division_name=office.division_name,
        timezone=office.timezone,
        level_code=office.level_code,
        number_template=conf.number_template if conf else DEFAULT_NUMBER_TEMPLATE,
        signer_name=conf.signer_name if conf else "",
        signer_title=(conf.signer_title if conf and conf.signer_title else f"Ketua {office.name}"),
        place=(conf.place if conf and conf.place else region.name.removeprefix("Kota ")),
        accent=conf.accent if conf else None,
        background_path=conf.background_path if conf else None,
        logo_path=conf.logo_path if conf else None,
    )


def format_number(template: str, *, seq: int, region_code: str, level_code: str,
                  day: date) -> str:
    """`027/PP.08.1-Pu/5271/KPU-Kot/XII/2026` from the office's template."""
    return template.format(seq=seq, unit=region_code, level=level_code,
                           month=ROMAN_MONTHS[day.month - 1], year=day.year)


def check_number_template(template: str) -> list[Problem]:
    """Problems with a template an admin wants to use (unknown placeholders, no {seq})."""
    try:
        sample = format_number(template, seq=1, region_code="52", level_code="KPU-Prov",
                               day=date(2026, 1, 1))
    except (KeyError, IndexError, ValueError) as exc:
        return [Problem("INVALID", "numberTemplate", f"Unknown or malformed placeholder: {exc}.")]
    if "{seq" not in template or len(sample) > 60:
        return [Problem("INVALID", "numberTemplate", "The template needs {seq} and a short form.")]
    return []


def _lock_sequence(db: Session, region_code: str, year: int) -> CertificateSequence:
    """The office-year sequence row, created if missing, locked until the transaction ends
    (FOR UPDATE on PostgreSQL; on SQLite the write transaction already holds the lock)."""
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    db.execute(
        insert(CertificateSequence)
        .values(region_code=region_code, year=year, last_value=0)
        .on_conflict_do_nothing()
    )
    return db.scalars(
        select(CertificateSequence)
        .where(CertificateSequence.region_code == region_code, CertificateSequence.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def local_today(style: OfficeStyle, now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(ZoneInfo(style.timezone)).date()


# --- content ----------------------------------------------------------------------------


def _printed(subject: Subject, style: OfficeStyle) -> dict[str, str]:
    return {
        "role_line": subject.role_line, "subject_date": subject.date_text, "place": style.place,
        "office_name": style.office_name, "division_name": style.division_name,
        "signer_name": style.signer_name, "signer_title": style.signer_title,
    }


def certificate_content(cert: Certificate, key: bytes, public_url: str) -> CertificateContent:
    """Everything printed on a certificate, with its code derived again from the key."""
    code = verification_code(key, cert.id)
    return CertificateContent(
        number=cert.number, kind=cert.kind.value, recipient_name=cert.recipient_name,
        subject_title=cert.subject_title, issued_on=cert.issued_on,
        verification_url=verification_url(public_url, code), code=code, **cert.printed,
    )


def _new_certificate(db: Session, *, subject: Subject, style: OfficeStyle, recipient_id: int,
                     name: str, seq: int, day: date, key: bytes, public_url: str,
                     batch_id: int | None = None, generation: int = 0) -> Certificate:
    cert = Certificate(
        batch_id=batch_id, kind=subject.kind, subject_id=subject.id, recipient_id=recipient_id,
        generation=generation, region_code=subject.region_code, year=day.year, sequence=seq,
        number=format_number(style.number_template, seq=seq, region_code=subject.region_code,
                             level_code=style.level_code, day=day),
        recipient_name=nfc(name), subject_title=nfc(subject.title), issued_on=day,
        printed=_printed(subject, style), code_hash="", content_hash="",
    )
    db.add(cert)
    db.flush()  # the id, from which the code is derived
    cert.code_hash = hash_secret(verification_code(key, cert.id))
    cert.content_hash = certificate_content(cert, key, public_url).content_hash()
    webhooks.emit(db, "certificate.issued", {"certificate_id": cert.id})
    if subject.kind is CertificateKind.SESSION:  # the recipient is a participant
        outbox.enqueue(db, NoticeKind.CERTIFICATE_READY, participant_id=recipient_id,
                       session_id=subject.id, details={"certificate_id": cert.id})
    else:  # the recipient is an internship: its student
        intern = db.get(Internship, recipient_id)
        if intern is not None:
            outbox.to_intern(db, NoticeKind.INTERN_CERTIFICATE_READY, intern,
                             certificate_id=cert.id)
    return cert


# --- batches ----------------------------------------------------------------------------


def issue_certificates(db: Session, principal: Principal, *, session_id: int | None = None,
                       placement_id: int | None = None) -> CertificateBatch:
    """Queue a batch for a session or a placement; it runs in the background."""
    if (session_id is None) == (placement_id is None):
        raise UserError("INVALID", "sessionId", "Give either sessionId or placementId.")
    kind = KINDS[CertificateKind.SESSION if session_id is not None else CertificateKind.INTERNSHIP]
    subject_id = session_id if session_id is not None else placement_id
    assert subject_id is not None
    subject = kind.managed(db, principal, subject_id)
    if subject.blocked is not None:
        raise UserError(subject.blocked.code, subject.blocked.field, subject.blocked.message)
    total = db.scalar(select(func.count()).select_from(kind.eligible(subject.id).subquery()))
    if not total:
        raise UserError("NOTHING_TO_ISSUE", kind.field,
                        "Nobody is eligible yet: attendance (PRESENT or LATE) or completed "
                        "internships come first.")
    batch = CertificateBatch(kind=subject.kind, subject_id=subject.id,
                             region_code=subject.region_code, total=total,
                             created_by_id=principal.staff_id)
    db.add(batch)
    db.flush()
    record(db, principal, "certificate_batch.create", batch,
           after=snapshot(batch, "kind", "subject_id", "region_code", "total"))
    return batch


def claim_batch(db: Session, *, lease: timedelta, batch_id: int | None = None,
                now: datetime | None = None) -> CertificateBatch | None:
    """Take a queued batch, or a running one whose worker stopped renewing its lease."""
    now = now or utcnow()
    stmt = select(CertificateBatch).where(
        CertificateBatch.status.in_([BatchStatus.QUEUED, BatchStatus.RUNNING]),
        (CertificateBatch.lease_until.is_(None)) | (CertificateBatch.lease_until < now),
    )
    if batch_id is not None:
        stmt = stmt.where(CertificateBatch.id == batch_id)
    batch = db.scalar(stmt.order_by(CertificateBatch.id).limit(1)
                      .with_for_update(skip_locked=True))
    if batch is None:
        return None
    batch.status = BatchStatus.RUNNING
    batch.lease_until = now + lease
    batch.started_at = batch.started_at or now
    return batch


def renew_lease(db: Session, batch_id: int, lease: timedelta) -> None:
    """Mark the batch RUNNING by this worker for `lease` more (a runner renews every step)."""
    now = utcnow()
    db.execute(update(CertificateBatch).where(CertificateBatch.id == batch_id).values(
        status=BatchStatus.RUNNING, lease_until=now + lease,
        started_at=func.coalesce(CertificateBatch.started_at, now)))


def issue_next_chunk(db: Session, batch_id: int, *, key: bytes, public_url: str,
                     limit: int = 200, now: datetime | None = None) -> bool:
    """Issue for the next `limit` eligible recipients of a batch; False once none are left.

    One transaction: lock the office's number sequence, skip who already holds a certificate
    for the subject, number and insert the rest, move the batch's cursor and counters.
    """
    # Lock the batch first: two runners of one batch (a slow one and its successor after the
    # lease ran out) take turns, and each sees the other's cursor.
    batch = db.scalar(select(CertificateBatch).where(CertificateBatch.id == batch_id)
                      .with_for_update().execution_options(populate_existing=True))
    if batch is None:
        raise NotFound("id", "certificate batch")
    kind = KINDS[batch.kind]
    subject = kind.load(db, batch.subject_id)
    if subject.blocked is not None:  # checked when queued; the subject may have changed since
        raise UserError(subject.blocked.code, subject.blocked.field, subject.blocked.message)
    style = office_style(db, batch.region_code)
    day = local_today(style, now)
    sequence = _lock_sequence(db, batch.region_code, day.year)
    # Read after the lock: a concurrent batch for the same subject has committed by now.
    rows = db.execute(kind.eligible(subject.id).where(
        kind.eligible(subject.id).selected_columns[0] > batch.cursor).limit(limit)).all()
    if not rows:
        return False
    ids = [r[0] for r in rows]
    holders = set(db.scalars(select(Certificate.recipient_id).where(
        Certificate.kind == batch.kind, Certificate.subject_id == subject.id,
        Certificate.recipient_id.in_(ids))))
    issued = failed = 0
    for recipient_id, name in rows:
        if recipient_id in holders:
            continue
        if not nfc(name or ""):
            failed += 1  # nothing to print; a later batch retries once the name is fixed
            continue
        sequence.last_value += 1
        issued += 1
        _new_certificate(db, subject=subject, style=style, recipient_id=recipient_id, name=name,
                         seq=sequence.last_value, day=day, key=key, public_url=public_url,
                         batch_id=batch.id)
    batch.cursor = ids[-1]
    batch.issued += issued
    batch.failed += failed
    batch.skipped += len(rows) - issued - failed
    return len(rows) == limit


def certificates_to_render(db: Session, batch_id: int, *, after_id: int = 0,
                           limit: int = 200) -> list[Certificate]:
    """The batch's certificates whose PDF is not made yet, in id order."""
    return list(db.scalars(
        select(Certificate)
        .where(Certificate.batch_id == batch_id, Certificate.pdf_sha256.is_(None),
               Certificate.id > after_id)
        .order_by(Certificate.id).limit(limit)
    ))


def record_rendered(db: Session, batch_id: int, hashes: dict[int, str]) -> None:
    """Store the PDFs' hashes (shown on the verification page) and count them."""
    fresh = 0
    for cert_id, sha in hashes.items():
        # Only the first to record a PDF counts it (another runner may have done it already).
        fresh += changed_rows(db, update(Certificate).where(
            Certificate.id == cert_id, Certificate.pdf_sha256.is_(None)).values(
            pdf_sha256=sha))
    db.execute(update(CertificateBatch).where(CertificateBatch.id == batch_id)
               .values(rendered=CertificateBatch.rendered + fresh))


def finish_batch(db: Session, batch_id: int, *, error: str | None = None) -> CertificateBatch:
    """Close a batch: COMPLETED, or FAILED with the error that stopped it."""
    batch = db.get(CertificateBatch, batch_id, populate_existing=True)
    if batch is None:
        raise NotFound("id", "certificate batch")
    batch.status = BatchStatus.FAILED if error else BatchStatus.COMPLETED
    batch.error = error
    batch.total = max(batch.total, batch.issued + batch.skipped + batch.failed)
    batch.lease_until = None
    batch.finished_at = utcnow()
    return batch


def _require_any_staff(principal: Principal) -> None:
    if principal.is_anonymous:
        raise Unauthenticated()
    if not principal.is_staff:
        raise Forbidden()


def manageable_subject(db: Session, principal: Principal, kind: CertificateKind,
                       subject_id: int, *, field: str = "id", what: str = "record") -> Subject:
    """The subject if the principal may issue and revoke for it; else it looks missing."""
    _require_any_staff(principal)
    try:
        return KINDS[kind].managed(db, principal, subject_id)
    except (AuthError, NotFound):
        raise NotFound(field, what) from None


def get_batch(db: Session, principal: Principal, batch_id: int, *,
              field: str = "id") -> CertificateBatch:
    """A batch the principal may manage; others' look missing."""
    _require_any_staff(principal)
    batch = db.get(CertificateBatch, batch_id)
    if batch is None:
        raise NotFound(field, "certificate batch")
    manageable_subject(db, principal, batch.kind, batch.subject_id, field=field,
                       what="certificate batch")
    return batch


def batch_certificates(db: Session, batch_id: int, offset: int,
                       limit: int) -> tuple[int, list[Certificate]]:
    total = db.scalar(select(func.count()).where(Certificate.batch_id == batch_id)) or 0
    rows = db.scalars(select(Certificate).where(Certificate.batch_id == batch_id)
                      .order_by(Certificate.id).offset(offset).limit(limit))
    return total, list(rows)


def valid_batch_certificates_after(db: Session, batch_id: int, after_id: int,
                                   limit: int) -> list[Certificate]:
    """The next page of a batch's still valid certificates in id order (keyset paging, for
    the ZIP: a revoked or replaced certificate is no longer handed out)."""
    return list(db.scalars(select(Certificate).where(
        Certificate.batch_id == batch_id, Certificate.id > after_id,
        Certificate.status == CertificateStatus.VALID)
        .order_by(Certificate.id).limit(limit)))


# --- single certificates: revoke, re-issue, look up --------------------------------------

def get_managed_certificate(db: Session, principal: Principal, certificate_id: int, *,
                            field: str = "id", for_update: bool = False) -> Certificate:
    """A certificate the principal may revoke or re-issue; others' look missing."""
    _require_any_staff(principal)
    stmt = select(Certificate).where(Certificate.id == certificate_id)
    if for_update:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    cert = db.scalar(stmt)
    if cert is None:
        raise NotFound(field, "certificate")
    manageable_subject(db, principal, cert.kind, cert.subject_id, field=field, what="certificate")
    return cert


def _reason(reason: str | None) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise UserError("REQUIRED", "reason", "Say why the certificate is revoked.")
    if len(reason) > 500:
        raise UserError("TOO_LONG", "reason", "Keep the reason under 500 characters.")
    return reason


def revoke_certificate(db: Session, principal: Principal, *, certificate_id: int,
                       reason: str | None) -> Certificate:
    """Revoke a valid certificate with a reason; verification answers `valid: false` after."""
    cert = get_managed_certificate(db, principal, certificate_id, for_update=True)
    reason = _reason(reason)
    if cert.status is not CertificateStatus.VALID:
        raise UserError("ALREADY_REVOKED", "id", "This certificate is already revoked.")
    revoke(db, principal, cert, reason)
    return cert


def reissue_certificate(db: Session, principal: Principal, key: bytes, public_url: str, *,
                        certificate_id: int, reason: str | None,
                        recipient_name: str | None = None) -> Certificate:
    """Replace a certificate after a correction: the old one is revoked (REPLACED) and points
    to a new one with a new number and code, the recipient's name as now recorded (or as
    given), for the same subject."""
    old = get_managed_certificate(db, principal, certificate_id, for_update=True)
    reason = _reason(reason)
    if old.status is CertificateStatus.REPLACED:
        raise UserError("ALREADY_REPLACED", "id", "This certificate was already re-issued.")
    if old.status is not CertificateStatus.VALID:
        raise UserError("REVOKED", "id", "A revoked certificate is not re-issued.")
    kind = KINDS[old.kind]
    subject = kind.load(db, old.subject_id)
    if subject.blocked is not None:
        raise UserError(subject.blocked.code, "id", subject.blocked.message)
    # The holder must still be eligible: attendance corrected to ABSENT, a registration
    # cancelled or an internship no longer COMPLETED gives no new certificate.
    row = db.execute(kind.eligible(subject.id).where(
        kind.eligible(subject.id).selected_columns[0] == old.recipient_id)).first()
    if row is None:
        raise UserError("NOT_ELIGIBLE", "id", "The holder is no longer eligible for this "
                                              "certificate; revoke it instead.")
    name = row[1] if recipient_name is None else recipient_name
    if not nfc(name):
        raise UserError("REQUIRED", "recipientName", "The certificate needs a name.")
    if len(nfc(name)) > NAME_LEN:
        raise UserError("TOO_LONG", "recipientName", f"At most {NAME_LEN} characters.")
    style = office_style(db, old.region_code)
    day = local_today(style)
    sequence = _lock_sequence(db, old.region_code, day.year)
    sequence.last_value += 1
    new = _new_certificate(db, subject=subject, style=style, recipient_id=old.recipient_id,
                           name=name, seq=sequence.last_value, day=day, key=key,
                           public_url=public_url, generation=old.generation + 1)
    new.replaces_id = old.id
    before = snapshot(old, *AUDITED)
    old.status = CertificateStatus.REPLACED
    old.revoked_at = old.revoked_at or utcnow()
    old.revocation_reason = reason
    old.revoked_by_id = principal.staff_id
    old.replaced_by_id = new.id
    record(db, principal, "certificate.reissue", old, before=before,
           after=snapshot(old, *AUDITED))
    return new


def find_by_code(db: Session, code: str) -> Certificate | None:
    """The certificate with this verification code (any case), or None."""
    return db.scalar(select(Certificate).where(
        Certificate.code_hash == hash_secret(normal_code(code))))


class TooManyLookups(Exception):
    """The client looked up too many codes in the last minute."""


def check_lookup_rate(db: Session, client: str, now: datetime | None = None) -> None:
    """Refuse a client that used up its lookups (TooManyLookups). Only reads: callers check
    in a read session first, so a refused client costs no write transaction."""
    now = now or utcnow()
    recent = db.scalar(select(func.count()).where(
        CertificateLookup.client_hash == _client_hash(client),
        CertificateLookup.at > now - LOOKUP_WINDOW)) or 0
    if recent >= LOOKUP_LIMIT:
        raise TooManyLookups()


def _client_hash(client: str) -> str:
    return hash_secret(f"certificate-lookup\x1f{client}")


def lookup(db: Session, code: str, *, channel: str, client: str,
           now: datetime | None = None) -> Certificate | None:
    """Verify a code for the public: rate-limited per client, and logged whatever it finds."""
    now = now or utcnow()
    check_lookup_rate(db, client, now)  # again in the write: concurrent lookups counted
    client_hash = _client_hash(client)
    cert = find_by_code(db, code)
    db.add(CertificateLookup(at=now, channel=channel, client_hash=client_hash,
                             code_hash=hash_secret(normal_code(code)),
                             certificate_id=cert.id if cert else None,
                             result=cert.status.value if cert else "UNKNOWN"))
    return cert


def certificates_of_participants(db: Session,
                                 participant_ids: list[int]) -> dict[int, list[Certificate]]:
    """Each participant's session certificates (current ones: valid or revoked, not replaced)."""
    found: dict[int, list[Certificate]] = {pid: [] for pid in participant_ids}
    for cert in db.scalars(select(Certificate).where(
            Certificate.kind == CertificateKind.SESSION,
            Certificate.recipient_id.in_(participant_ids),
            Certificate.status != CertificateStatus.REPLACED).order_by(Certificate.id)):
        found[cert.recipient_id].append(cert)
    return found


def certificates_of_internships(db: Session,
                                internship_ids: list[int]) -> dict[int, Certificate | None]:
    """Each internship's current certificate, if it has one."""
    found: dict[int, Certificate | None] = {iid: None for iid in internship_ids}
    for cert in db.scalars(select(Certificate).where(
            Certificate.kind == CertificateKind.INTERNSHIP,
            Certificate.recipient_id.in_(internship_ids),
            Certificate.status != CertificateStatus.REPLACED).order_by(Certificate.id)):
        found[cert.recipient_id] = cert
    return found


@dataclass(frozen=True)
class HeldCertificate:
    """A certificate with the code its PDF and its check are found by."""

    certificate: Certificate
    code: str


def internship_certificates_seen(db: Session, principal: Principal, key: bytes,
                                 internship_ids: list[int]) -> dict[int, HeldCertificate]:
    """The current certificates of those internships the principal sees (a coordinator their
    university's, an officer their region's), with their codes: one query."""
    seen = visible_internships(principal).where(Internship.id.in_(internship_ids))
    found: dict[int, HeldCertificate] = {}
    for cert in db.scalars(select(Certificate).where(
            Certificate.kind == CertificateKind.INTERNSHIP,
            Certificate.recipient_id.in_(seen.with_only_columns(Internship.id)),
            Certificate.status != CertificateStatus.REPLACED).order_by(Certificate.id)):
        found[cert.recipient_id] = HeldCertificate(cert, verification_code(key, cert.id))
    return found


# --- office settings ----------------------------------------------------------------------

OFFICE_FIELDS = ("number_template", "signer_name", "signer_title", "place", "accent",
                 "background_path", "logo_path")
_HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def configure_office(db: Session, principal: Principal, *, region_code: str,
                     changes: dict[str, str | None]) -> CertificateOffice:
    """Set an office's certificate settings (admins only); every bad field is reported."""
    principal.require_staff()
    office_style(db, region_code)  # a known office, else UNKNOWN_REGION
    unknown = set(changes) - set(OFFICE_FIELDS)
    if unknown:
        raise UserError("INVALID", sorted(unknown)[0], "Not a certificate setting.")
    problems: list[Problem] = []
    for name, field, limit in (("number_template", "numberTemplate", 120),
                               ("signer_name", "signerName", NAME_LEN),
                               ("signer_title", "signerTitle", NAME_LEN),
                               ("place", "place", 80),
                               ("background_path", "backgroundPath", URL_LEN),
                               ("logo_path", "logoPath", URL_LEN)):
        problems += text(changes.get(name), field, required=False, max_len=limit)
    if problems:  # a path too long for the file system would fail the checks below
        raise UserError.many(problems)
    if changes.get("number_template") is not None:
        problems += check_number_template(changes["number_template"] or "")
    if changes.get("accent") and not _HEX_COLOUR.match(changes["accent"] or ""):
        problems.append(Problem("INVALID", "accent", "A colour such as #7A1F1F."))
    for name, field in (("background_path", "backgroundPath"), ("logo_path", "logoPath")):
        path = changes.get(name)
        if path and not (Path(path).is_file() and path.lower().endswith((".png", ".jpg", ".jpeg"))):
            problems.append(Problem("INVALID", field, "A PNG or JPEG file on the server."))
    if problems:
        raise UserError.many(problems)
    conf = db.get(CertificateOffice, region_code)
    if conf is None:
        conf = CertificateOffice(region_code=region_code,
                                 number_template=DEFAULT_NUMBER_TEMPLATE, signer_name="")
        db.add(conf)
    before = snapshot(conf, *OFFICE_FIELDS)
    for name, value in changes.items():
        if value is None:
            continue  # not given: unchanged
        # An empty value clears an optional setting (back to the default).
        setattr(conf, name, value or (value if name in ("signer_name",) else None))
    db.flush()
    record(db, principal, "certificate_office.configure", conf, before=before,
           after=snapshot(conf, *OFFICE_FIELDS))
    return conf


def office_settings(db: Session, principal: Principal, region_code: str) -> dict[str, str]:
    """What an office has set for its certificates, as typed (empty: the default), for the
    form that changes them (admins only)."""
    principal.require_staff()
    office_style(db, region_code)  # a known office, else UNKNOWN_REGION
    conf = db.get(CertificateOffice, region_code)
    return {name: (getattr(conf, name) or "") if conf else
            (DEFAULT_NUMBER_TEMPLATE if name == "number_template" else "")
            for name in OFFICE_FIELDS}

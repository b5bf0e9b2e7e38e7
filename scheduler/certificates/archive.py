"""A ZIP of many PDFs, produced as a stream of byte chunks in constant memory."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator
from functools import partial

from edu.certificates.models import CertificateBatch
from edu.certificates.service import OfficeStyle, office_style, valid_batch_certificates_after
from edu.config import Settings
from edu.db import Database
from edu.errors import NotFound
from scheduler.certificates.store import certificate_pdf

# PDFs are already Flate-compressed: storing them costs no size and saves the CPU.
_METHOD = zipfile.ZIP_STORED
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # no clock: the same batch zips to the same bytes


class _Sink:
    """A write-only, unseekable file: zipfile then writes data descriptors after each entry."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def zip_stream(entries: Iterable[tuple[str, Callable[[], bytes]]]) -> Iterator[bytes]:
    """Yield a ZIP file chunk by chunk; each entry's bytes are loaded only when it is written."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=_METHOD) as archive:  # type: ignore[call-overload]
        for name, load in entries:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = _METHOD
            info.external_attr = 0o644 << 16
            archive.writestr(info, load())
            yield sink.drain()
    yield sink.drain()


def _batch_entries(settings: Settings, database: Database, batch_id: int,
                   style: OfficeStyle) -> Iterator[tuple[str, Callable[[], bytes]]]:
    # A short read session per page: a long ZIP neither holds a transaction nor piles up rows.
    after = 0
    while True:
        with database.reader() as db:
            page = valid_batch_certificates_after(db, batch_id, after, 200)
        if not page:
            return
        for cert in page:
            yield f"{cert.number.replace('/', '-')}.pdf", partial(certificate_pdf, cert, style,
                                                                  settings, database)
        after = page[-1].id


def batch_zip(settings: Settings, database: Database, batch_id: int) -> Iterator[bytes]:
    """The ZIP of a batch's valid certificates, one sealed PDF each, named by number."""
    with database.reader() as db:
        batch = db.get(CertificateBatch, batch_id)
        if batch is None:
            raise NotFound("id", "certificate batch")
        style = office_style(db, batch.region_code)
    return zip_stream(_batch_entries(settings, database, batch_id, style))

"""A ZIP of many PDFs, produced as a stream of byte chunks in constant memory."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator

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
    with zipfile.ZipFile(sink, mode="w", compression=_METHOD) as archive:  # type: ignore[arg-type]
        for name, load in entries:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = _METHOD
            info.external_attr = 0o644 << 16
            archive.writestr(info, load())
            yield sink.drain()
    yield sink.drain()

"""Render many certificates in worker processes, with a bounded number of chunks in flight.

Workers write each sealed PDF to the artefact store themselves and send back only its hash,
so nothing large crosses processes and memory stays flat however long the batch is.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from edu.certificates.content import CertificateContent
from edu.private_files import write_private
from scheduler.certificates.render import CertificateRenderer, Template


@dataclass(frozen=True)
class RenderJob:
    certificate_id: int
    content: CertificateContent
    path: Path


@dataclass(frozen=True)
class Rendered:
    certificate_id: int
    sha256: str
    size: int


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary name, then rename: a crash never leaves half a PDF behind."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write_private(tmp, data)
    tmp.replace(path)


class _Worker:
    """Per-process state: the renderer (fonts parsed once) and the signing key."""

    renderer: CertificateRenderer
    key: Ed25519PrivateKey

    @classmethod
    def setup(cls, private_key: bytes, template: Template) -> None:
        cls.renderer = CertificateRenderer(template)
        cls.key = Ed25519PrivateKey.from_private_bytes(private_key)

    @classmethod
    def run(cls, jobs: list[RenderJob]) -> list[Rendered]:
        done = []
        for job in jobs:
            pdf = cls.renderer.render(job.content, cls.key)
            write_atomically(job.path, pdf)
            done.append(Rendered(job.certificate_id, hashlib.sha256(pdf).hexdigest(), len(pdf)))
        return done


def _chunks(jobs: Iterable[RenderJob], size: int) -> Iterator[list[RenderJob]]:
    it = iter(jobs)
    while chunk := list(islice(it, size)):
        yield chunk


def render_to_files(
    jobs: Iterable[RenderJob],
    *,
    signing_key: Ed25519PrivateKey,
    template: Template | None = None,
    workers: int | None = None,
    chunk_size: int = 50,
) -> Iterator[list[Rendered]]:
    """Render every job to its path; yields each finished chunk, in order.

    `jobs` is consumed lazily: at most two chunks per worker are in flight at once. The key's
    raw bytes go to the workers (a key object does not cross processes).
    """
    private_key = signing_key.private_bytes_raw()
    template = template or Template()
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        _Worker.setup(private_key, template)
        for chunk in _chunks(jobs, chunk_size):
            yield _Worker.run(chunk)
        return
    # forkserver: a server process may run threads, and fork() would copy their locks.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_Worker.setup,
                             initargs=(private_key, template)) as pool:
        pending: deque[Future[list[Rendered]]] = deque()
        for chunk in _chunks(jobs, chunk_size):
            pending.append(pool.submit(_Worker.run, chunk))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

"""What the HTTP benchmarks share: uvicorn servers in subprocesses, a keep-alive load client
(asyncio, many connections, one process), and a server of fixed bytes from memory: the ceiling
this stack reaches, against which each benchmark reports a ratio."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TYPES = {".json": "application/json", ".ics": "text/calendar; charset=utf-8",
         ".html": "text/html; charset=utf-8"}


def memory_app() -> Any:
    """uvicorn factory: every file of $BENCH_STATIC, read once, served from memory by name."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    files = {p.name: (p.read_bytes(), TYPES.get(p.suffix, "application/octet-stream"))
             for p in Path(os.environ["BENCH_STATIC"]).iterdir()}

    async def serve(request: Request) -> Response:
        body, media = files[request.path_params["name"]]
        return Response(body, media_type=media)

    async def ok(_: Request) -> Response:
        return Response(b"ok")

    return Starlette(routes=[Route("/", ok), Route("/{name}", serve, methods=["GET", "POST"])])


def start(factory: str, port: int, env: dict[str, str], workers: int = 1) -> subprocess.Popen:
    """`module:function` under uvicorn on `port`, once it answers."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", factory, "--port", str(port),
         "--workers", str(workers), "--log-level", "warning", "--no-access-log"],
        env={**os.environ, **env, "BENCH_PORT": str(port)})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            asyncio.run(one(port, get("/")))
            return proc
        except (OSError, asyncio.IncompleteReadError):
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"{factory} did not start")


def get(path: str, headers: dict[str, str] | None = None) -> bytes:
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}\r\n".encode()


def post(path: str, body: bytes, headers: dict[str, str] | None = None) -> bytes:
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n{extra}\r\n").encode() + body


async def read(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, v in (x.split(":", 1) for x in lines[1:] if x)}
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers, body


async def one(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    try:
        return await read(reader)
    finally:
        writer.close()


def rate(port: int, request: bytes | Callable[[int], bytes], seconds: float, *,
         connections: int = 16, expect: int = 200,
         check: Callable[[bytes], bool] | None = None) -> float:
    """Requests per second over `connections` keep-alive connections for `seconds`;
    `request` may be a function of a running number (a new body each time)."""
    make = request if callable(request) else (lambda _: request)

    async def load() -> float:
        done = 0
        counter = iter(range(10**9))
        stop = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal done
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            while time.perf_counter() < stop:
                writer.write(make(next(counter)))
                status, _, body = await read(reader)
                assert status == expect, (status, body[:300])
                assert check is None or check(body), body[:300]
                done += 1
            writer.close()

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        return done / (time.perf_counter() - began)

    return asyncio.run(load())

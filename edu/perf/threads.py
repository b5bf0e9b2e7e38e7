"""Worker threads bounded to the connection pool (edu/db.py REQUEST_THREADS)."""

from __future__ import annotations

import anyio.to_thread

from edu.db import REQUEST_THREADS


def bound_request_threads() -> None:
    """Call on the server's event loop: at most REQUEST_THREADS sync routes and GraphQL
    executions run at once, each with a pooled connection waiting for it."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS

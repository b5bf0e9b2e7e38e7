"""Which proxies may name the real client, so per-client limits key on the client itself.

Behind a reverse proxy every request comes from the proxy's address; uvicorn then takes the
client from X-Forwarded-For, but only on connections from a trusted proxy (its
`forwarded_allow_ips`): anyone else could write any address into that header."""

from __future__ import annotations

from typing import Any


def proxy_options(trusted: str) -> dict[str, Any]:
    """uvicorn's options for a comma-separated list of trusted proxy addresses or networks
    (`*` trusts every peer); empty trusts none and ignores X-Forwarded-For."""
    trusted = ",".join(part.strip() for part in trusted.split(",") if part.strip())
    if not trusted:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": trusted}

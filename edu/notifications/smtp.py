"""Sending mail over SMTP (the standard library's smtplib), configured by one URL:
smtp://host:port, smtp+starttls://user:pass@host:587 or smtps://user:pass@host:465
(or log: to write every message to the log, for the demo)."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
LOG_ONLY = "log:"  # the demo's "server": every message is written to the log instead


@dataclass(frozen=True)
class SmtpServer:
    scheme: str
    host: str
    port: int
    user: str | None
    password: str | None


def parse_smtp_url(url: str) -> SmtpServer:
    """The server an EDU_SMTP_URL names; ValueError says what is wrong with it."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise ValueError(f"the scheme must be one of {', '.join(SCHEMES)}")
    if not parts.hostname:
        raise ValueError("no host name")
    try:
        port = parts.port or SCHEMES[parts.scheme]
    except ValueError:
        raise ValueError("the port is not a number") from None
    return SmtpServer(parts.scheme, parts.hostname, port,
                      unquote(parts.username) if parts.username else None,
                      unquote(parts.password) if parts.password else None)


def checked_smtp_url(url: str | None) -> str | None:
    """EDU_SMTP_URL as given, once it is known to parse (a bad one stops the start)."""
    if url is None or url == LOG_ONLY:
        return url
    from edu.config import ConfigError

    try:
        parse_smtp_url(url)
    except ValueError as err:
        raise ConfigError(f"EDU_SMTP_URL: {err}") from None
    return url


def send(server: SmtpServer, message: EmailMessage, *, timeout: float = 30.0) -> None:
    """Hand one message to the server; any refusal raises (smtplib.SMTPException, OSError)."""
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if server.scheme == "smtps":
        client = smtplib.SMTP_SSL(server.host, server.port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(server.host, server.port, timeout=timeout)
    with client:
        if server.scheme == "smtp+starttls":
            client.starttls(context=context)
        if server.user:
            client.login(server.user, server.password or "")
        client.send_message(message)

"""A real SMTP server on a loopback port (aiosmtpd) that keeps what it receives, and may
refuse the first messages with a temporary error."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from dataclasses import replace
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from icalendar import Calendar

from edu.config import Settings
from tests.support import free_port


class Catcher:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse = 0  # how many of the next messages to refuse

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 try again later"
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


def smtp_server() -> Iterator[tuple[Catcher, str]]:
    catcher = Catcher()
    port = free_port()
    controller = Controller(catcher, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield catcher, f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()


def with_smtp(settings: Settings, url: str) -> Settings:
    return replace(settings, smtp_url=url, mail_from="KPU NTB <noreply@edu.example>",
                   public_url="https://edu.example")


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def invitation(message: EmailMessage) -> Calendar:
    """The attached calendar, parsed by the icalendar package."""
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    payload = parts[0].get_payload(decode=True)
    assert isinstance(payload, bytes)
    return Calendar.from_ical(payload)

"""A real SMTP server on a loopback port (aiosmtpd) that keeps what it receives, and may
refuse the first messages with a temporary error."""

from __future__ import annotations

import email
import email.policy
import json
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from icalendar import Calendar

from edu.config import Settings
from edu.db import Database, utcnow
from scheduler.notifications.delivery import deliver_due, smtp_sender
from tests.scheduler.feedcheck import HOME, IN_CI, SHARED_TOOL
from tests.support import free_port

ICALJS_INVITE = Path(__file__).with_name("icaljs_invite.mjs")


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


def calendar_part(message: EmailMessage) -> bytes:
    """The bytes of the one attached calendar."""
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    payload = parts[0].get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload


def invitation(message: EmailMessage) -> Calendar:
    """The attached calendar, parsed by the icalendar package."""
    return Calendar.from_ical(calendar_part(message))


def icaljs_reading(message: EmailMessage) -> dict[str, Any] | None:
    """How ical.js reads the attached calendar (method; events' uid and sequence), once the
    shared icalcheck tool's parsers read it cleanly; None in a lone clone without the tool
    (under CI=true its absence fails)."""
    if not SHARED_TOOL.is_dir():
        assert not IN_CI, f"the shared icalcheck tool is missing under CI: {SHARED_TOOL}"
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "undangan.ics"
        path.write_bytes(calendar_part(message))
        run = subprocess.run([str(SHARED_TOOL / "check"), str(path)], capture_output=True,
                             text=True, timeout=600, check=False)
        report = run.stdout
        # The tool holds every calendar to the rules of a feed (METHOD:PUBLISH), where an
        # ATTENDEE is forbidden; an invitation (REQUEST, CANCEL) needs one. So that is the one
        # complaint allowed, from libical; every other parser must pass it.
        verdicts = dict(line.split(None, 1)[::-1] for line in report.splitlines()
                        if line and not line.startswith(" "))
        assert {"bytes", "ical.js", "ical", "vobject", "libical"} <= verdicts.keys(), report
        assert {v for n, v in verdicts.items() if n != "libical"} == {"ok"}, report
        complaints = [line for line in report.splitlines() if line.strip().startswith("[")]
        assert "parse errors (X-LIC-ERROR): 0" in report, report
        assert all("for ATTENDEE property. Expected 0" in c for c in complaints), report
        out = subprocess.run(["node", str(ICALJS_INVITE), str(HOME / "node"), str(path)],
                             capture_output=True, text=True, timeout=120, check=True)
    reading: dict[str, Any] = json.loads(out.stdout)
    return reading


def deliver(settings: Settings, database: Database, hours_ahead: float = 0) -> int:
    """Runs one delivery round of the outbox, as the runner would `hours_ahead` from now."""
    sender = smtp_sender(settings)
    assert sender is not None
    return deliver_due(settings, database, sender, utcnow() + timedelta(hours=hours_ahead))

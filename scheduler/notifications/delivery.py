"""Delivering due notices: claim one (leased), compose it, send it outside any transaction,
mark it. Without EDU_SMTP_URL no mail is claimed: it waits, shown to staff as unsent (webhooks
go all the same)."""

from __future__ import annotations

import logging
import smtplib
import threading
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy.exc import OperationalError

from edu.config import Settings
from edu.db import Database, utcnow
from edu.notifications import outbox
from edu.notifications.models import NoticeKind
from edu.notifications.smtp import LOG_ONLY, parse_smtp_url, send
from scheduler.notifications.compose import Obsolete, compose
from scheduler.notifications.hooks import HookRequest, Poster, http_post, webhook_request

log = logging.getLogger("edu.notifications")

Sender = Callable[[EmailMessage], None]


def smtp_sender(settings: Settings) -> Sender | None:
    """The configured SMTP server as a sender; None when none is set."""
    if not settings.smtp_url:
        return None
    if settings.smtp_url == LOG_ONLY:
        return log_mail
    server = parse_smtp_url(settings.smtp_url)
    return lambda message: send(server, message)


def log_mail(message: EmailMessage) -> None:
    """The demo's mailer: the headers, the plain text and the names of the other parts, as
    a newcomer would read them (no base64 of images and invitations)."""
    head = "\n".join(f"{name}: {message[name]}" for name in
                     ("From", "To", "Subject", "Message-ID", "List-Unsubscribe")
                     if message[name])
    text = message.get_body(("plain",))
    body = text.get_content() if isinstance(text, EmailMessage) else ""
    parts = [f"[{p.get_filename() or 'part'} ({p.get_content_type()})]"
             for p in message.walk() if p.get_filename()]
    log.warning("mail (EDU_SMTP_URL=log:, not sent):\n%s\n\n%s%s", head, body,
                "\n".join(parts))


def deliver_next(settings: Settings, database: Database, sender: Sender | None,
                 now: datetime | None = None, *, post: Poster = http_post) -> bool:
    """Deliver one due notice (mail only with a sender; webhooks always); False when none
    was due."""
    now = now or utcnow()
    hours = settings.reminder_hours
    with database.transaction() as db:
        notice = outbox.claim_next(db, now, reminder_hours=hours, mail=sender is not None)
        if notice is None:
            return False
        notice_id = notice.id
        try:
            if notice.kind is NoticeKind.WEBHOOK:
                item: EmailMessage | HookRequest = webhook_request(db, settings, notice, now)
            else:
                item = compose(db, settings, notice)
        except Obsolete as why:
            outbox.mark_obsolete(db, notice_id, str(why))
            return True
    try:
        if isinstance(item, HookRequest):
            post(item)
        else:
            assert sender is not None
            sender(item)
    except (smtplib.SMTPException, OSError) as err:
        log.info("notice %s not sent: %s", notice_id, err)
        with database.transaction() as db:
            outbox.mark_failed(db, notice_id, f"{type(err).__name__}: {err}", now,
                               reminder_hours=hours)
        return True
    with database.transaction() as db:
        outbox.mark_sent(db, notice_id, now)
    return True


def deliver_due(settings: Settings, database: Database, sender: Sender | None,
                now: datetime | None = None, limit: int = 100, *,
                post: Poster = http_post) -> int:
    """Deliver what is due now (at most `limit`); how many were handled."""
    n = 0
    while n < limit and deliver_next(settings, database, sender, now, post=post):
        n += 1
    return n


class NoticeJobs:
    """A daemon thread beside the certificate batches that delivers due notices."""

    def __init__(self, settings: Settings, database: Database, *,
                 poll_seconds: float = 1.0) -> None:
        self.settings, self.database, self.poll_seconds = settings, database, poll_seconds
        self.sender = smtp_sender(settings)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="notices", daemon=True)

    def start(self) -> NoticeJobs:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(30)

    def _due(self) -> bool:
        with self.database.reader() as db:
            return outbox.any_due(db, utcnow(), reminder_hours=self.settings.reminder_hours,
                                  mail=self.sender is not None)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                if self._due():
                    deliver_due(self.settings, self.database, self.sender)
            except OperationalError as exc:
                log.info("notice runner: database unavailable: %s", exc.orig)
            except Exception:  # one bad notice must not stop the others
                log.exception("notice runner")
            self._stop.wait(self.poll_seconds)

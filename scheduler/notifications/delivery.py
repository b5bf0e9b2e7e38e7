"""Delivering due notices: claim one (leased), compose it, send it outside any transaction,
mark it. Without EDU_SMTP_URL nothing is claimed: notices wait, shown to staff as unsent."""

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
from edu.notifications.smtp import LOG_ONLY, parse_smtp_url, send
from scheduler.notifications.compose import Obsolete, compose

log = logging.getLogger("edu.notifications")

Sender = Callable[[EmailMessage], None]


def smtp_sender(settings: Settings) -> Sender | None:
    """The configured SMTP server as a sender; None when none is set."""
    if not settings.smtp_url:
        return None
    if settings.smtp_url == LOG_ONLY:
        return lambda message: log.warning("mail (EDU_SMTP_URL=log:, not sent):\n%s",
                                           message.as_string())
    server = parse_smtp_url(settings.smtp_url)
    return lambda message: send(server, message)


def deliver_next(settings: Settings, database: Database, sender: Sender,
                 now: datetime | None = None) -> bool:
    """Deliver one due notice; False when none was due."""
    now = now or utcnow()
    hours = settings.reminder_hours
    with database.transaction() as db:
        notice = outbox.claim_next(db, now, reminder_hours=hours)
        if notice is None:
            return False
        notice_id = notice.id
        try:
            message: EmailMessage | None = compose(db, settings, notice)
        except Obsolete as why:
            outbox.mark_obsolete(db, notice_id, str(why))
            message = None
    if message is None:
        return True
    try:
        sender(message)
    except (smtplib.SMTPException, OSError) as err:
        log.info("notice %s not sent: %s", notice_id, err)
        with database.transaction() as db:
            outbox.mark_failed(db, notice_id, f"{type(err).__name__}: {err}", now,
                               reminder_hours=hours)
        return True
    with database.transaction() as db:
        outbox.mark_sent(db, notice_id, now)
    return True


def deliver_due(settings: Settings, database: Database, sender: Sender,
                now: datetime | None = None, limit: int = 100) -> int:
    """Deliver what is due now (at most `limit`); how many were handled."""
    n = 0
    while n < limit and deliver_next(settings, database, sender, now):
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
        if self.sender is not None:
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(30)

    def _loop(self) -> None:
        assert self.sender is not None
        while not self._stop.is_set():
            try:
                deliver_due(self.settings, self.database, self.sender)
            except OperationalError as exc:
                log.info("notice runner: database unavailable: %s", exc.orig)
            except Exception:  # one bad notice must not stop the others
                log.exception("notice runner")
            self._stop.wait(self.poll_seconds)

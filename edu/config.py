"""Settings read from the environment, with defaults that run on a fresh machine."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from edu.internships.grades import DEFAULT_BANDS, GradeBand, parse_bands
from edu.notifications.smtp import checked_smtp_url
from edu.privacy.notice import DEFAULT_RETENTION_DAYS
from edu.private_files import secure_folder, write_private

DISPLAY_TZ = "Asia/Makassar"
DEFAULT_MAX_DAILY_HOURS = 12  # an intern's logbook day; more is a typo or an invention


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    public_url: str
    secret_key: bytes
    production: bool
    grade_bands: tuple[GradeBand, ...] = DEFAULT_BANDS
    # Development conveniences that a production deployment may turn off.
    graphiql: bool = True
    introspection: bool = True
    request_timeout: float = 30.0  # seconds a query may run before it is stopped
    # Proxies whose X-Forwarded-For names the real client (uvicorn's forwarded_allow_ips).
    trusted_proxies: str = "127.0.0.1"
    max_daily_hours: int = DEFAULT_MAX_DAILY_HOURS
    backup_dir: Path | None = None  # daily backups by the runner when set
    backup_keep: int = 7
    retention_days: int = 0  # 0: the runner erases nobody (load_settings defaults to 730)
    # Mail (edu.notifications): without a server, notices wait in the outbox, shown as unsent.
    smtp_url: str | None = None
    mail_from: str = "KPU NTB <noreply@localhost>"
    reminder_hours: int = 24
    # Who people ask about their data (the privacy notice names it), e.g. an address and email.
    privacy_contact: str = ""


def _secret_key(data_dir: Path) -> bytes:
    """EDU_SECRET_KEY, or a random key kept in the data folder so URLs survive restarts."""
    env = os.environ.get("EDU_SECRET_KEY")
    if env:
        return env.encode()
    path = data_dir / "secret.key"
    if not path.exists():
        write_private(path, secrets.token_urlsafe(48).encode())
    return path.read_text().strip().encode()


def normalise_database_url(url: str) -> str:
    """Pick our drivers for plain URLs: psycopg 3 for PostgreSQL."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class ConfigError(ValueError):
    """A setting in the environment that cannot be used; the process refuses to start."""


def _grade_bands() -> tuple[GradeBand, ...]:
    spec = os.environ.get("EDU_GRADE_BANDS")
    try:
        return parse_bands(spec) if spec else DEFAULT_BANDS
    except ValueError as err:
        raise ConfigError(f"EDU_GRADE_BANDS: {err}") from None


def _switch(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}: say on or off, not {value!r}")


def _seconds(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    try:
        seconds = float(value) if value else default
    except ValueError:
        raise ConfigError(f"{name}: a number of seconds, not {value!r}") from None
    if not 0 < seconds <= 3600:
        raise ConfigError(f"{name}: between 0 and 3600 seconds")
    return seconds


def _max_daily_hours() -> int:
    spec = os.environ.get("EDU_MAX_DAILY_HOURS", "").strip()
    if not spec:
        return DEFAULT_MAX_DAILY_HOURS
    if not spec.isdigit() or not 1 <= int(spec) <= 24:
        raise ConfigError(f"EDU_MAX_DAILY_HOURS: {spec!r} is not a whole number of hours "
                          "from 1 to 24")
    return int(spec)


def _positive_int(name: str, default: int, *, minimum: int = 1) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    if not value.isdigit() or int(value) < minimum:
        raise ConfigError(f"{name}: a whole number of at least {minimum}, not {value!r}")
    return int(value)


def load_settings() -> Settings:
    data_dir = Path(os.environ.get("EDU_DATA_DIR", "data")).resolve()
    secure_folder(data_dir)
    url = os.environ.get("EDU_DATABASE_URL") or f"sqlite:///{data_dir / 'edu.sqlite3'}"
    return Settings(
        data_dir=data_dir,
        database_url=normalise_database_url(url),
        public_url=os.environ.get("EDU_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
        secret_key=_secret_key(data_dir),
        production=os.environ.get("EDU_ENV", "production") != "development",
        grade_bands=_grade_bands(),
        graphiql=_switch("EDU_GRAPHIQL", True),
        introspection=_switch("EDU_INTROSPECTION", True),
        request_timeout=_seconds("EDU_REQUEST_TIMEOUT", Settings.request_timeout),
        trusted_proxies=os.environ.get("EDU_TRUSTED_PROXIES", Settings.trusted_proxies).strip(),
        max_daily_hours=_max_daily_hours(),
        backup_dir=Path(os.environ["EDU_BACKUP_DIR"]).resolve()
        if os.environ.get("EDU_BACKUP_DIR") else None,
        backup_keep=_positive_int("EDU_BACKUP_KEEP", 7),
        retention_days=_positive_int("EDU_RETENTION_DAYS", DEFAULT_RETENTION_DAYS, minimum=0),
        smtp_url=checked_smtp_url(os.environ.get("EDU_SMTP_URL", "").strip() or None),
        mail_from=os.environ.get("EDU_MAIL_FROM", "").strip() or Settings.mail_from,
        reminder_hours=_positive_int("EDU_REMINDER_HOURS", Settings.reminder_hours),
        privacy_contact=os.environ.get("EDU_PRIVACY_CONTACT", "").strip()[:300],
    )


"""Settings read from the environment, with defaults that run on a fresh machine."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from edu.internships.grades import DEFAULT_BANDS, GradeBand, parse_bands
from edu.privacy.notice import DEFAULT_RETENTION_DAYS

DISPLAY_TZ = "Asia/Makassar"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    public_url: str
    secret_key: bytes
    production: bool
    grade_bands: tuple[GradeBand, ...] = DEFAULT_BANDS
    backup_dir: Path | None = None  # daily backups by the runner when set
    backup_keep: int = 7
    retention_days: int = 0  # 0: the runner erases nobody (load_settings defaults to 730)


def _secret_key(data_dir: Path) -> bytes:
    """EDU_SECRET_KEY, or a random key kept in the data folder so URLs survive restarts."""
    env = os.environ.get("EDU_SECRET_KEY")
    if env:
        return env.encode()
    path = data_dir / "secret.key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
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


def _positive_int(name: str, default: int, *, minimum: int = 1) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    if not value.isdigit() or int(value) < minimum:
        raise ConfigError(f"{name}: a whole number of at least {minimum}, not {value!r}")
    return int(value)


def load_settings() -> Settings:
    data_dir = Path(os.environ.get("EDU_DATA_DIR", "data")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("EDU_DATABASE_URL") or f"sqlite:///{data_dir / 'edu.sqlite3'}"
    return Settings(
        data_dir=data_dir,
        database_url=normalise_database_url(url),
        public_url=os.environ.get("EDU_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
        secret_key=_secret_key(data_dir),
        production=os.environ.get("EDU_ENV", "production") != "development",
        grade_bands=_grade_bands(),
        backup_dir=Path(os.environ["EDU_BACKUP_DIR"]).resolve()
        if os.environ.get("EDU_BACKUP_DIR") else None,
        backup_keep=_positive_int("EDU_BACKUP_KEEP", 7),
        retention_days=_positive_int("EDU_RETENTION_DAYS", DEFAULT_RETENTION_DAYS, minimum=0),
    )


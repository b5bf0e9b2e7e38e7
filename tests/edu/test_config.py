"""Settings from the environment, with defaults that work on a fresh machine."""

from __future__ import annotations

import stat

import pytest

from edu.config import ConfigError, load_settings, normalise_database_url


def test_defaults_need_nothing_set(tmp_path, monkeypatch):
    for name in ("EDU_DATABASE_URL", "EDU_PUBLIC_URL", "EDU_SECRET_KEY", "EDU_ENV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EDU_DATA_DIR", str(tmp_path / "new"))
    settings = load_settings()
    assert settings.database_url == f"sqlite:///{tmp_path / 'new' / 'edu.sqlite3'}"
    assert settings.public_url == "http://127.0.0.1:8000"
    assert settings.production
    key_file = tmp_path / "new" / "secret.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(settings.secret_key) >= 48
    assert load_settings().secret_key == settings.secret_key  # kept across restarts


def test_plain_postgres_urls_get_our_driver():
    assert normalise_database_url("postgresql://u@h:5432/db") == "postgresql+psycopg://u@h:5432/db"
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_public_url_and_secret_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("EDU_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EDU_PUBLIC_URL", "https://pendidikan.kpu-ntb.go.id/")
    monkeypatch.setenv("EDU_SECRET_KEY", "k" * 40)
    settings = load_settings()
    assert settings.public_url == "https://pendidikan.kpu-ntb.go.id"
    assert settings.secret_key == b"k" * 40


def test_the_daily_logbook_maximum_is_checked_at_start(tmp_path, monkeypatch):
    monkeypatch.setenv("EDU_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("EDU_MAX_DAILY_HOURS", raising=False)
    assert load_settings().max_daily_hours == 12
    monkeypatch.setenv("EDU_MAX_DAILY_HOURS", "10")
    assert load_settings().max_daily_hours == 10
    for bad in ("0", "25", "8.5", "x", "-3"):
        monkeypatch.setenv("EDU_MAX_DAILY_HOURS", bad)
        with pytest.raises(ConfigError, match="EDU_MAX_DAILY_HOURS"):
            load_settings()

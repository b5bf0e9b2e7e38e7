"""The settings production uses to turn development conveniences off, and the time limit."""

from __future__ import annotations

import pytest

from edu.config import ConfigError, load_settings


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("EDU_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EDU_SECRET_KEY", "k" * 48)
    for name in ("EDU_GRAPHIQL", "EDU_INTROSPECTION", "EDU_REQUEST_TIMEOUT",
                 "EDU_TRUSTED_PROXIES"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_development_conveniences_are_on_by_default(env):
    settings = load_settings()
    assert settings.graphiql and settings.introspection
    assert settings.request_timeout == 30.0
    assert settings.trusted_proxies == "127.0.0.1"


def test_production_turns_them_off(env):
    env.setenv("EDU_GRAPHIQL", "off")
    env.setenv("EDU_INTROSPECTION", "false")
    env.setenv("EDU_REQUEST_TIMEOUT", "10")
    env.setenv("EDU_TRUSTED_PROXIES", "10.0.0.0/8")
    settings = load_settings()
    assert not settings.graphiql and not settings.introspection
    assert settings.request_timeout == 10.0
    assert settings.trusted_proxies == "10.0.0.0/8"


@pytest.mark.parametrize(("name", "value"), [
    ("EDU_GRAPHIQL", "maybe"), ("EDU_REQUEST_TIMEOUT", "soon"), ("EDU_REQUEST_TIMEOUT", "0")])
def test_unusable_values_stop_the_start(env, name, value):
    env.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_settings()

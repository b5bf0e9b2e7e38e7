"""The `edu` command as an operator runs it: a real process, a real database file. What a
command decides (its messages, its exit codes) is checked in this process too: a subprocess
spends most of its time importing."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

from tests.edu.cli_run import Ran, in_shell


def edu(*args: str, data_dir) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EDU_DATA_DIR": str(data_dir)}
    env.pop("EDU_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "edu.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def test_upgrade_then_tokens(tmp_path):
    assert edu("db", "upgrade", data_dir=tmp_path).returncode == 0
    assert (tmp_path / "edu.sqlite3").exists()
    made = edu("token", "create", "--role", "EDUCATION_OFFICER", "--name", "Siti",
               "--region", "5271", data_dir=tmp_path)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    assert token.startswith("edus_") and len(token) > 40 and "\n" not in token


def in_process(tmp_path, monkeypatch, capsys) -> Callable[..., Ran]:
    """`edu …` with only a data folder (tmp_path) set, run in this process."""
    run = in_shell(monkeypatch, capsys)
    return lambda *args: run(list(args), cwd=tmp_path, env={"EDU_DATA_DIR": str(tmp_path)})


def test_bad_input_exits_2_with_a_clear_message(tmp_path, monkeypatch, capsys):
    edu = in_process(tmp_path, monkeypatch, capsys)
    edu("db", "upgrade")
    role = edu("token", "create", "--role", "KING", "--name", "X")
    assert role.returncode == 2 and "Unknown role" in role.stderr
    region = edu("token", "create", "--role", "EDUCATION_OFFICER", "--name", "X",
                 "--region", "9999")
    assert region.returncode == 2 and "9999" in region.stderr
    university = edu("token", "create", "--role", "UNIVERSITY_COORDINATOR", "--name", "X",
                     "--university", "NOPE")
    assert university.returncode == 2 and "NOPE" in university.stderr
    assert edu("seed").returncode == 2


def test_serve_on_a_fresh_data_folder(tmp_path):
    """`edu serve` alone: creates the SQLite database, migrates it, stores the address it
    serves as the public URL and its first signing key, and answers."""
    import time

    import httpx

    from tests.support import free_port

    port = free_port()
    env = {**os.environ, "EDU_DATA_DIR": str(tmp_path)}
    env.pop("EDU_DATABASE_URL", None)
    env.pop("EDU_PUBLIC_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "edu.cli", "serve", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "edu serve did not answer"
                time.sleep(0.2)
        assert health.json() == {"status": "ok", "database": "sqlite"}
        regions = httpx.post(f"http://127.0.0.1:{port}/graphql",
                             json={"query": "{ regions { code } }"}).json()
        assert len(regions["data"]["regions"]) == 11
        feed = httpx.post(f"http://127.0.0.1:{port}/graphql", json={
            "query": '{ calendarFeed(region: "5271") { url } }'}).json()
        assert feed["data"]["calendarFeed"]["url"].startswith(f"http://127.0.0.1:{port}/")
        keys = httpx.get(f"http://127.0.0.1:{port}/.well-known/edu-certificates.keys").json()
        assert [f"{k['kid']}.pem" for k in keys["keys"]] == os.listdir(tmp_path / "keys")
    finally:
        server.terminate()
        server.wait(20)


def test_a_bad_setting_stops_the_command_before_it_starts(tmp_path, monkeypatch, capsys):
    run = in_shell(monkeypatch, capsys)
    done = run(["db", "upgrade"], cwd=tmp_path, env={"EDU_DATA_DIR": str(tmp_path),
                                                     "EDU_GRADE_BANDS": "A:85,B:seventy,E:0"})
    assert done.returncode == 2 and "EDU_GRADE_BANDS" in done.stderr
    assert not (tmp_path / "edu.sqlite3").exists()

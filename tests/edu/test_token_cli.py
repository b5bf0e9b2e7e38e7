"""`edu token create | list | revoke` as an operator runs them."""

from __future__ import annotations

from tests.edu.test_cli import in_process


def test_list_then_revoke(tmp_path, monkeypatch, capsys):
    edu = in_process(tmp_path, monkeypatch, capsys)
    assert edu("db", "upgrade").returncode == 0
    token = edu("token", "create", "--role", "EDUCATION_OFFICER", "--name", "Siti Aminah",
                "--region", "5271", "--expires-in", "30").stdout.strip()
    listed = edu("token", "list")
    assert listed.returncode == 0, listed.stderr
    header, row = listed.stdout.splitlines()
    assert header.split() == ["ID", "ROLE", "NAME", "SCOPE", "CREATED", "EXPIRES", "REVOKED"]
    assert row.startswith("1 ") and "EDUCATION_OFFICER" in row and "Siti Aminah" in row
    assert "region 5271" in row and row.endswith("-")  # not revoked
    # The secret's random part may itself begin with "_": split at the prefix only.
    assert token not in listed.stdout and token.split("_", 1)[1][:8] not in listed.stdout

    revoked = edu("token", "revoke", "1")
    assert revoked.returncode == 0, revoked.stderr
    assert len(edu("token", "list").stdout.splitlines()) == 1  # header
    everything = edu("token", "list", "--all").stdout.splitlines()
    assert len(everything) == 2 and not everything[1].endswith("-")

    again = edu("token", "revoke", "1")
    assert again.returncode == 2 and "already revoked" in again.stderr
    missing = edu("token", "revoke", "99")
    assert missing.returncode == 2 and "No token" in missing.stderr
    bad = edu("token", "revoke", "abc")
    assert bad.returncode == 2 and "number" in bad.stderr
    expiry = edu("token", "create", "--role", "ADMIN", "--name", "X", "--expires-in", "0")
    assert expiry.returncode == 2 and "expires in" in expiry.stderr

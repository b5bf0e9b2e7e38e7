"""`edu token create | list | revoke` as an operator runs them."""

from __future__ import annotations

from tests.edu.test_cli import edu


def test_list_then_revoke(tmp_path):
    assert edu("db", "upgrade", data_dir=tmp_path).returncode == 0
    token = edu("token", "create", "--role", "EDUCATION_OFFICER", "--name", "Siti Aminah",
                "--region", "5271", "--expires-in", "30", data_dir=tmp_path).stdout.strip()
    listed = edu("token", "list", data_dir=tmp_path)
    assert listed.returncode == 0, listed.stderr
    header, row = listed.stdout.splitlines()
    assert header.split() == ["ID", "ROLE", "NAME", "SCOPE", "CREATED", "EXPIRES", "REVOKED"]
    assert row.startswith("1 ") and "EDUCATION_OFFICER" in row and "Siti Aminah" in row
    assert "region 5271" in row and row.endswith("-")  # not revoked
    # The secret's random part may itself begin with "_": split at the prefix only.
    assert token not in listed.stdout and token.split("_", 1)[1][:8] not in listed.stdout

    revoked = edu("token", "revoke", "1", data_dir=tmp_path)
    assert revoked.returncode == 0, revoked.stderr
    assert len(edu("token", "list", data_dir=tmp_path).stdout.splitlines()) == 1  # header
    everything = edu("token", "list", "--all", data_dir=tmp_path).stdout.splitlines()
    assert len(everything) == 2 and not everything[1].endswith("-")

    again = edu("token", "revoke", "1", data_dir=tmp_path)
    assert again.returncode == 2 and "already revoked" in again.stderr
    missing = edu("token", "revoke", "99", data_dir=tmp_path)
    assert missing.returncode == 2 and "No token" in missing.stderr
    bad = edu("token", "revoke", "abc", data_dir=tmp_path)
    assert bad.returncode == 2 and "number" in bad.stderr
    expiry = edu("token", "create", "--role", "ADMIN", "--name", "X", "--expires-in", "0",
                 data_dir=tmp_path)
    assert expiry.returncode == 2 and "expires in" in expiry.stderr

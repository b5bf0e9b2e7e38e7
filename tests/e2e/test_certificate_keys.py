"""The keys that verify certificates, published over HTTP by every process."""

from __future__ import annotations

import json

from edu.certificates.keys import current_key, rotate, trusted_keys


def test_the_key_set_and_the_current_key_are_published(api, settings, database):
    pub = api.http.get(f"{api.url}/.well-known/edu-certificates.pub")
    assert pub.status_code == 200 and pub.text.startswith("-----BEGIN PUBLIC KEY-----")
    first = current_key(settings.data_dir, settings.secret_key, database).key_id
    rotate(settings.data_dir, database)
    second = current_key(settings.data_dir, settings.secret_key, database).key_id
    keys = api.http.get(f"{api.url}/.well-known/edu-certificates.keys")
    assert keys.status_code == 200 and keys.headers["content-type"] == "application/json"
    published = {k["kid"]: k for k in json.loads(keys.text)["keys"]}
    assert set(published) == {first, second}
    assert published[first]["retired"] and published[second]["retired"] is None
    assert published[second]["crv"] == "Ed25519"
    pub = api.http.get(f"{api.url}/.well-known/edu-certificates.pub")
    with database.reader() as db:
        current = next(k for k in trusted_keys(db) if k.key_id == second)
    assert pub.text == current.public_pem

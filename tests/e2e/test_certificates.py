"""Certificates over real HTTP, with the clients' operations unchanged: a session's batch runs
in the app's background runner; the PDF reads back (text, QR, offline seal); the verification
page and VerifyCertificate answer for valid, revoked and unknown codes; the ZIP holds one PDF
per certificate; participants see theirs in Me."""

from __future__ import annotations

import io
import time
import unicodedata
import zipfile
from typing import Any

import pypdfium2
import zxingcpp

from edu.certificates.signing import load_public_keys
from edu.certificates.verify import page_text, verify_pdf
from tests.e2e.sessionkit import at, person, published, registered, roster
from tests.support import Api

TITLE = "Pendidikan Pemilih Pemula SMAN 1 Mataram"


def ok(out: dict[str, Any], field: str) -> dict[str, Any]:
    assert "errors" not in out, out
    payload = out["data"][field]
    assert payload["userErrors"] == [], payload
    return payload


def wait_for(api: Api, token: str, batch_id: str, first: int = 50) -> dict[str, Any]:
    """The batch once the app's background runner has finished it."""
    deadline = time.monotonic() + 90
    while True:
        out = api.op("CertificateBatch", {"id": batch_id, "first": first}, token=token)
        assert "errors" not in out, out
        node = out["data"]["node"]
        if node["status"] in ("COMPLETED", "FAILED") or time.monotonic() > deadline:
            return node
        time.sleep(0.1)


def attended_session(api: Api, officer: str, names: list[str], statuses: list[str | None]):
    """A session that took place: registered while it started within the hour (attendance
    is open), people marked, then moved to have ended and completed (certificates follow)."""
    sid = published(api, officer, start=at(0, hours=1), title=TITLE)
    tokens = [registered(api, sid, person(n))["participantToken"] for n in names]
    nodes = roster(api, officer, sid)
    entries = [{"participantId": n["participant"]["id"], "status": s}
               for n, s in zip(nodes, statuses, strict=True) if s]
    ok(api.op("RecordAttendance", {"input": {"sessionId": sid, "entries": entries}},
              token=officer), "recordAttendance")
    out = api.op("IssueCertificates", {"input": {"sessionId": sid}}, token=officer)
    assert [e["code"] for e in out["data"]["issueCertificates"]["userErrors"]] == [
        "SESSION_NOT_COMPLETED"]
    ok(api.op("RescheduleSession", {"input": {"id": sid, "startsAt": at(0, hours=-3).isoformat(),
                                              "endsAt": at(0, hours=-1).isoformat()}},
              token=officer), "rescheduleSession")
    ok(api.gql("mutation($id: ID!) { completeSession(id: $id) { userErrors { code } } }",
               {"id": sid}, token=officer), "completeSession")
    return sid, tokens


def decode_qr(pdf: bytes) -> list[str]:
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=3).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image)]


def test_a_session_batch_from_issue_to_verification(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="5271")
    renee = unicodedata.normalize("NFD", "Renée Ṣāliḥ Hidayati")  # decomposed, as some forms send
    names = [renee, "Lalu Ahmad", "Baiq Absen", "Tanpa Catatan"]
    sid, people = attended_session(api, officer, names, ["PRESENT", "LATE", "ABSENT", None])

    issued = ok(api.op("IssueCertificates", {"input": {"sessionId": sid}}, token=officer),
                "issueCertificates")["batch"]
    assert issued["total"] == 2 and issued["status"] in ("QUEUED", "RUNNING", "COMPLETED")
    batch = wait_for(api, officer, issued["id"])
    assert (batch["status"], batch["total"], batch["issued"], batch["skipped"],
            batch["failed"]) == ("COMPLETED", 2, 2, 0, 0)
    certs = [e["node"] for e in batch["certificates"]["edges"]]
    assert batch["certificates"]["totalCount"] == 2
    assert [c["recipientName"] for c in certs] == ["Renée Ṣāliḥ Hidayati", "Lalu Ahmad"]
    assert certs[0]["number"].startswith("001/PP.08.1-Pu/5271/KPU-Kot/")
    assert certs[1]["number"].startswith("002/PP.08.1-Pu/5271/KPU-Kot/")

    # Issuing again is idempotent: both are skipped, nobody gets a second number.
    again = ok(api.op("IssueCertificates", {"input": {"sessionId": sid}}, token=officer),
               "issueCertificates")["batch"]
    again = wait_for(api, officer, again["id"])
    assert (again["issued"], again["skipped"], again["certificates"]["totalCount"]) == (0, 2, 0)

    # The PDF: real text, a QR of the verification URL, and a seal the public key checks.
    cert = certs[0]
    response = api.http.get(cert["downloadUrl"])
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    pdf = response.content
    text = page_text(pdf)
    assert "Renée Ṣāliḥ Hidayati" in text and cert["number"] in text and TITLE in text
    assert decode_qr(pdf) == [cert["verificationUrl"].upper()]
    key = api.http.get(f"{api.url}/.well-known/edu-certificates.pub")
    assert key.status_code == 200
    sealed = verify_pdf(pdf, load_public_keys(key.content)).content
    assert (sealed.number, sealed.verification_url) == (cert["number"], cert["verificationUrl"])
    assert api.http.get(cert["downloadUrl"]).content == pdf  # same bytes every time

    # The verification page, also at the upper-case URL the QR carries.
    for url in (cert["verificationUrl"], cert["verificationUrl"].upper()):
        page = api.http.get(url)
        assert page.status_code == 200, url
        assert page.headers["x-robots-tag"].startswith("noindex")
        assert 'name="robots" content="noindex' in page.text
        assert "SAH" in page.text and "Renée Ṣāliḥ Hidayati" in page.text
        assert cert["number"] in page.text and "KPU Kota Mataram" in page.text
        assert "@example.id" not in page.text and "+62" not in page.text  # no contact data

    code = cert["verificationUrl"].rsplit("/", 1)[1]
    verified = api.op("VerifyCertificate", {"code": code.lower()})["data"]["verifyCertificate"]
    assert verified["valid"] is True and verified["status"] == "VALID"
    assert (verified["number"], verified["recipientName"], verified["subjectTitle"]) == (
        cert["number"], "Renée Ṣāliḥ Hidayati", TITLE)
    assert verified["issuedAt"].endswith("+08:00") and verified["revokedAt"] is None

    # The participant sees it in Me.
    me = api.op("Me", token=people[0])["data"]["me"]["participant"]
    assert me["certificates"] == [{"number": cert["number"],
                                   "verificationUrl": cert["verificationUrl"],
                                   "downloadUrl": cert["downloadUrl"]}]

    # The ZIP: one sealed PDF per certificate, only with the URL's key.
    archive = zipfile.ZipFile(io.BytesIO(api.http.get(batch["downloadUrl"]).content))
    assert len(archive.namelist()) == 2
    assert archive.read(archive.namelist()[0]) == pdf
    assert api.http.get(batch["downloadUrl"].split("?")[0] + "?key=WRONG").status_code == 404

    # Revoked: the page, GraphQL and the PDF route all say so.
    out = ok(api.op("RevokeCertificate", {"input": {"id": cert["id"], "reason": "Salah data"}},
                    token=officer), "revokeCertificate")
    assert out["certificate"]["status"] == "REVOKED" and out["certificate"]["revokedAt"]
    verified = api.op("VerifyCertificate", {"code": code})["data"]["verifyCertificate"]
    assert (verified["valid"], verified["status"], verified["revocationReason"]) == (
        False, "REVOKED", "Salah data")
    assert verified["revokedAt"].endswith("+08:00")
    page = api.http.get(cert["verificationUrl"])
    assert page.status_code == 200 and "DICABUT" in page.text and "Salah data" in page.text
    assert api.http.get(cert["downloadUrl"]).status_code == 410
    # The batch's ZIP no longer hands it out.
    archive = zipfile.ZipFile(io.BytesIO(api.http.get(batch["downloadUrl"]).content))
    assert archive.namelist() == [f"{certs[1]['number'].replace('/', '-')}.pdf"]


def test_unknown_codes_and_who_may_issue(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="5271")
    sid, _ = attended_session(api, officer, ["Peserta Satu"], ["PRESENT"])

    verified = api.op("VerifyCertificate", {"code": "A" * 26})["data"]["verifyCertificate"]
    assert verified == {"valid": False, "status": "UNKNOWN", "number": None,
                        "recipientName": None, "subjectTitle": None, "issuedAt": None,
                        "revokedAt": None, "revocationReason": None}
    page = api.http.get(f"{api.url}/verify/{'A' * 26}")
    assert page.status_code == 404 and "TIDAK DIKENAL" in page.text
    assert api.http.get(f"{api.url}/certificates/{'A' * 26}.pdf").status_code == 404

    anonymous = api.op("IssueCertificates", {"input": {"sessionId": sid}})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    elsewhere = tokens("EDUCATION_OFFICER", region="5204")
    out = api.op("IssueCertificates", {"input": {"sessionId": sid}}, token=elsewhere)
    assert out.get("data") is None or out["data"]["issueCertificates"]["batch"] is None
    out = api.op("IssueCertificates", {"input": {"sessionId": "bm90LWFuLWlk"}}, token=officer)
    assert [e["code"] for e in out["data"]["issueCertificates"]["userErrors"]] == ["INVALID_ID"]


def test_the_verification_page_is_rate_limited(api, tokens):
    statuses = [api.http.get(f"{api.url}/verify/{'B' * 26}").status_code for _ in range(35)]
    assert statuses[0] == 404 and 429 in statuses
    limited = api.http.get(f"{api.url}/verify/{'B' * 26}")
    assert limited.status_code == 429 and limited.headers["retry-after"] == "60"


def test_reissue_after_a_correction_replaces_the_old_certificate(api, tokens):
    officer = tokens("EDUCATION_OFFICER", region="5271")
    sid, _ = attended_session(api, officer, ["Baiq Nurul Hidayat"], ["PRESENT"])
    issued = ok(api.op("IssueCertificates", {"input": {"sessionId": sid}}, token=officer),
                "issueCertificates")["batch"]
    (old,) = [e["node"] for e in wait_for(api, officer, issued["id"])["certificates"]["edges"]]
    out = ok(api.gql(
        "mutation($input: ReissueCertificateInput!) { reissueCertificate(input: $input) { "
        "certificate { id number status recipientName verificationUrl } "
        "userErrors { field message code } } }",
        {"input": {"id": old["id"], "reason": "Nama salah ketik",
                   "recipientName": "Baiq Nurul Hidayati"}}, token=officer), "reissueCertificate")
    new = out["certificate"]
    assert (new["status"], new["recipientName"]) == ("VALID", "Baiq Nurul Hidayati")
    assert new["number"] != old["number"] and new["verificationUrl"] != old["verificationUrl"]
    old_code = old["verificationUrl"].rsplit("/", 1)[1]
    verified = api.op("VerifyCertificate", {"code": old_code})["data"]["verifyCertificate"]
    assert (verified["valid"], verified["status"]) == (False, "REPLACED")
    page = api.http.get(old["verificationUrl"])
    assert "DIGANTI" in page.text and new["number"] in page.text
    pdf = api.http.get(new["verificationUrl"].replace("/verify/", "/certificates/") + ".pdf")
    assert pdf.status_code == 200 and "Baiq Nurul Hidayati" in page_text(pdf.content)

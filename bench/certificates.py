"""Certificate rendering: reportlab (templated, sealed, parallel) against WeasyPrint.

    .venv/bin/python bench/certificates.py            # 2,000 reportlab, 200 WeasyPrint, memory
    .venv/bin/python bench/certificates.py --weasy 2000 --memory 2000,20000

Prints ms per certificate for reportlab in one process and in parallel processes, WeasyPrint
rendering the same page (HTML to PDF, one file per certificate, one process), their ratios,
and the peak memory of a whole batch (render to files + stream the ZIP) at each size, measured
in a fresh process so the sizes do not share a peak. Needs the `bench` extra (weasyprint).
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from edu.certificates.content import CertificateContent
from edu.secrets import derive_code
from scheduler.certificates.archive import zip_stream
from scheduler.certificates.parallel import RenderJob, render_to_files
from scheduler.certificates.render import FONT_DIR

SECRET = b"bench-secret"
KEY = Ed25519PrivateKey.generate()
NAMES = ["Baiq Nurul Hidayati", "Lalu Muhammad Zainul Majdi", "Ni Luh Putu Ayu Anggreni",
         "I Gede Ṣāliḥ Wiranata", "Dewi Sartika Renée", "Muhammad Ḥusain Al-Ḥabsyi",
         "Siti Aisyah Nur'aini", "Andi Nurhaliza Pratiwi"]


def content(i: int) -> CertificateContent:
    code = derive_code(SECRET, "certificate", i)
    return CertificateContent(
        number=f"{i + 1:03d}/PP.08.1-Pu/5271/KPU-Kot/XII/2026", kind="SESSION",
        recipient_name=f"{NAMES[i % len(NAMES)]} {i}",
        role_line="atas partisipasinya sebagai peserta kegiatan",
        subject_title="Pendidikan Pemilih Pemula SMAN 1 Mataram",
        subject_date="Kamis, 10 Desember 2026", issued_on=date(2026, 12, 10), place="Mataram",
        office_name="KPU Kota Mataram",
        division_name="Divisi Sosialisasi, Pendidikan Pemilih, Partisipasi Masyarakat dan SDM",
        signer_name="Lalu Ahmad Fauzi", signer_title="Ketua KPU Kota Mataram",
        verification_url=f"https://sertifikat.kpu-ntb.go.id/verify/{code}", code=code,
    )


def jobs(n: int, out: Path):
    return (RenderJob(i, content(i), out / f"{i}.pdf") for i in range(n))


def bench_reportlab(n: int, workers: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        for _ in render_to_files(jobs(n, Path(tmp)), signing_key=KEY, workers=workers):
            pass
        return (time.perf_counter() - start) * 1000 / n


HTML = """<html><head><style>
@page {{ size: A4 landscape; margin: 0 }}
@font-face {{ font-family: DejaVu; src: url({regular}); }}
@font-face {{ font-family: DejaVu; font-weight: bold; src: url({bold}); }}
body {{ font-family: DejaVu; margin: 0; color: #1D1D1B }}
.page {{ position: relative; width: 297mm; height: 210mm; box-sizing: border-box;
  border: 4pt solid #7A1F1F; padding: 6pt; text-align: center }}
.inner {{ border: 0.8pt solid #7A1F1F; height: 100%; box-sizing: border-box }}
.emblem {{ width: 48pt; height: 48pt; border: 1.5pt solid #7A1F1F; border-radius: 50%;
  margin: 24pt auto 0; color: #7A1F1F; font-size: 28pt; line-height: 48pt }}
.office {{ font-weight: bold; font-size: 15pt; margin: 6pt 0 0 }}
.division {{ font-size: 10pt; margin: 2pt 0 }}
h1 {{ color: #7A1F1F; font-size: 36pt; margin: 8pt 0 0 }}
.name {{ font-size: 28pt; font-weight: bold; border-bottom: 0.8pt solid #7A1F1F;
  display: inline-block; padding: 0 40pt; margin: 4pt 0 }}
.title {{ font-weight: bold; font-size: 15pt }}
.qr {{ position: absolute; left: 52pt; bottom: 52pt; width: 96pt }}
.qrtext {{ position: absolute; left: 156pt; bottom: 80pt; text-align: left; font-size: 7pt }}
.sign {{ position: absolute; right: 120pt; bottom: 60pt; font-size: 11pt }}
</style></head><body><div class="page"><div class="inner">
<div class="emblem">★</div>
<p class="office">{office}</p><p class="division">{division}</p>
<h1>SERTIFIKAT</h1><p>Nomor: {number}</p><p>diberikan kepada</p><p class="name">{name}</p>
<p>{role}</p><p class="title">{title}</p><p>{date}</p>
<img class="qr" src="data:image/svg+xml;base64,{qr}">
<div class="qrtext">Periksa keaslian sertifikat ini:<br><b>{code}</b><br>{url}</div>
<div class="sign">{place}, {issued}<br>{signer_title}<br><br><br><br><b><u>{signer}</u></b></div>
</div></div></body></html>"""


def weasy_page(c: CertificateContent) -> str:
    import segno

    svg = io.BytesIO()
    segno.make(c.verification_url.upper(), error="m").save(svg, kind="svg")
    return HTML.format(
        regular=(FONT_DIR / "DejaVuSans.ttf").as_uri(),
        bold=(FONT_DIR / "DejaVuSans-Bold.ttf").as_uri(), office=c.office_name.upper(),
        division=c.division_name, number=c.number, name=c.recipient_name, role=c.role_line,
        title=c.subject_title, date=c.subject_date, qr=base64.b64encode(svg.getvalue()).decode(),
        code=c.code, url=c.verification_url, place=c.place, issued=c.issued_on_text,
        signer_title=c.signer_title, signer=c.signer_name,
    )


def bench_weasyprint(n: int) -> float:
    import weasyprint

    weasyprint.HTML(string=weasy_page(content(0))).write_pdf()  # warm up fonts and caches
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        for i in range(n):
            page = weasyprint.HTML(string=weasy_page(content(i)))
            Path(tmp, f"{i}.pdf").write_bytes(page.write_pdf())
        return (time.perf_counter() - start) * 1000 / n


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        kids = [p for p, parent in parents.items() if parent == pid]
        found += kids
        frontier += kids
    return found


def _peak_kb(pid: int) -> int:
    """VmHWM: the peak resident set of a live process (workers are not our own children)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def memory_child(n: int) -> None:
    """A whole batch in this fresh process: render to files, then stream the ZIP."""
    import threading

    peaks: dict[int, int] = {}
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.25):
            for pid in _descendants(os.getpid()):
                peaks[pid] = max(peaks.get(pid, 0), _peak_kb(pid))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for _ in render_to_files(jobs(n, out), signing_key=KEY):
            pass
        size = 0
        entries = ((f"{i}.pdf", (out / f"{i}.pdf").read_bytes) for i in range(n))
        for chunk in zip_stream(entries):
            size += len(chunk)
    stop.set()
    watcher.join()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = max(peaks.values(), default=0) / 1024
    print(json.dumps({"n": n, "parent_mb": own, "worker_mb": workers, "zip_mb": size / 2**20}))


def measure_memory(n: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--memory-child", str(n)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def bench_batch(n: int) -> tuple[float, float]:
    """A whole batch through the database (SQLite file): ms per certificate for issuing
    (eligibility, numbers, rows) and for the complete run including the PDFs."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import insert

    from edu.certificates.models import CertificateBatch, CertificateKind
    from edu.config import Settings
    from edu.db import Database, utcnow
    from edu.migrations.runner import upgrade
    from edu.participants.models import Participant
    from edu.registrations.models import AttendanceStatus, Registration, RegistrationStatus
    from edu.sessions.models import EduSession, Segment, SessionFormat, SessionStatus
    from scheduler.certificates.batches import BatchRunner

    with tempfile.TemporaryDirectory() as tmp:
        database = Database(f"sqlite:///{tmp}/bench.sqlite3")
        upgrade(database.engine)
        settings = Settings(data_dir=Path(tmp), database_url=database.url,
                            public_url="https://sertifikat.kpu-ntb.go.id", secret_key=SECRET,
                            production=True)
        # Certificates follow only once a session has ended: ten days ago, whenever this runs.
        start = (datetime.now(UTC) - timedelta(days=10)).replace(minute=0, second=0,
                                                                  microsecond=0)
        with database.transaction() as db:
            session = EduSession(title="Pendidikan Pemilih Pemula SMAN 1 Mataram",
                                 segment=Segment.FIRST_TIME_VOTERS, format=SessionFormat.IN_PERSON,
                                 starts_at=start, ends_at=start + timedelta(hours=2), capacity=n,
                                 confirmed_count=n, region_code="5271",
                                 status=SessionStatus.COMPLETED)
            db.add(session)
            db.flush()
            db.execute(insert(Participant), [
                {"id": i + 1, "full_name": f"{NAMES[i % len(NAMES)]} {i}",
                 "email": f"p{i}@example.id", "consent_at": utcnow(),
                 "consent_purpose": "bench"} for i in range(n)])
            db.execute(insert(Registration), [
                {"session_id": session.id, "participant_id": i + 1,
                 "status": RegistrationStatus.CONFIRMED, "ticket_hash": f"{i:064d}",
                 "attendance_status": AttendanceStatus.PRESENT} for i in range(n)])
            session_id = session.id
        with database.transaction() as db:  # what IssueCertificates queues
            batch = CertificateBatch(kind=CertificateKind.SESSION, subject_id=session_id,
                                     region_code="5271", total=n)
            db.add(batch)
            db.flush()
            batch_id = batch.id
        runner = BatchRunner(settings, database)
        began = time.perf_counter()
        runner._issue(batch_id)  # the issuing phase alone, timed on its own
        issued = time.perf_counter()
        runner.run(batch_id)  # resumes: nothing left to issue, renders every PDF
        done = time.perf_counter()
        database.dispose()
        return (issued - began) * 1000 / n, (done - began) * 1000 / n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000, help="reportlab certificates")
    parser.add_argument("--weasy", type=int, default=200, help="WeasyPrint certificates")
    parser.add_argument("--memory", default="2000,20000", help="batch sizes for peak memory")
    parser.add_argument("--batch", type=int, default=2000,
                        help="a whole batch through SQLite (0 to skip)")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return
    cpus = os.cpu_count() or 1
    one = bench_reportlab(args.count, workers=1)
    par = bench_reportlab(args.count, workers=cpus)
    print(f"reportlab, 1 process:     {one:7.2f} ms/certificate ({args.count} sealed PDFs)")
    print(f"reportlab, {cpus} processes:   {par:7.2f} ms/certificate (wall time / count)")
    if args.weasy:
        weasy = bench_weasyprint(args.weasy)
        print(f"WeasyPrint, 1 process:    {weasy:7.2f} ms/certificate ({args.weasy} PDFs)")
        print(f"ratio, same footing (1 process each):      {weasy / one:5.1f}x")
        print(f"ratio, as deployed ({cpus} processes vs WeasyPrint 1): {weasy / par:5.1f}x")
    if args.batch:
        issue, whole = bench_batch(args.batch)
        print(f"whole batch of {args.batch} on SQLite: issuing {issue:5.2f} ms/certificate, "
              f"issuing + sealed PDFs {whole:5.2f} ms/certificate")
    sizes = [int(s) for s in args.memory.split(",") if s]
    results = [measure_memory(n) for n in sizes]
    for r in results:
        print(f"batch of {r['n']:>6}: peak RSS parent {r['parent_mb']:6.1f} MB, "
              f"largest worker {r['worker_mb']:6.1f} MB, ZIP {r['zip_mb']:7.1f} MB streamed")
    if len(results) > 1:
        a, b = results[0], results[-1]
        print(f"memory growth {a['n']} -> {b['n']} certificates: parent "
              f"{b['parent_mb'] / a['parent_mb']:.2f}x, "
              f"worker {b['worker_mb'] / a['worker_mb']:.2f}x")


if __name__ == "__main__":
    main()

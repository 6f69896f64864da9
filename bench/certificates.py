"""Speed of certificates: the PDF core against WeasyPrint, and bulk approval end to end.

1. Rendering: 200 certificates with the hard names (Henriëtte, Şahin, Łukasz, Ödön Ősz,
   Țuțu, Iİıı, Ελένη, Жанна, round and round) through `certificates.pdf.render` (reportlab),
   in this process, no Django; then the same design, written as HTML and CSS with the same
   embedded font and the same vector QR code (inline SVG), through WeasyPrint. WeasyPrint is
   installed for this bench only (`.venv/bin/pip install weasyprint`), not a dependency; without
   it the comparison is left out. Goal: reportlab at least 5× faster.
2. Bulk approval: a throwaway PostgreSQL database and Redis DB 10, two `celery worker`
   processes (concurrency 1 each) on the `certificates` queue. 1,000 learners who passed wait
   for approval in one edition; an administrator approves them all at once (the service the
   approval page calls), which issues them in one transaction and enqueues a render per
   certificate after the commit. Measured: from the approval to the last PDF (and its signed
   credential) in the database. Goal: under 60 s.

Last line: one JSON object.

    .venv/bin/python bench/certificates.py [--renders 200] [--certificates 1000]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The root first, before this script's own folder: there bench/certificates.py would be the
# `certificates` imported below (as it was whenever PYTHONPATH already held the root).
if sys.path[0] != str(ROOT):
    sys.path.insert(0, str(ROOT))

from bench.harness.processes import (  # noqa: E402
    manage,
    print_log_tails,
    run_step,
    start_celery_worker,
    stop,
    wait_celery_ready,
)
from bench.harness.services import (  # noqa: E402
    database_url,
    flush_redis,
    production_env,
    temp_database,
)
from certificates import pdf  # noqa: E402  (pure: no Django)

BROKER_URL = "redis://127.0.0.1:6379/10"
HARD_NAMES = [
    "Henriëtte Nienhuis",
    "Şahin Yılmaz",
    "Łukasz Wróbel",
    "Ödön Ősz",
    "Țuțu Ionescu",
    "Iİıı Kaya",
    "Ελένη Παπαδοπούλου",
    "Жанна Иванова",
]
GOAL_RATIO = 5.0
GOAL_BULK_SECONDS = 60.0
BULK_TIMEOUT = 600.0


def sample(index: int) -> pdf.CertificateData:
    url = f"https://leren.example.nl/verify/{secrets.token_urlsafe(32)}/"
    return pdf.CertificateData(
        title="Certificaat",
        intro="Hierbij verklaren wij dat",
        name=HARD_NAMES[index % len(HARD_NAMES)],
        wording="met goed gevolg de vaardigheidsmodule heeft afgerond, gegeven door het "
        "opleidingsbureau samen met de PublieksAcademie van de NVVB",
        course_title="Vaardigheidsmodule Dienstverlening",
        modules=["Inleiding", "Waardevolle gesprekken", "Omgaan met emoties"],
        modules_label="Onderdelen",
        date_line="Uitgereikt op 4 oktober 2026",
        issuer="NVVB / PublieksAcademie",
        signatories=[
            pdf.Signatory("Marloes Visser", "PublieksAcademie"),
            pdf.Signatory("Anouk Hendriks", "Trainer"),
        ],
        serial_line=f"Certificaatnummer DV-2026-{index + 1:06d}",
        verify_line=f"Controleer de echtheid: {url}",
        verify_url=url,
    )


# --- 1. reportlab against WeasyPrint ------------------------------------------------------------


def qr_svg(text: str, size_mm: float) -> str:
    modules = pdf.qr_modules(text)
    count = len(modules) + 2 * pdf.QR_BORDER
    rects = []
    for r, row in enumerate(modules):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                rects.append(
                    f'<rect x="{start + pdf.QR_BORDER}" y="{r + pdf.QR_BORDER}" '
                    f'width="{c - start}" height="1"/>'
                )
            else:
                c += 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {count} {count}" '
        f'width="{size_mm}mm" height="{size_mm}mm" shape-rendering="crispEdges">'
        f'<rect width="{count}" height="{count}" fill="#fff"/><g fill="#000">{"".join(rects)}</g></svg>'
    )


def html_of(data: pdf.CertificateData, font: Path) -> str:
    e = html.escape
    bold = pdf.bold_variant(font)
    signatories = "".join(
        f'<div class="sig"><div class="line"></div><b>{e(s.name)}</b><br><small>{e(s.role)}</small></div>'
        for s in data.signatories
    )
    return f"""<!doctype html><html lang="nl"><head><meta charset="utf-8"><style>
@font-face {{ font-family: Cert; src: url("file://{font}"); }}
@font-face {{ font-family: Cert; font-weight: bold; src: url("file://{bold}"); }}
@page {{ size: A4 landscape; margin: 12mm; }}
body {{ font-family: Cert; color: #1b2a41; margin: 0; }}
.frame {{ border: 3px solid #0b6e4f; height: 180mm; position: relative; padding: 3mm; }}
.inner {{ border: 0.8px solid #0b6e4f; height: 174mm; text-align: center; position: relative; }}
h1 {{ color: #0b6e4f; font-size: 34pt; margin: 24mm 0 6mm; }}
.intro, .wording, .modules {{ color: #4a5568; }}
.intro {{ font-size: 14pt; }} .name {{ font-size: 30pt; font-weight: bold; margin: 5mm 0; }}
.wording {{ font-size: 14pt; margin: 0 30mm; }} .course {{ font-size: 20pt; font-weight: bold; margin: 3mm 0; }}
.modules {{ font-size: 11pt; }} .date {{ font-size: 12pt; margin-top: 2mm; }}
.sigs {{ position: absolute; bottom: 14mm; left: 15mm; display: flex; gap: 20mm; }}
.sig {{ width: 60mm; font-size: 11pt; }} .sig .line {{ border-top: 0.6px solid #4a5568; margin-bottom: 2mm; }}
.issuer {{ position: absolute; bottom: 4mm; left: 7mm; font-size: 10pt; color: #4a5568; }}
.qr {{ position: absolute; right: 7mm; bottom: 4mm; text-align: right; font-size: 7pt; color: #4a5568; }}
.serial {{ font-size: 9pt; color: #1b2a41; }}
</style></head><body><div class="frame"><div class="inner">
<h1>{e(data.title)}</h1><div class="intro">{e(data.intro)}</div>
<div class="name">{e(data.name)}</div><div class="wording">{e(data.wording)}</div>
<div class="course">{e(data.course_title)}</div>
<div class="modules">{e(data.modules_label)}: {" · ".join(e(m) for m in data.modules)}</div>
<div class="date">{e(data.date_line)}</div>
<div class="sigs">{signatories}</div><div class="issuer">{e(data.issuer)}</div>
<div class="qr">{qr_svg(data.verify_url, 38)}<div class="serial">{e(data.serial_line)}</div>
<div>{e(data.verify_line)}</div></div></div></div></body></html>"""


def bench_render(count: int) -> dict:
    font = pdf.find_font()
    if font is None:
        raise SystemExit("DejaVu Sans is not installed (apt-get install fonts-dejavu-core)")
    samples = [sample(i) for i in range(count)]
    pdf.render(samples[0], font_path=str(font))  # fonts registered once per process
    started = time.perf_counter()
    sizes = [len(pdf.render(item, font_path=str(font))) for item in samples]
    reportlab_seconds = time.perf_counter() - started
    result = {
        "renders": count,
        "reportlab_seconds": round(reportlab_seconds, 3),
        "reportlab_per_second": round(count / reportlab_seconds, 1),
        "reportlab_kib_per_pdf": round(sum(sizes) / len(sizes) / 1024, 1),
    }
    try:
        import weasyprint
    except ImportError:
        result["weasyprint"] = "not installed (.venv/bin/pip install weasyprint)"
        return result
    documents = [html_of(item, font) for item in samples]
    weasyprint.HTML(string=documents[0]).write_pdf()  # warm: font loading, CSS
    started = time.perf_counter()
    sizes = [len(weasyprint.HTML(string=document).write_pdf()) for document in documents]
    weasy_seconds = time.perf_counter() - started
    result.update(
        {
            "weasyprint_version": weasyprint.__version__,
            "weasyprint_seconds": round(weasy_seconds, 3),
            "weasyprint_per_second": round(count / weasy_seconds, 1),
            "weasyprint_kib_per_pdf": round(sum(sizes) / len(sizes) / 1024, 1),
            "ratio": round(weasy_seconds / reportlab_seconds, 1),
            "ratio_goal": GOAL_RATIO,
        }
    )
    result["ratio_met"] = result["ratio"] >= GOAL_RATIO
    return result


# --- 2. bulk approval: helper steps run in a subprocess with Django set up ----------------------


def step_seed(*, count: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from assessments.models import CourseResult
    from certificates.models import Certificate, CertificateTemplate
    from certificates.services import new_verification_code
    from courses.models import Course, CourseModule, Edition, Enrollment, Organisation

    User = get_user_model()
    course = Course.objects.create(title="Vaardigheidsmodule Dienstverlening", slug="dv")
    for order, title in enumerate(
        ["Inleiding", "Waardevolle gesprekken", "Omgaan met emoties"], start=1
    ):
        CourseModule.objects.create(course=course, order=order, title=title)
    CertificateTemplate.objects.create(
        course=course,
        serial_prefix="DV",
        issuer_name="NVVB / PublieksAcademie",
        signatories=[{"name": "Marloes Visser", "role": "PublieksAcademie"}],
    )
    edition = Edition.objects.create(course=course, name="Noord", region="noord")
    organisation = Organisation.objects.create(name="Gemeente Bench")
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench{i:05d}",
                first_name=HARD_NAMES[i % len(HARD_NAMES)].split()[0],
                last_name=HARD_NAMES[i % len(HARD_NAMES)].split()[1],
                email=f"bench{i:05d}@example.nl",
            )
            for i in range(count)
        ]
    )
    enrollments = Enrollment.objects.bulk_create(
        [Enrollment(edition=edition, learner=u, organisation=organisation) for u in users]
    )
    now = timezone.now()
    CourseResult.objects.bulk_create(
        [
            CourseResult(enrollment=e, passed=True, rules=[], computed_at=now, passed_at=now)
            for e in enrollments
        ]
    )
    certificates = Certificate.objects.bulk_create(
        [
            Certificate(
                enrollment=e,
                verification_code=new_verification_code(),
                name=f"{u.first_name} {u.last_name}",
            )
            for e, u in zip(enrollments, users, strict=True)
        ]
    )
    admin = User.objects.create(username="bench-admin", is_staff=True, is_superuser=True)
    return {"certificate_ids": [c.pk for c in certificates], "admin_id": admin.pk}


def step_approve(*, certificate_ids: list[int], admin_id: int, timeout: float) -> dict:
    from django.contrib.auth import get_user_model

    from certificates import services
    from certificates.models import Certificate

    admin = get_user_model().objects.get(pk=admin_id)
    started = time.perf_counter()
    issued = services.certificate_approve(certificate_ids=certificate_ids, by=admin)
    approved = time.perf_counter() - started
    done = Certificate.objects.filter(pk__in=certificate_ids, rendered_at__isnull=False)
    while done.count() < len(certificate_ids):
        if time.perf_counter() - started > timeout:
            break
        time.sleep(0.2)
    total = time.perf_counter() - started
    rendered = done.count()
    return {
        "issued": len(issued),
        "rendered": rendered,
        "with_credential": done.filter(credential__isnull=False).count(),
        "approve_seconds": round(approved, 2),
        "all_pdfs_seconds": round(total, 2),
        "emailed": Certificate.objects.filter(emailed_at__isnull=False).count(),
    }


STEPS = {"seed": step_seed, "approve": step_approve}
STEPS_MODULE = "bench.certificates"  # where run_step finds STEPS


def start_worker(env: dict, node: str, log: Path):
    return start_celery_worker(
        env,
        node,
        log,
        queues="certificates",
        concurrency=1,
        prefetch=4,
        extra=("--without-gossip", "--without-mingle", "--loglevel", "info"),
    )


def bench_bulk(count: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="lms-bench-certificates-"))
    workers: list = []
    try:
        flush_redis(BROKER_URL)
        with temp_database("lms_bench_certs") as database:
            env = production_env(
                tmp,
                LMS_DATABASE_URL=database_url(database),
                LMS_BROKER_URL=BROKER_URL,
                LMS_BASE_URL="https://leren.example.nl",
                LMS_EMAIL_URL="locmem://",
                LMS_CERTIFICATE_SIGNING_KEY=secrets.token_hex(32),
                PYTHONUNBUFFERED="1",
                LMS_CELERY_EAGER=None,
                LMS_CACHE_URL=None,
            )
            manage(env, "migrate", "-v0")
            seed = run_step(env, STEPS_MODULE, "seed", count=count)
            logs = [tmp / f"worker{i}.log" for i in range(2)]
            node = f"bench-certs-{secrets.token_hex(3)}"
            try:
                workers = [start_worker(env, f"{node}-{i}", log) for i, log in enumerate(logs)]
                wait_celery_ready(logs)
                result = run_step(env, STEPS_MODULE, "approve", **seed, timeout=BULK_TIMEOUT)
            finally:
                for worker in workers:
                    stop(worker)
    except BaseException:
        print_log_tails(tmp, "worker*.log")
        raise
    finally:
        try:
            flush_redis(BROKER_URL)
        except Exception as exc:  # noqa: BLE001 - reported, never hidden
            print(f"warning: could not empty the Redis database: {exc}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "bulk_certificates": count,
        "bulk_workers": 2,
        **{f"bulk_{k}": v for k, v in result.items()},
        "bulk_goal_seconds": GOAL_BULK_SECONDS,
        "bulk_goal_met": result["rendered"] == count
        and result["all_pdfs_seconds"] < GOAL_BULK_SECONDS,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--certificates", type=int, default=1000)
    parser.add_argument("--skip-bulk", action="store_true")
    args = parser.parse_args()
    load_before = round(os.getloadavg()[0], 2)
    summary = {"bench": "certificates"}
    render = bench_render(args.renders)
    print(
        f"render           reportlab {render['reportlab_per_second']}/s"
        + (
            f", WeasyPrint {render['weasyprint_per_second']}/s, ratio {render['ratio']}×"
            if "ratio" in render
            else f", WeasyPrint: {render.get('weasyprint')}"
        )
    )
    summary.update(render)
    if not args.skip_bulk:
        bulk = bench_bulk(args.certificates)
        print(
            f"bulk approval    {bulk['bulk_rendered']}/{args.certificates} PDFs in"
            f" {bulk['bulk_all_pdfs_seconds']} s (approve {bulk['bulk_approve_seconds']} s)"
        )
        summary.update(bulk)
    summary["host_cpus"] = os.cpu_count()
    summary["load_average_1m"] = [load_before, round(os.getloadavg()[0], 2)]
    print(json.dumps(summary))


if __name__ == "__main__":
    main()

"""Asking for a report and making it: the task (`tasks.report_build`) reads the enrolments
of the report's scope, writes the XLSX and the PDF and keeps `done`/`total` up to date for
the page that shows its progress. Making a report twice changes nothing the second time."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from . import data as report_data
from . import pdf, scopes, tasks, xlsx
from .models import Report

logger = logging.getLogger(__name__)

# The share of the work each phase stands for, in steps of the progress indicator.
GATHER, WRITE_XLSX, WRITE_PDF = 40, 45, 15
TOTAL = GATHER + WRITE_XLSX + WRITE_PDF


def report_request(
    *, scope: str, key: str, period: report_data.Period, by, now: datetime | None = None
) -> Report:
    """A new report, made by a worker after the commit; the one still being made when the
    same report is asked for again (a double click, an impatient reload)."""
    found = scopes.scope_for(scope)
    unfinished = Report.objects.filter(
        scope=scope,
        key=key,
        period_start=period.start,
        period_end=period.end,
        status__in=(Report.Status.QUEUED, Report.Status.RUNNING),
    ).first()
    if unfinished is not None:
        return unfinished
    report = Report.objects.create(
        scope=scope,
        key=key,
        title=found.title(key),
        period_start=period.start,
        period_end=period.end,
        requested_by=by,
        total=TOTAL,
        created_at=now or timezone.now(),
    )
    transaction.on_commit(lambda: tasks.report_build.delay(report.pk), robust=True)
    return report


class _Meter:
    """Writes the progress to the row, at most once per percent (a few dozen updates)."""

    def __init__(self, report_id: int):
        self.report_id = report_id
        self.last = -1

    def phase(self, offset: int, size: int):
        def progress(done: int, total: int) -> None:
            self.set(offset + (size * done // total if total else size))

        return progress

    def set(self, done: int) -> None:
        if done > self.last:
            self.last = done
            Report.objects.filter(pk=self.report_id).update(done=done)


def report_build(*, report_id: int, now: datetime | None = None) -> bool:
    """Make the report's files; False when it is gone or already made (or being made)."""
    now = now or timezone.now()
    claimed = Report.objects.filter(
        pk=report_id, status__in=(Report.Status.QUEUED, Report.Status.FAILED)
    ).update(status=Report.Status.RUNNING, started_at=now, done=0, total=TOTAL)
    if not claimed:
        return False
    report = Report.objects.get(pk=report_id)
    scope = scopes.scope_for(report.scope)
    meter = _Meter(report.pk)
    figures = report_data.report_data(
        scope.enrollments(report.key),
        title=report.title,
        period=report_data.Period(report.period_start, report.period_end),
        now=now,
        progress=meter.phase(0, GATHER),
    )
    workbook = xlsx.report_xlsx(figures, progress=meter.phase(GATHER, WRITE_XLSX))
    meter.set(GATHER + WRITE_XLSX)
    summary = pdf.report_pdf(figures)
    name = f"{slugify(report.title) or 'rapport'}-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}"
    report.xlsx.save(f"{name}.xlsx", ContentFile(workbook), save=False)
    report.pdf.save(f"{name}.pdf", ContentFile(summary), save=False)
    report.status = Report.Status.DONE
    report.done = TOTAL
    report.employees = len(figures.rows)
    report.finished_at = timezone.now()
    report.save(update_fields=["xlsx", "pdf", "status", "done", "employees", "finished_at"])
    return True


# A report that waits this long was lost on its way to a worker (or its worker died): the
# sweep sends it again. Longer than the task's hard time limit, so none runs twice at once.
STALE = timedelta(minutes=10)


# A report holds names and results of people: it is kept this long, then removed with its
# files (the page says so); a newer one is made in a minute.
KEEP = timedelta(days=30)


def reports_expire(*, now: datetime) -> int:
    """Remove reports older than KEEP and their files; how many."""
    removed = 0
    for report in Report.objects.filter(created_at__lt=now - KEEP)[:200]:
        names = [f.name for f in (report.xlsx, report.pdf) if f]
        storage = report.xlsx.storage
        report.delete()
        transaction.on_commit(
            lambda names=names, storage=storage: [storage.delete(n) for n in names]
        )
        removed += 1
    return removed


def reports_sweep(*, now: datetime | None = None) -> int:
    """Send the reports again that were asked for but not made, and remove old ones; how
    many were sent again."""
    now = now or timezone.now()
    reports_expire(now=now)
    stale = Report.objects.filter(
        Q(status=Report.Status.QUEUED, created_at__lt=now - STALE)
        | Q(status=Report.Status.RUNNING, started_at__lt=now - STALE)
    )
    ids = list(stale.values_list("pk", flat=True)[:100])
    Report.objects.filter(pk__in=ids).update(status=Report.Status.QUEUED)
    for report_id in ids:
        transaction.on_commit(lambda pk=report_id: tasks.report_build.delay(pk), robust=True)
    return len(ids)


def report_failed(exc: Exception, report_id: int, *args, **kwargs) -> None:
    """The task gave up: the page says so and offers to ask again."""
    logger.error("report %s failed: %r", report_id, exc)
    Report.objects.filter(pk=report_id).update(
        status=Report.Status.FAILED, finished_at=timezone.now()
    )

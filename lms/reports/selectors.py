"""Reads of reports: the latest ones of a scope, one for a person who may see it."""

from __future__ import annotations

from .models import Report
from .scopes import scope_for

RECENT = 5


def reports_recent(*, scope: str, key: str) -> list[Report]:
    return list(Report.objects.filter(scope=scope, key=key)[:RECENT])


def report_for_viewer(user, report_id: int) -> Report | None:
    """The report when this person may see its scope's reports; None for anyone else."""
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return None
    try:
        scope = scope_for(report.scope)
    except LookupError:
        return None
    return report if scope.can_view(user, report.key) else None

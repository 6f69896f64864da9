"""One Dutch way of writing dates, on every page, in every e-mail and file (core.dates)."""

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from core.dates import format_when

MORNING = datetime(2026, 12, 8, 8, 0, tzinfo=ZoneInfo("UTC"))  # 09:00 in Amsterdam


@pytest.mark.parametrize(
    ("style", "dutch", "english"),
    [
        ("day", "dinsdag 8 december 2026", "Tuesday 8 December 2026"),
        ("day_time", "dinsdag 8 december 2026, 09:00", "Tuesday 8 December 2026, 09:00"),
        ("date", "8 december 2026", "8 December 2026"),
        ("short", "8 dec. 2026", "8 Dec. 2026"),
        ("short_time", "8 dec. 2026, 09:00", "8 Dec. 2026, 09:00"),
        ("day_month", "8 dec.", "8 Dec."),
        ("weekday_time", "dinsdag 8 december, 09:00", "Tuesday 8 December, 09:00"),
    ],
)
def test_a_moment_reads_the_same_way_everywhere_in_the_visitors_language(style, dutch, english):
    with translation.override("nl"):
        assert format_when(MORNING, style) == dutch
    with translation.override("en"):
        assert format_when(MORNING, style) == english


def test_abbreviated_months_are_dutch_with_a_full_stop_and_may_stays_whole():
    with translation.override("nl"):
        months = [format_when(date(2026, m, 1), "day_month") for m in range(1, 13)]
    assert months == [
        "1 jan.", "1 feb.", "1 mrt.", "1 apr.", "1 mei", "1 jun.",
        "1 jul.", "1 aug.", "1 sep.", "1 okt.", "1 nov.", "1 dec.",
    ]  # fmt: skip


def test_a_moment_is_shown_in_the_sites_time_zone_and_nothing_for_no_date():
    late = datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))  # already 1 January here
    with translation.override("nl"):
        assert format_when(late, "short_time") == "1 jan. 2027, 00:30"
        assert format_when(None, "day") == ""
    with pytest.raises(ValueError, match="unknown date style"):
        format_when(late, "fancy")


def test_the_template_filter_uses_the_same_styles():
    template = Template('{% load courses_tags %}{{ d|when:"day" }} · {{ d|when }}')
    with translation.override("nl"):
        assert template.render(Context({"d": date(2026, 10, 6)})) == (
            "dinsdag 6 oktober 2026 · 6 oktober 2026"
        )


MACHINE_FORMATS = {"c", "Y-m-d", "r", "U"}


def test_no_template_writes_a_date_by_hand_for_people_to_read():
    """Only machine formats (datetime attributes, form values) may use Django's `date`
    filter; a date for people goes through `when`, so no page shows "Okt" or "Dec"."""
    root = Path(settings.BASE_DIR)
    found = []
    for path in root.rglob("*"):
        if path.suffix not in {".html", ".txt", ".ics"} or ".venv" in path.parts:
            continue
        if "node_modules" in path.parts or "var" in path.relative_to(root).parts[:1]:
            continue
        for match in re.finditer(r"\|date(?::[\"']([^\"']*)[\"'])?", path.read_text("utf-8")):
            if match.group(1) not in MACHINE_FORMATS:
                found.append(f"{path.relative_to(root)}: {match.group(0)}")
    assert found == []


def test_no_python_module_formats_a_date_for_people_by_hand():
    root = Path(settings.BASE_DIR)
    skipped = {".venv", "tests", "bench", "migrations", "node_modules", "var"}
    found = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if not skipped.intersection(path.relative_to(root).parts)
        and path.relative_to(root).as_posix() != "core/dates.py"
        and re.search(r"date_format\(|strftime\(\"%d", path.read_text("utf-8"))
    ]
    assert found == []

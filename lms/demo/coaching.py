"""A planned coaching moment and an announcement, so that the demo shows both: on the
learner's dashboard and in their calendar feed, in the trainer's week and announcements."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta

from django.utils import timezone

from courses.models import Course, Enrollment
from lms.models import Announcement, CoachingMoment

from .editions import weekday_away_from
from .report import DemoReport

COACHING_TOPIC = "Meeluisteren: je klantgesprek aan de balie"
ANNOUNCEMENT_TITLE = "Neem je eigen klantgesprek mee"
ANNOUNCEMENT_BODY = """Op de volgende lesdag oefenen we met **echte gesprekken**.

- Neem een gesprek mee dat je aan de balie had (zonder namen).
- Schrijf op wat de klant wilde, en wat je zelf voelde.

Tot dan!"""


def coaching_ensure(
    *, course: Course, users: Mapping[str, object], now: datetime, report: DemoReport
) -> None:
    enrollment = (
        Enrollment.objects.filter(edition__course=course, learner=users["cursist"])
        .select_related("edition")
        .first()
    )
    if enrollment is None:
        return
    trainer = users["trainer"]
    today = timezone.localdate(now)
    day = weekday_away_from(today + timedelta(days=2), today)
    tz = timezone.get_current_timezone()
    _moment, created = CoachingMoment.objects.get_or_create(
        enrollment=enrollment,
        topic=COACHING_TOPIC,
        defaults={
            "planned_by": trainer,
            "starts_at": datetime.combine(day, time(10, 0), tzinfo=tz),
            "ends_at": datetime.combine(day, time(10, 45), tzinfo=tz),
            "location": "Telefonisch: ik bel je op je werknummer",
            "video_url": "",
            "created_at": now,
            "updated_at": now,
        },
    )
    report.add("coachingsgesprekken", created)
    _announcement, created = Announcement.objects.get_or_create(
        edition=enrollment.edition,
        title=ANNOUNCEMENT_TITLE,
        defaults={
            "author": trainer,
            "body": ANNOUNCEMENT_BODY,
            "posted_at": now,
            "expires_on": today + timedelta(days=30),
        },
    )
    report.add("mededelingen", created)

"""The course of the seed text on its public page: three modules on five dagdelen, € 1.075,
editions per region; and the sign-up form's fields."""

import datetime as dt
import re
from decimal import Decimal

from django.core import mail
from django.utils import timezone

from core.outbox import services as outbox
from courses.models import Edition
from tests import factories as f

PASSING = "Slaag je, dan krijg je een certificaat van de NVVB en de PublieksAcademie."
DAYS = (  # module, days after the first, start, end, first and last dagdeel
    (1, 0, dt.time(8, 30), dt.time(12, 30), 1, 1),
    (2, 28, dt.time(9, 0), dt.time(17, 0), 2, 3),
    (3, 56, dt.time(9, 0), dt.time(17, 0), 4, 5),
)


def build_course(slug: str = "dienstverlening"):
    course = f.CourseFactory(
        title="Vaardigheidsmodule Dienstverlening",
        slug=slug,
        description="Dienstverlening is een **vak**.\n\n<script>alert(1)</script>",
        price_excl_vat=Decimal("1075.00"),
        passing_gives=PASSING,
    )
    titles = ("Inleiding", "Waardevolle gesprekken", "Omgaan met emoties")
    for order, title in enumerate(titles, start=1):
        f.CourseModuleFactory(course=course, order=order, title=title)
    return course


def build_edition(course, *, name: str, region: str, first_day: dt.date, capacity: int = 3, **kw):
    edition = f.EditionFactory(
        course=course,
        name=name,
        region=region,
        capacity=capacity,
        status=kw.pop("status", Edition.Status.OPEN),
        **kw,
    )
    modules = {m.order: m for m in course.modules.all()}
    for order, offset, start, end, first, last in DAYS:
        f.ClassroomSessionFactory(
            edition=edition,
            module=modules[order],
            date=first_day + dt.timedelta(days=offset),
            start_time=start,
            end_time=end,
            location=f"Stadskantoor {name}",
            first_dagdeel=first,
            last_dagdeel=last,
        )
    return edition


def first_day(weeks: int = 6) -> dt.date:
    return timezone.localdate() + dt.timedelta(weeks=weeks)


def form_data(edition, *learners, **extra) -> dict:
    """The sign-up form's fields: the edition, rows of (first name, last name, e-mail), the
    invoice details; `extra` adds or overrides fields."""
    learners = learners or (("Jan", "Jansen", "jan.jansen@zwolle.nl"),)
    data = {
        "edition": str(edition.pk),
        "learners-TOTAL_FORMS": "10",
        "learners-INITIAL_FORMS": "0",
        "learners-MIN_NUM_FORMS": "1",
        "learners-MAX_NUM_FORMS": "10",
        "invoice_name": "Gemeente Zwolle",
        "invoice_address": "Grote Kerkplein 15\n8011 PK Zwolle",
        "invoice_reference": "PO-2026-114",
        "organisation_name": "Gemeente Zwolle",
        "remarks": "",
        "website": "",
    }
    for index, (first, last, email) in enumerate(learners):
        data[f"learners-{index}-first_name"] = first
        data[f"learners-{index}-last_name"] = last
        data[f"learners-{index}-email"] = email
    data.update(extra)
    return data


def send_outbox() -> list:
    """Send what the outbox holds; the messages sent now."""
    before = len(mail.outbox)
    outbox.outbox_send()
    return mail.outbox[before:]


def link_in(message, pattern: str) -> str:
    found = re.search(r"https?://\S+?(" + pattern + ")", message.body)
    assert found, message.body
    return found[1]


INVITATION = r"/accounts/invitation/\d+/[0-9a-f]+/"
OFFER = r"/cursussen/aanbod/\d+/[0-9a-f]+/"

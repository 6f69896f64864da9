"""A trainer on a 390 px phone goes from their home by links only to the question bank of the
course they teach, filters it, previews a question as a learner sees it with its key, and
downloads a category as GIFT: no sideways scrolling, axe-core finds nothing serious."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from assessments import models as am
from assessments.questions import gift, specs
from tests import factories as f
from tests.browser import test_small_screens as small
from tests.browser.helpers import inject_axe

axe_script = small.axe_script  # the session fixture that installs axe-core

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMOTION = specs.SingleChoiceSpec(
    (
        specs.Choice("boos", Decimal(1), "Goed gezien."),
        specs.Choice("blij"),
        specs.Choice("bedroefd"),
    )
)


def fits(page) -> list[str]:
    found = list(page.evaluate(small.SERIOUS))
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > small.WIDTH:
        found.append(f"scrolls sideways: {width} px ({page.evaluate(small.WIDEST)})")
    return found


def test_a_trainer_opens_the_bank_from_home_filters_and_previews_a_question_on_a_phone(
    page, live_server, axe_script
):
    course = f.build_course(lessons_per_module=1, modules=1)
    trainer = f.UserFactory(first_name="Anouk", last_name="Hendriks")
    edition = f.build_edition(
        course, first_day=timezone.localdate(), trainers=[trainer], name="Noord najaar"
    )
    exam = am.QuestionCategory.objects.create(course=course, name="Examen")
    emotions = am.QuestionCategory.objects.create(
        course=course, name="Examen/Emoties en gevoelens bij klanten aan de balie"
    )
    am.SingleChoiceQuestion.objects.create(
        category=emotions,
        name="Hard en snel",
        text="Een klant praat hard en snel. Welke emotie zie je waarschijnlijk?",
        general_feedback="Let op toon en tempo.",
        key=specs.spec_to_json(EMOTION),
    )
    for i in range(30):
        am.TrueFalseQuestion.objects.create(
            category=exam,
            name=f"Stelling {i:02d} over samenvatten, doorvragen en de klant laten uitpraten",
            text="Samenvatten helpt de klant om zich gehoord te voelen.",
            key=specs.spec_to_json(specs.TrueFalseSpec(True)),
        )
    client = Client()
    client.force_login(trainer)
    page.set_viewport_size({"width": small.WIDTH, "height": 800})
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(live_server.url + "/teach/")
    page.get_by_role("link", name=edition.name).click()
    page.get_by_role("link", name="Vragenbank").click()
    page.get_by_role("heading", name="31 vragen").wait_for()
    assert page.get_by_role("link", name="Volgende pagina").is_visible()
    inject_axe(page, axe_script)
    assert fits(page) == []

    page.get_by_label("Zoek in naam en tekst").fill("klant emotie")
    page.get_by_label("Soort vraag").select_option(label="meerkeuzevraag (één antwoord)")
    page.get_by_role("button", name="Toon").click()
    page.get_by_role("heading", name="1 vraag gevonden").wait_for()
    inject_axe(page, axe_script)
    assert fits(page) == []

    page.get_by_role("link", name="Hard en snel").click()
    page.get_by_role("heading", name="Zo ziet de cursist de vraag").wait_for()
    radios = page.get_by_role("radio")
    assert radios.count() == 3
    page.get_by_label("boos").check()  # a learner's widget: it can be tried, nothing is saved
    key = page.locator("section.question-review")
    assert "Het goede antwoord" in key.inner_text()
    assert "Goed gezien." in key.inner_text() and "Let op toon en tempo." in key.inner_text()
    assert page.get_by_role("link", name="Bewerken").count() == 0  # a trainer, not an author
    inject_axe(page, axe_script)
    assert fits(page) == []

    page.get_by_role("link", name="Terug naar de vragenbank").click()
    page.get_by_role("heading", name="1 vraag gevonden").wait_for()
    page.locator("#id_export-category").select_option("Examen")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download (.gift)").click()
    assert download.value.suggested_filename == f"{course.slug}-examen.gift"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert len(gift.parse_gift(text)) == 31

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
from tests.assessments.test_item_analysis import SCORES, answers_for, graded_attempt, make_quiz
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


def statements(category, count: int, name: str = "Stelling {i}") -> None:
    for i in range(count):
        am.TrueFalseQuestion.objects.create(
            category=category,
            name=name.format(i=i),
            text="Samenvatten helpt de klant om zich gehoord te voelen.",
            key=specs.spec_to_json(specs.TrueFalseSpec(True)),
        )


def on_a_phone(page, live_server, user) -> None:
    """Logged in as `user`, 390 px wide."""
    client = Client()
    client.force_login(user)
    page.set_viewport_size({"width": small.WIDTH, "height": 800})
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


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
    statements(
        exam, 30, "Stelling {i:02d} over samenvatten, doorvragen en de klant laten uitpraten"
    )
    on_a_phone(page, live_server, trainer)

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


def test_an_author_who_teaches_edits_a_question_builds_the_quiz_previews_it_and_analyses_it(
    page, live_server, axe_script
):
    """From the home page by links only, on a phone: the bank, a question's edit form (a saved
    change shows as version 2), the quiz builder (a random place added), a preview attempt, and
    the item analysis with one click back to the flagged question's edit form."""
    quiz, bank = make_quiz()
    course = quiz.module.course
    trainer = f.UserFactory(first_name="Anouk", last_name="Hendriks")
    edition = f.build_edition(
        course, first_day=timezone.localdate(), trainers=[trainer], name="Noord najaar"
    )
    course.authors.add(trainer)
    for row in SCORES.values():  # "Vraag 3" goes against the rest of the test
        graded_attempt(quiz, bank, answers_for(row), edition=edition)
    extra = am.QuestionCategory.objects.create(course=course, name="Stellingen")
    statements(extra, 3)
    on_a_phone(page, live_server, trainer)

    def check():
        inject_axe(page, axe_script)
        assert fits(page) == [], page.url

    page.goto(live_server.url + "/teach/")
    page.get_by_role("link", name=edition.name).click()
    page.get_by_role("link", name="Vragenbank").click()
    page.get_by_role("heading", name="6 vragen").wait_for()
    check()

    page.get_by_role("link", name="Bewerken (Vraag 1)").click()
    page.get_by_role("heading", name="Vraag 1 bewerken").wait_for()
    assert "houden de vraag en de sleutel zoals ze toen waren" in page.content()
    check()
    page.get_by_label("Naam", exact=True).fill("Vraag 1: hard en snel")
    page.get_by_label("Antwoord 2: feedback").fill("Blij praat zelden zo.")
    page.get_by_role("button", name="Bewaar").click()
    page.get_by_role("heading", name="Vraag 1: hard en snel").wait_for()
    versions = page.locator("section", has=page.get_by_role("heading", name="Versies"))
    assert "Versie 2" in versions.inner_text() and "Anouk Hendriks" in versions.inner_text()
    check()

    page.get_by_role("link", name="Terug naar de vragenbank").click()
    page.get_by_role("link", name="Toetsen van deze cursus").click()
    page.get_by_role("heading", name="Toetsen").wait_for()
    check()
    page.get_by_role("link", name="Samenstellen (Toets emoties)").click()
    page.get_by_role("heading", name="Toets emoties samenstellen").wait_for()
    check()
    new_place = page.locator("fieldset", has=page.get_by_text("Nieuwe plek", exact=True))
    new_place.get_by_label("Volgorde").fill("4")
    new_place.get_by_label("Of willekeurig uit categorie").select_option(
        label="Stellingen (3 vragen)"
    )
    new_place.get_by_label("Aantal vragen").fill("2")
    page.get_by_role("button", name="Bewaar").click()
    page.get_by_role("heading", name="Weet je het zeker?").wait_for()  # it was taken
    check()
    page.get_by_role("button", name="Ja, bewaar de wijzigingen").click()
    page.get_by_text("De pogingen die al gemaakt zijn, blijven zoals ze waren.").wait_for()
    assert quiz.slots.filter(category=extra, count=2).exists()

    page.get_by_role("link", name="Proefpoging").click()
    page.get_by_role("heading", name="Proefpoging: Toets emoties").wait_for()
    assert page.get_by_role("radio").count() == 3 * 3 + 2 * 2
    check()
    page.get_by_role("button", name="Lever in en bekijk de uitslag").click()
    page.get_by_role("heading", name="Uitslag van de proefpoging").wait_for()
    check()
    attempts_before = am.Attempt.objects.count()

    page.goto(live_server.url + "/teach/")
    page.get_by_role("link", name=edition.name).click()
    page.get_by_role("link", name="Analyse van de toetsvragen").click()
    page.get_by_role("link", name="Toets emoties").click()
    page.get_by_role("heading", name="Vragen om na te kijken").wait_for()
    check()
    card = page.locator("article", has=page.get_by_role("heading", name="3. Vraag 3"))
    card.get_by_role("link", name="Opnieuw nakijken (Vraag 3)").click()
    page.get_by_role("heading", name="Vraag 3 opnieuw nakijken").wait_for()
    check()
    page.go_back()
    card.get_by_role("link", name="Vraag aanpassen (Vraag 3)").click()
    page.get_by_role("heading", name="Vraag 3 bewerken").wait_for()
    assert am.Attempt.objects.count() == attempts_before == len(SCORES)  # no preview counted

"""The question bank for trainers (issue 16): browse a course's questions by category, type and
words, preview one as a learner sees it with its key in words, and download a category as
GIFT that imports back the same. Trainers of the course's editions browse; anyone else 404."""

import datetime as dt
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import models as am
from assessments.questions import gift, specs
from assessments.questions.selectors import (
    category_tree_flat,
    question_bank_list,
    question_category_tree,
)
from assessments.questions.services import question_bank_export_gift, question_import_gift
from tests import factories as f
from tests.plugin_app.models import GapsQuestion
from tests.plugin_app.questions import GapsSpec

pytestmark = pytest.mark.django_db

EMOTION = specs.SingleChoiceSpec(
    (
        specs.Choice("boos", Decimal(1), "Goed gezien: hard en snel praten past bij boos."),
        specs.Choice("blij", Decimal(0), "Blij praat zelden zo."),
        specs.Choice("bedroefd"),
    )
)
TRUE = specs.TrueFalseSpec(True)
SHORT = specs.ShortAnswerSpec((specs.Choice("samenvatten", Decimal(1)),))


def add(category, name, spec=EMOTION, model=None, **fields):
    model = model or am.QUESTION_CLASS_FOR_SPEC[type(spec)]
    fields.setdefault("text", f"Tekst van {name}")
    return model.objects.create(
        category=category, name=name, key=specs.spec_to_json(spec), **fields
    )


class Bank:
    """A course given in one edition, with a bank:

    Examen (2)            own questions
    Examen/Emoties (3)
    Oefenen/Boos (1)      "Oefenen" exists only as the parent of "Oefenen/Boos"
    """

    def __init__(self):
        self.course = f.build_course(lessons_per_module=1, modules=1)
        self.trainer = f.UserFactory(first_name="Anouk", last_name="Hendriks")
        self.edition = f.build_edition(
            self.course, first_day=timezone.localdate(), trainers=[self.trainer]
        )
        self.author = f.UserFactory(first_name="Ruud", last_name="Kuipers")
        self.course.authors.add(self.author)
        cat = am.QuestionCategory.objects.create
        self.exam = cat(course=self.course, name="Examen")
        self.emotions = cat(course=self.course, name="Examen/Emoties")
        self.practice = cat(course=self.course, name="Oefenen/Boos")
        self.q_emotion = add(
            self.emotions,
            "Hard en snel",
            text="Een klant praat hard en snel. Welke emotie zie je?",
            general_feedback="Let op toon en tempo.",
        )
        add(self.emotions, "Huilen", text="Een klant huilt aan de balie.")
        add(self.emotions, "Samenvatten", SHORT, text="Wat doe je na een lang verhaal?")
        add(self.exam, "Balie", TRUE, text="Samenvatten helpt de klant.")
        add(self.exam, "Wachten", TRUE, text="Laat de klant lang wachten.")
        add(self.practice, "Oefen", TRUE, text="Boosheid gaat vaak over iets anders.")

    def url(self, name="question_bank", *args, **query):
        url = reverse(f"assessments_trainer:{name}", args=[self.course.pk, *args])
        return f"{url}?{urlencode(query)}" if query else url

    def preview_url(self, question):
        return self.url("question_preview", question.pk)


@pytest.fixture
def bank():
    return Bank()


def names(response) -> list[str]:
    return [row["question"].name for row in response.context["rows"]]


# --- who may -------------------------------------------------------------------------------


def test_a_trainer_of_an_edition_of_the_course_browses_and_previews_the_bank(client, bank):
    client.force_login(bank.trainer)
    page = client.get(bank.url())
    assert page.status_code == 200
    assert len(page.context["rows"]) == 6
    assert client.get(bank.preview_url(bank.q_emotion)).status_code == 200
    export = client.get(bank.url("question_bank_export", **{"export-category": "Examen"}))
    assert export.status_code == 200


def test_a_trainer_of_another_course_finds_no_bank_here(client, bank):
    other = f.build_course(lessons_per_module=1, modules=1)
    stranger = f.UserFactory()
    f.build_edition(other, first_day=timezone.localdate(), trainers=[stranger])
    client.force_login(stranger)
    for url in (
        bank.url(),
        bank.preview_url(bank.q_emotion),
        bank.url("question_bank_export", **{"export-category": "Examen"}),
        reverse("assessments_trainer:question_bank_for_edition", args=[bank.edition.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_learner_finds_no_bank(client, bank):
    learner = f.EnrollmentFactory(edition=bank.edition).learner
    client.force_login(learner)
    assert client.get(bank.url()).status_code == 404
    assert client.get(bank.preview_url(bank.q_emotion)).status_code == 404
    assert client.get(reverse("assessments_trainer:question_bank_index")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, bank):
    for url in (bank.url(), bank.preview_url(bank.q_emotion), bank.url("question_bank_export")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_question_of_another_course_is_not_in_this_bank(client, bank):
    other = f.build_course(lessons_per_module=1, modules=1)
    foreign = add(am.QuestionCategory.objects.create(course=other, name="X"), "Vreemd")
    client.force_login(bank.trainer)
    assert client.get(bank.preview_url(foreign)).status_code == 404


def test_only_authors_and_administrators_see_the_edit_and_import_links(client, bank):
    edit = bank.url("question_edit", bank.q_emotion.pk)
    client.force_login(bank.trainer)
    assert edit not in client.get(bank.url()).content.decode()
    assert edit not in client.get(bank.preview_url(bank.q_emotion)).content.decode()
    assert reverse("assessments:gift_import") not in client.get(bank.url()).content.decode()
    for user in (bank.author, f.AdminFactory()):
        client.force_login(user)  # the author teaches no edition: authoring is enough
        assert edit in client.get(bank.url()).content.decode()
        preview = client.get(bank.preview_url(bank.q_emotion)).content.decode()
        assert f'href="{edit}"' in preview and "Bewerken" in preview
        assert reverse("assessments:gift_import") in client.get(bank.url()).content.decode()


# --- the tree, filters, search, pages --------------------------------------------------------


def test_the_tree_nests_categories_by_name_with_own_and_total_counts(bank):
    tree = question_category_tree(course_id=bank.course.pk)
    assert [(n.path, n.own, n.total) for n in tree] == [("Examen", 2, 5), ("Oefenen", 0, 1)]
    exam, practice = tree
    assert [(n.label, n.own, n.total) for n in exam.children] == [("Emoties", 3, 3)]
    assert practice.category_id is None  # only a parent of "Oefenen/Boos"
    assert [n.path for n in category_tree_flat(tree)] == [
        "Examen",
        "Examen/Emoties",
        "Oefenen",
        "Oefenen/Boos",
    ]


def test_the_page_shows_the_tree_with_counts(client, bank):
    client.force_login(bank.trainer)
    html = client.get(bank.url()).content.decode()
    assert "· 6 vragen" in html  # all categories
    assert "· 5 vragen, waarvan 2 in deze categorie zelf" in html
    assert "?category=Examen%2FEmoties" in html


def test_a_category_filter_includes_its_subcategories_unless_asked_not_to(client, bank):
    client.force_login(bank.trainer)
    assert len(names(client.get(bank.url(category="Examen")))) == 5
    assert sorted(names(client.get(bank.url(category="Examen", only="1")))) == [
        "Balie",
        "Wachten",
    ]
    assert names(client.get(bank.url(category="Oefenen"))) == ["Oefen"]


def test_the_type_filter_offers_every_registered_type_a_third_partys_too(client, bank):
    add(
        bank.exam,
        "Gaten",
        GapsSpec("Een klant die [[boos]] is."),
        model=GapsQuestion,
    )
    client.force_login(bank.trainer)
    page = client.get(bank.url())
    kinds = dict(page.context["form"].fields["type"].choices)
    assert kinds["single_choice"] == "meerkeuzevraag (één antwoord)"
    assert kinds["gaps"] == "invulvraag met gaten"
    assert names(client.get(bank.url(type="gaps"))) == ["Gaten"]
    assert sorted(names(client.get(bank.url(type="true_false", category="Examen")))) == [
        "Balie",
        "Wachten",
    ]


def test_search_finds_questions_with_every_word_in_their_name_or_text(client, bank):
    client.force_login(bank.trainer)
    # In the bank's order: by category, then name.
    assert names(client.get(bank.url(q="klant"))) == ["Balie", "Wachten", "Hard en snel", "Huilen"]
    assert names(client.get(bank.url(q="KLANT  huilt"))) == ["Huilen"]
    assert names(client.get(bank.url(q="balie klant"))) == ["Balie", "Huilen"]  # name or text
    assert names(client.get(bank.url(q="samenvatten"))) == ["Balie", "Samenvatten"]
    page = client.get(bank.url(q="niemand"))
    assert "Geen vragen gevonden met deze filters." in page.content.decode()


def test_an_unknown_filter_value_is_ignored_and_said(client, bank):
    client.force_login(bank.trainer)
    page = client.get(bank.url(category="Bestaat niet", type="nope"))
    assert len(page.context["rows"]) == 6
    assert "Een filter klopt niet meer en is overgeslagen" in page.content.decode()


def test_the_list_is_paginated_and_a_page_link_keeps_the_filters(client, bank):
    for i in range(30):
        add(bank.emotions, f"Extra {i:02d}", TRUE)
    client.force_login(bank.trainer)
    first = client.get(bank.url(category="Examen/Emoties"))
    assert len(first.context["rows"]) == 25
    assert first.context["page"].paginator.count == 33
    next_url = first.context["next_url"]
    assert "category=Examen%2FEmoties" in next_url and "page=2" in next_url
    second = client.get(next_url)
    assert len(second.context["rows"]) == 8
    assert "Pagina 2 van 2" in second.content.decode()
    assert client.get(bank.url(page="99")).context["page"].number == 2  # the last page
    assert client.get(bank.url(page="x")).context["page"].number == 1
    # A preview keeps the way back to the same page of the list.
    preview = client.get(second.context["rows"][0]["url"])
    assert "page=2" in preview.context["back_url"]
    assert "category=Examen%2FEmoties" in preview.context["back_url"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_bank_and_a_preview_take_as_many_queries_for_5_as_for_50_questions(
    client, django_assert_max_num_queries
):
    course = f.build_course(lessons_per_module=1, modules=1)
    trainer = f.UserFactory()
    f.build_edition(course, first_day=timezone.localdate(), trainers=[trainer])
    categories = [
        am.QuestionCategory.objects.create(course=course, name=name)
        for name in ("A", "A/B", "A/B/C", "D")
    ]
    kinds = [EMOTION, TRUE, SHORT]
    for i in range(5):
        add(categories[i % 4], f"V{i:03d}", kinds[i % 3])
    client.force_login(trainer)
    url = reverse("assessments_trainer:question_bank", args=[course.pk])
    filtered = f"{url}?{urlencode({'category': 'A', 'type': 'true_false', 'q': 'tekst'})}"
    question = am.Question.objects.filter(category__course=course).first()
    preview = reverse("assessments_trainer:question_preview", args=[course.pk, question.pk])
    _queries(client, url)  # warm: content types are cached per process
    small = [_queries(client, u) for u in (url, filtered, preview)]
    for i in range(5, 50):
        add(categories[i % 4], f"V{i:03d}", kinds[i % 3])
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    large = [_queries(client, u) for u in (url, filtered, preview)]
    assert small == large


# --- the preview -------------------------------------------------------------------------------


def test_the_preview_shows_the_learners_widget_and_the_key_in_words(client, bank):
    client.force_login(bank.trainer)
    page = client.get(bank.preview_url(bank.q_emotion))
    html = page.content.decode()
    # The attempt page's own widget: a fieldset with one radio input per choice.
    assert html.count('type="radio" name="q0"') == 3
    assert '<legend>Vraag 1 <span class="muted">(1 punt)</span></legend>' in html
    assert "Een klant praat hard en snel. Welke emotie zie je?" in html
    # The key in words (the type's review text) and the feedback.
    assert "<dt>Het goede antwoord</dt>\n    <dd>boos</dd>" in html
    assert "Goed gezien: hard en snel praten past bij boos." in html
    assert "Blij praat zelden zo." in html
    assert "Let op toon en tempo." in html
    assert page.context["kind"] == "meerkeuzevraag (één antwoord)"


def test_every_shipped_type_and_a_plugin_type_preview_as_learners_see_them(client, bank):
    cases = [
        (
            specs.MultipleResponseSpec(
                (specs.Choice("a", Decimal("0.5")), specs.Choice("b", Decimal("0.5")))
            ),
            'type="checkbox" name="q0"',
        ),
        (TRUE, 'type="radio" name="q0"'),
        (SHORT, 'name="q0"'),
        (specs.NumericSpec((specs.NumericAnswer(value=Decimal(5)),)), 'name="q0"'),
        (specs.MatchingSpec((("boos", "hard"), ("bang", "stil"))), 'name="q0-m0"'),
        (specs.OrderingSpec(("luisteren", "samenvatten", "oplossen")), 'name="q0-o0"'),
        (specs.EssaySpec(), "<textarea"),
        (specs.DescriptionSpec(), 'class="question-description"'),
    ]
    client.force_login(bank.trainer)
    for spec, widget in cases:
        question = add(bank.exam, type(spec).__name__, spec)
        page = client.get(bank.preview_url(question))
        assert page.status_code == 200
        assert widget in page.content.decode(), type(spec).__name__
    essay = client.get(bank.preview_url(am.Question.objects.get(name="EssaySpec")))
    assert "Een trainer beoordeelt het antwoord met de hand." in essay.content.decode()
    ordering = client.get(bank.preview_url(am.Question.objects.get(name="OrderingSpec")))
    html = ordering.content.decode()
    assert "<ol><li>luisteren</li><li>samenvatten</li><li>oplossen</li></ol>" in html
    gaps = add(bank.exam, "Gaten", GapsSpec("Een klant die [[boos]] is."), model=GapsQuestion)
    assert "Gat 1" in client.get(bank.preview_url(gaps)).content.decode()


def test_a_question_whose_key_cannot_be_read_says_so(client, bank):
    am.Question.objects.filter(pk=bank.q_emotion.pk).update(key={"type": "single_choice"})
    client.force_login(bank.trainer)
    page = client.get(bank.preview_url(bank.q_emotion))
    assert page.status_code == 200
    assert "De antwoordsleutel van deze vraag is niet leesbaar." in page.content.decode()


# --- GIFT export -------------------------------------------------------------------------------


def _specs_by_name(course, prefix=""):
    return {
        (q.category.name.removeprefix(prefix), q.name): (q.spec(), q.text, q.general_feedback)
        for q in am.Question.objects.filter(category__course=course).select_related("category")
    }


def test_an_export_has_category_lines_and_parses_back_to_the_same_questions(bank):
    export = question_bank_export_gift(course=bank.course, category="Examen")
    assert export.exported == 5 and export.skipped == ()
    assert export.text.count("$CATEGORY:") == 2
    assert "$CATEGORY: Examen\n" in export.text
    assert "$CATEGORY: Examen/Emoties\n" in export.text
    parsed = gift.parse_gift(export.text)
    stored = {
        q.name: q
        for q in question_bank_list(course_id=bank.course.pk, category="Examen").only(
            "key", "name", "text", "general_feedback", "category__name"
        )
    }
    assert sorted(p.name for p in parsed) == sorted(stored)
    for data in parsed:
        question = stored[data.name]
        assert data.spec == question.spec()
        assert data.category == question.category.name
        assert (data.text, data.general_feedback) == (question.text, question.general_feedback)


def test_an_export_without_subcategories_holds_only_the_category_itself(bank):
    export = question_bank_export_gift(course=bank.course, category="Examen", subcategories=False)
    assert sorted(q.name for q in gift.parse_gift(export.text)) == ["Balie", "Wachten"]


def test_export_then_import_into_the_same_name_gives_the_same_folders_and_questions(bank):
    text = question_bank_export_gift(course=bank.course, category="Examen").text
    copy = f.CourseFactory()
    report = question_import_gift(course=copy, category="Examen", text=text)
    assert report.created == 5
    assert sorted(copy.question_categories.values_list("name", flat=True)) == [
        "Examen",
        "Examen/Emoties",
    ]
    original = {k: v for k, v in _specs_by_name(bank.course).items() if k[0] != "Oefenen/Boos"}
    assert _specs_by_name(copy) == original
    # Into another category the file's folders come under it.
    other = f.CourseFactory()
    question_import_gift(course=other, category="Kopie", text=text)
    assert _specs_by_name(other, prefix="Kopie/") == original


def test_questions_gift_cannot_express_are_left_out_and_named_in_the_file(bank):
    add(bank.exam, "Volgorde", specs.OrderingSpec(("a", "b")))
    export = question_bank_export_gift(course=bank.course, category="Examen")
    assert export.exported == 5
    assert export.skipped == (("Volgorde", "GIFT kent geen volgordevraag"),)
    assert export.text.startswith(
        "// 1 vraag staat niet in dit bestand, omdat GIFT haar niet kan uitdrukken:\n"
        "// - ‘Volgorde’: GIFT kent geen volgordevraag\n"
    )
    assert "Volgorde" not in {q.name for q in gift.parse_gift(export.text)}


def test_the_download_is_a_gift_file_named_after_course_and_category(client, bank):
    client.force_login(bank.trainer)
    response = client.get(
        bank.url(
            "question_bank_export",
            **{"export-category": "Examen/Emoties", "export-subcategories": "on"},
        )
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{bank.course.slug}-examen-emoties.gift"'
    )
    parsed = gift.parse_gift(response.content.decode())
    assert {q.category for q in parsed} == {"Examen/Emoties"} and len(parsed) == 3


def test_a_download_with_nothing_to_export_returns_to_the_bank_with_a_message(client, bank):
    client.force_login(bank.trainer)
    unknown = client.get(bank.url("question_bank_export", **{"export-category": "Nee"}))
    assert unknown.status_code == 302
    empty = client.get(
        bank.url("question_bank_export", **{"export-category": "Oefenen"}), follow=True
    )
    assert "In ‘Oefenen’ staan geen vragen die als GIFT kunnen worden gedownload." in (
        empty.content.decode()
    )


# --- links ------------------------------------------------------------------------------------


def test_the_trainers_edition_page_links_to_the_bank_of_its_course(client, bank):
    client.force_login(bank.trainer)
    home = client.get(reverse("courses:trainer_editions")).content.decode()
    edition_url = reverse("courses:trainer_edition", args=[bank.edition.pk])
    assert edition_url in home
    link = reverse("assessments_trainer:question_bank_for_edition", args=[bank.edition.pk])
    assert f'href="{link}">Vragenbank</a>' in client.get(edition_url).content.decode()
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == bank.url()


def test_the_import_page_and_the_bank_link_to_each_other(client, bank):
    client.force_login(bank.author)
    index = reverse("assessments_trainer:question_bank_index")
    import_page = client.get(reverse("assessments:gift_import"))
    assert f'href="{index}"' in import_page.content.decode()
    # One bank: the index goes straight to it; it links back to the import for this course.
    assert client.get(index)["Location"] == bank.url()
    import_url = f"{reverse('assessments:gift_import')}?course={bank.course.pk}"
    assert f'href="{import_url}"' in client.get(bank.url()).content.decode()
    assert client.get(import_url).context["form"]["course"].value() == str(bank.course.pk)


def test_the_index_lists_every_bank_the_user_may_browse(client, bank):
    other = f.build_course(lessons_per_module=1, modules=1)
    other.authors.add(bank.trainer)
    client.force_login(bank.trainer)
    page = client.get(reverse("assessments_trainer:question_bank_index"))
    assert page.status_code == 200
    expected = sorted([bank.course, other], key=lambda course: (course.title, course.pk))
    assert list(page.context["courses"]) == expected
    html = page.content.decode()
    assert bank.url() in html
    assert reverse("assessments_trainer:question_bank", args=[other.pk]) in html


def test_dates_do_not_matter_for_a_trainer_of_a_past_edition(client, bank):
    past = f.UserFactory()
    f.build_edition(
        bank.course, first_day=timezone.localdate() - dt.timedelta(days=400), trainers=[past]
    )
    client.force_login(past)
    assert client.get(bank.url()).status_code == 200

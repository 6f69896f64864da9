"""Item analysis of a quiz: the statistics on hand-computed numbers, the flags, the option
counts, who may see it, the downloads read back, the chart's text alternative and a number of
queries that does not grow with the attempts or the questions."""

import csv
import datetime as dt
import io
import math
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments import models as am
from assessments.questions import specs as s
from assessments.quizzes import analysis
from tests import factories as f
from tests.a11y import problems

pytestmark = pytest.mark.django_db


# --- the pure core -------------------------------------------------------------------------------

# Four attempts at three questions of 1 point, scored right (1) or wrong (0):
#
#            Q1  Q2  Q3
#   A1        1   1   0
#   A2        1   0   1
#   A3        0   0   1
#   A4        1   1   1
SCORES = {"A1": (1, 1, 0), "A2": (1, 0, 1), "A3": (0, 0, 1), "A4": (1, 1, 1)}


def table_rows(scores=SCORES):
    return [
        analysis.ItemResponse(attempt=a, question=f"Q{i + 1}", score=float(x), points=1.0)
        for a, row in scores.items()
        for i, x in enumerate(row)
    ]


def test_facility_is_the_mean_share_of_the_points():
    figures = analysis.analyse(table_rows())
    # Q1: 3 of 4 right, Q2: 2 of 4, Q3: 3 of 4.
    assert figures["Q1"].facility == pytest.approx(0.75)
    assert figures["Q2"].facility == pytest.approx(0.50)
    assert figures["Q3"].facility == pytest.approx(0.75)
    assert [figures[q].attempts for q in ("Q1", "Q2", "Q3")] == [4, 4, 4]


def test_discrimination_is_the_correlation_with_the_rest_of_the_test():
    figures = analysis.analyse(table_rows())
    # Q1: item 1,1,0,1; rest of the test (Q2+Q3)/2 = .5,.5,.5,1.
    #   deviations .25,.25,-.75,.25 and -.125,-.125,-.125,.375: sum of products .125,
    #   sums of squares .75 and .1875, so r = .125 / sqrt(.75 * .1875) = .125 / .375 = 1/3.
    assert figures["Q1"].discrimination == pytest.approx(1 / 3)
    # Q2: item 1,0,0,1; rest (Q1+Q3)/2 = .5,1,.5,1: the products cancel out, r = 0.
    assert figures["Q2"].discrimination == pytest.approx(0.0, abs=1e-12)
    # Q3: item 0,1,1,1; rest (Q1+Q2)/2 = 1,.5,0,1. Deviations -.75,.25,.25,.25 and
    #   .375,-.125,-.625,.375: sum of products -.375, sums of squares .75 and .6875,
    #   so r = -.375 / sqrt(.515625) = -3 / sqrt(33).
    assert figures["Q3"].discrimination == pytest.approx(-3 / math.sqrt(33))


def test_pearson_of_a_series_that_does_not_vary_is_not_defined():
    assert analysis.pearson([1, 1, 1], [0.2, 0.5, 0.9]) is None
    assert analysis.pearson([1], [1]) is None
    assert analysis.pearson([0, 1, 2], [0, 2, 4]) == pytest.approx(1.0)
    assert analysis.pearson([0, 1, 2], [4, 2, 0]) == pytest.approx(-1.0)


def test_the_rest_of_the_test_weighs_questions_by_their_points():
    # Q1 is worth 3 points, Q2 and Q3 1 point each. For Q2 the rest is (3*Q1 + Q3) / 4.
    rows = [
        analysis.ItemResponse(attempt=a, question=q, score=float(x), points=p)
        for a, row in {"A": (1, 1, 0), "B": (0, 0, 1), "C": (1, 0, 0)}.items()
        for q, x, p in zip(("Q1", "Q2", "Q3"), row, (3.0, 1.0, 1.0), strict=True)
    ]
    figures = analysis.analyse(rows)
    rest = [(3 * 1 + 0) / 4, (3 * 0 + 1) / 4, (3 * 1 + 0) / 4]
    assert figures["Q2"].discrimination == pytest.approx(analysis.pearson([1, 0, 0], rest))


def test_a_negative_discrimination_is_flagged_and_a_healthy_question_is_not():
    figures = analysis.analyse(table_rows())
    assert figures["Q3"].flags == (analysis.Flag(analysis.FlagKind.NEGATIVE_DISCRIMINATION),)
    assert figures["Q1"].flags == ()
    assert "Klopt de antwoordsleutel?" in figures["Q3"].flags[0].message


@pytest.mark.parametrize(
    ("facility", "kind"),
    [(0.05, analysis.FlagKind.TOO_HARD), (0.97, analysis.FlagKind.TOO_EASY)],
)
def test_a_facility_near_zero_or_one_is_flagged(facility, kind):
    assert analysis.item_flags(attempts=20, facility=facility, discrimination=0.4) == (
        analysis.Flag(kind),
    )
    assert analysis.item_flags(attempts=20, facility=0.5, discrimination=0.4) == ()


def test_an_option_nobody_chose_is_counted_and_flagged_from_ten_attempts_on():
    def rows(n):
        return [
            analysis.ItemResponse(
                attempt=i,
                question="Q",
                score=1.0 if i % 2 else 0.0,
                chosen=frozenset({"boos" if i % 2 else "blij"}),
            )
            for i in range(n)
        ]

    options = {"Q": ["boos", "blij", "bang"]}
    figures = analysis.analyse(rows(10), options=options)["Q"]
    assert figures.option_counts == (("boos", 5), ("blij", 5), ("bang", 0))
    assert figures.flags == (analysis.Flag(analysis.FlagKind.UNCHOSEN_OPTION, "bang"),)
    assert figures.flags[0].message == "Niemand kiest het antwoord ‘bang’."

    few = analysis.analyse(rows(9), options=options)["Q"]
    assert dict(few.option_counts)["bang"] == 0
    assert few.flags == ()


# --- the read, on attempts in the database ------------------------------------------------------

CHOICES = ("boos", "blij", "bang")


def make_quiz(course=None, *, questions=3):
    course = course or f.build_course(lessons_per_module=1, modules=1)
    module = course.modules.first()
    category, _new = am.QuestionCategory.objects.get_or_create(course=course, name="Emoties")
    order = 50 + am.Quiz.objects.filter(module=module).count()
    quiz = am.Quiz.objects.create(module=module, order=order, title="Toets emoties")
    bank = []
    for i in range(questions):
        spec = s.SingleChoiceSpec(tuple(s.Choice(t, Decimal(t == "boos")) for t in CHOICES))
        question = am.SingleChoiceQuestion.objects.create(
            category=category,
            name=f"Vraag {i + 1}",
            text=f"Tekst {i + 1}",
            key=s.spec_to_json(spec),
        )
        am.QuizSlot.objects.create(quiz=quiz, order=i + 1, question=question)
        bank.append(question)
    return quiz, bank


def frozen(question, points="1"):
    return {
        "question_id": question.pk,
        "name": question.name,
        "text": question.text,
        "text_format": "plain",
        "general_feedback": "",
        "spec": question.key,
        "points": points,
        "option_order": None,
    }


def graded_attempt(quiz, bank, answers, *, enrollment=None, edition=None, minutes=12):
    """A graded attempt with the given answers (an option's index, or None), scored by the
    grading core; bulk-created so that 30 of them stay quick."""
    enrollment = enrollment or f.EnrollmentFactory(edition=edition)
    now = timezone.now()
    number = am.Attempt.objects.filter(enrollment=enrollment, quiz=quiz).count() + 1
    fractions = [q.grade(a).fraction for q, a in zip(bank, answers, strict=True)]
    total = sum(fractions, Decimal(0))
    attempt = am.Attempt.objects.create(
        enrollment=enrollment,
        quiz=quiz,
        number=number,
        status=am.Attempt.Status.GRADED,
        questions=[frozen(q) for q in bank],
        started_at=now - dt.timedelta(minutes=minutes),
        submitted_at=now,
        graded_at=now,
        points=total,
        max_points=Decimal(len(bank)),
        percentage=(total * 100 / len(bank)).quantize(Decimal("0.01")),
        passed=True,
    )
    am.Response.objects.bulk_create(
        am.Response(
            attempt=attempt,
            position=position,
            answer=answer,
            saved_at=now,
            fraction=fraction,
            points=fraction,
        )
        for position, (answer, fraction) in enumerate(zip(answers, fractions, strict=True))
    )
    return attempt


def answers_for(row):
    """0 ("boos", right) for a 1, 1 ("blij") for a 0."""
    return [0 if x else 1 for x in row]


@pytest.fixture
def hand_built():
    """The table above, in the database: four learners of one edition and their trainer."""
    quiz, bank = make_quiz()
    edition = f.build_edition(quiz.module.course, first_day=timezone.localdate())
    trainer = f.UserFactory()
    edition.trainers.add(trainer)
    for row in SCORES.values():
        graded_attempt(quiz, bank, answers_for(row), edition=edition)
    return {"quiz": quiz, "bank": bank, "edition": edition, "trainer": trainer}


def test_the_read_gives_the_hand_computed_figures_per_question(hand_built):
    result = analysis.quiz_item_analysis(quiz=hand_built["quiz"], editions=[hand_built["edition"]])
    assert (result.attempts, result.learners) == (4, 4)
    assert result.mean_score == pytest.approx((2 + 2 + 1 + 3) / 12, abs=1e-4)  # from 66.67%
    assert result.median_duration == dt.timedelta(minutes=12)
    items = {item.name: item for item in result.items}
    assert [i.name for i in result.items] == ["Vraag 1", "Vraag 2", "Vraag 3"]
    assert items["Vraag 1"].figures.facility == pytest.approx(0.75)
    assert items["Vraag 1"].figures.discrimination == pytest.approx(1 / 3)
    assert items["Vraag 2"].figures.facility == pytest.approx(0.5)
    assert items["Vraag 3"].figures.discrimination == pytest.approx(-3 / math.sqrt(33))
    assert [i.name for i in result.flagged] == ["Vraag 3"]
    assert items["Vraag 1"].place == 1 and items["Vraag 1"].in_bank


def test_options_are_counted_from_the_frozen_key_with_the_right_one_marked(hand_built):
    result = analysis.quiz_item_analysis(quiz=hand_built["quiz"], editions=[hand_built["edition"]])
    first = result.items[0]
    assert [(o.text, o.correct, o.count) for o in first.options] == [
        ("boos", True, 3),
        ("blij", False, 1),
        ("bang", False, 0),
    ]
    assert first.options[0].share == pytest.approx(0.75)


def test_an_unused_option_is_flagged_with_ten_attempts(hand_built):
    quiz, bank, edition = hand_built["quiz"], hand_built["bank"], hand_built["edition"]
    for i in range(6):
        graded_attempt(quiz, bank, [i % 2, 0, i % 2], edition=edition)
    result = analysis.quiz_item_analysis(quiz=quiz, editions=[edition])
    first = result.items[0]
    assert first.figures.attempts == 10
    assert analysis.Flag(analysis.FlagKind.UNCHOSEN_OPTION, "bang") in first.flags


def test_random_slots_are_analysed_per_question_drawn():
    quiz, bank = make_quiz(questions=3)
    am.QuizSlot.objects.filter(quiz=quiz).delete()
    am.QuizSlot.objects.create(quiz=quiz, order=1, category=bank[0].category, count=1)
    edition = f.build_edition(quiz.module.course, first_day=timezone.localdate())
    graded_attempt(quiz, [bank[0]], [0], edition=edition)
    graded_attempt(quiz, [bank[1]], [1], edition=edition)
    graded_attempt(quiz, [bank[1]], [0], edition=edition)
    result = analysis.quiz_item_analysis(quiz=quiz, editions=[edition])
    by_name = {item.name: item for item in result.items}
    assert by_name["Vraag 1"].figures.attempts == 1
    assert by_name["Vraag 2"].figures.attempts == 2
    assert by_name["Vraag 2"].figures.facility == pytest.approx(0.5)
    assert by_name["Vraag 2"].place == 1 and by_name["Vraag 2"].random_from == "Emoties"


def test_a_text_without_a_question_is_left_out_and_does_not_count_in_the_rest_of_the_test():
    quiz, bank = make_quiz(questions=2)
    text = am.DescriptionQuestion.objects.create(
        category=bank[0].category,
        name="Lees eerst",
        text="Uitleg",
        key=s.spec_to_json(s.DescriptionSpec()),
    )
    edition = f.build_edition(quiz.module.course, first_day=timezone.localdate())
    for row in ((1, 1), (0, 0), (1, 0)):
        graded_attempt(quiz, [text, *bank], [None, *answers_for(row)], edition=edition)
    result = analysis.quiz_item_analysis(quiz=quiz, editions=[edition])
    assert [item.name for item in result.items] == ["Vraag 1", "Vraag 2"]
    # With two questions the rest of the test is the other one: Q1 1,0,1 against Q2 1,0,0.
    assert result.items[0].figures.discrimination == pytest.approx(
        analysis.pearson([1, 0, 1], [1, 0, 0])
    )


def test_attempts_not_yet_graded_and_other_quizzes_do_not_count(hand_built):
    quiz, bank, edition = hand_built["quiz"], hand_built["bank"], hand_built["edition"]
    waiting = graded_attempt(quiz, bank, [2, 2, 2], edition=edition)
    waiting.status = am.Attempt.Status.NEEDS_REVIEW
    waiting.save()
    other_quiz, other_bank = make_quiz(quiz.module.course)
    graded_attempt(other_quiz, other_bank, [2, 2, 2], edition=edition)
    result = analysis.quiz_item_analysis(quiz=quiz, editions=[edition])
    assert result.attempts == 4


# --- the pages ------------------------------------------------------------------------------------


def url(name, edition, quiz=None, query=""):
    args = [edition.pk] if quiz is None else [edition.pk, quiz.pk]
    return reverse(f"assessments_trainer:{name}", args=args) + query


def test_trainer_finds_the_analysis_from_the_edition_page(client, hand_built):
    edition, quiz = hand_built["edition"], hand_built["quiz"]
    client.force_login(hand_built["trainer"])
    page = client.get(reverse("courses:trainer_edition", args=[edition.pk])).content.decode()
    assert url("item_analysis_index", edition) in page
    index = client.get(url("item_analysis_index", edition)).content.decode()
    assert url("item_analysis", edition, quiz) in index
    assert problems(index) == []


def test_the_page_shows_flags_table_and_a_chart_with_a_text_alternative(client, hand_built):
    edition, quiz = hand_built["edition"], hand_built["quiz"]
    client.force_login(hand_built["trainer"])
    response = client.get(url("item_analysis", edition, quiz))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img" aria-labelledby="chart-title" aria-describedby="chart-desc"' in html
    assert '<title id="chart-title">Makkelijkheid en onderscheid per vraag' in html
    desc = html.split('<desc id="chart-desc">')[1].split("</desc>")[0]
    assert "Vraag 3: makkelijkheid 75%, onderscheid -0,52 (omgekeerd), gemarkeerd" in desc
    assert "style=" not in html and "<script>" not in html
    assert "Vragen om na te kijken" in html
    assert "Wie de rest van de toets goed maakt, heeft deze vraag vaker fout." in html
    assert "pearson" in html.lower()
    assert problems(html) == []
    # A plain trainer is told who can change the question; no edit links.
    assert "/edit/" not in html and "/admin/" not in html
    assert "doet de auteur van de cursus of een beheerder" in html


def test_an_administrator_gets_one_click_to_edit_and_to_regrade_a_flagged_question(
    client, hand_built
):
    question = hand_built["bank"][2]
    course = hand_built["quiz"].module.course
    client.force_login(f.AdminFactory())
    html = client.get(
        url("item_analysis", hand_built["edition"], hand_built["quiz"])
    ).content.decode()
    edit = reverse("assessments_trainer:question_edit", args=[course.pk, question.pk])
    regrade = reverse("assessments_trainer:question_regrade", args=[course.pk, question.pk])
    assert f'href="{edit}"' in html and f'href="{regrade}"' in html

    # The regrade link opens the bank's regrade page for this question, asking for a reason.
    page = client.get(regrade)
    assert page.status_code == 200
    assert "Reden" in page.content.decode() and question.name in page.content.decode()


def test_an_author_who_is_no_administrator_gets_the_same_links(client, hand_built):
    trainer = hand_built["trainer"]
    course = hand_built["quiz"].module.course
    course.authors.add(trainer)
    client.force_login(trainer)
    html = client.get(
        url("item_analysis", hand_built["edition"], hand_built["quiz"])
    ).content.decode()
    question = hand_built["bank"][2]
    assert reverse("assessments_trainer:question_edit", args=[course.pk, question.pk]) in html
    assert "/admin/" not in html


@pytest.mark.parametrize(
    "name", ["item_analysis_index", "item_analysis", "item_analysis_csv", "item_analysis_xlsx"]
)
def test_analysis_is_closed_to_other_trainers_learners_and_anonymous(client, hand_built, name):
    edition = hand_built["edition"]
    quiz = None if name == "item_analysis_index" else hand_built["quiz"]
    target = url(name, edition, quiz)
    assert client.get(target).status_code == 302  # to the login page
    client.force_login(f.UserFactory())
    assert client.get(target).status_code == 404
    learner = am.Attempt.objects.filter(quiz=hand_built["quiz"]).first().enrollment.learner
    client.force_login(learner)
    assert client.get(target).status_code == 404
    other = f.build_edition(edition.course, first_day=timezone.localdate())
    other_trainer = f.UserFactory()
    other.trainers.add(other_trainer)
    client.force_login(other_trainer)
    assert client.get(target).status_code == 404
    client.force_login(hand_built["trainer"])
    assert client.get(target).status_code == 200
    client.force_login(f.AdminFactory())
    assert client.get(target).status_code == 200


def test_a_quiz_of_another_course_is_not_found(client, hand_built):
    foreign, _bank = make_quiz()
    client.force_login(hand_built["trainer"])
    assert client.get(url("item_analysis", hand_built["edition"], foreign)).status_code == 404


def test_all_editions_means_those_the_trainer_teaches(client, hand_built):
    quiz, bank, edition = hand_built["quiz"], hand_built["bank"], hand_built["edition"]
    trainer = hand_built["trainer"]
    second = f.build_edition(edition.course, first_day=timezone.localdate())
    second.trainers.add(trainer)
    graded_attempt(quiz, bank, [0, 0, 0], edition=second)
    not_mine = f.build_edition(edition.course, first_day=timezone.localdate())
    graded_attempt(quiz, bank, [0, 0, 0], edition=not_mine)
    client.force_login(trainer)

    this = client.get(url("item_analysis", edition, quiz)).context["analysis"]
    every = client.get(url("item_analysis", edition, quiz, "?editions=all")).context["analysis"]
    assert this.attempts == 4
    assert every.attempts == 5
    assert {e.pk for e in every.editions} == {edition.pk, second.pk}

    client.force_login(f.AdminFactory())
    everything = client.get(url("item_analysis", edition, quiz, "?editions=all")).context
    assert everything["analysis"].attempts == 6


def test_csv_reads_back_with_one_row_per_question(client, hand_built):
    client.force_login(hand_built["trainer"])
    response = client.get(url("item_analysis_csv", hand_built["edition"], hand_built["quiz"]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(body) == 3
    first = dict(zip(header, body[0], strict=True))
    assert first["Vraag"] == "Vraag 1"
    assert first["Pogingen"] == "4"
    assert first["Makkelijkheid (%)"] == "75,0"  # a decimal comma, as Dutch Excel reads it
    assert first["Onderscheid (-1 tot 1)"] == "0,333"
    assert first["Gekozen antwoorden"] == "boos (goed): 3 | blij: 1 | bang: 0"
    third = dict(zip(header, body[2], strict=True))
    assert third["Onderscheid (-1 tot 1)"] == "-0,522"  # a number, not guarded as a formula
    assert "Klopt de antwoordsleutel?" in third["Let op"]


def test_xlsx_reads_back_with_numbers_percentages_and_the_answers(client, hand_built):
    client.force_login(hand_built["trainer"])
    response = client.get(url("item_analysis_xlsx", hand_built["edition"], hand_built["quiz"]))
    workbook = load_workbook(io.BytesIO(response.content))
    questions = workbook["Vragen"]
    header = [c.value for c in questions[1]]
    assert header[:2] == ["Plek", "Vraag"]
    row = [c for c in questions[2]]
    facility = row[header.index("Makkelijkheid (%)")]
    assert facility.value == pytest.approx(0.75) and facility.number_format == "0%"
    assert row[header.index("Onderscheid (-1 tot 1)")].value == pytest.approx(0.333)
    assert row[header.index("Pogingen")].value == 4
    assert questions.auto_filter.ref == "A1:J4"
    answers = workbook["Antwoorden"]
    assert [c.value for c in answers[2]][2:5] == ["boos", "ja", 3]
    assert answers.cell(row=2, column=6).value == pytest.approx(0.75)
    assert workbook["Over dit bestand"]["B1"].value == "Toets emoties"


def test_a_quiz_without_graded_attempts_says_so(client, hand_built):
    quiz, _bank = make_quiz(hand_built["quiz"].module.course)
    client.force_login(hand_built["trainer"])
    html = client.get(url("item_analysis", hand_built["edition"], quiz)).content.decode()
    assert "Er zijn nog geen nagekeken pogingen." in html
    assert "<svg" not in html


# --- bounded queries ------------------------------------------------------------------------------


def queries_for(client, *, attempts, questions, trainer):
    quiz, bank = make_quiz(questions=questions)
    edition = f.build_edition(quiz.module.course, first_day=timezone.localdate())
    edition.trainers.add(trainer)
    for i in range(attempts):
        graded_attempt(quiz, bank, [(i + j) % 3 for j in range(questions)], edition=edition)
    counts = []
    for name in ("item_analysis", "item_analysis_csv", "item_analysis_xlsx"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url(name, edition, quiz, "?editions=all"))
        assert response.status_code == 200
        counts.append(len(captured))
    return counts


def test_the_number_of_queries_does_not_grow_with_attempts_or_questions(client):
    trainer = f.UserFactory()
    client.force_login(trainer)
    queries_for(client, attempts=1, questions=1, trainer=trainer)  # warm the caches
    few = queries_for(client, attempts=3, questions=3, trainer=trainer)
    many = queries_for(client, attempts=30, questions=8, trainer=trainer)
    assert few == many
    assert max(many) <= 12


def test_texts_that_look_like_formulas_stay_texts_in_both_downloads(client, hand_built):
    question = hand_built["bank"][0]
    am.Attempt.objects.filter(quiz=hand_built["quiz"]).update(
        questions=[
            {**frozen(q), "name": '=HYPERLINK("http://x")'} if q == question else frozen(q)
            for q in hand_built["bank"]
        ]
    )
    client.force_login(hand_built["trainer"])
    edition, quiz = hand_built["edition"], hand_built["quiz"]
    text = client.get(url("item_analysis_csv", edition, quiz)).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    workbook = load_workbook(
        io.BytesIO(client.get(url("item_analysis_xlsx", edition, quiz)).content)
    )
    cell = workbook["Vragen"]["B2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")


def test_partial_scores_and_several_options_per_answer_are_counted():
    """Multiple response: "a" and "b" give half the points each, "c" takes a whole point off
    (the total is never below 0). Answers a+b (1), a (0.5), a+c (0) and none (0): facility
    (1 + 0.5 + 0 + 0) / 4 = 0.375; a chosen 3 times, b once, c once."""
    course = f.build_course(lessons_per_module=1, modules=1)
    quiz, bank = make_quiz(course, questions=1)
    category = bank[0].category
    spec = s.MultipleResponseSpec(
        (s.Choice("a", Decimal("0.5")), s.Choice("b", Decimal("0.5")), s.Choice("c", Decimal(-1)))
    )
    several = am.MultipleResponseQuestion.objects.create(
        category=category, name="Meer", text="Kies", key=s.spec_to_json(spec)
    )
    am.QuizSlot.objects.create(quiz=quiz, order=2, question=several)
    edition = f.build_edition(course, first_day=timezone.localdate())
    for picked in ([0, 1], [0], [0, 2], None):
        graded_attempt(quiz, [bank[0], several], [0, picked], edition=edition)
    result = analysis.quiz_item_analysis(quiz=quiz, editions=[edition])
    item = next(i for i in result.items if i.name == "Meer")
    assert item.figures.facility == pytest.approx(0.375)
    assert [(o.text, o.correct, o.count) for o in item.options] == [
        ("a", True, 3),
        ("b", True, 1),
        ("c", False, 1),
    ]
    assert item.unanswered == 1
    assert item.place == 2

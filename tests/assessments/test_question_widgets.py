"""The attempt form's widgets: drawn from one template per question type, auto-escaped, in
the learner's language, with the markup attempt.js and the exam bench read (input names, ids,
labels, `<option value="…" selected>`)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

from assessments import models as am
from assessments.questions import specs as s
from assessments.questions.builtin.pairs import sides
from assessments.quizzes import services as attempts
from assessments.quizzes.forms import AttemptForm, attempt_questions
from tests.assessments.quiz_factories import build_quiz

pytestmark = pytest.mark.django_db

WIDGETS = Path(settings.BASE_DIR) / "assessments/templates/assessments/questions"


def add(quiz, model, spec, text="Vraag"):
    category = am.QuestionCategory.objects.get(course=quiz.module.course, name="Toets")
    question = model.objects.create(
        category=category, name=text, text=text, key=s.spec_to_json(spec)
    )
    am.QuizSlot.objects.create(quiz=quiz, order=quiz.slots.count() + 1, question=question)


@pytest.fixture
def attempt():
    quiz, enrollment = build_quiz(questions=0)
    add(quiz, am.NumericQuestion, s.NumericSpec((s.NumericAnswer(value=5),)))
    add(quiz, am.EssayQuestion, s.EssaySpec())
    add(
        quiz,
        am.MatchingQuestion,
        s.MatchingSpec((("blij", "lachen"), ("boos <b>", "fronsen & zuchten"))),
    )
    add(quiz, am.OrderingQuestion, s.OrderingSpec(("eerst", "dan", "daarna")))
    add(quiz, am.DescriptionQuestion, s.DescriptionSpec(), text="Lees *dit*")
    return attempts.attempt_start(enrollment=enrollment, quiz=quiz)


def shown(attempt, answers=None, **kwargs) -> list[str]:
    form = AttemptForm(attempt_questions(attempt), answers=answers or {}, **kwargs)
    return [str(q.html) for q in form.shown()]


def test_every_word_of_the_widget_templates_has_an_english_translation():
    """makemessages reads `{{ _("...") }}` in these templates as it does in Django's."""
    english = translation.trans_real.translation("en")
    messages = []
    for path in sorted(WIDGETS.glob("*.html")):
        messages += re.findall(r'_\("(.*?)"\)', templatize(path.read_text(), origin=str(path)))
    assert len(messages) >= 14
    assert [m for m in messages if english.gettext(m) == m] == []


def test_typed_answers_keep_their_markup_and_escape_what_the_learner_typed(attempt):
    numeric, essay, *_ = shown(attempt, {0: "5,2", 1: "</textarea><script>x</script>"})
    assert (
        '  <p class="row"><label for="q0">Je antwoord (een getal)</label>\n'
        '  <span class="field-help" id="q0-help">Bijvoorbeeld 12 of 12,5.</span>\n'
        '  <input type="text" inputmode="decimal" name="q0" id="q0" value="5,2"'
        ' maxlength="10000" autocomplete="off" aria-describedby="q0-help"></p>\n</fieldset>'
    ) in numeric
    assert (
        '<textarea name="q1" id="q1" rows="8" cols="60">'
        "&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea></p>\n</fieldset>"
    ) in essay


def test_selects_mark_the_saved_choice_as_the_bench_and_the_browser_read_it(attempt):
    matching_question, ordering_question = attempt_questions(attempt)[2:4]
    rights = sides(matching_question.spec)[1]
    fronsen = matching_question.order.index(rights.index("fronsen & zuchten"))
    items = ordering_question.spec.items
    places = {
        shown_at: str(items.index(items[key]) + 1)
        for shown_at, key in enumerate(ordering_question.order)
    }
    matching, ordering = shown(
        attempt, {2: {"boos <b>": "fronsen & zuchten"}, 3: ["eerst", "dan", "daarna"]}
    )[2:4]
    assert '<label for="q2-m1">boos <b></b></label>' in matching  # sanitised inline HTML
    assert re.search(
        r'<select name="q2-m0" id="q2-m0"><option value="" selected>Kies een antwoord</option>'
        r'<option value="\d">[\w &;]+</option><option value="\d">[\w &;]+</option></select>',
        matching,
    )
    assert f'<option value="{fronsen}" selected>fronsen &amp; zuchten</option>' in matching
    for shown_at, place in places.items():
        row = re.search(
            rf'<select name="q3-o{shown_at}" id="q3-o{shown_at}">(.*?)</select>', ordering
        )
        assert f'<option value="{place}" selected>{place} van 3</option>' in row[1]
        assert row[1].startswith('<option value="">Kies een plek</option>')


def test_a_description_is_text_without_a_fieldset_or_a_number(attempt):
    description = shown(attempt)[4]
    assert description == '<div class="question-description" id="question-4">Lees *dit*</div>'


def test_when_the_time_is_up_every_question_is_disabled(attempt):
    pages = shown(attempt, read_only=True)
    assert all(" disabled>" in html for html in pages[:4])


def test_the_widgets_speak_english_to_an_english_learner(attempt):
    with translation.override("en"):
        numeric, essay, matching, ordering, _description = shown(attempt)
    assert "Your answer (a number)" in numeric and "For example 12 or 12.5." in numeric
    assert "Question 1" in numeric and "(1 point)" in numeric
    assert ">Your answer<" in essay and "Choose an answer" in matching
    assert "1 of 3" in ordering and "Kies" not in ordering

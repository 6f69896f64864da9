"""The widgets' shared render: a question's answer-free markup is rendered once per process and
every page only fills in the question's place and the learner's own answer. These tests prove
that caching changes nothing a learner sees: their own answer marked, never another learner's,
escaped, in their language and their attempt's order, from the project's own template when it
has one, and anew after the question is edited."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from assessments.questions import specs as s
from assessments.questions.registry import registry
from assessments.questions.types import AttemptQuestion
from assessments.questions.widgets import renderer
from assessments.quizzes.forms import AttemptForm

CHOICES = s.SingleChoiceSpec(
    (s.Choice("Luisteren", Decimal(1)), s.Choice("Praten", Decimal(0)), s.Choice("Zwijgen", 0))
)


def question(spec, *, position=0, number=1, order=(), text="Wat doe je?", question_id=7):
    kind = registry.for_spec(spec).kind
    frozen = {
        "question_id": question_id,
        "text": text,
        "text_format": "plain",
        "spec": s.spec_to_json(spec),
        "points": "1",
    }
    return AttemptQuestion(position, number, registry.get(kind), spec, frozen, tuple(order))


def page(questions, answers=None, **kwargs) -> list[str]:
    form = AttemptForm(questions, answers=answers or {}, **kwargs)
    return [str(q.html) for q in form.shown()]


@pytest.fixture(autouse=True)
def empty_cache():
    renderer.shared.clear()
    yield
    renderer.shared.clear()


def test_each_learner_sees_their_own_answer_and_never_another_learners():
    typed = question(s.ShortAnswerSpec((s.Choice("samenvatten", Decimal(1)),)))
    (first,) = page([typed], {0: '"><script>alert(1)</script>'})
    (second,) = page([typed], {0: "samenvatten"})
    (third,) = page([typed])
    assert len(renderer.shared) == 1  # one render, shared by the three pages
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in first
    assert "<script>" not in first
    assert 'value="samenvatten"' in second and "script" not in second
    assert 'value=""' in third and "samenvatten" not in third


def test_a_chosen_option_is_checked_for_its_learner_only():
    choice = question(CHOICES, order=(0, 1, 2))
    (chose_praten,) = page([choice], {0: 1})
    (chose_none,) = page([choice])
    assert len(renderer.shared) == 1
    assert 'id="q0-c1" value="1" checked>Praten' in chose_praten
    assert chose_praten.count(" checked") == 1
    assert " checked" not in chose_none


def test_selects_mark_each_learners_own_choice():
    matching = question(s.MatchingSpec((("blij", "lachen"), ("boos", "fronsen"))), order=(1, 0))
    (pair,) = page([matching], {0: [["blij", "lachen"], ["boos", "fronsen"]]})
    (blank,) = page([matching])
    assert '<option value="1" selected>lachen</option>' in pair
    assert '<option value="0" selected>fronsen</option>' in pair
    assert '<option value="" selected>' not in pair
    assert blank.count('<option value="" selected>') == 2 and blank.count(" selected") == 2


def test_the_same_question_elsewhere_in_another_attempt_gets_its_own_place_and_number():
    spec = s.NumericSpec((s.NumericAnswer(value=Decimal(5)),))
    at_start, later = question(spec), question(spec, position=6, number=4)
    (first,) = page([at_start], {0: "5"})
    shown_later = page([question(CHOICES, order=(0, 1, 2))] * 6 + [later], {6: "7"})[6]
    assert 'id="question-0"' in first and "Vraag 1 " in first and 'name="q0"' in first
    assert 'id="question-6"' in shown_later and "Vraag 4 " in shown_later
    assert 'name="q6" id="q6" value="7"' in shown_later
    assert '<input type="hidden" name="present" value="6">' in shown_later
    assert "q0" not in shown_later


def test_each_attempt_shows_its_own_order():
    (one,) = page([question(CHOICES, order=(2, 0, 1))])
    (other,) = page([question(CHOICES, order=(1, 2, 0))])
    assert one.index("Zwijgen") < one.index("Luisteren") < one.index("Praten")
    assert other.index("Praten") < other.index("Zwijgen") < other.index("Luisteren")


def test_a_language_switch_shows_the_widget_in_the_new_language():
    true_false = question(s.TrueFalseSpec(True))
    (dutch,) = page([true_false], {0: True})
    with translation.override("en"):
        (english,) = page([true_false], {0: True})
    (dutch_again,) = page([true_false])
    assert ">Juist<" in dutch and "Question 1" not in dutch
    assert ">True<" in english and "Question 1" in english and "Juist" not in english
    assert 'value="true" checked>True' in english
    assert ">Juist<" in dutch_again and " checked" not in dutch_again


def test_an_edited_question_is_rendered_anew():
    before = question(CHOICES, order=(0, 1, 2))
    edited = s.SingleChoiceSpec((s.Choice("Doorvragen", Decimal(1)), *CHOICES.choices[1:]))
    (old,) = page([before])
    (new,) = page([question(edited, order=(0, 1, 2))])
    (new_text,) = page([question(CHOICES, order=(0, 1, 2), text="Wat doe je nu?")])
    assert "Luisteren" in old and "Doorvragen" not in old
    assert "Doorvragen" in new and "Luisteren" not in new
    assert "Wat doe je nu?" in new_text


def test_read_only_and_an_error_are_shown_where_they_apply():
    typed = question(s.ShortAnswerSpec((s.Choice("samenvatten", Decimal(1)),)))
    (open_page,) = page([typed], {0: "x"})
    (closed,) = page([typed], {0: "x"}, read_only=True)
    assert " disabled>" in closed and 'value="x"' in closed
    assert " disabled" not in open_page


def test_a_projects_own_template_is_used_and_dropped_again(tmp_path):
    override = tmp_path / "assessments" / "questions"
    override.mkdir(parents=True)
    (override / "true_false.html").write_text(
        '<p class="mine" id="q{{ question.position }}">{{ text }}'
        '<input type="radio" name="{{ widget.name }}" value="true"'
        '{{ answer.checked(widget.name, "true") }}></p>'
    )
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    templates += settings.TEMPLATES[1:]
    true_false = question(s.TrueFalseSpec(True))
    (before,) = page([true_false])
    with override_settings(TEMPLATES=templates):
        (mine,) = page([true_false], {0: True})
        (mine_blank,) = page([true_false])
    (after,) = page([true_false])
    assert 'class="mine"' not in before
    assert mine == (
        '<p class="mine" id="q0"><p>Wat doe je?</p>'
        '<input type="radio" name="q0" value="true" checked></p>'
    )
    assert " checked" not in mine_blank
    assert 'class="mine"' not in after and ">Juist<" in after


def test_a_type_without_the_shared_render_is_rendered_whole_with_its_answer():
    gaps = registry.get("gaps")
    assert not gaps.widget_shared
    spec = gaps.from_json({"text": "Je [[luistert]] en [[vat samen]]."})
    frozen = {"text": "Vul in.", "text_format": "plain", "spec": {}, "points": "1"}
    gap_question = AttemptQuestion(0, 1, gaps, spec, frozen, ())
    (first,) = page([gap_question], {0: ["luistert", "vat samen"]})
    (second,) = page([gap_question], {0: ["praat", ""]})
    assert len(renderer.shared) == 0
    assert 'value="luistert"' in first and 'value="vat samen"' in first
    assert 'value="praat"' in second and "luistert" not in second


def test_the_fields_widget_renders_as_the_page_does():
    choice = question(CHOICES, order=(0, 1, 2))
    field = choice.type.form_field(choice)
    html = field.widget.render("q0", {"q0": ["2"]})
    assert html == page([choice], {0: 2})[0]
    assert 'value="2" checked>Zwijgen' in html

"""Every shipped question type can make an answer of its own: a right one that earns full
marks and a wrong one that earns less (the demo data and previews rely on it)."""

import pytest

from assessments.questions.gift import parse_gift
from assessments.questions.registry import registry
from assessments.quizzes import grading

GIFT = """
::single:: Wie begroet je eerst? {=De klant ~De collega ~Niemand}

::multiple:: Welke zijn emoties? {~%50%blij ~%50%boos ~%-100%moe}

::truefalse:: Een klant is altijd boos. {F}

::short:: Hoe heet de module? {=Dienstverlening =Dienstverlening*}

::numeric:: Hoeveel dagdelen? {#5:0}

::matching:: Koppel. {=blij -> lachen =boos -> fronsen =bang -> terugdeinzen}
"""


@pytest.mark.parametrize("data", parse_gift(GIFT), ids=lambda d: d.name)
def test_the_example_answer_earns_full_marks_and_the_wrong_one_less(data):
    question_type = registry.for_spec(data.spec)
    right = question_type.example_answer(data.spec)
    wrong = question_type.example_answer(data.spec, right=False)
    assert grading.grade(data.spec, right).fraction == grading.max_fraction(data.spec)
    if wrong is None:  # a number has no wrong answer to pick without guessing one
        assert data.name == "numeric"
    else:
        assert grading.grade(data.spec, wrong).fraction < grading.max_fraction(data.spec)


def test_an_essay_has_no_example_answer():
    [essay] = parse_gift("::essay:: Beschrijf een gesprek. {}")
    assert registry.for_spec(essay.spec).example_answer(essay.spec) is None

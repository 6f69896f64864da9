"""The right answer on a result page is what a person understands: a short answer's wildcard
pattern is described in words, never shown raw."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from assessments.questions import specs as s
from assessments.questions.registry import registry


def right_answers(*texts: str, fractions=None) -> list[str]:
    fractions = fractions or [Decimal(1)] * len(texts)
    spec = s.ShortAnswerSpec(tuple(s.Choice(t, f) for t, f in zip(texts, fractions, strict=True)))
    return [
        str(text) for text in registry.for_spec(spec).review_correct(SimpleNamespace(spec=spec))
    ]


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ("samenvat*", "een antwoord dat begint met ‘samenvat’"),
        ("*vraag*", "een antwoord dat ‘vraag’ bevat"),
        ("*en", "een antwoord dat eindigt op ‘en’"),
        ("door*vragen", "een antwoord dat begint met ‘door’ en eindigt op ‘vragen’"),
        ("*", "elk antwoord"),
    ],
)
def test_a_pattern_is_described_in_words(pattern, words):
    assert right_answers(pattern) == [words]


def test_plain_answers_come_first_and_a_written_star_stays_a_star():
    shown = right_answers("samenvat*", "samenvatten", "5 \\* 3")
    assert shown == ["samenvatten", "5 * 3", "een antwoord dat begint met ‘samenvat’"]


def test_only_full_marks_answers_are_shown():
    shown = right_answers("samenvatten", "samen*", fractions=[Decimal(1), Decimal("0.5")])
    assert shown == ["samenvatten"]

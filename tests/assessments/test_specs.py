"""Specs survive a trip through JSON exactly: attempts freeze their questions this way."""

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.questions.specs import (
    Choice,
    DescriptionSpec,
    EssaySpec,
    MatchingSpec,
    MultipleResponseSpec,
    NumericAnswer,
    NumericSpec,
    OrderingSpec,
    ShortAnswerSpec,
    SingleChoiceSpec,
    SpecMemo,
    TrueFalseSpec,
    spec_from_json,
    spec_to_json,
)

text = st.text(max_size=30)
fractions = st.decimals(min_value=-1, max_value=1, places=7, allow_nan=False, allow_infinity=False)
numbers = st.decimals(
    min_value=-(10**6), max_value=10**6, places=4, allow_nan=False, allow_infinity=False
)
choices = st.lists(st.builds(Choice, text, fractions, text), min_size=1, max_size=6).map(tuple)
specs = st.one_of(
    st.builds(SingleChoiceSpec, choices),
    st.builds(MultipleResponseSpec, choices),
    st.builds(TrueFalseSpec, st.booleans(), text, text),
    st.builds(ShortAnswerSpec, choices, st.booleans()),
    st.builds(
        NumericSpec,
        st.lists(
            st.builds(
                NumericAnswer,
                st.none() | numbers,
                numbers.map(abs),
                st.none() | numbers,
                st.none() | numbers,
                fractions,
                text,
            ),
            min_size=1,
            max_size=3,
        ).map(tuple),
    ),
    st.builds(MatchingSpec, st.lists(st.tuples(text, text), min_size=2, max_size=5).map(tuple)),
    st.builds(OrderingSpec, st.lists(text, min_size=2, max_size=5).map(tuple)),
    st.builds(EssaySpec, text),
    st.just(DescriptionSpec()),
)


@given(specs)
def test_every_spec_round_trips_through_json_text(spec):
    assert spec_from_json(json.loads(json.dumps(spec_to_json(spec)))) == spec


def test_decimals_stay_exact():
    spec = MultipleResponseSpec((Choice("a", Decimal("0.3333333")), Choice("b", Decimal("-0.5"))))
    data = spec_to_json(spec)
    assert data["choices"][0]["fraction"] == "0.3333333"
    assert spec_from_json(data).choices[1].fraction == Decimal("-0.5")


def test_an_unknown_type_is_refused():
    with pytest.raises(ValueError, match="unknown question type"):
        spec_from_json({"type": "telepathy"})


def test_a_kept_memo_parses_each_key_once_tells_edited_keys_apart_and_stays_bounded():
    memo = SpecMemo(max_keys=2)
    before = spec_to_json(TrueFalseSpec(True, "", ""))
    after = spec_to_json(TrueFalseSpec(False, "", ""))  # the same question, regraded
    first = memo(before, 7)
    assert memo(dict(before), 7) is first  # equal JSON: parsed once
    assert memo(after, 7) == TrueFalseSpec(False, "", "")
    memo(before, 8)
    memo(before, 9)  # a third key: the memo starts again rather than grow
    assert memo(before, 7) is not first
    assert memo(before, 7) == first

"""The pure grading core: every rule per question type, the GIFT weight cases, aggregation and
grading methods, and property tests that a score always stays within [0, max]. No database."""

from __future__ import annotations

import copy
import time
import unicodedata
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
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
    TrueFalseSpec,
)
from assessments.quizzes.grading import (
    MAX_ANSWER_LENGTH,
    AttemptScore,
    GradeResult,
    InvalidResponse,
    attempt_score,
    final_grade,
    grade,
    is_key_consistent,
    max_fraction,
    passed,
)


def fraction_of(spec, response) -> D:
    return grade(spec, response).fraction


def percent(value: str) -> D:
    """A GIFT weight as the importer stores it: `%33.33333%` is 0.3333333."""
    return D(value) / 100


# --- GradeResult ------------------------------------------------------------------------------


def test_grade_result_quantises_fraction_to_seven_places_half_up():
    assert GradeResult(fraction=D("0.33333335")).fraction == D("0.3333334")
    assert GradeResult(fraction=D("0.5")).fraction.as_tuple().exponent == -7


@pytest.mark.parametrize("fraction", [D("-0.01"), D("1.01"), D("NaN"), D("Infinity")])
def test_grade_result_refuses_a_fraction_outside_zero_to_one(fraction):
    with pytest.raises(ValueError):
        GradeResult(fraction=fraction)


def test_grade_result_is_frozen():
    result = GradeResult(fraction=D(1))
    with pytest.raises(AttributeError):
        result.fraction = D(0)  # type: ignore[misc]


def test_invalid_response_is_a_value_error():
    assert issubclass(InvalidResponse, ValueError)


def test_grade_refuses_an_unknown_spec_type():
    with pytest.raises(TypeError, match="no grading rule"):
        grade(object(), None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        max_fraction(object())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        is_key_consistent(object())  # type: ignore[arg-type]


# --- single choice ----------------------------------------------------------------------------

DIFFICULT = SingleChoiceSpec(
    (
        Choice("wrong answer", D(0), "comment on wrong answer"),
        Choice("half credit answer", D("0.5"), "comment on answer"),
        Choice("full credit answer", D(1), "well done!"),
    )
)


def test_single_choice_right_answer_scores_full_marks_with_its_feedback():
    result = grade(DIFFICULT, 2)
    assert result == GradeResult(fraction=D(1), feedback=("well done!",))
    assert result.gradable and not result.needs_review


def test_single_choice_partial_credit_answer_scores_its_fraction():
    assert grade(DIFFICULT, 1) == GradeResult(fraction=D("0.5"), feedback=("comment on answer",))


def test_single_choice_wrong_answer_scores_zero_with_its_feedback():
    assert grade(DIFFICULT, 0) == GradeResult(fraction=D(0), feedback=("comment on wrong answer",))


def test_single_choice_negative_fraction_is_clamped_to_zero():
    spec = SingleChoiceSpec((Choice("a", D(1)), Choice("b", D("-0.5"), "no")))
    assert grade(spec, 1) == GradeResult(fraction=D(0), feedback=("no",))


def test_single_choice_fraction_above_one_is_clamped_to_one():
    spec = SingleChoiceSpec((Choice("a", D(2)), Choice("b")))
    assert fraction_of(spec, 0) == 1


def test_single_choice_unanswered_scores_zero_without_feedback():
    assert grade(DIFFICULT, None) == GradeResult(fraction=D(0))


def test_single_choice_empty_feedback_is_not_listed():
    spec = SingleChoiceSpec((Choice("a", D(1)), Choice("b")))
    assert grade(spec, 0).feedback == ()


@pytest.mark.parametrize("response", [3, -1, 100])
def test_single_choice_index_out_of_range_is_invalid(response):
    with pytest.raises(InvalidResponse, match="does not exist"):
        grade(DIFFICULT, response)


@pytest.mark.parametrize("response", ["1", 1.0, True, [1], {"i": 1}])
def test_single_choice_non_integer_index_is_invalid(response):
    with pytest.raises(InvalidResponse, match="index"):
        grade(DIFFICULT, response)


def test_single_choice_without_choices_refuses_any_index():
    with pytest.raises(InvalidResponse, match="no choices"):
        grade(SingleChoiceSpec(()), 0)
    assert fraction_of(SingleChoiceSpec(()), None) == 0


def test_single_choice_max_fraction_is_its_best_choice():
    assert max_fraction(DIFFICULT) == 1
    half = SingleChoiceSpec((Choice("a", D("0.5")), Choice("b", D("-1"))))
    assert max_fraction(half) == D("0.5")
    assert max_fraction(SingleChoiceSpec(())) == 0
    assert max_fraction(SingleChoiceSpec((Choice("a", D(-1)),))) == 0


# --- multiple response ------------------------------------------------------------------------

COLOURS = MultipleResponseSpec(
    (
        Choice("yellow", percent("50"), "right; good!"),
        Choice("red", percent("-100"), "wrong"),
        Choice("off-beige", percent("50"), "right; good!"),
        Choice("blue", percent("-100"), "wrong"),
    )
)


def test_multiple_response_both_right_halves_give_full_marks():
    assert grade(COLOURS, [0, 2]) == GradeResult(
        fraction=D(1), feedback=("right; good!", "right; good!")
    )


def test_multiple_response_one_right_half_gives_half_marks():
    assert fraction_of(COLOURS, [2]) == D("0.5")


def test_multiple_response_negative_total_is_clamped_at_zero():
    assert fraction_of(COLOURS, [0, 1]) == 0
    assert fraction_of(COLOURS, [1, 3]) == 0


def test_multiple_response_choosing_everything_scores_zero_with_negative_weights():
    assert fraction_of(COLOURS, [0, 1, 2, 3]) == 0


def test_multiple_response_fifty_fifty_minus_hundred_gift_case():
    spec = MultipleResponseSpec(
        (Choice("a", percent("50")), Choice("b", percent("50")), Choice("c", percent("-100")))
    )
    assert fraction_of(spec, [0, 1]) == 1
    assert fraction_of(spec, [0, 1, 2]) == 0
    assert fraction_of(spec, [0]) == D("0.5")
    assert fraction_of(spec, [2]) == 0


def test_multiple_response_grant_example_from_moodle_with_minus_fifty():
    spec = MultipleResponseSpec(
        (
            Choice("No one", percent("-50")),
            Choice("Grant", percent("50")),
            Choice("Grant's wife", percent("50")),
            Choice("Grant's father", percent("-50")),
        )
    )
    assert fraction_of(spec, [1, 2]) == 1
    assert fraction_of(spec, [0, 1, 2]) == D("0.5")
    assert fraction_of(spec, [0, 1]) == 0


def test_multiple_response_three_thirds_of_33_33333_percent_give_exactly_one():
    spec = MultipleResponseSpec(
        (
            *(Choice(t, percent("33.33333")) for t in "abc"),
            Choice("d", percent("-100")),
        )
    )
    assert fraction_of(spec, [0, 1, 2]) == D("1.0000000")
    assert fraction_of(spec, [0, 1]) == D("0.6666666")
    assert max_fraction(spec) == 1
    assert is_key_consistent(spec) == []


def test_multiple_response_sum_within_tolerance_of_one_counts_as_one():
    spec = MultipleResponseSpec(tuple(Choice(t, percent("33.333")) for t in "abc"))
    assert fraction_of(spec, [0, 1, 2]) == 1  # 0.99999: exactly 1e-5 short


def test_multiple_response_sum_beyond_tolerance_is_not_rounded_up():
    spec = MultipleResponseSpec(tuple(Choice(t, percent("33.33")) for t in "abc"))
    assert fraction_of(spec, [0, 1, 2]) == D("0.9999")


def test_multiple_response_duplicate_indexes_count_once():
    assert fraction_of(COLOURS, [0, 0, 0]) == D("0.5")
    assert grade(COLOURS, [2, 0, 2]).feedback == ("right; good!", "right; good!")


def test_multiple_response_feedback_follows_key_order_and_skips_empty():
    spec = MultipleResponseSpec(
        (Choice("a", D("0.5"), "A"), Choice("b", D("0.5")), Choice("c", D(-1), "C"))
    )
    assert grade(spec, [2, 1, 0]).feedback == ("A", "C")


@pytest.mark.parametrize("response", [None, [], ()])
def test_multiple_response_nothing_chosen_scores_zero(response):
    assert grade(COLOURS, response) == GradeResult(fraction=D(0))


@pytest.mark.parametrize("response", [0, "0,2", {"0": True}, {0, 2}])
def test_multiple_response_non_list_is_invalid(response):
    with pytest.raises(InvalidResponse, match="list"):
        grade(COLOURS, response)


@pytest.mark.parametrize("response", [[0, 4], [-1], [0, "2"], [True], [None]])
def test_multiple_response_bad_index_is_invalid(response):
    with pytest.raises(InvalidResponse):
        grade(COLOURS, response)


def test_multiple_response_max_fraction_is_sum_of_positive_weights_clamped():
    assert max_fraction(COLOURS) == 1
    under = MultipleResponseSpec((Choice("a", D("0.25")), Choice("b", D("0.5"))))
    assert max_fraction(under) == D("0.75")
    over = MultipleResponseSpec((Choice("a", D(1)), Choice("b", D(1))))
    assert max_fraction(over) == 1
    assert max_fraction(MultipleResponseSpec(())) == 0


# --- true/false -------------------------------------------------------------------------------

GRANTS_TOMB = TrueFalseSpec(
    answer=False, feedback_if_true="No one is buried in Grant's tomb.", feedback_if_false="Yes."
)


def test_true_false_right_answer_scores_one_with_feedback_for_that_answer():
    assert grade(GRANTS_TOMB, False) == GradeResult(fraction=D(1), feedback=("Yes.",))


def test_true_false_wrong_answer_scores_zero_with_feedback_for_that_answer():
    assert grade(GRANTS_TOMB, True) == GradeResult(
        fraction=D(0), feedback=("No one is buried in Grant's tomb.",)
    )


def test_true_false_true_key_accepts_true():
    assert fraction_of(TrueFalseSpec(answer=True), True) == 1
    assert fraction_of(TrueFalseSpec(answer=True), False) == 0


def test_true_false_unanswered_scores_zero_without_feedback():
    assert grade(GRANTS_TOMB, None) == GradeResult(fraction=D(0))


@pytest.mark.parametrize("response", ["true", "False", 0, 1, [], "T"])
def test_true_false_non_boolean_is_invalid(response):
    with pytest.raises(InvalidResponse, match="true or false"):
        grade(GRANTS_TOMB, response)


def test_true_false_max_fraction_is_one():
    assert max_fraction(GRANTS_TOMB) == 1


# --- short answer -----------------------------------------------------------------------------

ANIMAL = ShortAnswerSpec(
    (
        Choice("Frog", D(1), "Good!"),
        Choice("Cat", percent("50"), "What is it with Moodlers and cats?"),
        Choice("*", percent("0"), "Completely wrong"),
    )
)


def test_short_answer_exact_answer_scores_full_marks_with_feedback():
    assert grade(ANIMAL, "Frog") == GradeResult(fraction=D(1), feedback=("Good!",))


def test_short_answer_partial_credit_answer_scores_its_fraction():
    assert grade(ANIMAL, "cat") == GradeResult(
        fraction=D("0.5"), feedback=("What is it with Moodlers and cats?",)
    )


def test_short_answer_zero_percent_wildcard_catches_the_rest_with_its_feedback():
    assert grade(ANIMAL, "dog") == GradeResult(fraction=D(0), feedback=("Completely wrong",))


@pytest.mark.parametrize("response", ["frog", "FROG", "fRoG", "  Frog", "Frog\n", "\tfrog \u00a0"])
def test_short_answer_ignores_case_and_surrounding_whitespace_by_default(response):
    assert fraction_of(ANIMAL, response) == 1


def test_short_answer_collapses_internal_whitespace_in_answer_and_key():
    spec = ShortAnswerSpec((Choice("no  one", D(1)),))
    assert fraction_of(spec, "No one") == 1
    assert fraction_of(spec, "no \t\n one") == 1
    assert fraction_of(spec, "noone") == 0


def test_short_answer_composed_and_decomposed_unicode_are_equal():
    composed = "Henri\u00ebtte"
    decomposed = "Henrie\u0308tte"
    assert composed != decomposed
    assert unicodedata.normalize("NFC", decomposed) == composed
    assert fraction_of(ShortAnswerSpec((Choice(composed, D(1)),)), decomposed) == 1
    assert fraction_of(ShortAnswerSpec((Choice(decomposed, D(1)),)), composed) == 1
    assert fraction_of(ShortAnswerSpec((Choice(composed, D(1)),)), "HENRIËTTE") == 1
    assert fraction_of(ShortAnswerSpec((Choice(composed, D(1)),)), "Henriette") == 0


def test_short_answer_casefolds_sharp_s():
    assert fraction_of(ShortAnswerSpec((Choice("Straße", D(1)),)), "STRASSE") == 1


def test_short_answer_case_sensitive_key_respects_case_but_not_spacing():
    spec = ShortAnswerSpec((Choice("NaCl", D(1)),), case_sensitive=True)
    assert fraction_of(spec, "NaCl") == 1
    assert fraction_of(spec, "  NaCl ") == 1
    assert fraction_of(spec, "nacl") == 0
    assert fraction_of(spec, "NACL") == 0


@pytest.mark.parametrize(
    ("key", "response", "matches"),
    [
        ("Naz*th", "Nazareth", True),
        ("Naz*th", "Nazth", True),
        ("Naz*th", "Nazareths", False),
        ("*reth", "Nazareth", True),
        ("Naza*", "Nazareth", True),
        ("*zar*", "Nazareth", True),
        ("*zar*", "Bethlehem", False),
        ("a*b*c", "abc", True),
        ("a*b*c", "axxbyyc", True),
        ("a*b*c", "acb", False),
        ("a*b*c", "abcb", False),
        ("ab*ba", "aba", False),
        ("**", "anything at all", True),
        ("*", "x", True),
        ("Frog", "Frogs", False),
        ("Frog", "The Frog", False),
    ],
)
def test_short_answer_wildcard_matches_any_run_of_characters_and_whole_answer(
    key, response, matches
):
    spec = ShortAnswerSpec((Choice(key, D(1)),))
    assert (fraction_of(spec, response) == 1) is matches


def test_short_answer_escaped_star_is_a_literal_star():
    spec = ShortAnswerSpec((Choice(r"5\*3", D(1)),))
    assert fraction_of(spec, "5*3") == 1
    assert fraction_of(spec, "5x3") == 0
    assert fraction_of(spec, "5\\*3") == 0
    assert fraction_of(spec, "5xx3") == 0


def test_short_answer_escaped_and_wildcard_stars_together():
    spec = ShortAnswerSpec((Choice(r"\**", D(1)),))
    assert fraction_of(spec, "*bold") == 1
    assert fraction_of(spec, "bold") == 0


@pytest.mark.parametrize(
    ("key", "response"),
    [("a.c", "abc"), ("a+", "aa"), ("(x)|y", "y"), ("[ab]", "a"), ("a?", "a"), ("^a$", "a")],
)
def test_short_answer_regex_characters_in_key_are_literal(key, response):
    spec = ShortAnswerSpec((Choice(key, D(1)),))
    assert fraction_of(spec, response) == 0
    assert fraction_of(spec, key) == 1


def test_short_answer_backslash_that_escapes_no_star_is_literal():
    spec = ShortAnswerSpec((Choice("a\\b", D(1)),))
    assert fraction_of(spec, "a\\b") == 1


def test_short_answer_highest_matching_fraction_wins_whatever_the_key_order():
    spec = ShortAnswerSpec(
        (
            Choice("*", D(0), "anything"),
            Choice("Naz*", D("0.25"), "close"),
            Choice("Nazareth", D(1), "Yes!"),
            Choice("*reth", D("0.75"), "ends well"),
        )
    )
    assert grade(spec, "nazareth") == GradeResult(fraction=D(1), feedback=("Yes!",))
    assert grade(spec, "Nazereth") == GradeResult(fraction=D("0.75"), feedback=("ends well",))
    assert grade(spec, "Nazar") == GradeResult(fraction=D("0.25"), feedback=("close",))


def test_short_answer_tie_shows_the_feedback_of_the_first_answer_in_the_key():
    spec = ShortAnswerSpec((Choice("no one", D(1), "first"), Choice("no*", D(1), "second")))
    assert grade(spec, "no one").feedback == ("first",)


def test_short_answer_negative_fraction_scores_zero_with_feedback():
    spec = ShortAnswerSpec((Choice("right", D(1)), Choice("wrong", D(-1), "No.")))
    assert grade(spec, "wrong") == GradeResult(fraction=D(0), feedback=("No.",))


def test_short_answer_without_a_match_scores_zero_without_feedback():
    spec = ShortAnswerSpec((Choice("Frog", D(1), "Good!"),))
    assert grade(spec, "toad") == GradeResult(fraction=D(0))


@pytest.mark.parametrize("response", [None, "", "   ", "\n\t"])
def test_short_answer_empty_answer_scores_zero_even_against_a_wildcard(response):
    assert grade(ANIMAL, response) == GradeResult(fraction=D(0))


def test_short_answer_key_of_only_spaces_never_matches():
    spec = ShortAnswerSpec((Choice("  ", D(1)),))
    assert fraction_of(spec, " ") == 0
    assert max_fraction(spec) == 0


@pytest.mark.parametrize("response", [42, 4.2, ["Frog"], {"a": "Frog"}, True, b"Frog"])
def test_short_answer_non_text_is_invalid(response):
    with pytest.raises(InvalidResponse, match="text"):
        grade(ANIMAL, response)


def test_short_answer_of_exactly_the_maximum_length_is_graded():
    assert fraction_of(ANIMAL, "x" * MAX_ANSWER_LENGTH) == 0
    assert MAX_ANSWER_LENGTH == 10_000


def test_short_answer_over_the_maximum_length_is_invalid():
    with pytest.raises(InvalidResponse, match="too long"):
        grade(ANIMAL, "x" * (MAX_ANSWER_LENGTH + 1))


def test_short_answer_wildcards_against_a_long_answer_do_not_backtrack():
    spec = ShortAnswerSpec((Choice("*a*a*a*a*a*b", D(1)),))
    started = time.perf_counter()
    assert fraction_of(spec, "a" * MAX_ANSWER_LENGTH) == 0
    assert fraction_of(spec, "a" * (MAX_ANSWER_LENGTH - 1) + "b") == 1
    assert time.perf_counter() - started < 1


def test_short_answer_max_fraction_is_best_answer():
    assert max_fraction(ANIMAL) == 1
    assert max_fraction(ShortAnswerSpec((Choice("a", D("0.5")),))) == D("0.5")
    assert max_fraction(ShortAnswerSpec(())) == 0


# --- numeric ----------------------------------------------------------------------------------


def numeric(*answers: NumericAnswer) -> NumericSpec:
    return NumericSpec(answers)


GRANT_BORN = numeric(NumericAnswer(value=D(1822), tolerance=D(1), feedback="1822"))


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("1822", 1),
        ("1821", 1),  # exactly at the lower boundary
        ("1823", 1),  # exactly at the upper boundary
        ("1820.9999", 0),
        ("1823.0001", 0),
        (1822, 1),
        (1823, 1),
        (1824, 0),
    ],
)
def test_numeric_tolerance_includes_both_boundaries(response, expected):
    assert fraction_of(GRANT_BORN, response) == expected


def test_numeric_exact_answer_without_tolerance():
    spec = numeric(NumericAnswer(value=D(4)))
    assert fraction_of(spec, "4") == 1
    assert fraction_of(spec, "4.0") == 1
    assert fraction_of(spec, "4.000001") == 0


def test_numeric_decimal_arithmetic_has_no_float_error():
    point_three = numeric(NumericAnswer(value=D("0.3")))
    assert fraction_of(point_three, "0.3") == 1
    assert fraction_of(point_three, 0.3) == 1
    assert fraction_of(point_three, 0.1 + 0.2) == 0  # the float really is 0.30000000000000004
    edge = numeric(NumericAnswer(value=D("0.1"), tolerance=D("0.2")))
    assert fraction_of(edge, "0.3") == 1
    assert fraction_of(edge, "-0.1") == 1
    assert fraction_of(edge, "0.30000000001") == 0


def test_numeric_pi_with_tolerance_at_the_edges():
    spec = numeric(NumericAnswer(value=D("3.1415"), tolerance=D("0.0005")))
    assert fraction_of(spec, "3.141") == 1
    assert fraction_of(spec, "3.142") == 1
    assert fraction_of(spec, "3.1409999") == 0
    assert fraction_of(spec, "3.1420001") == 0


def test_numeric_range_answer_includes_both_ends():
    spec = numeric(NumericAnswer(low=D("3.141"), high=D("3.142")))
    assert fraction_of(spec, "3.141") == 1
    assert fraction_of(spec, "3.1415") == 1
    assert fraction_of(spec, "3.142") == 1
    assert fraction_of(spec, "3.1421") == 0
    assert fraction_of(spec, "3.14") == 0


def test_numeric_range_wins_over_value_when_both_bounds_are_set():
    spec = numeric(NumericAnswer(value=D(100), low=D(1), high=D(5)))
    assert fraction_of(spec, "3") == 1
    assert fraction_of(spec, "100") == 0


def test_numeric_partial_credit_answer_and_highest_fraction_wins():
    spec = numeric(
        NumericAnswer(value=D(1822), tolerance=D(2), fraction=percent("50"), feedback="close"),
        NumericAnswer(value=D(1822), tolerance=D(0), fraction=D(1), feedback="Correct!"),
    )
    assert grade(spec, "1822") == GradeResult(fraction=D(1), feedback=("Correct!",))
    assert grade(spec, "1820") == GradeResult(fraction=D("0.5"), feedback=("close",))
    assert grade(spec, "1825") == GradeResult(fraction=D(0))


def test_numeric_catch_all_answer_matches_any_other_number_with_its_feedback():
    spec = numeric(
        NumericAnswer(value=D(3), tolerance=D(2)),
        NumericAnswer(fraction=D(0), feedback="Completely wrong"),
    )
    assert grade(spec, "4") == GradeResult(fraction=D(1))
    assert grade(spec, "-7") == GradeResult(fraction=D(0), feedback=("Completely wrong",))
    assert grade(spec, "seven") == GradeResult(fraction=D(0))


def test_numeric_negative_fraction_scores_zero():
    spec = numeric(NumericAnswer(value=D(1)), NumericAnswer(value=D(2), fraction=D(-1)))
    assert fraction_of(spec, "2") == 0


@pytest.mark.parametrize(
    "response",
    ["3,1415", " 3.1415 ", "\t3,1415\n", "3,14150", "+3.1415", "31415e-4", "0.0031415E3"],
)
def test_numeric_accepts_dutch_decimal_comma_spaces_and_exponents(response):
    spec = numeric(NumericAnswer(value=D("3.1415")))
    assert fraction_of(spec, response) == 1


def test_numeric_accepts_negative_numbers_with_unicode_minus():
    spec = numeric(NumericAnswer(value=D("-2.5")))
    assert fraction_of(spec, "-2,5") == 1
    assert fraction_of(spec, "\u22122,5") == 1


def test_numeric_accepts_leading_and_trailing_decimal_separator():
    assert fraction_of(numeric(NumericAnswer(value=D("0.5"))), ",5") == 1
    assert fraction_of(numeric(NumericAnswer(value=D("3"))), "3,") == 1


@pytest.mark.parametrize(
    "response",
    [
        "abc",
        "1,000.5",
        "1.000,5",
        "1.2.3",
        "1,2,3",
        "3 14",
        "NaN",
        "inf",
        "-Infinity",
        "1_000",
        "0x10",
        "½",
        "١٢",
        "e5",
        "--1",
        "3.14abc",
    ],
)
def test_numeric_unreadable_number_scores_zero_without_error(response):
    spec = numeric(NumericAnswer(fraction=D(0), feedback="any number"))
    assert grade(spec, response) == GradeResult(fraction=D(0))


@pytest.mark.parametrize("response", [float("nan"), float("inf"), D("NaN"), D("-Infinity")])
def test_numeric_non_finite_number_scores_zero_without_error(response):
    assert grade(GRANT_BORN, response) == GradeResult(fraction=D(0))


@pytest.mark.parametrize("response", [None, "", "   "])
def test_numeric_unanswered_scores_zero(response):
    assert grade(GRANT_BORN, response) == GradeResult(fraction=D(0))


def test_numeric_accepts_decimal_int_and_float_responses():
    assert fraction_of(GRANT_BORN, D("1822.5")) == 1
    assert fraction_of(GRANT_BORN, 1822) == 1
    assert fraction_of(GRANT_BORN, 1822.5) == 1


@pytest.mark.parametrize("response", [True, False, [1822], {"value": 1822}, (1822,)])
def test_numeric_wrong_type_is_invalid(response):
    with pytest.raises(InvalidResponse):
        grade(GRANT_BORN, response)


def test_numeric_over_long_answer_is_invalid():
    with pytest.raises(InvalidResponse, match="too long"):
        grade(GRANT_BORN, "1" * (MAX_ANSWER_LENGTH + 1))
    assert fraction_of(GRANT_BORN, "0" * (MAX_ANSWER_LENGTH - 4) + "1822") == 1


def test_numeric_huge_exponents_are_compared_without_error():
    assert fraction_of(GRANT_BORN, "1e999999999") == 0
    assert fraction_of(GRANT_BORN, "1822e-999999999") == 0


def test_numeric_negative_tolerance_counts_as_its_size():
    spec = numeric(NumericAnswer(value=D(10), tolerance=D(-1)))
    assert fraction_of(spec, "11") == 1
    assert "answer 1 has a negative tolerance" in is_key_consistent(spec)


def test_numeric_half_given_or_inverted_range_accepts_nothing():
    half = numeric(NumericAnswer(low=D(1)), NumericAnswer(high=D(1)))
    inverted = numeric(NumericAnswer(low=D(5), high=D(1)))
    for spec in (half, inverted):
        assert fraction_of(spec, "1") == 0
        assert fraction_of(spec, "3") == 0
        assert max_fraction(spec) == 0


def test_numeric_max_fraction_is_best_reachable_answer():
    assert max_fraction(GRANT_BORN) == 1
    assert max_fraction(numeric(NumericAnswer(value=D(1), fraction=D("0.5")))) == D("0.5")
    assert max_fraction(numeric()) == 0


# --- matching ---------------------------------------------------------------------------------

ACTIVITIES = MatchingSpec(
    (
        ("An activity supporting asynchronous discussions.", "Forum"),
        ("A teacher asks a question and specifies a choice of multiple responses.", "Choice"),
        ("A bank of record entries which participants can add to.", "Database"),
        ("A collection of web pages that anyone can add to or edit.", "Wiki"),
        ("", "Chat"),
    )
)
LEFTS = [left for left, _ in ACTIVITIES.pairs if left]


def all_right() -> dict[str, str]:
    return {left: right for left, right in ACTIVITIES.pairs if left}


def test_matching_all_pairs_right_scores_one():
    assert grade(ACTIVITIES, all_right()) == GradeResult(fraction=D(1))


def test_matching_distractor_with_empty_left_is_not_counted():
    assert max_fraction(ACTIVITIES) == 1
    answers = all_right()
    answers[LEFTS[0]] = "Chat"
    assert fraction_of(ACTIVITIES, answers) == D("0.75")


def test_matching_partial_matches_score_correct_pairs_over_pairs():
    answers = all_right()
    answers[LEFTS[0]], answers[LEFTS[1]] = "Choice", "Forum"
    assert fraction_of(ACTIVITIES, answers) == D("0.5")
    spec = MatchingSpec((("a", "1"), ("b", "2"), ("c", "3")))
    assert fraction_of(spec, {"a": "1", "b": "3", "c": "2"}) == D("0.3333333")
    assert fraction_of(spec, {"a": "1", "b": "2", "c": "2"}) == D("0.6666667")


def test_matching_accepts_a_list_of_pairs():
    pairs = [[left, right] for left, right in all_right().items()]
    assert fraction_of(ACTIVITIES, pairs) == 1
    assert fraction_of(ACTIVITIES, [tuple(p) for p in pairs[:2]]) == D("0.5")


def test_matching_unanswered_lefts_are_wrong():
    answers = all_right()
    del answers[LEFTS[0]]
    answers[LEFTS[1]] = None
    assert fraction_of(ACTIVITIES, answers) == D("0.5")


@pytest.mark.parametrize("response", [None, {}, []])
def test_matching_unanswered_scores_zero(response):
    assert grade(ACTIVITIES, response) == GradeResult(fraction=D(0))


def test_matching_unknown_right_is_simply_wrong():
    answers = all_right()
    answers[LEFTS[0]] = "Quiz"
    assert fraction_of(ACTIVITIES, answers) == D("0.75")


def test_matching_compares_unicode_composition_insensitively():
    spec = MatchingSpec((("Henri\u00ebtte", "Caf\u00e9"), ("b", "2")))
    assert fraction_of(spec, {"Henrie\u0308tte": "Cafe\u0301", "b": "2"}) == 1


def test_matching_unknown_left_is_invalid():
    with pytest.raises(InvalidResponse, match="not an item"):
        grade(ACTIVITIES, {"Something else": "Forum"})


def test_matching_distractor_left_is_not_a_key():
    with pytest.raises(InvalidResponse, match="not an item"):
        grade(ACTIVITIES, {"": "Chat"})


@pytest.mark.parametrize("response", ["Forum", 3, True, {"Forum"}])
def test_matching_non_mapping_is_invalid(response):
    with pytest.raises(InvalidResponse, match="map each left"):
        grade(ACTIVITIES, response)


@pytest.mark.parametrize(
    "response",
    [
        [["a"]],
        [["a", "b", "c"]],
        ["ab"],
        [None],
    ],
)
def test_matching_malformed_pair_is_invalid(response):
    with pytest.raises(InvalidResponse, match="pairs"):
        grade(ACTIVITIES, response)


def test_matching_same_left_twice_in_a_list_is_invalid():
    with pytest.raises(InvalidResponse, match="more than once"):
        grade(ACTIVITIES, [[LEFTS[0], "Forum"], [LEFTS[0], "Wiki"]])


def test_matching_non_text_items_are_invalid():
    with pytest.raises(InvalidResponse, match="right item must be text"):
        grade(ACTIVITIES, {LEFTS[0]: 1})
    with pytest.raises(InvalidResponse, match="left item must be text"):
        grade(ACTIVITIES, [[1, "Forum"]])


def test_matching_without_scoring_pairs_scores_zero():
    spec = MatchingSpec((("", "x"),))
    assert fraction_of(spec, None) == 0
    assert max_fraction(spec) == 0


def test_matching_max_fraction_with_a_left_listed_twice():
    spec = MatchingSpec((("a", "1"), ("a", "2"), ("b", "3")))
    assert max_fraction(spec) == D("0.6666667")
    assert fraction_of(spec, {"a": "1", "b": "3"}) == D("0.6666667")


# --- ordering ---------------------------------------------------------------------------------

STEPS = OrderingSpec(("greet", "listen", "summarise", "advise"))


def test_ordering_correct_order_scores_one():
    assert grade(STEPS, list(STEPS.items)) == GradeResult(fraction=D(1))


def test_ordering_scores_items_in_their_absolute_position():
    assert fraction_of(STEPS, ["greet", "listen", "advise", "summarise"]) == D("0.5")
    assert fraction_of(STEPS, ["listen", "greet", "summarise", "advise"]) == D("0.5")
    assert fraction_of(OrderingSpec(("a", "b", "c")), ["c", "b", "a"]) == D("0.3333333")


def test_ordering_shift_by_one_scores_zero_in_absolute_position():
    """The documented choice: a rotation keeps most neighbours but moves every item."""
    assert fraction_of(STEPS, ["advise", "greet", "listen", "summarise"]) == 0


def test_ordering_accepts_a_tuple_and_composed_or_decomposed_items():
    spec = OrderingSpec(("Henri\u00ebtte", "Jan"))
    assert fraction_of(spec, ("Henrie\u0308tte", "Jan")) == 1


@pytest.mark.parametrize("response", [None, [], ()])
def test_ordering_unanswered_scores_zero(response):
    assert grade(STEPS, response) == GradeResult(fraction=D(0))


@pytest.mark.parametrize(
    "response",
    [
        ["greet", "listen", "summarise"],
        ["greet", "listen", "summarise", "advise", "advise"],
        ["greet", "listen", "summarise", "shout"],
        ["greet", "greet", "summarise", "advise"],
    ],
)
def test_ordering_response_that_is_not_a_permutation_is_invalid(response):
    with pytest.raises(InvalidResponse, match="exactly once"):
        grade(STEPS, response)


@pytest.mark.parametrize("response", ["greet", {"greet": 0}, 3])
def test_ordering_non_list_is_invalid(response):
    with pytest.raises(InvalidResponse, match="list"):
        grade(STEPS, response)


def test_ordering_non_text_item_is_invalid():
    with pytest.raises(InvalidResponse, match="must be text"):
        grade(STEPS, ["greet", 1, "summarise", "advise"])


def test_ordering_with_repeated_items_counts_each_position():
    spec = OrderingSpec(("a", "a", "b"))
    assert fraction_of(spec, ["a", "a", "b"]) == 1
    assert fraction_of(spec, ["a", "b", "a"]) == D("0.3333333")


def test_ordering_max_fraction():
    assert max_fraction(STEPS) == 1
    assert max_fraction(OrderingSpec(())) == 0


# --- essay and description --------------------------------------------------------------------


def test_essay_waits_for_review_with_fraction_zero():
    result = grade(EssaySpec(guidance="Use the STAR method."), "I listened to the customer.")
    assert result == GradeResult(fraction=D(0), needs_review=True)
    assert result.gradable


@pytest.mark.parametrize("response", [None, "", "  \n "])
def test_empty_essay_scores_zero_without_review(response):
    assert grade(EssaySpec(), response) == GradeResult(fraction=D(0), needs_review=False)


def test_essay_has_no_length_limit_in_the_core():
    assert grade(EssaySpec(), "x" * (10 * MAX_ANSWER_LENGTH)).needs_review


@pytest.mark.parametrize("response", [1, ["text"], {"text": "a"}, True])
def test_essay_non_text_is_invalid(response):
    with pytest.raises(InvalidResponse, match="text"):
        grade(EssaySpec(), response)


def test_essay_max_fraction_is_one():
    assert max_fraction(EssaySpec()) == 1


def test_description_is_not_gradable():
    result = grade(DescriptionSpec(), None)
    assert result == GradeResult(fraction=D(0), gradable=False)
    assert not result.needs_review
    assert max_fraction(DescriptionSpec()) == 0


@pytest.mark.parametrize("response", ["", "text", 0, []])
def test_description_takes_no_answer(response):
    with pytest.raises(InvalidResponse, match="no answer"):
        grade(DescriptionSpec(), response)


# --- is_key_consistent ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec",
    [
        DIFFICULT,
        COLOURS,
        GRANTS_TOMB,
        ANIMAL,
        GRANT_BORN,
        ACTIVITIES,
        STEPS,
        EssaySpec(),
        DescriptionSpec(),
        numeric(
            NumericAnswer(value=D(3), tolerance=D(2)),
            NumericAnswer(fraction=D(0), feedback="Completely wrong"),
        ),
    ],
)
def test_consistent_keys_have_no_problems(spec):
    assert is_key_consistent(spec) == []


def test_single_choice_key_without_positive_answer_is_reported():
    spec = SingleChoiceSpec((Choice("a", D(0)), Choice("b", D(-1))))
    assert "no choice gives any marks" in is_key_consistent(spec)


def test_single_choice_key_without_full_marks_is_reported():
    spec = SingleChoiceSpec((Choice("a", D("0.5")), Choice("b")))
    assert is_key_consistent(spec) == ["no choice gives full marks (the best gives 0.5)"]


def test_choice_key_with_empty_or_missing_choices_is_reported():
    assert is_key_consistent(SingleChoiceSpec(())) == ["the question has no choices"]
    assert is_key_consistent(MultipleResponseSpec(())) == ["the question has no choices"]
    problems = is_key_consistent(SingleChoiceSpec((Choice("a", D(1)), Choice("  "))))
    assert problems == ["choice 2 is empty"]
    assert "the question has only one choice" in is_key_consistent(
        SingleChoiceSpec((Choice("a", D(1)),))
    )


def test_choice_key_with_duplicate_choices_is_reported():
    spec = SingleChoiceSpec((Choice("a", D(1)), Choice("a ")))
    assert is_key_consistent(spec) == ["choice 'a' appears 2 times"]


def test_choice_key_with_fraction_out_of_range_or_not_finite_is_reported():
    spec = MultipleResponseSpec((Choice("a", D(2)), Choice("b", D("NaN")), Choice("c", D(-1))))
    problems = is_key_consistent(spec)
    assert "choice 1 has fraction 2, outside -1 to 1" in problems
    assert any("choice 2" in p and "not a finite number" in p for p in problems)


def test_multiple_response_key_whose_positive_weights_do_not_add_to_one_is_reported():
    spec = MultipleResponseSpec((Choice("a", D("0.5")), Choice("b", D("0.25"))))
    assert is_key_consistent(spec) == ["the positive fractions add up to 0.75, not 1 (100%)"]
    over = MultipleResponseSpec((Choice("a", D(1)), Choice("b", D(1))))
    assert is_key_consistent(over) == ["the positive fractions add up to 2, not 1 (100%)"]


def test_multiple_response_key_without_positive_answer_is_reported():
    spec = MultipleResponseSpec((Choice("a", D(-1)), Choice("b", D(0))))
    assert is_key_consistent(spec) == ["no choice gives any marks"]


def test_short_answer_key_problems_are_reported():
    assert is_key_consistent(ShortAnswerSpec(())) == ["the question has no answers"]
    partial = ShortAnswerSpec((Choice("a", D("0.5")),))
    assert is_key_consistent(partial) == ["no answer gives full marks (the best gives 0.5)"]
    nothing = ShortAnswerSpec((Choice("*", D(0)),))
    assert is_key_consistent(nothing) == ["no answer gives any marks"]
    empty = ShortAnswerSpec((Choice("", D(1)), Choice("a", D(1))))
    assert is_key_consistent(empty) == ["answer 1 is empty"]


def test_numeric_key_problems_are_reported():
    assert is_key_consistent(numeric()) == ["the question has no answers"]
    assert is_key_consistent(numeric(NumericAnswer(low=D(5), high=D(1)))) == [
        "answer 1 accepts no number (check its range or value)",
        "no answer gives any marks",
    ]
    assert is_key_consistent(numeric(NumericAnswer(low=D(1)))) == [
        "answer 1 gives only one end of its range",
        "no answer gives any marks",
    ]
    assert is_key_consistent(numeric(NumericAnswer(value=D(1), fraction=D("0.5")))) == [
        "no answer gives full marks (the best gives 0.5)"
    ]


def test_true_false_key_that_is_not_boolean_is_reported():
    assert is_key_consistent(TrueFalseSpec(answer="yes")) == [  # type: ignore[arg-type]
        "the answer must be true or false, got 'yes'"
    ]


def test_matching_key_problems_are_reported():
    assert is_key_consistent(MatchingSpec((("a", "1"), ("", "2")))) == [
        "a matching question needs at least two pairs with a left item"
    ]
    problems = is_key_consistent(MatchingSpec((("a", "1"), ("a", "2"), ("b", ""), ("", "1"))))
    assert "pair 3 has an empty right item" in problems
    assert "distractor '1' is also a correct right item" in problems
    assert "left item 'a' appears 2 times" in problems


def test_ordering_key_problems_are_reported():
    assert is_key_consistent(OrderingSpec(("a",))) == [
        "an ordering question needs at least two items"
    ]
    assert is_key_consistent(OrderingSpec(("a", "", "a"))) == [
        "item 2 is empty",
        "item 'a' appears 2 times",
    ]


# --- attempt_score ----------------------------------------------------------------------------


def result(fraction: str, **kwargs) -> GradeResult:
    return GradeResult(fraction=D(fraction), **kwargs)


def test_attempt_score_adds_weighted_points_and_percentage():
    score = attempt_score([(result("1"), D(2)), (result("0.5"), D(2)), (result("0"), D(1))])
    assert score == AttemptScore(
        points=D("3.00"), max_points=D("5.00"), percentage=D("60.00"), complete=True
    )


def test_attempt_score_quantises_points_and_percentage_to_two_decimals_half_up():
    score = attempt_score([(result("0.3333333"), D(1)), (result("1"), D(2))])
    assert score.points == D("2.33")
    assert score.percentage == D("77.78")
    assert score.points.as_tuple().exponent == -2
    assert attempt_score([(result("0.125"), D(1))]).points == D("0.13")


def test_attempt_score_full_marks_is_exactly_one_hundred_percent():
    thirds = [(result("1"), D("0.333")) for _ in range(3)]
    assert attempt_score(thirds).percentage == D("100.00")


def test_attempt_score_ignores_descriptions():
    score = attempt_score([(result("1"), D(1)), (grade(DescriptionSpec(), None), D(5))])
    assert score.max_points == D("1.00")
    assert score.percentage == D("100.00")


def test_attempt_with_an_essay_waiting_for_review_is_incomplete():
    essay = grade(EssaySpec(), "An answer")
    score = attempt_score([(result("1"), D(1)), (essay, D(3))])
    assert score == AttemptScore(
        points=D("1.00"), max_points=D("4.00"), percentage=D("25.00"), complete=False
    )


def test_attempt_becomes_complete_once_the_essay_is_reviewed():
    reviewed = GradeResult(fraction=D("0.75"), needs_review=False)
    score = attempt_score([(result("1"), D(1)), (reviewed, D(4))])
    assert score.complete
    assert score.points == D("4.00")


def test_empty_attempt_scores_zero_of_zero():
    assert attempt_score([]) == AttemptScore(
        points=D("0.00"), max_points=D("0.00"), percentage=D("0.00"), complete=True
    )


def test_attempt_with_only_zero_point_questions_scores_zero_percent():
    assert attempt_score([(result("1"), D(0))]).percentage == 0


def test_attempt_score_accepts_integer_max_points():
    assert attempt_score([(result("0.5"), 3)]).points == D("1.50")  # type: ignore[list-item]


@pytest.mark.parametrize("max_points", [D(-1), D("NaN"), D("Infinity")])
def test_attempt_score_refuses_negative_or_non_finite_max_points(max_points):
    with pytest.raises(ValueError, match="max_points"):
        attempt_score([(result("1"), max_points)])


# --- final_grade and passed -------------------------------------------------------------------

ATTEMPTS = [D("40.00"), D("80.00"), D("65.50")]


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", D("80.00")), ("first", D("40.00")), ("last", D("65.50")), ("average", D("61.83"))],
)
def test_final_grade_per_grading_method(method, expected):
    assert final_grade(ATTEMPTS, method) == expected


def test_final_grade_average_rounds_half_up():
    assert final_grade([D("50.00"), D("50.01")], "average") == D("50.01")


def test_final_grade_of_one_attempt_is_that_attempt_for_every_method():
    for method in ("highest", "first", "last", "average"):
        assert final_grade([D("72.5")], method) == D("72.50")


@pytest.mark.parametrize("method", ["highest", "first", "last", "average"])
def test_final_grade_without_attempts_is_none(method):
    assert final_grade([], method) is None


@pytest.mark.parametrize("method", ["best", "Highest", "", "mean"])
def test_final_grade_unknown_method_raises_even_without_attempts(method):
    with pytest.raises(ValueError, match="unknown grading method"):
        final_grade([], method)
    with pytest.raises(ValueError, match="unknown grading method"):
        final_grade(ATTEMPTS, method)


def test_passed_at_exactly_the_pass_mark():
    assert passed(D("55.00"), D(55))
    assert passed(D("55.01"), D(55))
    assert not passed(D("54.99"), D(55))
    assert passed(D(0), D(0))


# --- properties -------------------------------------------------------------------------------

GIFT_WEIGHTS = [
    percent(p) for p in ("100", "50", "-50", "-100", "33.33333", "-33.33333", "25", "0", "75")
]
fractions = st.one_of(
    st.sampled_from(GIFT_WEIGHTS),
    st.decimals(min_value=-2, max_value=2, places=7, allow_nan=False, allow_infinity=False),
)
feedbacks = st.sampled_from(["", "good", "wrong"])
words = st.text(alphabet="abAB ßëe\u0308.*\\", max_size=12)
choices = st.builds(Choice, text=words, fraction=fractions, feedback=feedbacks)
finite_decimals = st.decimals(
    min_value=-1000, max_value=1000, places=4, allow_nan=False, allow_infinity=False
)


@st.composite
def single_choice_cases(draw):
    spec = SingleChoiceSpec(tuple(draw(st.lists(choices, max_size=6))))
    indexes = st.integers(0, len(spec.choices) - 1) if spec.choices else st.nothing()
    return spec, draw(st.one_of(st.none(), indexes))


@st.composite
def multiple_response_cases(draw):
    spec = MultipleResponseSpec(tuple(draw(st.lists(choices, max_size=6))))
    if not spec.choices:
        return spec, draw(st.sampled_from([None, []]))
    indexes = st.lists(st.integers(0, len(spec.choices) - 1), max_size=8)
    return spec, draw(st.one_of(st.none(), indexes))


@st.composite
def true_false_cases(draw):
    spec = TrueFalseSpec(answer=draw(st.booleans()), feedback_if_true=draw(feedbacks))
    return spec, draw(st.one_of(st.none(), st.booleans()))


@st.composite
def short_answer_cases(draw):
    spec = ShortAnswerSpec(
        tuple(draw(st.lists(choices, max_size=5))), case_sensitive=draw(st.booleans())
    )
    keys = [c.text.replace("*", draw(words)) for c in spec.answers]
    response = draw(st.one_of(st.none(), words, st.sampled_from(keys) if keys else words))
    return spec, response


numeric_answers = st.one_of(
    st.builds(
        NumericAnswer,
        value=finite_decimals,
        tolerance=st.decimals(min_value=0, max_value=10, places=3),
        fraction=fractions,
        feedback=feedbacks,
    ),
    st.builds(NumericAnswer, low=finite_decimals, high=finite_decimals, fraction=fractions),
    st.builds(NumericAnswer, low=finite_decimals, fraction=fractions),
    st.builds(NumericAnswer, fraction=fractions, feedback=feedbacks),
)


@st.composite
def numeric_cases(draw):
    spec = NumericSpec(tuple(draw(st.lists(numeric_answers, max_size=4))))
    number = draw(finite_decimals)
    response = draw(
        st.one_of(
            st.none(),
            st.just(number),
            st.just(str(number)),
            st.just(f" {str(number).replace('.', ',')} "),
            st.integers(-2000, 2000),
            st.floats(allow_nan=True, allow_infinity=True),
            st.text(max_size=10),
        )
    )
    return spec, response


@st.composite
def matching_cases(draw):
    pairs = draw(st.lists(st.tuples(st.sampled_from(["", "a", "b", "c", "d"]), words), max_size=6))
    spec = MatchingSpec(tuple(pairs))
    lefts = sorted({left for left, _ in pairs if left.strip()})
    rights = [right for _, right in pairs] + ["unknown"]
    answers = {
        left: draw(st.one_of(st.none(), st.sampled_from(rights)))
        for left in lefts
        if draw(st.booleans())
    }
    as_list = draw(st.booleans())
    return spec, [[k, v] for k, v in answers.items()] if as_list else answers


@st.composite
def ordering_cases(draw):
    items = draw(st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=6))
    spec = OrderingSpec(tuple(items))
    response = draw(st.one_of(st.none(), st.just([]), st.permutations(items)))
    return spec, response


cases = st.one_of(
    single_choice_cases(),
    multiple_response_cases(),
    true_false_cases(),
    short_answer_cases(),
    numeric_cases(),
    matching_cases(),
    ordering_cases(),
    st.tuples(st.builds(EssaySpec), st.one_of(st.none(), st.text(max_size=20))),
    st.tuples(st.builds(DescriptionSpec), st.none()),
)


@settings(max_examples=500)
@given(cases)
def test_any_valid_response_scores_within_zero_and_max_fraction(case):
    spec, response = case
    result = grade(spec, response)
    assert D(0) <= result.fraction <= max_fraction(spec) <= 1
    assert result.fraction.as_tuple().exponent == -7


@given(cases)
def test_grading_is_deterministic_and_leaves_the_response_untouched(case):
    spec, response = case
    before = copy.deepcopy(response)
    assert grade(spec, response) == grade(spec, copy.deepcopy(response))
    assert response == before or response != response  # a NaN float is never equal to itself


@given(single_choice_cases())
def test_single_choice_max_fraction_is_reached_by_some_choice(case):
    spec, _ = case
    best = max((grade(spec, i).fraction for i in range(len(spec.choices))), default=D(0))
    assert best == max_fraction(spec)


@given(multiple_response_cases())
def test_multiple_response_max_fraction_is_reached_by_the_positive_choices(case):
    spec, _ = case
    positive = [i for i, c in enumerate(spec.choices) if c.fraction > 0]
    assert grade(spec, positive).fraction == max_fraction(spec)


@given(ordering_cases())
def test_ordering_in_key_order_reaches_max_fraction(case):
    spec, _ = case
    assert grade(spec, list(spec.items)).fraction == max_fraction(spec)


@given(st.lists(st.sampled_from(["a", "b", "c"]), max_size=6), st.data())
def test_matching_max_fraction_is_reached_by_the_best_mapping(lefts, data):
    pairs = tuple((left, data.draw(st.sampled_from(["1", "2"]))) for left in lefts)
    spec = MatchingSpec(pairs)
    best = {}
    for left in set(lefts):
        rights = [r for l_, r in pairs if l_ == left]
        best[left] = max(set(rights), key=rights.count)
    assert grade(spec, best).fraction == max_fraction(spec)


@given(
    st.text(alphabet="abcXYZ ", min_size=1, max_size=10),
    st.text(alphabet=" \t\n", max_size=3),
    st.text(alphabet=" \t\n", max_size=3),
)
def test_short_answer_ignores_case_and_surrounding_spaces_for_any_text(key, before, after):
    spec = ShortAnswerSpec((Choice(key, D(1)),))
    expected = D(1) if key.strip() else D(0)
    assert fraction_of(spec, before + key.upper() + after) == expected
    assert fraction_of(spec, key.lower()) == expected


@given(finite_decimals, st.decimals(min_value=0, max_value=10, places=4))
def test_numeric_tolerance_boundaries_are_exact_for_any_value(value, tolerance):
    spec = numeric(NumericAnswer(value=value, tolerance=tolerance))
    assert fraction_of(spec, str(value + tolerance)) == 1
    assert fraction_of(spec, str(value - tolerance).replace(".", ",")) == 1
    assert fraction_of(spec, str(value + tolerance + D("0.00001"))) == 0


points = st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(cases, points), max_size=20))
def test_attempt_points_never_exceed_its_maximum(items):
    graded = [(grade(spec, response), max_points) for (spec, response), max_points in items]
    score = attempt_score(graded)
    assert D(0) <= score.points <= score.max_points
    assert D(0) <= score.percentage <= 100
    assert score.complete == (not any(r.needs_review for r, _ in graded))


@given(
    st.lists(st.decimals(min_value=0, max_value=100, places=2), max_size=10),
    st.sampled_from(["highest", "first", "last", "average"]),
)
def test_final_grade_lies_between_lowest_and_highest_attempt(percentages, method):
    final = final_grade(percentages, method)
    if not percentages:
        assert final is None
    else:
        assert min(percentages) <= final <= max(percentages)

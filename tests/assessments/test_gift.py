"""GIFT import and export as a pure core: Moodle's own files read completely, every error
found with its line, and export → import giving back the same questions. No database."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.questions.gift import (
    BLANK,
    TEXT_FORMATS,
    GiftError,
    GiftLineError,
    export_gift,
    parse_gift,
)
from assessments.questions.specs import (
    Choice,
    DescriptionSpec,
    EssaySpec,
    MatchingSpec,
    MultipleResponseSpec,
    NumericAnswer,
    NumericSpec,
    OrderingSpec,
    QuestionData,
    ShortAnswerSpec,
    SingleChoiceSpec,
    TrueFalseSpec,
)

CONFORMANCE = Path(__file__).resolve().parents[3] / "shared/conformance/gift"


def conformance_text(name: str) -> str:
    path = CONFORMANCE / name
    if not path.is_file():
        pytest.skip(
            f"GIFT conformance file {path} is missing (expected ../shared/conformance/gift)"
        )
    return path.read_text(encoding="utf-8")


# --- compact expectations --------------------------------------------------------------------


def pct(value) -> Decimal:
    return Decimal(str(value)).scaleb(-2)


def choices(*rows) -> tuple[Choice, ...]:
    """(text, percent[, feedback]) rows."""
    return tuple(Choice(text, pct(percent), *feedback) for text, percent, *feedback in rows)


def sc(*rows) -> SingleChoiceSpec:
    return SingleChoiceSpec(choices(*rows))


def mr(*rows) -> MultipleResponseSpec:
    return MultipleResponseSpec(choices(*rows))


def sa(*rows) -> ShortAnswerSpec:
    return ShortAnswerSpec(choices(*rows))


def tf(answer: bool, if_true: str = "", if_false: str = "") -> TrueFalseSpec:
    return TrueFalseSpec(answer, feedback_if_true=if_true, feedback_if_false=if_false)


def exact(value, tolerance=0, percent=100, feedback="") -> NumericAnswer:
    return NumericAnswer(
        value=Decimal(str(value)),
        tolerance=Decimal(str(tolerance)),
        fraction=pct(percent),
        feedback=feedback,
    )


def between(low, high, percent=100, feedback="") -> NumericAnswer:
    return NumericAnswer(
        low=Decimal(str(low)), high=Decimal(str(high)), fraction=pct(percent), feedback=feedback
    )


def num(*answers: NumericAnswer) -> NumericSpec:
    return NumericSpec(answers)


def match(*pairs) -> MatchingSpec:
    return MatchingSpec(tuple(pairs))


def q(line, name, text, spec, *, fmt="moodle", general="", category=None) -> QuestionData:
    return QuestionData(
        name=name,
        text=text,
        spec=spec,
        text_format=fmt,
        general_feedback=general,
        category=category,
        line=line,
    )


def unnamed(line, text, spec, **kwargs) -> QuestionData:
    """A question without `::name::` is named after its text, as Moodle does."""
    return q(line, text, text, spec, **kwargs)


GRANT = "Who's buried in Grant's tomb?"
TOMB = "Grant is buried in Grant's tomb."
TOMB_BLANK = "Grant is _____ in Grant's tomb."
BORN = "When was Ulysses S. Grant born?"
PI = "What is the value of pi (to 3 decimal places)? _____."
TWO = "What two people are entombed in Grant's tomb?"
THANKSGIVING = (
    "The American holiday of Thanksgiving is celebrated on the _____ Thursday of November."
)
COUNTRIES = "Match the following countries with their corresponding capitals."
GRANT_MC = sc(("Grant", 0), ("Jefferson", 0), ("no one", 100))
TOMB_MC = sc(("buried", 0), ("entombed", 100), ("living", 0))
NOBODY = sa(("no one", 100), ("nobody", 100))
NOBODY_FEEDBACK = sa(("no one", 100, "excellent answer!"), ("nobody", 100, "excellent answer!"))
DATES = sc(("second", 0), ("third", 0), ("fourth", 100))
HOMETOWN_SA = sa(
    ("Nazareth", 100, "Yes! That's right!"),
    ("Nazereth", 75, "Right, but misspelled."),
    ("Bethlehem", 25, "He was born here, but not raised here."),
)
BACKSLASH_FEEDBACK = (
    "Correct! \\ (backslash) is not a control character. BUT,\n"
    "it is used to escape the control characters. So, to specify\n"
    "a literal backslash, you must escape it with a backslash\n"
    "(as shown in this example)."
)

# Every question of moodle-examples.gift.txt, in file order, with the line it starts on.
EXAMPLES = [
    unnamed(8, GRANT, GRANT_MC),
    unnamed(10, TOMB_BLANK, TOMB_MC),
    unnamed(12, TOMB, tf(False)),
    unnamed(14, GRANT, NOBODY),
    unnamed(16, BORN, num(exact(1822, 1))),
    unnamed(25, GRANT, GRANT_MC),
    unnamed(27, TOMB_BLANK, TOMB_MC),
    q(
        29,
        "The American holiday of Thanksgiving is celebrated on the _____ Thursday of…",
        THANKSGIVING,
        DATES,
    ),
    unnamed(
        35,
        "Japanese characters originally came from what country?",
        sc(("India", 0), ("China", 100), ("Korea", 0), ("Egypt", 0)),
    ),
    unnamed(43, GRANT, NOBODY),
    unnamed(45, "Two plus two equals _____.", sa(("four", 100), ("4", 100))),
    unnamed(49, TOMB, tf(False)),
    unnamed(51, "The sun rises in the east.", tf(True)),
    unnamed(
        55,
        "Matching Question.",
        match(
            ("subquestion1", "subanswer1"),
            ("subquestion2", "subanswer2"),
            ("subquestion3", "subanswer3"),
        ),
    ),
    unnamed(
        61,
        COUNTRIES,
        match(("Canada", "Ottawa"), ("Italy", "Rome"), ("Japan", "Tokyo"), ("India", "New Delhi")),
    ),
    unnamed(70, BORN, num(exact(1822))),
    unnamed(72, PI, num(exact("3.1415", "0.0005"))),
    unnamed(74, PI, num(between("3.141", "3.142"))),
    unnamed(76, BORN, num(exact(1822, 0), exact(1822, 2, percent=50))),
    unnamed(85, "What's 2 plus 2?", num(exact(4))),
    q(
        90,
        "Kanji Origins",
        "Japanese characters originally\ncame from what country?",
        sa(("China", 100)),
    ),
    q(
        93,
        "Thanksgiving Date",
        "The American holiday of Thanksgiving is\ncelebrated on the _____ Thursday of November.",
        DATES,
    ),
    unnamed(
        98,
        "What's the answer to this multiple-choice question?",
        sc(
            ("wrong answer", 0, "feedback comment on the wrong answer"),
            ("another wrong answer", 0, "feedback comment on this wrong answer"),
            ("right answer", 100, "Very good!"),
        ),
    ),
    unnamed(103, GRANT, NOBODY_FEEDBACK),
    unnamed(108, "Who's buried in **Grant's tomb**?", NOBODY_FEEDBACK, fmt="markdown"),
    unnamed(113, TOMB, tf(False, if_true="No one is buried in Grant's tomb.")),
    unnamed(
        115,
        "Difficult question.",
        sc(("wrong answer", 0), ("half credit answer", 50), ("full credit answer", 100)),
    ),
    q(
        117,
        "Jesus' hometown",
        "Jesus Christ was from _____.",
        sc(
            ("Jerusalem", 0, "This was an important city, but the wrong answer."),
            ("Bethlehem", 25, "He was born here, but not raised here."),
            ("Galilee", 50, "You need to be more specific."),
            ("Nazareth", 100, "Yes! That's right!"),
        ),
    ),
    q(123, "Jesus' hometown", "Jesus Christ was from", HOMETOWN_SA),
    unnamed(
        130, TWO, mr(("No one", 0), ("Grant", 50), ("Grant's wife", 50), ("Grant's father", 0))
    ),
    unnamed(
        136, TWO, mr(("No one", -50), ("Grant", 50), ("Grant's wife", 50), ("Grant's father", -50))
    ),
    unnamed(143, "Which answer equals 5?", sc(("= 2 + 2", 0), ("= 2 + 3", 100), ("= 2 + 4", 0))),
    q(
        148,
        "GIFT Control Characters",
        "Which of the following is NOT a control character for the GIFT import format?",
        sc(
            ("~", 0, "~ is a control character."),
            ("=", 0, "= is a control character."),
            ("#", 0, "# is a control character."),
            ("{", 0, "{ is a control character."),
            ("}", 0, "} is a control character."),
            ("\\", 100, BACKSLASH_FEEDBACK),
        ),
    ),
    unnamed(167, GRANT, GRANT_MC),
    unnamed(169, TOMB_BLANK, TOMB_MC),
    unnamed(171, TOMB, tf(False)),
    unnamed(173, GRANT, NOBODY),
    unnamed(175, BORN, num(exact(1822, 5))),
    q(
        177,
        COUNTRIES,
        "Match the following countries with their corresponding\ncapitals.",
        match(("Canada", "Ottawa"), ("Italy", "Rome"), ("Japan", "Tokyo")),
    ),
    q(
        184,
        "Grant's Tomb",
        TOMB_BLANK,
        sc(
            ("buried", 0, "No one is buried there."),
            ("entombed", 100, "Right answer!"),
            ("living", 0, "We hope not!"),
        ),
    ),
    unnamed(
        190,
        "Difficult multiple choice question.",
        sc(
            ("wrong answer", 0, "comment on wrong answer"),
            ("half credit answer", 50, "comment on answer"),
            ("full credit answer", 100, "well done!"),
        ),
    ),
    q(195, "Jesus' hometown (Short answer ex.)", "Jesus Christ was from _____.", HOMETOWN_SA),
    q(
        202,
        "Numerical example",
        BORN,
        num(
            exact(1822, 0, feedback="Correct! 100% credit"),
            exact(
                1822,
                2,
                percent=50,
                feedback="He was born in 1822.\nYou get 50% credit for being close.",
            ),
        ),
    ),
]

SPECTRUM = "What's between orange and green in the spectrum?"

# Every question of moodle-questions.gift.txt. Q5 and Q1 end in `";` after the answer block
# (left over from a PHP string): like Moodle, that makes them fill-the-blank questions.
QUESTIONS = [
    q(2, "Q8", "How are you?", EssaySpec()),
    q(
        5,
        "Moodle activities",
        "Match the <b>activity</b> to the description.",
        match(
            ("An activity supporting asynchronous discussions.", "Forum"),
            ("A teacher asks a question and specifies a choice of multiple responses.", "Choice"),
            ("A bank of record entries which participants can add to.", "Database"),
            ("A collection of web pages that anyone can add to or edit.", "Wiki"),
            ("", "Chat"),
        ),
        fmt="html",
    ),
    q(
        14,
        "Q2",
        SPECTRUM,
        sc(
            ("yellow", 100, "right; good!"),
            ("red", 0, "wrong, it's yellow"),
            ("blue", 0, "wrong, it's yellow"),
        ),
    ),
    q(
        22,
        "colours",
        SPECTRUM,
        mr(
            ("yellow", 50, "right; good!"),
            ("red", -100, "wrong"),
            ("off-beige", 50, "right; good!"),
            ("blue", -100, "wrong"),
        ),
    ),
    q(
        31,
        "Q5",
        'What is a number from 1 to 5? _____";',
        num(exact(3, 2), NumericAnswer(fraction=Decimal(0), feedback="Completely wrong")),
    ),
    q(
        34,
        "Shortanswer",
        "Which is the best animal?",
        sa(
            ("Frog", 100, "Good!"),
            ("Cat", 50, "What is it with Moodlers and cats?"),
            ("*", 0, "Completely wrong"),
        ),
    ),
    q(
        41,
        "Q1",
        '42 is the Absolute Answer to everything._____";',
        tf(False, if_true="42 is the Ultimate Answer.", if_false="You gave the right answer."),
        general="This is, of course, a Hitchiker's Guide to the Galaxy reference.",
    ),
    q(46, "2-08 TSL", "TSL is blablabla.", tf(True)),
    q(49, "2-08 TSL", "TSL is blablabla.", tf(True)),
]


# --- the conformance files -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "expected"),
    [("moodle-examples.gift.txt", EXAMPLES), ("moodle-questions.gift.txt", QUESTIONS)],
    ids=["examples", "questions"],
)
def test_conformance_file_reads_every_question_with_type_name_key_weights_and_feedback(
    filename, expected
):
    parsed = parse_gift(conformance_text(filename))
    assert [(p.line, type(p.spec).__name__) for p in parsed] == [
        (e.line, type(e.spec).__name__) for e in expected
    ]
    for got, want in zip(parsed, expected, strict=True):
        assert got == want, f"question on line {want.line}"


def test_conformance_counts_per_type():
    def counts(filename):
        kinds: dict[str, int] = {}
        for question in parse_gift(conformance_text(filename)):
            kinds[type(question.spec).__name__] = kinds.get(type(question.spec).__name__, 0) + 1
        return kinds

    assert counts("moodle-examples.gift.txt") == {
        "SingleChoiceSpec": 16,
        "TrueFalseSpec": 5,
        "ShortAnswerSpec": 9,
        "NumericSpec": 8,
        "MatchingSpec": 3,
        "MultipleResponseSpec": 2,
    }
    assert counts("moodle-questions.gift.txt") == {
        "EssaySpec": 1,
        "MatchingSpec": 1,
        "SingleChoiceSpec": 1,
        "MultipleResponseSpec": 1,
        "NumericSpec": 1,
        "ShortAnswerSpec": 1,
        "TrueFalseSpec": 3,
    }


def test_answer_level_format_markers_are_taken_off_the_values_and_kept_in_extra():
    parsed = parse_gift(conformance_text("moodle-questions.gift.txt"))
    by_line = {question.line: question for question in parsed}
    assert by_line[5].extra["formats"] == {
        "pairs.0.left": "html",
        "pairs.1.left": "moodle",
        "pairs.2.left": "plain",
        "pairs.3.left": "markdown",
    }
    assert by_line[14].extra["formats"] == {"choices.1.feedback": "html", "choices.2.text": "plain"}
    assert by_line[22].extra["formats"] == {"choices.1.feedback": "html", "choices.3.text": "plain"}


def test_fill_the_blank_keeps_the_text_around_the_blank():
    parsed = parse_gift(conformance_text("moodle-examples.gift.txt"))
    by_line = {question.line: question for question in parsed}
    assert by_line[10].extra["text_before"] == "Grant is "
    assert by_line[10].extra["text_after"] == " in Grant's tomb."
    assert (
        by_line[93].extra["text_before"]
        == "The American holiday of Thanksgiving is\ncelebrated on the "
    )
    assert "text_before" not in by_line[8].extra


@pytest.mark.parametrize("filename", ["moodle-examples.gift.txt", "moodle-questions.gift.txt"])
def test_conformance_file_survives_export_and_import(filename):
    parsed = parse_gift(conformance_text(filename))
    again = parse_gift(export_gift(parsed))
    assert without_lines(again) == without_lines(parsed)


def without_lines(questions):
    return [dataclasses.replace(question, line=0) for question in questions]


# --- reading: the parts of the format ---------------------------------------------------------


def test_empty_input_and_comments_only_give_no_questions():
    assert parse_gift("") == []
    assert parse_gift("\n\n   \n") == []
    assert parse_gift("// only a comment\n\n// and another\n") == []


def test_escapes_are_undone_in_names_texts_answers_and_feedback():
    text = (
        "::a \\:\\: b \\{1\\}::Wat is \\~ \\= \\# \\{ \\} \\: \\\\ ?\\nTweede regel{\n"
        "=x \\= y#goed \\# \\~ \\}\n"
        "~a\\\\#fout\n"
        "}"
    )
    [question] = parse_gift(text)
    assert question.name == "a :: b {1}"
    assert question.text == "Wat is ~ = # { } : \\ ?\nTweede regel"
    assert question.spec == sc(("x = y", 100, "goed # ~ }"), ("a\\", 0, "fout"))


def test_a_backslash_before_an_ordinary_character_stays():
    [question] = parse_gift("Pad C:\\map\\bestand{T}")
    assert question.text == "Pad C:\\map\\bestand"


def test_category_lines_set_the_category_of_the_questions_after_them():
    text = (
        "$CATEGORY: $course$/Dienstverlening/Emoties\n\n"
        "Q1{T}\n\n"
        "Q2{F}\n\n"
        "$CATEGORY: Gesprekken\n"
        "Q3{T}\n\n"
        "$CATEGORY:\n\n"
        "Q4{T}\n"
    )
    parsed = parse_gift(text)
    assert [(p.text, p.category, p.line) for p in parsed] == [
        ("Q1", "$course$/Dienstverlening/Emoties", 3),
        ("Q2", "$course$/Dienstverlening/Emoties", 5),
        ("Q3", "Gesprekken", 8),
        ("Q4", None, 12),
    ]


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        ("[html]", "html"),
        ("[moodle]", "moodle"),
        ("[plain]", "plain"),
        ("[markdown]", "markdown"),
        ("", "moodle"),
    ],
)
def test_text_format_marker(head, fmt):
    [question] = parse_gift(f"::n::{head}Tekst <i>schuin</i>{{T}}")
    assert (question.text_format, question.text) == (fmt, "Tekst <i>schuin</i>")


def test_an_unknown_marker_is_part_of_the_text():
    [question] = parse_gift("[rtf]Tekst{T}")
    assert (question.text_format, question.text) == ("moodle", "[rtf]Tekst")


def test_true_false_spellings_and_the_two_feedbacks():
    parsed = parse_gift(
        "a{T}\n\nb{TRUE}\n\nc{F}\n\nd{FALSE}\n\ne{true}\n\n"
        "f{T#alleen bij fout}\n\n"
        "g{TRUE#fout gekozen#goed gekozen####algemeen}\n\n"
        "h{FALSE##goed gekozen}"
    )
    assert [p.spec for p in parsed] == [
        tf(True),
        tf(True),
        tf(False),
        tf(False),
        tf(True),
        tf(True, if_false="alleen bij fout"),
        tf(True, if_true="goed gekozen", if_false="fout gekozen"),
        tf(False, if_false="goed gekozen"),
    ]
    assert parsed[6].general_feedback == "algemeen"


def test_weights_are_decimal_fractions_of_the_percentage():
    [question] = parse_gift("Q{~%33.33333%a ~%33.33333%b ~%33.33334%c ~%-100%d ~%0%e}")
    assert [c.fraction for c in question.spec.choices] == [
        Decimal("0.3333333"),
        Decimal("0.3333333"),
        Decimal("0.3333334"),
        Decimal("-1"),
        Decimal("0"),
    ]
    assert isinstance(question.spec, MultipleResponseSpec)


def test_equals_with_a_weight_in_multiple_choice():
    [question] = parse_gift("Q{=%100%a =%50%b ~c}")
    assert question.spec == sc(("a", 100), ("b", 50), ("c", 0))


def test_a_percent_that_is_not_a_weight_is_answer_text():
    [question] = parse_gift("Q{=%age ~%5 procent}")
    assert question.spec == sc(("%age", 100), ("%5 procent", 0))


def test_numeric_forms():
    [question] = parse_gift(
        "Getal? {#\n=%100%-3.5:0.5#goed\n=%50%-5..-1\n=1e3\n=%10%*#iets\n~#helemaal fout\n}"
    )
    assert question.spec == num(
        exact("-3.5", "0.5", feedback="goed"),
        between(-5, -1, percent=50),
        exact(1000),
        NumericAnswer(fraction=Decimal("0.1"), feedback="iets"),
        NumericAnswer(fraction=Decimal(0), feedback="helemaal fout"),
    )


def test_essay_with_general_feedback_and_description():
    parsed = parse_gift(
        "::Open::Vertel iets.{####Let op de toon.}\n\n::Uitleg::Lees eerst de casus.\nDan de vragen."
    )
    assert parsed == [
        q(1, "Open", "Vertel iets.", EssaySpec(), general="Let op de toon."),
        q(3, "Uitleg", "Lees eerst de casus.\nDan de vragen.", DescriptionSpec()),
    ]


def test_comment_lines_inside_a_question_are_skipped_and_the_line_is_the_first_real_one():
    parsed = parse_gift("// kop\n// nog een\n::Q::Vraag{\n// tussendoor\n=a\n~b\n}")
    assert parsed == [q(3, "Q", "Vraag", sc(("a", 100), ("b", 0)))]


def test_windows_line_ends_and_a_byte_order_mark():
    parsed = parse_gift("\ufeff::A::Een{T}\r\n\r\n::B::Twee\r\nregels{F}\r\n")
    assert [(p.name, p.text, p.line) for p in parsed] == [("A", "Een", 1), ("B", "Twee\nregels", 3)]


def test_a_long_text_without_a_name_gives_a_shortened_name_without_tags():
    [question] = parse_gift("[html]<p>" + "woord " * 30 + "</p>{T}")
    assert question.name.endswith("…")
    assert len(question.name) <= 80
    assert "<p>" not in question.name


# --- reading: errors ---------------------------------------------------------------------------

GOOD = "::Goed::Is dit goed?{T}\n"


@pytest.mark.parametrize(
    ("bad", "line", "reason"),
    [
        ("::Naam zonder einde{T}", 3, "de naam wordt niet afgesloten met ::"),
        ("Vraag {\n=a\n~b", 3, "het antwoordblok wordt niet afgesloten met }"),
        ("Vraag\nmet } alleen", 4, "} zonder { ervoor"),
        ("Vraag {=a ~b}\nnog } erna", 4, "} zonder { ervoor"),
        (
            "Vraag {=a ~b\n::Volgende:: {T}",
            4,
            "nog een { terwijl het antwoordblok van regel 3 nog open is",
        ),
        ("Vraag {=a ~b} en {T}", 3, "meer dan één antwoordblok"),
        ("Vraag {\n?x\n=a\n~b\n}", 4, "onbekend antwoord ‘?x’ in een meerkeuzevraag"),
        ("Vraag {\n~a\n~b\n}", 3, "meerkeuzevraag zonder goed antwoord"),
        ("Vraag {=%50%a ~b}", 3, "meerkeuzevraag zonder goed antwoord"),
        ("Vraag {=a ~}", 3, "een antwoord zonder tekst in een meerkeuzevraag"),
        ("Vraag {~a}", 3, "een meerkeuzevraag heeft minstens twee antwoorden nodig"),
        ("Vraag {=a ~%150%b}", 3, "het gewicht 150% ligt niet tussen -100% en 100%"),
        ("Getal {#\n=1822:0\n=abc\n}", 5, "‘abc’ is geen getal"),
        ("Getal {#3,14}", 3, "‘3,14’ is geen getal (gebruik een punt als decimaalteken)"),
        ("Getal {#3:-1}", 3, "de marge ‘-1’ mag niet negatief zijn"),
        ("Getal {#3:}", 3, "er ontbreekt een getal in een numerieke vraag"),
        ("Getal {#5..1}", 3, "het bereik ‘5..1’ loopt van hoog naar laag"),
        ("Getal {#}", 3, "een numerieke vraag zonder antwoord"),
        ("Getal {#=%50%3}", 3, "geen van de antwoorden is 100% goed"),
        ("Getal {#3 ~fout}", 3, "na ~ mag in een numerieke vraag alleen #feedback volgen"),
        ("Koppel {\n=a -> 1\n}", 3, "een koppelvraag heeft minstens twee paren nodig"),
        ("Koppel {=a -> 1 = -> 2}", 3, "een koppelvraag heeft minstens twee paren nodig"),
        ("Koppel {\n=a -> 1\n=b 2\n}", 5, "het paar ‘b 2’ mist ->"),
        ("Koppel {=a -> 1 =b ->}", 3, "het paar ‘b’ heeft niets rechts van ->"),
        ("Kort {=%50%a =%25%b}", 3, "geen van de antwoorden is 100% goed"),
        ("Kort {=a =}", 3, "een antwoord zonder tekst in een kortantwoordvraag"),
        ("Onbekend {ja}", 3, "onbekend antwoord ‘ja’"),
    ],
)
def test_an_unreadable_question_is_reported_with_its_line_and_a_dutch_reason(bad, line, reason):
    with pytest.raises(GiftError) as caught:
        parse_gift(GOOD + "\n" + bad + "\n")
    [error] = caught.value.errors
    assert error.line == line
    assert error.reason.startswith(reason), error.reason
    assert str(error).startswith(f"regel {line}: ")


def test_every_bad_question_is_reported_and_nothing_is_returned():
    text = "\n".join(
        [
            "::Goed 1::Eerst{T}",  # 1
            "",
            "::Kapot 1::Geen einde {=a ~b",  # 3
            "",
            "::Goed 2::Dan{=a ~b}",  # 5
            "",
            "// een opmerking",  # 7
            "::Kapot 2::Getal{#twee}",  # 8
            "",
            "::Goed 3::Laatst{=ja =yes}",  # 10
        ]
    )
    with pytest.raises(GiftError) as caught:
        parse_gift(text)
    assert caught.value.errors == [
        GiftLineError(3, "het antwoordblok wordt niet afgesloten met }"),
        GiftLineError(8, "‘twee’ is geen getal"),
    ]
    assert str(caught.value) == (
        "regel 3: het antwoordblok wordt niet afgesloten met }\nregel 8: ‘twee’ is geen getal"
    )


def test_an_escaped_brace_is_not_a_brace_error():
    [question] = parse_gift("Schrijf \\{x\\} op{T}")
    assert question.text == "Schrijf {x} op"


# --- writing ------------------------------------------------------------------------------------


def test_export_writes_category_lines_when_the_category_changes():
    questions = [
        q(0, "A", "a", tf(True), category="Bank/Eén"),
        q(0, "B", "b", tf(True), category="Bank/Eén"),
        q(0, "C", "c", tf(False), category=None),
        q(0, "D", "d", tf(False), category="Twee"),
    ]
    text = export_gift(questions)
    assert text.count("$CATEGORY:") == 3
    assert text.startswith("$CATEGORY: Bank/Eén\n\n::A::a{TRUE}\n")
    assert without_lines(parse_gift(text)) == without_lines(questions)


def test_export_escapes_special_characters():
    question = q(0, "a::b", "{x} ~ = # \\ \n y", sc(("=1", 100, "#ok"), ("~2", 0)))
    text = export_gift([question])
    assert text == "::a\\:\\:b::\\{x\\} \\~ \\= \\# \\\\ \\n y{\n\t=\\=1#\\#ok\n\t~\\~2\n}\n"
    assert without_lines(parse_gift(text)) == [dataclasses.replace(question, line=0)]


def test_export_puts_the_answer_block_at_the_blank():
    question = q(0, "Gat", f"Grant is {BLANK} in Grant's tomb.", TOMB_MC)
    text = export_gift([question])
    assert text.startswith("::Gat::Grant is {\n")
    assert text.endswith("} in Grant's tomb.\n")
    assert without_lines(parse_gift(text)) == [dataclasses.replace(question, line=0)]


@pytest.mark.parametrize(
    "question",
    [
        q(0, "Volgorde", "Zet op volgorde", OrderingSpec(("a", "b"))),
        q(0, "Essay", "Schrijf", EssaySpec(guidance="let op spelling")),
        q(0, "Uitleg", "Lees", DescriptionSpec(), general="algemeen"),
        q(
            0,
            "Kort",
            "Hoofdletters",
            ShortAnswerSpec(choices(("Utrecht", 100)), case_sensitive=True),
        ),
        q(0, "Kort", "Pijl", sa(("a->b", 100))),
        q(0, "Koppel", "Pijl", match(("a->b", "c"), ("d", "e"))),
        q(0, "Keuze", "Eén", sc(("a", 100))),
        q(0, "Keuze", "Geen goed", sc(("a", 50), ("b", 0))),
        q(0, "Gewicht", "Te zwaar", mr(("a", 150), ("b", 0))),
        q(0, "Formaat", "Onbekend", tf(True), fmt="rtf"),
        q(0, "Getal", "Half bereik", num(NumericAnswer(low=Decimal(1)))),
    ],
    ids=lambda question: question.text,
)
def test_export_refuses_what_gift_cannot_express(question):
    with pytest.raises(ValueError, match=question.name):
        export_gift([question])


def test_single_choice_where_every_answer_is_right_stays_single_choice():
    question = q(0, "Allemaal", "Alles goed", sc(("a", 100), ("b", 100)))
    assert without_lines(parse_gift(export_gift([question]))) == [
        dataclasses.replace(question, line=0)
    ]


# --- round trip with generated questions ----------------------------------------------------------

TRICKY = [
    "~", "=", "#", "{", "}", ":", "\\", "\n", "\\n", "->", "-", ">", "####", "%", "%50%", BLANK,
    "//", "::", "[html]", "[plain]", "[x]", "T", "FALSE", "$CATEGORY:", "*", "..", " ", "é", "\u2028",
]  # fmt: skip
fragments = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=6),
)


def texts(min_size: int = 0):
    """Values as GIFT keeps them: no spaces at either end (escaped newlines do survive)."""
    return (
        st.lists(fragments, max_size=6)
        .map(lambda parts: "".join(parts).strip(" "))
        .filter(lambda value: len(value) >= min_size)
    )


fractions = st.decimals(min_value=-100, max_value=100, places=5).map(lambda p: p.scaleb(-2))
positive_fractions = st.decimals(min_value=Decimal("0.00001"), max_value=100, places=5).map(
    lambda p: p.scaleb(-2)
)
numbers = st.decimals(min_value=-(10**6), max_value=10**6, places=4)
answer_choices = st.builds(Choice, texts(1), fractions, texts())


@st.composite
def single_choice(draw):
    rows = draw(st.lists(answer_choices, min_size=2, max_size=5))
    right = draw(st.integers(0, len(rows) - 1))
    rows[right] = dataclasses.replace(rows[right], fraction=Decimal(1))
    return SingleChoiceSpec(tuple(rows))


@st.composite
def multiple_response(draw):
    rows = draw(st.lists(answer_choices, min_size=2, max_size=5))
    right = draw(st.integers(0, len(rows) - 1))
    rows[right] = dataclasses.replace(rows[right], fraction=draw(positive_fractions))
    return MultipleResponseSpec(tuple(rows))


@st.composite
def short_answer(draw):
    rows = draw(
        st.lists(
            answer_choices.filter(lambda c: "->" not in c.text and "->" not in c.feedback),
            min_size=1,
            max_size=4,
        )
    )
    right = draw(st.integers(0, len(rows) - 1))
    rows[right] = dataclasses.replace(rows[right], fraction=Decimal(1))
    return ShortAnswerSpec(tuple(rows))


@st.composite
def numeric_answer(draw):
    kind = draw(st.sampled_from(["exact", "range", "any"]))
    fraction, feedback = draw(fractions), draw(texts())
    if kind == "exact":
        tolerance = draw(st.decimals(min_value=0, max_value=1000, places=3))
        return NumericAnswer(
            value=draw(numbers), tolerance=tolerance, fraction=fraction, feedback=feedback
        )
    if kind == "range":
        low, high = sorted([draw(numbers), draw(numbers)])
        return NumericAnswer(low=low, high=high, fraction=fraction, feedback=feedback)
    return NumericAnswer(fraction=fraction, feedback=feedback)


@st.composite
def numeric(draw):
    answers = draw(st.lists(numeric_answer(), min_size=0, max_size=4))
    key = NumericAnswer(
        value=draw(numbers), tolerance=Decimal(0), fraction=Decimal(1), feedback=draw(texts())
    )
    answers.insert(draw(st.integers(0, len(answers))), key)
    return NumericSpec(tuple(answers))


@st.composite
def matching(draw):
    sides = texts(1).filter(lambda value: "->" not in value)
    pairs = draw(st.lists(st.tuples(sides, texts(1)), min_size=2, max_size=4))
    for _ in range(draw(st.integers(0, 2))):
        pairs.insert(draw(st.integers(0, len(pairs))), ("", draw(texts(1))))
    return MatchingSpec(tuple(pairs))


true_false = st.builds(TrueFalseSpec, st.booleans(), texts(), texts())
specs = st.one_of(
    single_choice(),
    multiple_response(),
    true_false,
    short_answer(),
    numeric(),
    matching(),
    st.just(EssaySpec()),
    st.just(DescriptionSpec()),
)


@st.composite
def questions(draw):
    spec = draw(specs)
    general = "" if isinstance(spec, DescriptionSpec) else draw(texts())
    return QuestionData(
        name=draw(texts(1)),
        text=draw(texts()),
        spec=spec,
        text_format=draw(st.sampled_from(TEXT_FORMATS)),
        general_feedback=general,
        category=draw(st.none() | texts(1)),
    )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(questions(), max_size=5))
def test_generated_questions_survive_export_and_import(generated):
    text = export_gift(generated)
    assert without_lines(parse_gift(text)) == without_lines(generated), text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_either_reads_or_raises_gift_error(text):
    try:
        parsed = parse_gift(text)
    except GiftError as error:
        assert error.errors
        assert all(e.line >= 1 for e in error.errors)
    else:
        assert all(isinstance(question, QuestionData) for question in parsed)

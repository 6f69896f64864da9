"""The questions of bench/grading.py: realistic keys and a spread of answers (right, partly
right, wrong, none), pure Python (no Django): the pure core grades them, the end-to-end part
stores them as the quiz's and the exam bank's questions."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assessments.questions import specs as s  # noqa: E402

D = Decimal


@dataclass(frozen=True)
class Template:
    name: str
    text: str
    spec: Any
    points: Decimal
    answers: tuple  # plausible responses as stored (JSON values); None is "not answered"

    def key_json(self) -> dict:
        """The key as a question stores it."""
        return s.spec_to_json(self.spec)


_LAWS = (
    ("Wet open overheid", "openbaarheid van informatie"),
    ("AVG", "privacy"),
    ("Awb", "bezwaar en beroep"),
    ("Participatiewet", "bijstand"),
    ("", "afvalstoffenheffing"),
)
_STEPS = ("Begroeten", "Luisteren", "Samenvatten", "Doorvragen", "Afspraken maken")

BANK: tuple[Template, ...] = (
    Template(
        "Boze beller",
        "Een inwoner belt boos op over een brief. Wat doe je eerst?",
        s.SingleChoiceSpec(
            (
                s.Choice("Je laat hem uitpraten en vat samen wat je hoort.", D(1), "Goed."),
                s.Choice("Je legt uit wat er in de brief staat.", D(0), "Eerst de emotie."),
                s.Choice("Je verbindt hem door.", D(0), "Dat voelt als afschuiven."),
                s.Choice("Je vraagt hem rustig te blijven.", D(0), "Dat werkt averechts."),
            )
        ),
        D(1),
        (0, 0, 0, 1, 2, 3, None),
    ),
    Template(
        "Gegevens aan de telefoon",
        "Welke gegevens mag je aan de telefoon geven zonder de beller te identificeren?",
        s.MultipleResponseSpec(
            (
                s.Choice("De openingstijden van het stadskantoor", D("0.5")),
                s.Choice("Het adres van het stadskantoor", D("0.5")),
                s.Choice("Het BSN van de beller", D(-1), "Nooit zonder identificatie."),
                s.Choice("De stand van een aanvraag", D("-0.5"), "Alleen na identificatie."),
            )
        ),
        D(1),
        ([0, 1], [0, 1], [1, 0], [0], [1], [0, 1, 3], [0, 2], [], None),
    ),
    Template(
        "Klachttermijn",
        "Een klacht moet binnen zes weken na ontvangst zijn afgehandeld.",
        s.TrueFalseSpec(True, "Juist: zo staat het in de Awb.", "Onjuist: de Awb noemt zes weken."),
        D(1),
        (True, True, True, False, None),
    ),
    Template(
        "Samenvatten",
        "Hoe heet de gesprekstechniek waarbij je de kern in eigen woorden teruggeeft?",
        s.ShortAnswerSpec(
            (
                s.Choice("samenvatten", D(1), "Precies."),
                s.Choice("samenvatting", D(1)),
                s.Choice("parafra*", D("0.5"), "Bijna: parafraseren is één uitspraak."),
                s.Choice("*herhal*", D("0.25")),
            )
        ),
        D(1),
        (
            "Samenvatten",
            "  samenvatten ",
            "SAMENVATTING",
            "parafraseren",
            "de vraag herhalen",
            "doorvragen",
            "",
            None,
        ),
    ),
    Template(
        "Ontvangstbevestiging",
        "Binnen hoeveel werkdagen stuur je een ontvangstbevestiging?",
        s.NumericSpec(
            (
                s.NumericAnswer(value=D(5), fraction=D(1), feedback="Goed."),
                s.NumericAnswer(low=D(3), high=D(7), fraction=D("0.5"), feedback="In de buurt."),
            )
        ),
        D(1),
        ("5", "5,0", 5, "4", 6, "10", "vijf", None),
    ),
    Template(
        "Tevredenheid",
        "Welk percentage van de bellers gaf een 7 of hoger? Eén decimaal.",
        s.NumericSpec((s.NumericAnswer(value=D("72.5"), tolerance=D("0.5")),)),
        D(1),
        ("72,5", "72.3", "73", 72.9, "70", "", None),
    ),
    Template(
        "Wetten",
        "Koppel elke wet aan haar onderwerp.",
        s.MatchingSpec(_LAWS),
        D(2),
        (
            {left: right for left, right in _LAWS if left},
            {left: right for left, right in _LAWS if left},
            {
                "Wet open overheid": "privacy",
                "AVG": "openbaarheid van informatie",
                "Awb": "bezwaar en beroep",
                "Participatiewet": "bijstand",
            },
            {"Awb": "bezwaar en beroep", "Participatiewet": "afvalstoffenheffing"},
            None,
        ),
    ),
    Template(
        "Gespreksstappen",
        "Zet de stappen van een klantgesprek in de goede volgorde.",
        s.OrderingSpec(_STEPS),
        D(2),
        (
            list(_STEPS),
            list(_STEPS),
            [_STEPS[0], _STEPS[2], _STEPS[1], _STEPS[3], _STEPS[4]],
            list(reversed(_STEPS)),
            None,
        ),
    ),
    Template(
        "Nee verkopen",
        "Een aanvraag wordt afgewezen. Hoe breng je dat?",
        s.SingleChoiceSpec(
            (
                s.Choice("Meteen het besluit, dan de reden, dan wat wel kan.", D(1)),
                s.Choice("Eerst de reden, dan het besluit.", D("0.5"), "Het besluit komt te laat."),
                s.Choice("Je verwijst naar de brief die volgt.", D(0)),
            )
        ),
        D(1),
        (0, 0, 1, 1, 2, None),
    ),
    Template(
        "Bezwaar",
        "Welke wet regelt bezwaar tegen een besluit van de gemeente?",
        s.ShortAnswerSpec(
            (
                s.Choice("Awb", D(1)),
                s.Choice("Algemene wet bestuursrecht", D(1)),
                s.Choice("*bestuurs*", D("0.5"), "Bijna: de Algemene wet bestuursrecht."),
            )
        ),
        D(1),
        ("Awb", "awb", "Algemene Wet Bestuursrecht", "wet bestuursrecht", "AVG", None),
    ),
)


def quiz_templates(count: int) -> list[Template]:
    return [BANK[i % len(BANK)] for i in range(count)]


def answer_set(rng: random.Random, templates: list[Template]) -> list[Any]:
    return [rng.choice(t.answers) for t in templates]


def first_answer(spec_json: dict) -> Any:
    """A valid answer to a frozen question, whatever type the draw put first."""
    kind = spec_json["type"]
    if kind == "single_choice":
        return 0
    if kind == "multiple_response":
        return [0]
    if kind == "true_false":
        return True
    if kind == "short_answer":
        return spec_json["answers"][0]["text"].replace("*", "")
    if kind == "numeric":
        answer = spec_json["answers"][0]
        return answer["value"] if answer["value"] is not None else answer["low"]
    if kind == "matching":
        return {left: right for left, right in spec_json["pairs"] if left.strip()}
    if kind == "ordering":
        return list(spec_json["items"])
    return None

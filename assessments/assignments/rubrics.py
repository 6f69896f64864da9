"""Rubrics: criteria with levels (points and a description), versioned once used.

The criteria of a rubric version are plain JSON. A version that graded something (any
review, also a draft) is never changed: saving new criteria then makes the next version, and
every review keeps the version it was graded with. A trainer or administrator writes a
rubric as plain text:

    # De klantvraag
    Is de vraag van de klant goed beschreven?
    - 0: De klantvraag ontbreekt.
    - 2: De klantvraag staat er, in één zin.

Pure: `parse_text` and `to_text` read and write that text, `validate` checks criteria,
`score` adds up the chosen levels. The writes (`rubric_create`, `rubric_save`) are in
`services.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_LEVEL = re.compile(
    r"^\s*[-*]\s*([0-9]+(?:[.,][0-9]{1,2})?)\s*(?:punten|punt|points?|pt)?\s*[:|]\s*(.*)$"
)
MAX_CRITERIA = 20
MAX_LEVELS = 10


class RubricError(ValidationError):
    """A rubric that cannot be saved; the message says why, in Dutch."""


@dataclass(frozen=True)
class Score:
    points: Decimal
    max_points: Decimal
    percentage: Decimal


def _points(value: str) -> Decimal:
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern allows only numbers
        raise RubricError(_("‘%(value)s’ is geen aantal punten.") % {"value": value}) from exc


def parse_text(text: str) -> list[dict]:
    """Criteria from the plain-text form (see the module's docstring)."""
    criteria: list[dict] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            title = line.lstrip().lstrip("#").strip()
            if not title:
                raise RubricError(_("Regel %(n)d: geef het criterium een naam.") % {"n": number})
            criteria.append({"title": title, "description": "", "levels": []})
            continue
        if not criteria:
            raise RubricError(
                _("Regel %(n)d: begin met een criterium, een regel die begint met #.")
                % {"n": number}
            )
        match = _LEVEL.match(line)
        if match:
            criteria[-1]["levels"].append(
                {"points": str(_points(match.group(1))), "description": match.group(2).strip()}
            )
        elif line.lstrip().startswith(("-", "*")):
            raise RubricError(
                _(
                    "Regel %(n)d: schrijf een niveau als ‘- punten: omschrijving’, "
                    "bijvoorbeeld ‘- 2: De klantvraag staat er.’"
                )
                % {"n": number}
            )
        else:
            current = criteria[-1]
            current["description"] = (current["description"] + "\n" + line.strip()).strip()
    return validate(criteria)


def validate(criteria: list[dict]) -> list[dict]:
    """Check and normalise criteria: a title each, 1–10 levels each, points not negative."""
    if not criteria:
        raise RubricError(_("Een beoordelingsmodel heeft minstens één criterium."))
    if len(criteria) > MAX_CRITERIA:
        raise RubricError(
            _("Een beoordelingsmodel heeft hoogstens %(n)d criteria.") % {"n": MAX_CRITERIA}
        )
    clean = []
    for index, criterion in enumerate(criteria, start=1):
        title = str(criterion.get("title", "")).strip()
        if not title:
            raise RubricError(_("Criterium %(n)d heeft geen naam.") % {"n": index})
        levels = criterion.get("levels") or []
        if not levels:
            raise RubricError(
                _("Criterium ‘%(title)s’ heeft nog geen niveaus. Geef minstens één niveau.")
                % {"title": title}
            )
        if len(levels) > MAX_LEVELS:
            raise RubricError(
                _("Criterium ‘%(title)s’ heeft meer dan %(n)d niveaus.")
                % {"title": title, "n": MAX_LEVELS}
            )
        clean_levels = []
        for level in levels:
            points = Decimal(str(level.get("points", "0")))
            if not points.is_finite() or points < 0:
                raise RubricError(
                    _("Criterium ‘%(title)s’: punten zijn 0 of meer.") % {"title": title}
                )
            clean_levels.append(
                {
                    "points": str(points.quantize(Decimal("0.01"))),
                    "description": str(level.get("description", "")).strip(),
                }
            )
        clean.append(
            {
                "title": title,
                "description": str(criterion.get("description", "")).strip(),
                "levels": clean_levels,
            }
        )
    return clean


def to_text(criteria: list[dict]) -> str:
    lines: list[str] = []
    for criterion in criteria:
        if lines:
            lines.append("")
        lines.append(f"# {criterion['title']}")
        if criterion.get("description"):
            lines.append(criterion["description"])
        for level in criterion["levels"]:
            points = Decimal(level["points"])
            shown = points.quantize(Decimal(1)) if points == points.to_integral() else points
            lines.append(f"- {shown}: {level['description']}")
    return "\n".join(lines) + "\n"


def max_points(criteria: list[dict]) -> Decimal:
    return sum(
        (max(Decimal(level["points"]) for level in c["levels"]) for c in criteria), Decimal(0)
    )


def score(criteria: list[dict], levels: dict) -> Score:
    """Points for one chosen level per criterion (keys and values: indexes, int or str).

    Raises RubricError when a criterion has no level or a level that does not exist."""
    total = Decimal(0)
    for index, criterion in enumerate(criteria):
        chosen = levels.get(index, levels.get(str(index)))
        try:
            level = criterion["levels"][int(chosen)]
            if int(chosen) < 0:
                raise IndexError
        except (TypeError, ValueError, IndexError) as exc:
            raise RubricError(
                _("Kies een niveau bij ‘%(title)s’.") % {"title": criterion["title"]}
            ) from exc
        total += Decimal(level["points"])
    top = max_points(criteria)
    percentage = (total * 100 / top).quantize(Decimal("0.01")) if top else Decimal(0)
    return Score(points=total, max_points=top, percentage=percentage)

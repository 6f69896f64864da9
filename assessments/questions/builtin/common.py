"""Small pieces the shipped types share."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any


def top_answers(options: Sequence[Any]) -> list[Any]:
    """The answers (anything with a `fraction`) that give the best score, when it is above 0:
    what the result page shows as the right answer."""
    best = max((o.fraction for o in options), default=Decimal(0))
    return [o for o in options if best > 0 and o.fraction == best]

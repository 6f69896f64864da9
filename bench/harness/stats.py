"""Percentiles and medians as the benches report them."""

from __future__ import annotations

import math
import os


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def ms(values: list[float], share: float) -> float | None:
    """The `share` percentile of seconds, in milliseconds to 0.1; None for no values."""
    return round(1000 * percentile(values, share), 1) if values else None


def upper_median(values: list):
    """The middle value (the upper one of an even count), leaving out None; None if empty."""
    values = sorted(v for v in values if v is not None)
    return values[len(values) // 2] if values else None


def load_average() -> float:
    """The 1-minute load average: other work on the machine skews every figure."""
    return round(os.getloadavg()[0], 2)

"""Numbers as people write them."""

from decimal import Decimal


def plain_decimal(value: Decimal) -> Decimal:
    """4 rather than 4.00, 2.5 rather than 2.50, and 10 rather than 1E+1."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
